package engine

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"reflect"
	"strings"

	"github.com/traefik/yaegi/stdlib"

	"qmix/repl/symbols"
)

// What completion, documentation and the display of results need is the type of
// an expression without running it. The session knows the types of its variables
// (from the interpreter), the packages' symbols (from the tables) and the
// functions it declared (from their syntax); info follows selectors, calls and
// indexes from there. It is deliberately partial: an unknown type means "offer
// less", never an error.

// info describes what an expression is.
type info struct {
	pkg    string        // import path, when the expression names a package
	typ    reflect.Type  // its type; for a type name, the type itself (isType)
	isType bool          //
	user   *ast.FuncDecl // a function the session declared
	value  reflect.Value // the value, when it is a session variable (for columns)
}

// scope caches what one request looks up.
type scope struct {
	e       *Engine
	globals map[string]reflect.Value
	mainSym map[string]reflect.Value
}

func (e *Engine) scope() *scope {
	sc := &scope{e: e, globals: e.globals()}
	if m := e.yi.Symbols("main")["main"]; m != nil {
		sc.mainSym = m
	}
	return sc
}

// symbol looks up a package member in the tables: the standard library's, then
// ours.
func symbol(path, name string) (reflect.Value, bool) {
	key := path + "/" + path[strings.LastIndex(path, "/")+1:]
	for _, tables := range []map[string]map[string]reflect.Value{symbols.Symbols, stdlib.Symbols} {
		for k, m := range tables {
			if k != key && pathOf(k) != path {
				continue
			}
			if v, ok := m[name]; ok {
				return v, true
			}
		}
	}
	return reflect.Value{}, false
}

// members returns a package's exported symbols.
func members(path string) map[string]reflect.Value {
	for _, tables := range []map[string]map[string]reflect.Value{symbols.Symbols, stdlib.Symbols} {
		for k, m := range tables {
			if pathOf(k) == path {
				return m
			}
		}
	}
	return nil
}

// isTypeSymbol tells a table's type entries ((*T)(nil)) from values: variables
// are addressable, functions and constants are not pointers.
func isTypeSymbol(v reflect.Value) bool {
	return v.IsValid() && v.Kind() == reflect.Pointer && !v.CanAddr() && v.IsNil()
}

// symbolInfo describes a package member.
func symbolInfo(v reflect.Value) info {
	if isTypeSymbol(v) {
		return info{typ: v.Type().Elem(), isType: true}
	}
	if c, ok := v.Interface().(constant.Value); ok {
		switch c.Kind() {
		case constant.String:
			return info{typ: reflect.TypeOf("")}
		case constant.Float:
			return info{typ: reflect.TypeOf(0.0)}
		default:
			return info{typ: reflect.TypeOf(0)}
		}
	}
	return info{typ: v.Type()}
}

var basicTypes = map[string]reflect.Type{
	"bool": reflect.TypeOf(false), "string": reflect.TypeOf(""), "int": reflect.TypeOf(0),
	"int8": reflect.TypeOf(int8(0)), "int16": reflect.TypeOf(int16(0)), "int32": reflect.TypeOf(int32(0)),
	"rune": reflect.TypeOf(rune(0)), "int64": reflect.TypeOf(int64(0)), "uint": reflect.TypeOf(uint(0)),
	"uint8": reflect.TypeOf(uint8(0)), "byte": reflect.TypeOf(byte(0)), "uint16": reflect.TypeOf(uint16(0)),
	"uint32": reflect.TypeOf(uint32(0)), "uint64": reflect.TypeOf(uint64(0)), "float32": reflect.TypeOf(float32(0)),
	"float64": reflect.TypeOf(0.0), "error": reflect.TypeOf((*error)(nil)).Elem(), "any": reflect.TypeOf((*any)(nil)).Elem(),
}

