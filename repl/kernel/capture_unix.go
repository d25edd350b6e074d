//go:build unix

package kernel

import (
	"errors"
	"io"
	"os"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/sys/unix"
)

// fdCapture redirects file descriptors 1 and 2 into pipes while a cell runs, so
// everything written there — interpreted fmt, compiled library code, C code —
// reaches the cell as stream messages. Between cells the kernel's own stdout and
// stderr are back in place.
type fdCapture struct {
	mu     sync.Mutex
	saved  [2]int // the kernel's own fd 1 and fd 2, kept to restore them
	sink   func(name, text string)
	active bool
	wg     sync.WaitGroup
}

var streamNames = [2]string{"stdout", "stderr"}

// newFDCapture saves copies of fd 1 and 2. It also points fd 0 at /dev/null:
// jupyter_client starts kernels with a pipe on stdin that nobody writes, and a
// script reading os.Stdin must see end of file rather than hang the notebook.
func newFDCapture() (*fdCapture, error) {
	c := &fdCapture{}
	for i := range c.saved {
		fd, err := unix.FcntlInt(uintptr(i+1), unix.F_DUPFD_CLOEXEC, 3)
		if err != nil {
			return nil, err
		}
		c.saved[i] = fd
	}
	if null, err := unix.Open(os.DevNull, unix.O_RDONLY|unix.O_CLOEXEC, 0); err == nil {
		dup2(null, 0)
		unix.Close(null)
	}
	return c, nil
}

// dupFile returns an *os.File on a close-on-exec copy of fd.
func dupFile(fd int, name string) (*os.File, error) {
	d, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 3)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(d), name), nil
}

// start begins capturing into sink.
func (c *fdCapture) start(sink func(name, text string)) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.active {
		return errors.New("capture already active")
	}
	c.sink = sink
	return c.startLocked()
}

func (c *fdCapture) startLocked() error {
	for i := range c.saved {
		var p [2]int
		// The write end stays blocking: os.Stdout treats fd 1 as a blocking file
		// and would return EAGAIN on a full non-blocking pipe. The read end is
		// non-blocking so the drain goroutine parks in the poller, not a thread.
		if err := unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
			c.restoreLocked(i)
			return err
		}
		if err := unix.SetNonblock(p[0], true); err != nil {
			unix.Close(p[0])
			unix.Close(p[1])
			c.restoreLocked(i)
			return err
		}
		if err := dup2(p[1], i+1); err != nil {
			unix.Close(p[0])
			unix.Close(p[1])
			c.restoreLocked(i)
			return err
		}
		// fd i+1 is now the only write end: restoring it closes the pipe, and
		// the drain sees end of file once every byte written has been read.
		unix.Close(p[1])
		r := os.NewFile(uintptr(p[0]), "capture-"+streamNames[i])
		c.wg.Add(1)
		go c.drain(r, streamNames[i], c.sink)
	}
	c.active = true
	return nil
}

// restoreLocked puts back the first n saved descriptors and waits for their
// drains.
func (c *fdCapture) restoreLocked(n int) {
	for i := 0; i < n; i++ {
		dup2(c.saved[i], i+1)
	}
	c.wg.Wait()
}

// stop restores fd 1 and 2 and returns once all captured output was handed to
// the sink.
func (c *fdCapture) stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stopLocked()
}

// stopLocked is stop with c.mu held; it reports whether a capture was active.
func (c *fdCapture) stopLocked() bool {
	if !c.active {
		return false
	}
	c.restoreLocked(len(c.saved))
	c.active = false
	return true
}

// flush hands everything written so far to the sink and keeps capturing, so a
// display message published next comes after the text printed before it.
func (c *fdCapture) flush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.stopLocked() {
		return
	}
	if err := c.startLocked(); err != nil {
		c.sink("stderr", "qmix kernel: output capture stopped: "+err.Error()+"\n")
	}
}

// drain reads one pipe to its end, passing whole UTF-8 characters to sink.
func (c *fdCapture) drain(r *os.File, name string, sink func(name, text string)) {
	defer c.wg.Done()
	defer r.Close()
	buf := make([]byte, 32<<10)
	var pending []byte
	for {
		n, err := r.Read(buf)
		if n > 0 {
			data := append(pending, buf[:n]...)
			cut := completeUTF8(data)
			sink(name, string(data[:cut]))
			pending = append([]byte(nil), data[cut:]...)
		}
		if err != nil {
			if err != io.EOF {
				sink("stderr", "qmix kernel: reading "+name+": "+err.Error()+"\n")
			}
			if len(pending) > 0 {
				sink(name, strings.ToValidUTF8(string(pending), "\uFFFD"))
			}
			return
		}
	}
}

// completeUTF8 is the length of the longest prefix of b that does not end inside
// a multi-byte character (a read may split one).
func completeUTF8(b []byte) int {
	for back := 1; back <= utf8.UTFMax-1 && back <= len(b); back++ {
		c := b[len(b)-back]
		if c < utf8.RuneSelf {
			return len(b)
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(b[len(b)-back:]) {
				return len(b) - back
			}
			return len(b)
		}
	}
	return len(b)
}
