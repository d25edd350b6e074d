package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
)

// step is one input of a session and what it must give.
type step struct {
	src    string
	values string // fmt.Sprint of the shown values, "" for none
	out    string // what it prints
	err    string // the error's text ("line:col: message"), "" for success
	kind   Kind
}

func newEngine(t *testing.T) (*Engine, *bytes.Buffer) {
	t.Helper()
	var out bytes.Buffer
	e, err := New(Options{Stdout: &out, Stderr: &out, Commands: []Command{{Name: ":help"}, {Name: ":doc"}}})
	if err != nil {
		t.Fatal(err)
	}
	return e, &out
}

func runSteps(t *testing.T, e *Engine, out *bytes.Buffer, steps []step) {
	t.Helper()
	for i, s := range steps {
		out.Reset()
		res, err := e.Eval(context.Background(), s.src)
		if s.err == "" && err != nil {
			t.Fatalf("step %d %q: %v", i, s.src, err)
		}
		if s.err != "" {
			var ee *Error
			if !errors.As(err, &ee) {
				t.Fatalf("step %d %q: error %v, want *Error %q", i, s.src, err, s.err)
			}
			if ee.Error() != s.err || ee.Kind != s.kind {
				t.Fatalf("step %d %q: error %q (%v), want %q (%v)", i, s.src, ee.Error(), ee.Kind, s.err, s.kind)
			}
			continue
		}
		got := ""
		if len(res.Values) > 0 {
			got = fmt.Sprint(res.Values...)
			if len(res.Values) > 1 {
				got = fmt.Sprint(res.Values)
			}
		}
		if got != s.values {
			t.Fatalf("step %d %q: values %q, want %q", i, s.src, got, s.values)
		}
		if out.String() != s.out {
			t.Fatalf("step %d %q: printed %q, want %q", i, s.src, out.String(), s.out)
		}
	}
}

func TestEval(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
	}{
		{"expressions and variables", []step{
			{src: "1 + 2", values: "3"},
			{src: "x := 40"},
			{src: "x + 2", values: "42"},
			{src: `x := "now a string"`},
			{src: "x", values: "now a string"},
		}},
		{"multi-line statement", []step{
			{src: "total := 0\nfor i := 0; i < 4; i++ {\n\ttotal += i\n}\ntotal", values: "6"},
		}},
		{"declarations and statements mixed", []step{
			{src: "import \"regexp\"\nfunc vowels(s string) string { return regexp.MustCompile(`[aeiou]+`).FindString(s) }\nv := vowels(\"qmix prompt\")\nv", values: "i"},
			{src: "var e error; e", values: "<nil>"},
			{src: "const k = 3\nvar kk = k * 2\nkk", values: "6"},
		}},
		{"calls", []step{
			{src: `fmt.Println("printed")`, out: "printed\n"},
			{src: "func pair() (int, error) { return 7, nil }\npair()", values: "[7 <nil>]"},
			{src: "func none() {}\nnone()"},
			{src: "strings.ToUpper(\"abc\")", values: "ABC"},
			{src: "lib.Sources().Nrow()", values: "20"},
		}},
		{"methods the session declared", []step{
			{src: "type counter struct{ n int }\nfunc (c *counter) add(k int) { c.n += k }\nfunc (c counter) get() (int, bool) { return c.n, true }"},
			{src: "var c counter\nc.add(2)"}, // no results: nothing to show
			{src: "p := &c\np.add(1)"},
			{src: "c.get()", values: "[3 true]"},
		}},
		{"nil shows nothing", []step{
			{src: "xs := []int{1}"},
			{src: "nil"}, // yaegi's value would be the one before
		}},
		{"library results with an error", []step{
			{src: `_, err := lib.Convert("nosuch", "x")` + "\nerr != nil", values: "true"},
		}},
		{"syntax error with position", []step{
			{src: "x := 1\ny := )", err: "2:6: expected operand, found ')'", kind: SyntaxError},
			{src: "x", err: "1:1: undefined: x", kind: CompileError},
		}},
		{"undefined name", []step{
			{src: "a := 1\nb := a +\n  nosuchName", err: "3:3: undefined: nosuchName", kind: CompileError},
		}},
		{"panic is an error, the session goes on", []step{
			// yaegi places a nil map write at the map's declaration.
			{src: "var m map[string]int\nm[\"a\"] = 1", err: "1:5: panic: assignment to entry in nil map", kind: Panic},
			{src: "func boom() { panic(\"boom\") }"},
			{src: "boom()", err: "panic: boom", kind: Panic},
			{src: "var xs []int\nxs[3]", err: "2:1: panic: reflect: slice index out of range", kind: Panic},
			{src: "1 + 1", values: "2"},
		}},
		{"os.Exit does not end the process", []step{
			{src: "os.Exit(3)", err: "os.Exit(3)", kind: Exit},
			{src: "\"still here\"", values: "still here"},
		}},
		{"empty input", []step{{src: "  \n"}, {src: "// a comment only"}, {src: "/* another */"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, out := newEngine(t)
			runSteps(t, e, out, tt.steps)
		})
	}
}

