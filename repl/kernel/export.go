package kernel

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/scanner"
	"go/token"
	"path"
	"sort"
	"strconv"
	"strings"

	"qmix/repl/engine"
)

// Export turns a notebook's code cells into one Go program, statically (nothing
// runs): the cells' imports, plus those of the interpreter's default imports the
// code uses, gathered in one import block; type, func and method declarations,
// and var and const declarations that do not use main's variables, at package
// level; every other statement in main, in cell order, under a comment naming
// its cell. A cell's final expression, which the notebook shows, is passed to
// lib.Display: always when it is not a call, and for a call when the saved
// notebook shows a result for it (a call without results cannot be an
// argument). A := that declares only names declared before becomes =, and a
// variable main never reads again gets `_ = x`, so that the program also builds
// with `go build`. Lines starting with ':' or '%' (frontend commands) become
// comments.
//
// One thing a notebook allows and a program does not: a func declared in a cell
// cannot read a variable another cell declared with := (it lives in main); pass
// it as an argument instead.
func Export(nb *Notebook) ([]byte, error) {
	x := &exporter{imports: map[string]string{}, locals: map[string]bool{}, pkgNames: map[string]bool{}}
	cell := 0
	for _, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		cell++
		if err := x.addCell(cell, string(c.Source), shownValues(c.Outputs)); err != nil {
			return nil, fmt.Errorf("cell %d: %w", cell, err)
		}
	}
	return x.program()
}

// shownValues is how many values the kernel showed for a cell's final
// expression: the qmix.values metadata of its execute_result, 1 for a result
// without it (another kernel version), 0 without a result.
func shownValues(outputs []json.RawMessage) int {
	for _, o := range outputs {
		var out struct {
			Type     string `json:"output_type"`
			Metadata struct {
				Qmix struct {
					Values int `json:"values"`
				} `json:"qmix"`
			} `json:"metadata"`
		}
		if json.Unmarshal(o, &out) != nil || out.Type != "execute_result" {
			continue
		}
		if out.Metadata.Qmix.Values > 0 {
			return out.Metadata.Qmix.Values
		}
		return 1
	}
	return 0
}

type exporter struct {
	imports  map[string]string // name → path, the cells' own imports
	order    []string          // import names in first-seen order
	decls    []string          // package-level declarations
	main     []mainLine        // main's statements and cell comments
	locals   map[string]bool   // variables declared in main so far
	pkgNames map[string]bool   // names declared at package level
	used     []string          // texts whose identifiers count as uses
}

// A mainLine is a statement of main (or a comment), the variables it declares and
// the names it reads.
type mainLine struct {
	text  string
	decls []string
	reads map[string]bool
}

// A piece is one top-level declaration or statement of a cell.
type piece struct {
	text  string
	first token.Token
}

// splitCell cuts a cell into top-level pieces at the semicolons (written or
// inserted at line ends) outside brackets; comments stay with the piece they
// precede.
func splitCell(src string) ([]piece, error) {
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(src))
	var errs scanner.ErrorList
	var s scanner.Scanner
	s.Init(file, []byte(src), func(pos token.Position, msg string) { errs.Add(pos, msg) }, scanner.ScanComments)
	var out []piece
	depth, start, end := 0, -1, 0
	// header is true between an if, for or switch and the brace opening its
	// block, where an explicit semicolon separates the init statement.
	header := false
	first := token.ILLEGAL
	flush := func() {
		if start >= 0 && first != token.ILLEGAL {
			out = append(out, piece{text: src[start:end], first: first})
		}
		start, first = -1, token.ILLEGAL
	}
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		off := file.Offset(pos)
		switch tok {
		case token.IF, token.FOR, token.SWITCH:
			if depth == 0 {
				header = true
			}
		case token.LBRACE:
			if depth == 0 {
				header = false
			}
		}
		switch tok {
		case token.LPAREN, token.LBRACE, token.LBRACK:
			depth++
		case token.RPAREN, token.RBRACE, token.RBRACK:
			depth--
		}
		if tok == token.SEMICOLON && depth == 0 && !(header && lit == ";") {
			if lit == ";" {
				end = off // an explicit semicolon is not part of the piece
			}
			flush()
			continue
		}
		if start < 0 {
			start = off
		}
		if tok != token.COMMENT && first == token.ILLEGAL {
			first = tok
		}
		if tok == token.COMMENT {
			end = off + len(lit)
		} else {
			end = off + tokenLen(tok, lit)
		}
	}
	flush()
	if errs.Len() > 0 {
		return nil, errs.Err()
	}
	return out, nil
}

