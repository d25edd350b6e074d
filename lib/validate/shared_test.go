package validate

import (
	"testing"

	"qmix/lib/internal/realdata"
	"qmix/lib/record"
	"qmix/lib/token"
)

// realFiles are the real dataset files the tests convert, one entry per source
// layout (both layouts where ../shared/datasets has both).
var realFiles = []struct{ source, path string }{
	{"codesearchnet", "codesearchnet"},
	{"humaneval", "humaneval/HumanEval.jsonl.gz"},
	{"mbpp", "mbpp/mbpp.jsonl"},
	{"gsm8k", "gsm8k/test.jsonl"},
	{"math", "math/MATH"},
	{"math", "math/prm800k_math_splits_test.jsonl"},
	{"mmlu", "mmlu/data"},
	{"arc_challenge", "arc-challenge/*.jsonl"},
	{"hellaswag", "hellaswag/*.jsonl"},
	{"squad_v2", "squad-v2/dev-v2.0.first-2-articles.json"},
	{"drop", "drop/drop_dataset_dev.json"},
	{"drop", "drop/drop_dataset_train.json"},
	{"coqa", "coqa/coqa-dev-v1.0.json"},
	{"coqa", "coqa/coqa-train-v1.0.json"},
	{"toolbench", "toolbench/data_example"},
	{"gorilla", "gorilla-apibench/torchhub_eval.json"},
	{"commonsense_qa", "commonsenseqa/dev_rand_split.jsonl"},
	{"piqa", "piqa/valid.jsonl"},
	{"cnn_dailymail", "cnn-dailymail/cnn_stories"},
	{"xsum", "xsum/xsum-extracts-from-downloads"},
	{"alpaca", "alpaca/alpaca_tiny.json"},
}

// allReal converts every real file.
func allReal(t testing.TB) []record.Record {
	t.Helper()
	var all []record.Record
	for _, f := range realFiles {
		all = append(all, realdata.Records(t, f.source, f.path)...)
	}
	return all
}

// byID returns the real record with the given id, with a private copy of its meta so
// that an edit does not leak into the cache.
func byID(t *testing.T, sourceName, path, id string) record.Record {
	t.Helper()
	for _, r := range realdata.Records(t, sourceName, path) {
		if r.ID == id {
			meta := make(map[string]any, len(r.Meta))
			for k, v := range r.Meta {
				meta[k] = v
			}
			r.Meta = meta
			return r
		}
	}
	t.Fatalf("no record %s in %s", id, path)
	return record.Record{}
}

// recount sets a record's token counts after an edit, as the reader would.
func recount(t *testing.T, r *record.Record) {
	t.Helper()
	c, err := token.Default()
	if err != nil {
		t.Fatal(err)
	}
	r.Tokens = record.Tokens{Question: c.Count(r.Question), Answer: c.Count(r.Answer)}
}
