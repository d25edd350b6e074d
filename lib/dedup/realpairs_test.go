package dedup

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"qmix/lib/record"
	"qmix/lib/source"
)

// The labelled pairs of TestPrecisionRecall are built from the real records in
// ../shared/datasets, converted by lib/source exactly as a build converts them:
//   - positives: a real record and a seeded edit of it — a typo, a changed word, a
//     dropped word, a prefix or a suffix of one to three words, a change of case,
//     punctuation or whitespace, reordered options of a multiple-choice item. Edits
//     touch letters only (never a number, which would make a template variant);
//     for reading records they edit the question, for multiple-choice items the
//     stem, the rest of the record unchanged.
//   - negatives: each sampled record's most similar other record of the same
//     source (the hardest distinct pair the source holds, by the deduplicator's
//     own similarity; pairs that are exact copies in the source are left out, they
//     are not distinct questions); every pair of different questions on one
//     passage (SQuAD 2.0, CoQA, DROP); multiple-choice items with one option
//     replaced by another item's option; GSM8K and MATH problems with changed
//     numbers.
// Each pair is checked alone: a fresh Deduper indexes the first record as a
// reference and is given the second.

// realSources are the real files converted for the pairs.
var realSources = []struct {
	name string
	rel  []string
}{
	{"gsm8k", []string{"gsm8k/test.jsonl"}},
	{"math", []string{"math/MATH"}},
	{"mmlu", []string{"mmlu/data/dev", "mmlu/data/test"}},
	{"commonsense_qa", []string{"commonsenseqa/dev_rand_split.jsonl"}},
	{"piqa", []string{"piqa/valid.jsonl"}},
	{"arc_challenge", []string{"arc-challenge/ARC-Challenge-Train.jsonl", "arc-challenge/ARC-Challenge-Dev.jsonl", "arc-challenge/ARC-Challenge-Test.jsonl"}},
	{"hellaswag", []string{"hellaswag/hellaswag_train.jsonl", "hellaswag/hellaswag_val.jsonl"}},
	{"squad_v2", []string{"squad-v2/dev-v2.0.first-2-articles.json"}},
	{"coqa", []string{"coqa/coqa-dev-v1.0.json", "coqa/coqa-train-v1.0.json"}},
	{"drop", []string{"drop/drop_dataset_dev.json", "drop/drop_dataset_train.json"}},
	{"alpaca", []string{"alpaca/alpaca_tiny.json"}},
	{"mbpp", []string{"mbpp/mbpp.jsonl"}},
	{"gorilla", []string{"gorilla-apibench/torchhub_eval.json"}},
}

// Pair kinds.
const (
	posTypo      = "typo"
	posChanged   = "changed word"
	posDropped   = "dropped word"
	posPrefix    = "prefix"
	posSuffix    = "suffix"
	posSurface   = "case/punctuation/whitespace"
	posReordered = "reordered options"
	negNearest   = "nearest distinct record"
	negPassage   = "same passage, other question"
	negOption    = "one option replaced"
	negNumbers   = "numbers changed"
)

var positiveKinds = []string{posTypo, posChanged, posDropped, posPrefix, posSuffix, posSurface, posReordered}
var negativeKinds = []string{negNearest, negPassage, negOption, negNumbers}

type labelled struct {
	kind     string
	positive bool
	short    bool // the compared text has fewer than 12 words
	a, b     record.Record
}

// minWords is the length from which the deduplicator must catch one edit: "a dozen
// words and more".
const minWords = 12

// perSource bounds the base records sampled from each source.
const perSource = 250

