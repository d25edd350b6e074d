package source

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qmix/lib/format"
	"qmix/lib/record"
)

func TestAlpacaReal(t *testing.T) {
	layouts := []string{"alpaca/alpaca_tiny.json", "alpaca/hub/default-train.parquet"}
	var converted [][]record.Record
	for _, layout := range layouts {
		t.Run(layout, func(t *testing.T) {
			recs := convertShared(t, "alpaca", layout)
			if len(recs) != 100 {
				t.Fatalf("got %d records, want 100", len(recs))
			}
			converted = append(converted, recs)
			checkRecords(t, recs, []want{
				{"alpaca/train/0", "Give three tips for staying healthy.", "1.Eat a balanced diet", ""},
				{"alpaca/train/5", "Identify the odd one out.\n\nTwitter, Instagram, Telegram", "Telegram", ""},
				{"alpaca/train/6", "Explain why the following fraction is equivalent to 1/4\n\n4/16", "The fraction 4/16", ""},
				{"alpaca/train/8", "Render a 3D model of a house", "", ""},
			})
			withInput, noOutput := 0, 0
			for _, r := range recs {
				if r.Domain != "instruction" || r.Difficulty != "easy" || r.License != "CC BY-NC 4.0" {
					t.Errorf("%s: domain/difficulty/license = %s/%s/%s", r.ID, r.Domain, r.Difficulty, r.License)
				}
				if strings.Contains(r.Question, "### Instruction") || strings.Contains(r.Question, "Below is an instruction") {
					t.Errorf("%s: question is the rendered prompt", r.ID)
				}
				if strings.Contains(r.Question, "\n\n") {
					withInput++
				}
				if r.Meta["no_output"] == true {
					noOutput++
					if r.Answer != "" || !strings.HasPrefix(r.Meta["output"].(string), "<nooutput>") {
						t.Errorf("%s: <nooutput> record has answer %q, meta %v", r.ID, r.Answer, r.Meta)
					}
				} else if r.Answer == "" || strings.Contains(r.Answer, "<nooutput>") {
					t.Errorf("%s: answer %q", r.ID, r.Answer)
				}
			}
			// SOURCE.md: 46 of the 100 have an input; one output is <nooutput>.
			if withInput != 46 || noOutput != 1 {
				t.Errorf("%d questions with input (want 46), %d <nooutput> (want 1)", withInput, noOutput)
			}
		})
	}
	if len(converted) == 2 {
		for i := range converted[0] {
			mathCompare(t, converted[0][i], converted[1][i], "no_output", "output")
		}
	}
}

// alpacaHubRow is a row of the Hub's tatsu-lab/alpaca parquet.
type alpacaHubRow struct {
	Instruction *string `parquet:"instruction" json:"instruction"`
	Input       *string `parquet:"input" json:"input"`
	Output      *string `parquet:"output" json:"output"`
	Text        *string `parquet:"text" json:"text"`
}

// alpacaHubFixture converts the Hub-format JSON fixture, in order, to a Hub parquet.
func alpacaHubFixture(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "alpaca", "alpaca-sample.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rows []alpacaHubRow
	if err := json.Unmarshal(b, &rows); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "default-train.parquet")
	mathWriteParquet(t, path, rows)
	return path
}

func TestAlpacaFixtures(t *testing.T) {
	type rec struct {
		question, answer  string
		noOutput, noInput bool
		output            string
	}
	wants := []rec{
		{"Name two colors that mix to make green.", "Blue and yellow.", false, false, ""},
		{"Translate the sentence into French.\n\nThe cat sleeps on the mat.", "Le chat dort sur le tapis.", false, false, ""},
		{"Draw a map of a small village.", "", true, false, "<nooutput> A text-only model cannot draw a map."},
		{"Suggest a title for a short story about a lighthouse.", "The Keeper of the Last Light", false, true, ""},
		{"Sort the numbers in ascending order.\n\n9, 2, 5", "2, 5, 9", false, false, ""},
		{"Record a short greeting as an audio clip.", "", true, false, "<nooutput>"},
	}
	layouts := map[string]string{
		"release JSON":    filepath.Join("testdata", "alpaca", "alpaca_data.json"),
		"Hub-export JSON": filepath.Join("testdata", "alpaca", "alpaca-sample.json"),
		"Hub parquet":     alpacaHubFixture(t),
	}
	all := map[string][]record.Record{}
	for name, path := range layouts {
		t.Run(name, func(t *testing.T) {
			recs := mathMustConvert(t, "alpaca", path)
			all[name] = recs
			if len(recs) != len(wants) {
				t.Fatalf("got %d records, want %d", len(recs), len(wants))
			}
			for i, w := range wants {
				r := recs[i]
				if r.ID != "alpaca/train/"+string(rune('0'+i)) {
					t.Errorf("record %d: id %s", i, r.ID)
				}
				noOut, _ := r.Meta["no_output"].(bool)
				noIn, _ := r.Meta["no_input"].(bool)
				out, _ := r.Meta["output"].(string)
				if r.Question != w.question || r.Answer != w.answer || noOut != w.noOutput || noIn != w.noInput || out != w.output {
					t.Errorf("record %d = %q → %q, meta %v; want %q → %q", i, r.Question, r.Answer, r.Meta, w.question, w.answer)
				}
				if _, ok := r.Meta["final_answer"]; ok {
					t.Errorf("record %d: Alpaca has no final answer, got %v", i, r.Meta["final_answer"])
				}
			}
		})
	}
	for i := range wants {
		a := all["release JSON"][i]
		for _, other := range []string{"Hub-export JSON", "Hub parquet"} {
			mathCompare(t, a, all[other][i], "no_output", "no_input", "output")
		}
	}
}

