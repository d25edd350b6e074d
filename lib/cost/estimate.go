package cost

import (
	"fmt"
	"sort"
	"strings"

	"qmix/lib/record"
)

// Teacher is a model that writes answers, for records of one difficulty ("" for
// all).
type Teacher struct {
	Model      string `json:"model"`
	Difficulty string `json:"difficulty"`
}

// DefaultTeachers read the plan's "GPT-4o-mini + Claude" as one answer per record:
// the cheap model for easy questions, Claude for hard ones (the record schema holds
// one answer, and hard questions are where a stronger teacher matters).
var DefaultTeachers = []Teacher{{Model: "gpt-4o-mini", Difficulty: record.Easy}, {Model: "claude-sonnet-4-5", Difficulty: record.Hard}}

// Defaults of Options, with why.
const (
	// DefaultReformatter rewrites terse answers: the right answer is given, so the
	// cheap model suffices.
	DefaultReformatter = "gpt-4o-mini"
	// DefaultValidator is the plan's "GPT-4-mini" (see prices.json for the mapping).
	DefaultValidator = "gpt-4.1-mini"
	// DefaultPromptTokens is the instruction text sent with every generation or
	// reformatting request ("Answer the question. Show your reasoning, then the final
	// answer…"): about 60 o200k tokens.
	DefaultPromptTokens = 60
	// DefaultValidationPromptTokens is the quality-check instruction (criteria and
	// the JSON verdict format, as package llm sends it): about 150 tokens, plus the
	// question.
	DefaultValidationPromptTokens = 150
	// DefaultValidationOutputTokens is a verdict: {"valid": …, "reason": "…"}.
	DefaultValidationOutputTokens = 20
	// DefaultMaxOutputTokens caps an expected answer at GPT-4o-mini's output limit.
	DefaultMaxOutputTokens = 16384
	// PlanTrainingUSD is the plan's training cost (step 5, GPU time). It is not a
	// token cost and is not recomputed; it is carried so totals compare with the plan.
	PlanTrainingUSD = 39.0
)

// DefaultOutputTokens is the expected length of a written answer per domain, used
// where the records give no better estimate (fewer than 20 worked answers in the
// domain): medians of the real worked answers in ../shared/datasets — HumanEval 166,
// MATH 139, GSM8K 73, Gorilla 115, CNN/DailyMail 48, XSum 25, Alpaca 47 tokens — and,
// for domains whose public sources have only terse answers (reasoning, reading,
// common sense), an explained answer of about 120 tokens.
var DefaultOutputTokens = map[string]int{
	record.Coding: 160, record.Math: 120, record.ToolUse: 115, record.Reasoning: 120,
	record.Reading: 120, record.Summarization: 40, record.CommonSense: 120, record.Instruction: 60,
}

// minSample is how many worked answers a domain needs before their median replaces
// DefaultOutputTokens.
const minSample = 20

// Options configure Estimate; zero fields take the defaults above.
type Options struct {
	Prices                 Prices    // zero: DefaultPrices()
	Teachers               []Teacher // nil: DefaultTeachers
	Reformatter            string
	Validator              string
	PromptTokens           int
	ValidationPromptTokens int
	ValidationOutputTokens int
	MaxOutputTokens        int
	Batch                  bool    // prices through the Batch API (its discount)
	TrainingUSD            float64 // 0: PlanTrainingUSD; negative: none
}

func (o Options) withDefaults() Options {
	if len(o.Prices.Models) == 0 {
		o.Prices = DefaultPrices()
	}
	if o.Teachers == nil {
		o.Teachers = DefaultTeachers
	}
	if o.Reformatter == "" {
		o.Reformatter = DefaultReformatter
	}
	if o.Validator == "" {
		o.Validator = DefaultValidator
	}
	if o.PromptTokens == 0 {
		o.PromptTokens = DefaultPromptTokens
	}
	if o.ValidationPromptTokens == 0 {
		o.ValidationPromptTokens = DefaultValidationPromptTokens
	}
	if o.ValidationOutputTokens == 0 {
		o.ValidationOutputTokens = DefaultValidationOutputTokens
	}
	if o.MaxOutputTokens == 0 {
		o.MaxOutputTokens = DefaultMaxOutputTokens
	}
	switch {
	case o.TrainingUSD == 0:
		o.TrainingUSD = PlanTrainingUSD
	case o.TrainingUSD < 0:
		o.TrainingUSD = 0
	}
	return o
}