func TestPrecisionRecall(t *testing.T) {
	sharedDir(t)
	rng := rand.New(rand.NewPCG(20240603, 7))
	var pairs []labelled
	var vocab []string
	all := map[string][]record.Record{}
	for _, s := range realSources {
		recs := convertShared(t, s.name, s.rel...)
		all[s.name] = recs
		for _, r := range recs {
			vocab = append(vocab, wordRE.FindAllString(r.Question, -1)...)
		}
	}
	vocab = cleanVocab(vocab)
	pr := &preparer{h: newHasher(DefaultSeed, DefaultNumPerm), bands: 21, rows: 6}
	for _, s := range realSources {
		recs := all[s.name]
		preps := make([]prep, len(recs))
		for i := range recs {
			pr.prepare(&recs[i], &preps[i])
		}
		sample := rng.Perm(len(recs))
		if len(sample) > perSource {
			sample = sample[:perSource]
		}
		sort.Ints(sample)
		for _, i := range sample {
			base := recs[i]
			short := comparedWords(base) < minWords
			for _, kind := range positiveKinds {
				if e, ok := edit(rng, base, kind, vocab); ok {
					pairs = append(pairs, labelled{kind, true, short, base, e})
				}
			}
			if e, ok := replaceOption(rng, base, recs); ok {
				pairs = append(pairs, labelled{negOption, false, short, base, e})
			}
			if s.name == "gsm8k" || s.name == "math" {
				if e, ok := changeNumbers(rng, base); ok {
					pairs = append(pairs, labelled{negNumbers, false, short, base, e})
				}
			}
			if k := nearest(preps, i); k >= 0 {
				pairs = append(pairs, labelled{negNearest, false, short, recs[k], base})
			}
		}
		for _, p := range samePassage(recs) {
			pairs = append(pairs, labelled{negPassage, false, comparedWords(p[1]) < minWords, p[0], p[1]})
		}
	}

	type tally struct{ n, dropped, exact, variants int }
	count := map[string]*tally{}
	key := func(l labelled) string {
		if l.positive && l.short {
			return l.kind + " (<12 words)"
		}
		return l.kind
	}
	type bySource struct{ pos, caught, neg, merged int }
	sources := map[string]*bySource{}
	var tp, fn, fp, tn int
	var misses []string
	for _, l := range pairs {
		d, err := New(Options{})
		if err != nil {
			t.Fatal(err)
		}
		d.AddReference(l.a)
		drop, dup := d.Add(l.b)
		c := count[key(l)]
		if c == nil {
			c = &tally{}
			count[key(l)] = c
		}
		c.n++
		if dup {
			c.dropped++
			if drop.Reason == record.ReasonExactDuplicate {
				c.exact++
			}
			if drop.DuplicateOf != l.a.ID {
				t.Errorf("%s: %s dropped as a duplicate of %s, want %s", l.kind, l.b.ID, drop.DuplicateOf, l.a.ID)
			}
		}
		c.variants += d.Stats().TemplateVariants
		if l.kind == negNumbers && d.Stats().TemplateVariants > 0 {
			// The switch merges what the default keeps apart.
			m, _ := New(Options{MergeTemplateVariants: true})
			m.AddReference(l.a)
			if _, dup := m.Add(l.b); !dup {
				t.Errorf("MergeTemplateVariants kept %s, a template variant of %s", l.b.ID, l.a.ID)
			}
		}
		bs := sources[l.a.Source]
		if bs == nil {
			bs = &bySource{}
			sources[l.a.Source] = bs
		}
		switch {
		case l.positive && !l.short:
			bs.pos++
			if dup {
				bs.caught++
			}
		case !l.positive:
			bs.neg++
			if dup {
				bs.merged++
			}
		}
		switch {
		case l.positive && l.short:
		case l.positive && dup:
			tp++
		case l.positive:
			fn++
			misses = append(misses, fmt.Sprintf("missed %s: %.120q | %.120q", l.kind, l.a.Question, l.b.Question))
		case dup:
			fp++
			misses = append(misses, fmt.Sprintf("merged %s (%s): %.120q | %.120q", l.kind, drop.Detail, l.a.Question, l.b.Question))
		default:
			tn++
		}
	}

	t.Logf("%-40s %6s %8s %7s", "labelled pairs", "pairs", "dropped", "share")
	for _, group := range [][]string{positiveKinds, negativeKinds} {
		for _, k := range group {
			for _, kk := range []string{k, k + " (<12 words)"} {
				if c := count[kk]; c != nil && (c.n > 0) {
					t.Logf("%-40s %6d %8d %6.1f%%  (exact %d, template variants %d)", kk, c.n, c.dropped, 100*float64(c.dropped)/float64(c.n), c.exact, c.variants)
				}
			}
		}
	}
	for _, s := range realSources {
		if bs := sources[s.name]; bs != nil {
			t.Logf("%-16s positives ≥%d words %5d caught %5d; negatives %5d merged %d", s.name, minWords, bs.pos, bs.caught, bs.neg, bs.merged)
		}
	}
	precision := float64(tp) / float64(tp+fp)
	recall := float64(tp) / float64(tp+fn)
	t.Logf("positives ≥%d words: %d caught, %d missed; negatives: %d kept apart, %d merged (false-positive rate %.2f%%)",
		minWords, tp, fn, tn, fp, 100*float64(fp)/float64(fp+tn))
	t.Logf("precision %.4f, recall %.4f (threshold %.2f, %d×%d LSH)", precision, recall, DefaultThreshold, 21, 6)
	for _, m := range misses {
		t.Log(m)
	}
	if precision < minPrecision || recall < minRecall {
		t.Errorf("precision %.4f (want ≥ %.2f), recall %.4f (want ≥ %.2f)", precision, minPrecision, recall, minRecall)
	}
	// The structural rules hold without exception: no pair of questions on one
	// passage, of items with different options, or of problems with other numbers
	// is merged; and most changed-numbers pairs reach the threshold, so the
	// template-variant rule is what keeps them apart.
	for _, k := range []string{negPassage, negOption, negNumbers} {
		if c := count[k]; c == nil || c.n < 100 || c.dropped > 0 {
			t.Errorf("%s: %+v, want ≥ 100 pairs and none merged", k, c)
		}
	}
	if c := count[negNumbers]; c == nil || c.variants < c.n*9/10 {
		t.Errorf("changed numbers: %+v, want ≥ 90%% template variants", c)
	}
	if c := count[negNearest]; c == nil || c.dropped*100 > c.n {
		t.Errorf("nearest distinct records: %+v, want ≤ 1%% merged", c)
	}
}

