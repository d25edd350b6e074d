package record

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
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
	_, err := WriteFileSum(path, recs)
	return err
}

// WriteFileSum is WriteFile that also returns the hex SHA-256 of the file, hashed as
// it is written (a manifest lists it) instead of read back. The records are encoded
// on all cores, chunk by chunk, and written in order: the same bytes as a Writer
// writes, and the same error for the first record that fails its check.
func WriteFileSum(path string, recs []Record) (string, error) {
	sum := sha256.New()
	err := WriteAtomic(path, func(w io.Writer) error {
		return writeLines(io.MultiWriter(w, sum), recs)
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(sum.Sum(nil)), nil
}

// encodeChunk is how many records one encoding task takes: a few hundred
// kilobytes of JSON, enough that handing chunks between goroutines costs little.
const encodeChunk = 256

// writeLines writes recs as checked JSON lines to w. Workers encode chunks in
// parallel, at most 2 per worker ahead of the chunk being written; w sees them in
// order.
func writeLines(w io.Writer, recs []Record) error {
	chunks := (len(recs) + encodeChunk - 1) / encodeChunk
	workers := min(runtime.GOMAXPROCS(0), chunks)
	type encoded struct {
		buf []byte
		err error
	}
	results := make([]chan encoded, chunks)
	for i := range results {
		results[i] = make(chan encoded, 1)
	}
	ahead := make(chan struct{}, 2*workers) // a token per chunk encoded but not written
	free := make(chan []byte, 2*workers+1)  // buffers to reuse
	done := make(chan struct{})             // closed when the writer stops
	defer close(done)
	var next atomic.Int64
	for range workers {
		go func() {
			for {
				select {
				case ahead <- struct{}{}:
				case <-done:
					return
				}
				i := int(next.Add(1)) - 1
				if i >= chunks {
					return
				}
				var buf []byte
				select {
				case buf = <-free:
				default:
				}
				buf = buf[:0]
				var err error
				for k := i * encodeChunk; k < min((i+1)*encodeChunk, len(recs)); k++ {
					r := &recs[k]
					if field, cerr := r.Check(); cerr != nil {
						err = fmt.Errorf("record %q: field %q: %w", r.ID, field, cerr)
						break
					}
					if buf, err = appendLine(buf, r); err != nil {
						break
					}
				}
				results[i] <- encoded{buf, err}
			}
		}()
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	for i := range results {
		e := <-results[i]
		<-ahead
		if _, err := bw.Write(e.buf); err != nil {
			return err
		}
		if e.err != nil {
			return e.err
		}
		select {
		case free <- e.buf:
		default:
		}
	}
	return bw.Flush()
}

// appendLine is Writer.Encode's encoding of r: a nil meta written as {}.
func appendLine(dst []byte, r *Record) ([]byte, error) {
	if r.Meta == nil {
		c := *r
		c.Meta = map[string]any{}
		return appendRecord(dst, &c)
	}
	return appendRecord(dst, r)
}
