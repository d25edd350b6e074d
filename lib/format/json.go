package format

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode/utf8"
)

// EachJSON streams the elements of a JSON document: after descending through the
// object keys in path (SQuAD and CoQA keep their articles under "data"), an array
// yields one Row per element and an object yields one Row per entry with Pos.Key set
// to the entry's key (DROP keys passages by id). Elements must be objects. Only one
// element is held in memory at a time.
func EachJSON(r io.Reader, name string, path []string, opt Options, fn func(Row) error) error {
	if err := opt.check(); err != nil {
		return err
	}
	lt := &lineTracker{r: r}
	dec := json.NewDecoder(lt)
	dec.UseNumber()
	at := func() Position {
		return Position{File: name, Line: lt.lineAt(dec.InputOffset())}
	}
	syntax := func(err error) error {
		if errors.Is(err, io.EOF) {
			if lt.total == 0 {
				return &RowError{Pos: Position{File: name}, Err: ErrEmpty}
			}
			err = io.ErrUnexpectedEOF
		}
		if errors.Is(err, ErrTruncated) || errors.Is(err, ErrEncoding) {
			return &RowError{Pos: at(), Err: err}
		}
		return &RowError{Pos: at(), Err: fmt.Errorf("%w: %v", ErrSyntax, err)}
	}
	for depth, key := range path {
		if err := expectDelim(dec, '{'); err != nil {
			return syntax(err)
		}
		found := false
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return syntax(err)
			}
			if tok.(string) == key {
				found = true
				break
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return syntax(err)
			}
		}
		if !found {
			return &RowError{Pos: at(), Field: joinPath(path[:depth+1]), Err: ErrMissing}
		}
	}
	tok, err := dec.Token()
	if err != nil {
		return syntax(err)
	}
	open, ok := tok.(json.Delim)
	if !ok || (open != '[' && open != '{') {
		return &RowError{Pos: at(), Field: joinPath(path), Err: fmt.Errorf("%w: want an array or object of records", ErrType)}
	}
	index := 0
	for dec.More() {
		var key string
		if open == '{' {
			tok, err := dec.Token()
			if err != nil {
				return syntax(err)
			}
			key = tok.(string)
		}
		var v any
		pos := Position{File: name, Line: startLine(dec, lt), Index: index, Key: key}
		if err := dec.Decode(&v); err != nil {
			re := syntax(err).(*RowError)
			re.Pos = pos
			return re
		}
		var ferr error
		if m, ok := v.(map[string]any); ok {
			ferr = fn(Row{Pos: pos, Fields: m})
		} else {
			ferr = &RowError{Pos: pos, Err: fmt.Errorf("%w: want a JSON object, got %s", ErrType, TypeName(v))}
		}
		index++
		if err := opt.Handle(ferr); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return syntax(err)
	}
	return nil
}

// ReadJSONObject reads a small file holding one JSON object (a MATH problem, a
// ToolBench answer tree) as a Row.
func ReadJSONObject(path string) (Row, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Row{}, err
	}
	pos := Position{File: path, Line: 1}
	if len(bytes.TrimSpace(b)) == 0 {
		return Row{}, &RowError{Pos: Position{File: path}, Err: ErrEmpty}
	}
	if !utf8.Valid(b) {
		return Row{}, &RowError{Pos: pos, Err: ErrEncoding}
	}
	m, err := decodeObject(b)
	if err != nil {
		return Row{}, &RowError{Pos: pos, Err: err}
	}
	return Row{Pos: pos, Fields: m}, nil
}

// startLine is the line on which the next JSON value starts: the decoder's offset
// sits before the separators (",", ":") and blanks that precede the value, so those
// are skipped in what the decoder has buffered.
func startLine(dec *json.Decoder, lt *lineTracker) int {
	line := lt.lineAt(dec.InputOffset())
	var b [1]byte
	buf := dec.Buffered()
	for {
		if n, _ := buf.Read(b[:]); n == 0 {
			return line
		}
		switch b[0] {
		case '\n':
			line++
		case ' ', '\t', '\r', ',', ':':
		default:
			return line
		}
	}
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("want %q, got %v", want, tok)
	}
	return nil
}

func joinPath(path []string) string {
	var b bytes.Buffer
	for i, p := range path {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}

// lineTracker counts newlines in what the JSON decoder has read, keeping only the
// offsets still ahead of the last query (queries come in increasing order), so that
// byte offsets map to line numbers in constant memory. It also rejects invalid UTF-8,
// which encoding/json would silently replace with U+FFFD.
type lineTracker struct {
	r       io.Reader
	total   int64   // bytes read so far
	base    int     // lines ended before the first offset kept in nl
	nl      []int64 // offsets of newlines not yet passed by a query
	pending []byte  // an incomplete UTF-8 sequence at the end of the last read
	badUTF8 bool
	badAt   int64
}

func (t *lineTracker) Read(p []byte) (int, error) {
	if t.badUTF8 {
		return 0, fmt.Errorf("%w at line %d", ErrEncoding, t.lineAt(t.badAt))
	}
	n, err := t.r.Read(p)
	for i := 0; i < n; i++ {
		if p[i] == '\n' {
			t.nl = append(t.nl, t.total+int64(i))
		}
	}
	if bad := t.checkUTF8(p[:n], err != nil); bad >= 0 {
		// Hand the decoder only the bytes before the bad one: its next Read fails.
		t.badUTF8, t.badAt = true, t.total+int64(bad)
		n, err = bad, nil
	}
	t.total += int64(n)
	return n, err
}

// checkUTF8 returns the index in p of the first invalid byte, or -1.
func (t *lineTracker) checkUTF8(p []byte, last bool) int {
	buf := append(t.pending, p...)
	off := len(t.pending)
	t.pending = t.pending[:0]
	for i := 0; i < len(buf); {
		if buf[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(buf[i:])
		if r == utf8.RuneError && size == 1 {
			if !last && !utf8.FullRune(buf[i:]) {
				t.pending = append(t.pending, buf[i:]...)
				return -1
			}
			if i-off < 0 {
				return 0
			}
			return i - off
		}
		i += size
	}
	return -1
}

func (t *lineTracker) lineAt(off int64) int {
	drop := 0
	for drop < len(t.nl) && t.nl[drop] < off {
		drop++
	}
	t.base += drop
	t.nl = t.nl[drop:]
	return t.base + 1
}
