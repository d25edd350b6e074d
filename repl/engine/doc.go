package engine

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/printer"
	"go/token"
	"reflect"
	"sort"
	"strings"

	"qmix/repl/symbols"
)

// Doc documents a name as typed in code: a package ("lib"), a package member
// ("lib.Load", "dataframe.DataFrame"), a method ("dataframe.DataFrame.Filter",
// "df.Filter" for a frame df), a session variable ("df") or function ("clean").
// It returns the declaration and the doc comment (the library's own, generated
// into repl/symbols; the standard library's signature only).
func (e *Engine) Doc(name string) (string, bool) {
	name = strings.TrimSpace(name)
	x, err := parser.ParseExpr(name)
	if err != nil {
		return "", false
	}
	sc := e.scope()
	// Type.Method: resolve the type, then the method.
	if sel, ok := x.(*ast.SelectorExpr); ok {
		if base, ok := sc.info(sel.X); ok && base.isType {
			return docMethod(base.typ, sel.Sel.Name)
		}
		if base, ok := sc.info(sel.X); ok && base.typ != nil && base.pkg == "" {
			if d, ok := docMethod(base.typ, sel.Sel.Name); ok {
				return d, true
			}
		}
	}
	in, ok := sc.info(x)
	if !ok {
		return "", false
	}
	switch {
	case in.pkg != "":
		return docPackage(in.pkg)
	case in.user != nil:
		return "func " + strings.TrimPrefix(nodeString(withoutBody(in.user)), "func "), true
	}
	if sel, ok := x.(*ast.SelectorExpr); ok {
		if base, ok := sc.info(sel.X); ok && base.pkg != "" {
			if d, ok := symbols.Docs[base.pkg+"."+sel.Sel.Name]; ok {
				out := docText(d)
				if in.isType && strings.Contains(d.Sig, " = ") {
					// An alias (lib.DedupOptions = dedup.Options): the real type's too.
					if real, ok := docType(in.typ); ok {
						out += "\n\n" + real
					}
				}
				return out, true
			}
			return fmt.Sprintf("%s.%s %s\n\n(standard library: go doc %s.%s)", shortPkg(base.pkg), sel.Sel.Name,
				typeString(in.typ, in.isType), base.pkg, sel.Sel.Name), true
		}
	}
	if in.isType {
		return docType(in.typ)
	}
	if id, ok := x.(*ast.Ident); ok && in.value.IsValid() {
		out := fmt.Sprintf("var %s %s", id.Name, in.typ)
		if d, ok := docType(in.typ); ok {
			out += "\n\n" + d
		}
		return out, true
	}
	if in.typ != nil {
		return typeString(in.typ, false), true
	}
	return "", false
}

// DocAt documents the name at a byte offset of src (a selector chain such as
// lib.Load or df.Filter), for the kernel's inspect request.
func (e *Engine) DocAt(src string, cursor int) (string, bool) {
	cursor = min(max(cursor, 0), len(src))
	start, end := cursor, cursor
	for start > 0 && (isIdent(src[start-1]) || src[start-1] == '.') {
		start--
	}
	for end < len(src) && isIdent(src[end]) {
		end++
	}
	name := strings.Trim(src[start:end], ".")
	if name == "" {
		return "", false
	}
	return e.Doc(name)
}

func isIdent(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func docText(d symbols.Doc) string {
	if d.Text == "" {
		return d.Sig
	}
	return d.Sig + "\n\n" + d.Text
}

func docPackage(path string) (string, bool) {
	var b strings.Builder
	if d, ok := symbols.Docs[path]; ok {
		fmt.Fprintf(&b, "%s // import %q\n\n%s\n", d.Sig, path, d.Text)
	} else {
		fmt.Fprintf(&b, "package %s // import %q\n\n(standard library: go doc %s)\n", shortPkg(path), path, path)
	}
	m := members(path)
	var names []string
	for n := range m {
		if !strings.HasPrefix(n, "_") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	if len(names) > 0 {
		fmt.Fprintf(&b, "\n%s\n", strings.Join(names, " "))
	}
	return b.String(), true
}

// docType documents a named type from the tables' packages.
func docType(t reflect.Type) (string, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.PkgPath() == "" || t.Name() == "" {
		return "", false
	}
	if d, ok := symbols.Docs[t.PkgPath()+"."+t.Name()]; ok {
		return docText(d), true
	}
	return "type " + t.String(), true
}

// docMethod documents a method of t (or *t), or a field.
func docMethod(t reflect.Type, name string) (string, bool) {
	base := t
	for base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	if base.PkgPath() != "" {
		if d, ok := symbols.Docs[base.PkgPath()+"."+base.Name()+"."+name]; ok {
			return docText(d), true
		}
	}
	if m, ok := method(t, name); ok {
		return fmt.Sprintf("func (%s) %s%s", base, name, strings.TrimPrefix(m.String(), "func")), true
	}
	if f, ok := field(t, name); ok {
		return fmt.Sprintf("%s.%s %s", base, name, f), true
	}
	return "", false
}

// typeString renders a symbol's type: a function's signature, a type's definition.
func typeString(t reflect.Type, isType bool) string {
	if t == nil {
		return ""
	}
	if isType {
		return "type " + t.String() + " " + t.Kind().String()
	}
	return t.String()
}

func shortPkg(path string) string { return path[strings.LastIndex(path, "/")+1:] }

func withoutBody(d *ast.FuncDecl) *ast.FuncDecl {
	c := *d
	c.Body, c.Doc = nil, nil
	return &c
}

// nodeString prints a syntax node.
func nodeString(n any) string {
	var b bytes.Buffer
	if err := printer.Fprint(&b, token.NewFileSet(), n); err != nil {
		return ""
	}
	return b.String()
}

func constKind(c constant.Value) string {
	switch c.Kind() {
	case constant.Bool:
		return "bool"
	case constant.String:
		return "string"
	case constant.Int:
		return "int"
	case constant.Float:
		return "float"
	}
	return "number"
}

// Var is a name the session defined.
type Var struct {
	Name string
	Kind string // "var", "const", "func" or "type"
	Type string // the variable's type; a function's signature
	// Value is the variable's value (nil for functions and types); frontends show
	// a summary of it.
	Value any
}

// Vars lists the session's variables, constants, functions and types, by name.
func (e *Engine) Vars() []Var {
	var out []Var
	for name, v := range e.globals() {
		if strings.HasPrefix(name, "_") || !v.IsValid() {
			continue
		}
		kind := "var"
		if !v.CanAddr() {
			kind = "const"
		}
		x := Var{Name: name, Kind: kind, Type: v.Type().String()}
		if v.CanInterface() {
			x.Value = v.Interface()
		}
		if c, ok := x.Value.(constant.Value); ok {
			// An untyped constant: yaegi keeps its exact value.
			x.Type, x.Value = "untyped "+constKind(c), c.ExactString()
		}
		out = append(out, x)
	}
	for name, d := range e.sess.funcs {
		out = append(out, Var{Name: name, Kind: "func", Type: strings.TrimPrefix(nodeString(withoutBody(d).Type), "func")})
	}
	for name := range e.sess.types {
		out = append(out, Var{Name: name, Kind: "type"})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
