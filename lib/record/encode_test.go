package record

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// jsonLine is what the Writer wrote before it encoded records itself: encoding/json
// with HTML escaping off. appendRecord must match it byte for byte.
func jsonLine(t testing.TB, r Record) ([]byte, error) {
	t.Helper()
	if r.Meta == nil {
		r.Meta = map[string]any{}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(r)
	return b.Bytes(), err
}

type namedMap map[string]any

// encodeCases are records at the edges of JSON encoding: every escape, invalid
// UTF-8, the JavaScript line separators, HTML characters (not escaped), float
// magnitudes around the %e cutoffs, json.Number literals valid and not, nested and
// empty meta values, and types left to encoding/json.
func encodeCases() []Record {
	base := Record{ID: "s/test/1", Question: "q", Answer: "a", Domain: Math, Difficulty: Easy, Source: "s",
		SourceID: "1", License: "MIT", Tokens: Tokens{Question: 3, Answer: -0}}
	texts := []string{"", "plain", "quote \" backslash \\ slash /", "\b\f\n\r\t\x00\x01\x1f\x7f", "<b> & </b>",
		"bad \xff\xfe \xc3 \xe2\x82 utf8", "line\u2028para\u2029sep", "emoji 🙂 é 日本", "\u0085 \u00a0 \ufeff \ufffd"}
	var out []Record
	for i, s := range texts {
		r := base
		r.ID, r.Question, r.Answer, r.License = s+"id", s, s, s
		r.Tokens = Tokens{Question: i * 1000003, Answer: i}
		r.Meta = map[string]any{s: s, "k": i}
		out = append(out, r)
	}
	floats := []float64{0, math.Copysign(0, -1), 1, -1.5, 1e-6, 9.99e-7, 1e-7, 1.5e-10, 1e20, 1e21, 1.2345e21, -3e300,
		math.MaxFloat64, math.SmallestNonzeroFloat64, 0.1, 2.0 / 3, 123456789.125}
	metas := []map[string]any{
		nil, {}, {"f": floats}, {"n": json.Number("12"), "m": json.Number("-0.5e+10"), "z": json.Number("0")},
		{"bad": json.Number("01")}, {"empty": json.Number("")}, {"nan": math.NaN()}, {"inf": math.Inf(1)},
		{"nested": map[string]any{"b": []any{1, "x", nil, true, false, []any{}, map[string]any{}}, "a": []string{}}},
		{"nils": []any(nil), "nilm": map[string]any(nil), "nils2": []string(nil)},
		{"ints": []any{int64(-9e18), int32(7), uint64(math.MaxUint64), int8(3), uint(5), float32(0.1)}},
		{"other": map[string]int{"b": 2, "a": 1}, "struct": struct{ A int }{1}, "ptr": &base.Tokens},
		{"unsupported": make(chan int)}, {"named": namedMap{"x": 1}},
		{"zz": 1, "a": 2, "é": 3, "A": 4, "_": 5, "0": 6, "\u2028": 7, "<": 8},
	}
	for _, f := range floats {
		metas = append(metas, map[string]any{"x": f})
	}
	for _, m := range metas {
		r := base
		r.Meta = m
		out = append(out, r)
	}
	deep := map[string]any{}
	cur := deep
	for range 2 * maxDepth {
		next := map[string]any{}
		cur["d"] = []any{next}
		cur = next
	}
	r := base
	r.Meta = deep
	return append(out, r)
}

func TestAppendRecordMatchesEncodingJSON(t *testing.T) {
	for _, r := range encodeCases() {
		want, wantErr := jsonLine(t, r)
		var buf bytes.Buffer
		w := NewWriter(&buf)
		err := w.Encode(r)
		w.Flush()
		if (err != nil) != (wantErr != nil) || err != nil && err.Error() != wantErr.Error() {
			t.Errorf("meta %v: error %v, want %v", r.Meta, err, wantErr)
			continue
		}
		if got := buf.Bytes(); !bytes.Equal(got, want) && wantErr == nil {
			t.Errorf("encoding differs:\n got %s\nwant %s", got, want)
		}
	}
}

// TestWriteFileSum writes many records through the parallel path and compares the
// file with the sequential Writer's bytes and the returned hash with the file's.
func TestWriteFileSum(t *testing.T) {
	var recs []Record
	for i := 0; i < 5*encodeChunk+17; i++ {
		for _, r := range encodeCases()[1:9] {
			r.ID += strings.Repeat("x", i%5)
			recs = append(recs, r)
		}
	}
	var want bytes.Buffer
	w := NewWriter(&want)
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	dir := t.TempDir()
	for _, n := range []int{0, 1, encodeChunk, len(recs)} {
		path := filepath.Join(dir, "out.jsonl")
		sum, err := WriteFileSum(path, recs[:n])
		if err != nil {
			t.Fatal(err)
		}
		got, _ := os.ReadFile(path)
		var prefix bytes.Buffer
		w := NewWriter(&prefix)
		for _, r := range recs[:n] {
			w.Write(r)
		}
		w.Flush()
		if !bytes.Equal(got, prefix.Bytes()) {
			t.Fatalf("%d records: WriteFileSum wrote other bytes than the Writer", n)
		}
		if h, _ := sha256File(path); h != sum {
			t.Fatalf("%d records: hash %s, file's %s", n, sum, h)
		}
	}
	// The first invalid record in file order is the error, wherever it falls.
	bad := append([]Record(nil), recs...)
	bad[3*encodeChunk+5].Domain = "nope"
	bad[4*encodeChunk+1].Domain = "other"
	_, err := WriteFileSum(filepath.Join(dir, "bad.jsonl"), bad)
	var seq bytes.Buffer
	w = NewWriter(&seq)
	var wantErr error
	for _, r := range bad {
		if wantErr = w.Write(r); wantErr != nil {
			break
		}
	}
	if err == nil || err.Error() != wantErr.Error() {
		t.Fatalf("error %v, want %v", err, wantErr)
	}
	if _, statErr := os.Stat(filepath.Join(dir, "bad.jsonl")); statErr == nil {
		t.Fatal("a failed write left its file")
	}
}

func FuzzAppendRecord(f *testing.F) {
	f.Add("q", "a", "12.5", 1.5)
	f.Add("\u2028<&>\xff", "\x00", "-0", 1e-7)
	f.Fuzz(func(t *testing.T, q, a, num string, x float64) {
		r := Record{ID: q + "id", Question: q, Answer: a, Domain: Coding, Difficulty: Hard,
			Meta: map[string]any{q: a, "n": json.Number(num), "x": x, "l": []any{q, x, json.Number(num)}}}
		want, wantErr := jsonLine(t, r)
		got, err := appendRecord(nil, &r)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("error %v, want %v", err, wantErr)
		}
		if err == nil && !bytes.Equal(got, want) {
			t.Fatalf("encoding differs:\n got %s\nwant %s", got, want)
		}
	})
}

func sha256File(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}
