//go:build amd64 && !purego

package dedup

import "golang.org/x/sys/cpu"

// useAVX512 says whether signature takes 128 permutations at a time with AVX-512
// (VPMULLQ and VPMINUQ on eight 64-bit lanes): the same products and minima as the
// Go loop, eight to a vector, several times faster on long texts.
var useAVX512 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ

//go:noescape
func signature128AVX512(a, b *[128]uint64, tokens []uint32, sig *[128]uint32)
