package demo

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
)

// mcStem are multiple-choice stems about a topic {T} (a science term, a concept of
// the social sciences, a field), MMLU- and ARC-like.
var mcStem = mustTmpls(
	`Which of the following best [describes|explains|characterizes] {T}?`,
	`A {job} [observes|measures|notices|reports] that [the|a] {adj} {obj} [changes|behaves differently|loses value] [after|during|when] {T} [is applied|takes place|is ignored]. Which of the following [is the most likely explanation|best accounts for this|would best test this idea]?`,
	`[According to|Under|In the context of] {T}, which of the following [statements is true|would be expected|is the strongest objection]?`,
	`[Which|What] [outcome|effect|consequence] of {T} [would|could] a {job} in {city} [most likely|first] [notice|measure|report]?`,
	`[A student|A researcher|An analyst] [claims|argues|writes] that {T} [explains|causes|prevents] [most|some|all] [changes in|differences between|problems with] {adj} {obj}. Which [finding|observation|piece of evidence] would [most weaken|best support|least affect] this claim?`,
	`In [a|the] [study|survey|experiment] of {#20-900} {animal} near {city}, [researchers|students|volunteers] [recorded|measured|compared] {T}. [What|Which] [is the best|is the most reasonable] [conclusion|next step|prediction]?`,
)

// mcOption are the options of such stems.
var mcOption = mustTmpls(
	`[a|an] {adj} [increase|decrease|shift|change] in {T2}`,
	`[it|the effect] [depends on|is limited by|is unrelated to] {T2}`,
	`{T2} [is|becomes] [irrelevant|dominant|reversed|unchanged]`,
	`the {obj} [absorb|reflect|store|release] more {T2}`,
	`[only|mostly|never] [when|if] {T2} [is present|is measured|changes]`,
	`[repeat|redesign|extend] the [study|test|survey] [with|using|over] {adj} {obj}`,
	`the {job} [misread|misreported|overlooked] {T2}`,
)

// mcQualifier lengthens some options, as real distractors are often full clauses.
var mcQualifier = mustTmpls(`[in the long run|for most {obj}|under normal conditions|at {adj} temperatures|in a closed system|for {job}s in {city}]`)

// mcTopic picks a topic for a subject: science terms for the sciences, concepts for
// the social sciences and humanities, fields otherwise.
func (g *gen) mcTopic(subject string) string {
	for _, s := range []string{"bio", "chem", "phys", "astro", "anatomy", "medic", "virol", "genet", "nutri", "aging", "clinical", "science"} {
		if strings.Contains(subject, s) {
			return g.word("sci")
		}
	}
	for _, s := range []string{"math", "statist", "algebra", "computer", "machine", "econometrics", "security", "engineering", "logic"} {
		if strings.Contains(subject, s) {
			return g.word("tech")
		}
	}
	if g.chance(0.8) {
		return g.word("concept")
	}
	return g.word("field")
}

// statementPair is MMLU's "Statement 1 | … Statement 2 | …" item.
var mcStatement = mustTmpls(
	`{^T} [always|never|usually] [requires|implies|increases] {T2}`,
	`[Every|No|Some] {adj} {obj} [shows|depends on|reduces] {T}`,
	`{^T2} [can be|cannot be] [measured|observed|predicted] without {T}`,
)

// mcItem is a multiple-choice item.
type mcItem struct {
	stem    string
	options []string
	key     int
}

