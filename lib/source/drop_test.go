package source

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"qmix/lib/format"
	"qmix/lib/record"
)

func TestDropReal(t *testing.T) {
	tests := []struct {
		layout string
		n      int
		wants  []want
	}{
		{"drop/drop_dataset_dev.json", 2, []want{
			// Validated answers "Chaz Schilens" and "JaMarcus Russell" (alternatives,
			// once each): the first wins, as the release's own answer says.
			{"drop/validation/f37e81fa-ef7b-4583-b671-762fc433faa9",
				readingPrefix + "Hoping to rebound from their loss to the Patriots", "Chaz Schilens", "Chaz Schilens"},
			// Validated numbers 2, 3, 3, 3, 3: the majority.
			{"drop/validation/ac6ba235-3024-4f63-a6ab-730a14def4cb", readingPrefix + "Hoping", "3", "3"},
		}},
		{"drop/hub/default-validation.parquet", 2, []want{
			{"drop/validation/f37e81fa-ef7b-4583-b671-762fc433faa9", readingPrefix + "Hoping", "Chaz Schilens", "Chaz Schilens"},
			{"drop/validation/ac6ba235-3024-4f63-a6ab-730a14def4cb", readingPrefix + "Hoping", "3", "3"},
		}},
		{"drop/drop_dataset_train.json", 5, []want{
			{"drop/train/f16c0ee7-f131-4a8b-a6ac-4d275ea68066", readingPrefix, "3", "3"},
			{"drop/train/f703d43d-73fa-4fda-8913-d81bd5569700", readingPrefix, "28-yard", "28-yard"},
		}},
	}
	got := map[string][]record.Record{}
	for _, tt := range tests {
		t.Run(tt.layout, func(t *testing.T) {
			recs := convertShared(t, "drop", tt.layout)
			got[tt.layout] = recs
			if len(recs) != tt.n {
				t.Fatalf("got %d records, want %d", len(recs), tt.n)
			}
			checkRecords(t, recs, tt.wants)
			for _, r := range recs {
				if r.Domain != "reading" || r.Difficulty != "easy" || r.License != "CC BY-SA 4.0" {
					t.Errorf("%s: domain/difficulty/license = %s/%s/%s", r.ID, r.Domain, r.Difficulty, r.License)
				}
				if r.Answer != r.FinalAnswer() || r.Meta["answer_type"] == nil {
					t.Errorf("%s: answer %q final %q type %v", r.ID, r.Answer, r.FinalAnswer(), r.Meta["answer_type"])
				}
				if !strings.HasSuffix(r.Question, "\n\nQuestion: "+r.Meta["source_question"].(string)) {
					t.Errorf("%s: question does not end with the source question", r.ID)
				}
			}
		})
	}
	native, hub := got["drop/drop_dataset_dev.json"], got["drop/hub/default-validation.parquet"]
	if native == nil || hub == nil {
		return
	}
	t.Run("layouts agree", func(t *testing.T) {
		readingSameRecords(t, native, hub)
		r := byID(native)["drop/validation/ac6ba235-3024-4f63-a6ab-730a14def4cb"]
		if !reflect.DeepEqual(r.Meta["answers"], []string{"2", "3"}) || r.Meta["answer_type"] != "number" ||
			r.Meta["original_answer"] != "3" || r.Meta["passage_id"] != "nfl_1184" {
			t.Errorf("meta = %#v", r.Meta)
		}
	})
}

// dropHubFixture is a row of the Hub layout, for fixtures.
type dropHubFixture struct {
	SectionID    string `parquet:"section_id"`
	QueryID      string `parquet:"query_id"`
	Passage      string `parquet:"passage"`
	Question     string `parquet:"question"`
	AnswersSpans struct {
		Spans []string `parquet:"spans,list"`
		Types []string `parquet:"types,list"`
	} `parquet:"answers_spans"`
}

