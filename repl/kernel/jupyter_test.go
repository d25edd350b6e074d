package kernel

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// The acceptance tests run the real qmix binary (the yaegi interpreter behind
// the kernel) under the reference Jupyter client and nbconvert, from Debian's
// packages; testdata/install-jupyter.sh installs them. Outside CI they skip
// when Jupyter is missing; under CI (CI=true) they fail.

// jupyterTools returns the Python interpreter with jupyter_client, nbclient and
// nbconvert, and the jupyter command. They are Debian's, called by absolute path:
// a python3 earlier on PATH (pyenv, a virtualenv) usually lacks them.
func jupyterTools(t *testing.T) (python, jupyter string) {
	t.Helper()
	python, jupyter = "/usr/bin/python3", "/usr/bin/jupyter"
	if p := os.Getenv("QMIX_TEST_PYTHON"); p != "" {
		python = p
	}
	if j := os.Getenv("QMIX_TEST_JUPYTER"); j != "" {
		jupyter = j
	}
	var missing []string
	if out, err := exec.Command(python, "-c", "import jupyter_client, nbclient, nbconvert, nbformat").CombinedOutput(); err != nil {
		missing = append(missing, fmt.Sprintf("%s with jupyter_client, nbclient, nbconvert (%v: %s)", python, err, bytes.TrimSpace(out)))
	}
	if out, err := exec.Command(jupyter, "nbconvert", "--version").CombinedOutput(); err != nil {
		missing = append(missing, fmt.Sprintf("%s nbconvert (%v: %s)", jupyter, err, bytes.TrimSpace(out)))
	}
	if len(missing) > 0 {
		msg := "Jupyter is missing — run repl/kernel/testdata/install-jupyter.sh (Debian packages jupyter-nbconvert python3-nbclient jupyter-client python3-jupyter-client): " + strings.Join(missing, "; ")
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return python, jupyter
}

var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

// qmixBinary builds the qmix command once per test run.
func qmixBinary(t testing.TB) string {
	t.Helper()
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "qmix-kernel-test-")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "qmix")
		root, err := findModuleRoot()
		if err != nil {
			binErr = err
			return
		}
		cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", binPath, ".")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build qmix: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range []string{binDir, outDir} {
		if d != "" {
			os.RemoveAll(d)
		}
	}
	os.Exit(code)
}

func findModuleRoot() (string, error) {
	dir, err := filepath.Abs(".")
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above %s", dir)
		}
		dir = parent
	}
}

// jupyterEnv installs the kernelspec with `qmix kernel install` into a fresh
// JUPYTER_DATA_DIR and returns the environment the Jupyter commands run in;
// QMIX_OUT points the notebooks' files at out.
func jupyterEnv(t *testing.T, out string) []string {
	t.Helper()
	data := t.TempDir()
	env := append(os.Environ(), "JUPYTER_DATA_DIR="+data, "QMIX_OUT="+out,
		"JUPYTER_CONFIG_DIR="+filepath.Join(data, "config"), "JUPYTER_RUNTIME_DIR="+filepath.Join(data, "runtime"))
	cmd := exec.Command(qmixBinary(t), "kernel", "install", "--user")
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("qmix kernel install: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(data, "kernels", "qmix", "kernel.json")); err != nil {
		t.Fatal(err)
	}
	return env
}

