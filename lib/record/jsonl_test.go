package record

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qmix/lib/format"
)

const good = `{"id":"a","question":"What is 2+2?","answer":"4","domain":"math","difficulty":"easy","source":"s","source_id":"1","license":"MIT","tokens":{"question":7,"answer":1},"meta":{"final_answer":"4"}}`

func TestReaderStrict(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		err   error
		line  int
		field string
	}{
		{"good", good + "\n", nil, 0, ""},
		{"unknown domain", strings.Replace(good, `"math"`, `"cooking"`, 1), format.ErrValue, 1, "domain"},
		{"unknown difficulty", strings.Replace(good, `"easy"`, `"medium"`, 1), format.ErrValue, 1, "difficulty"},
		{"missing id", strings.Replace(good, `"id":"a",`, ``, 1), format.ErrMissing, 1, "id"},
		{"missing question", strings.Replace(good, `"question":"What is 2+2?",`, ``, 1), format.ErrMissing, 1, "question"},
		{"empty question", strings.Replace(good, `"What is 2+2?"`, `"  "`, 1), format.ErrValue, 1, "question"},
		{"question is a number", strings.Replace(good, `"What is 2+2?"`, `12`, 1), format.ErrType, 1, "question"},
		{"tokens wrong type", strings.Replace(good, `"question":7`, `"question":"7"`, 1), format.ErrType, 1, "tokens.question"},
		{"meta not object", strings.Replace(good, `{"final_answer":"4"}`, `[1]`, 1), format.ErrType, 1, "meta"},
		{"unknown field", strings.Replace(good, `"id":"a",`, `"id":"a","extra":1,`, 1), format.ErrValue, 1, "extra"},
		{"duplicate id", good + "\n" + good + "\n", format.ErrDuplicate, 2, "id"},
		{"malformed", good + "\n{\"id\":\n", format.ErrSyntax, 2, ""},
		{"invalid utf-8", strings.Replace(good, "2+2", "2\xff2", 1), format.ErrEncoding, 1, ""},
		{"empty", "", format.ErrEmpty, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rd Reader
			err := rd.Each(strings.NewReader(tt.in), "in.jsonl", func(Record) error { return nil })
			if tt.err == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var re *format.RowError
			if !errors.Is(err, tt.err) || !errors.As(err, &re) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if re.Pos.Line != tt.line || re.Field != tt.field || re.Pos.File != "in.jsonl" {
				t.Errorf("error at %s field %q, want line %d field %q: %v", re.Pos, re.Field, tt.line, tt.field, err)
			}
		})
	}
}

func TestReaderLenientReportsEverySkip(t *testing.T) {
	in := good + "\n" + strings.Replace(good, `"math"`, `"x"`, 1) + "\nnot json\n" + good + "\n" +
		strings.Replace(good, `"id":"a"`, `"id":"b"`, 1) + "\n"
	var skipped []*format.RowError
	rd := Reader{Lenient: true, Skip: func(e *format.RowError) { skipped = append(skipped, e) }}
	var kept []string
	err := rd.Each(strings.NewReader(in), "in.jsonl", func(r Record) error {
		kept = append(kept, r.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(kept, ",") != "a,b" || len(skipped) != 3 {
		t.Fatalf("kept %v, skipped %d; want a,b and 3", kept, len(skipped))
	}
	for i, line := range []int{2, 3, 4} {
		if skipped[i].Pos.Line != line {
			t.Errorf("skip %d at line %d, want %d", i, skipped[i].Pos.Line, line)
		}
	}
}

func TestReaderCountsMissingTokens(t *testing.T) {
	in := `{"id":"x","question":"Hello world","answer":"","domain":"reading","difficulty":"hard"}`
	var got []Record
	var rd Reader
	if err := rd.Each(strings.NewReader(in), "t.jsonl", func(r Record) error { got = append(got, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if got[0].Tokens.Question != 2 || got[0].Tokens.Answer != 0 {
		t.Fatalf("tokens = %+v, want question 2 (o200k_base \"Hello world\"), answer 0", got[0].Tokens)
	}
}

func TestWriterRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.jsonl")
	recs := []Record{
		{ID: "s/test/1", Question: "Is <b> & kept?", Answer: "yes", Domain: Coding, Difficulty: Hard,
			Tokens: Tokens{Question: 5, Answer: 1}, Meta: map[string]any{"z": 1, "a": []string{"x"}}},
		{ID: "s/test/2", Question: "Second", Domain: Instruction, Difficulty: Easy},
	}
	var buf bytes.Buffer
	w := NewWriter(&buf)
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	if !strings.Contains(buf.String(), `"Is <b> & kept?"`) || !strings.Contains(buf.String(), `"meta":{"a":["x"],"z":1}`) {
		t.Fatalf("unexpected encoding:\n%s", buf.String())
	}
	os.WriteFile(path, buf.Bytes(), 0o644)
	back, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	w2 := NewWriter(&again)
	for _, r := range back {
		w2.Write(r)
	}
	w2.Flush()
	if again.String() != buf.String() {
		t.Fatalf("round trip changed the bytes:\n%s\n%s", buf.String(), again.String())
	}
	if err := NewWriter(&buf).Write(Record{ID: "x", Question: "q", Domain: "nope", Difficulty: Easy}); err == nil {
		t.Error("Writer accepted an unknown domain")
	}
}

func FuzzReader(f *testing.F) {
	f.Add([]byte(good + "\n"))
	f.Add([]byte(strings.Replace(good, `"tokens":{"question":7,"answer":1},`, ``, 1)))
	f.Add([]byte(`{"id":"a","question":"q","domain":"math","difficulty":"easy","meta":{"n":1e400}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var n int
		rd := Reader{Lenient: true, Skip: func(e *format.RowError) {
			if e.Pos.Line == 0 {
				t.Fatalf("skip without line: %v", e)
			}
		}}
		_ = rd.Each(bytes.NewReader(data), "fuzz.jsonl", func(r Record) error {
			n++
			if _, err := r.Check(); err != nil {
				t.Fatalf("reader passed an invalid record: %v", err)
			}
			return nil
		})
	})
}
