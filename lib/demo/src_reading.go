package demo

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"qmix/lib/source"
)

// --- SQuAD 2.0 ---

// squadPara is one paragraph of a SQuAD article.
type squadPara struct {
	article int
	title   string
	context string
}

// squadQ is a SQuAD question's extra fields; q and a of the item are the question
// and the gold answer ("" when unanswerable).
type squadQ struct {
	para      *squadPara
	start     int // answer_start in code points
	plausible string
	pstart    int
}

// squadUnanswerable is the share of unanswerable questions: a third in SQuAD 2.0's
// train split, half in its dev split (the calibration sample, whose mean answer
// length the stand-in matches).
const squadUnanswerable = 0.5

func squadSpec() *spec {
	return &spec{
		name: "squad_v2",
		base: func(g *gen, n int) []*item {
			out := make([]*item, 0, n)
			article, para := -1, 0
			var subject, title string
			seenQ := map[string]bool{}
			for len(out) < n {
				if article < 0 || g.chance(0.2) { // about five paragraphs per article
					article++
					seenQ = map[string]bool{} // no question twice in an article
					subject = g.subject()
					title = strings.ReplaceAll(capFirst(strings.TrimPrefix(subject, "the ")), " ", "_")
				}
				// Calibration: SQuAD questions average 154 tokens with the reading
				// prompt (about 20), so passages of about 125.
				p := g.encyclopedic(subject, g.lengthAround(98, 0.35, 40))
				sp := &squadPara{article: article, title: title, context: p.text}
				var qs []*item
				for _, x := range p.qas {
					// One question per fact template in an article: the same template
					// twice would ask nearly the same question of one subject.
					tk := "template " + strconv.Itoa(x.template)
					if seenQ[x.question] || seenQ[tk] {
						continue
					}
					seenQ[x.question], seenQ[tk] = true, true
					qs = append(qs, &item{q: x.question, a: x.answer, group: para,
						x: squadQ{para: sp, start: utf8.RuneCountInString(p.text[:x.start])}})
				}
				// Unanswerable questions about the same subject, with a plausible but
				// wrong span from the passage.
				for k := int(float64(len(qs)) * squadUnanswerable / (1 - squadUnanswerable)); k > 0 && len(p.qas) > 0; k-- {
					v := g.factVars(subject)
					q := g.fill(unanswerableTmpl, v)
					if seenQ[q] {
						continue
					}
					seenQ[q] = true
					decoy := p.qas[g.r.IntN(len(p.qas))]
					qs = append(qs, &item{q: q, group: para, x: squadQ{para: sp, plausible: decoy.answer,
						pstart: utf8.RuneCountInString(p.text[:decoy.start])}})
				}
				g.r.Shuffle(len(qs), func(i, j int) { qs[i], qs[j] = qs[j], qs[i] })
				for _, it := range qs {
					if len(out) < n {
						out = append(out, it)
					}
				}
				para++
			}
			return out
		},
		write: func(w *writer, items []*item) ([]string, error) {
			// data → articles → paragraphs → qas, in item order.
			type qaJ = kv
			var data []any
			var curArt int = -1
			var paras []any
			var qas []any
			var curPara *squadPara
			title := ""
			flushPara := func() {
				if curPara != nil {
					paras = append(paras, kv{{"qas", qas}, {"context", curPara.context}})
				}
				qas = nil
			}
			flushArt := func() {
				if curArt >= 0 {
					data = append(data, kv{{"title", title}, {"paragraphs", paras}})
				}
				paras = nil
			}
			for i, it := range items {
				s := it.x.(squadQ)
				if s.para != curPara {
					flushPara()
					if s.para.article != curArt {
						flushArt()
						curArt, title = s.para.article, s.para.title
					}
					curPara = s.para
				}
				id := fmt.Sprintf("demo-squad-%05d", i)
				var q qaJ
				if it.a != "" {
					q = kv{{"question", it.q}, {"id", id}, {"answers", []any{kv{{"text", it.a}, {"answer_start", s.start}}}}, {"is_impossible", false}}
				} else {
					q = kv{{"plausible_answers", []any{kv{{"text", s.plausible}, {"answer_start", s.pstart}}}}, {"question", it.q}, {"id", id}, {"answers", []any{}}, {"is_impossible", true}}
				}
				qas = append(qas, q)
				it.id = w.id(id)
			}
			flushPara()
			flushArt()
			b, err := jsonIndent(kv{{"version", "v2.0"}, {"data", data}}, "")
			if err != nil {
				return nil, err
			}
			return []string{w.path("train-v2.0.json")}, w.file("train-v2.0.json", b)
		},
	}
}

