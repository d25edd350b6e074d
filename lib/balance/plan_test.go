package balance

import (
	"fmt"
	"math"
	"testing"

	"qmix/lib/record"
)

// TestPlanScale balances a synthetic input shaped like the plan's build: the
// existing set's 47,442 records (58.4/41.6, hard records ~50× longer than easy ones)
// plus every public source's plan take with its typical lengths — 82,706 records
// (the brief's "86K" follows the plan's total, which is 4,000 too high; see
// PlanTakes). It must give 60,000 records, 7,500 per domain, within 60 ± 2.5.
func TestPlanScale(t *testing.T) {
	if testing.Short() {
		t.Skip("plan-scale balance skipped under -short")
	}
	tests := []struct {
		easyMean float64 // mean tokens of an existing easy record
		near     float64 // how close to 60.0 the share must land
	}{
		// 200 tokens: the random start is out of the band (64.2) and the best the
		// counts allow is 61.5: the swaps are what makes the build pass.
		{200, 2.5},
		// 600 tokens: the target itself is reachable, and reached.
		{600, 0.011},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("existing easy %v tokens", tt.easyMean), func(t *testing.T) {
			in := synthetic(2024, tt.easyMean)
			if len(in) != 82706 {
				t.Fatalf("%d records generated", len(in))
			}
			kept, drops, rep, err := Balance(in, Options{Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			checkAccounting(t, in, kept, drops)
			byDomain, _ := counts(kept)
			for _, d := range record.Domains {
				if byDomain[d] != 7500 {
					t.Errorf("%s: %d records, want 7,500", d, byDomain[d])
				}
			}
			if len(kept) != 60000 {
				t.Errorf("%d records kept", len(kept))
			}
			s := 100 * share(kept)
			if math.Abs(s-60) > tt.near {
				t.Errorf("easy share %.2f, want 60 ± %.2f", s, tt.near)
			}
			for _, sc := range rep.Sources {
				if sc.Source != "existing" && sc.After == 0 {
					t.Errorf("source %s lost entirely", sc.Source)
				}
			}
			if low, at := minDomains(Shuffle(kept, 1), 64); low < 5 {
				t.Errorf("shuffled: the window at %d holds %d domains", at, low)
			}
			t.Logf("input %.2f, random start %.2f, kept %.2f (%d swaps, %d across difficulties)",
				rep.Before.EasyShare, rep.Initial.EasyShare, rep.After.EasyShare, rep.Swaps, rep.SwapsAcross)
		})
	}
}

// TestPlanScaleFrontier logs, for existing easy records of several mean lengths,
// the best share the balancer reaches on the plan's counts: where the build passes.
func TestPlanScaleFrontier(t *testing.T) {
	if testing.Short() {
		t.Skip("plan-scale balance skipped under -short")
	}
	for _, n := range []float64{100, 140, 150, 200, 400, 600} {
		_, _, rep, err := Balance(synthetic(2024, n), Options{Seed: 1})
		verdict := "passes"
		if err != nil {
			verdict = "fails"
		}
		t.Logf("existing easy mean %3.0f tokens: input %.1f, random start %.1f, best %.2f, %5d swaps: %s",
			n, rep.Before.EasyShare, rep.Initial.EasyShare, rep.After.EasyShare, rep.Swaps, verdict)
	}
}

// BenchmarkBalance86K balances the plan-scale synthetic input (82,706 records; the
// name follows the brief) to 60,000.
func BenchmarkBalance86K(b *testing.B) {
	in := synthetic(2024, 200)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, _, err := Balance(in, Options{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(in))*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkShuffle60K shuffles the final set's shape.
func BenchmarkShuffle60K(b *testing.B) {
	in := evenDomains(7500)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Shuffle(in, int64(i))
	}
}