func TestExitCode(t *testing.T) {
	e, _ := newEngine(t)
	_, err := e.Eval(context.Background(), "os.Exit(3)")
	var ee *Error
	if !errors.As(err, &ee) || ee.Code != 3 {
		t.Fatalf("os.Exit(3) gave %v", err)
	}
}

func TestPanicTrace(t *testing.T) {
	e, _ := newEngine(t)
	if _, err := e.Eval(context.Background(), "func inner() {\n\tvar m map[int]int\n\tm[1] = 1\n}"); err != nil {
		t.Fatal(err)
	}
	_, err := e.Eval(context.Background(), "func outer() { inner() }\nouter()")
	var ee *Error
	if !errors.As(err, &ee) || ee.Kind != Panic {
		t.Fatalf("got %v", err)
	}
	// Frames in earlier inputs are named by their input (yaegi places a nil map
	// write at the map's declaration).
	want := []string{"in[1]:2:6 in main.inner", "in[2]:1:16 in main.outer", "in[2]:2:1 in main"}
	if fmt.Sprint(ee.Trace) != fmt.Sprint(want) {
		t.Fatalf("trace = %q, want %q", ee.Trace, want)
	}
	if tb := ee.Traceback(); len(tb) != 4 || tb[0] != ee.Error() {
		t.Fatalf("traceback = %q", tb)
	}
}

func TestResetAndHistory(t *testing.T) {
	e, out := newEngine(t)
	runSteps(t, e, out, []step{
		{src: "a := 1"},
		{src: "b := )", err: "1:6: expected operand, found ')'", kind: SyntaxError},
		{src: "a + 1", values: "2"},
	})
	if h := e.History(); fmt.Sprint(h) != "[a := 1 a + 1]" {
		t.Fatalf("History() = %q", h)
	}
	if err := e.Reset(); err != nil {
		t.Fatal(err)
	}
	runSteps(t, e, out, []step{{src: "a", err: "1:1: undefined: a", kind: CompileError}, {src: "lib.Sources().Ncol()", values: "8"}})
	if h := e.History(); len(h) != 1 {
		t.Fatalf("History() after Reset = %q", h)
	}
}

func TestSetOutput(t *testing.T) {
	e, first := newEngine(t)
	var second bytes.Buffer
	e.SetOutput(&second, nil)
	if _, err := e.Eval(context.Background(), `fmt.Println("to the second")`); err != nil {
		t.Fatal(err)
	}
	if first.Len() != 0 || second.String() != "to the second\n" {
		t.Fatalf("first %q, second %q", first.String(), second.String())
	}
}

func TestImportAgain(t *testing.T) {
	e, out := newEngine(t)
	runSteps(t, e, out, []step{
		{src: `import "fmt"`},
		{src: "import (\n\t\"fmt\"\n\t\"regexp\"\n)\nfunc f() string { return regexp.QuoteMeta(\"a.b\") }"},
		{src: `import "regexp"`},
		{src: "f()", values: `a\.b`},
		{src: `fmt.Sprint(1)`, values: "1"},
	})
}
