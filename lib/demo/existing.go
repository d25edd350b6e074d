package demo

import (
	"fmt"
	"math"
	"strings"
	"sync"

	"qmix/lib/record"
	"qmix/lib/source"
	"qmix/lib/token"
)

// The existing set: the plan's 47,442 synthetic questions (augmentation-plan.md,
// "Existing Synthetic Dataset").
const (
	ExistingSource  = "existing"
	ExistingLicense = "demo"
	// EasyShareTarget is the plan's token balance of the existing set: 58.4% of its
	// tokens in easy records, 41.6% in hard ones.
	EasyShareTarget = 58.4
	// BalanceTolerance is how far (in points) the generated balance may be from the
	// target; the generator lands within 0.05 and the tests check this bound.
	BalanceTolerance = 0.5
)

// ExistingPlan gives the plan's records per domain and how many of them are hard.
// The plan gives 667 hard records in all but not their domains; they are spread as
// evenly as the count allows (84 in each of the first three domains, 83 in the rest).
var ExistingPlan = []struct {
	Domain      string
	Records     int
	HardRecords int
}{
	{record.Coding, 6861, 84}, {record.Math, 6861, 84}, {record.ToolUse, 6861, 84}, {record.Reasoning, 6861, 83},
	{record.Reading, 4999, 83}, {record.Summarization, 4999, 83}, {record.CommonSense, 5000, 83}, {record.Instruction, 5000, 83},
}

// existingIDPrefix starts every existing record's id: "existing/demo/<n>".
const existingIDPrefix = ExistingSource + "/" + DemoSplit + "/"

// easyLengths are length targets (tokens) of the existing set's easy records per
// domain: [0] sizes the passage of reading and summarization questions, [1] the
// answers of coding, tool-use, reasoning, common-sense and instruction questions
// (other questions are as long as their templates, math answers as their worked
// solution, reading answers as their span). The set is synthetic, so nothing real
// calibrates them: they are chosen to look like the plan's teacher-written questions
// — short questions except where a passage is part of the question, answers of a
// paragraph or two. Measured easy means (question/answer): coding 39/112, math
// 58/121, tool_use 26/109, reasoning 60/80, reading 202/11, summarization 246/51,
// common_sense 14/45, instruction 16/116 — about 162 tokens a record. The hard
// records' lengths follow from the token balance: about 8,100 tokens, 50 times the
// easy mean (see sizeHard).
var easyLengths = map[string][2]float64{
	record.Coding: {40, 110}, record.Math: {50, 95}, record.ToolUse: {45, 80}, record.Reasoning: {70, 70},
	record.Reading: {170, 25}, record.Summarization: {230, 55}, record.CommonSense: {25, 45}, record.Instruction: {20, 110},
}

// genExisting generates the existing set at scale: records in a seeded interleaved
// order, with exact o200k token counts and the plan's token balance.
func genExisting(seed int64, scale float64, counter *token.Counter) ([]record.Record, error) {
	type part struct {
		recs []record.Record
	}
	parts := make([]part, len(ExistingPlan))
	var wg sync.WaitGroup
	for di, p := range ExistingPlan {
		n := max(1, int(math.Round(float64(p.Records)*scale)))
		h := min(n, max(1, int(math.Round(float64(p.HardRecords)*scale))))
		if n == 1 {
			h = 0
		}
		wg.Go(func() {
			g := newGen(seed, "existing/"+p.Domain)
			recs := make([]record.Record, 0, n)
			seen := map[string]bool{}
			for len(recs) < n {
				hard := len(recs) < h
				q, a := g.existingQA(p.Domain, hard)
				if seen[q] {
					continue
				}
				seen[q] = true
				d := record.Easy
				if hard {
					d = record.Hard
				}
				recs = append(recs, record.Record{Question: q, Answer: a, Domain: p.Domain, Difficulty: d})
			}
			parts[di].recs = recs
		})
	}
	wg.Wait()
	var all []record.Record
	for _, p := range parts {
		all = append(all, p.recs...)
	}
	// One seeded order over all domains, as a file of mixed questions would be.
	g := newGen(seed, "existing/order")
	g.r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	for i := range all {
		all[i].ID = fmt.Sprintf("%s%d", existingIDPrefix, i)
		all[i].Source = ExistingSource
		all[i].SourceID = fmt.Sprint(i)
		all[i].License = ExistingLicense
		all[i].Meta = map[string]any{"demo": true}
	}
	if err := sizeHard(all, seed, counter); err != nil {
		return nil, err
	}
	return all, nil
}