// mcQuestion generates a stem with k distinct options about topic.
// Long options (a qualifier added to half of them) suit MMLU; ARC's are short.
func (g *gen) mcQuestion(topic string, k int, topicFn func() string, long bool) mcItem {
	v := map[string]string{"T": topic}
	if g.chance(0.12) && k == 4 {
		// The statement-pair form, with MMLU's fixed options.
		v["T2"] = topicFn()
		s1 := capFirst(g.fill(mcStatement, v)) + "."
		v["T2"] = topicFn()
		s2 := capFirst(g.fill(mcStatement, v)) + "."
		return mcItem{stem: "Statement 1 | " + s1 + " Statement 2 | " + s2,
			options: []string{"True, True", "False, False", "True, False", "False, True"}, key: g.r.IntN(4)}
	}
	stem := g.fill(mcStem, v)
	seen := map[string]bool{}
	var opts []string
	for len(opts) < k {
		v["T2"] = topicFn()
		o := g.fill(mcOption, v)
		if long && g.chance(0.5) {
			o += " " + g.fill(mcQualifier, v)
		}
		if !seen[o] {
			seen[o] = true
			opts = append(opts, o)
		}
	}
	return mcItem{stem: stem, options: opts, key: g.r.IntN(k)}
}

// --- MMLU ---

// mmluQ is an MMLU record's extra fields.
type mmluQ struct{ subject string }

func mmluSpec() *spec {
	return &spec{
		name: "mmlu",
		mc:   true,
		base: func(g *gen, n int) []*item {
			// Subjects in file order, as evenly as the count allows.
			out := make([]*item, 0, n)
			seen := map[string]bool{}
			for si, subj := range mmluSubjects {
				k := n / len(mmluSubjects)
				if si < n%len(mmluSubjects) {
					k++
				}
				for i := 0; i < k; {
					m := g.mcQuestion(g.mcTopic(subj), 4, func() string { return g.mcTopic(subj) }, true)
					if g.chance(0.5) {
						m.stem = g.fill(mcContext, nil) + " " + m.stem
					}
					if seen[m.stem] {
						continue
					}
					seen[m.stem] = true
					out = append(out, &item{q: m.stem, choices: m.options, key: m.key, group: si, x: mmluQ{subj}})
					i++
				}
			}
			return out
		},
		write: func(w *writer, items []*item) ([]string, error) {
			// Header-less CSVs data/test/<subject>_test.csv; the id is subject/row.
			bufs := map[string]*bytes.Buffer{}
			rows := map[string]int{}
			var order []string
			for _, it := range items {
				s := it.x.(mmluQ).subject
				b := bufs[s]
				if b == nil {
					b = &bytes.Buffer{}
					bufs[s] = b
					order = append(order, s)
				}
				cw := csv.NewWriter(b)
				rec := append([]string{it.q}, it.choices...)
				rec = append(rec, "ABCD"[it.key:it.key+1])
				if err := cw.Write(rec); err != nil {
					return nil, err
				}
				cw.Flush()
				it.id = w.id(s + "/" + strconv.Itoa(rows[s]))
				rows[s]++
			}
			for _, s := range order {
				if err := w.file("data/test/"+s+"_test.csv", bufs[s].Bytes()); err != nil {
					return nil, err
				}
			}
			return []string{w.path("data/test")}, nil
		},
	}
}

// mcContext opens some stems with a scenario, as longer MMLU and ARC items do.
var mcContext = mustTmpls(
	`[During|After|Before] a {adj} [field trip|lab session|class debate] in {city}, {name} [wrote down|recorded|listed] [several|a few|three] observations about {obj}.`,
	`[A|The] {job} [compared|tested|sorted] {#3-60} {obj} [made of|coated with|wrapped in] {material} [over|during] {#2-12} [days|weeks|sessions].`,
	`{name} [read|summarized|presented] a {adj} report on {field} [for|to] a [class|club|committee] in {city}.`,
)

// --- ARC-Challenge ---

// arcQ is an ARC record's extra fields: its labels (A–E, or 1–4 for some items).
type arcQ struct{ numeric bool }

