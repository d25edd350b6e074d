package kernel

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"qmix/repl/engine"
)

// LanguageVersion is the Go dialect scripts are written in: yaegi v0.16.1's
// standard library symbols are Go 1.22's.
const LanguageVersion = "1.22"

// InterpEngine serves the interpreter of package repl/engine to the kernel, with
// the notebook commands (:help, :reset, :doc, :vars).
type InterpEngine struct {
	e *engine.Engine
}

// commands are the kernel's own commands, typed alone in a cell.
var commands = []engine.Command{
	{Name: ":help", Help: "this list"},
	{Name: ":doc", Args: "NAME", Help: "documentation of a package, function, method or variable"},
	{Name: ":vars", Help: "the session's variables, functions and types"},
	{Name: ":reset", Help: "forget every variable, function and import (frees the interpreter's memory)"},
}

// NewInterpEngine starts an interpreter session for the kernel.
func NewInterpEngine() (*InterpEngine, error) {
	e, err := engine.New(engine.Options{Commands: commands})
	if err != nil {
		return nil, err
	}
	return &InterpEngine{e: e}, nil
}

// Values are the several results of a cell ending in a call with several
// (lib.Convert's frame and error).
type Values []any

// Execute runs a cell. Interpreted output goes to stdout and stderr (the kernel
// passes the captured file descriptors, so it interleaves correctly with what
// compiled code prints).
func (a *InterpEngine) Execute(ctx context.Context, code string, stdout, stderr io.Writer) (any, bool, error) {
	if cmd, arg, ok := command(code); ok {
		return a.command(cmd, arg, stdout)
	}
	a.e.SetOutput(stdout, stderr)
	res, err := a.e.Eval(ctx, code)
	if err != nil {
		return nil, false, err
	}
	switch len(res.Values) {
	case 0:
		return nil, false, nil
	case 1:
		return res.Values[0], true, nil
	}
	return Values(res.Values), true, nil
}

// command recognises a cell that is one :command line.
func command(code string) (cmd, arg string, ok bool) {
	t := strings.TrimSpace(code)
	if !strings.HasPrefix(t, ":") || strings.Contains(t, "\n") {
		return "", "", false
	}
	cmd, arg, _ = strings.Cut(t, " ")
	return cmd, strings.TrimSpace(arg), true
}

func (a *InterpEngine) command(cmd, arg string, out io.Writer) (any, bool, error) {
	switch cmd {
	case ":help":
		var b strings.Builder
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		for _, c := range commands {
			fmt.Fprintf(tw, "%s %s\t%s\n", c.Name, c.Args, c.Help)
		}
		tw.Flush()
		fmt.Fprint(out, b.String()+"Cells are Go: declarations and statements; a cell's last expression is shown.\n"+
			"Imported already: "+strings.Join(engine.DefaultImports, ", ")+".\n")
		return nil, false, nil
	case ":doc":
		if arg == "" {
			return nil, false, fmt.Errorf(":doc needs a name, as in :doc lib.Load")
		}
		d, ok := a.e.Doc(arg)
		if !ok {
			return nil, false, fmt.Errorf(":doc: nothing known as %s", arg)
		}
		fmt.Fprintln(out, d)
		return nil, false, nil
	case ":vars":
		tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		for _, v := range a.e.Vars() {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", v.Kind, v.Name, v.Type)
		}
		return nil, false, tw.Flush()
	case ":reset":
		if err := a.e.Reset(); err != nil {
			return nil, false, err
		}
		fmt.Fprintln(out, "session reset")
		return nil, false, nil
	}
	return nil, false, fmt.Errorf("unknown command %s (:help lists them)", cmd)
}

// IsComplete maps the engine's parse-based check to the protocol's words; the
// indent is one tab per open bracket, as gofmt indents.
func (a *InterpEngine) IsComplete(code string) (string, string) {
	st, indent := engine.Check(code)
	switch st {
	case engine.Complete:
		return "complete", ""
	case engine.Incomplete:
		return "incomplete", strings.Repeat("\t", indent)
	}
	return "invalid", ""
}

// Complete returns the texts of the engine's candidates.
func (a *InterpEngine) Complete(code string, cursor int) ([]string, int, int) {
	cands, start, end := a.e.Complete(code, cursor)
	matches := make([]string, 0, len(cands))
	for _, c := range cands {
		matches = append(matches, c.Text)
	}
	return matches, start, end
}

// Inspect documents the name at the cursor.
func (a *InterpEngine) Inspect(code string, cursor, detail int) (string, bool) {
	return a.e.DocAt(code, cursor)
}
