package dedup

import (
	"os"
	"path/filepath"
	"testing"

	"qmix/lib/record"
	"qmix/lib/source"
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

// convertShared converts files under the shared datasets directory strictly.
func convertShared(t testing.TB, name string, rel ...string) []record.Record {
	t.Helper()
	dir := sharedDir(t)
	paths := make([]string, len(rel))
	for i, r := range rel {
		paths[i] = filepath.Join(dir, r)
	}
	recs, err := source.ConvertAll(name, paths, source.Options{})
	if err != nil {
		t.Fatalf("convert %s %v: %v", name, rel, err)
	}
	return recs
}