// dropHub converts a fixture file's questions to Hub rows with answers_spans derived
// as drop.py's build_answers does it, written out by hand: each answer's number, its
// date parts joined with spaces then stripped, or its spans.
func dropHub(t *testing.T, path string, rows []struct {
	qid   string
	spans []string
	types []string
}) []dropHubFixture {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]struct {
		Passage string `json:"passage"`
		QAPairs []struct {
			Question string `json:"question"`
			QueryID  string `json:"query_id"`
		} `json:"qa_pairs"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var out []dropHubFixture
	for _, r := range rows {
		for sid, p := range doc {
			for _, qa := range p.QAPairs {
				if qa.QueryID == r.qid {
					h := dropHubFixture{SectionID: sid, QueryID: qa.QueryID, Passage: p.Passage, Question: qa.Question}
					h.AnswersSpans.Spans, h.AnswersSpans.Types = r.spans, r.types
					out = append(out, h)
				}
			}
		}
	}
	if len(out) != len(rows) {
		t.Fatalf("fixture rows: found %d of %d questions", len(out), len(rows))
	}
	return out
}

func TestDropFixtures(t *testing.T) {
	dir := filepath.Join("testdata", "drop")
	type hubRow = struct {
		qid   string
		spans []string
		types []string
	}
	n, d, s := "number", "date", "span"
	hubDev := dropHub(t, filepath.Join(dir, "ok-dev.json"), []hubRow{
		{"dr-d1", []string{"3", "2", "2"}, []string{n, n, n}},
		{"dr-d2", []string{"Pell", "Dorn"}, []string{s, s}},
		{"dr-d3", []string{"Pell", "Ruiz", "Pell", "Ruiz"}, []string{s, s, s, s}},
		// dr-d4 has no validated_answers: the Hub loader cannot build it.
		{"dr-d5", []string{"9 September 2001"}, []string{d}},
	})
	hubTrain := dropHub(t, filepath.Join(dir, "ok-train.json"), []hubRow{
		{"dr-t1", []string{"8"}, []string{n}},
		{"dr-t2", []string{"Tobin", "Vale"}, []string{s, s}},
		{"dr-t3", []string{"May 1410"}, []string{d}},
		{"dr-t4", []string{"3 June 1415"}, []string{d}},
		{"dr-t5", []string{"5  1420"}, []string{d}}, // the loader's join keeps the empty month's space
	})
	tmp := t.TempDir()
	hubFiles := map[string]string{
		"validation": readingWriteParquet(t, tmp, "default-validation.parquet", hubDev),
		"train":      readingWriteParquet(t, tmp, "default-train.parquet", hubTrain),
	}

	type exp struct{ id, answer, typ string }
	wants := map[string][]exp{
		"validation": {
			{"drop/validation/dr-d1", "2", "number"},         // majority of 3, 2, 2
			{"drop/validation/dr-d2", "Pell", "span"},        // alternatives once each: the first
			{"drop/validation/dr-d3", "Pell, Ruiz", "spans"}, // a multi-span answer given twice
			{"drop/validation/dr-d5", "9 September 2001", "date"},
		},
		"train": {
			{"drop/train/dr-t1", "8", "number"},
			{"drop/train/dr-t2", "Tobin, Vale", "spans"},
			{"drop/train/dr-t3", "May 1410", "date"},
			{"drop/train/dr-t4", "3 June 1415", "date"},
			{"drop/train/dr-t5", "5 1420", "date"},
		},
	}
	for split, file := range map[string]string{"validation": "ok-dev.json", "train": "ok-train.json"} {
		t.Run(split, func(t *testing.T) {
			native, err := ConvertAll("drop", []string{filepath.Join(dir, file)}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			hub, err := ConvertAll("drop", []string{hubFiles[split]}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if split == "validation" {
				m := byID(native)
				if r := m["drop/validation/dr-d4"]; r.Answer != "41 yards" || r.Meta["original_answer"] != nil {
					t.Errorf("dr-d4 without validated answers: %q %#v", r.Answer, r.Meta)
				}
				if r := m["drop/validation/dr-d5"]; r.Meta["wiki_url"] != "https://example.org/wiki/Season" {
					t.Errorf("dr-d5 wiki_url: %#v", r.Meta)
				}
				if r := m["drop/validation/dr-d1"]; r.Meta["original_answer"] != "2" || !reflect.DeepEqual(r.Meta["answers"], []string{"3", "2"}) {
					t.Errorf("dr-d1 meta: %#v", r.Meta)
				}
				var kept []record.Record
				for _, r := range native {
					if r.ID != "drop/validation/dr-d4" {
						kept = append(kept, r)
					}
				}
				native = kept
			}
			readingSameRecords(t, native, hub)
			for layout, recs := range map[string][]record.Record{"native": native, "hub": hub} {
				m := byID(recs)
				for _, w := range wants[split] {
					r, ok := m[w.id]
					if !ok {
						t.Errorf("%s: no %s", layout, w.id)
						continue
					}
					if r.Answer != w.answer || r.FinalAnswer() != w.answer || r.Meta["answer_type"] != w.typ {
						t.Errorf("%s %s: answer %q final %q type %v, want %q %s", layout, w.id, r.Answer, r.FinalAnswer(), r.Meta["answer_type"], w.answer, w.typ)
					}
				}
			}
		})
	}

	bad := []struct {
		file    string
		wantErr error
		key     string
		kept    int // of 5
	}{
		{"type-train.json", format.ErrType, "hist_0001.qa_pairs[1]", 4},
		{"missing-train.json", format.ErrMissing, "hist_0001.qa_pairs[2]", 4},
		{"value-dev.json", format.ErrValue, "game_0001.qa_pairs[0]", 4},
	}
	for _, tt := range bad {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			_, err := ConvertAll("drop", []string{path}, Options{})
			readingWantErr(t, err, tt.wantErr, tt.key)
			recs, skipped := readingLenient(t, "drop", path)
			if len(recs) != tt.kept || len(skipped) != 5-tt.kept {
				t.Errorf("lenient kept %d, skipped %d; want %d kept", len(recs), len(skipped), tt.kept)
			}
		})
	}

	hubBad := []struct {
		name  string
		spans []string
		types []string
	}{
		{"unknown type", []string{"1990"}, []string{"year"}},
		{"lengths differ", []string{"a", "b"}, []string{"span"}},
		{"no answer", []string{}, []string{}},
		{"blank answer", []string{" "}, []string{"span"}},
	}
	for _, tt := range hubBad {
		t.Run("hub "+tt.name, func(t *testing.T) {
			rows := append([]dropHubFixture(nil), hubDev...)
			rows[1].AnswersSpans.Spans, rows[1].AnswersSpans.Types = tt.spans, tt.types
			path := readingWriteParquet(t, t.TempDir(), "bad-validation.parquet", rows)
			_, err := ConvertAll("drop", []string{path}, Options{})
			readingWantErr(t, err, format.ErrValue, "")
			var re *format.RowError
			if errors.As(err, &re) && re.Pos.Index != 1 {
				t.Errorf("error at row %d, want 1: %v", re.Pos.Index, err)
			}
			recs, skipped := readingLenient(t, "drop", path)
			if len(recs) != 3 || len(skipped) != 1 {
				t.Errorf("lenient kept %d, skipped %d", len(recs), len(skipped))
			}
		})
	}
}

func TestDropChoose(t *testing.T) {
	sp := func(texts ...string) []dropEntry {
		out := make([]dropEntry, len(texts))
		for i, s := range texts {
			out[i] = dropEntry{s, dropSpan}
		}
		return out
	}
	tests := []struct {
		name    string
		entries []dropEntry
		single  bool
		answer  string
		typ     string
	}{
		{"one number", []dropEntry{{"7", dropNumber}}, true, "7", "number"},
		{"multi-span answer", sp("a", "b", "c"), true, "a, b, c", "spans"},
		{"majority number", []dropEntry{{"2", dropNumber}, {"3", dropNumber}, {"3", dropNumber}}, false, "3", "number"},
		{"tie to first", sp("x", "y"), false, "x", "span"},
		{"consensus multi-span", sp("a", "b", "a", "b", "a"), false, "a", "span"},
		{"consensus multi-span, all agree", sp("a", "b", "a", "b"), false, "a, b", "spans"},
		{"mixed types at the top", []dropEntry{{"3", dropNumber}, {"three", dropSpan}, {"3", dropNumber}, {"three", dropSpan}}, false, "3", "number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, typ := dropChoose(tt.entries, tt.single)
			if a != tt.answer || typ != tt.typ {
				t.Errorf("got %q %s, want %q %s", a, typ, tt.answer, tt.typ)
			}
		})
	}
}

func FuzzDrop(f *testing.F) {
	for _, name := range []string{"ok-dev.json", "ok-train.json", "value-dev.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", "drop", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"p":{"passage":"x","qa_pairs":[{"question":"q","query_id":"1","answer":{"number":"","date":{"day":" "},"spans":[]},"validated_answers":[]}]}}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) { readingFuzz(t, "drop", data) })
}
