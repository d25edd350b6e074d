package source

import (
	"path/filepath"
	"testing"

	"qmix/lib/internal/sharedtest"
	"qmix/lib/record"
)

// sharedDir finds ../shared/datasets beside the repository (see sharedtest.Dir).
func sharedDir(t testing.TB) string { return sharedtest.Dir(t) }

// convertShared converts files under the shared datasets directory strictly.
func convertShared(t *testing.T, source string, rel ...string) []record.Record {
	t.Helper()
	dir := sharedDir(t)
	paths := make([]string, len(rel))
	for i, r := range rel {
		paths[i] = filepath.Join(dir, r)
	}
	recs, err := ConvertAll(source, paths, Options{})
	if err != nil {
		t.Fatalf("convert %s %v: %v", source, rel, err)
	}
	return recs
}

// byID indexes records by id.
func byID(recs []record.Record) map[string]record.Record {
	m := make(map[string]record.Record, len(recs))
	for _, r := range recs {
		m[r.ID] = r
	}
	return m
}

// want is an expected record: its id, how its question starts, its answer's start and
// final answer.
type want struct {
	id, questionPrefix, answerPrefix, final string
}

func checkRecords(t *testing.T, recs []record.Record, wants []want) {
	t.Helper()
	m := byID(recs)
	for _, w := range wants {
		r, ok := m[w.id]
		if !ok {
			t.Errorf("no record %q", w.id)
			continue
		}
		if !hasPrefix(r.Question, w.questionPrefix) {
			t.Errorf("%s: question starts %q, want %q", w.id, head(r.Question, len(w.questionPrefix)+20), w.questionPrefix)
		}
		if !hasPrefix(r.Answer, w.answerPrefix) {
			t.Errorf("%s: answer starts %q, want %q", w.id, head(r.Answer, len(w.answerPrefix)+20), w.answerPrefix)
		}
		if got := r.FinalAnswer(); got != w.final {
			t.Errorf("%s: final answer %q, want %q", w.id, got, w.final)
		}
		if r.Tokens.Question <= 0 {
			t.Errorf("%s: question tokens not counted", w.id)
		}
	}
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }

func head(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
