package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"qmix/lib"
	"qmix/repl/kernel"
)

// qmixVersion is the module version the binary was built from ("(devel)" in a
// checkout), shown in kernel_info and kernel.json.
func qmixVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// runKernel is `qmix kernel`: run the Jupyter kernel on a connection file, or
// install its kernelspec.
func runKernel(args []string) error {
	return cmdKernel(args, os.Stdout, os.Stderr)
}

func cmdKernel(args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "install" {
		return cmdKernelInstall(args[1:], stdout, stderr)
	}
	fs := newFlags("kernel", "qmix kernel CONNECTION_FILE | qmix kernel install [--user | --prefix DIR]", `
Runs qmix's Jupyter kernel: the same Go interpreter as 'qmix run' and the prompt,
with frames shown as tables and charts as images. Jupyter starts it with the
connection file it wrote; you normally do not run it by hand.

'qmix kernel install' writes the kernelspec ("qmix (Go)") so JupyterLab, VS Code
and 'jupyter nbconvert --execute' can start this binary.`, stderr)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errUsage
	}
	ci, err := kernel.ReadConnectionFile(pos[0])
	if err != nil {
		return err
	}
	eng, err := kernel.NewInterpEngine()
	if err != nil {
		return err
	}
	k, err := kernel.NewKernel(ci, kernel.Config{
		Engine:          eng,
		Render:          kernel.Render,
		CaptureFD:       true,
		HandleSignals:   true,
		WatchParent:     true,
		Version:         qmixVersion(),
		LanguageVersion: kernel.LanguageVersion,
		Banner:          "qmix " + qmixVersion() + " — Go (yaegi) with qmix/lib; frames render as tables, charts as images",
	})
	if err != nil {
		return err
	}
	prev := lib.SetDisplayFunc(k.Display)
	defer lib.SetDisplayFunc(prev)
	_, err = k.Serve(context.Background())
	return err
}

func cmdKernelInstall(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("kernel install", "qmix kernel install [--user | --prefix DIR]", `
Writes the Jupyter kernelspec "qmix" (kernel.json naming this binary by its
absolute path, interrupt_mode "message", two logos). Where: DIR/share/jupyter/
kernels with --prefix; else $JUPYTER_DATA_DIR/kernels when set; else the user's
Jupyter data directory with --user (~/.local/share/jupyter/kernels on Linux);
else the system directory /usr/local/share/jupyter/kernels.`, stderr)
	user := fs.Bool("user", false, "install for the current user")
	prefix := fs.String("prefix", "", "install under `DIR`/share/jupyter/kernels (a virtualenv or conda env)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || (*user && *prefix != "") {
		fs.Usage()
		return errUsage
	}
	dir, err := kernel.Install(kernel.InstallOptions{User: *user, Prefix: *prefix}, qmixVersion())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "installed kernelspec qmix in %s\n", dir)
	return nil
}

// runExport is `qmix export`: a notebook's code cells as a Go program.
func runExport(args []string) error {
	return cmdExport(args, os.Stdout, os.Stderr)
}

func cmdExport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("export", "qmix export NOTEBOOK.ipynb [-o FILE.go]", `
Writes the code cells of a qmix notebook as one runnable Go program (package
main, the cells' imports gathered, declarations at top level, statements in
main in cell order, each cell's shown value passed to lib.Display). Run it with
'qmix run FILE.go' or 'go run FILE.go'. Without -o the program goes to stdout.`, stderr)
	out := fs.String("o", "", "write the program to `FILE.go` instead of stdout")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errUsage
	}
	nb, err := kernel.ReadNotebook(pos[0])
	if err != nil {
		return err
	}
	src, err := kernel.Export(nb)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	if *out == "" {
		_, err = stdout.Write(src)
		return err
	}
	if !strings.HasSuffix(*out, ".go") {
		return errors.Join(errUsage, fmt.Errorf("-o %s: the program's file name must end in .go", *out))
	}
	return os.WriteFile(*out, src, 0o644)
}
