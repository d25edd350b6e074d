package prompt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"qmix/lib"
	"qmix/repl/display"
	"qmix/repl/engine"
)

// Commands are the prompt's own commands; Complete offers them after ":".
var Commands = []engine.Command{
	{Name: ":help", Help: "show this help"},
	{Name: ":doc", Args: "NAME", Help: "documentation of a package, function, method or variable (:doc lib.Load, :doc df.Filter)"},
	{Name: ":vars", Help: "list the session's variables, functions and types"},
	{Name: ":reset", Help: "forget everything (variables, functions, imports, history)"},
	{Name: ":load", Args: "FILE", Help: "run a Go file in the session (a saved program runs its main)"},
	{Name: ":save", Args: "FILE", Help: "save the session's successful statements as a Go program"},
	{Name: ":history", Help: "list the inputs that ran successfully"},
	{Name: ":quit", Help: "leave (Ctrl-D does too)"},
}

// session runs inputs and commands against an engine and prints what they give.
type session struct {
	eng    *engine.Engine
	out    io.Writer
	errOut io.Writer
	width  func() int // text width for tables
	color  bool       // colour errors (a terminal)
	quit   bool
	// line is the script line the running input starts on (Script), so that
	// errors name lines of the script; 0 at the prompt.
	line int
}

func newSession(out, errOut io.Writer, args []string) (*session, error) {
	eng, err := engine.New(engine.Options{Stdout: out, Stderr: errOut, Args: args, Commands: Commands})
	if err != nil {
		return nil, err
	}
	s := &session{eng: eng, out: out, errOut: errOut, width: func() int { return 120 }}
	// lib.Display(v) in user code shows v as the prompt shows results.
	lib.SetDisplayFunc(func(v any) { s.show(v) })
	return s, nil
}

// run executes one input (a :command or Go) and reports whether it failed.
// Ctrl-C (SIGINT) cancels a running Go input; SIGTERM and SIGHUP end the process
// (the terminal is in its normal mode while an input runs).
func (s *session) run(input string) (failed bool) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(s.errOut, "qmix: internal error: %v\n", r)
			failed = true
		}
	}()
	trimmed := strings.TrimSpace(input)
	if trimmed == "" {
		return false
	}
	if strings.HasPrefix(trimmed, ":") {
		return s.command(trimmed)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sig)
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case v := <-sig:
			cancel()
			if v != os.Interrupt {
				os.Exit(1)
			}
		case <-done:
		}
	}()
	res, err := s.eng.Eval(ctx, input)
	if err != nil {
		s.printError(err)
		return true
	}
	for _, v := range res.Values {
		s.show(v)
	}
	return false
}

// show prints a value: a frame as a table, a chart saved to a PNG file.
func (s *session) show(v any) {
	if display.IsNil(v) {
		return
	}
	if c, ok := v.(display.Charter); ok {
		path, err := saveChart(c)
		if err != nil {
			s.printError(err)
			return
		}
		fmt.Fprintf(s.out, "chart saved to %s\n", path)
		return
	}
	if err := display.Text(s.out, v, display.Options{Width: s.width()}); err != nil {
		fmt.Fprintln(s.errOut, err)
	}
}

