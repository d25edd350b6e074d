package decontam

import "testing"

// BenchmarkIndex indexes the real evaluation splits of ../shared/datasets (about
// 7,200 items).
func BenchmarkIndex(b *testing.B) {
	benches := evalSplits(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := NewIndex(benches, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheck checks the real non-evaluation records against that index.
func BenchmarkCheck(b *testing.B) {
	ix, err := NewIndex(evalSplits(b), Options{})
	if err != nil {
		b.Fatal(err)
	}
	recs := cleanTraining(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix.CheckAll(recs)
	}
	b.ReportMetric(float64(len(recs))*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
