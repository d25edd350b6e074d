package label

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"qmix/lib/internal/stop"
	"qmix/lib/record"
)

// TestRelabelStoppable checks that RelabelStoppable returns the stop context's
// error once it is cancelled, and otherwise what Relabel returns.
func TestRelabelStoppable(t *testing.T) {
	recs := make([]record.Record, 2*stop.Every)
	for i := range recs {
		recs[i] = record.Record{ID: fmt.Sprintf("gsm8k/test/%d", i), Source: "gsm8k", Domain: record.Math,
			Difficulty: record.Easy, Question: "What is 2 + 2?", Answer: "4"}
	}
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
			out, rep, err := RelabelStoppable(recs, Options{})
			if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Fatalf("RelabelStoppable error = %v, want %v", err, tt.want)
			}
			if tt.cancel {
				if out != nil {
					t.Fatalf("a cancelled relabel returned %d records", len(out))
				}
				return
			}
			want, wantRep := Relabel(recs, Options{})
			if len(out) != len(want) || rep.Total != wantRep.Total {
				t.Fatalf("RelabelStoppable = %d records %+v, Relabel = %d records %+v", len(out), rep.Total, len(want), wantRep.Total)
			}
		})
	}
}
