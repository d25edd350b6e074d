package format

import (
	"os"
	"path/filepath"
	"testing"
)

// sharedDir returns the shared datasets folder, which lives next to the repository
// rather than in it: found by walking up from the working directory. Tests that need
// it are skipped when it is missing, except on CI (CI=true), where that is a failure.
func sharedDir(t testing.TB) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		p := filepath.Join(dir, "shared", "datasets")
		if info, err := os.Stat(p); err == nil && info.IsDir() {
			return p
		}
		if filepath.Dir(dir) == dir {
			break
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("shared/datasets not found above %s", wd)
	}
	t.Skipf("shared/datasets not found above %s", wd)
	return ""
}
