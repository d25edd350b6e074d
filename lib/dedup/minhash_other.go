//go:build !amd64 || purego

package dedup

const useAVX512 = false

func signature128AVX512(a, b *[128]uint64, tokens []uint32, sig *[128]uint32) {
	panic("dedup: no AVX-512 on this platform")
}
