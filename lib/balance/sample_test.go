package balance

import (
	"fmt"
	"reflect"
	"testing"

	"qmix/lib/record"
)

func TestSample(t *testing.T) {
	// MATH-like source: 60 easy, 40 hard; a 50-record sample keeps 30/20 exactly.
	in := gen(spec{"math", "math", easy, 60, 10, 0}, spec{"math", "math", hard, 40, 10, 0})
	tests := []struct {
		name             string
		n                int
		wantEasy, wantHd int
	}{
		{"stratified half", 50, 30, 20},
		{"rounding by largest remainder", 7, 4, 3},
		{"one record", 1, 1, 0},
		{"all", 100, 60, 40},
		{"more than all", 500, 60, 40},
		{"none", 0, 0, 0},
		{"negative", -3, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			taken, rest := Sample(in, tt.n, 1)
			if len(taken)+len(rest) != len(in) {
				t.Fatalf("%d + %d ≠ %d", len(taken), len(rest), len(in))
			}
			e, h := 0, 0
			for _, r := range taken {
				if r.Difficulty == hard {
					h++
				} else {
					e++
				}
			}
			if e != tt.wantEasy || h != tt.wantHd {
				t.Errorf("took %d easy + %d hard, want %d + %d", e, h, tt.wantEasy, tt.wantHd)
			}
			// Both parts keep input order.
			pos := map[string]int{}
			for i, r := range in {
				pos[r.ID] = i
			}
			for _, part := range [][]record.Record{taken, rest} {
				for i := 1; i < len(part); i++ {
					if pos[part[i-1].ID] > pos[part[i].ID] {
						t.Fatal("input order not kept")
					}
				}
			}
		})
	}
}

func TestSampleDeterministic(t *testing.T) {
	in := gen(spec{"reasoning", "mmlu", easy, 500, 10, 0}, spec{"reasoning", "mmlu", hard, 100, 10, 0})
	a, _ := Sample(in, 100, 42)
	b, _ := Sample(in, 100, 42)
	if !reflect.DeepEqual(a, b) {
		t.Error("same seed, different samples")
	}
	c, _ := Sample(in, 100, 43)
	if sameIDs(a, c) {
		t.Error("seeds 42 and 43 give the same sample")
	}
	rev := make([]record.Record, len(in))
	for i, r := range in {
		rev[len(in)-1-i] = r
	}
	d, _ := Sample(rev, 100, 42)
	if !sameIDs(a, d) {
		t.Error("the sample depends on input order")
	}
}

// evenDomains makes n records per domain, ids unique.
func evenDomains(n int) []record.Record {
	var out []record.Record
	for _, d := range record.Domains {
		for i := range n {
			id := fmt.Sprintf("%s/%d", d, i)
			out = append(out, record.Record{ID: id, Question: "q", Domain: d, Difficulty: easy, Source: "s", SourceID: id})
		}
	}
	return out
}

// minDomains is the fewest distinct domains in any window of w consecutive records.
func minDomains(recs []record.Record, w int) (int, int) {
	count := map[string]int{}
	low, at := len(record.Domains)+1, -1
	for i, r := range recs {
		count[r.Domain]++
		if i >= w {
			old := recs[i-w].Domain
			if count[old]--; count[old] == 0 {
				delete(count, old)
			}
		}
		if i >= w-1 && len(count) < low {
			low, at = len(count), i-w+1
		}
	}
	return low, at
}

func TestShuffle(t *testing.T) {
	in := evenDomains(7500) // 60,000 records, the final set's shape
	out := Shuffle(in, 1)
	if len(out) != len(in) {
		t.Fatalf("%d records, want %d", len(out), len(in))
	}
	if !sameIDs(in, out) {
		t.Fatal("not a permutation")
	}
	if low, at := minDomains(out, 64); low < 5 {
		t.Errorf("the 64-record window at %d holds only %d domains", at, low)
	} else {
		t.Logf("every 64-record window holds at least %d of 8 domains", low)
	}
	if reflect.DeepEqual(out, Shuffle(in, 2)) {
		t.Error("seeds 1 and 2 give the same order")
	}
	if !reflect.DeepEqual(out, Shuffle(in, 1)) {
		t.Error("same seed, different order")
	}
	rev := make([]record.Record, len(in))
	for i, r := range in {
		rev[len(in)-1-i] = r
	}
	if !reflect.DeepEqual(out, Shuffle(rev, 1)) {
		t.Error("the order depends on the input order")
	}
	// Within a domain the order is random, not the input's.
	inOrder := 0
	var prev string
	for _, r := range out {
		if r.Domain == record.Math {
			if prev != "" && prev < r.ID {
				inOrder++
			}
			prev = r.ID
		}
	}
	if inOrder > 7500*6/10 {
		t.Errorf("%d of 7,500 math records follow in id order: not shuffled", inOrder)
	}
}

func TestShuffleUneven(t *testing.T) {
	// One domain with 70% of the records, seven sharing the rest.
	var in []record.Record
	for i := range 7000 {
		id := fmt.Sprintf("big/%d", i)
		in = append(in, record.Record{ID: id, Question: "q", Domain: record.Instruction, Difficulty: easy, Source: "s", SourceID: id})
	}
	for _, d := range record.Domains[:7] {
		for i := range 430 {
			id := fmt.Sprintf("%s/%d", d, i)
			in = append(in, record.Record{ID: id, Question: "q", Domain: d, Difficulty: easy, Source: "s", SourceID: id})
		}
	}
	out := Shuffle(in, 9)
	// Each small domain has 4.3% of the records: ⌊64 · 0.043⌋ − 1 ≥ 1 per window.
	if low, at := minDomains(out, 64); low != 8 {
		t.Errorf("window at %d holds %d domains, want all 8", at, low)
	}
}

func TestShuffleEmpty(t *testing.T) {
	if out := Shuffle(nil, 1); len(out) != 0 {
		t.Errorf("%d records from none", len(out))
	}
}
