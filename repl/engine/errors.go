package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/scanner"
	"regexp"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"

	"github.com/traefik/yaegi/interp"
)

// Kind classifies an Error.
type Kind int

const (
	SyntaxError  Kind = iota // the input does not parse; nothing ran
	CompileError             // a type or name error; the group did not run
	Panic                    // user code (or a library it called) panicked
	Interrupted              // the context was cancelled
	Exit                     // the script called os.Exit
)

func (k Kind) String() string {
	return [...]string{"SyntaxError", "CompileError", "Panic", "Interrupted", "Exit"}[k]
}

// Error is an error of an input, with its position.
type Error struct {
	Kind Kind
	// Input names the input ("in[3]") or file; Line and Col are 1-based positions
	// in it, 0 when unknown.
	Input     string
	Line, Col int
	Msg       string
	// Trace lists a panic's frames, innermost first: "in[3]:2:5 in main.f".
	Trace []string
	// Code is the status os.Exit was called with (Kind Exit).
	Code int
	// Err is the underlying error: the context's, interp.Panic, or the parser's.
	Err error
}

// Error is "line:col: message", the position omitted when unknown.
func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// ErrorName is the Kind's name (the kernel's ename).
func (e *Error) ErrorName() string { return e.Kind.String() }

// Traceback is the message followed by a panic's frames (the kernel's traceback).
func (e *Error) Traceback() []string {
	out := []string{e.Error()}
	for _, t := range e.Trace {
		out = append(out, "    at "+t)
	}
	return out
}

// position matches "name:line:col: message" (the name optional: yaegi strips its
// default file name).
var position = regexp.MustCompile(`^(?:(.+?):)?(\d+):(\d+): (.*)$`)

// locate fills in Line and Col from a "name:line:col: message" text when it is in
// the input called name, and returns the message.
func (e *Error) locate(name, text string) {
	m := position.FindStringSubmatch(text)
	if m == nil {
		e.Msg = text
		return
	}
	e.Msg = m[4]
	if m[1] == "" || inputName(m[1]) == name {
		e.Line, _ = strconv.Atoi(m[2])
		e.Col, _ = strconv.Atoi(m[3])
		return
	}
	e.Msg = strings.Replace(text, m[1], inputName(m[1]), 1) // a position in another input
}

func syntaxError(name string, err error) *Error {
	e := &Error{Kind: SyntaxError, Input: name, Err: err}
	var list scanner.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		p := list[0].Pos
		e.Msg = list[0].Msg
		if inputName(p.Filename) == name {
			e.Line, e.Col = p.Line, p.Column
		}
		return e
	}
	e.locate(name, err.Error())
	return e
}

func (e *Engine) compileError(name string, g *group, err error) *Error {
	ce := &Error{Kind: CompileError, Input: name, Err: err}
	ce.locate(name, err.Error())
	// yaegi reports an undefined name on the right of := as a "constant
	// definition loop"; say what is wrong.
	if strings.Contains(ce.Msg, "definition loop") {
		if id, ok := e.undefined(g); ok {
			ce.Msg = "undefined: " + id.Name
			p := g.fset.Position(id.Pos())
			ce.Line, ce.Col = p.Line, p.Column
		}
	}
	return ce
}

// runError classifies what Execute returned.
func (e *Engine) runError(name string, err error) *Error {
	trace := e.pc.end()
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return &Error{Kind: Interrupted, Input: name, Msg: "interrupted", Err: err}
	}
	var p interp.Panic
	if errors.As(err, &p) {
		msg := fmt.Sprint(p.Value)
		if code, ok := exitCode(msg); ok {
			return &Error{Kind: Exit, Input: name, Code: code, Msg: msg, Err: err}
		}
		re := &Error{Kind: Panic, Input: name, Msg: "panic: " + msg, Err: err}
		for i, t := range trace {
			m := position.FindStringSubmatch(t)
			if m == nil {
				continue
			}
			where := strings.TrimSuffix(strings.TrimPrefix(m[4], "panic: "), "(...)")
			file := inputName(m[1])
			if file == "" {
				file = name
			}
			re.Trace = append(re.Trace, fmt.Sprintf("%s:%s:%s in %s", file, m[2], m[3], where))
			if i == 0 && file == name {
				re.Line, _ = strconv.Atoi(m[2])
				re.Col, _ = strconv.Atoi(m[3])
			}
		}
		return re
	}
	re := &Error{Kind: CompileError, Input: name, Err: err}
	re.locate(name, err.Error())
	return re
}

var exitPanic = regexp.MustCompile(`^os\.Exit\((-?\d+)\)$`)

// exitCode recognises the panic restricted yaegi raises for os.Exit.
func exitCode(msg string) (int, bool) {
	m := exitPanic.FindStringSubmatch(msg)
	if m == nil {
		return 0, false
	}
	n, _ := strconv.Atoi(m[1])
	return n, true
}

// panicCatcher sits on the interpreter's stderr and keeps the "pos: panic:
// main.f(...)" lines yaegi prints for each frame a panic unwinds, for the error's
// trace; everything else passes through.
type panicCatcher struct {
	next  *switchWriter
	mu    sync.Mutex
	lines []string
}

var panicLine = regexp.MustCompile(`^(?:.+?:)?\d+:\d+: panic: .*\(\.\.\.\)\n?$`)

func (c *panicCatcher) Write(p []byte) (int, error) {
	if panicLine.Match(p) {
		c.mu.Lock()
		c.lines = append(c.lines, strings.TrimSpace(string(p)))
		c.mu.Unlock()
		return len(p), nil
	}
	return c.next.Write(p)
}

func (c *panicCatcher) begin() {
	c.mu.Lock()
	c.lines = nil
	c.mu.Unlock()
}

func (c *panicCatcher) end() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.lines
	c.lines = nil
	return out
}

// evalLabel is the pprof label on the goroutines of an execution, so that an
// interrupted one can be found still running.
const evalLabel = "qmix_eval"

func runLabelled(label string, f func()) {
	pprof.Do(context.Background(), pprof.Labels(evalLabel, label), func(context.Context) { f() })
}

// stillRunning reports whether the goroutine yaegi started for the execution
// labelled label is alive (the goroutine profile shows labels and stacks).
func stillRunning(label string) bool {
	var b bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&b, 1); err != nil {
		return false
	}
	want := fmt.Sprintf("%q:%q", evalLabel, label)
	for _, rec := range strings.Split(b.String(), "\n\n") {
		if strings.Contains(rec, want) && strings.Contains(rec, "ExecuteWithContext") {
			return true
		}
	}
	return false
}
