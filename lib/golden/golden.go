// Package golden compares a test's output with a golden file in the package's
// testdata directory, and rewrites the file when the test binary runs with
// -update: the check the tests of qmix's packages share. Each test package
// keeps its own -update flag and passes its value in.
package golden

import (
	"os"
	"path/filepath"
	"testing"
)

// Check compares got with testdata/name. With update it first writes got there
// (creating testdata), so that the rewritten file is also checked to read back.
func Check(t testing.TB, name, got string, update bool) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it):\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}
