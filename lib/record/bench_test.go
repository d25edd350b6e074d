package record

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// BenchmarkReader reads about 8 MB of schema JSONL whose records carry token
// counts, as a build's outputs do.
func BenchmarkReader(b *testing.B) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	q := strings.Repeat("A train leaves the station at 3 pm travelling 60 miles per hour. ", 6)
	for i := 0; buf.Len() < 8<<20; i++ {
		w.Write(Record{ID: fmt.Sprintf("bench/test/%d", i), Question: q, Answer: "It arrives at 5 pm.\n#### 5",
			Domain: Math, Difficulty: Easy, Source: "bench", SourceID: fmt.Sprint(i), License: "MIT",
			Tokens: Tokens{Question: 90, Answer: 9}, Meta: map[string]any{"final_answer": "5"}})
		w.Flush()
	}
	in := buf.Bytes()
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		var rd Reader
		if err := rd.Each(bytes.NewReader(in), "bench.jsonl", func(Record) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}
