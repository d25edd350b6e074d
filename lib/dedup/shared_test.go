package dedup

import (
	"path/filepath"
	"qmix/lib/internal/sharedtest"
	"testing"

	"qmix/lib/record"
	"qmix/lib/source"
)

// sharedDir finds ../shared/datasets beside the repository. Under CI a missing
// directory fails the test; elsewhere it skips.
func sharedDir(t testing.TB) string { return sharedtest.Dir(t) }

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
