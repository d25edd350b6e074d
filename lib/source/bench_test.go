package source

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"qmix/lib/format"
	"qmix/lib/record"
	"qmix/lib/token"
)

// gsm8kBenchFile repeats the real GSM8K test split to about 8 MB in a temp file,
// renumbering nothing: the adapter's ids come from row indexes, so they stay unique.
func gsm8kBenchFile(b *testing.B) (string, int) {
	data, err := os.ReadFile(filepath.Join(sharedDir(b), "gsm8k", "test.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for buf.Len() < 8<<20 {
		buf.Write(data)
	}
	path := filepath.Join(b.TempDir(), "bench-test.jsonl")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	return path, buf.Len()
}

// BenchmarkConvertJSONL measures read + convert of release JSONL to records:
// "adapter" without token counting, "tokens-cold" counting every text (no cache),
// "tokens-cached" with every count already in the cache (a second run).
func BenchmarkConvertJSONL(b *testing.B) {
	path, size := gsm8kBenchFile(b)
	a, _ := Lookup("gsm8k")
	b.Run("adapter", func(b *testing.B) {
		b.SetBytes(int64(size))
		n := 0
		for i := 0; i < b.N; i++ {
			e := &Emitter{adapter: a, emit: func(format.Position, record.Record) error { n++; return nil }}
			if err := a.Convert(path, e); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
	})
	for _, mode := range []string{"tokens-cold", "tokens-cached"} {
		b.Run(mode, func(b *testing.B) {
			c, err := token.NewWithOptions(token.Options{NoCache: mode == "tokens-cold"})
			if err != nil {
				b.Fatal(err)
			}
			count := func() int {
				n := 0
				if err := Convert("gsm8k", []string{path}, Options{Counter: c}, func(record.Record) error { n++; return nil }); err != nil {
					b.Fatal(err)
				}
				return n
			}
			if mode == "tokens-cached" {
				count() // fill the cache
			}
			b.SetBytes(int64(size))
			b.ResetTimer()
			n := 0
			for i := 0; i < b.N; i++ {
				n += count()
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
		})
	}
}
