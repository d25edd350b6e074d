package stoptest

import (
	"fmt"
	"testing"

	"qmix/lib/internal/stop"
)

// TestRun runs a loop that checks stop.Err as the library's loops do, and
// checks that Run calls it once live and once cancelled.
func TestRun(t *testing.T) {
	var seen []bool
	Run(t, "loop", func(t *testing.T, cancelled bool) error {
		seen = append(seen, cancelled)
		for i := 0; i < 2*stop.Every; i++ {
			if i%stop.Every == 0 {
				if err := stop.Err(); err != nil {
					return fmt.Errorf("loop at %d: %w", i, err)
				}
			}
		}
		return nil
	})
	if fmt.Sprint(seen) != "[false true]" {
		t.Fatalf("calls with cancelled %v, want [false true]", seen)
	}
	if stop.Err() == nil {
		t.Fatal("the stop context is live again after Run; it must stay cancelled until the test ends")
	}
}
