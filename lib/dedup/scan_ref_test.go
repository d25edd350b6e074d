package dedup

import (
	"slices"
	"testing"
	"unicode/utf8"
)

// scanRef is scan one byte at a time through ascii, without the run shortcut: the
// definition the shortcut must reproduce.
func (sc *scanner) scanRef(s string) {
	sc.reset()
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			sc.ascii(s, i, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		sc.rune(r, size, s, i)
	}
	sc.end()
}

var scanCases = []string{
	"", "a", "Janet’s ducks lay 16 eggs", "x^2-3=5, 80,000.5 and 3.14.15", "well-known n-1 -3 a--b",
	"ＡＢＣ１２３ ﬁ é ß", "\xff\xfe bad", "5th 21st abc123def", "UPPER lower MiXeD", "1,234,567 12,34 1.2.3",
	"tabs\tand\nlines", "ＡＢ-ｃ", "e.g. i.e. 3.x", "a.1 1.a 1.-2",
}

func sameScan(t *testing.T, s string) {
	t.Helper()
	var got, want scanner
	got.scan(s)
	want.scanRef(s)
	if got.n != want.n || !slices.Equal(got.buf, want.buf) || !slices.Equal(got.ends, want.ends) || !slices.Equal(got.kind, want.kind) {
		t.Fatalf("scan(%q) = %q %v %v, want %q %v %v", s, got.buf, got.ends, got.kind, want.buf, want.ends, want.kind)
	}
}

// TestScanMatchesReference compares scan with the byte-at-a-time definition.
func TestScanMatchesReference(t *testing.T) {
	for _, s := range scanCases {
		sameScan(t, s)
	}
	for _, r := range shortQuestions(2000, 3) {
		sameScan(t, r.Question)
	}
}

func FuzzScan(f *testing.F) {
	for _, s := range scanCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { sameScan(t, s) })
}
