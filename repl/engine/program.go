package engine

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/printer"
	"go/token"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Program turns the session into a `package main` program that `qmix run FILE`
// and `go run FILE` run alike (it carries //go:build ignore, like scripts/*.go).
//
// What it keeps and how:
//   - Units that ran successfully, in order; failed ones are left out (in an input
//     that failed in a later group, the earlier groups ran and are kept).
//   - A bare expression whose value the prompt showed (an input's final
//     expression with a value: df, x + 1, lib.Counts(kept, "difficulty")) is
//     passed to lib.Display, so that the program prints what the analyst saw:
//     lib.Display prints a frame as the prompt's table (qmix/lib/frame) and
//     skips nil values, as the prompt does. A call with several results is
//     passed whole, lib.Display(lib.Convert(…)), Display being variadic.
//     qmix/lib is imported as lib, or as qmixlib when the session took lib.
//   - Other bare calls stay as typed, their results discarded: calls without
//     results, printing calls (fmt.Println), calls before an input's last
//     statement. Other bare expressions (not a call, or a pure builtin's or a
//     conversion's call that was not shown) had a value nobody saw: dropped.
//   - An overwritten definition — x := …, var, const, type or func whose every
//     name a later unit defines again with no use in between — is dropped.
//   - Statements and var declarations go into main, in order; const, type and
//     func declarations stay at package level, except a function (or constant)
//     that uses main's variables, which becomes a function value in main.
//   - Redefining a variable with a value of the same type becomes an assignment;
//     with another type, the earlier variable is renamed (x_1) up to the
//     redefinition. A variable main never reads gets `_ = x`, which Go requires.
//   - Imports: those of the session's packages the program uses.
//
// Comments typed at the prompt are not kept.
func (e *Engine) Program() (string, error) {
	var units []*punit
	imports := map[string]string{} // name → path, every import the session made
	for k, v := range e.sess.imports {
		imports[k] = v
	}
	for _, in := range e.sess.inputs {
		for _, sv := range in.units {
			if sv.imports != nil {
				continue
			}
			us, err := reparse(sv)
			if err != nil {
				return "", fmt.Errorf("engine: program: %s: %w", in.name, err)
			}
			units = append(units, us...)
		}
	}
	units = dropDisplay(e, units)
	units = dropOverwritten(units)
	place(units)
	renameRedefinitions(units)
	if name, ok := wrapShown(units, imports); ok {
		imports[name] = libPath
	}
	body, decls, err := render(units)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("//go:build ignore\n\n")
	b.WriteString("// This program is a qmix prompt session saved with :save. Run it with\n")
	b.WriteString("// `qmix run FILE` or `go run FILE`.\n")
	b.WriteString("package main\n\n")
	b.WriteString(importBlock(e, units, imports))
	for _, d := range decls {
		b.WriteString(d + "\n\n")
	}
	b.WriteString("func main() {\n")
	for _, s := range body {
		b.WriteString(s + "\n")
	}
	b.WriteString("}\n")
	out, err := format.Source([]byte(b.String()))
	if err != nil {
		return "", fmt.Errorf("engine: program does not format: %w\n%s", err, b.String())
	}
	return string(out), nil
}

// punit is a unit being turned into program text.
type punit struct {
	fset  *token.FileSet
	stmt  ast.Stmt
	decl  ast.Decl
	defs  []string
	types map[string]reflect.Type
	// main: the unit goes into main's body; closure: a func declaration that
	// becomes a function value there.
	main, closure bool
	// keep marks `_ = name` lines to add after the unit.
	blanks []string
	// shown: the unit is an expression whose values the prompt showed.
	shown bool
}

