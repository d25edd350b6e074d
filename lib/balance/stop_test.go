package balance

import (
	"testing"

	"qmix/lib/internal/stop/stoptest"
)

// TestBalanceStops checks that a cancelled stop context ends Balance with the
// context's error, wrapped, and no selection.
func TestBalanceStops(t *testing.T) {
	in := synthetic(2024, 200)
	stoptest.Run(t, "Balance", func(t *testing.T, cancelled bool) error {
		kept, _, _, err := Balance(in, Options{Seed: 1})
		if (kept == nil) != cancelled {
			t.Fatalf("Balance kept %d records (cancelled %v)", len(kept), cancelled)
		}
		return err
	})
}
