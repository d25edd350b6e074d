package label

import (
	"fmt"
	"math"
	"path/filepath"
	"qmix/lib/internal/sharedtest"
	"reflect"
	"sort"
	"strings"
	"testing"

	"qmix/lib/record"
	"qmix/lib/source"
)

func fixtures(t *testing.T) map[string]record.Record {
	t.Helper()
	recs, err := record.ReadFile("testdata/records.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]record.Record{}
	for _, r := range recs {
		m[r.ID] = r
	}
	return m
}

func fixtureList(t *testing.T) []record.Record {
	t.Helper()
	recs, err := record.ReadFile("testdata/records.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestScoreTerms(t *testing.T) {
	fx := fixtures(t)
	tests := []struct {
		id       string
		min, max float64 // the score's expected range
		terms    func(Terms) bool
		why      string
	}{
		{"passage", 0, 0.15, func(x Terms) bool { return x.Steps < 0.1 && x.Math == 0 }, "a span answer is one step"},
		{"mc5", 0.1, 0.25, func(x Terms) bool { return x.Options == 0.75 }, "five options count (5-2)/4"},
		{"mc2", 0.1, 0.25, func(x Terms) bool { return x.Options == 0 }, "two options count as none"},
		{"word", 0.2, 0.4, func(x Terms) bool { return x.Steps == 2.0/12 && x.Math == 3.0/40 }, "two steps; calculator annotations and '-' not counted"},
		{"olympiad", 0.7, 1, func(x Terms) bool { return x.Steps == 1 && x.Math == 1 }, "a long LaTeX-dense solution saturates steps and math"},
		{"program", 0.15, 0.35, func(x Terms) bool { return x.Code == 5.0/40 && x.Steps == 1.0/12 }, "five code lines, one step per three"},
		{"fenced", 0.2, 0.35, func(x Terms) bool { return x.Code == 3.0/40 && x.Steps == 3.0/12 }, "fenced code apart from the prose around it: two sentences and three code lines"},
		{"existing_long", 0.5, 0.62, func(x Terms) bool { return x.Code == 0 && x.Answer == 1 }, "a prose answer in a coding record is not code"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			r, ok := fx[tt.id]
			if !ok {
				t.Fatalf("no fixture %q", tt.id)
			}
			s := Score(r)
			terms := ScoreTerms(r)
			if s < tt.min || s > tt.max {
				t.Errorf("Score = %.3f, want in [%.2f, %.2f] (%+v)", s, tt.min, tt.max, terms)
			}
			if !tt.terms(terms) {
				t.Errorf("terms %+v: want %s", terms, tt.why)
			}
		})
	}
}

func TestScoreOrdersComplexity(t *testing.T) {
	fx := fixtures(t)
	order := []string{"passage", "mc5", "word", "olympiad"}
	for i := 1; i < len(order); i++ {
		if a, b := Score(fx[order[i-1]]), Score(fx[order[i]]); a >= b {
			t.Errorf("Score(%s) = %.3f ≥ Score(%s) = %.3f", order[i-1], a, order[i], b)
		}
	}
}

func TestScoreEdgeCases(t *testing.T) {
	tests := []struct {
		name string
		r    record.Record
	}{
		{"empty answer", record.Record{Question: "Why?"}},
		{"no token counts", record.Record{Question: strings.Repeat("word ", 400), Answer: strings.Repeat("A step. ", 300)}},
		{"huge counts", record.Record{Question: "q", Answer: "a", Tokens: record.Tokens{Question: 1 << 30, Answer: 1 << 30}}},
		{"only symbols", record.Record{Question: "=+*/^_<>", Answer: strings.Repeat("\\frac{a}{b} = ", 200)}},
		{"unterminated annotation", record.Record{Question: "x <<3*4", Answer: "12"}},
		{"choices of another type", record.Record{Question: "q", Meta: map[string]any{"choices": 7}}},
		{"invalid utf-8", record.Record{Question: "a\xff\xfe b", Answer: "\xff."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Score(tt.r)
			if math.IsNaN(s) || s < 0 || s > 1 {
				t.Errorf("Score = %v, want in [0, 1]", s)
			}
		})
	}
	est := ScoreTerms(record.Record{Question: "q", Answer: strings.Repeat("abcd", 100)})
	if want := logScale(100, answerTokensFull); est.Answer != want {
		t.Errorf("estimated answer term %v, want %v (4 characters per token)", est.Answer, want)
	}
}

func TestRelabel(t *testing.T) {
	recs := fixtureList(t)
	tests := []struct {
		name       string
		opt        Options
		relabelled []string
	}{
		{"default threshold", Options{}, []string{"olympiad"}},
		{"lower threshold", Options{HardAbove: 0.25}, []string{"word", "olympiad", "fenced", "existing_long"}},
		{"lower threshold, public only", Options{HardAbove: 0.25, OnlyPublic: true}, []string{"word", "olympiad", "fenced"}},
		{"named sources", Options{HardAbove: 0.25, Sources: []string{"alpaca", "existing"}}, []string{"fenced", "existing_long"}},
		{"empty source list", Options{HardAbove: 0.25, Sources: []string{}}, nil},
		{"threshold 1 relabels nothing", Options{HardAbove: 1}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := fixtureList(t)
			out, rep := Relabel(recs, tt.opt)
			if !reflect.DeepEqual(recs, before) {
				t.Fatal("Relabel changed its input")
			}
			if len(out) != len(recs) {
				t.Fatalf("%d records out, want %d", len(out), len(recs))
			}
			var got []string
			for i, r := range out {
				if r.ID != recs[i].ID {
					t.Fatalf("record %d is %s, want %s: order changed", i, r.ID, recs[i].ID)
				}
				if recs[i].Difficulty == record.Hard && r.Difficulty != record.Hard {
					t.Errorf("%s relabelled hard → easy", r.ID)
				}
				if r.Difficulty == recs[i].Difficulty {
					if _, ok := r.Meta["relabelled"]; ok {
						t.Errorf("%s unchanged but marked relabelled", r.ID)
					}
					continue
				}
				got = append(got, r.ID)
				if r.Meta["relabelled"] != true {
					t.Errorf("%s: meta.relabelled = %v", r.ID, r.Meta["relabelled"])
				}
				if c, _ := r.Meta["complexity"].(float64); math.Abs(c-Score(recs[i])) > 1e-4 {
					t.Errorf("%s: meta.complexity = %v, score %v", r.ID, r.Meta["complexity"], Score(recs[i]))
				}
			}
			if !reflect.DeepEqual(got, tt.relabelled) {
				t.Errorf("relabelled %v, want %v", got, tt.relabelled)
			}
			if rep.Total.Relabelled != len(tt.relabelled) || rep.Total.Records != len(recs) {
				t.Errorf("report total %+v", rep.Total)
			}
			sum := 0
			for _, c := range rep.BySource {
				if c.HardAfter != c.HardBefore+c.Relabelled {
					t.Errorf("%s: hard after %d ≠ before %d + relabelled %d", c.Source, c.HardAfter, c.HardBefore, c.Relabelled)
				}
				sum += c.Records
			}
			if sum != len(recs) {
				t.Errorf("report covers %d records, want %d", sum, len(recs))
			}
		})
	}
}

