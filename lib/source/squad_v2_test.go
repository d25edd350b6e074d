package source

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"qmix/lib/format"
	"qmix/lib/record"
)

// readingWriteParquet writes rows as a Hub-layout parquet fixture in dir. The reading
// sources' parquet fixtures are built from Go structs in the tests themselves, so the
// repository holds no binary fixture and each test shows the rows it converts.
func readingWriteParquet[T any](t testing.TB, dir, name string, rows []T) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := parquet.WriteFile(path, rows); err != nil {
		t.Fatal(err)
	}
	return path
}

// readingLenient converts paths leniently, returning the records and the skipped rows.
func readingLenient(t *testing.T, source string, paths ...string) ([]record.Record, []*format.RowError) {
	t.Helper()
	var skipped []*format.RowError
	recs, err := ConvertAll(source, paths, Options{Lenient: true, Skip: func(e *format.RowError) {
		skipped = append(skipped, e)
	}})
	if err != nil {
		t.Fatalf("lenient convert: %v", err)
	}
	return recs, skipped
}

// readingSameRecords checks that records converted from the two layouts agree: the
// same ids in the same order, the same question, answer, final answer, domain,
// difficulty and license, and the same value for every meta key both have.
func readingSameRecords(t *testing.T, native, hub []record.Record) {
	t.Helper()
	if len(native) != len(hub) {
		t.Fatalf("native has %d records, hub %d", len(native), len(hub))
	}
	for i := range native {
		a, b := native[i], hub[i]
		if a.ID != b.ID {
			t.Fatalf("record %d: id %q vs %q", i, a.ID, b.ID)
		}
		if a.Question != b.Question || a.Answer != b.Answer || a.FinalAnswer() != b.FinalAnswer() ||
			a.Domain != b.Domain || a.Difficulty != b.Difficulty || a.License != b.License || a.Tokens != b.Tokens {
			t.Errorf("%s: layouts disagree:\nnative %+v\nhub    %+v", a.ID, a, b)
			continue
		}
		for k, v := range b.Meta {
			if w, ok := a.Meta[k]; ok && !reflect.DeepEqual(v, w) {
				t.Errorf("%s: meta.%s: native %#v, hub %#v", a.ID, k, w, v)
			}
		}
	}
}

// readingWantErr checks that err is a *format.RowError wrapping sentinel, positioned
// (a line, or a row, and a file), and that its Pos.Key starts with key.
func readingWantErr(t *testing.T, err, sentinel error, key string) {
	t.Helper()
	var re *format.RowError
	if !errors.Is(err, sentinel) || !errors.As(err, &re) {
		t.Fatalf("err = %v, want a %v RowError", err, sentinel)
	}
	// Parquet rows count from 0, so row 0 of a file is a position too.
	if re.Pos.File == "" || (re.Pos.Line == 0 && !IsParquet(re.Pos.File)) {
		t.Errorf("error %v has no position", err)
	}
	if !strings.HasPrefix(re.Pos.Key, key) {
		t.Errorf("error %v: key %q, want %q", err, re.Pos.Key, key)
	}
}

