package format

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// collect decodes with fn-style decoder dec and returns rows, skipped rows and error.
func collect(t *testing.T, lenient bool, dec func(Options, func(Row) error) error) ([]Row, []*RowError, error) {
	t.Helper()
	var rows []Row
	var skipped []*RowError
	opt := Options{Lenient: lenient, Skip: func(e *RowError) { skipped = append(skipped, e) }}
	err := dec(opt, func(r Row) error {
		rows = append(rows, r)
		return nil
	})
	return rows, skipped, err
}

func TestEachJSONL(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		lenient   bool
		rows      int
		lines     []int // line of each row
		skipped   int
		wantErr   error
		wantLine  int
		wantField string
	}{
		{name: "two rows", in: "{\"a\":1}\n{\"a\":2}\n", rows: 2, lines: []int{1, 2}},
		{name: "no final newline", in: "{\"a\":1}\n{\"a\":2}", rows: 2, lines: []int{1, 2}},
		{name: "blank lines and CRLF", in: "{\"a\":1}\r\n\r\n  \n{\"a\":2}\r\n", rows: 2, lines: []int{1, 4}},
		{name: "malformed line", in: "{\"a\":1}\n{\"a\":\n", wantErr: ErrSyntax, wantLine: 2},
		{name: "not an object", in: "[1,2]\n", wantErr: ErrType, wantLine: 1},
		{name: "two values on a line", in: "{} {}\n", wantErr: ErrSyntax, wantLine: 1},
		{name: "invalid utf-8", in: "{\"a\":1}\n{\"a\":\"\xff\"}\n", wantErr: ErrEncoding, wantLine: 2},
		{name: "empty file", in: "", wantErr: ErrEmpty},
		{name: "lenient skips and reports", in: "{\"a\":1}\nnope\n{\"a\":3}\n", lenient: true, rows: 2, lines: []int{1, 3}, skipped: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, skipped, err := collect(t, tt.lenient, func(o Options, fn func(Row) error) error {
				return EachJSONL(strings.NewReader(tt.in), "in.jsonl", o, fn)
			})
			checkErr(t, err, tt.wantErr, tt.wantLine, tt.wantField)
			if tt.wantErr != nil {
				return
			}
			if len(rows) != tt.rows || len(skipped) != tt.skipped {
				t.Fatalf("got %d rows, %d skipped; want %d, %d", len(rows), len(skipped), tt.rows, tt.skipped)
			}
			for i, r := range rows {
				if r.Pos.Line != tt.lines[i] || (!tt.lenient && r.Pos.Index != i) {
					t.Errorf("row %d at line %d index %d, want line %d", i, r.Pos.Line, r.Pos.Index, tt.lines[i])
				}
			}
		})
	}
}

func checkErr(t *testing.T, err, want error, line int, field string) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	var re *RowError
	if !errors.Is(err, want) || !errors.As(err, &re) {
		t.Fatalf("err = %v, want a RowError wrapping %v", err, want)
	}
	if line != 0 && re.Pos.Line != line {
		t.Errorf("error at line %d, want %d: %v", re.Pos.Line, line, err)
	}
	if re.Field != field {
		t.Errorf("error field %q, want %q: %v", re.Field, field, err)
	}
	if !strings.Contains(err.Error(), re.Pos.File) {
		t.Errorf("error %q does not name the file", err)
	}
}

