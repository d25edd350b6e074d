package stats

import (
	"flag"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"qmix/lib/record"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// The fixture (testdata/before.jsonl, after.jsonl, drops.jsonl) is small enough to
// work every expected value out by hand; the comments show the arithmetic.
func fixture(t testing.TB) (before, after []record.Record, drops []record.Drop) {
	t.Helper()
	var err error
	if before, err = record.ReadFile(filepath.Join("testdata", "before.jsonl")); err != nil {
		t.Fatal(err)
	}
	if after, err = record.ReadFile(filepath.Join("testdata", "after.jsonl")); err != nil {
		t.Fatal(err)
	}
	if drops, err = record.ReadDrops(filepath.Join("testdata", "drops.jsonl")); err != nil {
		t.Fatal(err)
	}
	return before, after, drops
}

// close reports whether every float field of two values agrees to 1e-9 and every
// other field exactly; floats are compared loosely only because a hand-written
// decimal cannot carry the last bit of a quotient.
func close(a, b any) bool {
	return closeValue(reflect.ValueOf(a), reflect.ValueOf(b))
}

func closeValue(a, b reflect.Value) bool {
	if a.Type() != b.Type() {
		return false
	}
	switch a.Kind() {
	case reflect.Float64:
		return math.Abs(a.Float()-b.Float()) <= 1e-9
	case reflect.Slice:
		if a.Len() != b.Len() {
			return false
		}
		for i := 0; i < a.Len(); i++ {
			if !closeValue(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if !closeValue(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a.Interface(), b.Interface())
}

func TestByDomain(t *testing.T) {
	before, after, _ := fixture(t)
	tests := []struct {
		name string
		recs []record.Record
		want DomainCounts
	}{
		{"empty", nil, DomainCounts{{Domain: "coding"}, {Domain: "math"}, {Domain: "tool_use"}, {Domain: "reasoning"},
			{Domain: "reading"}, {Domain: "summarization"}, {Domain: "common_sense"}, {Domain: "instruction"}}},
		{"before", before, DomainCounts{
			{"coding", 5, 3, 2, 100 * 5.0 / 14}, {"math", 4, 2, 2, 100 * 4.0 / 14}, {"tool_use", 1, 1, 0, 100 * 1.0 / 14},
			{"reasoning", 0, 0, 0, 0}, {"reading", 1, 1, 0, 100 * 1.0 / 14}, {"summarization", 0, 0, 0, 0},
			{"common_sense", 0, 0, 0, 0}, {"instruction", 3, 2, 1, 100 * 3.0 / 14}}},
		{"after", after, DomainCounts{
			{"coding", 4, 2, 2, 40}, {"math", 3, 1, 2, 30}, {"tool_use", 0, 0, 0, 0},
			{"reasoning", 0, 0, 0, 0}, {"reading", 1, 1, 0, 10}, {"summarization", 0, 0, 0, 0},
			{"common_sense", 0, 0, 0, 0}, {"instruction", 2, 1, 1, 20}}},
		// A domain outside the plan (a hand-edited frame) is shown after the eight.
		{"unknown domain", []record.Record{{Domain: "poetry", Difficulty: "easy"}, {Domain: "math", Difficulty: "medium"}},
			DomainCounts{{Domain: "coding"}, {"math", 1, 0, 0, 50}, {Domain: "tool_use"}, {Domain: "reasoning"},
				{Domain: "reading"}, {Domain: "summarization"}, {Domain: "common_sense"}, {Domain: "instruction"},
				{"poetry", 1, 1, 0, 50}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ByDomain(tt.recs); !close(got, tt.want) {
				t.Errorf("ByDomain:\ngot  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestBySource(t *testing.T) {
	before, after, _ := fixture(t)
	tests := []struct {
		name string
		recs []record.Record
		want SourceCounts
	}{
		{"empty", nil, SourceCounts{}},
		{"before", before, SourceCounts{
			{"coding", "existing", 2, 1, 1, 40}, {"coding", "humaneval", 1, 0, 1, 20}, {"coding", "mbpp", 2, 2, 0, 40},
			{"math", "gsm8k", 3, 2, 1, 75}, {"math", "math", 1, 0, 1, 25},
			{"tool_use", "gorilla", 1, 1, 0, 100},
			{"reading", "existing", 1, 1, 0, 100},
			{"instruction", "alpaca", 2, 2, 0, 200.0 / 3}, {"instruction", "natural_instructions", 1, 0, 1, 100.0 / 3}}},
		{"after", after, SourceCounts{
			{"coding", "existing", 2, 1, 1, 50}, {"coding", "humaneval", 1, 0, 1, 25}, {"coding", "mbpp", 1, 1, 0, 25},
			{"math", "gsm8k", 2, 1, 1, 200.0 / 3}, {"math", "math", 1, 0, 1, 100.0 / 3},
			{"reading", "existing", 1, 1, 0, 100},
			{"instruction", "alpaca", 1, 1, 0, 50}, {"instruction", "natural_instructions", 1, 0, 1, 50}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := BySource(tt.recs); !close(got, tt.want) {
				t.Errorf("BySource:\ngot  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestByDifficulty(t *testing.T) {
	before, _, _ := fixture(t)
	tests := []struct {
		name string
		recs []record.Record
		want DifficultyCounts
	}{
		{"empty", nil, DifficultyCounts{{Difficulty: "easy"}, {Difficulty: "hard"}}},
		// easy: records 1,3,4,6,7,10,11,12,13 with 30+10+20+40+60+10+500+10+20 = 700
		// tokens; hard: 2,5,8,9,14 with 100+200+200+300+30 = 830; 1530 in all.
		{"before", before, DifficultyCounts{
			{"easy", 9, 700, 100 * 9.0 / 14, 100 * 700.0 / 1530},
			{"hard", 5, 830, 100 * 5.0 / 14, 100 * 830.0 / 1530}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ByDifficulty(tt.recs); !close(got, tt.want) {
				t.Errorf("ByDifficulty:\ngot  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestTokenBalance(t *testing.T) {
	before, after, _ := fixture(t)
	empty := func(d string) Share { return Share{Domain: d} }
	tests := []struct {
		name string
		recs []record.Record
		want Balance
	}{
		{"empty", nil, Balance{Domains: []Share{empty("coding"), empty("math"), empty("tool_use"), empty("reasoning"),
			empty("reading"), empty("summarization"), empty("common_sense"), empty("instruction")}, Overall: empty(All)}},
		// coding: easy 30+10+20 = 60, hard 100+200 = 300 of 360; math: easy 40+60 =
		// 100, hard 200+300 = 500 of 600; instruction: easy 10+20, hard 30.
		{"before", before, Balance{Domains: []Share{
			{"coding", 5, 360, 60, 300, 100.0 / 6, 500.0 / 6},
			{"math", 4, 600, 100, 500, 100.0 / 6, 500.0 / 6},
			{"tool_use", 1, 10, 10, 0, 100, 0},
			empty("reasoning"),
			{"reading", 1, 500, 500, 0, 100, 0},
			empty("summarization"), empty("common_sense"),
			{"instruction", 3, 60, 30, 30, 50, 50}},
			Overall: Share{All, 14, 1530, 700, 830, 45.751633986928105, 54.248366013071895}}},
		// after drops records 4 (coding easy 20), 7 (math easy 60), 10 (tool_use
		// easy 10) and 12 (instruction easy 10).
		{"after", after, Balance{Domains: []Share{
			{"coding", 4, 340, 40, 300, 100 * 40.0 / 340, 100 * 300.0 / 340},
			{"math", 3, 540, 40, 500, 100 * 40.0 / 540, 100 * 500.0 / 540},
			empty("tool_use"), empty("reasoning"),
			{"reading", 1, 500, 500, 0, 100, 0},
			empty("summarization"), empty("common_sense"),
			{"instruction", 2, 50, 20, 30, 40, 60}},
			Overall: Share{All, 10, 1430, 600, 830, 41.95804195804196, 58.04195804195804}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TokenBalance(tt.recs); !close(got, tt.want) {
				t.Errorf("TokenBalance:\ngot  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestLengths(t *testing.T) {
	before, _, _ := fixture(t)
	zero := func(d string) LengthSummary { return LengthSummary{Domain: d} }
	tests := []struct {
		name string
		fn   func([]record.Record) LengthSummaries
		recs []record.Record
		want LengthSummaries
	}{
		{"by domain empty", LengthsByDomain, nil, LengthSummaries{zero("coding"), zero("math"), zero("tool_use"),
			zero("reasoning"), zero("reading"), zero("summarization"), zero("common_sense"), zero("instruction")}},
		// Empirical quantiles are sorted[ceil(q·n)-1]. coding is [10 20 30 100 200]:
		// median sorted[2] = 30, p90 and p99 sorted[4] = 200. math is [40 60 200 300]:
		// median sorted[1] = 60 (the lower middle), p90 sorted[3]. instruction is
		// [10 20 30]: median sorted[1], p90 sorted[2].
		{"by domain", LengthsByDomain, before, LengthSummaries{
			{"coding", "", 5, 72, 30, 200, 200, 200},
			{"math", "", 4, 150, 60, 300, 300, 300},
			{"tool_use", "", 1, 10, 10, 10, 10, 10},
			zero("reasoning"),
			{"reading", "", 1, 500, 500, 500, 500, 500},
			zero("summarization"), zero("common_sense"),
			{"instruction", "", 3, 20, 20, 30, 30, 30}}},
		{"by source", LengthsBySource, before, LengthSummaries{
			{"coding", "existing", 2, 65, 30, 100, 100, 100},
			{"coding", "humaneval", 1, 200, 200, 200, 200, 200},
			{"coding", "mbpp", 2, 15, 10, 20, 20, 20},
			{"math", "gsm8k", 3, 100, 60, 200, 200, 200},
			{"math", "math", 1, 300, 300, 300, 300, 300},
			{"tool_use", "gorilla", 1, 10, 10, 10, 10, 10},
			{"reading", "existing", 1, 500, 500, 500, 500, 500},
			{"instruction", "alpaca", 2, 15, 10, 20, 20, 20},
			{"instruction", "natural_instructions", 1, 30, 30, 30, 30, 30}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.fn(tt.recs); !close(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestTokenLengths(t *testing.T) {
	before, _, _ := fixture(t)
	got := TokenLengths(before)
	want := map[string][]float64{"coding": {10, 20, 30, 100, 200}, "math": {40, 60, 200, 300}, "tool_use": {10},
		"reasoning": {}, "reading": {500}, "summarization": {}, "common_sense": {}, "instruction": {10, 20, 30}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("TokenLengths:\ngot  %v\nwant %v", got, want)
	}
}

func TestSourceDiversity(t *testing.T) {
	before, _, _ := fixture(t)
	zero := func(d string) Diversity { return Diversity{Domain: d} }
	tests := []struct {
		name string
		recs []record.Record
		want Diversities
	}{
		{"empty", nil, Diversities{zero("coding"), zero("math"), zero("tool_use"), zero("reasoning"), zero("reading"),
			zero("summarization"), zero("common_sense"), zero("instruction")}},
		// Entropies in bits worked out by hand: coding's mix 2:1:2 is
		// -(0.4·log2 0.4·2 + 0.2·log2 0.2) = 1.5219280948873621, evenness that over
		// log2 3; math's 3:1 is 0.8112781244591328; instruction's 2:1 is
		// 0.9182958340544896. A tie for the top source goes to the first by name.
		{"before", before, Diversities{
			{"coding", 5, 3, 1.5219280948873621, 0.9602297178607612, "existing", 40},
			{"math", 4, 2, 0.8112781244591328, 0.8112781244591328, "gsm8k", 75},
			{"tool_use", 1, 1, 0, 0, "gorilla", 100},
			zero("reasoning"),
			{"reading", 1, 1, 0, 0, "existing", 100},
			zero("summarization"), zero("common_sense"),
			{"instruction", 3, 2, 0.9182958340544896, 0.9182958340544896, "alpaca", 200.0 / 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SourceDiversity(tt.recs); !close(got, tt.want) {
				t.Errorf("SourceDiversity:\ngot  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestDedupRates(t *testing.T) {
	before, _, drops := fixture(t)
	tests := []struct {
		name  string
		kept  []record.Record
		drops []record.Drop
		want  Dedup
	}{
		{"empty", nil, nil, Dedup{Reasons: []ReasonRate{{Reason: "exact_duplicate"}, {Reason: "near_duplicate"}}}},
		// 14 kept + 6 duplicates (the trimmed drop does not count) = 20 inputs.
		// "orphan" has no source in its id, so it is its own unknown source.
		{"fixture", before, drops, Dedup{Input: 20, Kept: 14, Dropped: 6, Percent: 30,
			Reasons: []ReasonRate{{"exact_duplicate", 2, 10}, {"near_duplicate", 4, 20}},
			Sources: []SourceRate{
				{"humaneval", "coding", 1, 1, 0, 0, 0, 0},
				{"mbpp", "coding", 3, 2, 1, 0, 1, 100.0 / 3},
				{"gsm8k", "math", 5, 3, 0, 2, 2, 40},
				{"math", "math", 1, 1, 0, 0, 0, 0},
				{"gorilla", "tool_use", 1, 1, 0, 0, 0, 0},
				{"alpaca", "instruction", 4, 2, 1, 1, 2, 50},
				{"natural_instructions", "instruction", 1, 1, 0, 0, 0, 0},
				{"existing", Mixed, 3, 3, 0, 0, 0, 0},
				{"", "", 1, 0, 0, 1, 1, 100},
			}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DedupRates(tt.kept, tt.drops); !close(got, tt.want) {
				t.Errorf("DedupRates:\ngot  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestSimilarities(t *testing.T) {
	_, _, drops := fixture(t)
	if got, want := Similarities(drops), []float64{0.8, 0.81, 0.85, 0.92}; !reflect.DeepEqual(got, want) {
		t.Errorf("Similarities = %v, want %v", got, want)
	}
}

func TestSourceOfID(t *testing.T) {
	tests := []struct{ id, want string }{
		{"gsm8k/train/12", "gsm8k"}, {"natural_instructions/task1/1", "natural_instructions"},
		{"orphan", ""}, {"/x/1", ""}, {"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			if got := SourceOfID(tt.id); got != tt.want {
				t.Errorf("SourceOfID(%q) = %q, want %q", tt.id, got, tt.want)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	before, after, _ := fixture(t)
	got := Compare(before, after)
	want := Comparison{Domains: []Change{
		{"coding", 5, 4, -1, 100.0 / 6, 100 * 40.0 / 340},
		{"math", 4, 3, -1, 100.0 / 6, 100 * 40.0 / 540},
		{"tool_use", 1, 0, -1, 100, 0},
		{"reasoning", 0, 0, 0, 0, 0},
		{"reading", 1, 1, 0, 100, 100},
		{"summarization", 0, 0, 0, 0, 0},
		{"common_sense", 0, 0, 0, 0, 0},
		{"instruction", 3, 2, -1, 50, 40}},
		Total: Change{All, 14, 10, -4, 100 * 700.0 / 1530, 100 * 600.0 / 1430}}
	if !close(got, want) {
		t.Errorf("Compare:\ngot  %+v\nwant %+v", got, want)
	}
}

func TestReadDropsErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct{ name, text, want string }{
		{"unknown field", `{"id":"a","stage":"dedup","reason":"x"}` + "\n" + `{"id":"b","colour":"red"}`,
			`bad.jsonl:2: json: unknown field "colour"`},
		{"missing id", "\n" + `{"stage":"dedup"}`, "bad.jsonl:2: field id: missing"},
		{"not json", `{"id":`, "bad.jsonl:1: unexpected EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "bad.jsonl")
			if err := os.WriteFile(path, []byte(tt.text), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := record.ReadDrops(path)
			if err == nil || err.Error() != filepath.Join(dir, tt.want) {
				t.Errorf("ReadDrops error = %v, want %s", err, filepath.Join(dir, tt.want))
			}
		})
	}
}
