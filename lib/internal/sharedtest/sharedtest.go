// Package sharedtest finds the real dataset files that tests read: the directory
// shared/datasets beside the repository checkout. Under CI (CI=true) a missing
// directory fails the test; elsewhere the test is skipped.
package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the shared datasets directory, walking up from the working directory.
func Dir(t testing.TB) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		cand := filepath.Join(filepath.Dir(dir), "shared", "datasets")
		if info, err := os.Stat(cand); err == nil && info.IsDir() {
			return cand
		}
		if filepath.Dir(dir) == dir {
			break
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("../shared/datasets not found beside the repository (required under CI)")
	}
	t.Skip("../shared/datasets not found beside the repository")
	return ""
}
