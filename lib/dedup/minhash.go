package dedup

import (
	"math"
	"math/rand/v2"
)

// MinHash (Broder 1997, "On the resemblance and containment of documents"): for a
// random hash function h, Pr[min h(A) = min h(B)] = J(A, B), the Jaccard similarity
// of the sets A and B. A signature is the minimum under NumPerm independent hash
// functions; LSH banding (Indyk & Motwani 1998; Leskovec, Rajaraman & Ullman, "Mining
// of Massive Datasets", ch. 3) cuts it into Bands bands of Rows values, and two
// records become a candidate pair when any band is equal, which happens with
// probability 1-(1-J^Rows)^Bands: the S-curve of CandidateProbability.
//
// The hash functions are multiply-add-shift, h(x) = (a·x + b) >> 32 over 64-bit
// arithmetic with random 64-bit a and b, a strongly universal family from 32-bit to
// 32-bit values (Dietzfelbinger 1996, "Universal hashing and k-wise independent
// random variables via integer multiplication"). It costs one multiplication per
// token and function; the exact verification of every candidate makes up for the
// small bias of a 2-universal family against truly min-wise independent ones.

// hasher holds the seeded hash functions of one Deduper.
type hasher struct {
	tokenSeed uint64   // seeds the token hash (FNV-1a offset XOR this)
	a, b      []uint64 // one multiply-add-shift function per permutation
}

func newHasher(seed uint64, numPerm int) *hasher {
	// PCG with two words from the one seed: the second word is a fixed odd constant
	// (the 64-bit golden ratio) so that seed 1 and seed 2 give unrelated streams.
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	h := &hasher{tokenSeed: rng.Uint64(), a: make([]uint64, numPerm), b: make([]uint64, numPerm)}
	for i := range h.a {
		h.a[i] = rng.Uint64()
		h.b[i] = rng.Uint64()
	}
	return h
}

// FNV-1a 64-bit constants (Fowler, Noll, Vo; IETF draft-eastlake-fnv).
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// hashBytes is seeded FNV-1a followed by the SplitMix64 finalizer (Steele, Lea &
// Flood 2014), which spreads FNV's weak high bits so that any 32 bits of the result
// can serve as a token id.
func (h *hasher) hashBytes(p []byte) uint64 {
	x := uint64(fnvOffset) ^ h.tokenSeed
	for _, c := range p {
		x ^= uint64(c)
		x *= fnvPrime
	}
	return mix64(x)
}

func (h *hasher) hashString(s string) uint64 {
	x := uint64(fnvOffset) ^ h.tokenSeed
	for i := 0; i < len(s); i++ {
		x ^= uint64(s[i])
		x *= fnvPrime
	}
	return mix64(x)
}

// mix64 is the SplitMix64 finalizer: a bijection with full avalanche.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// combine folds v into the running sequence hash acc (order-sensitive).
func combine(acc, v uint64) uint64 { return mix64(acc*0x9e3779b97f4a7c15 + v + 1) }

// signature writes the MinHash signature of tokens into sig (len(sig) permutations):
// 128 at a time with AVX-512 where the CPU has it, the rest in Go.
func (h *hasher) signature(tokens []uint32, sig []uint32) {
	n := len(sig)
	a, b := h.a[:n], h.b[:n]
	i := 0
	if useAVX512 && len(tokens) > 0 {
		for ; i+128 <= n; i += 128 {
			signature128AVX512((*[128]uint64)(a[i:]), (*[128]uint64)(b[i:]), tokens, (*[128]uint32)(sig[i:]))
		}
	}
	signatureGo(a[i:], b[i:], tokens, sig[i:])
}