// Report is the cost estimate: the three scenarios, their model calls, and the
// hybrid answer plan per source. It has no timings; the same records and options
// give the same report.
type Report struct {
	Records     int            `json:"records"`
	PricesRead  string         `json:"prices_read"`
	Batch       bool           `json:"batch"`
	Models      []Model        `json:"models"` // the priced models used
	Teachers    []Teacher      `json:"teachers"`
	Reformatter string         `json:"reformatter"`
	Validator   string         `json:"validator"`
	Assumptions Assumptions    `json:"assumptions"`
	Scenarios   []Scenario     `json:"scenarios"`
	Sources     []SourcePlan   `json:"sources"` // the hybrid plan per source
	Expected    map[string]int `json:"expected_output"`
}

// Assumptions are the token counts the estimate adds to the measured ones.
type Assumptions struct {
	PromptTokens           int     `json:"prompt_tokens"`
	ValidationPromptTokens int     `json:"validation_prompt_tokens"`
	ValidationOutputTokens int     `json:"validation_output_tokens"`
	MaxOutputTokens        int     `json:"max_output_tokens"`
	TrainingUSD            float64 `json:"training_usd"`
}

// Scenario is one of the plan's answer scenarios.
type Scenario struct {
	Policy   Policy `json:"policy"`
	Title    string `json:"title"`
	AsIs     int    `json:"as_is"`
	Reformat int    `json:"reformat"`
	Generate int    `json:"generate"`
	Lines    []Line `json:"lines"` // answer calls per model (validation is in Validation)
	// AnswersUSD is the answer calls; ValidationUSD the optional step 3 (the same in
	// every scenario); TrainingUSD the plan's figure.
	AnswersUSD    float64 `json:"answers_usd"`
	ValidationUSD float64 `json:"validation_usd"`
	TrainingUSD   float64 `json:"training_usd"`
	// Low is answers + training (validation skipped), High adds validation: the
	// plan's ranges are read the same way ("$39–48").
	Low        float64 `json:"low_usd"`
	High       float64 `json:"high_usd"`
	PlanTotal  string  `json:"plan_total"` // the plan's own figure
	Validation Line    `json:"validation"`
}

// Line is the calls to one model for one role.
type Line struct {
	Role         string  `json:"role"` // "teacher", "reformat" or "validate"
	Model        string  `json:"model"`
	Requests     int     `json:"requests"`
	InputTokens  int64   `json:"input_tokens"`
	OutputTokens int64   `json:"output_tokens"`
	USD          float64 `json:"usd"`
}

// SourcePlan counts one source's records by action under the hybrid plan.
type SourcePlan struct {
	Source   string `json:"source"`
	Records  int    `json:"records"`
	AsIs     int    `json:"as_is"`
	Reformat int    `json:"reformat"`
	Generate int    `json:"generate"`
}

// planFigures are the plan's "Cost Savings Scenarios" totals, and titles.
var planFigures = map[Policy][2]string{
	UseExisting:   {"1. Use existing answers", "$39–48"},
	Hybrid:        {"2. Hybrid (existing + regenerate hard)", "~$200"},
	RegenerateAll: {"3. Regenerate all", "$574–583"},
}