// readingFuzz feeds data to a source's adapter as a native file, strictly and
// leniently: it must return records or errors, never panic. Inputs over 8 KiB are
// skipped: token counting (BPE merging, as tiktoken does it) is quadratic in the
// length of a run of letters, and long mutated runs stall the fuzzer without
// exercising the adapter any further.
func readingFuzz(t *testing.T, source string, data []byte) {
	if len(data) > 8<<10 {
		t.Skip("input over 8 KiB")
	}
	path := filepath.Join(t.TempDir(), "fuzz-dev.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	recs, err := ConvertAll(source, []string{path}, Options{})
	if err != nil {
		var re *format.RowError
		if !errors.As(err, &re) {
			t.Fatalf("strict error is not a RowError: %v", err)
		}
	}
	for _, r := range recs {
		if r.Question == "" || r.ID == "" {
			t.Fatalf("record without id or question: %+v", r)
		}
	}
	n := 0
	_, err = ConvertAll(source, []string{path}, Options{Lenient: true, Skip: func(*format.RowError) { n++ }})
	var re *format.RowError
	if err != nil && !errors.As(err, &re) {
		t.Fatalf("lenient error is not a RowError: %v", err)
	}
}

const readingPrefix = "Read the passage and answer the question.\n\nPassage:\n"

func TestSquadV2Real(t *testing.T) {
	layouts := map[string][]record.Record{}
	for _, layout := range []string{"squad-v2/dev-v2.0.first-2-articles.json", "squad-v2/hub/squad_v2-validation.parquet", "squad-v2/hub"} {
		t.Run(layout, func(t *testing.T) {
			recs := convertShared(t, "squad_v2", layout)
			layouts[layout] = recs
			if len(recs) != 626 {
				t.Fatalf("got %d records, want 626", len(recs))
			}
			checkRecords(t, recs, []want{
				{"squad_v2/validation/56ddde6b9a695914005b9628",
					readingPrefix + "The Normans (Norman: Nourmands; French: Normands; Latin: Normanni) were",
					"France", "France"},
				{"squad_v2/validation/56ddde6b9a695914005b9629", readingPrefix + "The Normans",
					"10th and 11th centuries", "10th and 11th centuries"},
				// Unanswerable: kept, answered with the statement, no final answer.
				{"squad_v2/validation/5ad39d53604f3c001a3fe8d1", readingPrefix + "The Normans", squadNoAnswer, ""},
			})
			unanswerable := 0
			for _, r := range recs {
				if r.Domain != "reading" || r.Difficulty != "easy" || r.License != "CC BY-SA 4.0" {
					t.Errorf("%s: domain/difficulty/license = %s/%s/%s", r.ID, r.Domain, r.Difficulty, r.License)
				}
				if !strings.HasPrefix(r.Question, readingPrefix) || !strings.Contains(r.Question, "\n\nQuestion: ") {
					t.Errorf("%s: question not in the reading template: %q", r.ID, head(r.Question, 80))
				}
				if r.Meta["unanswerable"] == true {
					unanswerable++
					if r.Answer != squadNoAnswer || r.FinalAnswer() != "" {
						t.Errorf("%s: unanswerable with answer %q final %q", r.ID, r.Answer, r.FinalAnswer())
					}
				} else if r.FinalAnswer() == "" || r.FinalAnswer() != r.Answer {
					t.Errorf("%s: answer %q final %q", r.ID, r.Answer, r.FinalAnswer())
				}
			}
			if unanswerable != 333 {
				t.Errorf("%d unanswerable, want 333", unanswerable)
			}
			r := byID(recs)["squad_v2/validation/56ddde6b9a695914005b9629"]
			if got := r.Meta["answers"]; !reflect.DeepEqual(got, []string{"10th and 11th centuries", "in the 10th and 11th centuries"}) {
				t.Errorf("meta.answers = %#v", got)
			}
			if r.Meta["title"] != "Normans" || r.Meta["answer_start"] != 94 {
				t.Errorf("meta = %#v", r.Meta)
			}
		})
	}
	native, hub := layouts["squad-v2/dev-v2.0.first-2-articles.json"], layouts["squad-v2/hub/squad_v2-validation.parquet"]
	if native == nil || hub == nil {
		return
	}
	t.Run("layouts agree", func(t *testing.T) {
		readingSameRecords(t, native, hub)
		// The decoy span stays in the release's meta, never as an answer.
		if got := byID(native)["squad_v2/validation/5ad39d53604f3c001a3fe8d1"].Meta["plausible_answer"]; got != "Normans" {
			t.Errorf("plausible_answer = %#v", got)
		}
	})
}

// squadHubFixture is a row of the Hub layout, for fixtures.
type squadHubFixture struct {
	ID       string `parquet:"id"`
	Title    string `parquet:"title"`
	Context  string `parquet:"context"`
	Question string `parquet:"question"`
	Answers  struct {
		Text        []string `parquet:"text,list"`
		AnswerStart []int32  `parquet:"answer_start,list"`
	} `parquet:"answers"`
}

// squadHubOK holds the questions of testdata/squad_v2/ok-dev.json in the Hub layout.
func squadHubOK() []squadHubFixture {
	light := "The Harbor Point lighthouse was built in 1871 from grey granite. Its lamp was first lit by keeper Ada Moss, who tended it for thirty years."
	tides := "Tides rise twice a day on most coasts."
	row := func(id, title, ctx, q string, texts []string, starts []int32) squadHubFixture {
		r := squadHubFixture{ID: id, Title: title, Context: ctx, Question: q}
		r.Answers.Text, r.Answers.AnswerStart = texts, starts
		return r
	}
	return []squadHubFixture{
		row("sq-001", "Lighthouses", light, "When was the Harbor Point lighthouse built?", []string{"1871", "in 1871", "1871"}, []int32{41, 38, 41}),
		row("sq-002", "Lighthouses", light, "  Who first lit the lamp? ", []string{" Ada Moss"}, []int32{97}),
		row("sq-003", "Lighthouses", light, "Who painted the lighthouse?", []string{}, []int32{}),
		row("sq-004", "Tides", tides, "How often do tides rise on most coasts?", []string{"twice a day"}, []int32{11}),
		row("sq-005", "Tides", tides, "Which moon causes the tides?", []string{}, []int32{}),
	}
}

func TestSquadV2Fixtures(t *testing.T) {
	dir := filepath.Join("testdata", "squad_v2")
	hub := readingWriteParquet(t, t.TempDir(), "squad_v2-validation.parquet", squadHubOK())
	native, err := ConvertAll("squad_v2", []string{filepath.Join(dir, "ok-dev.json")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fromHub, err := ConvertAll("squad_v2", []string{hub}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, recs := range map[string][]record.Record{"native": native, "hub": fromHub} {
		t.Run(name, func(t *testing.T) {
			checkRecords(t, recs, []want{
				{"squad_v2/validation/sq-001", readingPrefix + "The Harbor Point lighthouse", "1871", "1871"},
				// Question and answer trimmed; answer_start moved past the trimmed space.
				{"squad_v2/validation/sq-002", readingPrefix + "The Harbor Point", "Ada Moss", "Ada Moss"},
				{"squad_v2/validation/sq-003", readingPrefix + "The Harbor Point", squadNoAnswer, ""},
				{"squad_v2/validation/sq-004", readingPrefix + "Tides rise", "twice a day", "twice a day"},
				{"squad_v2/validation/sq-005", readingPrefix + "Tides rise", squadNoAnswer, ""},
			})
			m := byID(recs)
			if q := m["squad_v2/validation/sq-002"].Question; !strings.HasSuffix(q, "\n\nQuestion: Who first lit the lamp?") {
				t.Errorf("question = %q", q)
			}
			if got := m["squad_v2/validation/sq-002"].Meta["answer_start"]; got != 98 {
				t.Errorf("answer_start = %#v, want 98", got)
			}
			if got := m["squad_v2/validation/sq-001"].Meta["answers"]; !reflect.DeepEqual(got, []string{"1871", "in 1871"}) {
				t.Errorf("answers = %#v", got)
			}
			if m["squad_v2/validation/sq-003"].Meta["unanswerable"] != true || m["squad_v2/validation/sq-001"].Meta["unanswerable"] != false {
				t.Errorf("unanswerable flags wrong")
			}
		})
	}
	readingSameRecords(t, native, fromHub)
	if got := byID(native)["squad_v2/validation/sq-003"].Meta["plausible_answer"]; got != "Ada Moss" {
		t.Errorf("plausible_answer = %#v", got)
	}

	bad := []struct {
		file    string
		wantErr error
		key     string // where the error points
		kept    int    // records lenient mode keeps of the 5
	}{
		{"type-dev.json", format.ErrType, "data[0].paragraphs[0].qas[1]", 4},
		{"missing-dev.json", format.ErrMissing, "data[1].paragraphs[0].qas[0]", 4},
		{"value-dev.json", format.ErrValue, "data[0].paragraphs[0].qas[2]", 4},
		{"start-dev.json", format.ErrType, "data[0].paragraphs[0].qas[0].answers[1]", 4},
	}
	for _, tt := range bad {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			_, err := ConvertAll("squad_v2", []string{path}, Options{})
			readingWantErr(t, err, tt.wantErr, tt.key)
			var re *format.RowError
			if errors.As(err, &re) && re.Pos.Line == 0 {
				t.Errorf("no line in %v", err)
			}
			recs, skipped := readingLenient(t, "squad_v2", path)
			if len(recs) != tt.kept || len(skipped) != 5-tt.kept {
				t.Errorf("lenient kept %d, skipped %d; want %d kept", len(recs), len(skipped), tt.kept)
			}
		})
	}

	t.Run("hub bad rows", func(t *testing.T) {
		type noQuestion struct {
			ID      string `parquet:"id"`
			Title   string `parquet:"title"`
			Context string `parquet:"context"`
			Answers struct {
				Text        []string `parquet:"text,list"`
				AnswerStart []int32  `parquet:"answer_start,list"`
			} `parquet:"answers"`
		}
		tmp := t.TempDir()
		path := readingWriteParquet(t, tmp, "missing-validation.parquet", []noQuestion{{ID: "x", Title: "T", Context: "C"}, {ID: "y", Title: "T", Context: "C"}})
		_, err := ConvertAll("squad_v2", []string{path}, Options{})
		readingWantErr(t, err, format.ErrMissing, "")
		var re *format.RowError
		if errors.As(err, &re) && re.Field != "question" {
			t.Errorf("error names field %q, want question", re.Field)
		}

		// A null question in the second row: the error points at that row.
		type nullQuestion struct {
			ID       string  `parquet:"id"`
			Title    string  `parquet:"title"`
			Context  string  `parquet:"context"`
			Question *string `parquet:"question,optional"`
			Answers  struct {
				Text        []string `parquet:"text,list"`
				AnswerStart []int32  `parquet:"answer_start,list"`
			} `parquet:"answers"`
		}
		q := "Which moon?"
		path = readingWriteParquet(t, tmp, "null-validation.parquet", []nullQuestion{{ID: "x", Title: "T", Context: "C", Question: &q}, {ID: "y", Title: "T", Context: "C"}})
		_, err = ConvertAll("squad_v2", []string{path}, Options{})
		readingWantErr(t, err, format.ErrMissing, "")
		if errors.As(err, &re) && (re.Pos.Index != 1 || re.Field != "question") {
			t.Errorf("error at row %d field %q, want row 1 question: %v", re.Pos.Index, re.Field, err)
		}

		rows := squadHubOK()
		rows[2].Answers.AnswerStart = []int32{1, 2} // two starts, no text
		path = readingWriteParquet(t, tmp, "value-validation.parquet", rows)
		_, err = ConvertAll("squad_v2", []string{path}, Options{})
		readingWantErr(t, err, format.ErrValue, "")
		if errors.As(err, &re) && re.Pos.Index != 2 {
			t.Errorf("error at row %d, want 2: %v", re.Pos.Index, err)
		}
		recs, skipped := readingLenient(t, "squad_v2", path)
		if len(recs) != 4 || len(skipped) != 1 {
			t.Errorf("lenient kept %d, skipped %d", len(recs), len(skipped))
		}
	})
}

func FuzzSquadV2(f *testing.F) {
	for _, name := range []string{"ok-dev.json", "type-dev.json", "value-dev.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", "squad_v2", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"data":[{"title":"t","paragraphs":[{"context":"c","qas":[{"id":"1","question":"q","is_impossible":false,"answers":[{"text":" ","answer_start":-1}]}]}]}]}`))
	f.Add([]byte(`{"data":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) { readingFuzz(t, "squad_v2", data) })
}
