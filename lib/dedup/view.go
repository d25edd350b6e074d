package dedup

import (
	"slices"
	"strings"

	"qmix/lib/record"
)

// prep is what the deduplicator compares of one record, computed from the record
// alone (so in parallel, before the record meets the index).
type prep struct {
	tokens  []uint32 // token ids of the compared text, a multiset made a set, sorted
	ctx     []uint32 // the same for the part that must match separately (see split)
	sig     []uint32 // MinHash signature of tokens
	bands   []uint32 // LSH band keys of sig
	key     uint64   // exact key: hash of the normalised compared text, choices and context
	ctxKey  uint64   // hash of the normalised separate part
	answer  uint64   // hash of the normalised final answer; 0 when unknown
	choices uint64   // hash of the sorted normalised choices; 0 when none
	numbers uint64   // hash of the sorted numbers and operators of the compared text
	kind    uint8    // recPlain, recReading or recInstruction (see split)
}

// Layout markers of the records lib/source renders. Reading records (SQuAD 2.0, DROP,
// CoQA) start with readingHeader and end with readingQuestion + the question; they
// also carry meta.source_question, which is preferred. Natural Instructions records
// are the task definition, niInput, then the instance input, with meta.task.
const (
	readingHeader   = "Read the passage and answer the question."
	readingQuestion = "\n\nQuestion: "
	niInput         = "\n\nInput: "
	coqaHistory     = "\n\nConversation so far:"
)

// preparer turns records into preps; each goroutine needs its own.
type preparer struct {
	h       *hasher
	bands   int
	rows    int
	sc      scanner
	nums    []uint64
	chs     []uint64
	scratch []uint32
	sortBuf []uint32 // scratch of sortIDs
}

// Record kinds, by what split makes of them.
const (
	recPlain       = iota // compared on the whole question
	recReading            // compared on the bare question; the passage must match too
	recInstruction        // compared on the whole question; the instance input must match too
)

// split returns the text a record is compared on, the part that must match
// separately, and the record's kind:
//   - reading records (meta.source_question, or the "Read the passage…Question: "
//     layout): the bare question, and the passage (without CoQA's "Conversation so
//     far", so that the same question asked at another turn is still found);
//   - Natural Instructions records (meta.task with the "\n\nInput: " layout): the
//     whole text, and the instance input, since every instance of a task repeats
//     its definition — a 150-word definition makes any two 20-word inputs look
//     0.79 alike. Against a plain record (the same instance copied into Alpaca's
//     instruction + input layout, say) the whole text alone decides;
//   - anything else: the whole question, nothing separate.
func split(r *record.Record) (text, part string, kind uint8) {
	q := strings.TrimSpace(r.Question)
	if sq, ok := r.Meta["source_question"].(string); ok && strings.TrimSpace(sq) != "" {
		sq = strings.TrimSpace(sq)
		if strings.HasSuffix(q, sq) {
			return sq, passageOf(strings.TrimSuffix(strings.TrimSpace(q[:len(q)-len(sq)]), "Question:")), recReading
		}
		return sq, q, recReading
	}
	if strings.HasPrefix(q, readingHeader) {
		if i := strings.LastIndex(q, readingQuestion); i >= 0 {
			return q[i+len(readingQuestion):], passageOf(q[:i]), recReading
		}
	}
	if _, ok := r.Meta["task"].(string); ok {
		if i := strings.Index(q, niInput); i >= 0 {
			return q, q[i+len(niInput):], recInstruction
		}
	}
	return q, "", recPlain
}

// passageOf cuts the conversation history off a reading context.
func passageOf(ctx string) string {
	if i := strings.Index(ctx, coqaHistory); i >= 0 {
		return ctx[:i]
	}
	return ctx
}

// choiceList returns meta.choices as strings (nil unless it is a list of strings).
func choiceList(v any) []string {
	switch c := v.(type) {
	case []string:
		return c
	case []any:
		out := make([]string, len(c))
		for i, x := range c {
			s, ok := x.(string)
			if !ok {
				return nil
			}
			out[i] = s
		}
		return out
	}
	return nil
}

