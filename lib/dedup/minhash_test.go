package dedup

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// signatureRef is the definition: the minimum of (a·x + b) >> 32 over the tokens.
func signatureRef(h *hasher, tokens []uint32, sig []uint32) {
	for i := range sig {
		m := uint32(math.MaxUint32)
		for _, t := range tokens {
			m = min(m, uint32((h.a[i]*uint64(t)+h.b[i])>>32))
		}
		sig[i] = m
	}
}

// TestSignature checks the fast paths (AVX-512 where the CPU has it, and the
// four-at-a-time Go loop) against the definition, for signature lengths around the
// 128-wide vector kernel and token lists from empty to article length.
func TestSignature(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, numPerm := range []int{1, 7, 64, 127, 128, 130, 256, 300} {
		h := newHasher(DefaultSeed, numPerm)
		for _, nt := range []int{0, 1, 2, 5, 14, 100, 1000} {
			tokens := make([]uint32, nt)
			for i := range tokens {
				tokens[i] = rng.Uint32()
			}
			if nt > 2 {
				tokens[1] = 0
				tokens[2] = math.MaxUint32
			}
			want := make([]uint32, numPerm)
			signatureRef(h, tokens, want)
			got := make([]uint32, numPerm)
			h.signature(tokens, got)
			if !slices.Equal(got, want) {
				t.Errorf("numPerm %d, %d tokens (AVX-512 %v): signature differs from the definition", numPerm, nt, useAVX512)
			}
			clear(got)
			signatureGo(h.a, h.b, tokens, got)
			if !slices.Equal(got, want) {
				t.Errorf("numPerm %d, %d tokens: signatureGo differs from the definition", numPerm, nt)
			}
		}
	}
}

// TestSortIDs checks the radix sort against slices.Sort on lengths around radixMin,
// with repeats and with values that share bytes (passes that are skipped).
func TestSortIDs(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var buf []uint32
	for _, n := range []int{0, 1, 2, radixMin - 1, radixMin, radixMin + 1, 500, 5000} {
		for _, gen := range []func() uint32{
			rng.Uint32,
			func() uint32 { return uint32(rng.IntN(20)) },             // repeats; high bytes all 0
			func() uint32 { return 0xabcd0000 | uint32(rng.IntN(7)) }, // two passes skipped
		} {
			ids := make([]uint32, n)
			for i := range ids {
				ids[i] = gen()
			}
			want := slices.Clone(ids)
			slices.Sort(want)
			sortIDs(ids, &buf)
			if !slices.Equal(ids, want) {
				t.Fatalf("sortIDs of %d ids differs from slices.Sort", n)
			}
		}
	}
}

// TestMaybeNumberWord checks that the prefilter passes every number word.
func TestMaybeNumberWord(t *testing.T) {
	for w := range numberWords {
		if !maybeNumberWord([]byte(w)) {
			t.Errorf("maybeNumberWord(%q) = false", w)
		}
	}
	for _, w := range []string{"a", "question", "élan", "zzzzzzzzzzzzzzzzzzzz"} {
		if maybeNumberWord([]byte(w)) {
			t.Errorf("maybeNumberWord(%q) = true: the prefilter lets it through to the map", w)
		}
	}
}
