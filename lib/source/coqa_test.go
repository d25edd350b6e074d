package source

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"qmix/lib/format"
	"qmix/lib/record"
)

func TestCoqaReal(t *testing.T) {
	// Story keys: HashID(story + "\n" + first question), the same in both layouts.
	const dev = "coqa/validation/" + coqaRealDevKey + "/"
	const train = "coqa/train/" + coqaRealTrainKey + "/"
	tests := []struct {
		layout  string
		n       int
		license string
		wants   []want
	}{
		{"coqa/coqa-dev-v1.0.json", 12, "MSR-LA", []want{
			{dev + "1", readingPrefix + "Once upon a time, in a barn near a farm house", "white", "white"},
			{dev + "3", readingPrefix + "Once upon a time", "no", "no"},
			{dev + "12", readingPrefix + "Once upon a time", "no", "no"},
		}},
		{"coqa/hub/default-validation.parquet", 12, "MSR-LA", []want{
			{dev + "1", readingPrefix + "Once upon a time, in a barn near a farm house", "white", "white"},
			{dev + "3", readingPrefix + "Once upon a time", "no", "no"},
		}},
		{"coqa/coqa-train-v1.0.json", 20, "CC BY-SA 4.0", []want{
			{train + "1", readingPrefix + "The Vatican Apostolic Library (), more commonly called",
				"It was formally established in 1475", "It was formally established in 1475"},
			{train + "14", readingPrefix + "The Vatican", "unknown", "unknown"},
		}},
	}
	got := map[string][]record.Record{}
	for _, tt := range tests {
		t.Run(tt.layout, func(t *testing.T) {
			recs := convertShared(t, "coqa", tt.layout)
			got[tt.layout] = recs
			if len(recs) != tt.n {
				t.Fatalf("got %d records, want %d", len(recs), tt.n)
			}
			checkRecords(t, recs, tt.wants)
			for i, r := range recs {
				if r.Domain != "reading" || r.Difficulty != "easy" || r.License != tt.license {
					t.Errorf("%s: domain/difficulty/license = %s/%s/%s", r.ID, r.Domain, r.Difficulty, r.License)
				}
				if r.Meta["turn"] != i+1 || r.Answer != r.FinalAnswer() {
					t.Errorf("%s: turn %v answer %q final %q", r.ID, r.Meta["turn"], r.Answer, r.FinalAnswer())
				}
				// Every earlier turn is in the dialogue, and only those.
				if n := strings.Count(r.Question, "\nQ: "); n != i {
					t.Errorf("%s: %d earlier turns in the question, want %d", r.ID, n, i)
				}
			}
		})
	}
	if r := byID(got["coqa/coqa-dev-v1.0.json"])[dev+"3"]; r.ID != "" {
		wantTail := "\n\nConversation so far:\nQ: What color was Cotton?\nA: white\nQ: Where did she live?\nA: in a barn\n\nQuestion: Did she live alone?"
		if !strings.HasSuffix(r.Question, wantTail) {
			t.Errorf("turn 3 question ends %q", r.Question[len(r.Question)-len(wantTail)-20:])
		}
		if r.Meta["story_id"] != "3dr23u6we5exclen4th8uq9rb42tel" || r.Meta["story_source"] != "mctest" ||
			r.Meta["rationale"] != "Cotton wasn't alone" || r.Meta["span_start"] != 196 ||
			!reflect.DeepEqual(r.Meta["additional_answers"], []string{"no", "No", "no"}) {
			t.Errorf("turn 3 meta %#v", r.Meta)
		}
	}
	if r := byID(got["coqa/coqa-train-v1.0.json"])[train+"14"]; r.Meta["unanswerable"] != true {
		t.Errorf("turn 14 (unknown) not marked unanswerable: %#v", r.Meta)
	}
	native, hub := got["coqa/coqa-dev-v1.0.json"], got["coqa/hub/default-validation.parquet"]
	if native != nil && hub != nil {
		t.Run("layouts agree", func(t *testing.T) { readingSameRecords(t, native, hub) })
	}
}

// Story keys of the real files' stories (see convertCoqa).
const (
	coqaRealDevKey   = "ca8c5ed950a36954a7728af5"
	coqaRealTrainKey = "6864c48718e34f7e09fcc45b"
)

