package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// BenchmarkBuild60K runs the compiled scripts/build60k.go as a user does: cold (a
// fresh checkout: no demo inputs, empty token cache) and then warm (demo inputs and
// token cache present). ns/op is the wall time of one whole build; peak-RSS-MB the
// process's maximum resident set.
func BenchmarkBuild60K(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "build60k")
	if out, err := exec.Command("go", "build", "-o", bin, filepath.Join("scripts", "build60k.go")).CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	cache := filepath.Join(dir, "token-cache")
	work := filepath.Join(dir, "work")
	for _, mode := range []string{"cold", "warm"} {
		b.Run(mode, func(b *testing.B) {
			var peak int64
			for b.Loop() {
				if mode == "cold" {
					b.StopTimer()
					for _, d := range []string{cache, work} {
						if err := os.RemoveAll(d); err != nil {
							b.Fatal(err)
						}
					}
					b.StartTimer()
				}
				if err := os.MkdirAll(work, 0o755); err != nil {
					b.Fatal(err)
				}
				cmd := exec.Command(bin)
				cmd.Dir = work
				cmd.Env = append(os.Environ(), "QMIX_TOKEN_CACHE="+cache)
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("build60k: %v\n%s", err, out)
				}
				peak = max(peak, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss)
			}
			b.ReportMetric(float64(peak)/1024, "peak-RSS-MB")
		})
	}
}
