//go:build unix

package hub

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive flock on path, waiting for another holder: the same
// lock huggingface_hub's filelock takes on Unix, so a Python download of the same
// blob and this one never write the same .incomplete file at once.
func lockFile(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