func run(t *testing.T, timeout time.Duration, dir string, env []string, name string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func TestJupyterProtocol(t *testing.T) {
	python, _ := jupyterTools(t)
	env := jupyterEnv(t, t.TempDir())
	script, err := filepath.Abs(filepath.Join("testdata", "protocol_check.py"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := run(t, 5*time.Minute, t.TempDir(), env, python, script)
	t.Logf("protocol_check.py:\n%s", out)
	if err != nil {
		t.Fatalf("jupyter_client checks failed: %v", err)
	}
	if !strings.Contains(out, `{"failures": []}`) {
		t.Fatal("protocol_check.py did not finish")
	}
}

// notebooks lists the repository's notebooks.
func notebooks(t *testing.T) (dir string, names []string) {
	t.Helper()
	root, err := findModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir = filepath.Join(root, "notebooks")
	paths, err := filepath.Glob(filepath.Join(dir, "*.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatalf("no notebooks in %s", dir)
	}
	for _, p := range paths {
		names = append(names, filepath.Base(p))
	}
	return dir, names
}

// sharedOut is one QMIX_OUT for the notebook and export tests, so the demo inputs
// are generated once; TestMain removes it.
var (
	outOnce sync.Once
	outDir  string
)

func sharedOut(t *testing.T) string {
	outOnce.Do(func() {
		d, err := os.MkdirTemp("", "qmix-notebooks-")
		if err != nil {
			t.Fatal(err)
		}
		outDir = d
	})
	if outDir == "" {
		t.Fatal("no shared output directory")
	}
	return outDir
}

// nbOutput is a notebook output, as nbformat stores it.
type nbOutput struct {
	Type  string         `json:"output_type"`
	Data  map[string]any `json:"data"`
	Ename string         `json:"ename"`
	Value string         `json:"evalue"`
}

// checkOutputs checks a notebook's outputs: no errors, every bundle with
// text/plain and without JavaScript, at least one HTML table and one PNG.
func checkOutputs(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		Cells []struct {
			Type    string     `json:"cell_type"`
			Source  Source     `json:"source"`
			Outputs []nbOutput `json:"outputs"`
			Count   *int       `json:"execution_count"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatal(err)
	}
	tables, pngs := 0, 0
	for i, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		if c.Count == nil {
			t.Errorf("%s: cell %d was not executed", path, i)
		}
		for _, o := range c.Outputs {
			switch o.Type {
			case "error":
				t.Errorf("%s: cell %d: %s: %s", path, i, o.Ename, o.Value)
			case "execute_result", "display_data":
				if _, ok := o.Data["text/plain"]; !ok {
					t.Errorf("%s: cell %d: a bundle without text/plain", path, i)
				}
				for mime := range o.Data {
					if strings.Contains(mime, "javascript") {
						t.Errorf("%s: cell %d: %s output", path, i, mime)
					}
				}
				if h := joined(o.Data["text/html"]); strings.Contains(h, "<table") {
					tables++
				}
				if p := joined(o.Data["image/png"]); p != "" {
					raw, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(p, "\n", ""))
					if err != nil {
						t.Errorf("%s: cell %d: image/png is not base64: %v", path, i, err)
						continue
					}
					if _, err := png.DecodeConfig(bytes.NewReader(raw)); err != nil {
						t.Errorf("%s: cell %d: image/png is not a PNG: %v", path, i, err)
						continue
					}
					pngs++
				}
			}
		}
	}
	if tables == 0 || pngs == 0 {
		t.Errorf("%s: %d HTML tables and %d PNG images; want at least one of each", path, tables, pngs)
	}
}

// joined reads a mimebundle value, a string or nbformat's list of lines.
func joined(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []any:
		var b strings.Builder
		for _, s := range x {
			fmt.Fprint(&b, s)
		}
		return b.String()
	}
	return ""
}

func TestJupyterNotebooks(t *testing.T) {
	_, jupyter := jupyterTools(t)
	env := jupyterEnv(t, sharedOut(t))
	dir, names := notebooks(t)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			executed := t.TempDir()
			out, err := run(t, 15*time.Minute, dir, env, jupyter, "nbconvert", "--to", "notebook", "--execute", name,
				"--output-dir", executed, "--ExecutePreprocessor.timeout=900")
			if err != nil {
				t.Fatalf("nbconvert --execute %s: %v\n%s", name, err, out)
			}
			checkOutputs(t, filepath.Join(executed, name))
		})
	}
}

// TestNotebooksSavedWithOutputs checks the committed notebooks themselves: they
// are saved executed, so they read well on a code host.
func TestNotebooksSavedWithOutputs(t *testing.T) {
	dir, names := notebooks(t)
	for _, name := range names {
		t.Run(name, func(t *testing.T) { checkOutputs(t, filepath.Join(dir, name)) })
	}
}

// TestExportedNotebooksRun exports each notebook and runs the program with
// `qmix run` (the interpreter) and builds it with `go build` (the compiler).
func TestExportedNotebooksRun(t *testing.T) {
	qmix := qmixBinary(t)
	out := sharedOut(t)
	dir, names := notebooks(t)
	root, _ := findModuleRoot()
	env := append(os.Environ(), "QMIX_OUT="+out)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			nb, err := ReadNotebook(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			src, err := Export(nb)
			if err != nil {
				t.Fatal(err)
			}
			prog := filepath.Join(t.TempDir(), strings.TrimSuffix(name, ".ipynb")+".go")
			if err := os.WriteFile(prog, src, 0o644); err != nil {
				t.Fatal(err)
			}
			// Run from the notebook's directory, as Jupyter runs the notebook.
			if o, err := run(t, 15*time.Minute, dir, env, qmix, "run", prog); err != nil {
				t.Fatalf("qmix run %s: %v\n%s\nprogram:\n%s", name, err, o, src)
			}
			if o, err := run(t, 5*time.Minute, root, env, filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", os.DevNull, prog); err != nil {
				t.Fatalf("go build %s: %v\n%s", name, err, o)
			}
		})
	}
}