// Estimate plans every record's answer under each scenario and prices the calls.
func Estimate(recs []record.Record, opt Options) (Report, error) {
	o := opt.withDefaults()
	rep := Report{Records: len(recs), PricesRead: o.Prices.Read, Batch: o.Batch, Teachers: o.Teachers,
		Reformatter: o.Reformatter, Validator: o.Validator,
		Assumptions: Assumptions{o.PromptTokens, o.ValidationPromptTokens, o.ValidationOutputTokens, o.MaxOutputTokens, o.TrainingUSD}}
	models := map[string]Model{}
	need := []string{o.Reformatter, o.Validator}
	for _, t := range o.Teachers {
		need = append(need, t.Model)
	}
	for _, k := range need {
		if _, ok := models[k]; ok {
			continue
		}
		m, err := o.Prices.Model(k)
		if err != nil {
			return Report{}, err
		}
		models[k] = m
		rep.Models = append(rep.Models, m)
	}
	rep.Expected = expectedByDomain(recs, o.MaxOutputTokens)
	expected := func(r record.Record) int {
		if r.Tokens.Answer > 0 && !TerseSources[r.Source] {
			return min(r.Tokens.Answer, o.MaxOutputTokens)
		}
		return rep.Expected[r.Domain]
	}

	val := Line{Role: "validate", Model: o.Validator}
	for _, r := range recs {
		val.Requests++
		val.InputTokens += int64(o.ValidationPromptTokens + r.Tokens.Question)
		val.OutputTokens += int64(o.ValidationOutputTokens)
	}
	val.USD = models[o.Validator].Cost(int(val.InputTokens), int(val.OutputTokens), o.Batch)

	for _, p := range Policies {
		sc := Scenario{Policy: p, Title: planFigures[p][0], PlanTotal: planFigures[p][1], Validation: val,
			ValidationUSD: val.USD, TrainingUSD: o.TrainingUSD}
		lines := map[string]*Line{}
		var order []string
		add := func(role, model string, in, out int) {
			key := role + "\x00" + model
			l := lines[key]
			if l == nil {
				l = &Line{Role: role, Model: model}
				lines[key] = l
				order = append(order, key)
			}
			l.Requests++
			l.InputTokens += int64(in)
			l.OutputTokens += int64(out)
		}
		for _, r := range recs {
			plan := PlanFor(r, p)
			switch plan.Action {
			case AsIs:
				sc.AsIs++
			case Reformat:
				sc.Reformat++
				add("reformat", o.Reformatter, o.PromptTokens+r.Tokens.Question+r.Tokens.Answer, expected(r))
			case Generate:
				sc.Generate++
				for _, t := range o.Teachers {
					if t.Difficulty == "" || t.Difficulty == r.Difficulty {
						add("teacher", t.Model, o.PromptTokens+r.Tokens.Question, expected(r))
					}
				}
			}
		}
		for _, k := range order {
			l := lines[k]
			// Price the summed tokens: the sum of per-request prices is the same
			// up to rounding, and the sums are what a bill shows.
			l.USD = models[l.Model].Cost(int(l.InputTokens), int(l.OutputTokens), o.Batch)
			sc.AnswersUSD += l.USD
			sc.Lines = append(sc.Lines, *l)
		}
		sc.Low = sc.AnswersUSD + sc.TrainingUSD
		sc.High = sc.Low + sc.ValidationUSD
		rep.Scenarios = append(rep.Scenarios, sc)
	}
	rep.Sources = sourcePlans(recs)
	return rep, nil
}

// expectedByDomain is the median answer length of the worked answers (non-empty,
// not from a terse source) per domain, or DefaultOutputTokens where a domain has
// fewer than minSample of them.
func expectedByDomain(recs []record.Record, maxOut int) map[string]int {
	lens := map[string][]int{}
	for _, r := range recs {
		if r.Tokens.Answer > 0 && !TerseSources[r.Source] {
			lens[r.Domain] = append(lens[r.Domain], min(r.Tokens.Answer, maxOut))
		}
	}
	out := map[string]int{}
	for _, d := range record.Domains {
		l := lens[d]
		if len(l) < minSample {
			out[d] = DefaultOutputTokens[d]
			continue
		}
		sort.Ints(l)
		out[d] = l[len(l)/2]
	}
	return out
}

func sourcePlans(recs []record.Record) []SourcePlan {
	var out []SourcePlan
	at := map[string]int{}
	for _, r := range recs {
		i, ok := at[r.Source]
		if !ok {
			i = len(out)
			at[r.Source] = i
			out = append(out, SourcePlan{Source: r.Source})
		}
		sp := &out[i]
		sp.Records++
		switch PlanFor(r, Hybrid).Action {
		case AsIs:
			sp.AsIs++
		case Reformat:
			sp.Reformat++
		case Generate:
			sp.Generate++
		}
	}
	return out
}

// usd formats dollars to the cent.
func usd(x float64) string {
	if x < 0.005 && x > -0.005 {
		return "$0"
	}
	return fmt.Sprintf("$%.2f", x)
}

// tokens formats a token count with thousands separators.
func tokens(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