// --- DROP ---

// dropPassage is a DROP passage; kind ("nfl", "history") starts its id.
type dropPassage struct {
	kind, text string
}

// dropAns is a DROP answer: one of number, date or spans.
type dropAns struct {
	number string
	date   [3]string // day, month, year
	spans  []string
}

func (a dropAns) json() kv {
	spans := a.spans
	if spans == nil {
		spans = []string{}
	}
	return kv{{"number", a.number}, {"date", kv{{"day", a.date[0]}, {"month", a.date[1]}, {"year", a.date[2]}}}, {"spans", spans}}
}

func (a dropAns) text() string {
	switch {
	case a.number != "":
		return a.number
	case len(a.spans) > 0:
		return strings.Join(a.spans, ", ")
	}
	return strings.Join(strings.Fields(strings.Join(a.date[:], " ")), " ")
}

// dropQ is a DROP question's extra fields.
type dropQ struct {
	passage *dropPassage
	ans     dropAns
}

// play is one scoring play of a generated game.
type play struct {
	quarter int
	team    string
	player  string
	kind    string // "pass", "run", "fg"
	yards   int
	passer  string
}

var ordinals = []string{"first", "second", "third", "fourth"}

// dropGame writes an NFL game summary in DROP's style and questions whose answers
// are computed from the plays.
func (g *gen) dropGame() (string, []string, []dropAns) {
	// Teams are a city and a mascot, so that two games rarely have the same pair
	// (questions name the teams; the same pair would ask nearly the same questions).
	team := func() string {
		t := g.word("team")
		return g.word("city") + " " + t[strings.LastIndexByte(t, ' ')+1:]
	}
	teams := []string{team(), team()}
	for teams[1] == teams[0] {
		teams[1] = team()
	}
	qb := []string{g.word("name"), g.word("name")}
	kicker := []string{g.word("name"), g.word("name")}
	var plays []play
	for q := 1; q <= 4; q++ {
		for k := g.intn(1, 3); k > 0; k-- {
			t := g.r.IntN(2)
			p := play{quarter: q, team: teams[t]}
			switch g.r.IntN(3) {
			case 0:
				p.kind, p.player, p.passer, p.yards = "pass", g.word("name"), qb[t], g.intn(2, 75)
			case 1:
				p.kind, p.player, p.yards = "run", g.word("name"), g.intn(1, 40)
			default:
				p.kind, p.player, p.yards = "fg", kicker[t], g.intn(19, 57)
			}
			plays = append(plays, p)
		}
	}
	var b strings.Builder
	week := g.intn(1, 17)
	fmt.Fprintf(&b, "Coming off their %s against the %s, the %s %s for a Week %d duel with the %s.",
		g.pick([]string{"win", "loss", "bye week", "road loss"}), g.word("team"), teams[0],
		g.pick([]string{"stayed at home", "flew to " + g.word("city")}), week, teams[1])
	for i, p := range plays {
		lead := ""
		if i == 0 || plays[i-1].quarter != p.quarter {
			lead = fmt.Sprintf("In the %s quarter, ", ordinals[p.quarter-1])
		} else {
			lead = g.pick([]string{"The " + p.team + " answered as ", "Later, ", "Then ", "After that, "})
		}
		switch p.kind {
		case "pass":
			fmt.Fprintf(&b, " %sthe %s scored when quarterback %s completed a %d-yard touchdown pass to %s.", lead, p.team, p.passer, p.yards, p.player)
		case "run":
			fmt.Fprintf(&b, " %srunning back %s of the %s got a %d-yard touchdown run.", lead, p.player, p.team, p.yards)
		default:
			fmt.Fprintf(&b, " %skicker %s made a %d-yard field goal for the %s.", lead, p.player, p.yards, p.team)
		}
	}
	fmt.Fprintf(&b, " %s the %s %s to %d-%d.", g.pick([]string{"With the win,", "With the loss,", "After the game,"}),
		teams[0], g.pick([]string{"improved", "fell"}), g.intn(1, 12), g.intn(1, 12))
	passage := b.String()

	var qs []string
	var as []dropAns
	add := func(q string, a dropAns) {
		qs, as = append(qs, q), append(as, a)
	}
	for t, k := range kicker {
		n := 0
		longest := 0
		for _, p := range plays {
			if p.kind == "fg" && p.player == k {
				n++
				longest = max(longest, p.yards)
			}
		}
		if n > 0 || g.chance(0.3) {
			add(fmt.Sprintf("How many field goals did %s kick?", k), dropAns{number: strconv.Itoa(n)})
		}
		if n > 0 && g.chance(0.5) {
			add(fmt.Sprintf("How many yards was the longest field goal by the %s in Week %d against the %s?", teams[t], week, teams[1-t]), dropAns{number: strconv.Itoa(longest)})
		}
	}
	// Questions name the teams or players, as most of DROP's do.
	for _, p := range plays {
		if p.kind != "fg" {
			add(fmt.Sprintf("Who scored the first touchdown of the Week %d game between the %s and the %s?", week, teams[0], teams[1]), dropAns{spans: []string{p.player}})
			break
		}
	}
	if g.chance(0.5) {
		add(fmt.Sprintf("Which team scored first in Week %d, the %s or the %s?", week, teams[0], teams[1]), dropAns{spans: []string{plays[0].team}})
	}
	longestPass := play{}
	for _, p := range plays {
		if p.kind == "pass" && p.yards > longestPass.yards {
			longestPass = p
		}
	}
	if longestPass.yards > 0 {
		add(fmt.Sprintf("How many yards was the longest touchdown pass of the Week %d game between the %s and the %s?", week, teams[0], teams[1]), dropAns{number: strconv.Itoa(longestPass.yards)})
		add(fmt.Sprintf("Who threw the longest touchdown pass, to %s?", longestPass.player), dropAns{spans: []string{longestPass.passer}})
	}
	half := 0
	for _, p := range plays {
		if p.kind != "fg" && p.quarter <= 2 {
			half++
		}
	}
	add(fmt.Sprintf("How many touchdowns did the %s and the %s score in the first half of their Week %d game?", teams[0], teams[1], week), dropAns{number: strconv.Itoa(half)})
	var fgs []play
	for _, p := range plays {
		if p.kind == "fg" {
			fgs = append(fgs, p)
		}
	}
	if len(fgs) >= 2 {
		sort.SliceStable(fgs, func(i, j int) bool { return fgs[i].yards > fgs[j].yards })
		add(fmt.Sprintf("How many more yards was %s's longest field goal than %s's shortest?", fgs[0].player, fgs[len(fgs)-1].player), dropAns{number: strconv.Itoa(fgs[0].yards - fgs[len(fgs)-1].yards)})
	}
	return passage, qs, as
}

