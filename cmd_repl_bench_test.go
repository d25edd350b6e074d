package main

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

// BenchmarkPromptStart measures the time from starting `qmix` on a terminal to
// its prompt being on the screen (target: 300 ms).
func BenchmarkPromptStart(b *testing.B) {
	bin := buildQmix(b)
	env := append(os.Environ(), "TERM=xterm", "XDG_CONFIG_HOME="+b.TempDir())
	b.ResetTimer()
	for b.Loop() {
		cmd := exec.Command(bin)
		cmd.Env = env
		start := time.Now()
		ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 120})
		if err != nil {
			b.Fatal(err)
		}
		var seen strings.Builder
		buf := make([]byte, 4096)
		for !strings.Contains(seen.String(), "qmix> ") {
			n, err := ptmx.Read(buf)
			if err != nil {
				b.Fatalf("no prompt: %v (%q)", err, seen.String())
			}
			seen.Write(buf[:n])
		}
		b.ReportMetric(float64(time.Since(start).Microseconds())/1000, "ms-to-prompt")
		b.StopTimer()
		ptmx.Write([]byte{4}) // Ctrl-D
		go io.Copy(io.Discard, ptmx)
		cmd.Wait()
		ptmx.Close()
		b.StartTimer()
	}
}

// BenchmarkScriptBuild60K runs scripts/build60k.go compiled and through `qmix run`,
// warm (demo inputs and token cache in place, as after a first run); ns/op is the
// wall time of one build (target: interpreted ≤ 1.1 × compiled).
func BenchmarkScriptBuild60K(b *testing.B) {
	bin := buildQmix(b)
	root, err := os.Getwd()
	if err != nil {
		b.Fatal(err)
	}
	tmp := b.TempDir()
	compiled := filepath.Join(tmp, "build60k")
	if out, err := exec.Command("go", "build", "-o", compiled, filepath.Join("scripts", "build60k.go")).CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	env := append(os.Environ(), "QMIX_TOKEN_CACHE="+filepath.Join(tmp, "tokens"))
	run := func(dir string, name string, args ...string) {
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = dir, env
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%s: %v\n%s", name, err, out)
		}
	}
	modes := []struct {
		name string
		cmd  []string
	}{
		{"compiled", []string{compiled}},
		{"interpreted", []string{bin, "run", filepath.Join(root, "scripts", "build60k.go")}},
	}
	for _, m := range modes {
		dir := filepath.Join(tmp, m.name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		run(dir, m.cmd[0], m.cmd[1:]...) // warm: demo inputs, token cache
		b.Run(m.name, func(b *testing.B) {
			for b.Loop() {
				run(dir, m.cmd[0], m.cmd[1:]...)
			}
		})
	}
}
