package source

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"qmix/lib/format"
)

// No real MetaMathQA file is available (../shared/datasets/metamathqa has only its
// SOURCE.md), so these tests run on invented records in the documented format: the
// release's JSON array and the Hub parquet written from it.

// metaMathHubRow is a row of the Hub's meta-math/MetaMathQA parquet.
type metaMathHubRow struct {
	Query            *string `parquet:"query" json:"query"`
	Response         *string `parquet:"response" json:"response"`
	Type             *string `parquet:"type" json:"type"`
	OriginalQuestion *string `parquet:"original_question" json:"original_question"`
}

// metaMathHubFixture converts the JSON fixture, in order, to a Hub parquet file
// named like the Hub's, as the Hub's own conversion does.
func metaMathHubFixture(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "metamathqa", "metamathqa-sample.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rows []metaMathHubRow
	if err := json.Unmarshal(b, &rows); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "default-train.parquet")
	mathWriteParquet(t, path, rows)
	return path
}

func TestMetaMathQAFixtures(t *testing.T) {
	native := filepath.Join("testdata", "metamathqa", "metamathqa-sample.json")
	wants := []want{
		{"metamathqa/train/0", "A baker fills 6 trays", "The baker makes 6 * 12 = 72 rolls.", "22"},
		{"metamathqa/train/1", "If $x + 2 = 7$ and the answer", "We subtract 2 from both sides", "5"},
		{"metamathqa/train/2", "Compute $\\frac{1}{2}", "The common denominator is 6", "\\frac{5}{6}"},
		// The last marker counts.
		{"metamathqa/train/3", "A pen costs x dollars", "4x = 10, so x = 2.5.", "2.5"},
		// No marker: the worked answer is kept, without a final answer.
		{"metamathqa/train/4", "Round 7.46 to the nearest tenth.", "The hundredths digit is 6", ""},
	}
	layouts := map[string]string{"release JSON": native, "Hub parquet": metaMathHubFixture(t)}
	for name, path := range layouts {
		t.Run(name, func(t *testing.T) {
			recs := mathMustConvert(t, "metamathqa", path)
			if len(recs) != len(wants) {
				t.Fatalf("got %d records, want %d", len(recs), len(wants))
			}
			checkRecords(t, recs, wants)
			for _, r := range recs {
				if r.Domain != "math" || r.Difficulty != "easy" || r.License != "MIT" {
					t.Errorf("%s: domain/difficulty/license = %s/%s/%s", r.ID, r.Domain, r.Difficulty, r.License)
				}
				if _, ok := r.Meta["original_question"].(string); !ok {
					t.Errorf("%s: no meta.original_question", r.ID)
				}
				if _, ok := r.Meta["type"].(string); !ok {
					t.Errorf("%s: no meta.type", r.ID)
				}
				if _, has := r.Meta["final_answer"]; has != (r.FinalAnswer() != "") {
					t.Errorf("%s: meta.final_answer present but empty", r.ID)
				}
			}
			if m := recs[1].Meta; m["type"] != "MATH_FOBAR" || m["original_question"] != "If $x + 2 = 7$, what is $3x$?" {
				t.Errorf("record 1 meta = %v", m)
			}
		})
	}
	// Both layouts give the same records.
	a, b := mathMustConvert(t, "metamathqa", native), mathMustConvert(t, "metamathqa", layouts["Hub parquet"])
	if len(a) != len(b) {
		t.Fatalf("%d vs %d records", len(a), len(b))
	}
	for i := range a {
		mathCompare(t, a[i], b[i], "type", "original_question")
	}
}

func TestMetaMathQABadInput(t *testing.T) {
	bad := func(name string) string { return filepath.Join("testdata", "metamathqa", "bad", name) }
	dir := t.TempDir()
	hubMissing := filepath.Join(dir, "missing-train.parquet")
	mathWriteParquet(t, hubMissing, []struct {
		Query    *string `parquet:"query"`
		Response *string `parquet:"response"`
		Type     *string `parquet:"type"`
	}{{mathStr("What is 2 + 3?"), mathStr("5\nThe answer is: 5"), mathStr("GSM_AnsAug")}})
	hubType := filepath.Join(dir, "type-train.parquet")
	mathWriteParquet(t, hubType, []metaMathHubRow{
		{mathStr("What is 2 + 3?"), mathStr("5\nThe answer is: 5"), mathStr("GSM_AnsAug"), mathStr("What is 2 + 3?")},
		{mathStr("What is 4 + 4?"), mathStr("8\nThe answer is: 8"), mathStr("gsm"), mathStr("What is 4 + 4?")},
	})
	tests := []struct {
		name    string
		path    string
		field   string
		wantErr error
		line    int // the line named (JSON), or
		row     int // the parquet row, when line is 0
		skips   int
	}{
		{"unknown type", bad("type-value.json"), "type", format.ErrValue, 3, 0, 1},
		{"query a number", bad("query-type.json"), "query", format.ErrType, 3, 0, 1},
		{"no original_question", bad("missing-original.json"), "original_question", format.ErrMissing, 3, 0, 1},
		{"nothing after the marker", bad("empty-answer.json"), "response", format.ErrValue, 3, 0, 1},
		{"blank query", bad("empty-query.json"), "question", format.ErrValue, 3, 0, 1},
		{"object, not array", bad("not-array.json"), "", format.ErrType, 1, 0, 4},
		{"hub column missing", hubMissing, "original_question", format.ErrMissing, 0, 0, 1},
		{"hub unknown type", hubType, "type", format.ErrValue, 0, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ConvertAll("metamathqa", []string{tt.path}, Options{})
			var re *format.RowError
			if !errors.Is(err, tt.wantErr) || !errors.As(err, &re) {
				t.Fatalf("err = %v, want a %v RowError", err, tt.wantErr)
			}
			if re.Field != tt.field {
				t.Errorf("field %q, want %q (%v)", re.Field, tt.field, err)
			}
			if re.Pos.File == "" || re.Pos.Line != tt.line || re.Pos.Row != tt.row {
				t.Errorf("error at %+v, want line %d row %d in the file", re.Pos, tt.line, tt.row)
			}
			var skipped []*format.RowError
			recs, err := ConvertAll("metamathqa", []string{tt.path}, Options{Lenient: true,
				Skip: func(re *format.RowError) { skipped = append(skipped, re) }})
			if err != nil {
				t.Fatalf("lenient: %v", err)
			}
			if len(skipped) != tt.skips {
				t.Errorf("lenient: skipped %v, want %d", skipped, tt.skips)
			}
			// The good first row survives, under its own row index.
			if tt.skips == 1 && tt.row == 0 && tt.line > 1 && (len(recs) != 1 || recs[0].ID != "metamathqa/train/0") {
				t.Errorf("lenient kept %v, want metamathqa/train/0", recs)
			}
		})
	}
}

// FuzzMetaMathQA feeds arbitrary bytes to the adapter as a release JSON file.
func FuzzMetaMathQA(f *testing.F) {
	// Small seeds: the fuzzer minimizes every new input it finds, and a large seed
	// makes that take most of a short run.
	f.Add([]byte(`[{"query":"q","response":"r\nThe answer is: 1","type":"MATH_SV","original_question":"o"},` +
		`{"query":"q","response":"r","type":"GSM_FOBAR","original_question":"o"}]`))
	seeds, _ := format.Files(filepath.Join("testdata", "metamathqa", "bad"), nil)
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "MetaMathQA-395K.json")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		mathFuzzCheck(t, "metamathqa", path)
	})
}
