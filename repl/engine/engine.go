// Package engine is the Go interpreter behind qmix's prompt, `qmix run` and the
// Jupyter kernel: yaegi with the standard library (Go 1.22's symbols), the qmix/lib
// facade, Gota's dataframe and series, gonum's stat and floats and the charts
// preloaded from the generated tables in repl/symbols.
//
// An Engine keeps state between inputs like a notebook: each Eval runs one input
// (declarations and statements, mixed), returns the value of its final expression
// and records what succeeded, so that Program can turn the session into a
// `package main` file. Errors carry line:column positions in the input; a panic in
// user code becomes an error; cancelling Eval's context stops interpreted code and,
// through lib.SetContext, the library's long loops (yaegi cannot stop compiled
// code). Completion, documentation and the variable list are static: they never
// run code, so they are safe while nothing runs and cheap enough for every key.
//
// An Engine runs one Eval at a time; its other methods may be called between
// Evals, not during one.
package engine

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"qmix/lib"
	"qmix/repl/symbols"
)

// Options configure an Engine. The zero value uses the process's standard streams,
// arguments and environment.
type Options struct {
	// Stdout and Stderr receive what interpreted code prints with fmt, log and
	// println; nil means os.Stdout and os.Stderr. Compiled library code writes to
	// the process's file descriptors directly (capture those to see it).
	Stdout, Stderr io.Writer
	// Stdin is what fmt.Scan reads; nil means os.Stdin.
	Stdin io.Reader
	// Args is os.Args for scripts; nil means []string{"qmix"}.
	Args []string
	// Env is the environment scripts see (os.Getenv); nil means os.Environ().
	// Scripts run restricted: os.Setenv changes only this copy, and os.Exit
	// panics instead of ending the process (Eval reports it as an ExitError).
	Env []string
	// Commands are the frontend's own commands (":help", "%time"), offered by
	// Complete when an input starts with their first character.
	Commands []Command
	// NoImports leaves out the default imports (DefaultImports); scripts then
	// import what they use.
	NoImports bool
}

// A Command is a frontend command offered by completion.
type Command struct {
	Name string // ":doc"
	Args string // "NAME"
	Help string // one line
}

// DefaultImports are imported into every session, so that an analyst types
// lib.Load(...) without an import line. Program imports those a session uses.
var DefaultImports = []string{
	"fmt", "os", "strings", "strconv", "math", "sort", "time", "errors",
	"qmix/lib", "qmix/lib/chart",
	"github.com/go-gota/gota/dataframe", "github.com/go-gota/gota/series",
	"gonum.org/v1/gonum/stat", "gonum.org/v1/gonum/floats",
}

// Engine is one interpreter session. Create it with New.
type Engine struct {
	opt  Options
	mu   sync.Mutex // one Eval at a time
	yi   *interp.Interpreter
	out  *switchWriter
	errw *switchWriter
	pc   *panicCatcher

	n       int             // inputs evaluated, for names in[1], in[2], …
	sess    *session        // what succeeded, for Program, History and completion
	running atomic.Value    // holds ctxBox: the context of the running Eval
	pending string          // label of an interrupted execution that may still run
	avail   map[string]bool // import paths the tables provide
}

type ctxBox struct{ ctx context.Context }

// New starts a session.
func New(opt Options) (*Engine, error) {
	if opt.Stdout == nil {
		opt.Stdout = os.Stdout
	}
	if opt.Stderr == nil {
		opt.Stderr = os.Stderr
	}
	if opt.Stdin == nil {
		opt.Stdin = os.Stdin
	}
	if opt.Args == nil {
		opt.Args = []string{"qmix"}
	}
	if opt.Env == nil {
		opt.Env = os.Environ()
	}
	e := &Engine{opt: opt, out: &switchWriter{w: opt.Stdout}, errw: &switchWriter{w: opt.Stderr}}
	e.running.Store(ctxBox{context.Background()})
	e.avail = map[string]bool{}
	for _, tables := range []map[string]map[string]reflect.Value{stdlib.Symbols, symbols.Symbols} {
		for k := range tables {
			if strings.Contains(k, "/") {
				e.avail[pathOf(k)] = true
			}
		}
	}
	if err := e.start(); err != nil {
		return nil, err
	}
	return e, nil
}

// pathOf turns a symbol table key "import/path/name" into the import path ("" for
// yaegi's "." entry of interface mappings).
func pathOf(key string) string { return key[:max(0, strings.LastIndex(key, "/"))] }

