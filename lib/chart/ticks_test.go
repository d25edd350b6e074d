package chart

import (
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/plot"
)

func labels(ts []plot.Tick) string {
	var out []string
	for _, t := range ts {
		if t.Label != "" {
			out = append(out, t.Label)
		}
	}
	return strings.Join(out, " ")
}

func TestTicks(t *testing.T) {
	tests := []struct {
		name     string
		ticker   plot.Ticker
		min, max float64
		want     string
	}{
		// 12434/6 ≈ 2,072 rounds up to a 2,500 step.
		{"counts to 12,434", countTicks{}, 0, 12434, "0 2,500 5,000 7,500 10,000"},
		{"counts to 71", countTicks{}, 0, 71, "0 20 40 60"},
		// Small counts step by whole numbers, never 0.2 records.
		{"counts to 1.1", countTicks{}, 0, 1.1, "0 1"},
		{"counts to 8,250", countTicks{}, 0, 8250, "0 2,000 4,000 6,000 8,000"},
		{"percent axis", percentTicks{}, 0, 100, "0% 20% 40% 60% 80% 100%"},
		{"log 5 to 100k", logTicks{}, 5, 1e5, "10 100 1k 10k 100k"},
		{"log 10 to 2k", logTicks{}, 10, 2000, "10 20 50 100 200 500 1k 2k"},
		{"similarity 0.7 to 1", fracTicks{}, 0.7, 1, "0.70 0.75 0.80 0.85 0.90 0.95 1.00"},
		{"similarity 0.45 to 1", fracTicks{}, 0.45, 1, "0.5 0.6 0.7 0.8 0.9 1.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := labels(tt.ticker.Ticks(tt.min, tt.max)); got != tt.want {
				t.Errorf("labels %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRound125(t *testing.T) {
	tests := []struct{ v, down, up float64 }{
		{6, 5, 10}, {76422, 50000, 100000}, {100, 100, 100}, {1, 1, 1}, {23, 20, 50}, {0.3, 0.2, 0.5},
	}
	for _, tt := range tests {
		if d, u := roundDown125(tt.v), roundUp125(tt.v); d != tt.down || u != tt.up {
			t.Errorf("round125(%v) = %v, %v; want %v, %v", tt.v, d, u, tt.down, tt.up)
		}
	}
}

func TestSimilarityBins(t *testing.T) {
	tests := []struct {
		name          string
		sims          []float64
		threshold, lo float64
		first, last   float64
		below         int
		nonZero       map[int]float64 // bin index → count
	}{
		// 0.84 (21/25) sits on an edge and belongs to the bin starting there; 1
		// belongs to the last bin; 0.79 is under the threshold.
		{"on edges", []float64{0.84, 0.8, 1, 1, 0.79}, 0.8, 0.7, 0.7, 1, 10,
			map[int]float64{9: 1, 10: 1, 14: 1, 29: 2}},
		// A threshold off the 0.01 grid still starts a bin; the last edge passes 1.
		{"off grid", []float64{0.855, 0.8549, 1}, 0.855, 0.755, 0.755, 1.005, 10,
			map[int]float64{9: 1, 10: 1, 24: 1}},
		{"empty", nil, 0.8, 0.7, 0.7, 1, 10, map[int]float64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			edges, counts, below := similarityBins(tt.sims, tt.threshold, tt.lo)
			if edges[0] != tt.first || edges[len(edges)-1] != tt.last || below != tt.below {
				t.Fatalf("edges %v…%v below %d, want %v…%v below %d", edges[0], edges[len(edges)-1], below,
					tt.first, tt.last, tt.below)
			}
			if edges[below] != tt.threshold {
				t.Errorf("edge %d is %v, want the threshold %v", below, edges[below], tt.threshold)
			}
			got := map[int]float64{}
			for i, c := range counts {
				if c != 0 {
					got[i] = c
				}
			}
			if !reflect.DeepEqual(got, tt.nonZero) {
				t.Errorf("counts %v, want %v", got, tt.nonZero)
			}
		})
	}
}