// coqaHubFixture is a row of the Hub layout, for fixtures.
type coqaHubFixture struct {
	Source    string   `parquet:"source"`
	Story     string   `parquet:"story"`
	Questions []string `parquet:"questions,list"`
	Answers   struct {
		InputText   []string `parquet:"input_text,list"`
		AnswerStart []int32  `parquet:"answer_start,list"`
		AnswerEnd   []int32  `parquet:"answer_end,list"`
	} `parquet:"answers"`
}

// coqaHubRows converts a fixture file to Hub rows as coqa.py does: the questions' and
// the answers' texts and spans, in list order.
func coqaHubRows(t *testing.T, path string) []coqaHubFixture {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Data []struct {
			Source    string `json:"source"`
			Story     string `json:"story"`
			Questions []struct {
				InputText string `json:"input_text"`
			} `json:"questions"`
			Answers []struct {
				InputText string `json:"input_text"`
				SpanStart int32  `json:"span_start"`
				SpanEnd   int32  `json:"span_end"`
				TurnID    int    `json:"turn_id"`
			} `json:"answers"`
		} `json:"data"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var out []coqaHubFixture
	for _, s := range doc.Data {
		r := coqaHubFixture{Source: s.Source, Story: s.Story}
		for _, q := range s.Questions {
			r.Questions = append(r.Questions, q.InputText)
		}
		// The release lists answers in turn order; the out-of-order fixture is
		// re-sorted here as the real data would be.
		ans := append(s.Answers[:0:0], s.Answers...)
		for i := range ans {
			for j := i + 1; j < len(ans); j++ {
				if ans[j].TurnID < ans[i].TurnID {
					ans[i], ans[j] = ans[j], ans[i]
				}
			}
		}
		for _, a := range ans {
			r.Answers.InputText = append(r.Answers.InputText, a.InputText)
			r.Answers.AnswerStart = append(r.Answers.AnswerStart, a.SpanStart)
			r.Answers.AnswerEnd = append(r.Answers.AnswerEnd, a.SpanEnd)
		}
		out = append(out, r)
	}
	return out
}

func TestCoqaFixtures(t *testing.T) {
	dir := filepath.Join("testdata", "coqa")
	native, err := ConvertAll("coqa", []string{filepath.Join(dir, "ok-dev.json")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	hubPath := readingWriteParquet(t, t.TempDir(), "default-validation.parquet", coqaHubRows(t, filepath.Join(dir, "ok-dev.json")))
	hub, err := ConvertAll("coqa", []string{hubPath}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	readingSameRecords(t, native, hub)

	pip := "coqa/validation/" + coqaStoryKey(coqaFixtureStory1, "Where did Pip live?") + "/"
	basalt := "coqa/validation/" + coqaStoryKey(coqaFixtureStory2, "What colour is basalt?") + "/"
	for layout, recs := range map[string][]record.Record{"native": native, "hub": hub} {
		t.Run(layout, func(t *testing.T) {
			if len(recs) != 7 {
				t.Fatalf("%d records, want 7", len(recs))
			}
			checkRecords(t, recs, []want{
				{pip + "1", readingPrefix + "Pip the hedgehog", "under an old oak tree", "under an old oak tree"},
				{pip + "2", readingPrefix + "Pip the hedgehog", "red apples", "red apples"},
				{pip + "5", readingPrefix + "Pip the hedgehog", "unknown", "unknown"},
				{basalt + "2", readingPrefix + "Basalt is", "when lava cools quickly", "when lava cools quickly"},
			})
			m := byID(recs)
			q := m[pip+"3"].Question
			if !strings.HasSuffix(q, "Conversation so far:\nQ: Where did Pip live?\nA: under an old oak tree\nQ: What did he gather?\nA: red apples\n\nQuestion: Was the gate open?") {
				t.Errorf("turn 3 question %q", q)
			}
			if m[pip+"5"].Meta["unanswerable"] != true || m[pip+"4"].Meta["unanswerable"] != false {
				t.Errorf("unanswerable flags wrong")
			}
			if m[pip+"1"].License != "MSR-LA" || m[basalt+"1"].License != "CC BY-SA 4.0" {
				t.Errorf("licenses %q %q", m[pip+"1"].License, m[basalt+"1"].License)
			}
		})
	}
	m := byID(native)
	if got := m[pip+"1"].Meta["additional_answers"]; !reflect.DeepEqual(got, []string{"under an oak tree", "under an old oak"}) {
		t.Errorf("additional answers %#v", got)
	}
	if got := m[pip+"2"].Meta; got["rationale"] != "he gathered red apples" || got["story_id"] != "story-aaa" || got["filename"] != "mc.test.1" {
		t.Errorf("meta %#v", got)
	}

	bad := []struct {
		file    string
		wantErr error
		key     string
		kept    int
		skipped int
	}{
		// Turn 3's question is a number: only turn 3 is lost, turn 4 skips it in its dialogue.
		{"type-dev.json", format.ErrType, "data[0].questions[2]", 6, 1},
		// Turn 1's answer is gone.
		{"missing-dev.json", format.ErrMissing, "data[0].questions[0]", 6, 1},
		// Turn 1's answer says turn 9: turn 1 has no answer, and the answer no question.
		{"orphan-dev.json", format.ErrMissing, "data[0].questions[0]", 6, 2},
		// The second story asks turn 2 before turn 1.
		{"order-dev.json", format.ErrValue, "data[1].questions[1]", 6, 1},
	}
	for _, tt := range bad {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			_, err := ConvertAll("coqa", []string{path}, Options{})
			readingWantErr(t, err, tt.wantErr, tt.key)
			recs, skipped := readingLenient(t, "coqa", path)
			if len(recs) != tt.kept || len(skipped) != tt.skipped {
				t.Errorf("lenient kept %d, skipped %d (%v); want %d, %d", len(recs), len(skipped), skipped, tt.kept, tt.skipped)
			}
			if tt.file == "type-dev.json" {
				q := byID(recs)[pip+"4"].Question
				if strings.Contains(q, "Was the gate open?") || !strings.Contains(q, "A: red apples\n\nQuestion: Who helped him?") {
					t.Errorf("turn 4 dialogue after a skipped turn: %q", q)
				}
			}
		})
	}

	t.Run("hub lengths differ", func(t *testing.T) {
		rows := coqaHubRows(t, filepath.Join(dir, "ok-dev.json"))
		rows[0].Answers.InputText = rows[0].Answers.InputText[:4]
		path := readingWriteParquet(t, t.TempDir(), "bad-validation.parquet", rows)
		_, err := ConvertAll("coqa", []string{path}, Options{})
		readingWantErr(t, err, format.ErrValue, "")
		recs, skipped := readingLenient(t, "coqa", path)
		if len(recs) != 2 || len(skipped) != 1 {
			t.Errorf("lenient kept %d, skipped %d", len(recs), len(skipped))
		}
	})
	t.Run("hub null question", func(t *testing.T) {
		type nullable struct {
			Source    string    `parquet:"source"`
			Story     string    `parquet:"story"`
			Questions []*string `parquet:"questions,list"`
			Answers   struct {
				InputText   []string `parquet:"input_text,list"`
				AnswerStart []int32  `parquet:"answer_start,list"`
				AnswerEnd   []int32  `parquet:"answer_end,list"`
			} `parquet:"answers"`
		}
		var rows []nullable
		for _, r := range coqaHubRows(t, filepath.Join(dir, "ok-dev.json")) {
			n := nullable{Source: r.Source, Story: r.Story, Answers: r.Answers}
			for i := range r.Questions {
				n.Questions = append(n.Questions, &r.Questions[i])
			}
			rows = append(rows, n)
		}
		rows[0].Questions[1] = nil
		path := readingWriteParquet(t, t.TempDir(), "null-validation.parquet", rows)
		_, err := ConvertAll("coqa", []string{path}, Options{})
		readingWantErr(t, err, format.ErrType, "questions[1]")
		recs, skipped := readingLenient(t, "coqa", path)
		if len(recs) != 6 || len(skipped) != 1 {
			t.Errorf("lenient kept %d, skipped %d", len(recs), len(skipped))
		}
	})
}

const (
	coqaFixtureStory1 = "Pip the hedgehog lived under an old oak tree at the edge of Fenwick Wood. Every autumn he gathered red apples from the orchard. One morning he found the orchard gate locked, so he asked his friend Wren the crow for help. Wren flew over the wall and dropped three apples at his feet."
	coqaFixtureStory2 = "Basalt is a dark volcanic rock. It forms when lava cools quickly near the surface."
)

func FuzzCoqa(f *testing.F) {
	for _, name := range []string{"ok-dev.json", "orphan-dev.json", "order-dev.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", "coqa", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"data":[{"source":"x","id":"1","story":"s","questions":[{"input_text":"q","turn_id":1},{"input_text":"q","turn_id":1}],"answers":[{"input_text":"a","turn_id":1,"span_start":0,"span_end":1}],"additional_answers":{"0":[1]}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) { readingFuzz(t, "coqa", data) })
}