// signatureGo is signature for the functions a, b in plain Go. Four permutations at
// a time, each with its running minimum in a register: the loop is bound by the
// multiplier (about one product per cycle) instead of by loads and stores of sig.
// The minimum is taken over the whole 64-bit a·x + b and shifted once at the end:
// the high half of the least value is the least high half, so the result is that
// of h, one shift per product cheaper.
func signatureGo(a, b []uint64, tokens []uint32, sig []uint32) {
	n := len(sig)
	a, b = a[:n], b[:n]
	i := 0
	for ; i+4 <= n; i += 4 {
		a4, b4 := (*[4]uint64)(a[i:]), (*[4]uint64)(b[i:])
		m0, m1, m2, m3 := uint64(math.MaxUint64), uint64(math.MaxUint64), uint64(math.MaxUint64), uint64(math.MaxUint64)
		for _, t := range tokens {
			x := uint64(t)
			m0 = min(m0, a4[0]*x+b4[0])
			m1 = min(m1, a4[1]*x+b4[1])
			m2 = min(m2, a4[2]*x+b4[2])
			m3 = min(m3, a4[3]*x+b4[3])
		}
		sig[i], sig[i+1], sig[i+2], sig[i+3] = uint32(m0>>32), uint32(m1>>32), uint32(m2>>32), uint32(m3>>32)
	}
	for ; i < n; i++ {
		m := uint64(math.MaxUint64)
		for _, t := range tokens {
			m = min(m, a[i]*uint64(t)+b[i])
		}
		sig[i] = uint32(m >> 32)
	}
}

// bandKeys hashes each band of rows values of sig into one 32-bit key. 32 bits are
// enough: two different bands share a key with probability 2^-32 per pair, so among
// a million records a band adds about one spurious candidate per 4,000 records,
// which verification rejects.
func bandKeys(sig []uint32, bands, rows int, keys []uint32) []uint32 {
	keys = keys[:0]
	for j := 0; j < bands; j++ {
		acc := uint64(j + 1)
		for _, v := range sig[j*rows : (j+1)*rows] {
			acc = (acc ^ uint64(v)) * fnvPrime
		}
		keys = append(keys, uint32(mix64(acc)>>32))
	}
	return keys
}

// estimate is the MinHash estimate of the Jaccard similarity: the share of equal
// signature values.
func estimate(x, y []uint32) float64 {
	eq := 0
	for i := range x {
		if x[i] == y[i] {
			eq++
		}
	}
	return float64(eq) / float64(len(x))
}

// CandidateProbability is the LSH S-curve: the probability 1-(1-j^rows)^bands that
// a pair with Jaccard similarity j shares at least one of bands bands of rows
// MinHash values, and so is verified.
func CandidateProbability(j float64, bands, rows int) float64 {
	return 1 - math.Pow(1-math.Pow(j, float64(rows)), float64(bands))
}

// TargetRecall is the probability with which ChooseBands makes a pair sitting
// exactly at the threshold a candidate. Pairs above the threshold are found more
// often still (the S-curve rises), and every candidate is verified exactly, so the
// price of a high target is only the verification of more dissimilar pairs.
const TargetRecall = 0.99

// ChooseBands picks the LSH banding for a threshold and a signature length: the
// largest Rows (fewest dissimilar candidates, least verification work) whose Bands =
// numPerm/Rows still find a pair at the threshold with probability ≥ TargetRecall.
//
// For the defaults (threshold 0.8, 128 permutations) that is 21 bands × 6 rows:
// P(0.8) = 0.998, P(0.85) = 0.99996, while P(0.6) = 0.63, P(0.5) = 0.28, P(0.4) = 0.08
// and P(0.3) = 0.015 — dissimilar pairs rarely reach verification. The next step,
// 18 × 7, finds only 98.6% of pairs at 0.8; the common 16 × 8 (datatrove-like) only
// 94.7%. Short questions need the recall: a changed word in a 12-word question gives
// Jaccard 11/13 = 0.85 and a three-word prefix 12/15 = 0.80 (see the package doc).
func ChooseBands(threshold float64, numPerm int) (bands, rows int) {
	for r := numPerm; r > 1; r-- {
		b := numPerm / r
		if CandidateProbability(threshold, b, r) >= TargetRecall {
			return b, r
		}
	}
	return numPerm, 1
}
