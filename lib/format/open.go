package format

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
)

// Open opens a file for decoding, transparently gunzipping it when it starts with the
// gzip magic number (whatever its name says). Reads from a truncated gzip stream fail
// with an error wrapping ErrTruncated.
func Open(path string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(f, bufferSize(f))
	magic, err := br.Peek(2)
	if err != nil && !errors.Is(err, io.EOF) {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, &RowError{Pos: Position{File: path}, Err: fmt.Errorf("%w: gzip header: %v", ErrTruncated, err)}
		}
		return &gzipFile{zr: zr, f: f}, nil
	}
	return &plainFile{Reader: br, f: f}, nil
}

// maxBuffer is the read buffer of a large file.
const maxBuffer = 256 << 10

// bufferSize is the read buffer for f: maxBuffer, or less for a smaller file, so
// that reading a directory of thousands of short stories (CNN/DailyMail, XSum)
// does not allocate and clear a quarter megabyte for each.
func bufferSize(f *os.File) int {
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() || info.Size() >= maxBuffer {
		return maxBuffer
	}
	// One byte more than the file, so that the first fill reads it whole and sees
	// EOF; bufio's minimum (16) covers the magic-number peek.
	return int(info.Size()) + 1
}

type plainFile struct {
	*bufio.Reader
	f *os.File
}

func (p *plainFile) Close() error { return p.f.Close() }

type gzipFile struct {
	zr *gzip.Reader
	f  *os.File
}

func (g *gzipFile) Read(p []byte) (int, error) {
	n, err := g.zr.Read(p)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		err = fmt.Errorf("%w: gzip stream ends early", ErrTruncated)
	} else if err != nil && !errors.Is(err, io.EOF) {
		err = fmt.Errorf("%w: %v", ErrTruncated, err)
	}
	return n, err
}

func (g *gzipFile) Close() error {
	g.zr.Close()
	return g.f.Close()
}