// info resolves an expression.
func (sc *scope) info(x ast.Expr) (info, bool) {
	switch x := x.(type) {
	case *ast.ParenExpr:
		return sc.info(x.X)
	case *ast.Ident:
		if v, ok := sc.globals[x.Name]; ok && v.IsValid() {
			if v.CanInterface() {
				if _, isConst := v.Interface().(constant.Value); isConst {
					return symbolInfo(v), true
				}
			}
			return info{typ: v.Type(), value: v}, true
		}
		if d := sc.e.sess.funcs[x.Name]; d != nil {
			return info{user: d}, true
		}
		if v, ok := sc.mainSym[x.Name]; ok && sc.e.sess.types[x.Name] && v.Kind() == reflect.Pointer {
			return info{typ: v.Type().Elem(), isType: true}, true
		}
		if p := sc.e.sess.imports[x.Name]; p != "" {
			return info{pkg: p}, true
		}
		if t, ok := basicTypes[x.Name]; ok {
			return info{typ: t, isType: true}, true
		}
	case *ast.SelectorExpr:
		base, ok := sc.info(x.X)
		if !ok {
			return info{}, false
		}
		if base.pkg != "" {
			v, ok := symbol(base.pkg, x.Sel.Name)
			if !ok {
				return info{}, false
			}
			return symbolInfo(v), true
		}
		if base.typ == nil || base.isType {
			return info{}, false
		}
		if m, ok := method(base.typ, x.Sel.Name); ok {
			return info{typ: m}, true
		}
		if f, ok := field(base.typ, x.Sel.Name); ok {
			return info{typ: f}, true
		}
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && predeclared[id.Name] && sc.globals[id.Name].IsValid() == false && sc.e.sess.funcs[id.Name] == nil {
			return sc.builtin(id.Name, x)
		}
		fn, ok := sc.info(x.Fun)
		if !ok {
			return info{}, false
		}
		if fn.isType {
			return info{typ: fn.typ}, true
		}
		if fn.typ != nil && fn.typ.Kind() == reflect.Func && fn.typ.NumOut() > 0 {
			return info{typ: fn.typ.Out(0)}, true
		}
	case *ast.IndexExpr:
		base, ok := sc.info(x.X)
		if !ok || base.typ == nil {
			return info{}, false
		}
		t := base.typ
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Slice, reflect.Array, reflect.Map:
			return info{typ: t.Elem()}, true
		case reflect.String:
			return info{typ: reflect.TypeOf(byte(0))}, true
		}
	case *ast.StarExpr:
		base, ok := sc.info(x.X)
		if ok && base.typ != nil && base.typ.Kind() == reflect.Pointer {
			return info{typ: base.typ.Elem()}, true
		}
	case *ast.UnaryExpr:
		base, ok := sc.info(x.X)
		if ok && base.typ != nil && x.Op == token.AND {
			return info{typ: reflect.PointerTo(base.typ)}, true
		}
	case *ast.CompositeLit:
		t, ok := sc.info(x.Type)
		if ok && t.isType {
			return info{typ: t.typ}, true
		}
	case *ast.BasicLit:
		switch x.Kind {
		case token.INT:
			return info{typ: reflect.TypeOf(0)}, true
		case token.FLOAT:
			return info{typ: reflect.TypeOf(0.0)}, true
		case token.STRING:
			return info{typ: reflect.TypeOf("")}, true
		case token.CHAR:
			return info{typ: reflect.TypeOf(rune(0))}, true
		}
	}
	return info{}, false
}

func (sc *scope) builtin(name string, call *ast.CallExpr) (info, bool) {
	switch name {
	case "len", "cap", "copy":
		return info{typ: reflect.TypeOf(0)}, true
	case "append", "min", "max":
		if len(call.Args) > 0 {
			return sc.info(call.Args[0])
		}
	case "make":
		if len(call.Args) > 0 {
			if t, ok := sc.info(call.Args[0]); ok && t.isType {
				return info{typ: t.typ}, true
			}
		}
	}
	return info{}, false
}

// method finds a method of t or *t, returning its type without the receiver.
func method(t reflect.Type, name string) (reflect.Type, bool) {
	for _, tt := range []reflect.Type{t, reflect.PointerTo(t)} {
		if t.Kind() == reflect.Pointer && tt != t {
			break
		}
		m, ok := tt.MethodByName(name)
		if !ok {
			continue
		}
		if tt.Kind() == reflect.Interface {
			return m.Type, true
		}
		return withoutReceiver(m.Type), true
	}
	return nil, false
}

func withoutReceiver(ft reflect.Type) reflect.Type {
	in := make([]reflect.Type, 0, ft.NumIn()-1)
	for i := 1; i < ft.NumIn(); i++ {
		in = append(in, ft.In(i))
	}
	out := make([]reflect.Type, ft.NumOut())
	for i := range out {
		out[i] = ft.Out(i)
	}
	return reflect.FuncOf(in, out, ft.IsVariadic())
}

func field(t reflect.Type, name string) (reflect.Type, bool) {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil, false
	}
	f, ok := t.FieldByName(name)
	if !ok || !f.IsExported() {
		return nil, false
	}
	return f.Type, true
}