func TestAlpacaBadInput(t *testing.T) {
	bad := func(name string) string { return filepath.Join("testdata", "alpaca", "bad", name) }
	dir := t.TempDir()
	hubMissing := filepath.Join(dir, "missing-train.parquet")
	mathWriteParquet(t, hubMissing, []struct {
		Instruction *string `parquet:"instruction"`
		Output      *string `parquet:"output"`
	}{{mathStr("Name a fruit."), mathStr("An apple.")}})
	hubNull := filepath.Join(dir, "null-train.parquet")
	mathWriteParquet(t, hubNull, []alpacaHubRow{
		{mathStr("Name a fruit."), mathStr(""), mathStr("An apple."), mathStr("…")},
		{mathStr("Name a tree."), mathStr(""), nil, mathStr("…")},
	})
	tests := []struct {
		name    string
		path    string
		field   string
		wantErr error
		line    int // the line named (JSON; 0 for parquet)
	}{
		{"output missing", bad("output-missing.json"), "output", format.ErrMissing, 7},
		{"input a number", bad("input-type.json"), "input", format.ErrType, 7},
		{"instruction a list", bad("instruction-type.json"), "instruction", format.ErrType, 7},
		{"instruction blank", bad("instruction-empty.json"), "instruction", format.ErrValue, 7},
		{"hub input column missing", hubMissing, "input", format.ErrMissing, 0},
		{"hub output null", hubNull, "output", format.ErrMissing, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ConvertAll("alpaca", []string{tt.path}, Options{})
			var re *format.RowError
			if !errors.Is(err, tt.wantErr) || !errors.As(err, &re) {
				t.Fatalf("err = %v, want a %v RowError", err, tt.wantErr)
			}
			if re.Field != tt.field {
				t.Errorf("field %q, want %q (%v)", re.Field, tt.field, err)
			}
			if re.Pos.File == "" || re.Pos.Line != tt.line {
				t.Errorf("error at %+v, want line %d", re.Pos, tt.line)
			}
			if tt.line == 0 && tt.path == hubNull && re.Pos.Row != 1 {
				t.Errorf("error at %+v, want row 1", re.Pos)
			}
			var skipped []*format.RowError
			recs, err := ConvertAll("alpaca", []string{tt.path}, Options{Lenient: true,
				Skip: func(re *format.RowError) { skipped = append(skipped, re) }})
			if err != nil {
				t.Fatalf("lenient: %v", err)
			}
			if len(skipped) != 1 || !errors.Is(skipped[0], tt.wantErr) {
				t.Errorf("lenient: skipped %v, want one %v", skipped, tt.wantErr)
			}
			if tt.path != hubMissing && (len(recs) != 1 || recs[0].ID != "alpaca/train/0") {
				t.Errorf("lenient kept %v, want alpaca/train/0", recs)
			}
		})
	}
}

// FuzzAlpaca feeds arbitrary bytes to the adapter as a release JSON file.
func FuzzAlpaca(f *testing.F) {
	// Small seeds: the fuzzer minimizes every new input it finds, and a large seed
	// makes that take most of a short run.
	seeds, _ := format.Files(filepath.Join("testdata", "alpaca", "bad"), nil)
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`[{"instruction":"Draw a cat.","input":"","output":"<nooutput>"},` +
		`{"instruction":"Add.","input":"1, 2","output":"3"},{"instruction":"Go.","input":"<noinput>","output":"ok"}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "alpaca_data.json")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		mathFuzzCheck(t, "alpaca", path)
	})
}