// reparse parses a saved unit's text on its own, without the input's line
// directives, so that it prints like typed.
func reparse(sv *saved) ([]*punit, error) {
	fset := token.NewFileSet()
	if sv.kind == declUnit {
		f, err := parser.ParseFile(fset, "", "package p\n"+sv.text, 0)
		if err != nil {
			return nil, err
		}
		var out []*punit
		for _, d := range f.Decls {
			out = append(out, &punit{fset: fset, decl: d, defs: DeclNames(d), types: sv.types})
		}
		return out, nil
	}
	f, err := parser.ParseFile(fset, "", "package p; func _() {\n"+sv.text+"\n}", 0)
	if err != nil {
		return nil, err
	}
	var out []*punit
	for _, s := range f.Decls[0].(*ast.FuncDecl).Body.List {
		out = append(out, &punit{fset: fset, stmt: s, defs: stmtDefs(s), types: sv.types, main: true})
	}
	if len(out) > 0 {
		_, isExpr := out[len(out)-1].stmt.(*ast.ExprStmt)
		out[len(out)-1].shown = isExpr && sv.shown > 0
	}
	return out, nil
}

// DeclNames are the package-level names a declaration introduces: a func's (not
// a method's), its types', its vars' and consts' other than _. `qmix export`
// uses it too.
func DeclNames(d ast.Decl) []string {
	var out []string
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			out = append(out, d.Name.Name)
		}
	case *ast.GenDecl:
		for _, spec := range d.Specs {
			switch sp := spec.(type) {
			case *ast.TypeSpec:
				out = append(out, sp.Name.Name)
			case *ast.ValueSpec:
				for _, n := range sp.Names {
					if n.Name != "_" {
						out = append(out, n.Name)
					}
				}
			}
		}
	}
	return out
}

// pureBuiltins have no effect; a bare call of one does not compile ("evaluated
// but not used").
var pureBuiltins = map[string]bool{"len": true, "cap": true, "append": true, "make": true, "new": true,
	"complex": true, "real": true, "imag": true, "min": true, "max": true}

// dropDisplay drops bare expressions that had a value nobody saw: non-calls,
// calls of pure builtins and conversions that were not their input's shown
// final expression.
func dropDisplay(e *Engine, units []*punit) []*punit {
	sc := e.scope()
	var out []*punit
	for _, u := range units {
		if es, ok := u.stmt.(*ast.ExprStmt); ok && !u.shown {
			call, isCall := ast.Unparen(es.X).(*ast.CallExpr)
			if !isCall {
				continue
			}
			if id, ok := call.Fun.(*ast.Ident); ok && pureBuiltins[id.Name] && e.sess.funcs[id.Name] == nil {
				continue
			}
			if in, ok := sc.info(call.Fun); ok && in.isType {
				continue
			}
			if _, ok := ast.Unparen(call.Fun).(*ast.ArrayType); ok {
				continue
			}
		}
		out = append(out, u)
	}
	return out
}

// libPath is the package of Display.
const libPath = "qmix/lib"

// wrapShown passes each shown expression to lib.Display. It returns the name
// the program imports qmix/lib under, and false when no expression was shown:
// lib when that name is free, another when the session declares lib or imports
// another package as lib.
func wrapShown(units []*punit, imports map[string]string) (string, bool) {
	var shown []*ast.ExprStmt
	for _, u := range units {
		if es, ok := u.stmt.(*ast.ExprStmt); ok && u.shown {
			shown = append(shown, es)
		}
	}
	if len(shown) == 0 {
		return "", false
	}
	taken := map[string]bool{}
	for _, u := range units {
		for _, d := range u.defs {
			taken[d] = true
		}
	}
	name := "lib"
	if taken[name] || (imports[name] != "" && imports[name] != libPath) {
		for _, u := range units {
			idents(u.node(), func(id *ast.Ident) { taken[id.Name] = true })
		}
		name = "qmixlib"
		for k := 1; taken[name] || (imports[name] != "" && imports[name] != libPath); k++ {
			name = "qmixlib" + strconv.Itoa(k)
		}
	}
	for _, es := range shown {
		es.X = &ast.CallExpr{
			Fun:  &ast.SelectorExpr{X: ast.NewIdent(name), Sel: ast.NewIdent("Display")},
			Args: []ast.Expr{es.X},
		}
	}
	return name, true
}