// displayPlan says how to show an input's final unit.
type displayPlan struct {
	show    bool
	results int // values the final expression yields
}

// plan decides whether the final unit's value is shown: an expression is; a call
// shows its results (all of them, when it has several); printing calls and calls
// without results show nothing.
func (e *Engine) plan(u *unit) displayPlan {
	es, ok := u.stmt.(*ast.ExprStmt)
	if !ok {
		return displayPlan{}
	}
	call, ok := ast.Unparen(es.X).(*ast.CallExpr)
	if !ok {
		if id, ok := ast.Unparen(es.X).(*ast.Ident); ok && id.Name == "nil" && !e.sess.names["nil"] {
			// nil has no value to show (yaegi would yield the one before).
			return displayPlan{}
		}
		return displayPlan{show: true, results: 1}
	}
	if e.isPrint(call) {
		return displayPlan{}
	}
	n, known := e.scope().results(call)
	if !known {
		return displayPlan{show: true, results: 1}
	}
	if n == 0 {
		return displayPlan{}
	}
	return displayPlan{show: true, results: n}
}

// isPrint recognises fmt's and log's printing functions and print/println, whose
// byte counts nobody wants to see.
func (e *Engine) isPrint(call *ast.CallExpr) bool {
	switch f := call.Fun.(type) {
	case *ast.Ident:
		return f.Name == "print" || f.Name == "println"
	case *ast.SelectorExpr:
		id, ok := f.X.(*ast.Ident)
		if !ok {
			return false
		}
		switch e.sess.imports[id.Name] {
		case "fmt":
			return strings.HasPrefix(f.Sel.Name, "Print") || strings.HasPrefix(f.Sel.Name, "Fprint")
		case "log":
			return true
		}
	}
	return false
}

// results counts what a call returns, when it can be known without running it.
func (sc *scope) results(call *ast.CallExpr) (int, bool) {
	if id, ok := call.Fun.(*ast.Ident); ok && predeclared[id.Name] && sc.e.sess.funcs[id.Name] == nil {
		switch id.Name {
		case "delete", "close", "panic", "print", "println", "clear":
			return 0, true
		}
		return 1, true
	}
	fn, ok := sc.info(call.Fun)
	if !ok {
		return sc.methodResults(call)
	}
	switch {
	case fn.user != nil:
		return countResults(fn.user), true
	case fn.isType:
		return 1, true
	case fn.typ != nil && fn.typ.Kind() == reflect.Func:
		return fn.typ.NumOut(), true
	}
	return 0, false
}

// methodResults counts the results of a call of a method the session declared
// (c.add(2) on a session type): known when every method of that name the
// session declared has the same count.
func (sc *scope) methodResults(call *ast.CallExpr) (int, bool) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return 0, false
	}
	if base, ok := sc.info(sel.X); ok && (base.pkg != "" || base.isType) {
		return 0, false
	}
	decls := sc.e.sess.methods[sel.Sel.Name]
	if len(decls) == 0 {
		return 0, false
	}
	n := countResults(decls[0])
	for _, d := range decls[1:] {
		if countResults(d) != n {
			return 0, false
		}
	}
	return n, true
}

// countResults is how many results a declared function returns.
func countResults(d *ast.FuncDecl) int {
	n := 0
	if r := d.Type.Results; r != nil {
		for _, f := range r.List {
			n += max(1, len(f.Names))
		}
	}
	return n
}

// rewriteTuple makes the group's final call yield all its results, as a []any:
// yaegi shows only the first value of a call with several. A /*line*/ directive
// keeps positions in the call those of the input.
func (e *Engine) rewriteTuple(fset *token.FileSet, name, src string, g *group, n int) error {
	u := g.units[len(g.units)-1]
	vars := make([]string, n)
	for i := range vars {
		vars[i] = fmt.Sprintf("_qmix%d", i)
	}
	list := strings.Join(vars, ", ")
	line, col := lineCol(src, u.start)
	text := src[g.start:u.start] + "func() []any { " + list + " := /*line " + fmt.Sprintf("%s:%d:%d", posFile(name), line, col) +
		"*/" + u.text + "\nreturn []any{" + list + "} }()"
	saved := make([]ast.Stmt, len(g.units))
	for i, u := range g.units {
		saved[i] = u.stmt
	}
	if err := parseGroup(fset, name, src, g, text); err != nil {
		return err
	}
	for i, u := range g.units {
		u.stmt = saved[i] // the session records the statements as typed
	}
	return nil
}
