package engine

import (
	"go/ast"
	"go/token"
	"reflect"
	"strconv"
)

// record is one input and what became of it.
type record struct {
	n     int
	name  string
	src   string
	ok    bool
	err   *Error
	units []*saved // the units that ran successfully
}

// saved is a unit that ran, as Program and completion need it.
type saved struct {
	kind  unitKind
	input int
	text  string
	// defs are the names the unit declares at the top level: x in x := …,
	// var/const/type/func names (not methods).
	defs []string
	// types are the types of the variables in defs after the unit ran.
	types map[string]reflect.Type
	// imports are an import unit's packages, name → path.
	imports map[string]string
	// method is true for a method declaration.
	method bool
	// shown is how many values of the unit the frontend was given to show: the
	// results of an input's final expression (Result.Values), 0 for every other
	// unit. Program passes a shown expression to lib.Display.
	shown int
}

// session is what succeeded so far.
type session struct {
	inputs   []*record
	imports  map[string]string // package name → import path
	implicit map[string]bool   // import paths of the default imports
	funcs    map[string]*ast.FuncDecl
	// methods are the methods declared, by name: the interpreter's types of
	// session-declared types carry no methods, so these count a call's results.
	methods map[string][]*ast.FuncDecl
	types   map[string]bool // type names declared
	names   map[string]bool // every name declared at the top level
}

func newSession() *session {
	return &session{imports: map[string]string{}, implicit: map[string]bool{},
		funcs: map[string]*ast.FuncDecl{}, methods: map[string][]*ast.FuncDecl{}, types: map[string]bool{}, names: map[string]bool{}}
}

// commit records a group that ran.
func (s *session) commit(e *Engine, in *record, g *group) {
	var globals map[string]reflect.Value
	for _, u := range g.units {
		sv := &saved{kind: u.kind, input: in.n, text: u.text}
		switch {
		case u.decl != nil:
			s.declare(e, sv, u.decl)
		case u.stmt != nil:
			sv.defs = stmtDefs(u.stmt)
		}
		for _, d := range sv.defs {
			s.names[d] = true
			if globals == nil {
				globals = e.globals()
			}
			if v, ok := globals[d]; ok && v.IsValid() {
				if sv.types == nil {
					sv.types = map[string]reflect.Type{}
				}
				sv.types[d] = v.Type()
			}
		}
		in.units = append(in.units, sv)
	}
}

func (s *session) declare(e *Engine, sv *saved, d ast.Decl) {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv != nil {
			sv.method = true
			s.methods[d.Name.Name] = append(s.methods[d.Name.Name], d)
			return
		}
		sv.defs = []string{d.Name.Name}
		s.funcs[d.Name.Name] = d
	case *ast.GenDecl:
		for _, spec := range d.Specs {
			switch sp := spec.(type) {
			case *ast.ImportSpec:
				path, _ := strconv.Unquote(sp.Path.Value)
				name := e.pkgName(path)
				if sp.Name != nil {
					name = sp.Name.Name
				}
				if sv.imports == nil {
					sv.imports = map[string]string{}
				}
				sv.imports[name] = path
				s.imports[name] = path
			case *ast.TypeSpec:
				sv.defs = append(sv.defs, sp.Name.Name)
				s.types[sp.Name.Name] = true
			case *ast.ValueSpec:
				for _, n := range sp.Names {
					if n.Name != "_" {
						sv.defs = append(sv.defs, n.Name)
					}
				}
			}
		}
	}
}

// stmtDefs lists the names a top-level statement declares: yaegi makes the
// variables of x, y := … global.
func stmtDefs(s ast.Stmt) []string {
	var out []string
	switch s := s.(type) {
	case *ast.AssignStmt:
		if s.Tok != token.DEFINE {
			return nil
		}
		for _, l := range s.Lhs {
			if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
				out = append(out, id.Name)
			}
		}
	case *ast.DeclStmt:
		if gd, ok := s.Decl.(*ast.GenDecl); ok {
			for _, spec := range gd.Specs {
				if vs, ok := spec.(*ast.ValueSpec); ok {
					for _, n := range vs.Names {
						if n.Name != "_" {
							out = append(out, n.Name)
						}
					}
				}
			}
		}
	}
	return out
}

// History returns the inputs that ran successfully, in order.
func (e *Engine) History() []string {
	var out []string
	for _, in := range e.sess.inputs {
		if in.ok && len(in.units) > 0 {
			out = append(out, in.src)
		}
	}
	return out
}

// undefined finds a name a group uses that nothing declares.
func (e *Engine) undefined(g *group) (*ast.Ident, bool) {
	if g.file == nil {
		return nil, false
	}
	globals := e.globals()
	for _, id := range g.file.Unresolved {
		n := id.Name
		if predeclared[n] || e.sess.names[n] || e.sess.imports[n] != "" || e.sess.types[n] {
			continue
		}
		if _, ok := globals[n]; ok {
			continue
		}
		return id, true
	}
	return nil, false
}

// predeclared are the universe's names.
var predeclared = map[string]bool{}

func init() {
	for _, n := range []string{"any", "bool", "byte", "comparable", "complex64", "complex128", "error",
		"float32", "float64", "int", "int8", "int16", "int32", "int64", "rune", "string", "uint", "uint8",
		"uint16", "uint32", "uint64", "uintptr", "true", "false", "iota", "nil", "append", "cap", "clear",
		"close", "complex", "copy", "delete", "imag", "len", "make", "max", "min", "new", "panic", "print",
		"println", "real", "recover"} {
		predeclared[n] = true
	}
}

// globals is the interpreter's Globals, or what is safe of it: after a failed
// compile yaegi's scope may name variables its frame has no room for yet, and
// Globals panics.
func (e *Engine) globals() (out map[string]reflect.Value) {
	defer func() {
		if recover() != nil {
			out = map[string]reflect.Value{}
		}
	}()
	return e.yi.Globals()
}
