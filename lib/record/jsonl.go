package record

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"qmix/lib/format"
	"qmix/lib/token"
)

// wire is the decoding form of Record: Tokens is a pointer so that an absent
// "tokens" can be told from zero counts, and unknown fields are rejected.
type wire struct {
	ID         *string        `json:"id"`
	Question   *string        `json:"question"`
	Answer     string         `json:"answer"`
	Domain     string         `json:"domain"`
	Difficulty string         `json:"difficulty"`
	Source     string         `json:"source"`
	SourceID   string         `json:"source_id"`
	License    string         `json:"license"`
	Tokens     *Tokens        `json:"tokens"`
	Meta       map[string]any `json:"meta"`
}

// Reader reads schema JSONL files. Its zero value is strict and counts missing
// tokens with token.Default(). One Reader remembers the ids it has seen, so reading
// several files through it rejects ids duplicated across them.
type Reader struct {
	// Lenient skips bad lines, reporting each to Skip, instead of failing on the first.
	Lenient bool
	Skip    func(*format.RowError)
	// Counter counts tokens of records that have none; nil means token.Default().
	Counter *token.Counter

	seen map[string]format.Position
}

// batchSize bounds how many records wait for parallel token counting.
const batchSize = 2048

// Each calls fn for every record of the JSONL stream in, named name in errors.
func (rd *Reader) Each(in io.Reader, name string, fn func(Record) error) error {
	if rd.seen == nil {
		rd.seen = make(map[string]format.Position)
	}
	opt := format.Options{Lenient: rd.Lenient, Skip: rd.Skip}
	var batch []Record
	var uncounted []int
	flush := func() error {
		if len(uncounted) > 0 {
			if err := rd.count(batch, uncounted); err != nil {
				return err
			}
		}
		for _, r := range batch {
			if err := fn(r); err != nil {
				return err
			}
		}
		batch, uncounted = batch[:0], uncounted[:0]
		return nil
	}
	decode := func(l format.Line) (any, error) {
		r, counted, err := decodeLine(l)
		return decoded{r, counted}, err
	}
	err := format.EachLineParallel(in, name, opt, decode, func(pos format.Position, v any) error {
		d := v.(decoded)
		r, counted := d.rec, d.counted
		if first, dup := rd.seen[r.ID]; dup {
			return &format.RowError{Pos: pos, Field: "id", Value: r.ID,
				Err: fmt.Errorf("%w: first seen at %s", format.ErrDuplicate, first)}
		}
		rd.seen[r.ID] = pos
		if !counted {
			uncounted = append(uncounted, len(batch))
		}
		batch = append(batch, r)
		if len(batch) >= batchSize {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := flush(); err != nil {
		return err
	}
	if rd.Counter != nil {
		return rd.Counter.Save()
	}
	if c, err := token.Default(); err == nil {
		return c.Save()
	}
	return nil
}

// EachFile reads a schema JSONL file (gzip detected by content).
func (rd *Reader) EachFile(path string, fn func(Record) error) error {
	f, err := format.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return rd.Each(f, path, fn)
}

// ReadFile reads a whole schema JSONL file, strictly.
func ReadFile(path string) ([]Record, error) {
	var out []Record
	var rd Reader
	err := rd.EachFile(path, func(r Record) error {
		out = append(out, r)
		return nil
	})
	return out, err
}

func (rd *Reader) count(batch []Record, idx []int) error {
	c := rd.Counter
	if c == nil {
		var err error
		if c, err = token.Default(); err != nil {
			return err
		}
	}
	texts := make([]string, 0, 2*len(idx))
	for _, i := range idx {
		texts = append(texts, batch[i].Question, batch[i].Answer)
	}
	n := c.CountAll(texts)
	for k, i := range idx {
		batch[i].Tokens = Tokens{Question: n[2*k], Answer: n[2*k+1]}
	}
	return nil
}

// decoded is a record decoded from one line, and whether it carried token counts.
type decoded struct {
	rec     Record
	counted bool
}

// decodeLine decodes and checks one line; it is safe for concurrent use, the
// duplicate-id check is left to the caller, which sees lines in order.
func decodeLine(l format.Line) (Record, bool, error) {
	w, ok := decodeFast(l.Text)
	if !ok {
		dec := json.NewDecoder(bytes.NewReader(l.Text))
		dec.UseNumber()
		dec.DisallowUnknownFields()
		w = wire{}
		if err := dec.Decode(&w); err != nil {
			return Record{}, false, lineError(l.Pos, err)
		}
		if dec.More() {
			return Record{}, false, &format.RowError{Pos: l.Pos, Err: fmt.Errorf("%w: text after the record", format.ErrSyntax)}
		}
	}
	if w.ID == nil {
		return Record{}, false, &format.RowError{Pos: l.Pos, Field: "id", Err: format.ErrMissing}
	}
	if w.Question == nil {
		return Record{}, false, &format.RowError{Pos: l.Pos, Field: "question", Err: format.ErrMissing}
	}
	r := Record{ID: *w.ID, Question: *w.Question, Answer: w.Answer, Domain: w.Domain,
		Difficulty: w.Difficulty, Source: w.Source, SourceID: w.SourceID, License: w.License, Meta: w.Meta}
	if w.Tokens != nil {
		r.Tokens = *w.Tokens
	}
	if field, err := r.Check(); err != nil {
		return Record{}, false, &format.RowError{Pos: l.Pos, Field: field, Err: fmt.Errorf("%w: %v", format.ErrValue, err)}
	}
	return r, w.Tokens != nil, nil
}

// lineError turns encoding/json's errors into positioned RowErrors naming the field.
func lineError(pos format.Position, err error) *format.RowError {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return &format.RowError{Pos: pos, Field: te.Field,
			Err: fmt.Errorf("%w: want %s, got JSON %s", format.ErrType, te.Type, te.Value)}
	}
	if msg := err.Error(); strings.HasPrefix(msg, "json: unknown field ") {
		field := strings.Trim(strings.TrimPrefix(msg, "json: unknown field "), `"`)
		return &format.RowError{Pos: pos, Field: field, Err: fmt.Errorf("%w: unknown field", format.ErrValue)}
	}
	return &format.RowError{Pos: pos, Err: fmt.Errorf("%w: %v", format.ErrSyntax, err)}
}

// Writer writes records as JSON Lines, one per line, fields in schema order, HTML
// characters unescaped so text stays readable. Output is deterministic: meta keys are
// sorted by encoding/json.
type Writer struct {
	bw  *bufio.Writer
	buf []byte // the line being written
	n   int
}

// NewWriter returns a Writer on w. Call Flush when done.
func NewWriter(w io.Writer) *Writer {
	return &Writer{bw: bufio.NewWriterSize(w, 256<<10)}
}

// Write writes one record after checking it, so that a file the Writer produced
// always reads back strictly.
func (w *Writer) Write(r Record) error {
	if field, err := r.Check(); err != nil {
		return fmt.Errorf("record %q: field %q: %w", r.ID, field, err)
	}
	return w.Encode(r)
}

// Encode writes one record without checking it, for callers that hold records in
// an intermediate state (a frame being edited) and want them written as they are.
func (w *Writer) Encode(r Record) error {
	if r.Meta == nil {
		r.Meta = map[string]any{}
	}
	w.n++
	line, err := appendRecord(w.buf[:0], &r)
	if err != nil {
		return err
	}
	w.buf = line
	_, err = w.bw.Write(line)
	return err
}

// Count is the number of records written.
func (w *Writer) Count() int { return w.n }

// Flush writes buffered data to the underlying writer.
func (w *Writer) Flush() error { return w.bw.Flush() }
