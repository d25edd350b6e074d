package source

import (
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// realConversions converts every real file under ../shared/datasets, one layout per
// entry, with the record count each must give.
var realConversions = []struct {
	source string
	paths  []string // relative to the datasets directory
	want   int
	covers []string // files read besides paths (a labels file beside its JSONL)
}{
	{"codesearchnet", []string{"codesearchnet"}, 672, nil},
	{"humaneval", []string{"humaneval/HumanEval.jsonl.gz"}, 164, nil},
	{"humaneval", []string{"humaneval/hub"}, 164, nil},
	{"mbpp", []string{"mbpp/mbpp.jsonl"}, 974, nil},
	{"mbpp", []string{"mbpp/hub"}, 500, nil},
	{"gsm8k", []string{"gsm8k/test.jsonl"}, 1319, nil},
	{"gsm8k", []string{"gsm8k/hub"}, 1319, nil},
	{"math", []string{"math/MATH"}, 140, nil},
	{"math", []string{"math/prm800k_math_splits_test.jsonl"}, 500, nil},
	{"math", []string{"math/hub"}, 140, nil},
	{"mmlu", []string{"mmlu/data"}, 1236, nil},
	{"mmlu", []string{"mmlu/hub"}, 951, nil},
	{"arc_challenge", []string{"arc-challenge/*.jsonl"}, 7, nil},
	{"arc_challenge", []string{"arc-challenge/hub"}, 2, nil},
	{"hellaswag", []string{"hellaswag/*.jsonl"}, 6, nil},
	{"hellaswag", []string{"hellaswag/hub"}, 2, nil},
	{"squad_v2", []string{"squad-v2/dev-v2.0.first-2-articles.json"}, 626, nil},
	{"squad_v2", []string{"squad-v2/hub"}, 626, nil},
	{"drop", []string{"drop/drop_dataset_dev.json", "drop/drop_dataset_train.json"}, 7, nil},
	{"drop", []string{"drop/hub"}, 2, nil},
	{"coqa", []string{"coqa/coqa-dev-v1.0.json", "coqa/coqa-train-v1.0.json"}, 32, nil},
	{"coqa", []string{"coqa/hub"}, 12, nil},
	{"toolbench", []string{"toolbench/data_example"}, 6, nil},
	{"gorilla", []string{"gorilla-apibench/torchhub_eval.json"}, 186, nil},
	{"gorilla", []string{"gorilla-apibench/hub"}, 186, nil},
	{"commonsense_qa", []string{"commonsenseqa/dev_rand_split.jsonl"}, 1221, nil},
	{"commonsense_qa", []string{"commonsenseqa/hub"}, 1221, nil},
	{"piqa", []string{"piqa/valid.jsonl"}, 1838, []string{"piqa/valid-labels.lst"}},
	{"piqa", []string{"piqa/hub"}, 1838, nil},
	{"cnn_dailymail", []string{"cnn-dailymail/cnn_stories"}, 20, nil},
	{"cnn_dailymail", []string{"cnn-dailymail/hub"}, 10, nil},
	{"xsum", []string{"xsum/xsum-extracts-from-downloads"}, 20, nil},
	{"xsum", []string{"xsum/hub"}, 20, nil},
	{"alpaca", []string{"alpaca/alpaca_tiny.json"}, 100, nil},
	{"alpaca", []string{"alpaca/hub"}, 100, nil},
}

// TestEveryRealFileConverts converts every real file with zero errors, and checks
// that no data file under ../shared/datasets is left out of the table above.
func TestEveryRealFileConverts(t *testing.T) {
	dir := sharedDir(t)
	covered := map[string]bool{}
	for _, c := range realConversions {
		t.Run(c.source+"/"+strings.Join(c.paths, "+"), func(t *testing.T) {
			recs := convertShared(t, c.source, c.paths...)
			if len(recs) != c.want {
				t.Errorf("%d records, want %d", len(recs), c.want)
			}
			for _, r := range recs {
				if r.Source != c.source || r.Tokens.Question == 0 || !strings.HasPrefix(r.ID, c.source+"/") {
					t.Fatalf("record %q: source %q, question tokens %d", r.ID, r.Source, r.Tokens.Question)
				}
			}
		})
		for _, p := range append(append([]string(nil), c.paths...), c.covers...) {
			matches, _ := filepath.Glob(filepath.Join(dir, p))
			for _, m := range matches {
				filepath.WalkDir(m, func(path string, d fs.DirEntry, err error) error {
					if err == nil && !d.IsDir() {
						covered[path] = true
					}
					return nil
				})
			}
		}
	}
	var missed []string
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(path, ".md") && !covered[path] {
			missed = append(missed, path)
		}
		return nil
	})
	sort.Strings(missed)
	if len(missed) > 0 {
		t.Errorf("real files no conversion reads: %v", missed)
	}
}