// dropHistory writes a short history passage with dated events and questions on
// their order and distance in years.
func (g *gen) dropHistory() (string, []string, []dropAns) {
	place := g.brand()
	type event struct {
		what  string
		day   int
		month string
		year  int
	}
	year := g.intn(1500, 1900)
	var evs []event
	for k := g.intn(4, 7); k > 0; k-- {
		year += g.intn(1, 25)
		evs = append(evs, event{what: g.fill(historyEvent, map[string]string{"X": place}), day: g.intn(1, 28), month: g.word("month"), year: year})
	}
	var b strings.Builder
	b.WriteString(g.fill(historyOpen, map[string]string{"X": place}))
	for i, e := range evs {
		if i%2 == 0 {
			fmt.Fprintf(&b, " In %d, %s.", e.year, e.what)
		} else {
			fmt.Fprintf(&b, " On %d %s %d, %s.", e.day, e.month, e.year, e.what)
		}
		if g.chance(0.5) {
			b.WriteString(" " + g.fill(historyFiller, map[string]string{"X": place}))
		}
	}
	passage := b.String()
	var qs []string
	var as []dropAns
	// Each event is asked about once: two questions sharing an event differ by one
	// clause, a near-duplicate pair that is not one.
	perm := g.r.Perm(len(evs))
	for k := 0; k+1 < len(perm); k += 2 {
		i, j := perm[k], perm[k+1]
		if i > j {
			i, j = j, i
		}
		// Mostly counts of years: DROP's answers are numbers more than spans.
		switch u := g.r.IntN(10); {
		case u < 6:
			qs = append(qs, fmt.Sprintf("How many years passed between the time %s and the time %s?", evs[i].what, evs[j].what))
			as = append(as, dropAns{number: strconv.Itoa(evs[j].year - evs[i].year)})
		case u < 7:
			qs = append(qs, fmt.Sprintf("Which happened first: %s or %s?", evs[j].what, evs[i].what))
			as = append(as, dropAns{spans: []string{evs[i].what}})
		default:
			e := evs[i]
			if i%2 == 1 {
				qs = append(qs, fmt.Sprintf("When was it that %s?", e.what))
				as = append(as, dropAns{date: [3]string{strconv.Itoa(e.day), e.month, strconv.Itoa(e.year)}})
			} else {
				qs = append(qs, fmt.Sprintf("In what year did it happen that %s?", e.what))
				as = append(as, dropAns{date: [3]string{"", "", strconv.Itoa(e.year)}})
			}
		}
	}
	return passage, qs, as
}

