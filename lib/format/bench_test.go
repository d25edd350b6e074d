package format

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// benchInput repeats a real file's bytes to about 8 MB so that per-call overhead
// does not dominate.
func benchInput(b *testing.B, rel string) []byte {
	data, err := os.ReadFile(filepath.Join(sharedDir(b), rel))
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for buf.Len() < 8<<20 {
		buf.Write(data)
		if data[len(data)-1] != '\n' {
			buf.WriteByte('\n')
		}
	}
	return buf.Bytes()
}

func BenchmarkEachJSONL(b *testing.B) {
	in := benchInput(b, "gsm8k/test.jsonl")
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		err := EachJSONL(bytes.NewReader(in), "bench.jsonl", Options{}, func(Row) error { n++; return nil })
		if err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEachCSV(b *testing.B) {
	in := benchInput(b, "codesearchnet/annotationStore.csv")
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		err := EachCSV(bytes.NewReader(in), "bench.csv", CSVOptions{}, Options{Lenient: true, Skip: func(*RowError) {}}, func(Row) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
	}
}
