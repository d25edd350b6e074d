package source

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qmix/lib/internal/stop"
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
			got := 0
			err := Convert("gsm8k", []string{path}, Options{}, func(record.Record) error { got++; return nil })
			if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Fatalf("Convert error = %v, want %v", err, tt.want)
			}
			if !tt.cancel && got != n {
				t.Fatalf("Convert emitted %d records, want %d", got, n)
			}
			if tt.cancel && got >= n {
				t.Fatalf("a cancelled Convert emitted all %d records", got)
			}
		})
	}
}
