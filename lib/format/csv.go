package format

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// CSVOptions describe a delimited file.
type CSVOptions struct {
	Comma   rune     // field delimiter; 0 means ','. Use '\t' for TSV.
	Header  bool     // the first row names the columns
	Columns []string // column names for a file without a header (MMLU); default "0", "1", …
}

// EachCSV calls fn for every row of a CSV or TSV stream, as a Row whose fields are
// the column names mapped to strings. Quoted fields may hold delimiters and newlines;
// Pos.Line is the line the row starts on. Every row must have as many fields as the
// header (or Columns, or the first row).
func EachCSV(r io.Reader, name string, co CSVOptions, opt Options, fn func(Row) error) error {
	if err := opt.check(); err != nil {
		return err
	}
	cr := csv.NewReader(r)
	if co.Comma != 0 {
		cr.Comma = co.Comma
	}
	cols := co.Columns
	cr.FieldsPerRecord = len(cols)
	index, rows := 0, 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		rows++
		pos := Position{File: name, Index: index}
		if err == nil {
			pos.Line, _ = cr.FieldPos(0)
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			pos.Line = pe.StartLine
			var rowErr *RowError
			if errors.Is(pe.Err, csv.ErrFieldCount) {
				rowErr = &RowError{Pos: pos, Err: fmt.Errorf("%w: want %d, got %d", ErrFieldCount, len(cols), len(rec))}
			} else {
				rowErr = &RowError{Pos: pos, Err: fmt.Errorf("%w: %v", ErrSyntax, pe.Err)}
			}
			index++
			if e := opt.Handle(rowErr); e != nil {
				return e
			}
			continue
		}
		if err != nil {
			return &RowError{Pos: pos, Err: err}
		}
		if cols == nil {
			if co.Header {
				cols = append([]string(nil), rec...)
				cr.FieldsPerRecord = len(cols)
				continue
			}
			cols = make([]string, len(rec))
			for i := range rec {
				cols[i] = strconv.Itoa(i)
			}
			cr.FieldsPerRecord = len(cols)
		}
		fields := make(map[string]any, len(cols))
		var ferr error
		for i, v := range rec {
			if !utf8.ValidString(v) {
				ferr = &RowError{Pos: pos, Field: cols[i], Err: ErrEncoding}
				break
			}
			fields[cols[i]] = v
		}
		if ferr == nil {
			ferr = fn(Row{Pos: pos, Fields: fields})
		}
		index++
		if e := opt.Handle(ferr); e != nil {
			return e
		}
	}
	if rows == 0 {
		return &RowError{Pos: Position{File: name}, Err: ErrEmpty}
	}
	return nil
}