func TestEachJSONLLongLine(t *testing.T) {
	long := strings.Repeat("x", 3<<20) // longer than the reader's buffer
	in := "{\"a\":\"" + long + "\"}\n{\"a\":\"y\"}\n"
	rows, _, err := collect(t, false, func(o Options, fn func(Row) error) error {
		return EachJSONL(strings.NewReader(in), "long.jsonl", o, fn)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || len(rows[0].Fields["a"].(string)) != len(long) || rows[1].Pos.Line != 2 {
		t.Fatalf("long line not decoded whole")
	}
}

func TestOpenGzip(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	for i := 0; i < 2000; i++ {
		zw.Write([]byte("{\"question\":\"what is the number in this line of the file?\"}\n"))
	}
	zw.Close()
	full := filepath.Join(dir, "ok.jsonl.gz")
	os.WriteFile(full, buf.Bytes(), 0o644)
	cut := filepath.Join(dir, "cut.jsonl.gz")
	os.WriteFile(cut, buf.Bytes()[:buf.Len()/2], 0o644)

	tests := []struct {
		name    string
		path    string
		rows    int
		wantErr error
	}{
		{"whole", full, 2000, nil},
		{"truncated", cut, 0, ErrTruncated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Open(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, _, err := collect(t, false, func(o Options, fn func(Row) error) error {
				return EachJSONL(f, tt.path, o, fn)
			})
			if tt.wantErr != nil {
				var re *RowError
				if !errors.Is(err, tt.wantErr) || !errors.As(err, &re) || re.Pos.Line == 0 {
					t.Fatalf("err = %v, want positioned %v", err, tt.wantErr)
				}
				return
			}
			if err != nil || len(rows) != tt.rows {
				t.Fatalf("rows %d err %v", len(rows), err)
			}
		})
	}
}

func TestEachJSON(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		path     []string
		keys     []string
		lines    []int
		wantErr  error
		wantLine int
		field    string
	}{
		{name: "array", in: "[\n {\"a\": 1},\n {\"a\": 2}\n]", keys: []string{"", ""}, lines: []int{2, 3}},
		{name: "keyed object", in: "{\"p1\": {\"a\": 1},\n\"p2\": {\"a\": 2}}", keys: []string{"p1", "p2"}, lines: []int{1, 2}},
		{name: "nested under data", in: "{\"version\": \"v2\", \"skip\": {\"x\": [1, {}]},\n \"data\": [\n{\"t\": 1}]}", path: []string{"data"}, keys: []string{""}, lines: []int{3}},
		{name: "path missing", in: "{\"version\": 1}", path: []string{"data"}, wantErr: ErrMissing, field: "data"},
		{name: "element not object", in: "[{\"a\":1},\n 7]", wantErr: ErrType, wantLine: 2},
		{name: "truncated", in: "[{\"a\":1},\n {\"a\":", wantErr: ErrSyntax, wantLine: 2},
		{name: "scalar document", in: "42", wantErr: ErrType},
		{name: "empty", in: "", wantErr: ErrEmpty},
		{name: "invalid utf-8", in: "[{\"a\":1},\n{\"a\":\"\xc3\x28\"}]", wantErr: ErrEncoding, wantLine: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, _, err := collect(t, false, func(o Options, fn func(Row) error) error {
				return EachJSON(strings.NewReader(tt.in), "in.json", tt.path, o, fn)
			})
			checkErr(t, err, tt.wantErr, tt.wantLine, tt.field)
			if tt.wantErr != nil {
				return
			}
			if len(rows) != len(tt.keys) {
				t.Fatalf("got %d rows, want %d", len(rows), len(tt.keys))
			}
			for i, r := range rows {
				if r.Pos.Key != tt.keys[i] || r.Pos.Line != tt.lines[i] {
					t.Errorf("row %d: key %q line %d, want %q line %d", i, r.Pos.Key, r.Pos.Line, tt.keys[i], tt.lines[i])
				}
			}
		})
	}
}

func TestEachJSONInvalidUTF8IsEncodingError(t *testing.T) {
	in := "[{\"a\":1},\n{\"a\":\"\xc3\x28\"}]"
	_, _, err := collect(t, false, func(o Options, fn func(Row) error) error {
		return EachJSON(strings.NewReader(in), "in.json", nil, o, fn)
	})
	if !errors.Is(err, ErrEncoding) || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("err = %v, want invalid UTF-8 at line 2", err)
	}
}

func TestEachCSV(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		co       CSVOptions
		lenient  bool
		rows     []map[string]any
		lines    []int
		skipped  int
		wantErr  error
		wantLine int
	}{
		{name: "header", in: "q,a\nx,1\ny,2\n", co: CSVOptions{Header: true},
			rows: []map[string]any{{"q": "x", "a": "1"}, {"q": "y", "a": "2"}}, lines: []int{2, 3}},
		{name: "no header, named columns, quoted newline and comma", in: "\"a,b\nc\",D\nx,E\n", co: CSVOptions{Columns: []string{"question", "answer"}},
			rows: []map[string]any{{"question": "a,b\nc", "answer": "D"}, {"question": "x", "answer": "E"}}, lines: []int{1, 3}},
		{name: "no header, numbered columns", in: "a,b\n", rows: []map[string]any{{"0": "a", "1": "b"}}, lines: []int{1}},
		{name: "tsv", in: "q\ta\nx,y\tz\n", co: CSVOptions{Comma: '\t', Header: true}, rows: []map[string]any{{"q": "x,y", "a": "z"}}, lines: []int{2}},
		{name: "wrong field count", in: "q,a\nx,1\ny\n", co: CSVOptions{Header: true}, wantErr: ErrFieldCount, wantLine: 3},
		{name: "bare quote", in: "q,a\nx\"y,1\n", co: CSVOptions{Header: true}, wantErr: ErrSyntax, wantLine: 2},
		{name: "lenient field count", in: "q,a\nx,1\ny\nz,3\n", co: CSVOptions{Header: true}, lenient: true,
			rows: []map[string]any{{"q": "x", "a": "1"}, {"q": "z", "a": "3"}}, lines: []int{2, 4}, skipped: 1},
		{name: "empty", in: "", wantErr: ErrEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, skipped, err := collect(t, tt.lenient, func(o Options, fn func(Row) error) error {
				return EachCSV(strings.NewReader(tt.in), "in.csv", tt.co, o, fn)
			})
			checkErr(t, err, tt.wantErr, tt.wantLine, "")
			if tt.wantErr != nil {
				return
			}
			if len(rows) != len(tt.rows) || len(skipped) != tt.skipped {
				t.Fatalf("got %d rows %d skipped, want %d %d", len(rows), len(skipped), len(tt.rows), tt.skipped)
			}
			for i, r := range rows {
				for k, v := range tt.rows[i] {
					if r.Fields[k] != v {
						t.Errorf("row %d field %s = %q, want %q", i, k, r.Fields[k], v)
					}
				}
				if r.Pos.Line != tt.lines[i] {
					t.Errorf("row %d line %d, want %d", i, r.Pos.Line, tt.lines[i])
				}
			}
		})
	}
}

