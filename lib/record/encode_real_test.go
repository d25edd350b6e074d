package record_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"qmix/lib/internal/realdata"
	"qmix/lib/record"
)

// realSources are real dataset files of every source, converted by their adapters:
// the texts and meta values the Writer meets in a build.
var realSources = []struct{ source, path string }{
	{"codesearchnet", "codesearchnet"}, {"humaneval", "humaneval/HumanEval.jsonl.gz"}, {"mbpp", "mbpp/mbpp.jsonl"},
	{"gsm8k", "gsm8k/test.jsonl"}, {"math", "math/MATH"}, {"mmlu", "mmlu/data"},
	{"arc_challenge", "arc-challenge/*.jsonl"}, {"hellaswag", "hellaswag/*.jsonl"},
	{"squad_v2", "squad-v2/dev-v2.0.first-2-articles.json"}, {"drop", "drop/drop_dataset_dev.json"},
	{"coqa", "coqa/coqa-dev-v1.0.json"}, {"toolbench", "toolbench/data_example"},
	{"gorilla", "gorilla-apibench/torchhub_eval.json"}, {"commonsense_qa", "commonsenseqa/dev_rand_split.jsonl"},
	{"piqa", "piqa/valid.jsonl"}, {"cnn_dailymail", "cnn-dailymail/cnn_stories"},
	{"xsum", "xsum/xsum-extracts-from-downloads"}, {"alpaca", "alpaca/alpaca_tiny.json"},
}

// TestWriterMatchesEncodingJSONOnRealRecords writes every real record with the
// Writer and with encoding/json (HTML escaping off), and after a read back (meta
// numbers become json.Number): the bytes must be equal.
func TestWriterMatchesEncodingJSONOnRealRecords(t *testing.T) {
	var recs []record.Record
	for _, f := range realSources {
		recs = append(recs, realdata.Records(t, f.source, f.path)...)
	}
	var got, want bytes.Buffer
	w := record.NewWriter(&got)
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("%d real records: the Writer's bytes differ from encoding/json's", len(recs))
	}
	var back []record.Record
	var rd record.Reader
	if err := rd.Each(bytes.NewReader(got.Bytes()), "real.jsonl", func(r record.Record) error {
		back = append(back, r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// The reader's records are encoding/json's (UseNumber) of the same lines.
	dec := json.NewDecoder(bytes.NewReader(got.Bytes()))
	dec.UseNumber()
	for i := 0; dec.More(); i++ {
		var r record.Record
		if err := dec.Decode(&r); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(r, back[i]) {
			t.Fatalf("record %s: the reader decoded %+v, encoding/json %+v", r.ID, back[i], r)
		}
	}
	got.Reset()
	want.Reset()
	w = record.NewWriter(&got)
	for _, r := range back {
		w.Write(r)
		enc.Encode(r)
	}
	w.Flush()
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("%d records read back: the Writer's bytes differ from encoding/json's", len(back))
	}
	t.Logf("%d records, %d bytes", len(recs), want.Len())
}
