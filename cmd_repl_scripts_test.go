package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// heavyScripts take long (build60k: ~10 s compiled, as long again interpreted);
// -short leaves them out.
var heavyScripts = map[string]bool{"build60k.go": true}

// TestScriptsGolden runs every program in scripts/ compiled (go build) and
// interpreted (qmix run), each in its own empty working directory, and requires
// the same exit status, the same stdout and the same files written.
func TestScriptsGolden(t *testing.T) {
	scripts, err := filepath.Glob(filepath.Join("scripts", "*.go"))
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	bin := buildQmix(t)
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, script := range scripts {
		name := filepath.Base(script)
		t.Run(name, func(t *testing.T) {
			if testing.Short() && heavyScripts[name] {
				t.Skipf("%s is heavy; run without -short", name)
			}
			tmp := t.TempDir()
			compiled := filepath.Join(tmp, "compiled")
			if out, err := exec.Command("go", "build", "-o", compiled, script).CombinedOutput(); err != nil {
				t.Fatalf("go build %s: %v\n%s", script, err, out)
			}
			// One token cache for both runs: counts do not depend on it.
			env := append(os.Environ(), "QMIX_TOKEN_CACHE="+filepath.Join(tmp, "tokens"))
			run := func(dir string, name string, args ...string) (string, int) {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				cmd := exec.Command(name, args...)
				cmd.Dir, cmd.Env = dir, env
				var out, errb bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &errb
				err := cmd.Run()
				status := 0
				if ee, ok := err.(*exec.ExitError); ok {
					status = ee.ExitCode()
				} else if err != nil {
					t.Fatal(err)
				}
				if status != 0 {
					t.Logf("%s exited %d:\n%s", name, status, errb.String())
				}
				return out.String(), status
			}
			cDir, iDir := filepath.Join(tmp, "c"), filepath.Join(tmp, "i")
			cOut, cStatus := run(cDir, compiled)
			iOut, iStatus := run(iDir, bin, "run", filepath.Join(root, script))
			if cStatus != iStatus {
				t.Fatalf("exit status: compiled %d, interpreted %d", cStatus, iStatus)
			}
			if cOut != iOut {
				t.Fatalf("stdout differs:\ncompiled:\n%s\ninterpreted:\n%s", cOut, iOut)
			}
			cFiles, iFiles := tree(t, cDir), tree(t, iDir)
			if strings.Join(keys(cFiles), " ") != strings.Join(keys(iFiles), " ") {
				t.Fatalf("files written: compiled %v, interpreted %v", keys(cFiles), keys(iFiles))
			}
			for _, f := range keys(cFiles) {
				if !bytes.Equal(cFiles[f], iFiles[f]) {
					t.Errorf("%s differs between the compiled and the interpreted run", f)
				}
			}
			t.Logf("%d files identical", len(cFiles))
		})
	}
}

// tree reads every file under dir, by relative path.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[rel] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
