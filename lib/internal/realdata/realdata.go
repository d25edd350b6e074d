// Package realdata converts real dataset files from ../shared/datasets (found by
// sharedtest.Dir) with their source's adapter, for the tests of the packages
// that work on converted records. It lives apart from sharedtest because it
// imports lib/source, whose own tests use sharedtest.
package realdata

import (
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"qmix/lib/internal/sharedtest"
	"qmix/lib/record"
	"qmix/lib/source"
)

var (
	mu        sync.Mutex
	converted = map[string][]record.Record{}
)

// Records converts the files or directories at relPaths, relative to the shared
// datasets directory, with the adapter of source, strictly; a conversion error
// fails the test. Conversions are cached for the test binary's life, since
// several tests read the same files; each call returns its own slice (the
// records' Meta maps are shared). Without the datasets directory the test is
// skipped, or fails under CI.
func Records(t testing.TB, source string, relPaths ...string) []record.Record {
	t.Helper()
	dir := sharedtest.Dir(t)
	mu.Lock()
	defer mu.Unlock()
	key := source + "\x00" + strings.Join(relPaths, "\x00")
	recs, ok := converted[key]
	if !ok {
		recs = convert(t, dir, source, relPaths)
		converted[key] = recs
	}
	return slices.Clone(recs)
}

func convert(t testing.TB, dir, name string, relPaths []string) []record.Record {
	t.Helper()
	paths := make([]string, len(relPaths))
	for i, p := range relPaths {
		paths[i] = filepath.Join(dir, p)
	}
	recs, err := source.ConvertAll(name, paths, source.Options{})
	if err != nil {
		t.Fatalf("convert %s %v: %v", name, relPaths, err)
	}
	return recs
}