// stemOf removes the options lib/source's MultipleChoice rendered after the stem
// ("\nA. option" per choice, in meta.choices order) and returns the stem; ok is
// false when q does not end with the choices so rendered.
func stemOf(q string, choices []string) (stem string, ok bool) {
	s := strings.TrimRight(q, " \t\r\n")
	for i := len(choices) - 1; i >= 0; i-- {
		c := strings.TrimSpace(choices[i])
		if !strings.HasSuffix(s, c) || !strings.HasSuffix(s[:len(s)-len(c)], ". ") {
			return "", false
		}
		s = s[:len(s)-len(c)-2]
		nl := strings.LastIndexByte(s, '\n')
		// A label is one to three characters without spaces: "A", "1", "(a".
		if nl < 0 || len(s)-nl-1 < 1 || len(s)-nl-1 > 3 || strings.ContainsAny(s[nl+1:], " \t") {
			return "", false
		}
		s = s[:nl]
	}
	return strings.TrimSpace(s), true
}

// tokenize appends the token ids of s to dst and returns them with the sequence
// hash of the normalised text; the numbers of s go to pr.nums when nums is set.
func (pr *preparer) tokenize(s string, dst []uint32, nums bool) ([]uint32, uint64) {
	pr.sc.scan(s)
	var seq uint64 // the empty text hashes to 0
	for i := 0; i < pr.sc.n; i++ {
		tok := pr.sc.token(i)
		h := pr.h.hashBytes(tok)
		seq = combine(seq, h)
		dst = append(dst, uint32(h>>32))
		if !nums {
			continue
		}
		switch pr.sc.kind[i] {
		case kindNumber:
			pr.nums = append(pr.nums, h)
		case kindWord:
			if !maybeNumberWord(tok) {
				continue
			}
			if v, ok := numberWords[string(tok)]; ok {
				pr.nums = append(pr.nums, pr.h.hashString(v))
			}
		case kindSymbol:
			if isOperator(tok) {
				pr.nums = append(pr.nums, h)
			}
		}
	}
	return dst, seq
}

// asSet makes the token multiset a set, the k-th repeat of a token (k ≥ 1) becoming
// a token of its own, and sorts it. Jaccard similarity of these sets is the
// multiset (weighted) Jaccard Σmin/Σmax of the token counts, which keeps "the" ×5
// apart from "the" ×1 in long texts and equals plain set Jaccard in short ones.
// buf is scratch for sortIDs.
func asSet(t []uint32, buf *[]uint32) []uint32 {
	sortIDs(t, buf)
	repeats := false
	for i := 1; i < len(t); i++ {
		if t[i] == t[i-1] {
			repeats = true
			break
		}
	}
	if !repeats {
		return t
	}
	// The k-th repeat in a run of equal ids becomes mix(id, k): still one fixed
	// token per (word, occurrence), the same in every text.
	run, start := t[0], 0
	for i := 1; i <= len(t); i++ {
		if i < len(t) && t[i] == run {
			continue
		}
		for j := start + 1; j < i; j++ {
			t[j] = uint32(mix64(uint64(run)<<32|uint64(j-start)) >> 32)
		}
		if i < len(t) {
			run, start = t[i], i
		}
	}
	sortIDs(t, buf)
	return t
}

// radixMin is the length from which sortIDs sorts by radix: below it pdqsort (an
// insertion sort up to 12) is faster than four counting passes.
const radixMin = 96