func arcSpec() *spec {
	return &spec{
		name: "arc_challenge",
		mc:   true,
		base: func(g *gen, n int) []*item {
			out := make([]*item, 0, n)
			seen := map[string]bool{}
			for len(out) < n {
				// Most ARC items have 4 options; a few 3 or 5, and some label 1–4.
				k := 4
				switch u := g.r.Float64(); {
				case u < 0.03:
					k = 3
				case u < 0.05:
					k = 5
				}
				topic := func() string { return g.word("sci") }
				m := g.mcQuestion(topic(), k, topic, false)
				if g.chance(0.85) {
					m.stem = g.fill(mcContext, nil) + " " + m.stem
				}
				if g.chance(0.3) {
					m.stem = g.fill(mcContext, nil) + " " + m.stem
				}
				if seen[m.stem] {
					continue
				}
				seen[m.stem] = true
				out = append(out, &item{q: m.stem, choices: m.options, key: m.key, x: arcQ{numeric: k == 4 && g.chance(0.05)}})
			}
			return out
		},
		fromText: func(g *gen, text string, from *item) *item {
			it := &item{q: text, x: arcQ{}}
			if from != nil && len(from.choices) > 0 {
				it.choices, it.key = append([]string(nil), from.choices...), from.key
			} else {
				topic := func() string { return g.word("sci") }
				m := g.mcQuestion(topic(), 4, topic, false)
				it.choices, it.key = m.options, m.key
			}
			return it
		},
		write: func(w *writer, items []*item) ([]string, error) {
			var buf bytes.Buffer
			for i, it := range items {
				labels := "ABCDE"
				if it.x.(arcQ).numeric {
					labels = "12345"
				}
				ch := make([]any, len(it.choices))
				for j, c := range it.choices {
					ch[j] = kv{{"text", c}, {"label", labels[j : j+1]}}
				}
				id := fmt.Sprintf("DemoARC_%05d", i)
				err := jsonLine(&buf, kv{{"id", id}, {"question", kv{{"stem", it.q}, {"choices", ch}}},
					{"answerKey", labels[it.key : it.key+1]}})
				if err != nil {
					return nil, err
				}
				it.id = w.id(id)
			}
			return []string{w.path("ARC-Challenge-Train.jsonl")}, w.file("ARC-Challenge-Train.jsonl", buf.Bytes())
		},
	}
}

// --- HellaSwag ---

// hellaCtx is the unfinished narration of an activity; {W} is who acts.
var hellaCtx = mustTmpls(
	`{^W} [is standing|is kneeling|sits] [in|beside|near] a {adj} [kitchen|yard|gym|workshop|field]. [{W} picks up|{W} holds up|{W} points at] [a|the] {tool}.`,
	`[A|The] camera [shows|pans to|zooms in on] {W} [next to|behind|in front of] a [pile|row|stack] of {obj}. {^W}`,
	`{^W} [explains|demonstrates|shows] how to {task}. [First|Then|Next], {W}`,
	`[Several|Two|A group of] {job}s [gather|stand|wait] [around|outside|inside] the {place}. [One of them|{^W}]`,
)

var hellaEnding = mustTmpls(
	`[puts|sets|places] the {tool} [down|aside|on the table] and [starts|begins|continues] to {verb} the {obj}.`,
	`[walks|runs|turns] [away|back|around] [from|toward] the {place} [while|as] [talking|laughing|waving] to the camera.`,
	`[uses|grabs|lifts] [a|the] {tool} to {verb} [the|a few] {obj} [slowly|carefully|quickly].`,
	`[jumps|falls|slides] [into|onto|off] the {adj} [pool|roof|table|boat] [with|holding] [a|the] {obj}.`,
	`[shows|holds up|points to] the [finished|{adj}] {obj} and [smiles|nods|bows].`,
	`[pours|sprinkles|spreads] {material} [over|onto|across] the {obj} [and|then] [wipes|rinses|dries] [it|them] [off|clean].`,
)

// hellaSwagQ is a HellaSwag record's extra fields.
type hellaSwagQ struct {
	activity, origin string
}

