package source

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qmix/lib/internal/stop"
	"qmix/lib/internal/stop/stoptest"
	"qmix/lib/record"
)

// TestConvertStops checks that a cancelled stop context ends Convert with the
// context's error, wrapped, before all records are emitted.
func TestConvertStops(t *testing.T) {
	var sb strings.Builder
	const n = 3 * stop.Every
	for i := range n {
		fmt.Fprintf(&sb, "{\"question\": \"What is %d + 1?\", \"answer\": \"%d + 1 = %d\\n#### %d\"}\n", i, i, i+1, i+1)
	}
	path := filepath.Join(t.TempDir(), "test.jsonl")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	stoptest.Run(t, "Convert", func(t *testing.T, cancelled bool) error {
		got := 0
		err := Convert("gsm8k", []string{path}, Options{}, func(record.Record) error { got++; return nil })
		if !cancelled && got != n {
			t.Fatalf("Convert emitted %d records, want %d (error %v)", got, n, err)
		}
		if cancelled && got >= n {
			t.Fatalf("a cancelled Convert emitted all %d records", got)
		}
		return err
	})
}
