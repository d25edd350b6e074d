package source

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"qmix/lib/format"
	"qmix/lib/record"
)

func TestPIQAReal(t *testing.T) {
	// The release layout is named by its JSONL; the labels file is found beside it.
	for _, layout := range []string{"piqa/valid.jsonl", "piqa/hub/plain_text-validation.parquet"} {
		t.Run(layout, func(t *testing.T) {
			recs := convertShared(t, "piqa", layout)
			if len(recs) != 1838 {
				t.Fatalf("got %d records, want 1838", len(recs))
			}
			checkRecords(t, recs, []want{
				{"piqa/validation/0", piqaPrompt + "\n\nGoal: How do I ready a guinea pig cage for it's new occupants?\n\nA. Provide the guinea pig with a cage full of a few inches of bedding made of ripped paper strips,", "A. Provide the guinea pig with a cage full of a few inches of bedding made of ripped paper strips, you will also need to supply it with a water bottle and a food dish.", "A"},
				// Trailing blanks of an option are trimmed, inner ones kept.
				{"piqa/validation/1", piqaPrompt + "\n\nGoal: dresser\n\nA. replace drawer with bobby pin\nB. finish, woodgrain with  bobby pin", "B. finish, woodgrain with  bobby pin", "B"},
				{"piqa/validation/1837", piqaPrompt + "\n\nGoal: Where can I buy a tennis ball", "A. You can purchase a tennis ball at any sports store", "A"},
			})
			finals := map[string]int{}
			for _, r := range recs {
				mcCheckCommon(t, r, record.CommonSense, "Academic Free License v3.0", DefaultLabels(2))
				if r.Difficulty != record.Easy {
					t.Errorf("%s: difficulty %s", r.ID, r.Difficulty)
				}
				finals[r.FinalAnswer()]++
			}
			// valid-labels.lst holds 910 zeros and 928 ones.
			if finals["A"] != 910 || finals["B"] != 928 {
				t.Errorf("final answers %v, want A 910, B 928", finals)
			}
		})
	}
}

// TestPIQALayoutsAgree: all 1,838 Hub records equal the release's, by row index.
func TestPIQALayoutsAgree(t *testing.T) {
	mcCheckAgree(t, convertShared(t, "piqa", "piqa/valid.jsonl"),
		convertShared(t, "piqa", "piqa/hub/plain_text-validation.parquet"), 1838)
}