func tokenLen(tok token.Token, lit string) int {
	if lit != "" {
		return len(lit)
	}
	return len(tok.String())
}

// commandLines comments out frontend commands (":reset", "%time") so the cell
// parses as Go.
func commandLines(src string) string {
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, ":") || strings.HasPrefix(t, "%") {
			lines[i] = "// " + t + " (a notebook command)"
		}
	}
	return strings.Join(lines, "\n")
}

func (x *exporter) addCell(n int, src string, shown int) error {
	pieces, err := splitCell(commandLines(src))
	if err != nil {
		return err
	}
	x.main = append(x.main, mainLine{text: fmt.Sprintf("// cell %d", n)})
	for i, p := range pieces {
		last := i == len(pieces)-1
		switch p.first {
		case token.IMPORT:
			if err := x.addImports(p.text); err != nil {
				return err
			}
			// The comment above an import usually speaks of the cell.
			if i := strings.Index(p.text, "import"); i > 0 && strings.TrimSpace(p.text[:i]) != "" {
				x.main = append(x.main, mainLine{text: strings.TrimSpace(p.text[:i])})
			}
			continue
		case token.TYPE:
			if err := x.addDecl(p.text); err != nil {
				return err
			}
			continue
		case token.CONST, token.VAR:
			if !mentions(p.text, x.locals) {
				if err := x.addDecl(p.text); err != nil {
					return err
				}
				continue
			}
		case token.FUNC:
			if _, err := parser.ParseFile(token.NewFileSet(), "", "package main\n"+p.text, 0); err == nil {
				if err := x.addDecl(p.text); err != nil {
					return err
				}
				continue
			}
		}
		if err := x.addStmt(p.text, last, shown); err != nil {
			return err
		}
	}
	return nil
}

func (x *exporter) addImports(text string) error {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package main\n"+text, parser.ImportsOnly)
	if err != nil {
		return err
	}
	for _, spec := range f.Imports {
		p, _ := strconv.Unquote(spec.Path.Value)
		name := path.Base(p)
		if spec.Name != nil {
			name = spec.Name.Name
		}
		if _, ok := x.imports[name]; !ok {
			x.order = append(x.order, name)
		}
		x.imports[name] = p
	}
	return nil
}

func (x *exporter) addDecl(text string) error {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package main\n"+text, parser.ParseComments)
	if err != nil {
		return err
	}
	for _, d := range f.Decls {
		for _, n := range engine.DeclNames(d) {
			x.pkgNames[n] = true
		}
	}
	x.decls = append(x.decls, text)
	x.used = append(x.used, text)
	return nil
}

const stmtWrap = "package main\nfunc main() {\n"

func (x *exporter) addStmt(text string, last bool, shown int) error {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", stmtWrap+text+"\n}\n", parser.ParseComments)
	if err != nil {
		return err
	}
	body := f.Decls[0].(*ast.FuncDecl).Body.List
	if len(body) != 1 {
		return fmt.Errorf("%q is not one statement", firstLine(text))
	}
	base := len(stmtWrap)
	line := mainLine{}
	switch st := body[0].(type) {
	case *ast.AssignStmt:
		if st.Tok == token.DEFINE {
			fresh := false
			for _, l := range st.Lhs {
				id, ok := l.(*ast.Ident)
				if !ok || id.Name == "_" {
					continue
				}
				line.decls = append(line.decls, id.Name)
				if !x.locals[id.Name] && !x.pkgNames[id.Name] {
					fresh = true
				}
			}
			if !fresh {
				// Every name exists: a notebook re-runs `x := …`, Go needs `x = …`.
				off := fset.Position(st.TokPos).Offset - base
				text = text[:off] + "=" + text[off+2:]
			}
		}
	case *ast.DeclStmt:
		if gd, ok := st.Decl.(*ast.GenDecl); ok {
			line.decls = engine.DeclNames(gd)
		}
	case *ast.ExprStmt:
		if last && x.display(st.X, shown) {
			text = "lib.Display(" + text + ")"
			x.useImport("lib")
		}
	}
	for _, n := range line.decls {
		x.locals[n] = true
	}
	line.text, line.reads = text, reads(body[0])
	x.main = append(x.main, line)
	x.used = append(x.used, text)
	return nil
}

