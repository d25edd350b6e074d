package engine

import (
	"errors"
	"go/scanner"
	"go/token"
	"strings"
)

// Status says whether an input is ready to run.
type Status int

const (
	// Complete: the input parses (or is empty, or is a :command); run it.
	Complete Status = iota
	// Incomplete: the input ends early — an open bracket, a trailing operator, an
	// unterminated raw string or comment; wait for more lines.
	Incomplete
	// Invalid: the input has a syntax error that more lines cannot fix; run it to
	// show the error.
	Invalid
)

func (s Status) String() string {
	return [...]string{"complete", "incomplete", "invalid"}[s]
}

// IsComplete reports whether src can run as it is: it parses, or its syntax error
// lies before its end (more input would not fix it). Enter at the prompt inserts a
// newline while the input is incomplete.
func IsComplete(src string) bool {
	st, _ := Check(src)
	return st != Incomplete
}

// Check decides by parsing whether src is complete, as yaegi would parse it:
// declarations as a file, statements as the body of a function. indent is the
// number of brackets still open at its end, for the continuation line.
func Check(src string) (status Status, indent int) {
	trimmed := strings.TrimSpace(src)
	if trimmed == "" || strings.HasPrefix(trimmed, ":") {
		return Complete, 0
	}
	indent = openBrackets(src)
	if indent < 0 {
		return Invalid, 0 // a closing bracket without its opening one
	}
	if msg := scanError(src); strings.Contains(msg, "raw string literal not terminated") ||
		strings.Contains(msg, "comment not terminated") {
		return Incomplete, indent
	}
	endLine, endCol := lineCol(src, len(strings.TrimRight(src, " \t\r\n")))
	for _, g := range groups(split(src)) {
		last := g.units[len(g.units)-1]
		err := parseGroup(token.NewFileSet(), "input", src, g, src[g.start:last.end])
		if err == nil {
			continue
		}
		var list scanner.ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			return Invalid, indent
		}
		e := list[0]
		switch {
		case strings.Contains(e.Msg, "raw string literal not terminated"),
			strings.Contains(e.Msg, "comment not terminated"):
			return Incomplete, indent
		case strings.HasSuffix(e.Msg, "found 'EOF'"),
			e.Pos.Line > endLine || e.Pos.Line == endLine && e.Pos.Column > endCol:
			// The error lies past the input: in the wrapper's closing brace or at
			// the end of the file. The input stopped early.
			return Incomplete, indent
		}
		return Invalid, indent
	}
	return Complete, 0
}

// openBrackets counts the brackets still open at the end of src; -1 when a
// bracket closes that was not open.
func openBrackets(src string) int {
	depth := 0
	for _, t := range scan(src) {
		switch t.tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if depth--; depth < 0 {
				return -1
			}
		}
	}
	return depth
}

// scanError is the first error the scanner reports on src, "" for none.
func scanError(src string) string {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	first := ""
	s.Init(file, []byte(src), func(_ token.Position, msg string) {
		if first == "" {
			first = msg
		}
	}, 0)
	for {
		if _, t, _ := s.Scan(); t == token.EOF {
			return first
		}
	}
}
