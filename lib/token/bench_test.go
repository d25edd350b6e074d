package token

import (
	"sync"
	"testing"
	"time"
)

// The benchmarks count the real texts of the shared datasets (about 3.7 MB, the
// same texts TestGoldenCounts checks and golden.mjs reads, so that bench.mjs
// measures js-tiktoken on exactly the same input), so that MB/s reflects the
// data qmix counts:
//
//	go test -run '^$' -bench . -cpu 1,2 ./lib/token/
//
// BenchmarkCountAllCold at -cpu 1 and 2 gives the tokenizer's rate per core and
// CountAll's scaling; BenchmarkCountAllCached the rate of a re-count served from
// the cache; their ratio is the cache's speed-up. Besides MB/s (wall clock), each
// reports MB/cpu-s, bytes per second of CPU time used by the whole process: on a
// machine shared with other jobs wall-clock rates drop with the load, while the
// CPU-time rate stays close to what one core does alone.

var (
	benchOnce  sync.Once
	benchCache []string
)

func benchTexts(b *testing.B) ([]string, int64) {
	b.Helper()
	dir := datasetsOrSkip(b)
	benchOnce.Do(func() { benchCache = allGoldenTexts(b, dir) })
	if len(benchCache) == 0 {
		b.Fatal("no dataset texts collected")
	}
	return benchCache, int64(totalBytes(benchCache))
}

// cpuMeter measures MB per CPU-second (or CPU ns per op) over a benchmark loop.
//
// The benchmarks loop over b.N rather than b.Loop: with b.Loop the first result
// of `-cpu 1,2` is measured before the testing package sets GOMAXPROCS to 1
// (Go 1.26), which would misreport CountAll's single-core rate.
type cpuMeter struct {
	b     *testing.B
	bytes int64
	start time.Duration
}

// startCPU resets the timer and starts measuring; with bytes 0 it reports CPU
// ns per op instead of MB/cpu-s.
func startCPU(b *testing.B, bytes int64) *cpuMeter {
	b.SetBytes(bytes)
	b.ResetTimer()
	return &cpuMeter{b: b, bytes: bytes, start: processCPUTime()}
}

func (m *cpuMeter) stop() {
	m.b.StopTimer()
	cpu := processCPUTime() - m.start
	if cpu <= 0 || m.b.N == 0 {
		return
	}
	if m.bytes > 0 {
		m.b.ReportMetric(float64(m.bytes)*float64(m.b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
	} else {
		m.b.ReportMetric(float64(cpu.Nanoseconds())/float64(m.b.N), "cpu-ns/op")
	}
}

func newBenchCounter(b *testing.B, opts Options) *Counter {
	b.Helper()
	c, err := NewWithOptions(opts)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkCountAllCold tokenizes every text on each iteration (cache off).
func BenchmarkCountAllCold(b *testing.B) {
	texts, n := benchTexts(b)
	c := newBenchCounter(b, Options{NoCache: true})
	m := startCPU(b, n)
	for range b.N {
		c.CountAll(texts)
	}
	m.stop()
}

// BenchmarkCountCold is the single-goroutine rate of Count, without the cache.
func BenchmarkCountCold(b *testing.B) {
	texts, n := benchTexts(b)
	c := newBenchCounter(b, Options{NoCache: true})
	m := startCPU(b, n)
	for range b.N {
		for _, t := range texts {
			c.Count(t)
		}
	}
	m.stop()
}

// BenchmarkCountAllCached re-counts texts that are all in the memory cache, as a
// second run does once the disk cache is loaded.
func BenchmarkCountAllCached(b *testing.B) {
	texts, n := benchTexts(b)
	c := newBenchCounter(b, Options{})
	c.CountAll(texts)
	m := startCPU(b, n)
	for range b.N {
		c.CountAll(texts)
	}
	m.stop()
	if s := c.Stats(); s.Misses != int64(s.Entries) {
		b.Fatalf("cache did not serve the re-counts: %+v", s)
	}
}

// BenchmarkCacheLoad measures a second run's start: a new Counter reading the
// cache file that a first run saved for all the texts.
func BenchmarkCacheLoad(b *testing.B) {
	texts, _ := benchTexts(b)
	dir := b.TempDir()
	first := newBenchCounter(b, Options{CacheDir: dir})
	first.CountAll(texts)
	if err := first.Save(); err != nil {
		b.Fatal(err)
	}
	entries := first.Stats().Entries
	b.ResetTimer()
	for range b.N {
		c := newBenchCounter(b, Options{CacheDir: dir})
		if err := c.LoadCache(); err != nil {
			b.Fatal(err)
		}
		if got := c.Stats().Loaded; got != entries {
			b.Fatalf("loaded %d entries, want %d", got, entries)
		}
	}
	b.ReportMetric(float64(entries), "entries")
}

// BenchmarkShortTexts compares, on the dataset texts shorter than 16 bytes,
// tokenizing them against a cache hit (hash + lookup). It is why even the
// shortest texts are cached. Tokenizing a hot short string is about as cheap as
// hashing it. Across many different short texts, though, the BPE rank lookups
// miss the CPU cache, and the hit is cheaper.
func BenchmarkShortTexts(b *testing.B) {
	all, _ := benchTexts(b)
	var texts []string
	var n int64
	for _, t := range all {
		if len(t) < 16 {
			texts = append(texts, t)
			n += int64(len(t))
		}
	}
	b.Run("tokenize", func(b *testing.B) {
		c := newBenchCounter(b, Options{NoCache: true})
		m := startCPU(b, n)
		for range b.N {
			for _, t := range texts {
				c.Count(t)
			}
		}
		m.stop()
		b.ReportMetric(float64(len(texts)), "texts")
	})
	b.Run("hit", func(b *testing.B) {
		c := newBenchCounter(b, Options{})
		c.CountAll(texts)
		m := startCPU(b, n)
		for range b.N {
			for _, t := range texts {
				c.Count(t)
			}
		}
		m.stop()
		b.ReportMetric(float64(len(texts)), "texts")
	})
}

// BenchmarkTiktokenGoCold is github.com/pkoukk/tiktoken-go's EncodeOrdinary on
// the same texts, single goroutine: the engine's baseline (compare
// BenchmarkCountCold).
func BenchmarkTiktokenGoCold(b *testing.B) {
	texts, n := benchTexts(b)
	tk := oracle(b, O200kBase)
	m := startCPU(b, n)
	for range b.N {
		for _, t := range texts {
			tk.EncodeOrdinary(t)
		}
	}
	m.stop()
}
