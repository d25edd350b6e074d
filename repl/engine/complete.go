package engine

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"sort"
	"strings"

	"github.com/go-gota/gota/dataframe"

	"qmix/repl/symbols"
)

// Candidate is one completion.
type Candidate struct {
	Text   string // what replaces the word at the cursor
	Kind   string // keyword, builtin, var, const, func, type, package, method, field, column, command
	Detail string // a signature or type: "Load(paths ...string) (dataframe.DataFrame, error)"
	Doc    string // the first sentence of the documentation
}

var keywords = []string{"break", "case", "chan", "const", "continue", "default", "defer", "else",
	"fallthrough", "for", "func", "go", "goto", "if", "import", "interface", "map", "package", "range",
	"return", "select", "struct", "switch", "type", "var"}

var frameType = reflect.TypeOf(dataframe.DataFrame{})

// Complete returns the completions at a byte offset of src and the byte range
// [start, end) of src they replace: frontend commands at the start of an input;
// package members (with signatures and doc lines) after "pkg."; methods and fields
// after an expression of known type ("df.", "lib.Sources()."); column names of
// frames inside a string ("df.Col(\"do"); otherwise session names, packages,
// keywords and builtins. It runs no code.
func (e *Engine) Complete(src string, cursor int) (cands []Candidate, start, end int) {
	cursor = min(max(cursor, 0), len(src))
	before := src[:cursor]
	start = cursor
	for start > 0 && isIdent(before[start-1]) {
		start--
	}
	end = cursor
	for end < len(src) && isIdent(src[end]) {
		end++
	}
	word := before[start:]
	if c, s, ok := e.completeCommand(before); ok {
		return c, s, cursor
	}
	lineStart := strings.LastIndex(before, "\n") + 1
	if q, ok := openQuote(before[lineStart:]); ok {
		qs := lineStart + q + 1
		return e.completeColumns(before[lineStart:lineStart+q], before[qs:]), qs, cursor
	}
	sc := e.scope()
	if start > 0 && before[start-1] == '.' {
		x := exprBefore(before[:start-1])
		if x == "" {
			return nil, start, end
		}
		expr, err := parser.ParseExpr(x)
		if err != nil {
			return nil, start, end
		}
		in, ok := sc.info(expr)
		if !ok {
			return nil, start, end
		}
		return filter(sc.members(in), word), start, end
	}
	return filter(sc.names(), word), start, end
}

// completeCommand completes a frontend command, and the name after ":doc".
func (e *Engine) completeCommand(before string) ([]Candidate, int, bool) {
	if len(e.opt.Commands) == 0 {
		return nil, 0, false
	}
	trimmed := strings.TrimLeft(before, " \t")
	prefix := e.opt.Commands[0].Name[:1]
	if !strings.HasPrefix(trimmed, prefix) || strings.Contains(trimmed, "\n") {
		return nil, 0, false
	}
	offset := len(before) - len(trimmed)
	if i := strings.IndexAny(trimmed, " \t"); i >= 0 {
		cmd := trimmed[:i]
		arg := strings.TrimLeft(trimmed[i:], " \t")
		argStart := len(before) - len(arg)
		if cmd == prefix+"doc" {
			// Complete the name as code: "lib.Lo" → lib.Load.
			cands, s, _ := e.Complete(arg, len(arg))
			return cands, argStart + s, true
		}
		return nil, argStart, true
	}
	var out []Candidate
	for _, c := range e.opt.Commands {
		if strings.HasPrefix(c.Name, trimmed) {
			out = append(out, Candidate{Text: c.Name, Kind: "command", Detail: c.Args, Doc: c.Help})
		}
	}
	return out, offset, true
}

// openQuote finds an interpreted string literal open at the end of a line: the
// offset of its quote.
func openQuote(line string) (int, bool) {
	open := -1
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			if open >= 0 {
				i++
			}
		case '"':
			if open >= 0 {
				open = -1
			} else {
				open = i
			}
		case '`':
			if open < 0 {
				return 0, false // raw strings: leave them alone
			}
		}
	}
	return open, open >= 0
}

// completeColumns offers the column names of the frame a string is an argument
// for (df.Col("…"), df.Select([]string{"…"})): the frame variable nearest before
// the quote, or every frame in scope.
func (e *Engine) completeColumns(lineBefore, word string) []Candidate {
	sc := e.scope()
	var frames []string
	for i := len(lineBefore) - 1; i >= 0; i-- {
		if lineBefore[i] != '.' {
			continue
		}
		if v, ok := sc.globals[exprBefore(lineBefore[:i])]; ok && v.IsValid() && v.Type() == frameType {
			frames = append(frames, exprBefore(lineBefore[:i]))
			break
		}
	}
	if len(frames) == 0 {
		for name, v := range sc.globals {
			if v.IsValid() && v.Type() == frameType {
				frames = append(frames, name)
			}
		}
		sort.Strings(frames)
	}
	seen := map[string]bool{}
	var out []Candidate
	for _, f := range frames {
		df, ok := sc.globals[f].Interface().(dataframe.DataFrame)
		if !ok {
			continue
		}
		types := df.Types()
		for i, n := range df.Names() {
			if seen[n] || !strings.HasPrefix(n, word) {
				continue
			}
			seen[n] = true
			out = append(out, Candidate{Text: n, Kind: "column", Detail: string(types[i]), Doc: "column of " + f})
		}
	}
	return out
}

// exprBefore is the expression that ends where s ends: identifiers, selectors,
// calls and indexes, with balanced brackets and strings.
func exprBefore(s string) string {
	i := len(s)
	for i > 0 {
		c := s[i-1]
		switch {
		case isIdent(c) || c == '.':
			i--
		case c == ')' || c == ']' || c == '}':
			j := matchOpen(s[:i])
			if j < 0 {
				return ""
			}
			i = j
		default:
			return s[i:]
		}
	}
	return s[i:]
}

