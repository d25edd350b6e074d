package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qmix/lib/cost"
	"qmix/lib/record"
	"qmix/lib/source"
)

func TestCostCommand(t *testing.T) {
	// The adapters' fixtures (real records): the root package cannot reach
	// lib/internal/sharedtest.
	dir := filepath.Join("lib", "source", "testdata")
	tmp := t.TempDir()
	var recs []record.Record
	for _, f := range []struct{ name, path string }{
		{"gsm8k", "gsm8k/ok-test.jsonl"}, {"mmlu", "mmlu/data"}, {"toolbench", "toolbench/data"},
	} {
		rs, err := source.ConvertAll(f.name, []string{filepath.Join(dir, f.path)}, source.Options{})
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rs...)
	}
	in := filepath.Join(tmp, "set.jsonl")
	if err := record.WriteFile(in, recs); err != nil {
		t.Fatal(err)
	}
	// An edited price table: every price doubled.
	p := cost.DefaultPrices()
	for i := range p.Models {
		p.Models[i].Input *= 2
		p.Models[i].Output *= 2
	}
	doubled := filepath.Join(tmp, "prices.json")
	writeJSON(t, doubled, p)
	bad := filepath.Join(tmp, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"models": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	base, err := cost.Estimate(recs, cost.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr []string
	}{
		{"help", []string{"help", "cost"}, 0, nil, []string{"Usage: qmix cost", "-prices", "-batch"}},
		{"no input", []string{"cost"}, 2, nil, []string{"Usage: qmix cost"}},
		{"text tables", []string{"cost", in}, 0, []string{"3. Regenerate all", "$574–583", "Model calls per scenario:", "toolbench"}, nil},
		{"markdown", []string{"cost", "--markdown", in}, 0, []string{"| 2. Hybrid (existing + regenerate hard) |", "|---|"}, nil},
		{"doubled prices", []string{"cost", in, "--prices", doubled, "--training", "0"}, 0,
			[]string{fmt.Sprintf(" $%.2f ", 2*base.Scenarios[2].AnswersUSD), " $0 "}, nil},
		{"bad price file", []string{"cost", in, "--prices", bad}, 1, nil, []string{bad, "field read"}},
		{"missing input", []string{"cost", filepath.Join(tmp, "nope.jsonl")}, 1, nil, []string{"nope.jsonl"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(c.args, &stdout, &stderr); code != c.code {
				t.Fatalf("exit %d, want %d; stderr %s", code, c.code, stderr.String())
			}
			for _, s := range c.stdout {
				if !strings.Contains(stdout.String(), s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout.String())
				}
			}
			for _, s := range c.stderr {
				if !strings.Contains(stderr.String(), s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr.String())
				}
			}
		})
	}
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
