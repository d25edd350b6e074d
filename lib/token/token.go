// Package token counts tokens exactly as OpenAI's tiktoken does, offline, with the
// o200k_base encoding (the GPT-4o family's, spec.md's unit) or cl100k_base on request.
//
// It exists so that every part of qmix measures text in the same unit, fast enough
// to count whole datasets repeatedly:
//
//   - Counts equal tiktoken's encode_ordinary: special-token strings such as
//     "<|endoftext|>" are ordinary text. The vocabularies are embedded by
//     github.com/pkoukk/tiktoken-go-loader, so nothing is downloaded. The engine
//     (bpe.go) is a counting-only port of tiktoken, tested to agree exactly with
//     github.com/pkoukk/tiktoken-go and, through testdata/golden_counts.jsonl, with
//     js-tiktoken on every text of the shared datasets.
//   - Counts are remembered by content hash, in memory and optionally in an
//     append-only cache file per encoding (see Options.CacheDir and Save), so a
//     second run over the same data does not tokenize again.
//   - CountAll spreads a batch over all cores.
package token

import (
	"log"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
)

// Encodings this package counts with.
const (
	O200kBase  = "o200k_base"
	Cl100kBase = "cl100k_base"
)

// CacheEnv names the environment variable that steers Default's disk cache:
// "off" disables it, any other non-empty value is the cache directory.
const CacheEnv = "QMIX_TOKEN_CACHE"

// Options configures NewWithOptions.
type Options struct {
	// Encoding is O200kBase or Cl100kBase; "" means O200kBase.
	Encoding string
	// CacheDir holds the counter's cache file (one file per encoding, shared by
	// every process using the same directory). "" means no disk cache: counts are
	// then remembered in memory only.
	CacheDir string
	// NoCache turns off the content-hash cache entirely, memory and disk: every
	// call tokenizes. For callers that count each text once, and for measuring
	// the tokenizer itself. With the cache on, each distinct text costs about 50
	// bytes of memory for the counter's lifetime.
	NoCache bool
	// Logf reports cache-file problems found while loading lazily (a corrupt or
	// truncated file is ignored, never trusted). nil means log.Printf.
	Logf func(format string, args ...any)
}

// Counter counts tokens with one encoding. It is safe for concurrent use.
type Counter struct {
	eng      *engine
	encoding string
	cache    *cache // nil when Options.NoCache
}

// New returns a Counter for the named encoding ("" means o200k_base), with an
// in-memory cache and no disk cache.
func New(encoding string) (*Counter, error) {
	return NewWithOptions(Options{Encoding: encoding})
}

// NewWithOptions returns a Counter configured by opts. The vocabulary is parsed
// once per process and shared by all counters of an encoding; the cache file, if
// any, is read lazily on first use (or by LoadCache).
func NewWithOptions(opts Options) (*Counter, error) {
	encoding := opts.Encoding
	if encoding == "" {
		encoding = O200kBase
	}
	eng, err := getEngine(encoding)
	if err != nil {
		return nil, err
	}
	c := &Counter{eng: eng, encoding: encoding}
	if !opts.NoCache {
		logf := opts.Logf
		if logf == nil {
			logf = log.Printf
		}
		c.cache = newCache(encoding, opts.CacheDir, logf)
	}
	return c, nil
}

var (
	defaultOnce    sync.Once
	defaultCounter *Counter
	defaultErr     error
)

// Default returns the process-wide o200k_base Counter. Its disk cache lives in
// DefaultCacheDir(); call Save on it before exiting to keep new counts for the
// next run.
func Default() (*Counter, error) {
	defaultOnce.Do(func() {
		defaultCounter, defaultErr = NewWithOptions(Options{Encoding: O200kBase, CacheDir: DefaultCacheDir()})
	})
	return defaultCounter, defaultErr
}

// DefaultCacheDir is the cache directory Default uses: "" (no disk cache) when
// $QMIX_TOKEN_CACHE is "off", the value of $QMIX_TOKEN_CACHE when set, else
// os.UserCacheDir()/qmix/tokens ("" if the user has no cache directory).
func DefaultCacheDir() string {
	v := os.Getenv(CacheEnv)
	switch {
	case strings.EqualFold(v, "off"):
		return ""
	case v != "":
		return v
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "qmix", "tokens")
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
	if c.cache == nil {
		return c.tokenize(text)
	}
	return c.cache.count(text, c.tokenize)
}

// tokenize counts without the cache.
func (c *Counter) tokenize(text string) int {
	return c.eng.count(text)
}

// CountAll counts every text, in parallel over GOMAXPROCS workers; out[i] is the
// count of texts[i].
func (c *Counter) CountAll(texts []string) []int {
	out := make([]int, len(texts))
	workers := min(runtime.GOMAXPROCS(0), len(texts))
	if workers <= 1 {
		for i, t := range texts {
			out[i] = c.Count(t)
		}
		return out
	}
	// Workers claim fixed-size chunks of indices with one atomic add each, so
	// there is no per-item channel send. Chunks are small enough (at least 8 per
	// worker) that one worker stuck on a long text does not leave the others
	// idle at the end, and at most 256 items so the tail stays short.
	chunk := min(max(len(texts)/(workers*8), 1), 256)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				end := int(next.Add(int64(chunk)))
				start := end - chunk
				if start >= len(texts) {
					return
				}
				end = min(end, len(texts))
				for i := start; i < end; i++ {
					out[i] = c.Count(texts[i])
				}
			}
		})
	}
	wg.Wait()
	return out
}
