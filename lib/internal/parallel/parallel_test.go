package parallel

import (
	"runtime"
	"sync"
	"testing"
)

// TestChunks checks that the ranges cover every item once, are contiguous and at
// least min long (but for the last), that at most GOMAXPROCS run at once, and how
// many there are.
func TestChunks(t *testing.T) {
	procs := runtime.GOMAXPROCS(0)
	tests := []struct {
		name      string
		n, min    int
		maxChunks int
	}{
		{"empty", 0, 64, 0},
		{"fewer than min", 10, 64, 1},
		{"two mins", 128, 64, 2},
		{"many", 100_003, 64, procs * chunksPerWorker},
		{"min zero", 5, 0, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			seen := make([]int, tt.n)
			chunks, running, most := 0, 0, 0
			Chunks(tt.n, tt.min, func(lo, hi int) {
				mu.Lock()
				chunks++
				running++
				most = max(most, running)
				if lo >= hi {
					t.Errorf("empty chunk [%d, %d)", lo, hi)
				}
				if hi-lo < tt.min && hi != tt.n {
					t.Errorf("chunk [%d, %d) shorter than %d and not the last", lo, hi, tt.min)
				}
				for i := lo; i < hi; i++ {
					seen[i]++
				}
				mu.Unlock()
				mu.Lock()
				running--
				mu.Unlock()
			})
			for i, c := range seen {
				if c != 1 {
					t.Fatalf("item %d handled %d times", i, c)
				}
			}
			if chunks > tt.maxChunks || (tt.n > 0 && chunks == 0) {
				t.Fatalf("%d chunks, want 1 to %d", chunks, tt.maxChunks)
			}
			if most > procs {
				t.Fatalf("%d chunks ran at once on %d procs", most, procs)
			}
		})
	}
}
