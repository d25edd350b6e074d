package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"qmix/lib/build"
	"qmix/lib/record"
)

func schemaRecord(id, question, answer string) record.Record {
	return record.Record{ID: id, Question: question, Answer: answer, Domain: record.Reasoning,
		Difficulty: record.Easy, Source: strings.Split(id, "/")[0], SourceID: id, License: "test",
		Tokens: record.Tokens{Question: 1, Answer: 1}, Meta: map[string]any{}}
}

// TestDedupAndWhyCommands runs `qmix dedup` on schema files holding an exact and a
// near duplicate of a reference record and a duplicate within the inputs, then
// asks `qmix why` about each record of a build directory made from the result.
func TestDedupAndWhyCommands(t *testing.T) {
	dir := t.TempDir()
	path := func(name string) string { return filepath.Join(dir, name) }
	lighthouse := "Which keeper of the old northern lighthouse lit the lamp on the night the storm broke the pier?"
	ref := []record.Record{schemaRecord("existing/demo/1", lighthouse, "Ada")}
	in := []record.Record{
		schemaRecord("src/test/1", strings.ToUpper(lighthouse), "Ada"),
		schemaRecord("src/test/2", strings.Replace(lighthouse, "storm", "stomr", 1), "Ada"),
		schemaRecord("src/test/3", "How many rivers cross the valley below the three mountain villages in the spring floods?", "Four"),
		schemaRecord("src/test/4", "How many rivers cross the valley below the three mountain villages in the spring floods??", "Four"),
		schemaRecord("src/test/5", "What colour is the door of the bakery that opened on the market square last winter?", "Blue"),
	}
	for name, recs := range map[string][]record.Record{"ref.jsonl": ref, "in.jsonl": in} {
		if err := record.WriteFile(path(name), recs); err != nil {
			t.Fatal(err)
		}
	}

	var stdout, stderr bytes.Buffer
	args := []string{"dedup", path("in.jsonl"), "--against", path("ref.jsonl"), "-o", path("kept.jsonl"), "--drops", path("drops.jsonl")}
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("qmix dedup: exit %d\n%s", code, stderr.String())
	}
	if want := "5 records against 1 reference: 2 kept, 2 exact and 1 near duplicates dropped"; !strings.Contains(stderr.String(), want) {
		t.Errorf("qmix dedup said %q, want %q", stderr.String(), want)
	}
	kept, err := record.ReadFile(path("kept.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var keptIDs []string
	for _, r := range kept {
		keptIDs = append(keptIDs, r.ID)
	}
	if got := strings.Join(keptIDs, " "); got != "src/test/3 src/test/5" {
		t.Errorf("kept %s, want src/test/3 src/test/5", got)
	}

	// A build directory: the kept records are the final set, the drops its drops.
	if err := record.WriteFile(path(build.FinalFile), kept); err != nil {
		t.Fatal(err)
	}
	if err := build.WriteManifest(path(build.ManifestFile), build.Manifest{Tool: "qmix"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id   string
		want string
	}{
		{"src/test/5", "src/test/5: kept — " + build.FinalFile + " line 2"},
		{"src/test/1", `src/test/1: dropped at stage "dedup": exact_duplicate of existing/demo/1 (similarity 1.00)`},
		{"src/test/2", `src/test/2: dropped at stage "dedup": near_duplicate of existing/demo/1 (similarity 0.`},
		{"src/test/4", `src/test/4: dropped at stage "dedup": exact_duplicate of src/test/3`},
		{"src/test/9", "src/test/9: not an input of this build"},
	}
	for _, tt := range tests {
		t.Run("why "+tt.id, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run([]string{"why", tt.id, "--manifest", path(build.ManifestFile)}, &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			if !strings.HasPrefix(stdout.String(), tt.want) {
				t.Errorf("qmix why %s = %q, want prefix %q", tt.id, stdout.String(), tt.want)
			}
		})
	}

	usage := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"dedup without -o", []string{"dedup", path("in.jsonl"), "--drops", path("d.jsonl")}, 2, "Usage: qmix dedup"},
		{"dedup bad threshold", []string{"dedup", path("in.jsonl"), "-o", path("o.jsonl"), "--drops", path("d.jsonl"), "--threshold", "1.5"}, 1, "threshold 1.5 out of range"},
		{"dedup missing input", []string{"dedup", path("nope.jsonl"), "-o", path("o.jsonl"), "--drops", path("d.jsonl")}, 1, "nope.jsonl"},
		{"why without id", []string{"why"}, 2, "Usage: qmix why"},
		{"why without build", []string{"why", "x", "--manifest", path("none/manifest.json")}, 1, "manifest.json"},
	}
	for _, tt := range usage {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tt.args, &stdout, &stderr); code != tt.code || !strings.Contains(stderr.String(), tt.err) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr.String(), tt.code, tt.err)
			}
		})
	}
}
