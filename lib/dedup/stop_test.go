package dedup

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"qmix/lib/internal/stop/stoptest"
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
	stoptest.Run(t, "Run", func(t *testing.T, cancelled bool) error {
		kept, _, _, err := Run(nil, recs, Options{})
		if !cancelled && len(kept) == 0 {
			t.Fatalf("Run kept nothing (error %v)", err)
		}
		if cancelled && kept != nil {
			t.Fatalf("a cancelled Run returned %d kept records", len(kept))
		}
		return err
	})
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
