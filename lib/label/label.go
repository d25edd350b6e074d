// Package label scores how complex a record is and relabels easy records hard when
// the score says so. The default difficulty of every public record is set by its
// adapter (the per-source rules documented in source.Adapter.Difficulty: MATH levels
// 4–5, MMLU college and professional subjects, ToolBench multi-tool groups are hard;
// everything else easy). Relabel is the explicit, reported second step: it returns a
// copy of its input in which every considered easy record whose Score exceeds
// Options.HardAbove is hard, marked with meta.relabelled=true and meta.complexity;
// it never turns a hard record easy, never drops or reorders records, and reports
// per source how many records were hard before, relabelled and hard after. Score is
// a pure function of the record, so relabelling is deterministic.
package label

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"qmix/lib/internal/stop"
	"qmix/lib/record"
	"qmix/lib/source"
)

// DefaultHardAbove is the score above which Relabel turns an easy record hard. It
// was chosen on the real files under ../shared/datasets (TestScoreOnRealData logs the
// distribution): 0.62 lies above the 95th percentile of every source its adapter
// labels easy except MATH and HumanEval, and above the highest GSM8K score (0.61), so
// only long multi-step worked solutions and long programs flip — about one HumanEval
// problem in five, one MATH Level 1–3 solution in eight, a handful of MBPP — while the
// score's median rises with MATH's own level (0.33, 0.40, 0.44, 0.50, 0.61 for
// Levels 1–5), the evidence that it measures what the source's annotators measured.
const DefaultHardAbove = 0.62

// Weights of the score's terms; they sum to 1 so the score stays in [0, 1]. The
// answer carries most of the weight because it is what a model must learn to
// produce: its length, the number of steps it takes, and how much mathematics or
// code it holds. The question's length and the number of options add a little: a
// long reading passage or five distractors make a question slower, not deeper.
const (
	wAnswer   = 0.30 // answer tokens, log-scaled
	wSteps    = 0.25 // reasoning steps: sentences and lines of the answer
	wMath     = 0.20 // math operators and LaTeX commands in question and answer
	wCode     = 0.15 // lines of code in the answer
	wQuestion = 0.05 // question tokens, log-scaled
	wOptions  = 0.05 // number of answer options of a multiple-choice item
)

// Saturation points: a term reaches 1 at these values and stays there, so one huge
// feature cannot outweigh the others.
const (
	answerTokensFull   = 512  // a page-long worked solution (MATH Level 5 solutions run 300–600)
	questionTokensFull = 1024 // a long news article or reading passage
	stepsFull          = 12   // GSM8K solutions take 2–8 steps; competition solutions 10 and more
	mathOpsFull        = 40   // a LaTeX-dense competition problem and solution
	codeLinesFull      = 40   // HumanEval's longest canonical solutions are about 40 lines
	optionsFull        = 6    // options beyond 6 add nothing; 2 (PIQA) count as none
	// codeLinesPerStep: a step of an algorithm — a loop or condition with its body —
	// takes about three lines of code, so three code lines count as one step.
	codeLinesPerStep = 3
)

// Terms are the parts of Score, each in [0, 1] before weighting.
type Terms struct {
	Answer   float64 // log(1+answer tokens) / log(1+512)
	Steps    float64 // steps / 12: prose sentences and lines of the answer, plus one per 3 code lines
	Math     float64 // math operators and LaTeX commands / 40
	Code     float64 // non-empty code lines of the answer / 40
	Question float64 // log(1+question tokens) / log(1+1024)
	Options  float64 // (options − 2) / 4 for multiple-choice items
}

// Score is the complexity score of r in [0, 1]:
//
//	0.30·Answer + 0.25·Steps + 0.20·Math + 0.15·Code + 0.05·Question + 0.05·Options
//
// with every term saturating at 1 (see Terms and the constants above for why each
// term and each saturation point). Lengths are log-scaled because the difference
// between a 10- and a 100-token answer matters far more than between 400 and 490
// (Zipf-like length distributions; the same reason BM25 and tf-idf damp counts).
// Token counts come from r.Tokens; a record without counts is estimated at four
// characters per token, o200k_base's rough average on English text.
func Score(r record.Record) float64 {
	t := ScoreTerms(r)
	s := wAnswer*t.Answer + wSteps*t.Steps + wMath*t.Math + wCode*t.Code + wQuestion*t.Question + wOptions*t.Options
	return clamp01(s)
}

// ScoreTerms returns the unweighted terms of Score, for inspecting why a record
// scores as it does.
func ScoreTerms(r record.Record) Terms {
	qTok, aTok := r.Tokens.Question, r.Tokens.Answer
	if qTok == 0 && aTok == 0 {
		qTok, aTok = estimateTokens(r.Question), estimateTokens(r.Answer)
	}
	prose, code := splitCode(r.Answer, r.Domain == record.Coding)
	steps := countSteps(prose) + code/codeLinesPerStep
	return Terms{
		Answer:   logScale(aTok, answerTokensFull),
		Steps:    clamp01(float64(steps) / stepsFull),
		Math:     clamp01(float64(countMath(r.Question)+countMath(prose)) / mathOpsFull),
		Code:     clamp01(float64(code) / codeLinesFull),
		Question: logScale(qTok, questionTokensFull),
		Options:  clamp01(float64(options(r)-2) / (optionsFull - 2)),
	}
}

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }

func logScale(n, full int) float64 {
	if n <= 0 {
		return 0
	}
	return clamp01(math.Log1p(float64(n)) / math.Log1p(float64(full)))
}

func estimateTokens(s string) int { return (utf8.RuneCountInString(s) + 3) / 4 }

// options is the number of answer options: meta.choices where the adapter kept them
// (MMLU, ARC, CommonsenseQA, HellaSwag, PIQA's two solutions), else 0.
func options(r record.Record) int {
	switch c := r.Meta["choices"].(type) {
	case []any:
		return len(c)
	case []string:
		return len(c)
	case map[string]any: // {"label": [...], "text": [...]} layouts
		if t, ok := c["text"].([]any); ok {
			return len(t)
		}
	}
	return 0
}

// splitCode separates an answer into prose and a count of non-empty code lines.
// Code is what sits inside ``` fences; without fences, the whole answer is code when
// most of its lines look like code — of at least three lines, or of any length in a
// coding record, where an answer of one line "return a + b" is code.
func splitCode(answer string, coding bool) (prose string, codeLines int) {
	if strings.Contains(answer, "```") {
		var sb strings.Builder
		in := false
		for _, line := range strings.Split(answer, "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "```") {
				in = !in
				continue
			}
			if in {
				if strings.TrimSpace(line) != "" {
					codeLines++
				}
				continue
			}
			sb.WriteString(line)
			sb.WriteByte('\n')
		}
		return sb.String(), codeLines
	}
	var nonEmpty, codeLike int
	for _, line := range strings.Split(answer, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		nonEmpty++
		if looksLikeCode(line) {
			codeLike++
		}
	}
	// Outside coding, "most" needs at least three lines: a one-line answer such as
	// "x = 5;" is too short to call code.
	if 2*codeLike > nonEmpty && (coding || nonEmpty >= 3) {
		return "", nonEmpty
	}
	return answer, 0
}

// looksLikeCode: indented lines, lines ending in a block or statement delimiter, and
// lines opening with a common keyword of the sources' languages (Python, JavaScript,
// Go, Java, PHP, Ruby — CodeSearchNet's six).
func looksLikeCode(line string) bool {
	if strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t") {
		return true
	}
	t := strings.TrimSpace(line)
	switch t[len(t)-1] {
	case '{', '}', ';', ':', ')':
		if !strings.HasSuffix(t, ".)") {
			return true
		}
	}
	for _, kw := range []string{"def ", "return", "import ", "from ", "class ", "function ", "func ", "var ", "let ", "const ", "for (", "if (", "public ", "private ", "#include"} {
		if strings.HasPrefix(t, kw) {
			return true
		}
	}
	return false
}

// countSteps counts the reasoning steps of prose: every non-empty line is at least
// one step, and a line holding several sentences counts each. GSM8K's "#### 42"
// final-answer line is a marker, not a step.
func countSteps(prose string) int {
	n := 0
	for _, line := range strings.Split(prose, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "####") {
			continue
		}
		n += sentences(t)
	}
	return n
}

// sentences counts sentence ends — '.', '!' or '?' followed by a space or the end —
// in a non-empty line, at least one. Decimals ("3.5") are not ends, because a digit
// follows the point.
func sentences(line string) int {
	n := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '.', '!', '?':
			if i+1 == len(line) || line[i+1] == ' ' {
				n++
			}
		}
	}
	if n == 0 || !strings.ContainsAny(line[len(line)-1:], ".!?") {
		n++ // a line without a final terminator (a formula, a list item) is a step too
	}
	return n
}

// countMath counts LaTeX commands (\frac, \sqrt, …) and operator symbols. Counting,
// not density, is deliberate: "What is 2+2?" is dense but trivial; a count grows with
// both density and length. GSM8K's calculator annotations <<48/2=24>> repeat the
// expression beside them and are skipped. '-' is left out (hyphens in prose), and so
// are digits (a year or a price is not mathematics).
func countMath(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '<' && strings.HasPrefix(s[i:], "<<"):
			if end := strings.Index(s[i:], ">>"); end > 0 {
				i += end + 1
				continue
			}
		case c == '\\' && i+1 < len(s) && isLetter(s[i+1]):
			n++
			for i+1 < len(s) && isLetter(s[i+1]) {
				i++
			}
		case strings.IndexByte("=+*/^_<>", c) >= 0:
			n++
		case c >= 0x80:
			r, size := utf8.DecodeRuneInString(s[i:])
			if strings.ContainsRune("×÷−±≤≥≠≈√∑∏∫∞π", r) {
				n++
			}
			i += size - 1
		}
	}
	return n
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// Options configure Relabel. The zero value relabels every record at DefaultHardAbove.
type Options struct {
	// HardAbove is the score above which an easy record becomes hard; 0 means
	// DefaultHardAbove. Scores lie in [0, 1]: 1 or more relabels nothing.
	HardAbove float64
	// OnlyPublic limits relabelling to records of registered public sources (the
	// lib/source registry), leaving the existing set as it is.
	OnlyPublic bool
	// Sources limits relabelling to the named sources; nil means all.
	Sources []string
}

// SourceCount is one source's line of a Report.
type SourceCount struct {
	Source     string `json:"source"`
	Records    int    `json:"records"`
	HardBefore int    `json:"hard_before"`
	Relabelled int    `json:"relabelled"`
	HardAfter  int    `json:"hard_after"`
	// Considered is how many records the options let Relabel look at.
	Considered int `json:"considered"`
	// TokensRelabelled is the question+answer tokens of the relabelled records: what
	// moves from the easy to the hard side of the token balance.
	TokensRelabelled int `json:"tokens_relabelled"`
}

// Report counts what Relabel did, per source and in total.
type Report struct {
	HardAbove float64       `json:"hard_above"`
	BySource  []SourceCount `json:"by_source"` // the registry's order, then other sources by name
	Total     SourceCount   `json:"total"`     // Source "total"
}

// String renders the report as an aligned table.
func (rep Report) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "relabel: easy → hard above complexity %.2f\n", rep.HardAbove)
	tw := tabwriter.NewWriter(&sb, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "source\trecords\tconsidered\thard before\trelabelled\thard after\ttokens relabelled\t\n")
	for _, c := range append(append([]SourceCount(nil), rep.BySource...), rep.Total) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t\n", c.Source, c.Records, c.Considered, c.HardBefore, c.Relabelled, c.HardAfter, c.TokensRelabelled)
	}
	tw.Flush()
	return sb.String()
}

// Relabel returns a copy of recs in which every considered easy record scoring above
// the threshold is hard, with meta.relabelled = true and meta.complexity = its score
// (rounded to 4 decimals); its Meta map is copied, so recs is left untouched. Hard
// records stay hard. The report has a line for every source in recs.
func Relabel(recs []record.Record, opt Options) ([]record.Record, Report) {
	out, rep, _ := relabel(recs, opt, false)
	return out, rep
}

// RelabelStoppable is Relabel that checks the stop context (lib.SetContext) every
// few thousand records and returns its error, wrapped, once the running statement
// of the prompt or kernel is cancelled.
func RelabelStoppable(recs []record.Record, opt Options) ([]record.Record, Report, error) {
	return relabel(recs, opt, true)
}

func relabel(recs []record.Record, opt Options, stoppable bool) ([]record.Record, Report, error) {
	hardAbove := opt.HardAbove
	if hardAbove == 0 {
		hardAbove = DefaultHardAbove
	}
	var only map[string]bool
	if opt.Sources != nil {
		only = make(map[string]bool, len(opt.Sources))
		for _, s := range opt.Sources {
			only[s] = true
		}
	}
	public := map[string]bool{}
	for _, n := range source.Names() {
		public[n] = true
	}
	out := make([]record.Record, len(recs))
	counts := map[string]*SourceCount{}
	for i, r := range recs {
		if stoppable && i%stop.Every == stop.Every-1 {
			if err := stop.Err(); err != nil {
				return nil, Report{}, fmt.Errorf("relabel: stopped after %d of %d records: %w", i, len(recs), err)
			}
		}
		c := counts[r.Source]
		if c == nil {
			c = &SourceCount{Source: r.Source}
			counts[r.Source] = c
		}
		c.Records++
		if r.Difficulty == record.Hard {
			c.HardBefore++
		}
		considered := (only == nil || only[r.Source]) && (!opt.OnlyPublic || public[r.Source])
		if considered {
			c.Considered++
			if r.Difficulty == record.Easy {
				if s := Score(r); s > hardAbove {
					meta := make(map[string]any, len(r.Meta)+2)
					for k, v := range r.Meta {
						meta[k] = v
					}
					meta["relabelled"] = true
					meta["complexity"] = math.Round(s*1e4) / 1e4
					r.Meta = meta
					r.Difficulty = record.Hard
					c.Relabelled++
					c.TokensRelabelled += r.TotalTokens()
				}
			}
		}
		if r.Difficulty == record.Hard {
			c.HardAfter++
		}
		out[i] = r
	}
	rep := Report{HardAbove: hardAbove, Total: SourceCount{Source: "total"}}
	for _, name := range orderSources(counts) {
		c := *counts[name]
		rep.BySource = append(rep.BySource, c)
		rep.Total.Records += c.Records
		rep.Total.Considered += c.Considered
		rep.Total.HardBefore += c.HardBefore
		rep.Total.Relabelled += c.Relabelled
		rep.Total.HardAfter += c.HardAfter
		rep.Total.TokensRelabelled += c.TokensRelabelled
	}
	return out, rep, nil
}

// orderSources lists the sources of counts in the registry's (the plan's) order,
// then any others by name, so the report reads like the plan's tables.
func orderSources(counts map[string]*SourceCount) []string {
	var out []string
	for _, n := range source.Names() {
		if counts[n] != nil {
			out = append(out, n)
		}
	}
	var rest []string
	for n := range counts {
		if _, err := source.Lookup(n); err != nil {
			rest = append(rest, n)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}
