package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// recorder is a testing.TB that records failures instead of failing the test;
// Fatalf ends the goroutine Check runs on, as testing's does.
type recorder struct {
	testing.TB
	failures []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, "error: "+fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.failures = append(r.failures, "fatal: "+fmt.Sprintf(format, args...))
	runtime.Goexit()
}

func (r *recorder) Fatal(args ...any) { r.Fatalf("%s", fmt.Sprint(args...)) }

// check runs Check on its own goroutine and returns the failures it reported.
func check(t *testing.T, name, got string, update bool) []string {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		Check(r, name, got, update)
	}()
	<-done
	return r.failures
}

func TestCheck(t *testing.T) {
	t.Chdir(t.TempDir())
	tests := []struct {
		name   string
		file   string
		got    string
		update bool
		want   string // the start of the one failure, "" for none
	}{
		{"missing", "a_golden.txt", "one\n", false, "fatal: open testdata/a_golden.txt"},
		{"update creates", "a_golden.txt", "one\n", true, ""},
		{"same", "a_golden.txt", "one\n", false, ""},
		{"differs", "a_golden.txt", "two\n", false, "error: output differs from testdata/a_golden.txt"},
		{"update rewrites", "a_golden.txt", "two\n", true, ""},
		{"rewritten", "a_golden.txt", "two\n", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			failures := check(t, tt.file, tt.got, tt.update)
			switch {
			case tt.want == "" && len(failures) > 0:
				t.Fatalf("failures %q, want none", failures)
			case tt.want != "" && (len(failures) != 1 || !strings.HasPrefix(failures[0], tt.want)):
				t.Fatalf("failures %q, want one starting %q", failures, tt.want)
			}
		})
	}
	b, err := os.ReadFile(filepath.Join("testdata", "a_golden.txt"))
	if err != nil || string(b) != "two\n" {
		t.Fatalf("golden file %q, %v; want the last update", b, err)
	}
}
