package build

import (
	"strings"
	"testing"

	"qmix/lib/record"
)

func TestAccount(t *testing.T) {
	recs := func(ids ...string) []record.Record {
		out := make([]record.Record, len(ids))
		for i, id := range ids {
			out[i].ID = id
		}
		return out
	}
	drops := func(ids ...string) []record.Drop {
		out := make([]record.Drop, len(ids))
		for i, id := range ids {
			out[i] = record.Drop{ID: id, Reason: record.ReasonTrimmed}
		}
		return out
	}
	tests := []struct {
		name    string
		inputs  int
		final   []record.Record
		drops   []record.Drop
		wantErr string
	}{
		{"balanced", 3, recs("a", "b"), drops("c"), ""},
		{"nothing", 0, nil, nil, ""},
		{"dropped twice", 3, recs("a"), drops("b", "b"), "b dropped twice"},
		{"kept and dropped", 2, recs("a"), drops("a"), "a both kept and dropped"},
		{"record lost", 4, recs("a", "b"), drops("c"), "4 inputs, 2 kept + 1 dropped"},
		{"record from nowhere", 2, recs("a", "b"), drops("c"), "2 inputs, 2 kept + 1 dropped"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acc, err := account(tt.inputs, tt.final, tt.drops)
			if tt.wantErr == "" {
				if err != nil || !acc.Balanced {
					t.Fatalf("account = %+v, %v; want balanced", acc, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("account error = %v, want %q", err, tt.wantErr)
			}
			if acc.Balanced {
				t.Errorf("account = %+v, want not balanced", acc)
			}
		})
	}
}