var historyOpen = mustTmpls(
	`The history of {X} is [marked|shaped|defined] by [conflict|trade|reform] [with|among|across] [its neighbours|rival houses|the coastal towns].`,
)

var historyEvent = mustTmpls(
	`the {X} [council|assembly|guild] [signed|rejected|renewed] a [treaty|charter|pact] with {country}`,
	`[a fire|a flood|an epidemic] [destroyed|struck|emptied] [half of|the port of|the old quarter of] {X}`,
	`{name} [became|was crowned|was elected] [ruler|governor|mayor] of {X}`,
	`[merchants|settlers|soldiers] from {city} [arrived in|occupied|left] {X}`,
	`the [university|cathedral|bridge|harbour] of {X} was [founded|completed|rebuilt]`,
)

var historyFiller = mustTmpls(
	`[Trade|Taxes|Tensions] [rose|fell|grew] [steadily|sharply|slowly] [in the years that followed|during this period|after that].`,
	`[Many|Some|Few] [families|merchants|farmers] [moved|returned|fled] to {X} [as a result|soon after|over the next decade].`,
)

func dropSpec() *spec {
	return &spec{
		name: "drop",
		base: func(g *gen, n int) []*item {
			out := make([]*item, 0, n)
			pi := 0
			for len(out) < n {
				var text string
				var qs []string
				var as []dropAns
				kind := "nfl"
				// Most of DROP's passages are NFL game summaries, the rest history.
				if g.chance(0.8) {
					text, qs, as = g.dropGame()
				} else {
					kind = "history"
					text, qs, as = g.dropHistory()
				}
				p := &dropPassage{kind: kind, text: text}
				seen := map[string]bool{}
				for i := range qs {
					if seen[qs[i]] || len(out) >= n {
						continue
					}
					seen[qs[i]] = true
					out = append(out, &item{q: qs[i], a: as[i].text(), group: pi, x: dropQ{passage: p, ans: as[i]}})
				}
				pi++
			}
			return out
		},
		write: func(w *writer, items []*item) ([]string, error) {
			var obj kv
			var cur *dropPassage
			var qas []any
			flush := func() {
				if cur != nil {
					// Passage ids by position, like the release's "nfl_1184".
					id := fmt.Sprintf("%s_demo_%d", cur.kind, len(obj))
					obj = append(obj, kvPair{id, kv{{"passage", cur.text}, {"qa_pairs", qas}, {"wiki_url", "https://en.wikipedia.org/wiki/Demo_" + id}}})
				}
				qas = nil
			}
			for i, it := range items {
				d := it.x.(dropQ)
				if d.passage != cur {
					flush()
					cur = d.passage
				}
				qid := fmt.Sprintf("demo-drop-%05d", i)
				qas = append(qas, kv{{"question", it.q}, {"answer", d.ans.json()}, {"query_id", qid}})
				it.id = w.id(qid)
			}
			flush()
			b, err := jsonIndent(obj, " ")
			if err != nil {
				return nil, err
			}
			return []string{w.path("drop_dataset_train.json")}, w.file("drop_dataset_train.json", b)
		},
	}
}

