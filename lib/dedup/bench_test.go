package dedup

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"qmix/lib/record"
)

// shortQuestions generates n short questions (8 to 20 words, median 14, about 75
// characters) from a Zipf-distributed vocabulary of 20,000 made-up words, the shape
// of a word-frequency list: P(rank k) ∝ (k+3)^-1.1 gives the most common word 5.5%
// of all words, the top 10 25% and the top 100 52%, as in English text. One in five carries a number. About 4% are edited
// copies of an earlier question (a typo, a changed or a dropped word) and 2% exact
// copies with other case and punctuation, so that the verification and exact paths
// run too. Seeded: the same n and seed give the same questions.
func shortQuestions(n int, seed uint64) []record.Record {
	rng := rand.New(rand.NewPCG(seed, 1))
	const vocabSize = 20000
	vocab := make([]string, vocabSize)
	for i := range vocab {
		b := make([]byte, 2+rng.IntN(9))
		for k := range b {
			b[k] = byte('a' + rng.IntN(26))
		}
		vocab[i] = string(b)
	}
	zipf := rand.NewZipf(rng, 1.1, 3, vocabSize-1)
	recs := make([]record.Record, n)
	var sb strings.Builder
	for i := range recs {
		var q string
		switch x := rng.IntN(100); {
		case x < 4 && i > 0:
			words := strings.Fields(recs[rng.IntN(i)].Question)
			k := rng.IntN(len(words))
			switch x {
			case 0, 1:
				words[k] = vocab[zipf.Uint64()]
			case 2:
				words = append(words[:k], words[k+1:]...)
			default:
				w := []byte(words[k])
				w[len(w)/2] = 'z'
				words[k] = string(w)
			}
			q = strings.Join(words, " ")
		case x < 6 && i > 0:
			q = strings.ToUpper(recs[rng.IntN(i)].Question) + "!"
		default:
			sb.Reset()
			words := 8 + rng.IntN(7) + rng.IntN(7)
			for w := 0; w < words; w++ {
				if w > 0 {
					sb.WriteByte(' ')
				}
				sb.WriteString(vocab[zipf.Uint64()])
			}
			if rng.IntN(5) == 0 {
				fmt.Fprintf(&sb, " %d", rng.IntN(1000))
			}
			sb.WriteByte('?')
			q = sb.String()
		}
		recs[i] = record.Record{ID: fmt.Sprintf("bench/%d", i), Question: q, Domain: record.Reasoning,
			Difficulty: record.Easy, Source: "bench"}
	}
	return recs
}

// peakHeap samples the live heap every 20 ms until stop is closed and returns the
// largest HeapAlloc seen.
func peakHeap(stop <-chan struct{}) <-chan uint64 {
	out := make(chan uint64, 1)
	go func() {
		var ms runtime.MemStats
		var peak uint64
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
			select {
			case <-stop:
				out <- peak
				return
			case <-t.C:
			}
		}
	}()
	return out
}

func benchRun(b *testing.B, n int) {
	recs := shortQuestions(n, 1)
	ref := recs[:n/10]
	in := recs[n/10:]
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var once sync.Once
	var peak uint64
	var stats Stats
	for b.Loop() {
		stop := make(chan struct{})
		res := peakHeap(stop)
		_, _, st, err := Run(ref, in, Options{})
		if err != nil {
			b.Fatal(err)
		}
		close(stop)
		peak = max(peak, <-res)
		stats = st
	}
	once.Do(func() {})
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "questions/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(peak-min(peak, base))/(1<<20), "dedup-heap-MB")
	b.ReportMetric(float64(stats.Exact+stats.Near)/float64(len(in))*100, "dropped-%")
}

// BenchmarkDedup100K deduplicates 100,000 generated short questions: the first 10%
// as the reference, the rest against it and each other. questions/s counts both.
func BenchmarkDedup100K(b *testing.B) { benchRun(b, 100_000) }

// BenchmarkDedup1M is the same at 1,000,000 questions; peak-heap-MB includes the
// input records (about 240 MB of them), dedup-heap-MB is the growth over them.
func BenchmarkDedup1M(b *testing.B) {
	if testing.Short() {
		b.Skip("1M questions: skipped under -short")
	}
	benchRun(b, 1_000_000)
}

// BenchmarkAdd100K is the streaming path: Add one record at a time on one goroutine.
func BenchmarkAdd100K(b *testing.B) {
	recs := shortQuestions(100_000, 1)
	for b.Loop() {
		d, _ := New(Options{})
		for _, r := range recs[:10_000] {
			d.AddReference(r)
		}
		for _, r := range recs[10_000:] {
			d.Add(r)
		}
	}
	b.ReportMetric(float64(len(recs))*float64(b.N)/b.Elapsed().Seconds(), "questions/s")
}
