//go:build !unix

package hub

import "os"

// lockFile creates the lock file huggingface_hub uses; without flock on this
// platform it does not exclude a concurrent download of the same blob.
func lockFile(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	return func() { f.Close() }, nil
}