// start makes a fresh interpreter with the tables and the default imports.
func (e *Engine) start() error {
	e.pc = &panicCatcher{next: e.errw}
	e.yi = interp.New(interp.Options{
		Stdin: e.opt.Stdin, Stdout: e.out, Stderr: e.pc,
		Args: e.opt.Args, Env: e.opt.Env,
	})
	for _, x := range []interp.Exports{stdlib.Symbols, symbols.Symbols, e.overrides()} {
		if err := e.yi.Use(x); err != nil {
			return fmt.Errorf("engine: loading symbols: %w", err)
		}
	}
	e.sess = newSession()
	if e.opt.NoImports {
		return nil
	}
	var specs []string
	for _, p := range DefaultImports {
		if e.avail[p] {
			specs = append(specs, fmt.Sprintf("%q", p))
		}
	}
	src := "import (\n" + strings.Join(specs, "\n") + "\n)"
	if _, err := e.yi.Eval(src); err != nil {
		return fmt.Errorf("engine: default imports: %w", err)
	}
	for _, p := range DefaultImports {
		if e.avail[p] {
			e.sess.imports[e.pkgName(p)] = p
			e.sess.implicit[p] = true
		}
	}
	return nil
}

// overrides replaces standard library functions that would block Ctrl-C: a
// compiled time.Sleep cannot be stopped by the interpreter, this one returns when
// the running statement is cancelled.
func (e *Engine) overrides() interp.Exports {
	sleep := func(d time.Duration) {
		ctx := e.running.Load().(ctxBox).ctx
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
		}
	}
	return interp.Exports{"time/time": {"Sleep": reflect.ValueOf(sleep)}}
}

// Reset forgets everything: variables, functions, imports, history. It is also the
// cure for yaegi's memory, which grows with every Eval.
func (e *Engine) Reset() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.pending != "" && stillRunning(e.pending) {
		return errors.New("engine: an interrupted statement is still running compiled code; reset when it ends")
	}
	e.pending = ""
	e.n = 0
	return e.start()
}

// SetOutput redirects what interpreted code prints from now on (the kernel points
// it at the running cell's streams); nil leaves a stream as it is.
func (e *Engine) SetOutput(stdout, stderr io.Writer) {
	if stdout != nil {
		e.out.set(stdout)
	}
	if stderr != nil {
		e.errw.set(stderr)
	}
}

// Result is what an input produced.
type Result struct {
	// Values are the results of the input's final expression, to be shown: one for
	// an expression or a call with one result, several for a call with several
	// (lib.Convert's frame and error). Empty when the input ends with a statement
	// or a declaration, calls a function without results, or prints with fmt.
	Values []any
}

// Eval runs one input. Its declarations and statements are evaluated in order, in
// groups of one kind; a syntax error anywhere runs nothing, a later group's
// compile or run error leaves the earlier groups' effects. The error is an *Error
// (syntax, compile, panic, interrupted, exit) with the input's line:column.
//
// Cancelling ctx stops interpreted code at once and library loops within
// milliseconds; Eval then returns an *Error of kind Interrupted. A compiled call
// that does not honour the context keeps running in the background; the next Eval
// waits for it (Busy reports it).
func (e *Engine) Eval(ctx context.Context, src string) (Result, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.waitPending(ctx); err != nil {
		return Result{}, err
	}
	e.n++
	name := fmt.Sprintf("in[%d]", e.n)
	in := &record{n: e.n, name: name, src: src}
	e.sess.inputs = append(e.sess.inputs, in)
	if strings.TrimSpace(src) == "" {
		in.ok = true
		return Result{}, nil
	}
	gs := groups(split(src))
	if len(gs) == 0 { // comments only
		in.ok = true
		return Result{}, nil
	}
	// The value of a group is yaegi's last computed value, which after a loop is
	// not the final expression's: a final expression runs as a group of its own.
	if g := gs[len(gs)-1]; g.kind == stmtUnit && len(g.units) > 1 {
		if last := g.units[len(g.units)-1]; endsWithExpr(last.text) {
			g.units = g.units[:len(g.units)-1]
			gs = append(gs, &group{kind: stmtUnit, units: []*unit{last}, start: last.start})
		}
	}
	fset := e.yi.FileSet()
	for _, g := range gs {
		last := g.units[len(g.units)-1]
		if err := parseGroup(fset, name, src, g, src[g.start:last.end]); err != nil {
			in.err = syntaxError(name, err)
			return Result{}, in.err
		}
	}
	var res Result
	for gi, g := range gs {
		plan := displayPlan{}
		if gi == len(gs)-1 && g.kind == stmtUnit {
			plan = e.plan(g.units[len(g.units)-1])
			if plan.results > 1 {
				if err := e.rewriteTuple(fset, name, src, g, plan.results); err != nil {
					plan.results = 1 // keep the plain statement; only its first value shows
				}
			}
		}
		if g.kind == declUnit {
			e.dropKnownImports(g)
		}
		prog, err := e.compile(g.node)
		if err != nil {
			in.err = e.compileError(name, g, err)
			return Result{}, in.err
		}
		v, err := e.execute(ctx, prog)
		if err != nil {
			in.err = e.runError(name, err)
			return Result{}, in.err
		}
		e.sess.commit(e, in, g)
		if plan.show {
			res.Values = values(v, plan.results > 1)
			if len(res.Values) > 0 {
				in.units[len(in.units)-1].shown = len(res.Values)
			}
		}
	}
	in.ok = true
	return res, nil
}

