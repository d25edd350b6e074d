package parallel

import (
	"runtime"
	"sync"
	"testing"
)

func TestChunks(t *testing.T) {
	procs := runtime.GOMAXPROCS(0)
	tests := []struct {
		name      string
		n, min    int
		maxChunks int
	}{
		{"empty", 0, 64, 0},
		{"fewer than min", 10, 64, 1},
		{"two mins", 128, 64, max(1, min(procs, 2))},
		{"many", 100_003, 64, procs},
		{"min zero", 5, 0, min(procs, 5)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			seen := make([]int, tt.n)
			chunks := 0
			Chunks(tt.n, tt.min, func(lo, hi int) {
				mu.Lock()
				defer mu.Unlock()
				chunks++
				if lo >= hi {
					t.Errorf("empty chunk [%d, %d)", lo, hi)
				}
				for i := lo; i < hi; i++ {
					seen[i]++
				}
			})
			for i, c := range seen {
				if c != 1 {
					t.Fatalf("item %d handled %d times", i, c)
				}
			}
			if chunks > tt.maxChunks || (tt.n > 0 && chunks == 0) {
				t.Fatalf("%d chunks, want 1 to %d", chunks, tt.maxChunks)
			}
		})
	}
}
