package prompt

import (
	"go/scanner"
	"go/token"

	gp "github.com/elk-language/go-prompt"
	istrings "github.com/elk-language/go-prompt/strings"
)

// Colours of Go syntax at the prompt.
var (
	keywordColor = gp.Fuchsia
	stringColor  = gp.Green
	numberColor  = gp.Turquoise
	commentColor = gp.DarkGray
	builtinColor = gp.Cyan
	commandColor = gp.Yellow
)

// goLexer colours Go source for go-prompt: keywords, literals, comments and
// predeclared names, by go/scanner (which never fails; bad bytes stay plain).
func goLexer(src string) []gp.Token {
	if len(src) > 0 && src[0] == ':' {
		return []gp.Token{gp.NewSimpleToken(0, istrings.ByteNumber(len(src)-1), gp.SimpleTokenWithColor(commandColor))}
	}
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, scanner.ScanComments)
	var out []gp.Token
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return out
		}
		var color gp.Color
		switch {
		case tok.IsKeyword():
			color = keywordColor
		case tok == token.STRING || tok == token.CHAR:
			color = stringColor
		case tok == token.INT || tok == token.FLOAT || tok == token.IMAG:
			color = numberColor
		case tok == token.COMMENT:
			color = commentColor
		case tok == token.IDENT && builtins[lit]:
			color = builtinColor
		default:
			continue
		}
		off := file.Offset(pos)
		n := len(lit)
		if tok.IsKeyword() {
			n = len(tok.String())
		}
		if n == 0 || off+n > len(src) {
			continue
		}
		out = append(out, gp.NewSimpleToken(istrings.ByteNumber(off), istrings.ByteNumber(off+n-1), gp.SimpleTokenWithColor(color)))
	}
}

var builtins = map[string]bool{}

func init() {
	for _, n := range []string{"any", "bool", "byte", "complex64", "complex128", "error", "float32", "float64",
		"int", "int8", "int16", "int32", "int64", "rune", "string", "uint", "uint8", "uint16", "uint32", "uint64",
		"uintptr", "true", "false", "iota", "nil", "append", "cap", "clear", "close", "complex", "copy", "delete",
		"imag", "len", "make", "max", "min", "new", "panic", "print", "println", "real", "recover"} {
		builtins[n] = true
	}
}