func hellaSwagSpec() *spec {
	return &spec{
		name: "hellaswag",
		mc:   true,
		base: func(g *gen, n int) []*item {
			out := make([]*item, 0, n)
			seen := map[string]bool{}
			for len(out) < n {
				v := map[string]string{"W": g.pick([]string{"a man", "a woman", "a girl", "a boy", "the " + g.word("job"), g.word("first")})}
				ctx := g.fill(hellaCtx, v)
				if seen[ctx] {
					continue
				}
				seen[ctx] = true
				opts := make([]string, 4)
				for i := range opts {
					opts[i] = g.fill(hellaEnding, v)
				}
				activity := capFirst(g.word("verbed")) + " " + g.word("obj")
				if g.chance(0.5) {
					activity = capFirst(g.pick(lexicon["sport"]))
				}
				origin := "activitynet~v_demo" + strconv.Itoa(len(out))
				if g.chance(0.4) {
					origin = "wikihow~demo" + strconv.Itoa(len(out))
				}
				out = append(out, &item{q: ctx, choices: opts, key: g.r.IntN(4), x: hellaSwagQ{activity, origin}})
			}
			return out
		},
		write: func(w *writer, items []*item) ([]string, error) {
			var buf bytes.Buffer
			for i, it := range items {
				h := it.x.(hellaSwagQ)
				// ctx is ctx_a + " " + ctx_b, ctx_b the last few words.
				ws := strings.Fields(it.q)
				cut := max(1, len(ws)-1-len(ws)%3)
				ctxA, ctxB := strings.Join(ws[:cut], " "), strings.Join(ws[cut:], " ")
				if ctxA+" "+ctxB != it.q {
					ctxA, ctxB = it.q, ""
				}
				err := jsonLine(&buf, kv{{"ind", i}, {"activity_label", h.activity}, {"ctx_a", ctxA}, {"ctx_b", ctxB},
					{"ctx", it.q}, {"split", "train"}, {"split_type", "indomain"}, {"label", it.key},
					{"endings", it.choices}, {"source_id", h.origin}})
				if err != nil {
					return nil, err
				}
				it.id = w.id(strconv.Itoa(i))
			}
			return []string{w.path("hellaswag_train.jsonl")}, w.file("hellaswag_train.jsonl", buf.Bytes())
		},
	}
}

// --- CommonsenseQA ---

var csqaStem = mustTmpls(
	`Where would you [most likely|usually|probably] [find|keep|buy] [a|some] {adj} {obj}[ if you were {feeling}| before a {event}|]?`,
	`What [might|would|could] a {job} [do|feel|need] [after|before|when] [losing|finding|breaking] [a|the] {obj}?`,
	`If [someone|a {job}] [wants|needs|tries] to {verb} [a|the] {obj} [quickly|at home|without help], what [should|might|would] they [use|do first|look for]?`,
	`[The|A] {adj} {animal} [was|were] [seen|heard|found] [near|inside|under] the {place}; [where|what] [did|do] [they|it] [probably|most likely] [come from|want]?`,
	`What [happens|is likely to happen] to {obj} [left|kept|stored] [in|near|under] [a|the] {adj} {place} [for a week|overnight|all summer]?`,
)

// csqaAnswers are CommonsenseQA's short options: places, actions, states.
var csqaAnswers = mustTmpls(`{place}`, `{verb} {obj}`, `feel {feeling}`, `{adj} {obj}`, `the {place}`, `{verb}`, `{material}`)

// csqaQ is a CommonsenseQA record's extra fields.
type csqaQ struct{ concept string }

func commonsenseQASpec() *spec {
	return &spec{
		name: "commonsense_qa",
		mc:   true,
		base: func(g *gen, n int) []*item {
			out := make([]*item, 0, n)
			seen := map[string]bool{}
			for len(out) < n {
				stem := g.fill(csqaStem, nil)
				if seen[stem] {
					continue
				}
				seen[stem] = true
				opts := make([]string, 0, 5)
				got := map[string]bool{}
				for len(opts) < 5 {
					o := g.fill(csqaAnswers, nil)
					if !got[o] {
						got[o] = true
						opts = append(opts, o)
					}
				}
				ws := letterWords(stem, 4)
				w := ws[g.r.IntN(len(ws))]
				out = append(out, &item{q: stem, choices: opts, key: g.r.IntN(5), x: csqaQ{strings.ToLower(stem[w.start:w.end])}})
			}
			return out
		},
		write: func(w *writer, items []*item) ([]string, error) {
			var buf bytes.Buffer
			for i, it := range items {
				ch := make([]any, len(it.choices))
				for j, c := range it.choices {
					ch[j] = kv{{"label", "ABCDE"[j : j+1]}, {"text", c}}
				}
				id := fmt.Sprintf("demo%028x", i)
				err := jsonLine(&buf, kv{{"answerKey", "ABCDE"[it.key : it.key+1]}, {"id", id},
					{"question", kv{{"question_concept", it.x.(csqaQ).concept}, {"choices", ch}, {"stem", it.q}}}})
				if err != nil {
					return nil, err
				}
				it.id = w.id(id)
			}
			return []string{w.path("train_rand_split.jsonl")}, w.file("train_rand_split.jsonl", buf.Bytes())
		},
	}
}

