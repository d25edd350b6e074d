package source

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/parquet-go/parquet-go"

	"qmix/lib/format"
	"qmix/lib/record"
)

func TestCommonsenseQAReal(t *testing.T) {
	for _, layout := range []string{"commonsenseqa/dev_rand_split.jsonl", "commonsenseqa/hub/default-validation.parquet"} {
		t.Run(layout, func(t *testing.T) {
			recs := convertShared(t, "commonsense_qa", layout)
			if len(recs) != 1221 {
				t.Fatalf("got %d records, want 1221", len(recs))
			}
			checkRecords(t, recs, []want{
				{"commonsense_qa/validation/1afa02df02c908a558b4036e80242fac", "A revolving door is convenient for two direction travel, but it also serves as a security measure at a what?\n\nA. bank\nB. library\nC. department store\nD. mall\nE. new york", "A. bank", "A"},
				{"commonsense_qa/validation/a7ab086045575bb497933726e4e6ad28", "What do people aim to do at work?\n\nA. complete job", "A. complete job", "A"},
				{"commonsense_qa/validation/5af7c7860e3be61d4cfd814cc109f9d9", "What is another name for a disk for storing information?", "C. computer hard drive", "C"},
			})
			finals := map[string]int{}
			for _, r := range recs {
				mcCheckCommon(t, r, record.CommonSense, "MIT", DefaultLabels(5))
				if r.Difficulty != record.Easy || r.Meta["question_concept"] == "" {
					t.Errorf("%s: difficulty %s, meta %v", r.ID, r.Difficulty, r.Meta)
				}
				finals[r.FinalAnswer()]++
			}
			if want := map[string]int{"A": 239, "B": 255, "C": 241, "D": 251, "E": 235}; !reflect.DeepEqual(finals, want) {
				t.Errorf("final answers %v, want %v", finals, want)
			}
			if c := byID(recs)["commonsense_qa/validation/1afa02df02c908a558b4036e80242fac"].Meta["question_concept"]; c != "revolving door" {
				t.Errorf("question_concept %v", c)
			}
		})
	}
}

// TestCommonsenseQALayoutsAgree: all 1,221 Hub records equal the release's.
func TestCommonsenseQALayoutsAgree(t *testing.T) {
	mcCheckAgree(t, convertShared(t, "commonsense_qa", "commonsenseqa/dev_rand_split.jsonl"),
		convertShared(t, "commonsense_qa", "commonsenseqa/hub/default-validation.parquet"), 1221)
}