// free calls fn for the identifiers of the unit that name session-level symbols:
// those the parser left unresolved (declared outside the unit) and the unit's own
// top-level names — not locals, parameters, members or keys.
func (u *punit) free(fn func(id *ast.Ident)) {
	own := map[*ast.Object]bool{}
	for id := range u.defIdents() {
		if id.Obj != nil {
			own[id.Obj] = true
		}
	}
	idents(u.node(), func(id *ast.Ident) {
		if id.Obj == nil || own[id.Obj] {
			fn(id)
		}
	})
}

// idents calls fn for every identifier of n that may name a top-level symbol: not
// a selector's member, a composite literal's key or a struct field's name.
func idents(n ast.Node, fn func(id *ast.Ident)) {
	skip := map[*ast.Ident]bool{}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			skip[n.Sel] = true
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok {
				skip[id] = true
			}
		case *ast.StructType:
			for _, f := range n.Fields.List {
				for _, id := range f.Names {
					skip[id] = true
				}
			}
		case *ast.Ident:
			if !skip[n] {
				fn(n)
			}
		}
		return true
	})
}

// node is the unit's syntax.
func (u *punit) node() ast.Node {
	if u.stmt != nil {
		return u.stmt
	}
	return u.decl
}

// syntax is the unit's node, a declaration statement unwrapped.
func (u *punit) syntax() ast.Node {
	if ds, ok := u.stmt.(*ast.DeclStmt); ok {
		return ds.Decl
	}
	return u.node()
}

// defIdents are the identifiers through which the unit declares its names.
func (u *punit) defIdents() map[*ast.Ident]bool {
	out := map[*ast.Ident]bool{}
	switch n := u.syntax().(type) {
	case *ast.AssignStmt:
		if n.Tok == token.DEFINE {
			for _, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					out[id] = true
				}
			}
		}
	case *ast.FuncDecl:
		out[n.Name] = true
	case *ast.GenDecl:
		for _, spec := range n.Specs {
			switch sp := spec.(type) {
			case *ast.TypeSpec:
				out[sp.Name] = true
			case *ast.ValueSpec:
				for _, id := range sp.Names {
					out[id] = true
				}
			}
		}
	}
	return out
}

// refs reports whether the unit mentions name other than to declare it.
func (u *punit) refs(name string) bool {
	defs := u.defIdents()
	found := false
	u.free(func(id *ast.Ident) {
		if id.Name == name && !defs[id] {
			found = true
		}
	})
	return found
}

// reads reports whether the unit reads name: a mention that is not the target of
// an assignment or an increment (Go's "declared and not used" rule).
func (u *punit) reads(name string) bool {
	targets := u.defIdents()
	ast.Inspect(u.node(), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					targets[id] = true
				}
			}
		case *ast.IncDecStmt:
			if id, ok := n.X.(*ast.Ident); ok {
				targets[id] = true
			}
		}
		return true
	})
	found := false
	u.free(func(id *ast.Ident) {
		if id.Name == name && !targets[id] {
			found = true
		}
	})
	return found
}

func (u *punit) defines(name string) bool {
	for _, d := range u.defs {
		if d == name {
			return true
		}
	}
	return false
}

// dropOverwritten removes definitions that a later unit replaces before anything
// uses them, from the last unit back, so that a dropped unit's uses do not count.
func dropOverwritten(units []*punit) []*punit {
	dropped := make([]bool, len(units))
	for i := len(units) - 1; i >= 0; i-- {
		u := units[i]
		if len(u.defs) == 0 || u.isMethod() {
			continue
		}
		if a, ok := u.stmt.(*ast.AssignStmt); u.stmt != nil && (!ok || a.Tok != token.DEFINE) {
			if _, isDecl := u.stmt.(*ast.DeclStmt); !isDecl {
				continue
			}
		}
		all := true
		for _, name := range u.defs {
			over := false
			for j := i + 1; j < len(units); j++ {
				if dropped[j] {
					continue
				}
				if units[j].refs(name) {
					break // used before (or by) any redefinition
				}
				if units[j].defines(name) {
					over = true
					break
				}
			}
			if !over {
				all = false
				break
			}
		}
		dropped[i] = all
	}
	var out []*punit
	for i, u := range units {
		if !dropped[i] {
			out = append(out, u)
		}
	}
	return out
}