func TestRelabelReport(t *testing.T) {
	_, rep := Relabel(fixtureList(t), Options{HardAbove: 0.25})
	var names []string
	for _, c := range rep.BySource {
		names = append(names, c.Source)
	}
	// The registry's order (the plan's tables), then other sources by name.
	want := []string{"mbpp", "gsm8k", "math", "squad_v2", "commonsense_qa", "piqa", "alpaca", "existing"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("sources %v, want %v", names, want)
	}
	m := map[string]SourceCount{}
	for _, c := range rep.BySource {
		m[c.Source] = c
	}
	if c := m["math"]; c.Records != 2 || c.HardBefore != 1 || c.Relabelled != 1 || c.HardAfter != 2 || c.TokensRelabelled != 465 {
		t.Errorf("math line %+v", c)
	}
	s := rep.String()
	for _, want := range []string{"relabel: easy → hard above complexity 0.25", "tokens relabelled", "total"} {
		if !strings.Contains(s, want) {
			t.Errorf("report text lacks %q:\n%s", want, s)
		}
	}
}

func TestRelabelDeterministic(t *testing.T) {
	recs := fixtureList(t)
	a, ra := Relabel(recs, Options{HardAbove: 0.3})
	b, rb := Relabel(recs, Options{HardAbove: 0.3})
	if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(ra, rb) {
		t.Error("two runs differ")
	}
}

