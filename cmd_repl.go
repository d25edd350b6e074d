package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"qmix/repl/engine"
	"qmix/repl/prompt"
)

// runPrompt is `qmix` (and `qmix prompt`): the interactive Go prompt, or, when
// standard input is not a terminal, its inputs run as a script.
func runPrompt(args []string) error {
	fs := newFlags("prompt", "qmix [prompt] [--history FILE]", `
Opens the interactive Go prompt: Go statements and expressions with qmix's library
(lib), Gota (dataframe, series) and gonum (stat, floats) imported. Frames print
as tables, charts are saved as PNG files; :help lists the commands (:doc, :vars,
:save FILE turns the session into a program for 'qmix run' and 'go run').

When standard input is not a terminal ('echo "lib.Sources()" | qmix'), the input
runs as a script without the line editor and stops at the first error.`, os.Stderr)
	history := fs.String("history", "", `history file ("-" for none; default: qmix/history in the user's config directory)`)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	err := prompt.Run(prompt.Options{HistoryFile: *history})
	if errors.Is(err, prompt.ErrFailed) {
		os.Exit(1) // the failing input's error is printed already
	}
	return err
}

// runScript is `qmix run FILE.go [ARGS...]`: a Go program (package main) run by
// the interpreter, with os.Args = FILE ARGS..., as `go run FILE.go ARGS...` runs
// it compiled.
func runScript(args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		fs := newFlags("run", "qmix run FILE.go [ARGS...]", `
Runs a Go program (package main, e.g. a script in scripts/ or a session saved
with :save) through qmix's interpreter, without compiling: the standard library
(Go 1.22's), lib, Gota and gonum are built in. The program sees os.Args as
FILE.go ARGS..., like 'go run FILE.go ARGS...', and its output is the same.
Heavy work belongs in lib (compiled); loops written in the script run
interpreted, ~100 times slower than compiled Go.`, os.Stderr)
		fs.Usage()
		if len(args) == 0 {
			return errUsage
		}
		return flag.ErrHelp
	}
	file := args[0]
	// The script's flag.Parse reads os.Args: make it the script's, as go run does.
	os.Args = append([]string{file}, args[1:]...)
	eng, err := engine.New(engine.Options{Args: os.Args, NoImports: true})
	if err != nil {
		return err
	}
	err = eng.RunFile(context.Background(), file)
	var ee *engine.Error
	if errors.As(err, &ee) {
		switch ee.Kind {
		case engine.Exit:
			os.Exit(ee.Code)
		case engine.Panic:
			// As a compiled program: the panic, its frames, exit status 2.
			fmt.Fprintln(os.Stderr, ee.Msg)
			for _, t := range ee.Trace {
				fmt.Fprintln(os.Stderr, "    at "+t)
			}
			os.Exit(2)
		}
		if ee.Line > 0 {
			return fmt.Errorf("%s:%d:%d: %s", file, ee.Line, ee.Col, ee.Msg)
		}
	}
	return err
}
