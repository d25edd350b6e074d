package record

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteAtomic writes a file through write, then renames it into place, so that a
// reader never sees a half-written output and a failed run leaves the old file.
func WriteAtomic(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// WriteFile writes records to path as JSONL, atomically.
func WriteFile(path string, recs []Record) error {
	return WriteAtomic(path, func(w io.Writer) error {
		rw := NewWriter(w)
		for _, r := range recs {
			if err := rw.Write(r); err != nil {
				return err
			}
		}
		return rw.Flush()
	})
}
