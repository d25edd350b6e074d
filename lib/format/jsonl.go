package format

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// Line is one raw line of a line-oriented file, without its line terminator.
type Line struct {
	Pos  Position
	Text []byte // valid only during the callback
}

// EachLine calls fn for every non-blank line of r, with its 1-based line number.
// Lines may be of any length. A read error (a truncated gzip stream, say) is returned
// as a *RowError at the line where it happened. Lines with invalid UTF-8 are errors.
func EachLine(r io.Reader, name string, opt Options, fn func(Line) error) error {
	if err := opt.check(); err != nil {
		return err
	}
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, 256<<10)
	}
	var long []byte
	lineNo, index, seen := 0, 0, 0
	for {
		chunk, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			long = append(long, chunk...)
			continue
		}
		line := chunk
		if long != nil {
			line = append(long, chunk...)
		}
		long = nil
		if err != nil && !errors.Is(err, io.EOF) {
			// A read error (a truncated gzip stream) leaves a partial last line: report
			// the read error there, not the partial line's syntax.
			return &RowError{Pos: Position{File: name, Line: lineNo + 1}, Err: err}
		}
		if len(line) > 0 {
			lineNo++
			seen++
			text := bytes.TrimRight(line, "\r\n")
			pos := Position{File: name, Line: lineNo, Index: index}
			if len(bytes.TrimSpace(text)) > 0 {
				var ferr error
				if !utf8.Valid(text) {
					ferr = &RowError{Pos: pos, Err: ErrEncoding}
				} else {
					ferr = fn(Line{Pos: pos, Text: text})
				}
				index++
				if e := opt.Handle(ferr); e != nil {
					return e
				}
			}
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return &RowError{Pos: Position{File: name, Line: lineNo + 1}, Err: err}
		}
	}
	if seen == 0 {
		return &RowError{Pos: Position{File: name}, Err: ErrEmpty}
	}
	return nil
}

// EachJSONL calls fn for every JSON object in a JSON Lines stream. Blank lines are
// skipped; a line that is not one JSON object is a syntax or type error.
func EachJSONL(r io.Reader, name string, opt Options, fn func(Row) error) error {
	return EachLine(r, name, opt, func(l Line) error {
		fields, err := decodeObject(l.Text)
		if err != nil {
			return &RowError{Pos: l.Pos, Err: err}
		}
		return fn(Row{Pos: l.Pos, Fields: fields})
	})
}

// decodeObject decodes exactly one JSON object, numbers kept as json.Number so that
// integers stay exact and re-encode as they were written.
func decodeObject(b []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSyntax, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: text after the JSON value", ErrSyntax)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%w: want a JSON object, got %s", ErrType, TypeName(v))
	}
	return m, nil
}
