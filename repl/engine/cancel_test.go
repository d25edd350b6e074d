package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/traefik/yaegi/interp"

	"qmix/lib"
)

// liveness bounds how long a cancelled Eval may take to come back: a hang, not
// a speed target (Ctrl-C latency is measured by BenchmarkCancel).
const liveness = 30 * time.Second

// evalCancelled runs src, cancels it once started, and returns its error.
func evalCancelled(t *testing.T, e *Engine, src string, after time.Duration) error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := e.Eval(ctx, src)
		done <- err
	}()
	time.Sleep(after)
	cancel()
	select {
	case err := <-done:
		return err
	case <-time.After(liveness):
		t.Fatalf("Eval(%q) did not return after the cancel", src)
		return nil
	}
}

func TestCancelInterpreted(t *testing.T) {
	tests := []struct{ name, src string }{
		{"endless loop", "n := 0\nfor {\n\tn++\n}"},
		{"sleep", "time.Sleep(time.Hour)"},
		{"loop calling a function", "func spin(i int) int { return i + 1 }\nfor i := 0; ; i = spin(i) {\n}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := newEngine(t)
			err := evalCancelled(t, e, tt.src, 100*time.Millisecond)
			var ee *Error
			if !errors.As(err, &ee) || ee.Kind != Interrupted || !errors.Is(err, context.Canceled) {
				t.Fatalf("got %v, want an Interrupted error wrapping context.Canceled", err)
			}
			if e.Busy(liveness) {
				t.Fatal("the interrupted statement is still running")
			}
			res, err := e.Eval(context.Background(), `"the session goes on"`)
			if err != nil || fmt.Sprint(res.Values...) != "the session goes on" {
				t.Fatalf("after the cancel: %v, %v", res.Values, err)
			}
		})
	}
}

// TestCancelCompiledCall cancels a statement while it runs inside lib.Convert
// (compiled code the interpreter cannot stop) and checks that the library saw the
// cancel through lib.SetContext and returned context.Canceled, wrapped, early. A
// probe in the interpreter's symbols records what the compiled call returned.
func TestCancelCompiledCall(t *testing.T) {
	path := filepath.Join(t.TempDir(), "test.jsonl") // gsm8k takes the split from the name
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	const rows = 400_000
	for i := range rows {
		fmt.Fprintf(f, "{\"question\": \"Sam has %d apples and buys %d more. How many apples does Sam have now?\", \"answer\": \"%d + %d = %d\\n#### %d\"}\n", i, i%97, i, i%97, i+i%97, i+i%97)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	var (
		mu      sync.Mutex
		callErr error
		started = make(chan struct{})
	)
	e, _ := newEngine(t)
	var once sync.Once
	convert := func(p string) error {
		once.Do(func() { close(started) })
		_, err := lib.Convert("gsm8k", p)
		mu.Lock()
		callErr = err
		mu.Unlock()
		return err
	}
	if err := e.yi.Use(interp.Exports{"qmixtest/qmixtest": {"Convert": reflect.ValueOf(convert)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Eval(context.Background(), `import "qmixtest"`); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := e.Eval(ctx, fmt.Sprintf("err := qmixtest.Convert(%q)", path))
		done <- err
	}()
	<-started
	time.Sleep(200 * time.Millisecond) // inside the conversion
	cancel()
	select {
	case err = <-done:
	case <-time.After(liveness):
		t.Fatal("Eval did not return after the cancel")
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Eval: %v, want context.Canceled (lib.Convert returned %v)", err, callErr)
	}
	if e.Busy(liveness) {
		t.Fatal("lib.Convert kept running after the cancel")
	}
	mu.Lock()
	defer mu.Unlock()
	if !errors.Is(callErr, context.Canceled) || !strings.Contains(callErr.Error(), "stopped at") {
		t.Fatalf("lib.Convert returned %v, want a stop with context.Canceled", callErr)
	}
	var line int
	if _, err := fmt.Sscanf(callErr.Error()[strings.Index(callErr.Error(), " line ")+1:], "line %d", &line); err != nil || line >= rows {
		t.Fatalf("lib.Convert stopped at line %d of %d (%v)", line, rows, callErr)
	}
}
