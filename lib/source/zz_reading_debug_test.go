package source

import (
	"os"
	"testing"

	"qmix/lib/token"
)

func FuzzZZToken(f *testing.F) {
	f.Add([]byte("x"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, _ := token.Default()
		c.CountAll([]string{string(data), "abc"})
	})
}

func FuzzZZToken1(f *testing.F) {
	f.Add([]byte("x"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, _ := token.Default()
		c.Count(string(data))
	})
}

func FuzzZZGSM(f *testing.F) {
	f.Add([]byte(`{"question":"q","answer":"#### 1"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := t.TempDir() + "/x-test.jsonl"
		os.WriteFile(p, data, 0o644)
		ConvertAll("gsm8k", []string{p}, Options{})
	})
}