// reads lists the names a statement reads: every identifier except the targets
// of assignments (the compiler's notion of "used") and field names after a dot.
func reads(n ast.Node) map[string]bool {
	out := map[string]bool{}
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					if _, ok := l.(*ast.Ident); !ok {
						walk(l) // x.f = …, m[k] = … read x, m and k
					}
				}
				for _, r := range n.Rhs {
					walk(r)
				}
				return false
			case *ast.SelectorExpr:
				walk(n.X)
				return false
			case *ast.Ident:
				out[n.Name] = true
			}
			return true
		})
	}
	walk(n)
	return out
}

// display decides whether a cell's final expression statement is shown.
func (x *exporter) display(e ast.Expr, shown int) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return true
	}
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
		if id, ok := sel.X.(*ast.Ident); ok && id.Name == "lib" && sel.Sel.Name == "Display" {
			return false
		}
	}
	return shown > 0
}

// useImport records an import the generated code itself needs.
func (x *exporter) useImport(name string) {
	x.used = append(x.used, name+".")
}

// mentions reports whether text uses any of names as an identifier.
func mentions(text string, names map[string]bool) bool {
	for _, id := range idents(text) {
		if names[id] {
			return true
		}
	}
	return false
}

// idents lists the identifiers of text (keywords and literals excluded).
func idents(text string) []string {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(text))
	var s scanner.Scanner
	s.Init(file, []byte(text), nil, 0)
	var out []string
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			return out
		}
		if tok == token.IDENT {
			out = append(out, lit)
		}
	}
}

// program assembles and gofmts the file.
func (x *exporter) program() ([]byte, error) {
	// Which names are read: every identifier of declarations and statements.
	uses := map[string]int{}
	for _, t := range x.used {
		for _, id := range idents(t) {
			uses[id]++
		}
	}
	// Imports: the cells' own, then the default imports the code refers to.
	imports := map[string]string{}
	for _, name := range x.order {
		if name == "_" || name == "." || uses[name] > 0 {
			imports[name] = x.imports[name]
		}
	}
	for _, p := range engine.DefaultImports {
		name := path.Base(p)
		if _, ok := imports[name]; !ok && uses[name] > 0 && !x.locals[name] && !x.pkgNames[name] {
			imports[name] = p
		}
	}
	var b bytes.Buffer
	b.WriteString("// Code generated by qmix export from a notebook; edit freely.\n\npackage main\n\n")
	if len(imports) > 0 {
		var specs []string
		for name, p := range imports {
			if name == path.Base(p) {
				specs = append(specs, strconv.Quote(p))
			} else {
				specs = append(specs, name+" "+strconv.Quote(p))
			}
		}
		// Standard library first, then the rest, as goimports groups them.
		sort.Slice(specs, func(i, j int) bool {
			si, sj := isStd(importPath(specs[i])), isStd(importPath(specs[j]))
			if si != sj {
				return si
			}
			return importPath(specs[i]) < importPath(specs[j])
		})
		b.WriteString("import (\n")
		for i, sp := range specs {
			if i > 0 && isStd(importPath(specs[i-1])) && !isStd(importPath(sp)) {
				b.WriteString("\n")
			}
			b.WriteString(sp + "\n")
		}
		b.WriteString(")\n\n")
	}
	for _, d := range x.decls {
		b.WriteString(d + "\n\n")
	}
	b.WriteString("func main() {\n")
	for i, l := range x.main {
		b.WriteString(l.text + "\n")
		for _, n := range l.decls {
			read := false
			for _, later := range x.main[i+1:] {
				if later.reads[n] {
					read = true
					break
				}
			}
			if !read {
				// The compiler rejects a variable nothing reads; the notebook
				// showed or kept it, the program keeps it too.
				b.WriteString("_ = " + n + "\n")
			}
		}
	}
	b.WriteString("}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("the program does not parse: %w\n%s", err, b.Bytes())
	}
	return src, nil
}

// isStd reports whether a quoted import path is the standard library's (no dot
// in its first element).
func isStd(quoted string) bool {
	p, _ := strconv.Unquote(quoted)
	first, _, _ := strings.Cut(p, "/")
	return !strings.Contains(first, ".") && first != "qmix"
}

// importPath extracts the quoted path of an import spec, for sorting.
func importPath(spec string) string {
	if i := strings.IndexByte(spec, '"'); i >= 0 {
		return spec[i:]
	}
	return spec
}
