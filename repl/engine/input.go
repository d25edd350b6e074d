package engine

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"
)

// An input (a line typed at the prompt, a notebook cell) is a sequence of units:
// top-level declarations (import, const, var, type, func) and statements, which
// yaegi evaluates in the global scope. yaegi takes either declarations or
// statements in one Eval (it decides by the first token), so an input is split into
// groups of consecutive units of one kind, evaluated in order.

// unitKind tells declarations from statements.
type unitKind int

const (
	stmtUnit unitKind = iota
	declUnit
)

// A unit is one top-level declaration or statement of an input.
type unit struct {
	kind       unitKind
	start, end int    // byte offsets in the input
	text       string // the input's text of the unit
	stmt       ast.Stmt
	decl       ast.Decl
}

// A group is a run of units of one kind, evaluated by one Eval.
type group struct {
	kind  unitKind
	units []*unit
	start int // byte offset of the first unit in the input
	line  int // 1-based position of start in the input
	col   int
	file  *ast.File      // the parsed wrapper file
	node  ast.Node       // what yaegi compiles: the file (declarations) or main's body
	fset  *token.FileSet // of file
}

// posFile is the file name positions in an input carry: the input's name as a
// directory of yaegi's file name, because yaegi resolves imported package names
// by the base name of the file a statement is in, and imports must carry over from
// one input to the next.
func posFile(name string) string { return name + "/" + wrapperFile }

// inputName undoes posFile.
func inputName(file string) string { return strings.TrimSuffix(file, "/"+wrapperFile) }

// The wrappers: yaegi's own (interp.wrapInMain), with a //line directive so that
// positions in errors are those of the input.
const (
	wrapperFile = "_.go" // interp.DefaultSourceName
	declPrefix  = "package main\n"
	stmtPrefix  = "package main; func main() {\n"
	stmtSuffix  = "\n}"
)

// wrap returns the source of a group's wrapper file: text starts at line:col of
// the input called name.
func wrap(kind unitKind, name string, line, col int, text string) string {
	directive := fmt.Sprintf("//line %s:%d:%d\n", posFile(name), line, col)
	if kind == declUnit {
		return declPrefix + directive + text + "\n"
	}
	return stmtPrefix + directive + text + stmtSuffix
}

// tokens scans src, without comments, and returns its tokens with byte offsets.
type tok struct {
	pos int
	tok token.Token
	lit string
}

func scan(src string) []tok {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, 0)
	var out []tok
	for {
		p, t, lit := s.Scan()
		if t == token.EOF {
			return out
		}
		out = append(out, tok{file.Offset(p), t, lit})
	}
}

// split cuts src into top-level units at semicolons (written or automatic) outside
// brackets, and classifies each. A unit that starts with func is a declaration when
// a name follows (func f(...)) or a receiver and a name (func (r T) M(...)); a
// function literal (func() {...}()) is a statement, as yaegi's parser retry does.
func split(src string) []*unit {
	toks := scan(src)
	var units []*unit
	depth := 0
	first := -1 // index of the unit's first token
	flush := func(last int) {
		if first < 0 {
			return
		}
		end := toks[last].pos + tokLen(toks[last])
		units = append(units, &unit{kind: classify(toks[first:]), start: toks[first].pos, end: end,
			text: src[toks[first].pos:end]})
		first = -1
	}
	for i, t := range toks {
		switch t.tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if depth > 0 {
				depth--
			}
		case token.SEMICOLON:
			if depth == 0 {
				if first >= 0 {
					flush(i - 1)
				}
				continue
			}
		}
		if first < 0 {
			first = i
		}
	}
	if first >= 0 {
		flush(len(toks) - 1)
	}
	return units
}

// tokLen is the length of a token in the source (an automatic semicolon has none).
func tokLen(t tok) int {
	if t.tok == token.SEMICOLON && t.lit == "\n" {
		return 0
	}
	if t.lit != "" {
		return len(t.lit)
	}
	return len(t.tok.String())
}

func classify(toks []tok) unitKind {
	switch toks[0].tok {
	case token.IMPORT, token.TYPE, token.CONST:
		return declUnit
	case token.FUNC:
		if len(toks) > 1 && toks[1].tok == token.IDENT {
			return declUnit
		}
		if len(toks) > 1 && toks[1].tok == token.LPAREN {
			// A receiver list is followed by the method name and its parameters.
			depth := 0
			for i := 1; i < len(toks); i++ {
				switch toks[i].tok {
				case token.LPAREN:
					depth++
				case token.RPAREN:
					depth--
					if depth == 0 {
						if i+2 < len(toks) && toks[i+1].tok == token.IDENT && toks[i+2].tok == token.LPAREN {
							return declUnit
						}
						return stmtUnit
					}
				}
			}
		}
	}
	return stmtUnit
}

// groups joins consecutive units of one kind.
func groups(units []*unit) []*group {
	var gs []*group
	for _, u := range units {
		if len(gs) == 0 || gs[len(gs)-1].kind != u.kind {
			gs = append(gs, &group{kind: u.kind, start: u.start})
		}
		g := gs[len(gs)-1]
		g.units = append(g.units, u)
	}
	return gs
}

// lineCol is the 1-based line and column (in bytes) of offset off in src.
func lineCol(src string, off int) (int, int) {
	line := 1 + strings.Count(src[:off], "\n")
	col := off - strings.LastIndex(src[:off], "\n")
	return line, col
}

// parseGroup parses a group's wrapper and fills in its AST and units' nodes.
// text is the group's source (normally src[g.start:lastUnit.end]).
func parseGroup(fset *token.FileSet, name, src string, g *group, text string) error {
	g.line, g.col = lineCol(src, g.start)
	wrapped := wrap(g.kind, name, g.line, g.col, text)
	// The file is named as yaegi names its inputs: yaegi keys imports by the file
	// name of the compiled node (the wrapper's first line, before the directive),
	// and imports must carry over from one input to the next.
	f, err := parser.ParseFile(fset, wrapperFile, wrapped, parser.DeclarationErrors)
	if err != nil {
		return err
	}
	g.file, g.fset = f, fset
	if g.kind == declUnit {
		g.node = f
		if len(f.Decls) != len(g.units) {
			return fmt.Errorf("%s:%d:%d: %d declarations where %d were expected", name, g.line, g.col, len(f.Decls), len(g.units))
		}
		for i, d := range f.Decls {
			g.units[i].decl = d
		}
		return nil
	}
	body := f.Decls[0].(*ast.FuncDecl).Body
	g.node = body
	if len(body.List) != len(g.units) {
		// Units are cut at top-level semicolons, statements likewise; a mismatch
		// means a construct the splitter does not know (a labelled statement is
		// one statement but two units). Keep the group as one unit.
		g.units = []*unit{{kind: stmtUnit, start: g.units[0].start, end: g.units[len(g.units)-1].end, text: text}}
		if len(body.List) == 1 {
			g.units[0].stmt = body.List[0]
		}
		return nil
	}
	for i, s := range body.List {
		g.units[i].stmt = s
	}
	return nil
}
