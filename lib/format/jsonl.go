package format

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
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

// EachJSONL calls fn for every JSON object in a JSON Lines stream, in order. Blank
// lines are skipped; a line that is not one JSON object is a syntax or type error.
func EachJSONL(r io.Reader, name string, opt Options, fn func(Row) error) error {
	decode := func(l Line) (any, error) {
		fields, err := decodeObject(l.Text)
		if err != nil {
			return nil, &RowError{Pos: l.Pos, Err: err}
		}
		return fields, nil
	}
	return EachLineParallel(r, name, opt, decode, func(pos Position, v any) error {
		return fn(Row{Pos: pos, Fields: v.(map[string]any)})
	})
}

// EachLineParallel is EachLine with the per-line work split in two: decode, which
// must be safe for concurrent use, runs on all cores; fn receives decode's results
// from one goroutine at a time, in line order, so callers need no locking. Errors
// from either are handled by opt like EachLine's.
func EachLineParallel(r io.Reader, name string, opt Options, decode func(Line) (any, error), fn func(Position, any) error) error {
	if err := opt.check(); err != nil {
		return err
	}
	workers := runtime.GOMAXPROCS(0)
	if workers == 1 {
		return EachLine(r, name, opt, func(l Line) error {
			v, err := decode(l)
			if err != nil {
				return err
			}
			return fn(l.Pos, v)
		})
	}
	ordered := make(chan *lineBatch, 2*workers)
	work := make(chan *lineBatch, 2*workers)
	quit := make(chan struct{})
	var readErr error
	go func() {
		defer close(ordered)
		defer close(work)
		cur := &lineBatch{done: make(chan struct{})}
		send := func() bool {
			select {
			case ordered <- cur:
			case <-quit:
				return false
			}
			select {
			case work <- cur:
			case <-quit:
				return false
			}
			cur = &lineBatch{done: make(chan struct{})}
			return true
		}
		// Lines with invalid UTF-8 come back through Skip, in order, as row errors
		// of the batch; the consumer applies the caller's strict/lenient policy.
		lineOpt := Options{Lenient: true, Skip: func(e *RowError) {
			cur.pos = append(cur.pos, e.Pos)
			cur.text = append(cur.text, nil)
			cur.errs = append(cur.errs, e)
		}}
		readErr = EachLine(r, name, lineOpt, func(l Line) error {
			cur.pos = append(cur.pos, l.Pos)
			cur.text = append(cur.text, append([]byte(nil), l.Text...))
			cur.errs = append(cur.errs, nil)
			cur.bytes += len(l.Text)
			if cur.bytes >= lineBatchBytes && !send() {
				return errStopped
			}
			return nil
		})
		if len(cur.pos) > 0 {
			send()
		}
	}()
	for w := 0; w < workers; w++ {
		go func() {
			for b := range work {
				b.vals = make([]any, len(b.text))
				for i, t := range b.text {
					if b.errs[i] == nil {
						b.vals[i], b.errs[i] = decode(Line{Pos: b.pos[i], Text: t})
					}
				}
				b.text = nil
				close(b.done)
			}
		}()
	}
	for b := range ordered {
		<-b.done
		for i, v := range b.vals {
			err := b.errs[i]
			if err == nil {
				err = fn(b.pos[i], v)
			}
			if err = opt.Handle(err); err != nil {
				close(quit)
				for range ordered { // let the reader stop; workers drain work
				}
				return err
			}
		}
	}
	if errors.Is(readErr, errStopped) {
		return nil
	}
	return readErr
}

// lineBatch is a run of consecutive lines decoded by one worker.
type lineBatch struct {
	pos   []Position
	text  [][]byte
	vals  []any
	errs  []error
	bytes int
	done  chan struct{}
}

// lineBatchBytes bounds a batch so that memory stays small whatever the line sizes.
const lineBatchBytes = 256 << 10

// errStopped tells the line reader that the consumer has returned.
var errStopped = errors.New("format: stopped")

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