func TestPIQAFixtures(t *testing.T) {
	dir := filepath.Join("testdata", "piqa", "ok")
	tmp := t.TempDir()
	hubVal := filepath.Join(tmp, "plain_text-validation.parquet")
	hubTest := filepath.Join(tmp, "plain_text-test.parquet")
	piqaHubFixture(t, hubVal, filepath.Join(dir, "valid.jsonl"))
	piqaHubFixture(t, hubTest, filepath.Join(dir, "tests.jsonl"))
	wants := []want{
		{"piqa/validation/0", piqaPrompt + "\n\nGoal: How do I keep a paintbrush from drying out overnight?\n\nA. Wrap the wet bristles tightly in plastic film.\nB. Leave the brush in direct sunlight.", "A. Wrap the wet bristles tightly in plastic film.", "A"},
		{"piqa/validation/1", piqaPrompt + "\n\nGoal: stapler\n\nA. can hold the pages of a paper together\nB. can hold a river in place", "A. can hold the pages of a paper together", "A"},
		{"piqa/validation/2", piqaPrompt + "\n\nGoal: To cool a hot drink quickly,", "B. stir it with a cold metal spoon.", "B"},
		// tests.jsonl has no labels file: a record without an answer.
		{"piqa/test/0", piqaPrompt + "\n\nGoal: How can you open a tight jar lid?\n\nA. Run the lid", "", ""},
	}
	recs, err := ConvertAll("piqa", []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 5 {
		t.Fatalf("got %d records (%v), want 5", len(recs), mcIDs(recs))
	}
	// train-labels.lst ends its line with CRLF.
	checkRecords(t, recs, append(wants, want{"piqa/train/0", piqaPrompt + "\n\nGoal: Dry wet shoes.", "A. Stuff them with crumpled newspaper.", "A"}))
	if c := byID(recs)["piqa/validation/1"].Meta["choices"].([]string); c[1] != "can hold a river in place " {
		t.Errorf("choices %q, want them verbatim", c)
	}
	fromHub, err := ConvertAll("piqa", []string{hubVal, hubTest}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkRecords(t, fromHub, wants)
	mcCheckAgree(t, recs, fromHub, 4)
}

func TestPIQABadInput(t *testing.T) {
	bad := func(name string) []string { return []string{filepath.Join("testdata", "piqa", "bad", name)} }
	tmp := t.TempDir()
	good := map[string]any{"goal": "Dry wet shoes.", "sol1": "Stuff them with newspaper.", "sol2": "Fill them with water.", "label": int64(0)}
	with := func(k string, v any) map[string]any {
		r := map[string]any{}
		for key, val := range good {
			r[key] = val
		}
		r[k] = v
		return r
	}
	hub := func(name string, schema parquet.Group, rows ...map[string]any) []string {
		p := filepath.Join(tmp, name)
		mcWriteParquet(t, p, schema, rows)
		return []string{p}
	}
	strLabel := piqaHubSchema()
	strLabel["label"] = mcStr
	mcCheckErrCases(t, "piqa", []mcErrCase{
		// Line counts differ: an error for the whole file, naming the labels file's
		// first unpaired line, in lenient mode too.
		{name: "fewer labels than records", paths: bad("short"), err: format.ErrValue, kept: -1},
		{name: "more labels than records", paths: bad("long/valid.jsonl"), err: format.ErrValue, kept: -1},
		{name: "label 2", paths: bad("badlabel"), err: format.ErrValue, kept: 2},
		{name: "no labels file outside test", paths: bad("nolabels"), err: format.ErrMissing, kept: -1, fileLevel: true},
		{name: "goal a number", paths: bad("type"), err: format.ErrType, kept: 2},
		{name: "blank goal", paths: bad("blankgoal"), err: format.ErrValue, kept: 2},
		{name: "hub label 2", paths: hub("r-validation.parquet", piqaHubSchema(), good, with("label", int64(2))), err: format.ErrValue, kept: 1},
		{name: "hub unlabelled outside test", paths: hub("u-validation.parquet", piqaHubSchema(), good, with("label", int64(-1))), err: format.ErrMissing, kept: 1},
		{name: "hub sol2 null", paths: hub("n-validation.parquet", piqaHubSchema(), good, with("sol2", nil)), err: format.ErrMissing, kept: 1},
		{name: "hub label a string", paths: hub("s-validation.parquet", strLabel, with("label", "0"), with("label", "1")), err: format.ErrType, kept: 0, firstRow: true},
	})
	_, err := ConvertAll("piqa", bad("short"), Options{})
	var re *format.RowError
	if !errors.As(err, &re) || filepath.Base(re.Pos.File) != "valid-labels.lst" || re.Pos.Line != 3 {
		t.Errorf("err = %v, want it at valid-labels.lst:3", err)
	}
}

func FuzzPIQA(f *testing.F) {
	// Short seeds (see FuzzARCChallenge).
	two := []byte(`{"goal":"g","sol1":"a","sol2":"b"}` + "\n" + `{"goal":"h","sol1":"c ","sol2":"d"}` + "\n")
	f.Add(two, []byte("0\n1\n"))
	f.Add(two, []byte("0\n1"))
	f.Add(two, []byte("0\r\n2\r\n"))
	f.Add([]byte(`{"goal":" ","sol1":"a","sol2":3}`+"\n\n"), []byte("\n"))
	f.Fuzz(func(t *testing.T, data, labels []byte) {
		dir := t.TempDir()
		p := filepath.Join(dir, "valid.jsonl")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "valid-labels.lst"), labels, 0o644); err != nil {
			t.Fatal(err)
		}
		mcFuzzConvert(t, "piqa", p)
		// Unlabelled: the same bytes as the test split, with no labels file.
		tp := filepath.Join(dir, "tests.jsonl")
		if err := os.WriteFile(tp, data, 0o644); err != nil {
			t.Fatal(err)
		}
		mcFuzzConvert(t, "piqa", tp)
	})
}

// piqaHubSchema is ybisk/piqa's parquet schema: label a ClassLabel stored as int64.
func piqaHubSchema() parquet.Group {
	return parquet.Group{"goal": mcStr, "sol1": mcStr, "sol2": mcStr, "label": mcInt64}
}

// piqaHubFixture converts a release JSONL and its labels file into the Hub parquet as
// piqa.py does: label i of the labels file, or -1 where there is none (test).
func piqaHubFixture(t *testing.T, out, jsonl string) {
	t.Helper()
	var labels []int64
	if b, err := os.ReadFile(piqaLabelsPath(jsonl)[0]); err == nil {
		for _, l := range strings.Fields(string(b)) {
			n, err := strconv.ParseInt(l, 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			labels = append(labels, n)
		}
	}
	var rows []map[string]any
	arcEachJSON(t, jsonl, func(m map[string]any) {
		label := int64(-1)
		if labels != nil {
			label = labels[len(rows)]
		}
		rows = append(rows, map[string]any{"goal": m["goal"], "sol1": m["sol1"], "sol2": m["sol2"], "label": label})
	})
	mcWriteParquet(t, out, piqaHubSchema(), rows)
}
