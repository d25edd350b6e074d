package source

import (
	"encoding/csv"
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

func TestMMLUReal(t *testing.T) {
	tests := []struct {
		layout string
		n      int
		hard   int // college_* and professional_* rows
	}{
		{"mmlu/data/dev", 285, 50},
		{"mmlu/data/test", 951, 100},
		{"mmlu/data", 1236, 150},
		{"mmlu/data/test/abstract_algebra_test.csv", 100, 0},
		{"mmlu/hub/all-test.parquet", 951, 100},
	}
	for _, tt := range tests {
		t.Run(tt.layout, func(t *testing.T) {
			recs := convertShared(t, "mmlu", tt.layout)
			if len(recs) != tt.n {
				t.Fatalf("got %d records, want %d", len(recs), tt.n)
			}
			hard := 0
			for _, r := range recs {
				mcCheckCommon(t, r, record.Reasoning, "MIT", DefaultLabels(4))
				subject, _ := r.Meta["subject"].(string)
				if !strings.HasPrefix(r.SourceID, subject+"/") {
					t.Errorf("%s: source id %q does not start with the subject %q", r.ID, r.SourceID, subject)
				}
				if r.Difficulty == record.Hard {
					hard++
				}
				if (r.Difficulty == record.Hard) != (strings.HasPrefix(subject, "college_") || strings.HasPrefix(subject, "professional_")) {
					t.Errorf("%s: difficulty %s for subject %s", r.ID, r.Difficulty, subject)
				}
			}
			if hard != tt.hard {
				t.Errorf("%d hard records, want %d", hard, tt.hard)
			}
			if strings.HasSuffix(tt.layout, "dev") || tt.layout == "mmlu/data" {
				checkRecords(t, recs, []want{
					{"mmlu/dev/abstract_algebra/0", "Find all c in Z_3 such that Z_3[x]/(x^2 + c) is a field.\n\nA. 0\nB. 1\nC. 2\nD. 3", "B. 1", "B"},
					{"mmlu/dev/professional_law/0", "A state legislature has recently enacted a statute", "D. the statute is overbroad and consequently invalid", "D"},
				})
			}
			if tt.n >= 951 && !strings.HasSuffix(tt.layout, "dev") {
				checkRecords(t, recs, []want{
					{"mmlu/test/abstract_algebra/0", "Find the degree for the given field extension Q(sqrt(2), sqrt(3), sqrt(18)) over Q.\n\nA. 0\nB. 4", "B. 4", "B"},
					{"mmlu/test/college_computer_science/0", "The access matrix approach to protection has the difficulty that\n\nA. the matrix, if stored directly, is large", "A. the matrix, if stored directly, is large and can be clumsy to manage", "A"},
					{"mmlu/test/high_school_biology/309", "A piece of potato is dropped into a beaker of pure water.", "B. Water moves from the surrounding water into the potato.", "B"},
				})
				if r := byID(recs)["mmlu/test/college_computer_science/0"]; r.Difficulty != record.Hard {
					t.Errorf("college_computer_science: difficulty %s, want hard", r.Difficulty)
				}
			}
		})
	}
}

// TestMMLULayoutsAgree: the Hub parquet and the release CSVs give the same records.
func TestMMLULayoutsAgree(t *testing.T) {
	mcCheckAgree(t, convertShared(t, "mmlu", "mmlu/data/test"), convertShared(t, "mmlu", "mmlu/hub/all-test.parquet"), 951)
}

func TestMMLUFixtures(t *testing.T) {
	dir := filepath.Join("testdata", "mmlu")
	recs, err := ConvertAll("mmlu", []string{filepath.Join(dir, "data")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 6 {
		t.Fatalf("got %d records from the data folder, want 6 (auxiliary_train skipped)", len(recs))
	}
	if _, err := ConvertAll("mmlu", []string{filepath.Join(dir, "data", "auxiliary_train")}, Options{}); err == nil {
		t.Errorf("a folder of auxiliary_train files only: no error")
	}
	checkRecords(t, recs, []want{
		{"mmlu/dev/kitchen_science/1", "Why does salted water boil at a slightly higher temperature, compared with plain water?\n\nA. the salt adds heat\nB.", "B. dissolved particles raise the boiling point", "B"},
		{"mmlu/test/college_origami/0", "A square sheet is folded in half twice, once along each axis.\nHow many layers of paper are stacked at the centre?\n\nA. 2\nB. 4\nC. 8\nD. 16", "B. 4", "B"},
		{"mmlu/test/college_origami/1", "Which fold, valley or mountain, is made by folding the paper towards you?\n\nA. valley, seen from the front\n", "A. valley, seen from the front", "A"},
		{"mmlu/test/kitchen_science/1", "Which of these keeps cut apples from browning?\n\nA. lemon juice\nB. warm air\nC. a metal bowl\nD. more cutting", "A. lemon juice", "A"},
	})
	m := byID(recs)
	if r := m["mmlu/test/college_origami/0"]; r.Difficulty != record.Hard || r.Meta["subject"] != "college_origami" {
		t.Errorf("college_origami: difficulty %s, subject %v", r.Difficulty, r.Meta["subject"])
	}
	if r := m["mmlu/test/kitchen_science/1"]; r.Difficulty != record.Easy ||
		!reflect.DeepEqual(r.Meta["choices"], []string{"lemon juice", "warm air", "a metal bowl", "  more cutting  "}) {
		t.Errorf("kitchen_science/1: difficulty %s, choices %q (kept verbatim)", r.Difficulty, r.Meta["choices"])
	}

	hub := filepath.Join(t.TempDir(), "all-test.parquet")
	mmluHubFixture(t, hub, filepath.Join(dir, "data", "test"))
	native, err := ConvertAll("mmlu", []string{filepath.Join(dir, "data", "test")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fromHub, err := ConvertAll("mmlu", []string{hub}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	mcCheckAgree(t, native, fromHub, 4)
}

func TestMMLUBadInput(t *testing.T) {
	dir := filepath.Join("testdata", "mmlu")
	tmp := t.TempDir()
	type row = map[string]any
	good := row{"question": "Which is a fruit?", "subject": "kitchen_science", "choices": []string{"pear", "rock", "nail", "sand"}, "answer": int64(0)}
	hubSchema := parquet.Group{"question": mcStr, "subject": mcStr, "choices": mcStrs, "answer": mcInt64}
	hub := func(name string, schema parquet.Group, rows ...row) string {
		p := filepath.Join(tmp, name)
		mcWriteParquet(t, p, schema, rows)
		return p
	}
	with := func(k string, v any) row {
		r := row{}
		for key, val := range good {
			r[key] = val
		}
		if v == nil {
			delete(r, k)
		} else {
			r[k] = v
		}
		return r
	}
	noSubject := parquet.Group{"question": mcStr, "choices": mcStrs, "answer": mcInt64}
	strAnswer := parquet.Group{"question": mcStr, "subject": mcStr, "choices": mcStrs, "answer": mcStr}
	mcCheckErrCases(t, "mmlu", []mcErrCase{
		{name: "answer letter E", paths: []string{filepath.Join(dir, "bad", "letter_test.csv")}, err: format.ErrValue, kept: 1},
		{name: "five columns", paths: []string{filepath.Join(dir, "bad", "fields_test.csv")}, err: format.ErrFieldCount, kept: 1},
		{name: "blank question", paths: []string{filepath.Join(dir, "bad", "blank_test.csv")}, err: format.ErrValue, kept: 1},
		{name: "unterminated quote", paths: []string{filepath.Join(dir, "bad", "quote_test.csv")}, err: format.ErrSyntax, kept: 1},
		{name: "file name without subject and split", paths: []string{filepath.Join(dir, "bad", "notasubjectfile.csv")}, err: format.ErrValue, kept: -1, fileLevel: true},
		{name: "auxiliary_train file named explicitly", paths: []string{filepath.Join(dir, "data", "auxiliary_train", "riddles.csv")}, err: format.ErrValue, kept: -1, fileLevel: true},
		{name: "hub auxiliary_train file named explicitly", paths: []string{hub("all-auxiliary_train.parquet", hubSchema, good)}, err: format.ErrValue, kept: -1, fileLevel: true},
		{name: "hub answer out of range", paths: []string{hub("range-test.parquet", hubSchema, good, with("answer", int64(4)))}, err: format.ErrValue, kept: 1},
		{name: "hub answer a string", paths: []string{hub("type-test.parquet", strAnswer, with("answer", "A"), with("answer", "B"))}, err: format.ErrType, kept: 0, firstRow: true},
		{name: "hub three choices", paths: []string{hub("three-test.parquet", hubSchema, good, with("choices", []string{"a", "b", "c"}))}, err: format.ErrValue, kept: 1},
		{name: "hub subject missing", paths: []string{hub("nosubject-test.parquet", noSubject, with("subject", nil), with("subject", nil))}, err: format.ErrMissing, kept: 0, firstRow: true},
		{name: "hub subject null", paths: []string{hub("nullsubject-test.parquet", hubSchema, good, with("subject", nil))}, err: format.ErrMissing, kept: 1},
		{name: "hub file name without split", paths: []string{hub("all.parquet", hubSchema, good)}, err: format.ErrValue, kept: -1, fileLevel: true},
	})
}

// TestMMLULenientKeepsIDs: a bad Hub row skipped in lenient mode still takes its index,
// so the ids of the rows after it stay those of the CSV rows.
func TestMMLULenientKeepsIDs(t *testing.T) {
	p := filepath.Join(t.TempDir(), "all-test.parquet")
	rows := []map[string]any{
		{"question": "One?", "subject": "s", "choices": []string{"a", "b", "c", "d"}, "answer": int64(0)},
		{"question": "Two?", "subject": "s", "choices": []string{"a", "b", "c", "d"}, "answer": int64(9)},
		{"question": "Three?", "subject": "s", "choices": []string{"a", "b", "c", "d"}, "answer": int64(3)},
	}
	mcWriteParquet(t, p, parquet.Group{"question": mcStr, "subject": mcStr, "choices": mcStrs, "answer": mcInt64}, rows)
	var skipped []*format.RowError
	recs, err := ConvertAll("mmlu", []string{p}, Options{Lenient: true, Skip: func(e *format.RowError) { skipped = append(skipped, e) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || len(skipped) != 1 || recs[1].ID != "mmlu/test/s/2" {
		t.Fatalf("got %d records (%v), %d skipped; want s/0 and s/2 kept", len(recs), mcIDs(recs), len(skipped))
	}
}

func FuzzMMLU(f *testing.F) {
	for _, p := range []string{"data/test/college_origami_test.csv", "bad/quote_test.csv", "bad/fields_test.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", "mmlu", p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("\"a\"\"b\",1,2,3,4,D\n"))
	mcFuzz(f, "mmlu", "fuzz_subject_test.csv")
}

// mmluHubFixture converts release CSVs into the Hub's all-<split>.parquet the way the
// Hub loader does: subject from the file name, choices from columns 2-5, answer as the
// index of the letter.
func mmluHubFixture(t *testing.T, out, csvDir string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(csvDir, "*.csv"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no CSVs in %s: %v", csvDir, err)
	}
	var rows []map[string]any
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(fh).ReadAll()
		fh.Close()
		if err != nil {
			t.Fatal(err)
		}
		subject := mmluFile.FindStringSubmatch(filepath.Base(f))[1]
		for _, r := range recs {
			rows = append(rows, map[string]any{
				"question": r[0], "subject": subject, "choices": r[1:5], "answer": int64(strings.Index("ABCD", r[5])),
			})
		}
	}
	mcWriteParquet(t, out, parquet.Group{"question": mcStr, "subject": mcStr, "choices": mcStrs, "answer": mcInt64}, rows)
}

// --- helpers shared by the multiple-choice adapters' tests (mmlu, arc_challenge,
// hellaswag, commonsense_qa, piqa) ---

// Parquet column types as DuckDB writes the Hub-layout files: every column OPTIONAL,
// strings UTF8, lists 3-level LIST groups, ClassLabels int64.
var (
	mcStr   = parquet.Optional(parquet.String())
	mcStrs  = parquet.Optional(parquet.List(parquet.Optional(parquet.String())))
	mcInt64 = parquet.Optional(parquet.Int(64))
	mcInt32 = parquet.Optional(parquet.Int(32))
)

// mcWriteParquet writes rows as a Parquet file with the given schema. A key missing
// from a row (or nil) is written as null.
func mcWriteParquet(t testing.TB, path string, schema parquet.Group, rows []map[string]any) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := parquet.NewGenericWriter[any](f, parquet.NewSchema("duckdb_schema", schema))
	out := make([]any, len(rows))
	for i, r := range rows {
		out[i] = mcParquetValue(r)
	}
	if _, err := w.Write(out); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// mcParquetValue turns scalars into pointers: parquet-go writes the zero value of an
// optional column as null, but "" and 0 must stay values (the Hub's "" test labels,
// class 0).
func mcParquetValue(v any) any {
	switch x := v.(type) {
	case string:
		return &x
	case int64:
		return &x
	case int32:
		return &x
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = mcParquetValue(s)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = mcParquetValue(s)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, s := range x {
			out[k] = mcParquetValue(s)
		}
		return out
	}
	return v
}

// mcCheckCommon checks what every record of a multiple-choice source must satisfy: the
// domain and license, a final answer that is one of the labels with the answer
// "<label>. <option>", and the options listed in meta.choices.
func mcCheckCommon(t *testing.T, r record.Record, domain, license string, labels []string) {
	t.Helper()
	if r.Domain != domain || r.License != license || !record.ValidDifficulty(r.Difficulty) {
		t.Errorf("%s: domain/difficulty/license = %s/%s/%s", r.ID, r.Domain, r.Difficulty, r.License)
	}
	choices, ok := r.Meta["choices"].([]string)
	if !ok || len(choices) < 2 {
		t.Errorf("%s: meta.choices = %#v", r.ID, r.Meta["choices"])
		return
	}
	if labels == nil {
		labels, _ = r.Meta["labels"].([]string)
	}
	if len(labels) != len(choices) {
		t.Errorf("%s: %d labels for %d choices", r.ID, len(labels), len(choices))
		return
	}
	for i, c := range choices {
		if !strings.Contains(r.Question, "\n"+labels[i]+". "+strings.TrimSpace(c)) {
			t.Errorf("%s: option %s. %q not in the question", r.ID, labels[i], c)
		}
	}
	final := r.FinalAnswer()
	if final == "" {
		if r.Answer != "" {
			t.Errorf("%s: answer %q without a final answer", r.ID, r.Answer)
		}
		return
	}
	for i, l := range labels {
		if l == final {
			if want := l + ". " + strings.TrimSpace(choices[i]); r.Answer != want {
				t.Errorf("%s: answer %q, want %q", r.ID, r.Answer, want)
			}
			return
		}
	}
	t.Errorf("%s: final answer %q is not one of the labels %v", r.ID, final, labels)
}

// mcCheckAgree checks that every record converted from the Hub layout is also
// converted from the release layout, identically (want is how many to expect).
func mcCheckAgree(t *testing.T, native, hub []record.Record, want int) {
	t.Helper()
	if len(hub) != want {
		t.Fatalf("%d Hub records, want %d", len(hub), want)
	}
	m := byID(native)
	for _, h := range hub {
		n, ok := m[h.ID]
		if !ok {
			t.Errorf("%s: in the Hub layout only", h.ID)
			continue
		}
		if n.Question != h.Question || n.Answer != h.Answer || n.FinalAnswer() != h.FinalAnswer() ||
			n.Difficulty != h.Difficulty || n.SourceID != h.SourceID || n.Tokens != h.Tokens || !reflect.DeepEqual(n.Meta, h.Meta) {
			t.Errorf("%s: layouts differ:\nrelease %+v\nhub     %+v", h.ID, n, h)
		}
	}
}

// mcErrCase is a bad input: the error strict conversion must give, and how many
// records lenient conversion keeps (-1: lenient fails too, the error is about the
// whole file). fileLevel errors name the file but no line or row; firstRow errors are
// about a Parquet column's type or absence, so every row has them and the first one
// reported is row group 0, row 0, which Position cannot tell from "no row": the test
// asks for the field's name instead.
type mcErrCase struct {
	name      string
	paths     []string
	err       error
	kept      int
	fileLevel bool
	firstRow  bool
}

func mcCheckErrCases(t *testing.T, source string, cases []mcErrCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ConvertAll(source, tt.paths, Options{})
			var re *format.RowError
			if !errors.Is(err, tt.err) || !errors.As(err, &re) {
				t.Fatalf("err = %v, want a %v RowError", err, tt.err)
			}
			p := re.Pos
			switch {
			case tt.fileLevel:
				if p.File == "" {
					t.Errorf("err = %v: no file named", err)
				}
			case tt.firstRow:
				if p.File == "" || re.Field == "" || p.Line != 0 || p.Row != 0 || p.RowGroup != 0 || p.Index != 0 {
					t.Errorf("err = %v: want the first Parquet row and a field named", err)
				}
			default:
				if p.File == "" || (p.Line == 0 && p.Row == 0 && p.RowGroup == 0 && p.Index == 0) {
					t.Errorf("err = %v: no position", err)
				}
			}
			var skipped []*format.RowError
			recs, err := ConvertAll(source, tt.paths, Options{Lenient: true, Skip: func(e *format.RowError) { skipped = append(skipped, e) }})
			if tt.kept < 0 {
				if err == nil {
					t.Errorf("lenient: no error, want %v", tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("lenient: %v", err)
			}
			if len(recs) != tt.kept || len(skipped) == 0 || !errors.Is(skipped[0], tt.err) {
				t.Errorf("lenient: kept %d, skipped %v; want %d kept and a %v skipped", len(recs), skipped, tt.kept, tt.err)
			}
		})
	}
}

// mcFuzz converts arbitrary bytes written as a release file named name, strictly and
// leniently: it must never panic.
func mcFuzz(f *testing.F, source, name string) {
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		mcFuzzConvert(t, source, p)
	})
}

// mcFuzzConvert converts path strictly and leniently. Records must pass Check, and
// when strict conversion succeeds lenient conversion must give the same records and
// skip nothing.
func mcFuzzConvert(t *testing.T, source, path string) {
	recs, err := ConvertAll(source, []string{path}, Options{})
	if err == nil {
		for _, r := range recs {
			if _, cerr := r.Check(); cerr != nil {
				t.Fatalf("%s: %v", r.ID, cerr)
			}
		}
	}
	skips := 0
	lrecs, lerr := ConvertAll(source, []string{path}, Options{Lenient: true, Skip: func(*format.RowError) { skips++ }})
	if err == nil && (lerr != nil || len(lrecs) != len(recs) || skips != 0) {
		t.Fatalf("strict ok with %d records, lenient %d records, %d skips, err %v", len(recs), len(lrecs), skips, lerr)
	}
}

func mcIDs(recs []record.Record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.ID
	}
	return out
}
