//go:build !unix

package kernel

import (
	"errors"
	"os"
)

// fdCapture is unavailable without dup2: cells' interpreted output still reaches
// the notebook through the engine's writers, compiled code's does not.
type fdCapture struct{}

func newFDCapture() (*fdCapture, error) {
	return nil, errors.New("file descriptor capture is not supported on this platform")
}

func dupFile(fd int, name string) (*os.File, error) { return nil, errors.New("not supported") }

func (*fdCapture) start(func(name, text string)) error { return errors.New("not supported") }
func (*fdCapture) stop()                               {}
func (*fdCapture) flush()                              {}
