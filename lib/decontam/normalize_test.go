package decontam

import (
	"strings"
	"testing"
)

// normalizeRef is normalize as its doc defines it, for appendNormal to match.
func normalizeRef(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), notWordRune), " ")
}

var normalizeCases = []string{
	"", " ", "a", "  Janet’s ducks, lay 16 EGGS!", "İstanbul KELVIN \u212a sign", "ΣΊΣΥΦΟΣ ǅemal ½ ² ٣",
	"bad \xff\xfe bytes\xc3in \xe2\x82 words", "tab\tand\nnew\r\nlines--and__underscores", "already normal text 42",
	"日本語のテキスト、句読点。", "x\u0301 combining accent", "EMOJI 🙂 between", "'quoted' \"words\" (paren)",
}

// TestAppendNormal compares the one-pass normalisation with its definition.
func TestAppendNormal(t *testing.T) {
	for _, s := range normalizeCases {
		if got, want := normalize(s), normalizeRef(s); got != want {
			t.Errorf("normalize(%q) = %q, want %q", s, got, want)
		}
		if got := string(appendNormal([]byte("prefix"), s)); got != "prefix"+normalizeRef(s) {
			t.Errorf("appendNormal after a prefix: %q", got)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range normalizeCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := normalize(s), normalizeRef(s); got != want {
			t.Fatalf("normalize(%q) = %q, want %q", s, got, want)
		}
	})
}