func (u *punit) isMethod() bool {
	d, ok := u.decl.(*ast.FuncDecl)
	return ok && d.Recv != nil
}

// place decides what goes into main: statements, var declarations, and the
// functions and constants that use main's names (transitively).
func place(units []*punit) {
	mainNames := map[string]bool{}
	for _, u := range units {
		if g, ok := u.decl.(*ast.GenDecl); ok && g.Tok == token.VAR {
			u.main = true
		}
		if u.main {
			for _, d := range u.defs {
				mainNames[d] = true
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, u := range units {
			if u.main || u.isMethod() {
				continue
			}
			if g, ok := u.decl.(*ast.GenDecl); ok && g.Tok == token.TYPE {
				continue
			}
			uses := false
			for n := range mainNames {
				if u.refs(n) {
					uses = true
					break
				}
			}
			if !uses {
				continue
			}
			u.main, changed = true, true
			_, u.closure = u.decl.(*ast.FuncDecl)
			for _, d := range u.defs {
				mainNames[d] = true
			}
		}
	}
}

// renameRedefinitions handles a name defined again: in main, a variable of the
// same type is assigned instead; otherwise the earlier definition and its uses up
// to the redefinition are renamed. Then it adds `_ = x` for variables main never
// reads.
func renameRedefinitions(units []*punit) {
	taken := map[string]bool{}
	for _, u := range units {
		idents(u.node(), func(id *ast.Ident) { taken[id.Name] = true })
	}
	fresh := func(name string) string {
		for k := 1; ; k++ {
			n := name + "_" + strconv.Itoa(k)
			if !taken[n] {
				taken[n] = true
				return n
			}
		}
	}
	type binding struct {
		unit int
		typ  reflect.Type
	}
	live := map[string]binding{} // name → its current definition
	for i, u := range units {
		assign, isDefine := u.stmt.(*ast.AssignStmt)
		isDefine = isDefine && assign.Tok == token.DEFINE
		redeclared := 0
		for _, name := range u.defs {
			prev, ok := live[name]
			if !ok {
				continue
			}
			t := u.types[name]
			if isDefine && units[prev.unit].main && prev.typ != nil && prev.typ == t {
				redeclared++ // same variable, same type: := (or =) assigns it
				continue
			}
			// Rename the earlier definition and its mentions up to here.
			to := fresh(name)
			for k := prev.unit; k < i; k++ {
				renameIn(units[k], name, to, k == prev.unit)
			}
		}
		if isDefine && redeclared > 0 && redeclared == len(u.defs) && len(u.defs) == countIdents(assign.Lhs) {
			assign.Tok = token.ASSIGN
		}
		for _, name := range u.defs {
			if b, ok := live[name]; ok && isDefine && b.typ != nil && b.typ == u.types[name] {
				continue // still the earlier variable
			}
			live[name] = binding{unit: i, typ: u.types[name]}
		}
	}
	// Go rejects a local variable that is never read.
	for i, u := range units {
		if !u.main {
			continue
		}
		for _, name := range u.mainVars() {
			read := false
			for _, v := range units[i+1:] {
				if v.main && v.reads(name) {
					read = true
					break
				}
				if v.main && v.definesAgain(name) {
					break
				}
			}
			if !read && !u.readsOwn(name) {
				u.blanks = append(u.blanks, name)
			}
		}
	}
}

// countIdents counts the non-blank identifiers on the left of :=.
func countIdents(lhs []ast.Expr) int {
	n := 0
	for _, l := range lhs {
		if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
			n++
		}
	}
	return n
}

// mainVars are the local variables the unit declares in main (after renaming).
func (u *punit) mainVars() []string {
	var out []string
	switch n := u.syntax().(type) {
	case *ast.AssignStmt:
		if n.Tok == token.DEFINE {
			for _, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
					out = append(out, id.Name)
				}
			}
		}
	case *ast.GenDecl:
		if n.Tok == token.VAR || n.Tok == token.CONST {
			for _, spec := range n.Specs {
				for _, id := range spec.(*ast.ValueSpec).Names {
					if id.Name != "_" && n.Tok == token.VAR {
						out = append(out, id.Name)
					}
				}
			}
		}
	case *ast.FuncDecl:
		if u.closure {
			out = append(out, n.Name.Name)
		}
	}
	return out
}

