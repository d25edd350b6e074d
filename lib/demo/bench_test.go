package demo

import "testing"

// BenchmarkGenerate generates the demo at the plan's sizes (Scale 1). Target: a few
// seconds on a 2-core machine.
func BenchmarkGenerate(b *testing.B) {
	dir := b.TempDir()
	for b.Loop() {
		if _, err := Generate(dir, Options{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