// saveChart writes a chart's PNG into qmix-charts in the temporary directory.
func saveChart(c display.Charter) (string, error) {
	b, err := c.PNG()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(os.TempDir(), "qmix-charts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(dir, "chart-*.png")
	if err != nil {
		return "", err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return "", err
	}
	return f.Name(), f.Close()
}

// printError prints an error with its position, and a panic's frames.
func (s *session) printError(err error) {
	var ee *engine.Error
	if !errors.As(err, &ee) {
		s.errorLine("error: " + err.Error())
		return
	}
	s.scriptPos(ee)
	switch ee.Kind {
	case engine.Interrupted:
		s.errorLine("interrupted")
		if s.eng.Busy(300 * time.Millisecond) {
			s.errorLine("(a compiled call is still finishing; the next input waits for it)")
		}
	case engine.Exit:
		s.errorLine(fmt.Sprintf("%s called; the session goes on", ee.Msg))
	case engine.Panic:
		s.errorLine(ee.Error())
		for _, t := range ee.Trace {
			s.errorLine("    at " + t)
		}
	default:
		s.errorLine("error: " + ee.Error())
	}
}

// scriptPos makes an input's error position one of the script.
func (s *session) scriptPos(ee *engine.Error) {
	if s.line > 1 && ee.Line > 0 {
		ee.Line += s.line - 1
	}
}

func (s *session) errorLine(line string) {
	if s.color {
		line = "\x1b[31m" + line + "\x1b[0m"
	}
	fmt.Fprintln(s.errOut, line)
}

// command runs a :command.
func (s *session) command(line string) (failed bool) {
	name, arg, _ := strings.Cut(line, " ")
	arg = strings.TrimSpace(arg)
	fail := func(format string, a ...any) bool {
		s.errorLine(fmt.Sprintf(format, a...))
		return true
	}
	switch name {
	case ":help", ":h", ":?":
		s.help()
	case ":doc":
		if arg == "" {
			return fail("usage: :doc NAME (a package, lib.Load, dataframe.DataFrame.Filter, df.Filter)")
		}
		d, ok := s.eng.Doc(arg)
		if !ok {
			return fail("no documentation for %s", arg)
		}
		fmt.Fprintln(s.out, strings.TrimRight(d, "\n"))
	case ":vars":
		vars := s.eng.Vars()
		if len(vars) == 0 {
			fmt.Fprintln(s.out, "(no variables yet)")
		}
		for _, v := range vars {
			switch v.Kind {
			case "func":
				fmt.Fprintf(s.out, "func %s%s\n", v.Name, v.Type)
			case "type":
				fmt.Fprintf(s.out, "type %s\n", v.Name)
			default:
				fmt.Fprintf(s.out, "%s %s %s = %s\n", v.Kind, v.Name, v.Type, display.Summary(v.Value))
			}
		}
	case ":reset":
		if err := s.eng.Reset(); err != nil {
			return fail("%v", err)
		}
		fmt.Fprintln(s.out, "session reset")
	case ":load":
		if arg == "" {
			return fail("usage: :load FILE")
		}
		return s.load(arg)
	case ":save":
		if arg == "" {
			return fail("usage: :save FILE")
		}
		prog, err := s.eng.Program()
		if err != nil {
			return fail("%v", err)
		}
		if err := writeFile(arg, prog); err != nil {
			return fail("%v", err)
		}
		fmt.Fprintf(s.out, "saved %d lines to %s (run it with: qmix run %s)\n", strings.Count(prog, "\n"), arg, arg)
	case ":history":
		for i, h := range s.eng.History() {
			fmt.Fprintf(s.out, "%3d  %s\n", i+1, strings.ReplaceAll(h, "\n", "\n     "))
		}
	case ":quit", ":q", ":exit":
		s.quit = true
	default:
		return fail("unknown command %s (:help lists them)", name)
	}
	return false
}

// load runs a Go file in the session. A program (package main with func main)
// has its declarations evaluated and then its main called.
func (s *session) load(path string) bool {
	b, err := os.ReadFile(path)
	if err != nil {
		s.errorLine(err.Error())
		return true
	}
	src, hasMain := stripPackage(string(b))
	if s.run(src) {
		return true
	}
	if hasMain {
		return s.run("main()")
	}
	return false
}

// writeFile writes atomically: a failed save never leaves half a program.
func writeFile(path, content string) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".qmix-save-*")
	if err != nil {
		return err
	}
	if _, err := f.WriteString(content); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

func (s *session) help() {
	fmt.Fprint(s.out, `Type Go: statements, declarations and expressions; an expression's value is
shown (a frame as a table, a chart saved as a PNG). Enter runs the input when it
is complete and adds a line when it is not; Tab completes; Ctrl-C cancels a
running statement (or clears the line); Ctrl-D leaves.

Commands:
`)
	for _, c := range Commands {
		fmt.Fprintf(s.out, "  %-16s %s\n", strings.TrimSpace(c.Name+" "+c.Args), c.Help)
	}
	fmt.Fprintf(s.out, `
Imported already: %s.
Other packages of the standard library (Go 1.22's) can be imported.
Try: lib.Sources()   df, err := lib.Load("out/questions_final_60k.jsonl")   :doc lib
`, strings.Join(s.importedNames(), ", "))
}

func (s *session) importedNames() []string {
	var out []string
	imp := s.eng.Imports()
	for _, p := range engine.DefaultImports {
		for name, path := range imp {
			if path == p {
				out = append(out, name)
			}
		}
	}
	return out
}