// Thresholds of TestPrecisionRecall. Recall: the edits are built to stay above the
// threshold from 12 words on (a changed word gives 11/13 = 0.85, a three-word prefix
// 12/15 = 0.80), and LSH finds pairs at 0.80 with probability 0.998, so anything
// below 0.97 is a regression, not chance. Precision: distinct real questions that
// differ in one word ("left"/"right" in MBPP) are indistinguishable from a changed
// word by any word-overlap measure; they are rare (8 of 974 MBPP tasks, none in
// GSM8K, CommonsenseQA or the MMLU sample), and 0.95 allows for them.
const (
	minPrecision = 0.95
	minRecall    = 0.97
)

var (
	wordRE     = regexp.MustCompile(`[A-Za-z]+`)
	fieldRE    = regexp.MustCompile(`\S+`)
	hyphenated = regexp.MustCompile(`^[A-Za-z]+(-[A-Za-z]+)*$`)
)

// cleanVocab keeps distinct lowercase words of 3 to 12 letters that are not number
// words, sorted: replacement words for the changed-word edit.
func cleanVocab(words []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range words {
		w = strings.ToLower(w)
		if len(w) < 3 || len(w) > 12 || seen[w] || isNumberWord(w) {
			continue
		}
		seen[w] = true
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}

func isNumberWord(w string) bool {
	_, ok := numberWords[strings.ToLower(w)]
	return ok
}

// comparedWords counts the tokens of the text the deduplicator compares.
func comparedWords(r record.Record) int {
	var pr = preparer{h: newHasher(1, 1), bands: 1, rows: 1}
	var p prep
	pr.prepare(&r, &p)
	return len(p.tokens)
}

// region returns the part of r an edit may change (the bare question of a reading
// record, the stem of a multiple-choice item, else the question) and a function
// that rebuilds the record around an edited region.
func region(r record.Record) (string, func(string) record.Record, bool) {
	if sq, ok := r.Meta["source_question"].(string); ok {
		sq = strings.TrimSpace(sq)
		q := strings.TrimSpace(r.Question)
		if !strings.HasSuffix(q, sq) {
			return "", nil, false
		}
		return sq, func(s string) record.Record {
			e := clone(r)
			e.Question = q[:len(q)-len(sq)] + s
			e.Meta["source_question"] = s
			return e
		}, true
	}
	if choices := choiceList(r.Meta["choices"]); len(choices) >= 2 {
		stem, ok := stemOf(r.Question, choices)
		labels := choiceList(r.Meta["labels"])
		if labels == nil {
			labels = source.DefaultLabels(len(choices))
		}
		if !ok || source.MultipleChoice(stem, labels, choices) != r.Question {
			return "", nil, false
		}
		return stem, func(s string) record.Record {
			e := clone(r)
			e.Question = source.MultipleChoice(s, labels, choices)
			return e
		}, true
	}
	return r.Question, func(s string) record.Record {
		e := clone(r)
		e.Question = s
		return e
	}, true
}

func clone(r record.Record) record.Record {
	m := make(map[string]any, len(r.Meta))
	for k, v := range r.Meta {
		m[k] = v
	}
	r.Meta = m
	return r
}

// edit makes a positive: r edited by kind. ok is false when the edit does not apply.
func edit(rng *rand.Rand, r record.Record, kind string, vocab []string) (record.Record, bool) {
	if kind == posReordered {
		return reorder(rng, r)
	}
	text, rebuild, ok := region(r)
	if !ok {
		return r, false
	}
	// Words are what a person sees as words: whitespace-separated fields. A typo or
	// a change hits a field of letters only; a drop, a word with its punctuation
	// ("T-Rex", "box."). Numbers, number words and formulas are left alone: an edit
	// there makes another problem (a template variant), not a copy.
	var usable [][]int
	for _, s := range fieldRE.FindAllStringIndex(text, -1) {
		w := text[s[0]:s[1]]
		letters := wordRE.FindString(w) == w
		switch {
		case isNumberWord(strings.Trim(w, ".,;:!?")):
		case kind == posTypo && (!letters || len(w) < 4):
		case kind == posChanged && !letters:
		case kind == posDropped && !hyphenated.MatchString(strings.Trim(w, ".,;:!?\"'()")):
		default:
			usable = append(usable, s)
		}
	}
	var out string
	switch kind {
	case posTypo, posChanged, posDropped:
		if len(usable) == 0 {
			return r, false
		}
		s := usable[rng.IntN(len(usable))]
		w := text[s[0]:s[1]]
		switch kind {
		case posTypo:
			for w0 := w; w == w0 || isNumberWord(w); {
				w = typo(rng, w0)
			}
		case posChanged:
			lower := strings.ToLower(text)
			for {
				w = vocab[rng.IntN(len(vocab))]
				if !strings.Contains(lower, w) {
					break
				}
			}
		case posDropped:
			w = ""
		}
		out = text[:s[0]] + w + text[s[1]:]
		if kind == posDropped {
			out = strings.Replace(out, "  ", " ", 1)
		}
	case posPrefix:
		out = []string{"Question:", "Q:", "Please answer:", "Quick question:", "Answer this:"}[rng.IntN(5)] + " " + text
	case posSuffix:
		out = text + " " + []string{"Explain briefly.", "Show your work.", "Thanks!", "Answer concisely.", "Think carefully."}[rng.IntN(5)]
	case posSurface:
		switch rng.IntN(3) {
		case 0:
			out = strings.ToUpper(text)
		case 1:
			out = strings.NewReplacer("? ", "! ", ", ", " ; ", ". ", "... ").Replace(text)
			out = strings.TrimRight(out, "?.!") + "!!"
		default:
			out = "  " + strings.ReplaceAll(text, " ", "   ") + "\n"
		}
	}
	if out == text || strings.TrimSpace(out) == "" {
		return r, false
	}
	e := rebuild(out)
	e.ID = r.ID + "#" + kind
	return e, true
}

// typo swaps, drops, inserts or replaces one letter of w.
func typo(rng *rand.Rand, w string) string {
	b := []byte(w)
	i := 1 + rng.IntN(len(b)-2) // keep the first and last letter, as most typos do
	switch rng.IntN(4) {
	case 0:
		if b[i] != b[i+1] {
			b[i], b[i+1] = b[i+1], b[i]
			return string(b)
		}
		fallthrough
	case 1:
		return string(b[:i]) + string(b[i+1:])
	case 2:
		return string(b[:i]) + string(rune('a'+rng.IntN(26))) + string(b[i:])
	}
	c := byte('a' + rng.IntN(26))
	for c == b[i]|0x20 {
		c = byte('a' + rng.IntN(26))
	}
	b[i] = c
	return string(b)
}

// reorder permutes the options of a multiple-choice item, moving the answer letter
// with its option.
func reorder(rng *rand.Rand, r record.Record) (record.Record, bool) {
	choices := choiceList(r.Meta["choices"])
	stem, _, ok := region(r)
	if !ok || len(choices) < 2 {
		return r, false
	}
	labels := choiceList(r.Meta["labels"])
	if labels == nil {
		labels = source.DefaultLabels(len(choices))
	}
	perm := rng.Perm(len(choices))
	for slices.IsSorted(perm) {
		perm = rng.Perm(len(choices))
	}
	moved := make([]string, len(choices))
	answer := -1
	for to, from := range perm {
		moved[to] = choices[from]
		if labels[from] == r.FinalAnswer() {
			answer = to
		}
	}
	e := clone(r)
	e.ID = r.ID + "#" + posReordered
	e.Question = source.MultipleChoice(stem, labels, moved)
	e.Meta["choices"] = moved
	if answer >= 0 {
		e.Meta["final_answer"] = labels[answer]
		e.Answer = labels[answer] + ". " + moved[answer]
	}
	return e, true
}

// replaceOption makes a negative: one option of a multiple-choice item replaced by
// an option of another item of the same source.
func replaceOption(rng *rand.Rand, r record.Record, recs []record.Record) (record.Record, bool) {
	choices := choiceList(r.Meta["choices"])
	stem, _, ok := region(r)
	if !ok || len(choices) < 2 {
		return r, false
	}
	labels := choiceList(r.Meta["labels"])
	if labels == nil {
		labels = source.DefaultLabels(len(choices))
	}
	for try := 0; try < 20; try++ {
		other := choiceList(recs[rng.IntN(len(recs))].Meta["choices"])
		if len(other) == 0 {
			continue
		}
		o := other[rng.IntN(len(other))]
		if slices.ContainsFunc(choices, func(c string) bool { return Normalize(c) == Normalize(o) }) {
			continue
		}
		moved := append([]string(nil), choices...)
		moved[rng.IntN(len(moved))] = o
		e := clone(r)
		e.ID = r.ID + "#" + negOption
		e.Question = source.MultipleChoice(stem, labels, moved)
		e.Meta["choices"] = moved
		return e, true
	}
	return r, false
}

var numberRE = regexp.MustCompile(`\d+`)

// changeNumbers makes a negative: a math problem with one number changed.
func changeNumbers(rng *rand.Rand, r record.Record) (record.Record, bool) {
	spans := numberRE.FindAllStringIndex(r.Question, -1)
	if len(spans) == 0 {
		return r, false
	}
	s := spans[rng.IntN(len(spans))]
	old := r.Question[s[0]:s[1]]
	n := fmt.Sprint(1 + rng.IntN(98))
	for n == old {
		n = fmt.Sprint(1 + rng.IntN(98))
	}
	e := clone(r)
	e.ID = r.ID + "#" + negNumbers
	e.Question = r.Question[:s[0]] + n + r.Question[s[1]:]
	return e, true
}

// nearest returns the record of preps most similar to preps[i] that is not an exact
// copy of it, or -1.
func nearest(preps []prep, i int) int {
	best, bestJ := -1, -1.0
	for k := range preps {
		if k == i || preps[k].key == preps[i].key {
			continue
		}
		if j := jaccard(preps[i].tokens, preps[k].tokens); j > bestJ {
			best, bestJ = k, j
		}
	}
	return best
}

// samePassage returns every pair of different questions on one passage.
func samePassage(recs []record.Record) [][2]record.Record {
	by := map[string][]record.Record{}
	var order []string
	for _, r := range recs {
		_, ctx, kind := split(&r)
		if kind != recReading {
			continue
		}
		if _, ok := by[ctx]; !ok {
			order = append(order, ctx)
		}
		by[ctx] = append(by[ctx], r)
	}
	var out [][2]record.Record
	for _, ctx := range order {
		rs := by[ctx]
		for i := range rs {
			for k := i + 1; k < len(rs); k++ {
				if Normalize(rs[i].Meta["source_question"].(string)) != Normalize(rs[k].Meta["source_question"].(string)) {
					out = append(out, [2]record.Record{rs[i], rs[k]})
				}
			}
		}
	}
	return out
}

// TestRealSources runs every real file through one Deduper in recipe order, as a
// build does, and checks the accounting; the few drops among distinct real records
// are logged (MMLU holds one question twice; MBPP a handful of one-word variants).
func TestRealSources(t *testing.T) {
	sharedDir(t)
	var recs []record.Record
	for _, s := range realSources {
		recs = append(recs, convertShared(t, s.name, s.rel...)...)
	}
	kept, drops, stats, err := Run(nil, recs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(kept)+len(drops) != len(recs) || stats.Kept != len(kept) || stats.Exact+stats.Near != len(drops) {
		t.Fatalf("accounting: %d records, %d kept, %d dropped, stats %+v", len(recs), len(kept), len(drops), stats)
	}
	for _, d := range drops {
		t.Logf("%s %s of %s (%.3f): %s", d.ID, d.Reason, d.DuplicateOf, d.Similarity, d.Detail)
	}
	t.Logf("%d real records: %d exact, %d near, %d template variants kept; %d candidate pairs", len(recs), stats.Exact, stats.Near, stats.TemplateVariants, stats.CandidatePairs)
	if len(drops)*100 > len(recs) {
		t.Errorf("%d of %d distinct real records dropped", len(drops), len(recs))
	}
}
