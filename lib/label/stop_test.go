package label

import (
	"fmt"
	"testing"

	"qmix/lib/internal/stop"
	"qmix/lib/internal/stop/stoptest"
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
	stoptest.Run(t, "RelabelStoppable", func(t *testing.T, cancelled bool) error {
		out, rep, err := RelabelStoppable(recs, Options{})
		if cancelled {
			if out != nil {
				t.Fatalf("a cancelled relabel returned %d records", len(out))
			}
			return err
		}
		want, wantRep := Relabel(recs, Options{})
		if len(out) != len(want) || rep.Total != wantRep.Total {
			t.Fatalf("RelabelStoppable = %d records %+v, Relabel = %d records %+v", len(out), rep.Total, len(want), wantRep.Total)
		}
		return err
	})
}
