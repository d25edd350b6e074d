// Package stoptest runs the check every stoppable loop's test makes: the call
// goes on while the stop context is live, and ends with the context's error,
// wrapped, once it is cancelled.
package stoptest

import (
	"context"
	"errors"
	"testing"

	"qmix/lib/internal/stop"
)

// Run sets a fresh stop context for the test and calls call in two subtests:
// "running", with the context live, and "cancelled", after cancelling it. It
// fails a subtest unless call's error is nil while running and wraps
// context.Canceled once cancelled; call checks its other results itself. The
// context stays cancelled until the test ends, for checks after Run.
func Run(t *testing.T, what string, call func(t *testing.T, cancelled bool) error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
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
			t.Helper()
			if tt.cancel {
				cancel()
			}
			err := call(t, tt.cancel)
			if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Fatalf("%s error = %v, want %v", what, err, tt.want)
			}
		})
	}
}
