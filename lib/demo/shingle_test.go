package demo

import (
	"sort"
	"strings"
	"unicode"
)

// normalize lowercases, strips punctuation and collapses whitespace, as the
// recommended dedup normalization does (research/curation.md, section c).
func normalize(s string) string {
	var b strings.Builder
	space := true
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
			space = false
		case unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r):
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimSpace(b.String())
}

// shingles are the hashed character 5-grams of the normalized text (the whole text
// when shorter), sorted and distinct.
func shingles(s string) []uint64 {
	n := []rune(normalize(s))
	const k = 5
	var out []uint64
	if len(n) <= k {
		return []uint64{fnv(string(n))}
	}
	for i := 0; i+k <= len(n); i++ {
		out = append(out, fnv(string(n[i:i+k])))
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	w := 0
	for i, x := range out {
		if i == 0 || x != out[w-1] {
			out[w] = x
			w++
		}
	}
	return out[:w]
}

func fnv(s string) uint64 {
	h := uint64(1469598103934665603)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// jaccard of two sorted distinct sets.
func jaccard(a, b []uint64) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	i, j, inter := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