// readsOwn: a closure reads itself when recursive, which counts as a use.
func (u *punit) readsOwn(name string) bool {
	fd, ok := u.decl.(*ast.FuncDecl)
	if !ok || fd.Body == nil {
		return false
	}
	found := false
	u.free(func(id *ast.Ident) {
		if id.Name == name && id != fd.Name {
			found = true
		}
	})
	return found
}

// definesAgain: a later := of the name starts a new variable (after renaming,
// only a same-typed one, which continues the old one and so does not end it).
func (u *punit) definesAgain(name string) bool {
	for _, m := range u.mainVars() {
		if m == name {
			if a, ok := u.stmt.(*ast.AssignStmt); ok && a.Tok == token.DEFINE {
				return true
			}
		}
	}
	return false
}

// renameIn renames name to to in a unit: its mentions, and its definition when
// the unit is the defining one.
func renameIn(u *punit, name, to string, defining bool) {
	defs := u.defIdents()
	u.free(func(id *ast.Ident) {
		if id.Name == name && (defining || !defs[id]) {
			id.Name = to
		}
	})
	for i, d := range u.defs {
		if d == name && defining {
			u.defs[i] = to
			if t, ok := u.types[name]; ok {
				u.types = copyTypes(u.types)
				u.types[to] = t
			}
		}
	}
}

func copyTypes(m map[string]reflect.Type) map[string]reflect.Type {
	out := make(map[string]reflect.Type, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// render prints main's statements and the package-level declarations.
func render(units []*punit) (body, decls []string, err error) {
	for _, u := range units {
		var text string
		switch {
		case u.closure:
			fd := u.decl.(*ast.FuncDecl)
			sig := printNode(u.fset, fd.Type)
			lit := printNode(u.fset, &ast.FuncLit{Type: fd.Type, Body: fd.Body})
			text = fmt.Sprintf("var %s %s\n%s = %s", fd.Name.Name, sig, fd.Name.Name, lit)
		default:
			text = printNode(u.fset, u.node())
		}
		if text == "" {
			return nil, nil, fmt.Errorf("engine: program: cannot print a unit")
		}
		if u.main {
			body = append(body, text)
			for _, b := range u.blanks {
				body = append(body, "_ = "+b)
			}
		} else {
			decls = append(decls, text)
		}
	}
	return body, decls, nil
}

func printNode(fset *token.FileSet, n any) string {
	var b bytes.Buffer
	if err := (&printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}).Fprint(&b, fset, n); err != nil {
		return ""
	}
	return b.String()
}

// importBlock imports the packages the units use.
func importBlock(e *Engine, units []*punit, imports map[string]string) string {
	declared := map[string]bool{}
	for _, u := range units {
		for _, d := range u.defs {
			declared[d] = true
		}
	}
	used := map[string]bool{}
	for _, u := range units {
		free := map[*ast.Ident]bool{}
		u.free(func(id *ast.Ident) { free[id] = true })
		ast.Inspect(u.node(), func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok && free[id] && imports[id.Name] != "" && !declared[id.Name] {
					used[id.Name] = true
				}
			}
			return true
		})
	}
	var std, other []string
	for name := range used {
		path := imports[name]
		spec := strconv.Quote(path)
		if e.pkgName(path) != name {
			spec = name + " " + spec
		}
		if strings.Contains(strings.Split(path, "/")[0], ".") || strings.HasPrefix(path, "qmix/") {
			other = append(other, spec)
		} else {
			std = append(std, spec)
		}
	}
	if len(std)+len(other) == 0 {
		return ""
	}
	sort.Strings(std)
	sort.Strings(other)
	var b strings.Builder
	b.WriteString("import (\n")
	for _, s := range std {
		b.WriteString("\t" + s + "\n")
	}
	if len(std) > 0 && len(other) > 0 {
		b.WriteString("\n")
	}
	for _, s := range other {
		b.WriteString("\t" + s + "\n")
	}
	b.WriteString(")\n\n")
	return b.String()
}
