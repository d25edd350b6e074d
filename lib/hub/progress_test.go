package hub_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/creack/pty"

	"qmix/lib/hub/hubtest"
)

// TestFetchProgressOnTerminal: on a terminal (a pseudo-terminal here) the fetch draws
// a progress bar naming the source; TestFetchSharedConvertsLikeOriginals checks that
// a non-terminal gets nothing.
func TestFetchProgressOnTerminal(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer ptmx.Close()
	var drawn bytes.Buffer
	done := make(chan struct{})
	go func() {
		io.Copy(&drawn, ptmx)
		close(done)
	}()
	srv, _ := hubtest.Shared(t)
	e := newEnv(t, srv)
	e.opt.Progress = tty
	if _, err := e.fetch(t, "gsm8k", nil, ""); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	<-done
	if !strings.Contains(drawn.String(), "fetching gsm8k") {
		t.Errorf("no progress bar drawn on the terminal: %q", drawn.String())
	}
}
