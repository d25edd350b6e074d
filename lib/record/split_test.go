package record

import "testing"

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		r    Record
		want string
	}{
		{"public", Record{ID: ID("gsm8k", "test", "12"), Source: "gsm8k"}, "test"},
		{"source id with slashes", Record{ID: ID("mmlu", "dev", "abstract_algebra/3"), Source: "mmlu"}, "dev"},
		{"existing record", Record{ID: "q-000123", Source: "existing"}, ""},
		{"id of another source", Record{ID: "mbpp/train/1", Source: "gsm8k"}, ""},
		{"no split", Record{ID: "gsm8k/12", Source: "gsm8k"}, ""},
		{"no source", Record{ID: "/test/1"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.Split(); got != tt.want {
				t.Errorf("Split(%q) = %q, want %q", tt.r.ID, got, tt.want)
			}
		})
	}
}