// dropKnownImports removes imports the session already has from a group's file:
// yaegi rejects importing a package twice, and typing import "fmt" out of habit
// (or loading a file that imports it) must not fail.
func (e *Engine) dropKnownImports(g *group) {
	f := g.file
	var decls []ast.Decl
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			decls = append(decls, d)
			continue
		}
		var specs []ast.Spec
		for _, spec := range gd.Specs {
			is := spec.(*ast.ImportSpec)
			path, _ := strconv.Unquote(is.Path.Value)
			name := e.pkgName(path)
			if is.Name != nil {
				name = is.Name.Name
			}
			if e.sess.imports[name] != path {
				specs = append(specs, spec)
			}
		}
		if len(specs) > 0 {
			gd.Specs = specs
			decls = append(decls, gd)
		}
	}
	f.Decls = decls
	f.Imports = nil
	for _, d := range decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			for _, spec := range gd.Specs {
				f.Imports = append(f.Imports, spec.(*ast.ImportSpec))
			}
		}
	}
}

// endsWithExpr reports whether a statement unit is an expression statement.
func endsWithExpr(text string) bool {
	x, err := parser.ParseExpr(text)
	return err == nil && x != nil
}

// compile is CompileAST, with yaegi's own panics (it has some on unusual input)
// turned into errors.
func (e *Engine) compile(n ast.Node) (prog *interp.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return e.yi.CompileAST(n)
}

// values turns the interpreter's result into the values to show.
func values(v reflect.Value, tuple bool) []any {
	if !v.IsValid() || !v.CanInterface() {
		return nil
	}
	x := v.Interface()
	if tuple {
		if xs, ok := x.([]any); ok {
			return xs
		}
	}
	return []any{x}
}

// execute runs a compiled program under ctx, with lib's stop context set.
func (e *Engine) execute(ctx context.Context, prog *interp.Program) (v reflect.Value, err error) {
	e.running.Store(ctxBox{ctx})
	lib.SetContext(ctx)
	e.pc.begin()
	label := fmt.Sprintf("%p/%d", e, e.n)
	runLabelled(label, func() {
		v, err = e.yi.ExecuteWithContext(ctx, prog)
	})
	if err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		// yaegi returned at the cancel; its goroutine may still be inside a
		// compiled call.
		e.pending = label
	}
	return v, err
}

// Busy reports whether an interrupted statement is still running compiled code
// after a grace period of up to wait (interpreted code stops within
// microseconds, library loops within milliseconds); the next Eval waits for it.
func (e *Engine) Busy(wait time.Duration) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	deadline := time.Now().Add(wait)
	for e.pending != "" && stillRunning(e.pending) {
		if time.Now().After(deadline) {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	e.pending = ""
	return false
}

// waitPending waits until an interrupted execution has really ended: a new one
// would reset the interpreter's stop flag and let the old one go on.
func (e *Engine) waitPending(ctx context.Context) error {
	if e.pending == "" {
		return nil
	}
	for stillRunning(e.pending) {
		select {
		case <-ctx.Done():
			return &Error{Kind: Interrupted, Msg: "interrupted while waiting for the previous statement's compiled call to return", Err: ctx.Err()}
		case <-time.After(20 * time.Millisecond):
		}
	}
	e.pending = ""
	return nil
}

// RunFile runs a Go program file (package main) through the interpreter, as `go
// run FILE` would: its main function, with the engine's Args. Positions in errors
// are the file's.
func (e *Engine) RunFile(ctx context.Context, path string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if fi, err := os.Stat(path); err != nil {
		return err
	} else if fi.IsDir() {
		return fmt.Errorf("%s is a directory, not a Go file", path)
	}
	e.running.Store(ctxBox{ctx})
	lib.SetContext(ctx)
	e.pc.begin()
	_, err := e.yi.EvalPathWithContext(ctx, path)
	if err == nil {
		return nil
	}
	return e.runError(path, err)
}

// Imports returns the session's imports, package name → import path.
func (e *Engine) Imports() map[string]string {
	out := make(map[string]string, len(e.sess.imports))
	for k, v := range e.sess.imports {
		out[k] = v
	}
	return out
}

// Packages lists the import paths scripts may import, sorted.
func (e *Engine) Packages() []string {
	var out []string
	for p := range e.avail {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// pkgName is the name a package is imported under by default.
func (e *Engine) pkgName(path string) string {
	for _, tables := range []map[string]map[string]reflect.Value{stdlib.Symbols, symbols.Symbols} {
		for k := range tables {
			if pathOf(k) == path {
				return k[strings.LastIndex(k, "/")+1:]
			}
		}
	}
	return path[strings.LastIndex(path, "/")+1:]
}

// switchWriter forwards to a writer that SetOutput can change.
type switchWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *switchWriter) set(w io.Writer) {
	s.mu.Lock()
	s.w = w
	s.mu.Unlock()
}

func (s *switchWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	w := s.w
	s.mu.Unlock()
	return w.Write(p)
}
