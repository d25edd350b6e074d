package validate

import "testing"

// BenchmarkValidate runs every built-in rule over every real record of
// ../shared/datasets (about 9,100 records).
func BenchmarkValidate(b *testing.B) {
	recs := allReal(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Validate(recs, Options{})
	}
	b.ReportMetric(float64(len(recs))*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
