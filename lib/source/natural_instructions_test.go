package source

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"qmix/lib/format"
	"qmix/lib/record"
)

// niFlatRow is a row of the Hub's flattened Natural Instructions layout.
type niFlatRow struct {
	TaskName   string `json:"task_name" parquet:"task_name"`
	ID         string `json:"id" parquet:"id"`
	Definition string `json:"definition" parquet:"definition"`
	Inputs     string `json:"inputs" parquet:"inputs"`
	Targets    string `json:"targets" parquet:"targets"`
}

// No real Natural Instructions file is available (see the datasets README), so these
// tests run on invented task files in the release format and the same instances in
// the flattened Hub layout, as JSONL and as parquet.
func TestNaturalInstructionsFixtures(t *testing.T) {
	base := filepath.Join("testdata", "natural_instructions")
	release, err := ConvertAll("natural_instructions", []string{filepath.Join(base, "release")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(release) != 3 {
		t.Fatalf("release: %d records, want 3", len(release))
	}
	checkRecords(t, release, []want{
		{"natural_instructions/train/task9001-5f0c1d2e3a4b4c5d8e9f001122334455",
			"In this task, you are given a short review of a tea kettle. Classify it as \"POS\" if the review is positive and \"NEG\" if it is negative.\n\nInput: Whistles loudly enough to hear from the garden. Love it.",
			"POS", "POS"},
		{"natural_instructions/train/task9001-6a7b8c9d0e1f4a2b9c3d667788990011", "In this task", "NEG", "NEG"},
		// task9002 is in splits/default/test_tasks.txt; its definition has two parts.
		{"natural_instructions/test/task9002-0b1c2d3e4f5a4b6c8d7e112233445566",
			"Given a step of a recipe, write a question whose answer is the amount of an ingredient in that step.\n\nDo not use the word \"how\" twice.\n\nInput: Stir in 3 tablespoons of honey.",
			"How much honey is stirred in?", "How much honey is stirred in?"},
	})
	r := byID(release)["natural_instructions/test/task9002-0b1c2d3e4f5a4b6c8d7e112233445566"]
	wantMeta := map[string]any{
		"task":             "task9002_invented_recipe_question_generation",
		"outputs":          []string{"How much honey is stirred in?", "What amount of honey goes in?"},
		"final_answer":     "How much honey is stirred in?",
		"categories":       []string{"Question Generation"},
		"domains":          []string{"Food"},
		"reasoning":        []string{"Commonsense Reasoning"},
		"source_datasets":  []string{"invented_recipes"},
		"input_language":   []string{"English"},
		"output_language":  []string{"English"},
		"instance_license": []string{"Unknown"},
	}
	if !reflect.DeepEqual(r.Meta, wantMeta) {
		t.Errorf("meta = %#v\nwant %#v", r.Meta, wantMeta)
	}
	for _, r := range release {
		if r.Domain != record.Instruction || r.Difficulty != record.Easy || r.License != "Apache-2.0" {
			t.Errorf("%s: domain/difficulty/license = %s/%s/%s", r.ID, r.Domain, r.Difficulty, r.License)
		}
	}

	// One task file given alone still finds the split lists of its release tree …
	alone, err := ConvertAll("natural_instructions", []string{filepath.Join(base, "release", "tasks", "task9002_invented_recipe_question_generation.json")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(alone) != 1 || alone[0].ID != "natural_instructions/test/task9002-0b1c2d3e4f5a4b6c8d7e112233445566" {
		t.Errorf("single task file: %v", alone)
	}
	// … and outside one it has no split list: train.
	dir := t.TempDir()
	b, err := os.ReadFile(filepath.Join(base, "release", "tasks", "task9002_invented_recipe_question_generation.json"))
	if err != nil {
		t.Fatal(err)
	}
	loose := filepath.Join(dir, "task9002_invented_recipe_question_generation.json")
	if err := os.WriteFile(loose, b, 0o644); err != nil {
		t.Fatal(err)
	}
	alone, err = ConvertAll("natural_instructions", []string{loose}, Options{})
	if err != nil || len(alone) != 1 || alone[0].ID != "natural_instructions/train/task9002-0b1c2d3e4f5a4b6c8d7e112233445566" {
		t.Errorf("loose task file: %v, %v", alone, err)
	}

	// The flattened layout as JSONL (split from the folder; the test task has one
	// row per output, merged back into one record) …
	flat, err := ConvertAll("natural_instructions", []string{filepath.Join(base, "hub")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := sameRecords(t, release, flat); n != 3 || len(flat) != 3 {
		t.Errorf("flattened JSONL: compared %d of %d records", n, len(flat))
	}
	if got := byID(flat)[r.ID].Meta["outputs"]; !reflect.DeepEqual(got, wantMeta["outputs"]) {
		t.Errorf("merged outputs %v", got)
	}
	// … and as parquet (split from the file name).
	pq := t.TempDir()
	for _, split := range []string{Train, Test} {
		files, err := filepath.Glob(filepath.Join(base, "hub", split, "*.jsonl"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no %s fixtures: %v", split, err)
		}
		var rows []niFlatRow
		for _, f := range files {
			rows = append(rows, csnReadJSONL[niFlatRow](t, f)...)
		}
		csnWriteParquet(t, filepath.Join(pq, "default-"+split+".parquet"), rows)
	}
	hub, err := ConvertAll("natural_instructions", []string{pq}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := sameRecords(t, release, hub); n != 3 || len(hub) != 3 {
		t.Errorf("parquet: compared %d of %d records", n, len(hub))
	}
}

func TestNaturalInstructionsBad(t *testing.T) {
	bad := filepath.Join("testdata", "natural_instructions", "bad")
	tests := []struct {
		file    string
		want    error
		lenient int // records kept in lenient mode
	}{
		{"tasks/task9101_definition_string.json", format.ErrType, 0},
		{"tasks/task9102_instance_without_id.json", format.ErrMissing, 2},
		{"tasks/task9103_no_output.json", format.ErrValue, 0},
		{"nosplit.jsonl", format.ErrValue, 0},
		{"targets-train.jsonl", format.ErrType, 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(bad, tt.file)
			_, err := ConvertAll("natural_instructions", []string{path}, Options{})
			wantRowError(t, err, tt.want)
			var skipped []*format.RowError
			recs, err := ConvertAll("natural_instructions", []string{path}, Options{Lenient: true, Skip: func(e *format.RowError) { skipped = append(skipped, e) }})
			if err != nil || len(recs) != tt.lenient || len(skipped) != 1 {
				t.Errorf("lenient: err %v, %d records (want %d), skipped %v", err, len(recs), tt.lenient, skipped)
			}
		})
	}
}

func FuzzNaturalInstructions(f *testing.F) {
	for _, p := range []string{
		"release/tasks/task9002_invented_recipe_question_generation.json",
		"hub/test/task9002_invented_recipe_question_generation.jsonl",
		"bad/tasks/task9102_instance_without_id.json",
	} {
		b, err := os.ReadFile(filepath.Join("testdata", "natural_instructions", p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		for _, name := range []string{"task001_fuzz.json", "train.jsonl"} {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			fuzzAdapter(t, "natural_instructions", p)
		}
	})
}