// matchOpen returns the offset of the bracket that opens the one s ends with.
func matchOpen(s string) int {
	depth := 0
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ')', ']', '}':
			depth++
		case '(', '[', '{':
			if depth--; depth == 0 {
				return i
			}
		case '"', '`':
			q := s[i]
			for i--; i >= 0 && !(s[i] == q && (i == 0 || s[i-1] != '\\')); i-- {
			}
		}
	}
	return -1
}

// members lists what follows "x." for x described by in.
func (sc *scope) members(in info) []Candidate {
	var out []Candidate
	switch {
	case in.pkg != "":
		for name, v := range members(in.pkg) {
			if strings.HasPrefix(name, "_") || !token.IsExported(name) {
				continue
			}
			out = append(out, memberCandidate(in.pkg, name, v))
		}
	case in.typ != nil && !in.isType:
		out = append(out, methodsOf(in.typ)...)
		out = append(out, fieldsOf(in.typ)...)
	}
	return out
}

func memberCandidate(path, name string, v reflect.Value) Candidate {
	c := Candidate{Text: name}
	si := symbolInfo(v)
	switch {
	case si.isType:
		c.Kind, c.Detail = "type", si.typ.Kind().String()
	case v.Kind() == reflect.Func:
		c.Kind, c.Detail = "func", name+strings.TrimPrefix(v.Type().String(), "func")
	case v.CanAddr():
		c.Kind, c.Detail = "var", si.typ.String()
	default:
		c.Kind, c.Detail = "const", si.typ.String()
	}
	if d, ok := symbols.Docs[path+"."+name]; ok {
		if c.Kind == "func" {
			c.Detail = strings.TrimPrefix(d.Sig, "func ")
		}
		c.Doc = synopsis(d.Text)
	}
	return c
}

// methodsOf lists the exported methods of t and *t.
func methodsOf(t reflect.Type) []Candidate {
	base := t
	for base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	seen := map[string]bool{}
	var out []Candidate
	for _, tt := range []reflect.Type{base, reflect.PointerTo(base)} {
		for i := 0; i < tt.NumMethod(); i++ {
			m := tt.Method(i)
			if seen[m.Name] || !m.IsExported() {
				continue
			}
			seen[m.Name] = true
			ft := m.Type
			if tt.Kind() != reflect.Interface {
				ft = withoutReceiver(ft)
			}
			c := Candidate{Text: m.Name, Kind: "method", Detail: m.Name + strings.TrimPrefix(ft.String(), "func")}
			if base.PkgPath() != "" {
				if d, ok := symbols.Docs[base.PkgPath()+"."+base.Name()+"."+m.Name]; ok {
					c.Detail = d.Sig[strings.Index(d.Sig, ")")+2:]
					c.Doc = synopsis(d.Text)
				}
			}
			out = append(out, c)
		}
		if base.Kind() == reflect.Interface {
			break
		}
	}
	return out
}

func fieldsOf(t reflect.Type) []Candidate {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	var out []Candidate
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.IsExported() {
			out = append(out, Candidate{Text: f.Name, Kind: "field", Detail: f.Type.String()})
		}
	}
	return out
}

// names lists what a bare identifier may complete to.
func (sc *scope) names() []Candidate {
	var out []Candidate
	for name, v := range sc.globals {
		if strings.HasPrefix(name, "_") || !v.IsValid() {
			continue
		}
		c := Candidate{Text: name, Kind: "var", Detail: v.Type().String()}
		if in, _ := sc.info(ast.NewIdent(name)); in.typ != nil && in.value == (reflect.Value{}) {
			c.Kind, c.Detail = "const", in.typ.String() // an untyped constant
		}
		out = append(out, c)
	}
	for name, d := range sc.e.sess.funcs {
		out = append(out, Candidate{Text: name, Kind: "func", Detail: name + strings.TrimPrefix(nodeString(withoutBody(d).Type), "func")})
	}
	for name := range sc.e.sess.types {
		out = append(out, Candidate{Text: name, Kind: "type"})
	}
	for name, path := range sc.e.sess.imports {
		c := Candidate{Text: name, Kind: "package", Detail: path}
		if d, ok := symbols.Docs[path]; ok {
			c.Doc = synopsis(d.Text)
		}
		out = append(out, c)
	}
	for _, k := range keywords {
		out = append(out, Candidate{Text: k, Kind: "keyword"})
	}
	for n := range predeclared {
		out = append(out, Candidate{Text: n, Kind: "builtin"})
	}
	return out
}

// kindRank orders candidates: the session's own names first.
var kindRank = map[string]int{"column": 0, "var": 1, "const": 1, "func": 2, "method": 2, "field": 3, "type": 4,
	"package": 5, "command": 0, "keyword": 6, "builtin": 7}

// filter keeps the candidates that start with word, ordered by kind and name;
// when none does, those that start with it ignoring case.
func filter(cands []Candidate, word string) []Candidate {
	var out []Candidate
	for _, c := range cands {
		if strings.HasPrefix(c.Text, word) {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		lw := strings.ToLower(word)
		for _, c := range cands {
			if strings.HasPrefix(strings.ToLower(c.Text), lw) {
				out = append(out, c)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if ri, rj := kindRank[out[i].Kind], kindRank[out[j].Kind]; ri != rj {
			return ri < rj
		}
		return out[i].Text < out[j].Text
	})
	return out
}

// synopsis is the first sentence of a doc text, on one line.
func synopsis(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	if i := strings.Index(text, ". "); i >= 0 {
		return text[:i+1]
	}
	return text
}