// sizeHard counts every record exactly, then writes the hard records' answers so
// that hard records hold 100 - EasyShareTarget percent of all tokens: the total the
// hard answers need is split over them by log-normal weights (a few very long), each
// answer is generated to its share, counted, and the last answers are regenerated
// until the balance is within 0.05 points.
func sizeHard(recs []record.Record, seed int64, counter *token.Counter) error {
	texts := make([]string, 0, 2*len(recs))
	for _, r := range recs {
		texts = append(texts, r.Question, r.Answer)
	}
	n := counter.CountAll(texts)
	var easy, hardQ int
	var hard []int
	for i := range recs {
		recs[i].Tokens = record.Tokens{Question: n[2*i], Answer: n[2*i+1]}
		if recs[i].Difficulty == record.Hard {
			hard = append(hard, i)
			hardQ += recs[i].Tokens.Question
		} else {
			easy += recs[i].TotalTokens()
		}
	}
	if len(hard) == 0 {
		return nil
	}
	target := float64(easy) * (100 - EasyShareTarget) / EasyShareTarget
	need := target - float64(hardQ)
	if need < float64(len(hard)) {
		return fmt.Errorf("demo: hard questions alone exceed the token balance's hard share")
	}
	g := newGen(seed, "existing/hard")
	weights := make([]float64, len(hard))
	sum := 0.0
	for i := range weights {
		weights[i] = math.Exp(0.5 * g.r.NormFloat64())
		sum += weights[i]
	}
	answers := make([]string, len(hard))
	asked := 0
	for k, i := range hard {
		want := int(need * weights[k] / sum)
		asked += want
		answers[k] = g.hardAnswer(recs[i].Domain, want)
	}
	counts := counter.CountAll(answers)
	got := 0
	for k, i := range hard {
		recs[i].Answer = answers[k]
		recs[i].Tokens.Answer = counts[k]
		got += counts[k]
	}
	// approxTokens is off by a steady factor on this text; measure it, then rewrite
	// the last hard answers to absorb the remaining difference, counting exactly
	// after every rewrite so that the loop settles on the true balance.
	ratio := float64(got) / float64(max(1, asked))
	for round, k := 0, len(hard)-1; round < 50; round++ {
		share := 100 * float64(easy) / float64(easy+hardQ+got)
		if math.Abs(share-EasyShareTarget) < 0.05 {
			return nil
		}
		i := hard[k]
		want := max(50, recs[i].Tokens.Answer+int(need)-got)
		a := g.hardAnswer(recs[i].Domain, int(float64(want)/ratio))
		c := counter.Count(a)
		got += c - recs[i].Tokens.Answer
		recs[i].Answer, recs[i].Tokens.Answer = a, c
		if k--; k < 0 {
			k = len(hard) - 1
		}
	}
	return fmt.Errorf("demo: could not reach the token balance %.1f/%.1f", EasyShareTarget, 100-EasyShareTarget)
}

// existingQA writes a question and answer of a domain; hard records get a longer,
// multi-part question (their answer is written by sizeHard).
func (g *gen) existingQA(domain string, hard bool) (string, string) {
	l := easyLengths[domain]
	aLen := g.lengthAround(l[1], 0.5, 8)
	var q, a string
	switch domain {
	case record.Coding:
		// A scene and the function's name make synthetic coding questions differ
		// more than the dozen task archetypes alone would.
		p := g.pyProblem()
		q = p.text
		q = g.fill(codingScene, nil) + " " + q
		if g.chance(0.7) {
			q += " Name it `" + p.name + "`."
		}
		if g.chance(0.6) {
			q += " " + g.fill(codingDetail, nil)
		}
		a = "```python\n" + p.code + "\n```\n\n" + g.explain("coding", max(8, aLen-approxTokens(p.code)))
	case record.Math:
		if g.chance(0.6) {
			p := g.gsm()
			q, a = p.question, p.plain()
		} else {
			p := g.mathProblem()
			q, a = p.problem, p.solution
		}
	case record.ToolUse:
		v := map[string]string{"A": g.pick(identNouns), "A2": g.pick(identNouns), "B": g.pick(identNouns), "API": camel(g.ident(2), false)}
		if g.chance(0.5) {
			q = g.fill(tbQueryTmpl, v)
		} else {
			q = g.fill(gorillaInstr, map[string]string{"task2": g.gorillaTaskFor(g.pick(gorillaDomains[g.r.IntN(3)]))})
			if g.chance(0.7) {
				q = g.fill(gorillaScene, nil) + " " + q
			}
		}
		a = g.fill(toolPlan, v) + " " + g.explain("general", aLen)
	case record.Reasoning:
		m := g.mcQuestion(g.mcTopic(g.pick(mmluSubjects)), 4, func() string { return g.word("concept") }, true)
		q = source.MultipleChoice(m.stem, source.DefaultLabels(4), m.options)
		a = "The answer is " + source.Letters[m.key:m.key+1] + ". " + g.explain("general", aLen)
	case record.Reading:
		p := g.encyclopedic(g.subject(), g.lengthAround(l[0]-20, 0.3, 40))
		if len(p.qas) == 0 {
			return g.existingQA(domain, hard)
		}
		x := p.qas[g.r.IntN(len(p.qas))]
		q = g.fill(readingLead, nil) + "\n\n" + p.text + "\n\n" + x.question
		a = capFirst(x.answer) + ". " + g.fill(readingWhy, nil)
	case record.Summarization:
		art := g.newsArticle(g.lengthAround(l[0]-15, 0.3, 50))
		q = g.fill(summarizeLead, nil) + "\n\n" + strings.Join(art.paragraphs, "\n\n")
		var s []string
		for k := g.intn(2, 3); k > 0; k-- {
			s = append(s, g.fill(summarySentence, art.vars))
		}
		a = strings.Join(s, " ")
	case record.CommonSense:
		if g.chance(0.5) {
			q = g.fill(csqaStem, nil)
		} else {
			q = g.fill(piqaGoal[:1], nil)
		}
		a = g.fill(piqaSol, nil) + " " + g.explain("general", max(5, aLen-25))
	default: // instruction
		q = g.fill(alpacaInstr, nil)
		if g.chance(0.85) {
			q += " " + g.fill(instructionDetail, nil)
		}
		a = g.alpacaOutput(q, aLen)
	}
	if hard {
		q += "\n\n" + g.fill(hardRequirements, nil)
		if g.chance(0.5) {
			q += " " + g.fill(hardRequirements, nil)
		}
		a = "" // written by sizeHard
	}
	return q, a
}