// --- CoQA ---

// coqaStory is a CoQA story.
type coqaStory struct {
	source, filename, story string
}

// coqaQ is a CoQA turn's extra fields: the rationale span.
type coqaQ struct {
	story      *coqaStory
	start, end int
	rationale  string
}

// coqaDomains are CoQA's story sources with rough shares.
var coqaDomains = []string{"wikipedia", "wikipedia", "cnn", "gutenberg", "mctest", "race"}

// coqaKey is the adapter's story key: the hash of the story and its first question.
func coqaKey(story, firstQuestion string) string {
	return source.HashID(story + "\n" + firstQuestion)
}

func coqaSpec() *spec {
	return &spec{
		name: "coqa",
		base: func(g *gen, n int) []*item {
			out := make([]*item, 0, n)
			si := 0
			for len(out) < n {
				subject := g.subject()
				// Calibration: CoQA questions average 457 tokens; the story is about 290
				// of them, the conversation so far most of the rest.
				p := g.encyclopedic(subject, g.lengthAround(255, 0.2, 130))
				st := &coqaStory{source: g.pick(coqaDomains),
					filename: strings.ReplaceAll(p.title, " ", "_") + ".txt", story: p.text}
				var turns []*item
				seen := map[string]bool{}
				for _, x := range p.qas {
					if seen[x.question] {
						continue
					}
					seen[x.question] = true
					sent := p.sentences[x.sentence]
					start := strings.Index(p.text, sent)
					q, a := x.question, x.answer
					// Conversational turns: some ask yes/no about the same fact.
					if g.chance(0.2) {
						yes := g.chance(0.5)
						shown := a
						if !yes {
							shown = g.word("city")
						}
						q = "Was it " + shown + "?"
						a = map[bool]string{true: "yes", false: "no"}[yes]
					} else {
						if g.chance(0.5) {
							q = lowerFirst(q)
						}
						// CoQA answers are free-form: often the span with a few words
						// of its sentence around it (average 3.9 tokens).
						if i := strings.Index(sent, a); i >= 0 && g.chance(0.85) {
							ws := strings.Fields(sent[i:])
							a = strings.TrimRight(strings.Join(ws[:min(len(ws), len(strings.Fields(a))+g.intn(1, 5))], " "), ".,")
						}
					}
					turns = append(turns, &item{q: q, a: a, group: si,
						x: coqaQ{story: st, start: start, end: start + len(sent), rationale: sent}})
				}
				if len(turns) == 0 {
					continue
				}
				for _, t := range turns {
					if len(out) < n {
						out = append(out, t)
					}
				}
				si++
			}
			return out
		},
		write: func(w *writer, items []*item) ([]string, error) {
			var data []any
			var cur *coqaStory
			var qs, as []any
			var firstQ string
			turn := 0
			flush := func() {
				if cur != nil {
					data = append(data, kv{{"source", cur.source}, {"id", fmt.Sprintf("demo%026d", len(data))}, {"filename", cur.filename},
						{"story", cur.story}, {"questions", qs}, {"answers", as}, {"name", cur.filename}})
				}
				qs, as, turn = nil, nil, 0
			}
			var pending []*item // items of the current story, to set ids once firstQ is known
			setIDs := func() {
				for k, it := range pending {
					it.id = w.id(coqaKey(it.x.(coqaQ).story.story, firstQ) + "/" + strconv.Itoa(k+1))
				}
				pending = nil
			}
			for _, it := range items {
				c := it.x.(coqaQ)
				if c.story != cur {
					setIDs()
					flush()
					cur = c.story
					firstQ = it.q
				}
				turn++
				qs = append(qs, kv{{"input_text", it.q}, {"turn_id", turn}})
				as = append(as, kv{{"span_start", c.start}, {"span_end", c.end}, {"span_text", c.rationale},
					{"input_text", it.a}, {"turn_id", turn}})
				pending = append(pending, it)
			}
			setIDs()
			flush()
			b, err := jsonIndent(kv{{"version", "1.0"}, {"data", data}}, "")
			if err != nil {
				return nil, err
			}
			return []string{w.path("coqa-train-v1.0.json")}, w.file("coqa-train-v1.0.json", b)
		},
	}
}
