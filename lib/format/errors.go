// Package format decodes the file formats public question datasets ship in —
// JSONL (plain or gzip), JSON (arrays, id-keyed objects, nested documents), CSV/TSV,
// Parquet and a few plain-text layouts — as a stream of rows, each carrying the
// position it came from, so that every error can name its file, line or row, and field.
//
// Decoders never hold a whole file in memory: they call a func for each row as it is
// read. In strict mode the first bad row stops decoding with a *RowError; in lenient
// mode bad rows are handed to Options.Skip with their reason and decoding goes on.
package format

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Sentinel errors wrapped by RowError, matched with errors.Is.
var (
	ErrSyntax     = errors.New("syntax error")
	ErrMissing    = errors.New("missing required field")
	ErrType       = errors.New("wrong type")
	ErrValue      = errors.New("invalid value")
	ErrDuplicate  = errors.New("duplicate id")
	ErrEncoding   = errors.New("invalid UTF-8")
	ErrFieldCount = errors.New("wrong number of fields")
	ErrTruncated  = errors.New("truncated file")
	ErrEmpty      = errors.New("empty file")
)

// Position says where a row came from. Line is 1-based and set for line-oriented
// and JSON formats; RowGroup and Row (both 0-based) are set for Parquet; Index is the
// 0-based ordinal of the row within its file for every format.
type Position struct {
	File     string
	Line     int
	RowGroup int
	Row      int
	Index    int
	Key      string // the key of an id-keyed JSON object, or a nested path
}

// String renders the position as "file:line", "file: row group G row R" or "file".
func (p Position) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	switch {
	case p.Line > 0:
		b.WriteString(":")
		b.WriteString(strconv.Itoa(p.Line))
	case p.RowGroup > 0 || p.Row > 0 || p.Index > 0 || Ext(p.File) == ".parquet":
		fmt.Fprintf(&b, ": row group %d row %d", p.RowGroup, p.Row)
	}
	if p.Key != "" {
		fmt.Fprintf(&b, " [%s]", p.Key)
	}
	return b.String()
}

// RowError is a problem with one row of input, modelled on encoding/csv's ParseError.
type RowError struct {
	Pos   Position
	Field string // empty when the row as a whole is bad
	Value string // the offending value, shortened, when there is one
	Err   error  // one of the Err… sentinels, possibly wrapped with detail
}

func (e *RowError) Error() string {
	var b strings.Builder
	b.WriteString(e.Pos.String())
	b.WriteString(": ")
	if e.Field != "" {
		fmt.Fprintf(&b, "field %q: ", e.Field)
	}
	b.WriteString(e.Err.Error())
	if e.Value != "" {
		fmt.Fprintf(&b, " (value %s)", Shorten(e.Value, 60))
	}
	return b.String()
}

func (e *RowError) Unwrap() error { return e.Err }

// Errorf builds a RowError at pos for field, wrapping sentinel with a formatted detail.
func Errorf(pos Position, field string, sentinel error, format string, args ...any) *RowError {
	err := sentinel
	if format != "" {
		err = fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))
	}
	return &RowError{Pos: pos, Field: field, Err: err}
}

// Shorten quotes s and cuts it to at most n runes so that errors stay one line.
func Shorten(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return strconv.Quote(string(r[:n])) + "…"
	}
	return strconv.Quote(s)
}

// Options control how decoders treat bad rows.
type Options struct {
	// Lenient skips bad rows instead of stopping at the first one. Every skipped row
	// is passed to Skip, which must be set in lenient mode: nothing is dropped silently.
	Lenient bool
	Skip    func(*RowError)
}

// Handle applies the strict/lenient policy to an error met while decoding or
// converting one row: in lenient mode a *RowError is reported and swallowed, anything
// else (I/O errors, a callback asking to stop) is returned as is.
func (o Options) Handle(err error) error {
	if err == nil || !o.Lenient {
		return err
	}
	var re *RowError
	if errors.As(err, &re) {
		o.Skip(re)
		return nil
	}
	return err
}

func (o Options) check() error {
	if o.Lenient && o.Skip == nil {
		return errors.New("format: lenient mode needs Options.Skip to report skipped rows")
	}
	return nil
}
