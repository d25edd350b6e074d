package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qmix/lib/record"
	"qmix/lib/source"
)

func TestCommands(t *testing.T) {
	out := filepath.Join(t.TempDir(), "gsm8k.jsonl")
	fixture := filepath.Join("lib", "source", "testdata", "gsm8k")
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     []string // substrings
		stderr     []string
		outRecords int
	}{
		{"run without a file", []string{"run"}, 2, nil, nil, 0},
		{"help", []string{"help"}, 0, []string{"qmix sources", "qmix convert"}, nil, 0},
		{"help convert", []string{"help", "convert"}, 0, nil, []string{"Usage: qmix convert", "-lenient"}, 0},
		{"unknown command", []string{"frobnicate"}, 2, nil, []string{`unknown command "frobnicate"`}, 0},
		{"sources", []string{"sources"}, 0, append([]string{"NAME", "openai/gsm8k (main)"}, source.Names()...), nil, 0},
		{"sources one", []string{"sources", "piqa"}, 0, []string{"piqa (PIQA, common_sense)", "difficulty:"}, nil, 0},
		{"sources unknown", []string{"sources", "nope"}, 1, nil, []string{`unknown source "nope"`}, 0},
		{"convert to file, flag last", []string{"convert", "gsm8k", filepath.Join(fixture, "ok-test.jsonl"), "-o", out}, 0,
			nil, []string{"gsm8k: 3 records"}, 3},
		{"convert to stdout", []string{"convert", "gsm8k", filepath.Join(fixture, "ok-test.jsonl")}, 0,
			[]string{`"id":"gsm8k/test/0"`, `"final_answer":"1000"`}, nil, 0},
		{"convert strict error names file line field", []string{"convert", "gsm8k", filepath.Join(fixture, "nan-test.jsonl")}, 1,
			nil, []string{"nan-test.jsonl:1", `field "answer"`}, 0},
		{"convert lenient reports skip", []string{"convert", "--lenient", "gsm8k", filepath.Join(fixture, "nan-test.jsonl")}, 0,
			nil, []string{"skipped: ", "nan-test.jsonl:1", "0 records", "1 skipped"}, 0},
		{"convert unknown source", []string{"convert", "nope", "x"}, 1, nil, []string{`unknown source "nope"`}, 0},
		{"convert missing path", []string{"convert", "gsm8k"}, 2, nil, []string{"Usage: qmix convert"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout.String(), stderr.String())
			}
			for _, s := range tt.stdout {
				if !strings.Contains(stdout.String(), s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout.String())
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(stderr.String(), s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr.String())
				}
			}
			if tt.outRecords > 0 {
				recs, err := record.ReadFile(out)
				if err != nil || len(recs) != tt.outRecords {
					t.Errorf("output file: %d records, err %v", len(recs), err)
				}
			}
		})
	}
	if _, err := os.Stat(out); err != nil {
		t.Fatal(err)
	}
}
