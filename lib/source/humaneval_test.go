package source

import (
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qmix/lib/format"
	"qmix/lib/record"
)

// humanEvalRow is a HumanEval record, in the release JSONL and the Hub parquet alike.
type humanEvalRow struct {
	TaskID            string `json:"task_id" parquet:"task_id"`
	Prompt            string `json:"prompt" parquet:"prompt"`
	CanonicalSolution string `json:"canonical_solution" parquet:"canonical_solution"`
	Test              string `json:"test" parquet:"test"`
	EntryPoint        string `json:"entry_point" parquet:"entry_point"`
}

func TestHumanEvalReal(t *testing.T) {
	layouts := map[string][]record.Record{}
	for _, layout := range []string{"humaneval/HumanEval.jsonl.gz", "humaneval/hub/openai_humaneval-test.parquet"} {
		t.Run(layout, func(t *testing.T) {
			recs := convertShared(t, "humaneval", layout)
			if len(recs) != 164 {
				t.Fatalf("got %d records, want 164", len(recs))
			}
			checkRecords(t, recs, []want{
				{"humaneval/test/0",
					"Write a Python function `has_close_elements` that completes the following code. Its signature and docstring say what it must do.\n\n```python\nfrom typing import List\n\n\ndef has_close_elements(",
					"from typing import List\n\n\ndef has_close_elements(numbers: List[float], threshold: float) -> bool:\n", ""},
				{"humaneval/test/163",
					"Write a Python function `generate_integers` that completes",
					"\ndef generate_integers(a, b):\n", ""},
			})
			for _, r := range recs {
				if r.Domain != record.Coding || r.Difficulty != record.Easy || r.License != "MIT" {
					t.Errorf("%s: domain/difficulty/license = %s/%s/%s", r.ID, r.Domain, r.Difficulty, r.License)
				}
				entry, _ := r.Meta["entry_point"].(string)
				test, _ := r.Meta["test"].(string)
				if entry == "" || !strings.Contains(r.Answer, "def "+entry) || !strings.Contains(test, "def check(") {
					t.Errorf("%s: entry point %q, test %q", r.ID, entry, head(test, 40))
				}
				if !strings.HasSuffix(r.Question, "```") {
					t.Errorf("%s: question does not close its code block", r.ID)
				}
			}
			layouts[layout] = recs
		})
	}
	if a, b := layouts["humaneval/HumanEval.jsonl.gz"], layouts["humaneval/hub/openai_humaneval-test.parquet"]; a != nil && b != nil {
		if n := sameRecords(t, a, b); n != 164 {
			t.Errorf("compared %d records across layouts, want 164", n)
		}
	}
}

func TestHumanEvalFixtures(t *testing.T) {
	native := filepath.Join("testdata", "humaneval", "HumanEval-mini.jsonl.gz")
	release, err := ConvertAll("humaneval", []string{native}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkRecords(t, release, []want{
		{"humaneval/test/0", "Write a Python function `count_vowels` that completes the following code.",
			"\n\ndef count_vowels(word: str) -> int:\n", ""},
		{"humaneval/test/1", "Write a Python function `running_max`", "from typing import List\n", ""},
	})
	if r := byID(release)["humaneval/test/1"]; !strings.HasSuffix(r.Answer, "    \"\"\"\n    out, best = [], None\n    for v in values:\n        best = v if best is None else max(best, v)\n        out.append(best)\n    return out\n") {
		t.Errorf("answer is not prompt + canonical_solution: %q", r.Answer)
	}

	// The same records in the Hub layout.
	zr, err := os.Open(native)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	gz, err := gzip.NewReader(zr)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.jsonl")
	b, err := io.ReadAll(gz)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(plain, b, 0o644); err != nil {
		t.Fatal(err)
	}
	hubFile := filepath.Join(dir, "openai_humaneval-test.parquet")
	csnWriteParquet(t, hubFile, csnReadJSONL[humanEvalRow](t, plain))
	hub, err := ConvertAll("humaneval", []string{hubFile}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := sameRecords(t, release, hub); n != 2 {
		t.Errorf("compared %d records, want 2", n)
	}
}

func TestHumanEvalBad(t *testing.T) {
	tests := []struct {
		file string
		want error
	}{
		{"type.jsonl", format.ErrType},
		{"missing.jsonl", format.ErrMissing},
		{"id.jsonl", format.ErrValue},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := ConvertAll("humaneval", []string{filepath.Join("testdata", "humaneval", "bad", tt.file)}, Options{})
			wantRowError(t, err, tt.want)
			var re *format.RowError
			if errors.As(err, &re) && re.Pos.Line != 2 {
				t.Errorf("error at line %d, want 2", re.Pos.Line)
			}
		})
	}
}

func FuzzHumanEval(f *testing.F) {
	for _, p := range []string{"bad/type.jsonl", "bad/id.jsonl"} {
		b, err := os.ReadFile(filepath.Join("testdata", "humaneval", p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "HumanEval.jsonl")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		fuzzAdapter(t, "humaneval", p)
	})
}
