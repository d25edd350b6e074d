package balance

import (
	"context"
	"errors"
	"testing"

	"qmix/lib/internal/stop"
)

// TestBalanceStops checks that a cancelled stop context ends Balance with the
// context's error, wrapped, and no selection.
func TestBalanceStops(t *testing.T) {
	in := synthetic(2024, 200)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stop.Set(ctx)
	t.Cleanup(func() { stop.Set(nil) })
	tests := []struct {
		name   string
		cancel bool
		want   error
	}{
		{"running", false, nil},
		{"cancelled", true, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.cancel {
				cancel()
			}
			kept, _, _, err := Balance(in, Options{Seed: 1})
			if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Fatalf("Balance error = %v, want %v", err, tt.want)
			}
			if (kept == nil) != tt.cancel {
				t.Fatalf("Balance kept %d records (cancelled %v)", len(kept), tt.cancel)
			}
		})
	}
}