func TestCommonsenseQAFixtures(t *testing.T) {
	dir := filepath.Join("testdata", "commonsense_qa", "ok")
	tmp := t.TempDir()
	hubVal := filepath.Join(tmp, "default-validation.parquet")
	hubTest := filepath.Join(tmp, "default-test.parquet")
	commonsenseQAHubFixture(t, hubVal, filepath.Join(dir, "dev_rand_split.jsonl"))
	commonsenseQAHubFixture(t, hubTest, filepath.Join(dir, "test_rand_split_no_answers.jsonl"))
	wants := []want{
		{"commonsense_qa/validation/fixture0000000000000000000000001", "Where would you most likely open an umbrella?\n\nA. oven\nB. bathtub\nC. rainy street\nD. desert\nE. library shelf", "C. rainy street", "C"},
		{"commonsense_qa/validation/fixture0000000000000000000000002", "What is a pillow usually placed on?\n\nA. garage", "E. bed", "E"},
		// The test split has no answer key: a record without an answer.
		{"commonsense_qa/test/fixture0000000000000000000000003", "Where would you find snow in July?\n\nA. summer beach", "", ""},
	}
	recs, err := ConvertAll("commonsense_qa", []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 {
		t.Fatalf("got %d records, want 4", len(recs))
	}
	checkRecords(t, recs, append(wants, want{"commonsense_qa/train/fixture0000000000000000000000004", "What does a key open?", "A. lock", "A"}))
	r := byID(recs)["commonsense_qa/validation/fixture0000000000000000000000002"]
	if r.Meta["question_concept"] != "pillow" || !reflect.DeepEqual(r.Meta["labels"], DefaultLabels(5)) || r.Meta["choices"].([]string)[4] != " bed " {
		t.Errorf("meta = %v", r.Meta)
	}
	fromHub, err := ConvertAll("commonsense_qa", []string{hubVal, hubTest}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkRecords(t, fromHub, wants)
	mcCheckAgree(t, recs, fromHub, 3)
}

func TestCommonsenseQABadInput(t *testing.T) {
	bad := func(name string) []string { return []string{filepath.Join("testdata", "commonsense_qa", "bad", name)} }
	tmp := t.TempDir()
	good := map[string]any{"id": "fixture9", "question": "Where are cups kept?", "question_concept": "cup",
		"choices":   map[string]any{"label": []string{"A", "B", "C", "D", "E"}, "text": []string{"cupboard", "sky", "ocean floor", "moon", "tree top"}},
		"answerKey": "A"}
	with := func(k string, v any) map[string]any {
		r := map[string]any{}
		for key, val := range good {
			r[key] = val
		}
		r["id"] = "fixture10"
		r[k] = v
		return r
	}
	hub := func(name string, rows ...map[string]any) []string {
		p := filepath.Join(tmp, name)
		mcWriteParquet(t, p, commonsenseQAHubSchema(), rows)
		return []string{p}
	}
	mcCheckErrCases(t, "commonsense_qa", []mcErrCase{
		{name: "no answerKey outside test", paths: bad("nokey_dev.jsonl"), err: format.ErrMissing, kept: 1},
		{name: "answerKey not a label", paths: bad("key_dev.jsonl"), err: format.ErrValue, kept: 1},
		{name: "choice text a number", paths: bad("texttype_dev.jsonl"), err: format.ErrType, kept: 1},
		{name: "no question_concept", paths: bad("noconcept_dev.jsonl"), err: format.ErrMissing, kept: 1},
		{name: "release question a string", paths: bad("flat_dev.jsonl"), err: format.ErrType, kept: 1},
		{name: "no id", paths: bad("noid_dev.jsonl"), err: format.ErrMissing, kept: 1},
		{name: "hub empty answerKey outside test", paths: hub("e-validation.parquet", good, with("answerKey", "")), err: format.ErrMissing, kept: 1},
		{name: "hub question_concept null", paths: hub("c-validation.parquet", good, with("question_concept", nil)), err: format.ErrMissing, kept: 1},
		{name: "hub null choice label", paths: hub("l-validation.parquet", good, with("choices", map[string]any{
			"label": []any{"A", nil}, "text": []string{"cupboard", "sky"}})), err: format.ErrType, kept: 1},
	})
}

// FuzzCommonsenseQA's seeds are one short record each (see FuzzARCChallenge).
func FuzzCommonsenseQA(f *testing.F) {
	f.Add([]byte(`{"answerKey":"B","id":"i","question":{"question_concept":"c","choices":[{"label":"A","text":"x"},{"label":"B","text":"y"}],"stem":"s?"}}`))
	f.Add([]byte(`{"id":"j","question":{"question_concept":"c","choices":[{"label":"A","text":"x"},{"label":"A","text":7}],"stem":"s?"}}` + "\n"))
	f.Add([]byte(`{"answerKey":"","id":"k","question":"s?","question_concept":"c","choices":{"label":["A"],"text":["x"]}}`))
	mcFuzz(f, "commonsense_qa", "dev_rand_split.jsonl")
}

// commonsenseQAHubSchema is tau/commonsense_qa's parquet schema.
func commonsenseQAHubSchema() parquet.Group {
	return parquet.Group{"id": mcStr, "question": mcStr, "question_concept": mcStr,
		"choices": parquet.Optional(parquet.Group{"label": mcStrs, "text": mcStrs}), "answerKey": mcStr}
}

// commonsenseQAHubFixture converts a release JSONL into the Hub parquet as the Hub
// loader does: question, question_concept and choices lifted out of "question",
// answerKey "" where the release has none.
func commonsenseQAHubFixture(t *testing.T, out, jsonl string) {
	t.Helper()
	var rows []map[string]any
	arcEachJSON(t, jsonl, func(m map[string]any) {
		q := m["question"].(map[string]any)
		var texts, labels []string
		for _, c := range q["choices"].([]any) {
			c := c.(map[string]any)
			texts = append(texts, c["text"].(string))
			labels = append(labels, c["label"].(string))
		}
		key, _ := m["answerKey"].(string)
		rows = append(rows, map[string]any{"id": m["id"], "question": q["stem"], "question_concept": q["question_concept"],
			"choices": map[string]any{"label": labels, "text": texts}, "answerKey": key})
	})
	mcWriteParquet(t, out, commonsenseQAHubSchema(), rows)
}
