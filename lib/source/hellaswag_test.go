package source

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"qmix/lib/format"
	"qmix/lib/record"
)

func TestHellaSwagReal(t *testing.T) {
	tests := []struct {
		layout string
		n      int
		wants  []want
	}{
		{"hellaswag/hellaswag_train.jsonl", 2, []want{
			{"hellaswag/train/4", hellaswagPrompt + "\n\nRemoving ice from car: Then, the man writes over the snow covering the window of a car, and a woman wearing winter clothes smiles. then\n\nA. , the man adds wax", "D. , the man continues removing the snow on his car.", "D"},
		}},
		{"hellaswag/hellaswag_val.jsonl", 2, []want{
			{"hellaswag/validation/24", hellaswagPrompt + "\n\nRoof shingle removal: A man is sitting on a roof. he\n\nA. is using wrap to wrap a pair of skis.\nB. is ripping level tiles off.", "D. starts pulling up roofing on a roof.", "D"},
			{"hellaswag/validation/92", hellaswagPrompt + "\n\nClean and jerk: A lady walks to a barbell.", "D. stands and lifts the weight over her head.", "D"},
		}},
		// The test split has no labels: records without an answer.
		{"hellaswag/hellaswag_test.jsonl", 2, []want{
			{"hellaswag/test/14", hellaswagPrompt + "\n\nWakeboarding: A man is being pulled on a water ski", "", ""},
			{"hellaswag/test/71", hellaswagPrompt + "\n\nJavelin throw: A huge crowd is in the stands", "", ""},
		}},
		{"hellaswag/hub/default-validation.parquet", 2, []want{
			{"hellaswag/validation/24", hellaswagPrompt + "\n\nRoof shingle removal: A man is sitting on a roof. he\n\nA.", "D. starts pulling up roofing on a roof.", "D"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.layout, func(t *testing.T) {
			recs := convertShared(t, "hellaswag", tt.layout)
			if len(recs) != tt.n {
				t.Fatalf("got %d records, want %d", len(recs), tt.n)
			}
			checkRecords(t, recs, tt.wants)
			for _, r := range recs {
				mcCheckCommon(t, r, record.Reasoning, "MIT", DefaultLabels(4))
				if r.Difficulty != record.Easy || r.Meta["activity_label"] == "" || r.Meta["origin"] == nil {
					t.Errorf("%s: difficulty %s, meta %v", r.ID, r.Difficulty, r.Meta)
				}
				if strings.HasPrefix(r.ID, "hellaswag/test/") != (r.Answer == "") {
					t.Errorf("%s: answer %q", r.ID, r.Answer)
				}
			}
		})
	}
}

// TestHellaSwagLayoutsAgree: the Hub's string labels give the same records as the
// release's int labels.
func TestHellaSwagLayoutsAgree(t *testing.T) {
	mcCheckAgree(t, convertShared(t, "hellaswag", "hellaswag/hellaswag_val.jsonl"),
		convertShared(t, "hellaswag", "hellaswag/hub/default-validation.parquet"), 2)
}

func TestHellaSwagFixtures(t *testing.T) {
	dir := filepath.Join("testdata", "hellaswag", "ok")
	tmp := t.TempDir()
	hubVal := filepath.Join(tmp, "default-validation.parquet")
	hubTest := filepath.Join(tmp, "default-test.parquet")
	hellaswagHubFixture(t, hubVal, filepath.Join(dir, "hellaswag_val.jsonl"))
	hellaswagHubFixture(t, hubTest, filepath.Join(dir, "hellaswag_test.jsonl"))
	wants := []want{
		{"hellaswag/validation/7", hellaswagPrompt + "\n\nPainting a fence: A woman dips a wide brush into a can of white paint. she\n\nA. throws the can over the fence and leaves.\nB.", "C. spreads the paint along the top board of the fence.", "C"},
		// WikiHow markup is kept; the answer is the option as the question shows it.
		{"hellaswag/validation/31", hellaswagPrompt + "\n\nHome and Garden: [header] How to repot a houseplant [title] Choose", "A. [title] Water the plant a day before repotting.", "A"},
		{"hellaswag/test/5", hellaswagPrompt + "\n\nWalking the dog: A man clips a leash onto a small dog's collar. the dog\n\nA. wags its tail", "", ""},
	}
	recs, err := ConvertAll("hellaswag", []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 {
		t.Fatalf("got %d records, want 4", len(recs))
	}
	checkRecords(t, recs, append(wants, want{"hellaswag/train/2", hellaswagPrompt + "\n\nMaking tea:", "B. pours the hot water over a tea bag in a mug.", "B"}))
	r := byID(recs)["hellaswag/validation/31"]
	if r.Meta["split_type"] != "zeroshot" || r.Meta["origin"] != "wikihow~fixture_02" || r.Meta["activity_label"] != "Home and Garden" {
		t.Errorf("validation/31 meta = %v", r.Meta)
	}
	if _, ok := byID(recs)["hellaswag/test/5"].Meta["final_answer"]; ok {
		t.Errorf("test/5: an unlabelled record has a final answer")
	}
	fromHub, err := ConvertAll("hellaswag", []string{hubVal, hubTest}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkRecords(t, fromHub, wants)
	mcCheckAgree(t, recs, fromHub, 3)
}

func TestHellaSwagBadInput(t *testing.T) {
	bad := func(name string) []string { return []string{filepath.Join("testdata", "hellaswag", "bad", name)} }
	tmp := t.TempDir()
	good := map[string]any{"ind": int32(1), "activity_label": "Skipping", "ctx_a": "A girl holds a rope.", "ctx_b": "she",
		"ctx": "A girl holds a rope. she", "endings": []string{"skips over it.", "eats it.", "mails it.", "paints it."},
		"source_id": "activitynet~v_fixture05", "split": "val", "split_type": "indomain", "label": "0"}
	with := func(k string, v any) map[string]any {
		r := map[string]any{}
		for key, val := range good {
			r[key] = val
		}
		r["ind"] = int32(2)
		r[k] = v
		return r
	}
	hub := func(name string, schema parquet.Group, rows ...map[string]any) []string {
		p := filepath.Join(tmp, name)
		mcWriteParquet(t, p, schema, rows)
		return []string{p}
	}
	intLabel := hellaswagHubSchema()
	intLabel["label"] = mcInt64
	mcCheckErrCases(t, "hellaswag", []mcErrCase{
		{name: "release label a string", paths: bad("labelstr_val.jsonl"), err: format.ErrType, kept: 1},
		{name: "label out of range", paths: bad("range_val.jsonl"), err: format.ErrValue, kept: 1},
		{name: "no endings", paths: bad("noendings_val.jsonl"), err: format.ErrMissing, kept: 1},
		{name: "ending a number", paths: bad("endingtype_val.jsonl"), err: format.ErrType, kept: 1},
		{name: "validation record without label", paths: bad("nolabel_val.jsonl"), err: format.ErrMissing, kept: 1},
		{name: "unknown split", paths: bad("split_val.jsonl"), err: format.ErrValue, kept: 1},
		{name: "blank context", paths: bad("emptyctx_val.jsonl"), err: format.ErrValue, kept: 1},
		{name: "ind a string", paths: bad("indstr_val.jsonl"), err: format.ErrType, kept: 1},
		{name: "hub label not a number", paths: hub("x-validation.parquet", hellaswagHubSchema(), good, with("label", "three")), err: format.ErrValue, kept: 1},
		{name: "hub label out of range", paths: hub("r-validation.parquet", hellaswagHubSchema(), good, with("label", "7")), err: format.ErrValue, kept: 1},
		{name: "hub empty label outside test", paths: hub("e-validation.parquet", hellaswagHubSchema(), good, with("label", "")), err: format.ErrMissing, kept: 1},
		{name: "hub label null", paths: hub("n-validation.parquet", hellaswagHubSchema(), good, with("label", nil)), err: format.ErrMissing, kept: 1},
		{name: "hub label an int", paths: hub("i-validation.parquet", intLabel, with("label", int64(0)), with("label", int64(1))), err: format.ErrType, kept: 0, firstRow: true},
	})
}

// FuzzHellaSwag's seeds are one short record each (see FuzzARCChallenge).
func FuzzHellaSwag(f *testing.F) {
	f.Add([]byte(`{"ind":1,"activity_label":"a","ctx":"c","split":"val","label":1,"endings":["x","y"],"source_id":"s","split_type":"zeroshot"}`))
	f.Add([]byte(`{"ind":2,"activity_label":"","ctx":"c","split":"test","endings":["x","y",3]}` + "\n"))
	f.Add([]byte(`{"ind":3.0,"activity_label":"a","ctx":"c","label":-1,"endings":[]}`))
	mcFuzz(f, "hellaswag", "hellaswag_val.jsonl")
}

// hellaswagHubSchema is Rowan/hellaswag's parquet schema: ind int32, label a string.
func hellaswagHubSchema() parquet.Group {
	return parquet.Group{"ind": mcInt32, "activity_label": mcStr, "ctx_a": mcStr, "ctx_b": mcStr, "ctx": mcStr,
		"endings": mcStrs, "source_id": mcStr, "split": mcStr, "split_type": mcStr, "label": mcStr}
}

// hellaswagHubFixture converts a release JSONL into the Hub parquet as hellaswag.py
// does: label becomes str(label), "" where the release has none.
func hellaswagHubFixture(t *testing.T, out, jsonl string) {
	t.Helper()
	var rows []map[string]any
	arcEachJSON(t, jsonl, func(m map[string]any) {
		row := map[string]any{"ind": int32(m["ind"].(float64)), "label": ""}
		for _, k := range []string{"activity_label", "ctx_a", "ctx_b", "ctx", "source_id", "split", "split_type"} {
			row[k] = m[k]
		}
		var endings []string
		for _, e := range m["endings"].([]any) {
			endings = append(endings, e.(string))
		}
		row["endings"] = endings
		if l, ok := m["label"]; ok {
			b, _ := json.Marshal(l)
			row["label"] = string(b)
		}
		rows = append(rows, row)
	})
	mcWriteParquet(t, out, hellaswagHubSchema(), rows)
}
