package source

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/parquet-go/parquet-go"

	"qmix/lib/format"
	"qmix/lib/record"
)

func TestARCChallengeReal(t *testing.T) {
	tests := []struct {
		layout string
		n      int
		wants  []want
	}{
		{"arc-challenge/ARC-Challenge-Train.jsonl", 3, []want{
			{"arc_challenge/train/Mercury_SC_405487", "One year, the oak trees in a park began producing more acorns than usual.", "B. Food sources increased.", "B"},
			{"arc_challenge/train/MDSA_2009_5_16", "Students visited the Morris W. Offit telescope", "D. Earth rotates on its axis.", "D"},
		}},
		{"arc-challenge/ARC-Challenge-Dev.jsonl", 2, []want{
			{"arc_challenge/validation/Mercury_SC_407695", "Juan and LaKeisha roll a few objects down a ramp.", "D. Record the details of the investigation.", "D"},
			{"arc_challenge/validation/Mercury_7103565", "High-pressure systems stop air from rising", "C. drought", "C"},
		}},
		{"arc-challenge/ARC-Challenge-Test.jsonl", 2, []want{
			{"arc_challenge/test/Mercury_7175875", "An astronomer observes that a planet rotates faster after a meteorite impact. Which is the most likely effect of this increase in rotation?\n\nA. Planetary density will decrease.\nB.", "C. Planetary days will become shorter.", "C"},
		}},
		{"arc-challenge/hub/ARC-Challenge-test.parquet", 2, []want{
			{"arc_challenge/test/Mercury_7175875", "An astronomer observes that a planet rotates faster after a meteorite impact.", "C. Planetary days will become shorter.", "C"},
			{"arc_challenge/test/Mercury_SC_409171", "A group of engineers wanted to know", "B. buildings will be made safer", "B"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.layout, func(t *testing.T) {
			recs := convertShared(t, "arc_challenge", tt.layout)
			if len(recs) != tt.n {
				t.Fatalf("got %d records, want %d", len(recs), tt.n)
			}
			checkRecords(t, recs, tt.wants)
			for _, r := range recs {
				mcCheckCommon(t, r, record.Reasoning, "CC BY-SA 4.0", nil)
				if r.Difficulty != record.Easy {
					t.Errorf("%s: difficulty %s", r.ID, r.Difficulty)
				}
			}
		})
	}
}

// TestARCChallengeLayoutsAgree: the Hub parquet holds the release's test records.
func TestARCChallengeLayoutsAgree(t *testing.T) {
	mcCheckAgree(t, convertShared(t, "arc_challenge", "arc-challenge/ARC-Challenge-Test.jsonl"),
		convertShared(t, "arc_challenge", "arc-challenge/hub/ARC-Challenge-test.parquet"), 2)
}

func TestARCChallengeFixtures(t *testing.T) {
	dir := filepath.Join("testdata", "arc_challenge", "ok")
	hub := filepath.Join(t.TempDir(), "ARC-Challenge-test.parquet")
	arcHubFixture(t, hub, filepath.Join(dir, "ARC-Challenge-Test.jsonl"))
	for _, layout := range []string{dir, hub} {
		t.Run(filepath.Base(layout), func(t *testing.T) {
			recs, err := ConvertAll("arc_challenge", []string{layout}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if n := map[bool]int{true: 4, false: 3}[layout == dir]; len(recs) != n {
				t.Fatalf("got %d records (%v), want %d", len(recs), mcIDs(recs), n)
			}
			checkRecords(t, recs, []want{
				{"arc_challenge/test/Fixture_001", "A student leaves a glass of water on a sunny windowsill.", "B. It evaporated into the air.", "B"},
				// Numeric labels are kept as the source writes them.
				{"arc_challenge/test/Fixture_002", "Which tool measures the mass of a rock?\n\n1. a thermometer\n2. a ruler\n3. a balance\n4. a compass", "3. a balance", "3"},
				{"arc_challenge/test/Fixture_003", "Which of these is a renewable resource?\n\nA. coal\nB. oil\nC. natural gas\nD. wind\nE. uranium", "D. wind", "D"},
			})
			r := byID(recs)["arc_challenge/test/Fixture_002"]
			if !reflect.DeepEqual(r.Meta["labels"], []string{"1", "2", "3", "4"}) || r.Answer != "3. a balance" {
				t.Errorf("Fixture_002: labels %v, answer %q", r.Meta["labels"], r.Answer)
			}
			for _, r := range recs {
				mcCheckCommon(t, r, record.Reasoning, "CC BY-SA 4.0", nil)
			}
		})
	}
	native, err := ConvertAll("arc_challenge", []string{filepath.Join(dir, "ARC-Challenge-Test.jsonl")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fromHub, err := ConvertAll("arc_challenge", []string{hub}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	mcCheckAgree(t, native, fromHub, 3)
}

func TestARCChallengeBadInput(t *testing.T) {
	bad := func(name string) []string { return []string{filepath.Join("testdata", "arc_challenge", "bad", name)} }
	tmp := t.TempDir()
	good := map[string]any{"id": "F1", "question": "Which is a mammal?",
		"choices": map[string]any{"text": []string{"a whale", "a shark"}, "label": []string{"A", "B"}}, "answerKey": "A"}
	with := func(k string, v any) map[string]any {
		r := map[string]any{}
		for key, val := range good {
			r[key] = val
		}
		r["id"] = "F2"
		r[k] = v
		return r
	}
	hub := func(name string, schema parquet.Group, rows ...map[string]any) []string {
		p := filepath.Join(tmp, name)
		mcWriteParquet(t, p, schema, rows)
		return []string{p}
	}
	keyInt := arcHubSchema()
	keyInt["answerKey"] = mcInt64
	mcCheckErrCases(t, "arc_challenge", []mcErrCase{
		{name: "stem a number", paths: bad("type-Test.jsonl"), err: format.ErrType, kept: 1},
		{name: "no answerKey", paths: bad("nokey-Test.jsonl"), err: format.ErrMissing, kept: 1},
		{name: "answerKey not a label", paths: bad("key-Test.jsonl"), err: format.ErrValue, kept: 1},
		{name: "duplicate labels", paths: bad("duplabel-Test.jsonl"), err: format.ErrValue, kept: 1},
		{name: "choice without text", paths: bad("notext-Test.jsonl"), err: format.ErrMissing, kept: 1},
		{name: "choices an object", paths: bad("choicesobj-Test.jsonl"), err: format.ErrType, kept: 1},
		{name: "one choice", paths: bad("onechoice-Test.jsonl"), err: format.ErrValue, kept: 1},
		{name: "truncated JSON", paths: bad("syntax-Test.jsonl"), err: format.ErrSyntax, kept: 1},
		{name: "no split in the file name", paths: bad("nosplit.jsonl"), err: format.ErrValue, kept: -1, fileLevel: true},
		{name: "hub labels and texts differ in length", paths: hub("len-test.parquet", arcHubSchema(), good,
			with("choices", map[string]any{"text": []string{"a", "b", "c"}, "label": []string{"A", "B"}})), err: format.ErrValue, kept: 1},
		{name: "hub answerKey null", paths: hub("null-test.parquet", arcHubSchema(), good, with("answerKey", nil)), err: format.ErrMissing, kept: 1},
		{name: "hub choices null", paths: hub("nochoices-test.parquet", arcHubSchema(), good, with("choices", nil)), err: format.ErrMissing, kept: 1},
		{name: "hub answerKey an int", paths: hub("keyint-test.parquet", keyInt, with("answerKey", int64(1)), with("answerKey", int64(2))), err: format.ErrType, kept: 0, firstRow: true},
	})
}

// FuzzARCChallenge's seeds are one short record each: the fuzzer minimizes every new
// input it finds, and long seeds would spend the run minimizing.
func FuzzARCChallenge(f *testing.F) {
	f.Add([]byte(`{"id":"a","question":{"stem":"s?","choices":[{"text":"x","label":"A"},{"text":"y","label":"B"}]},"answerKey":"B"}`))
	f.Add([]byte(`{"id":"b","question":{"stem":"s?","choices":[{"text":"x","label":"1"},{"label":"2"}]},"answerKey":"1"}` + "\n"))
	f.Add([]byte(`{"id":"c","question":"s?","choices":{"text":["x","y"],"label":["A","B"]},"answerKey":"A"}`))
	mcFuzz(f, "arc_challenge", "ARC-Challenge-Test.jsonl")
}

// arcHubSchema is allenai/ai2_arc's parquet schema: choices a struct of two lists.
func arcHubSchema() parquet.Group {
	return parquet.Group{"id": mcStr, "question": mcStr,
		"choices": parquet.Optional(parquet.Group{"text": mcStrs, "label": mcStrs}), "answerKey": mcStr}
}

// arcHubFixture converts a release JSONL into the Hub parquet as ai2_arc.py does:
// question is question.stem, choices.text and choices.label the choices' fields.
func arcHubFixture(t *testing.T, out, jsonl string) {
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
		rows = append(rows, map[string]any{"id": m["id"], "question": q["stem"],
			"choices": map[string]any{"text": texts, "label": labels}, "answerKey": m["answerKey"]})
	})
	mcWriteParquet(t, out, arcHubSchema(), rows)
}

// arcEachJSON calls fn with every line of a JSONL fixture, decoded.
func arcEachJSON(t *testing.T, path string, fn func(map[string]any)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		fn(m)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}