func TestRowAccessors(t *testing.T) {
	rows, _, err := collect(t, false, func(o Options, fn func(Row) error) error {
		return EachJSONL(strings.NewReader(`{"s":"x","n":3,"f":2.5,"b":true,"l":["a",1],"m":{"k":"v"},"z":null}`), "acc.jsonl", o, fn)
	})
	if err != nil {
		t.Fatal(err)
	}
	r := rows[0]
	tests := []struct {
		name    string
		call    func() error
		wantErr error
		field   string
	}{
		{"str ok", func() error { _, err := r.Str("s"); return err }, nil, ""},
		{"str missing", func() error { _, err := r.Str("nope"); return err }, ErrMissing, "nope"},
		{"str null", func() error { _, err := r.Str("z"); return err }, ErrMissing, "z"},
		{"str of number", func() error { _, err := r.Str("n"); return err }, ErrType, "n"},
		{"optstr absent", func() error { _, err := r.OptStr("nope"); return err }, nil, ""},
		{"int ok", func() error { _, err := r.Int("n"); return err }, nil, ""},
		{"int of float", func() error { _, err := r.Int("f"); return err }, ErrType, "f"},
		{"int of string", func() error { _, err := r.Int("s"); return err }, ErrType, "s"},
		{"bool ok", func() error { _, err := r.Bool("b"); return err }, nil, ""},
		{"strings mixed", func() error { _, err := r.Strings("l"); return err }, ErrType, "l[1]"},
		{"map ok", func() error { _, err := r.Map("m"); return err }, nil, ""},
		{"map of list", func() error { _, err := r.Map("l"); return err }, ErrType, "l"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if tt.wantErr == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			checkErr(t, err, tt.wantErr, 1, tt.field)
		})
	}
}

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"b/2.json", "a/1.json", "a/notes.md", ".hidden/x.json"} {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755)
		os.WriteFile(filepath.Join(dir, p), []byte("{}"), 0o644)
	}
	jsonOnly := func(n string) bool { return Ext(n) == ".json" }
	got, err := Files(dir, jsonOnly)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "a/1.json"), filepath.Join(dir, "b/2.json")}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("Files(dir) = %v, want %v", got, want)
	}
	if got, _ := Files(filepath.Join(dir, "*/2.json"), nil); len(got) != 1 {
		t.Errorf("glob matched %v", got)
	}
	if _, err := Files(filepath.Join(dir, "nothing*"), nil); err == nil {
		t.Error("empty glob gave no error")
	}
	if Ext("x/data.JSONL.gz") != ".jsonl" {
		t.Error("Ext does not look through .gz")
	}
}

func FuzzJSONL(f *testing.F) {
	f.Add([]byte("{\"a\":1}\n{\"b\":[1,2,{\"c\":null}]}\n"))
	f.Add([]byte("{\"a\":\"\xff\"}\n\n"))
	f.Add([]byte("[1]\n{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var n, skipped int
		opt := Options{Lenient: true, Skip: func(e *RowError) {
			skipped++
			if e.Pos.Line == 0 || e.Error() == "" {
				t.Fatalf("skipped row without a position: %v", e)
			}
		}}
		err := EachJSONL(bytes.NewReader(data), "fuzz.jsonl", opt, func(r Row) error {
			n++
			if r.Fields == nil {
				t.Fatal("nil fields")
			}
			return nil
		})
		if err != nil && !errors.Is(err, ErrEmpty) {
			t.Fatalf("lenient decode failed: %v", err)
		}
		if nonBlank := countNonBlank(data); n+skipped != nonBlank && err == nil {
			t.Fatalf("%d rows + %d skipped != %d non-blank lines", n, skipped, nonBlank)
		}
	})
}

func FuzzJSON(f *testing.F) {
	f.Add([]byte(`{"data":[{"a":1},{"b":2}]}`))
	f.Add([]byte(`[{"a":1},`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = EachJSON(bytes.NewReader(data), "fuzz.json", []string{"data"}, Options{}, func(Row) error { return nil })
		_ = EachJSON(bytes.NewReader(data), "fuzz.json", nil, Options{}, func(Row) error { return nil })
	})
}

func FuzzCSV(f *testing.F) {
	f.Add([]byte("a,b\n\"x\ny\",z\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = EachCSV(bytes.NewReader(data), "fuzz.csv", CSVOptions{Header: true}, Options{Lenient: true, Skip: func(*RowError) {}}, func(Row) error { return nil })
	})
}

func countNonBlank(data []byte) int {
	n := 0
	for _, l := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(bytes.TrimRight(l, "\r"))) > 0 {
			n++
		}
	}
	return n
}
