package source

import (
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"qmix/lib/format"
)

func TestGSM8KReal(t *testing.T) {
	for _, layout := range []string{"gsm8k/test.jsonl", "gsm8k/hub/main-test.parquet"} {
		t.Run(layout, func(t *testing.T) {
			recs := convertShared(t, "gsm8k", layout)
			if len(recs) != 1319 {
				t.Fatalf("got %d records, want 1319", len(recs))
			}
			checkRecords(t, recs, []want{
				{"gsm8k/test/0", "Janet’s ducks lay 16 eggs per day.", "Janet sells 16 - 3 - 4 = 9 duck eggs a day.", "18"},
				{"gsm8k/test/1", "A robe takes 2 bolts of blue fiber", "It takes 2/2=1 bolt of white fiber", "3"},
			})
			commas := 0
			for _, r := range recs {
				if _, err := strconv.ParseFloat(r.FinalAnswer(), 64); err != nil {
					t.Errorf("%s: final answer %q is not a number", r.ID, r.FinalAnswer())
				}
				if strings.Contains(r.Answer, "<<") {
					t.Errorf("%s: calculator note left in answer", r.ID)
				}
				if r.Domain != "math" || r.Difficulty != "easy" || r.License != "MIT" {
					t.Errorf("%s: domain/difficulty/license = %s/%s/%s", r.ID, r.Domain, r.Difficulty, r.License)
				}
				if strings.Contains(r.FinalAnswer(), ",") {
					commas++
				}
			}
			if commas != 0 {
				t.Errorf("%d final answers keep thousands separators", commas)
			}
		})
	}
}

func TestGSM8KFixtures(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		final   []string
		wantErr error
	}{
		{"thousands and negative", "ok-test.jsonl", []string{"1000", "-3", "2.5"}, nil},
		{"no marker", "nomarker-test.jsonl", nil, format.ErrValue},
		{"not a number", "nan-test.jsonl", nil, format.ErrValue},
		{"question is a number", "type-test.jsonl", nil, format.ErrType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, err := ConvertAll("gsm8k", []string{filepath.Join("testdata", "gsm8k", tt.file)}, Options{})
			if tt.wantErr != nil {
				var re *format.RowError
				if !errors.Is(err, tt.wantErr) || !errors.As(err, &re) || re.Pos.Line == 0 {
					t.Fatalf("err = %v, want a positioned %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range recs {
				if r.FinalAnswer() != tt.final[i] {
					t.Errorf("record %d: final %q, want %q", i, r.FinalAnswer(), tt.final[i])
				}
			}
		})
	}
}
