package dedup

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"qmix/lib/internal/stop"
	"qmix/lib/record"
)

// TestRunStops checks that a cancelled stop context ends Run with the context's
// error, wrapped, and that the Deduper then refuses more work.
func TestRunStops(t *testing.T) {
	recs := make([]record.Record, 3*chunkSize)
	for i := range recs {
		recs[i] = record.Record{ID: fmt.Sprintf("t/test/%d", i), Source: "t", Domain: "math",
			Question: fmt.Sprintf("What is %d plus %d, counted twice over?", i, i+1), Answer: fmt.Sprint(2*i + 1)}
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
			kept, _, _, err := Run(nil, recs, Options{})
			if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Fatalf("Run error = %v, want %v", err, tt.want)
			}
			if tt.want == nil && len(kept) == 0 {
				t.Fatal("Run kept nothing")
			}
			if tt.want != nil && kept != nil {
				t.Fatalf("a cancelled Run returned %d kept records", len(kept))
			}
		})
	}
	d, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if kept, drops := d.AddAll(recs); kept != nil || drops != nil || !errors.Is(d.Err(), context.Canceled) {
		t.Fatalf("AddAll after cancel = %d kept, %d drops, Err %v", len(kept), len(drops), d.Err())
	}
	if d.AddReferences(recs); d.Stats().References+d.Stats().Checked != 0 {
		t.Fatalf("AddReferences after cancel indexed records: %+v", d.Stats())
	}
}
