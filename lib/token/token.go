// Package token counts tokens exactly as OpenAI's tiktoken does, offline, with the
// o200k_base encoding (the GPT-4o family's, spec.md's unit) or cl100k_base on request.
// Counting runs in parallel over all cores.
package token

import (
	"fmt"
	"runtime"
	"sync"

	"github.com/pkoukk/tiktoken-go"
	loader "github.com/pkoukk/tiktoken-go-loader"
)

// Encodings this package counts with.
const (
	O200kBase  = "o200k_base"
	Cl100kBase = "cl100k_base"
)

func init() {
	// The vocabularies are embedded in the loader module: nothing is downloaded.
	tiktoken.SetBpeLoader(loader.NewOfflineLoader())
}

// Counter counts tokens with one encoding. It is safe for concurrent use.
type Counter struct {
	enc      *tiktoken.Tiktoken
	encoding string
}

// New returns a Counter for the named encoding ("" means o200k_base).
func New(encoding string) (*Counter, error) {
	if encoding == "" {
		encoding = O200kBase
	}
	if encoding != O200kBase && encoding != Cl100kBase {
		return nil, fmt.Errorf("token: unknown encoding %q (want %s or %s)", encoding, O200kBase, Cl100kBase)
	}
	enc, err := tiktoken.GetEncoding(encoding)
	if err != nil {
		return nil, fmt.Errorf("token: load %s: %w", encoding, err)
	}
	return &Counter{enc: enc, encoding: encoding}, nil
}

var (
	defaultOnce    sync.Once
	defaultCounter *Counter
	defaultErr     error
)

// Default returns the process-wide o200k_base Counter.
func Default() (*Counter, error) {
	defaultOnce.Do(func() { defaultCounter, defaultErr = New(O200kBase) })
	return defaultCounter, defaultErr
}

// Encoding names the counter's encoding.
func (c *Counter) Encoding() string { return c.encoding }

// Count returns the number of tokens in text. Special-token strings such as
// "<|endoftext|>" are counted as ordinary text, as tiktoken's encode_ordinary does:
// they are data here, never control tokens.
func (c *Counter) Count(text string) int {
	if text == "" {
		return 0
	}
	return len(c.enc.EncodeOrdinary(text))
}

// CountAll counts every text, in parallel over GOMAXPROCS workers; out[i] is the
// count of texts[i].
func (c *Counter) CountAll(texts []string) []int {
	out := make([]int, len(texts))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = c.Count(texts[i])
			}
		}()
	}
	for i := range texts {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}