var codingScene = mustTmpls(
	`[I'm building|We maintain|{name} is writing] a {adj} [inventory|booking|grading|scheduling|billing] [tool|app|script] for a {place} in {city}.`,
	`[Our|My] {job} [friend|colleague|team] [keeps|tracks|logs] {obj} [in a spreadsheet|in a CSV file|by hand] and [wants|needs] [some help|a helper|automation].`,
	`[For|As part of] a {adj} {field} [project|course|exercise] [at|in] {city}, [we|I] [need|want] a small utility.`,
)

var codingDetail = mustTmpls(`[Include|Add] [type hints|a docstring|input validation].`, `[Explain|Describe] the time complexity.`, `Do not use [any imports|built-in sort|recursion].`)

var instructionDetail = mustTmpls(
	`[Keep it under|Use at most|Write about] {#40-300} words.`,
	`[Write it for|Address it to|Aim it at] a {adj} {job} in {city}.`,
	`[Mention|Include|Refer to] [the|a] {obj} and the {place}[ at least once|].`,
	`[Use|Adopt] a [friendly|formal|playful|neutral] tone[ suitable for a {event}|].`,
)

var toolPlan = mustTmpls(
	"[First|To start], call `{API}` with the {B} [as the only argument|and a limit of {#5-50}], then [read|take|use] the {A} [field|list|value] from the [response|result].",
	"[Use|Call] the `{API}` endpoint [to fetch|to look up|for] the {A}; [if it fails|when it returns nothing], [retry once|fall back to the cached {A2}|report the error].",
)

var readingLead = mustTmpls(`[Read|Study] the [passage|text] [below|that follows] and answer the question [after it|at the end].`, `Answer the question using only the passage.`)
var readingWhy = mustTmpls(`The passage [states|says|mentions] this [directly|in one sentence|near the {#2-5}th sentence].`, `[This|That] is given [explicitly|plainly] in the passage.`)
var summarizeLead = mustTmpls(`Summarize the following [text|article|report] in [two|three] sentences.`, `Write a [short|brief] summary of this [news story|article].`)

// hardRequirements make a question hard: several parts, justification, trade-offs.
var hardRequirements = mustTmpls(
	`[Explain|Justify] [each|every] step [in detail|carefully], [discuss|cover] [the edge cases|what could go wrong|the assumptions], and [compare|contrast] at least [two|three] [approaches|methods|alternatives].`,
	`[Then|Afterwards], [generalize|extend] the [result|solution|plan] to {#3-12} [cases|inputs|settings] and [prove|argue|show] [that it is correct|why it holds|its limits].`,
	`[Write|Give] a [complete|thorough|structured] [answer|report|analysis] with [sections|numbered parts|headings], [including|with] [a worked example|a summary table|a final recommendation].`,
)

// hardAnswer writes a long structured answer of about tokens tokens: numbered
// sections of expository paragraphs (with code for coding questions).
func (g *gen) hardAnswer(domain string, tokens int) string {
	flavour := "general"
	switch domain {
	case record.Coding:
		flavour = "coding"
	case record.Math:
		flavour = "math"
	}
	var b strings.Builder
	n := 0
	for s := 1; n < tokens; s++ {
		head := fmt.Sprintf("## Part %d: %s\n\n", s, capFirst(g.pick(expositoryK)))
		chunk := min(tokens-n, g.intn(250, 700))
		body := g.explain(flavour, chunk)
		if flavour == "coding" && g.chance(0.5) {
			p := g.pyProblem()
			body += "\n\n```python\n" + p.code + "\n```"
		}
		if s > 1 {
			b.WriteString("\n\n")
		}
		b.WriteString(head)
		b.WriteString(body)
		n += approxTokens(head) + approxTokens(body) + 2
	}
	return b.String()
}