// --- PIQA ---

var piqaGoal = mustTmpls(
	`How do I {task}?`, `To {task}, you can`, `{^task}`, `How can you {task} [at home|without special tools|quickly]?`,
	`[Best|Easiest] way to {task}`,
)

var piqaSol = mustTmpls(
	`[Use|Take|Grab] [a|the] {tool} [and|to] [gently|firmly|slowly] [rub|press|wrap|rinse] [the|it over the] {obj} [for a few minutes|until it is {adj}|several times].`,
	`[Put|Place|Set] the {obj} [in|on|under] [a|the] {tool} [with|and add] [a little|some|plenty of] {material}[, then wait {#2-30} minutes| overnight|].`,
	`[Fill|Cover|Wrap] [a|the] {tool} with {material} [and|then] [leave|hold|shake] it [next to|over|inside] the {obj} [for an hour|until dry|briefly].`,
	`[Heat|Cool|Soak] the {obj} [in|with] [warm|cold|soapy] [water|air|{material}] [for|during] {#2-20} [minutes|seconds|hours] [before|after] [using|moving|storing] [it|them].`,
)

// piqaMore extends a solution with a second step.
var piqaMore = mustTmpls(`[, then|, and afterwards|; after that,] [wipe|rinse|dry|check] [it|the {obj}|everything] [with a {tool}|by hand|before using it again].`)

func piqaSpec() *spec {
	return &spec{
		name: "piqa",
		mc:   true,
		base: func(g *gen, n int) []*item {
			out := make([]*item, 0, n)
			seen := map[string]bool{}
			for len(out) < n {
				goal := g.fill(piqaGoal, nil)
				if g.chance(0.3) {
					goal += " " + g.fill(piqaGoal[:1], nil)
				}
				s1 := g.fill(piqaSol, nil)
				if g.chance(0.85) {
					s1 = strings.TrimSuffix(s1, ".") + g.fill(piqaMore, nil)
				}
				// PIQA's two solutions often differ in a few words only.
				s2 := s1
				if g.chance(0.5) {
					s2, _ = g.applyEdit(s1, EditChangedWord)
					s2, _ = g.applyEdit(s2, EditChangedWord)
				}
				if s2 == s1 {
					s2 = g.fill(piqaSol, nil)
				}
				if seen[goal+s1] || s1 == s2 {
					continue
				}
				seen[goal+s1] = true
				out = append(out, &item{q: goal, choices: []string{s1, s2}, key: g.r.IntN(2)})
			}
			return out
		},
		write: func(w *writer, items []*item) ([]string, error) {
			var buf, labels bytes.Buffer
			for i, it := range items {
				if err := jsonLine(&buf, kv{{"goal", it.q}, {"sol1", it.choices[0]}, {"sol2", it.choices[1]}}); err != nil {
					return nil, err
				}
				labels.WriteString(strconv.Itoa(it.key) + "\n")
				it.id = w.id(strconv.Itoa(i))
			}
			if err := w.file("train-labels.lst", labels.Bytes()); err != nil {
				return nil, err
			}
			return []string{w.path("train.jsonl")}, w.file("train.jsonl", buf.Bytes())
		},
	}
}
