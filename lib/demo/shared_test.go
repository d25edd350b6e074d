package demo

import (
	"os"
	"path/filepath"
	"testing"
)

// sharedDir finds ../shared/datasets beside the repository. Under CI a missing
// directory fails the test; elsewhere it skips.
func sharedDir(t testing.TB) string {
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