// sortIDs sorts t in increasing order: short lists with slices.Sort, long ones (the
// tokens of an article) with an LSD radix sort over the four bytes, which costs five
// passes over the list where a comparison sort costs log₂ n mispredicted ones.
// *buf is scratch, grown as needed.
func sortIDs(t []uint32, buf *[]uint32) {
	if len(t) < radixMin {
		slices.Sort(t)
		return
	}
	if cap(*buf) < len(t) {
		*buf = make([]uint32, len(t))
	}
	var count [4][256]int32
	for _, v := range t {
		count[0][v&0xff]++
		count[1][v>>8&0xff]++
		count[2][v>>16&0xff]++
		count[3][v>>24]++
	}
	src, dst := t, (*buf)[:len(t)]
	for pass := range count {
		shift := 8 * pass
		c := &count[pass]
		if int(c[src[0]>>shift&0xff]) == len(src) {
			continue // every value has this byte: the pass would not move anything
		}
		var sum int32
		for d, n := range c {
			c[d] = sum
			sum += n
		}
		for _, v := range src {
			d := v >> shift & 0xff
			dst[c[d]] = v
			c[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &t[0] {
		copy(t, src)
	}
}

// numberWordFirst[n] holds, as a bit per letter, the first letters of the number
// words of n bytes: a word that fails it skips the numberWords lookup.
var numberWordFirst = func() (t [16]uint32) {
	for w := range numberWords {
		t[len(w)] |= 1 << (w[0] - 'a')
	}
	return t
}()

// maybeNumberWord reports whether tok may be a key of numberWords.
func maybeNumberWord(tok []byte) bool {
	return len(tok) < len(numberWordFirst) && tok[0] >= 'a' && tok[0] <= 'z' &&
		numberWordFirst[len(tok)]&(1<<(tok[0]-'a')) != 0
}

// fold hashes a sorted list of hashes into one, order-sensitively.
func fold(hs []uint64) uint64 {
	acc := uint64(len(hs))
	for _, h := range hs {
		acc = combine(acc, h)
	}
	return acc
}

// prepare computes p for r, reusing p's slices.
func (pr *preparer) prepare(r *record.Record, p *prep) {
	text, part, kind := split(r)
	pr.nums = pr.nums[:0]
	p.kind = kind

	choices := choiceList(r.Meta["choices"])
	stemmed := false
	if len(choices) >= 2 {
		if stem, ok := stemOf(text, choices); ok {
			text, stemmed = stem, true
		}
	}
	var seq uint64
	p.tokens, seq = pr.tokenize(text, p.tokens[:0], true)

	// Choices: sorted by their normalised hashes, so that the same options in another
	// order give the same key and tokens. With the stem extracted, the options' words
	// join the compared text (stem + options, curation.md (c)); otherwise they are in
	// it already, in rendered order.
	p.choices = 0
	if len(choices) > 0 {
		pr.chs = pr.chs[:0]
		for _, c := range choices {
			var h uint64
			if stemmed {
				p.tokens, h = pr.tokenize(c, p.tokens, true)
			} else {
				pr.scratch, h = pr.tokenize(c, pr.scratch[:0], false)
			}
			pr.chs = append(pr.chs, h)
		}
		slices.Sort(pr.chs)
		p.choices = fold(pr.chs) | 1 // never 0, the "no choices" value
	}
	slices.Sort(pr.nums)
	p.numbers = fold(pr.nums)

	p.ctx, p.ctxKey = p.ctx[:0], 0
	if kind != recPlain {
		p.ctx, p.ctxKey = pr.tokenize(part, p.ctx, false)
		p.ctx = asSet(p.ctx, &pr.sortBuf)
	}
	p.answer = 0
	if a := finalAnswer(r, choices, kind == recReading); strings.TrimSpace(a) != "" {
		var h uint64
		pr.scratch, h = pr.tokenize(a, pr.scratch[:0], false)
		p.answer = h | 1 // never 0, the "unknown" value
	}
	// The exact key: the compared text and options, and for a reading record its
	// passage. (An instruction's input is inside its compared text already.)
	p.key = combine(seq, p.choices)
	if kind == recReading {
		p.key = combine(combine(p.key, p.ctxKey), recReading)
	}
	p.tokens = asSet(p.tokens, &pr.sortBuf)

	n := len(pr.h.a)
	if cap(p.sig) < n {
		p.sig = make([]uint32, n)
	}
	p.sig = p.sig[:n]
	p.bands = p.bands[:0]
	if len(p.tokens) > 0 {
		pr.h.signature(p.tokens, p.sig)
		p.bands = bandKeys(p.sig, pr.bands, pr.rows, p.bands)
	}
}

// finalAnswer is the short answer a duplicate must share: for a multiple-choice
// item the text of the correct option (so that reordering the options keeps it),
// else meta.final_answer; for a reading record without one, its answer (an
// unanswerable SQuAD question's refusal). "" when the record has none.
func finalAnswer(r *record.Record, choices []string, isReading bool) string {
	fa := strings.TrimSpace(r.FinalAnswer())
	if len(choices) > 0 && fa != "" {
		labels := choiceList(r.Meta["labels"])
		for i, l := range labels {
			if strings.TrimSpace(l) == fa && i < len(choices) {
				return choices[i]
			}
		}
		if labels == nil && len(fa) == 1 && fa[0] >= 'A' && fa[0] <= 'Z' && int(fa[0]-'A') < len(choices) {
			return choices[fa[0]-'A']
		}
	}
	if fa == "" && isReading {
		return r.Answer
	}
	return fa
}
