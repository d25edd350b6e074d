package realdata

import (
	"testing"

	"qmix/lib/record"
)

func TestRecords(t *testing.T) {
	first := Records(t, "gsm8k", "gsm8k/test.jsonl")
	if len(first) != 1319 {
		t.Fatalf("%d GSM8K test records, want 1319", len(first))
	}
	if first[0].ID != "gsm8k/test/0" || first[0].Domain != record.Math {
		t.Fatalf("first record %s in %s, want gsm8k/test/0 in math", first[0].ID, first[0].Domain)
	}
	// A second call comes from the cache in a slice of its own.
	first[0].ID = "changed"
	again := Records(t, "gsm8k", "gsm8k/test.jsonl")
	if len(again) != len(first) || again[0].ID != "gsm8k/test/0" {
		t.Fatalf("second call: %d records, first %q", len(again), again[0].ID)
	}
}