// TestScoreOnRealData scores the real files under ../shared/datasets, logs each
// source's distribution (the evidence behind DefaultHardAbove), and checks that the
// score rises with MATH's own difficulty level.
func TestScoreOnRealData(t *testing.T) {
	dir := sharedDir(t)
	files := []struct{ source, path string }{
		{"humaneval", "humaneval/HumanEval.jsonl.gz"}, {"mbpp", "mbpp/mbpp.jsonl"},
		{"gsm8k", "gsm8k/test.jsonl"}, {"math", "math/prm800k_math_splits_test.jsonl"},
		{"mmlu", "mmlu/data"}, {"squad_v2", "squad-v2/dev-v2.0.first-2-articles.json"},
		{"gorilla", "gorilla-apibench/torchhub_eval.json"}, {"commonsense_qa", "commonsenseqa/dev_rand_split.jsonl"},
		{"piqa", "piqa/valid.jsonl"}, {"cnn_dailymail", "cnn-dailymail/cnn_stories"},
		{"xsum", "xsum/xsum-extracts-from-downloads"}, {"alpaca", "alpaca/alpaca_tiny.json"},
	}
	byLevel := map[int][]float64{}
	for _, f := range files {
		recs, err := source.ConvertAll(f.source, []string{filepath.Join(dir, f.path)}, source.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var scores []float64
		above := 0
		for _, r := range recs {
			s := Score(r)
			scores = append(scores, s)
			if r.Difficulty == record.Easy && s > DefaultHardAbove {
				above++
			}
			if l, ok := r.Meta["level"].(int); ok {
				byLevel[l] = append(byLevel[l], s)
			}
		}
		sort.Float64s(scores)
		n := len(scores)
		t.Logf("%-15s %5d records  p10 %.2f  p50 %.2f  p90 %.2f  p95 %.2f  max %.2f  easy above %.2f: %d",
			f.source, n, scores[n/10], scores[n/2], scores[n*9/10], scores[n*95/100], scores[n-1], DefaultHardAbove, above)
		if f.source == "gsm8k" && above > 0 {
			t.Errorf("gsm8k: %d grade-school solutions above the default threshold", above)
		}
	}
	med := func(l int) float64 {
		v := append([]float64(nil), byLevel[l]...)
		sort.Float64s(v)
		return v[len(v)/2]
	}
	var meds []string
	for l := 1; l <= 5; l++ {
		meds = append(meds, fmt.Sprintf("%.2f", med(l)))
		if l > 1 && med(l) < med(l-1) {
			t.Errorf("median score of MATH Level %d (%.2f) below Level %d (%.2f)", l, med(l), l-1, med(l-1))
		}
	}
	t.Logf("MATH median score by level 1–5: %s", strings.Join(meds, " "))
	// Concordance (AUC) of the score with MATH's hard label (Levels 4–5 vs 1–3): the
	// probability that a random hard problem outscores a random easy one.
	var hard, easy []float64
	for l, v := range byLevel {
		if l >= 4 {
			hard = append(hard, v...)
		} else {
			easy = append(easy, v...)
		}
	}
	wins := 0.0
	for _, h := range hard {
		for _, e := range easy {
			switch {
			case h > e:
				wins++
			case h == e:
				wins += 0.5
			}
		}
	}
	auc := wins / float64(len(hard)*len(easy))
	t.Logf("AUC of the score for MATH Levels 4–5 vs 1–3: %.3f", auc)
	if auc < 0.6 {
		t.Errorf("AUC %.3f: the score hardly separates MATH's own levels", auc)
	}
}

// sharedDir finds ../shared/datasets beside the repository. Under CI a missing
// directory fails the test; elsewhere it skips.
func sharedDir(t testing.TB) string { return sharedtest.Dir(t) }
