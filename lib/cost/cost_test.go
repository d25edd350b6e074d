package cost

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qmix/lib/golden"
	"qmix/lib/internal/realdata"
	"qmix/lib/record"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func rec(id, src, domain, diff string, q, a int) record.Record {
	answer := ""
	if a > 0 {
		answer = "answer text"
	}
	return record.Record{ID: id, Question: "question text", Answer: answer, Domain: domain, Difficulty: diff,
		Source: src, Tokens: record.Tokens{Question: q, Answer: a}}
}

// TestScenarios prices a handful of records by hand: each expected dollar figure is
// written out from the price table (GPT-4o mini $0.15/$0.60, GPT-4.1 mini
// $0.40/$1.60, Claude Sonnet 4.5 $3/$15 per million) and the documented defaults
// (60 prompt tokens; validation 150 + question in, 20 out).
func TestScenarios(t *testing.T) {
	recs := []record.Record{
		rec("existing/1", "existing", record.Math, record.Easy, 100, 300),            // synthetic easy, worked answer
		rec("existing/2", "existing", record.Math, record.Hard, 200, 1000),           // synthetic hard
		rec("gsm8k/train/1", "gsm8k", record.Math, record.Easy, 50, 80),              // worked public answer
		rec("mmlu/dev/x/1", "mmlu", record.Reasoning, record.Easy, 60, 5),            // terse
		rec("toolbench/train/G1_1", "toolbench", record.ToolUse, record.Easy, 70, 0), // no answer
	}
	rep, err := Estimate(recs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	mini := func(in, out float64) float64 { return (in*0.15 + out*0.60) / 1e6 }
	claude := func(in, out float64) float64 { return (in*3 + out*15) / 1e6 }
	// Expected answer lengths where a record has no worked answer of its own: fewer
	// than 20 worked answers per domain, so DefaultOutputTokens (tool_use 115,
	// reasoning 120).
	validation := ((150*5+100+200+50+60+70)*0.40 + 5*20*1.60) / 1e6
	want := []struct {
		policy                   Policy
		asIs, reformat, generate int
		answers                  float64
	}{
		// Only the toolbench query is generated, by GPT-4o mini (easy): 60+70 in, 115 out.
		{UseExisting, 4, 0, 1, mini(130, 115)},
		// + the synthetic hard record by Claude (60+200 in, its own 1000 out), + MMLU
		// reformatted by GPT-4o mini (60+60+5 in, 120 out).
		{Hybrid, 2, 1, 2, mini(130, 115) + claude(260, 1000) + mini(125, 120)},
		// Every record by its difficulty's teacher: easy ones by GPT-4o mini
		// (160+110+120+130 in; 300+80+120+115 out), the hard one by Claude.
		{RegenerateAll, 0, 0, 5, mini(160+110+120+130, 300+80+120+115) + claude(260, 1000)},
	}
	for i, w := range want {
		s := rep.Scenarios[i]
		t.Run(string(w.policy), func(t *testing.T) {
			if s.Policy != w.policy || s.AsIs != w.asIs || s.Reformat != w.reformat || s.Generate != w.generate {
				t.Errorf("got %s %d/%d/%d, want %d/%d/%d", s.Policy, s.AsIs, s.Reformat, s.Generate, w.asIs, w.reformat, w.generate)
			}
			if math.Abs(s.AnswersUSD-w.answers) > 1e-12 {
				t.Errorf("answers $%.9f, want $%.9f", s.AnswersUSD, w.answers)
			}
			if math.Abs(s.ValidationUSD-validation) > 1e-12 || s.TrainingUSD != PlanTrainingUSD {
				t.Errorf("validation $%.9f (want $%.9f), training $%.2f", s.ValidationUSD, validation, s.TrainingUSD)
			}
			if math.Abs(s.Low-(w.answers+39)) > 1e-9 || math.Abs(s.High-(w.answers+39+validation)) > 1e-9 {
				t.Errorf("range %.6f–%.6f", s.Low, s.High)
			}
		})
	}
	batch, err := Estimate(recs, Options{Batch: true, TrainingUSD: -1})
	if err != nil {
		t.Fatal(err)
	}
	if got, w := batch.Scenarios[2].AnswersUSD, want[2].answers/2; math.Abs(got-w) > 1e-12 || batch.Scenarios[2].TrainingUSD != 0 {
		t.Errorf("batch: $%.9f, want $%.9f; training %v", got, w, batch.Scenarios[2].TrainingUSD)
	}
}

// planShaped builds records in the plan's proportions with fixed token counts: the
// existing set's 47,442 (46,775 easy, 667 hard) and 12,558 public records spread
// over the plan's sources in the order of its tables.
func planShaped() []record.Record {
	var recs []record.Record
	n := 0
	add := func(src, domain, diff string, count, q, a int) {
		for i := 0; i < count; i++ {
			n++
			recs = append(recs, rec(fmt.Sprintf("%s/%d", src, n), src, domain, diff, q, a))
		}
	}
	for i, d := range record.Domains {
		count := []int{6861, 6861, 6861, 6861, 4999, 4999, 5000, 5000}[i]
		hard := []int{84, 84, 84, 84, 83, 83, 83, 82}[i] // 667 in all
		add("existing", d, record.Easy, count-hard, 60, 250)
		add("existing", d, record.Hard, hard, 120, 900)
	}
	public := []struct {
		src, domain string
		count, q, a int
	}{
		{"humaneval", record.Coding, 164, 146, 166}, {"mbpp", record.Coding, 475, 89, 44},
		{"gsm8k", record.Math, 1000, 55, 73}, {"math", record.Math, 600, 45, 139},
		{"mmlu", record.Reasoning, 1000, 61, 6}, {"arc_challenge", record.Reasoning, 900, 69, 7},
		{"squad_v2", record.Reading, 1000, 142, 11}, {"drop", record.Reading, 862, 233, 2},
		{"gorilla", record.ToolUse, 900, 24, 115}, {"toolbench", record.ToolUse, 739, 77, 0},
		{"commonsense_qa", record.CommonSense, 931, 36, 4}, {"piqa", record.CommonSense, 930, 52, 16},
		{"cnn_dailymail", record.Summarization, 931, 895, 48}, {"xsum", record.Summarization, 931, 313, 25},
		{"alpaca", record.Instruction, 1195, 12, 47},
	}
	for _, p := range public {
		add(p.src, p.domain, record.Easy, p.count, p.q, p.a)
	}
	return recs
}

func TestPlanShapedGolden(t *testing.T) {
	recs := planShaped()
	if len(recs) != 60000 {
		t.Fatalf("%d records, want 60000", len(recs))
	}
	rep, err := Estimate(recs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "plan_shaped_golden.md", rep.Markdown(), *update)
	golden.Check(t, "plan_shaped_golden.txt", rep.String(), *update)
}

// TestPlanForRealRecords decides the hybrid plan for real converted records.
func TestPlanForRealRecords(t *testing.T) {
	first := func(name, path string, pick func(record.Record) bool) record.Record {
		for _, r := range realdata.Records(t, name, path) {
			if pick == nil || pick(r) {
				return r
			}
		}
		t.Fatalf("no record picked in %s", path)
		return record.Record{}
	}
	hardSynthetic := first("gsm8k", "gsm8k/test.jsonl", nil)
	hardSynthetic.Source, hardSynthetic.Difficulty = "existing", record.Hard
	for _, c := range []struct {
		name string
		r    record.Record
		want [3]Action // existing, hybrid, regenerate
	}{
		{"gsm8k worked solution", first("gsm8k", "gsm8k/test.jsonl", nil), [3]Action{AsIs, AsIs, Generate}},
		{"MATH level 5 (hard, public)", first("math", "math/MATH", func(r record.Record) bool { return r.Difficulty == record.Hard }), [3]Action{AsIs, AsIs, Generate}},
		{"mmlu letter", first("mmlu", "mmlu/data", nil), [3]Action{AsIs, Reformat, Generate}},
		{"squad span", first("squad_v2", "squad-v2/dev-v2.0.first-2-articles.json", nil), [3]Action{AsIs, Reformat, Generate}},
		{"codesearchnet query without code", first("codesearchnet", "codesearchnet", nil), [3]Action{Generate, Generate, Generate}},
		{"hellaswag unlabelled test", first("hellaswag", "hellaswag/hellaswag_test.jsonl", nil), [3]Action{Generate, Generate, Generate}},
		{"synthetic hard", hardSynthetic, [3]Action{AsIs, Generate, Generate}},
	} {
		t.Run(c.name, func(t *testing.T) {
			for i, p := range Policies {
				if got := PlanFor(c.r, p); got.Action != c.want[i] || got.Reason == "" {
					t.Errorf("%s: %+v, want %s", p, got, c.want[i])
				}
			}
		})
	}
}

func TestPrices(t *testing.T) {
	p := DefaultPrices()
	if p.Read == "" || len(p.Models) < 3 {
		t.Fatalf("embedded prices: %+v", p)
	}
	for _, key := range []string{DefaultReformatter, DefaultValidator, DefaultTeachers[0].Model, DefaultTeachers[1].Model} {
		m, err := p.Model(key)
		if err != nil {
			t.Fatal(err)
		}
		if m.Input <= 0 || m.Output <= m.Input || m.Source == "" || m.PlanName == "" {
			t.Errorf("model %s: %+v", key, m)
		}
	}
	m, _ := p.Model("gpt-4o-mini")
	if got := m.Cost(1_000_000, 1_000_000, false); math.Abs(got-0.75) > 1e-12 {
		t.Errorf("1M in + 1M out on GPT-4o mini: $%v, want $0.75", got)
	}
	if got := m.Cost(1_000_000, 1_000_000, true); math.Abs(got-0.375) > 1e-12 {
		t.Errorf("batch: $%v, want $0.375", got)
	}
	if _, err := p.Model("gpt-5"); err == nil || !strings.Contains(err.Error(), "gpt-4o-mini") {
		t.Errorf("unknown model: %v", err)
	}
	for _, c := range []struct{ name, json, want string }{
		{"no date", `{"models": []}`, "field read"},
		{"unknown field", `{"read": "2026-01-01", "models": [], "extra": 1}`, "unknown field"},
		{"repeated key", `{"read": "2026-01-01", "models": [{"key": "a"}, {"key": "a"}]}`, `key "a"`},
		{"negative", `{"read": "2026-01-01", "models": [{"key": "a", "input": -1}]}`, "negative"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "prices.json")
			if err := os.WriteFile(path, []byte(c.json), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := LoadPrices(path)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), path) {
				t.Errorf("error %v, want one naming %s and %q", err, path, c.want)
			}
		})
	}
	if _, err := Estimate(nil, Options{Validator: "gpt-5"}); err == nil {
		t.Error("an unpriced validator was accepted")
	}
}
