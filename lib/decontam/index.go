package decontam

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Index holds the benchmarks' exact keys and n-gram postings.
type Index struct {
	opt      Options
	benches  []string
	benchIdx map[string]int
	items    []item
	exact    map[string][]int32
	grams    []gramIndex // one per n-gram size in use, ShortN and LongN
	stats    []indexStats
}

// item is one benchmark record as the index knows it.
type item struct {
	bench int
	id    string
	n     int // n-gram size it is indexed by; 0 when it is exact-only
	grams int // its distinct n-grams after template n-grams are removed
}

type gramIndex struct {
	n        int
	postings map[uint64][]int32 // n-gram hash → items containing it
	// filter has one bit per hash value modulo its size, set for every hash in
	// postings: most n-grams of a training record are in no benchmark, and one bit
	// test rejects them before the map lookup.
	filter []uint64
	mask   uint64
}

// buildFilter sizes the filter to about 16 bits per posting (a few per cent false
// positives) and sets the bits.
func (g *gramIndex) buildFilter() {
	bits := uint64(1 << 16)
	for bits < 16*uint64(len(g.postings)) {
		bits <<= 1
	}
	g.filter, g.mask = make([]uint64, bits/64), bits-1
	for h := range g.postings {
		b := h & g.mask
		g.filter[b/64] |= 1 << (b % 64)
	}
}

// maybe reports whether h may be in postings.
func (g *gramIndex) maybe(h uint64) bool {
	b := h & g.mask
	return g.filter[b/64]&(1<<(b%64)) != 0
}

// indexStats counts, per benchmark, how its items were indexed.
type indexStats struct {
	items, long, short, exactOnly, template int
}

// NewIndex indexes the benchmarks' questions. Benchmark names must be unique.
func NewIndex(benches []Benchmark, opt Options) (*Index, error) {
	o, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	ix := &Index{opt: o, benchIdx: map[string]int{}, exact: map[string][]int32{}}
	long := gramIndex{n: o.LongN, postings: map[uint64][]int32{}}
	short := gramIndex{n: o.ShortN, postings: map[uint64][]int32{}}
	for b, bench := range benches {
		if _, dup := ix.benchIdx[bench.Name]; dup || bench.Name == "" {
			return nil, fmt.Errorf("decontam: benchmark name %q empty or given twice", bench.Name)
		}
		ix.benchIdx[bench.Name] = b
		ix.benches = append(ix.benches, bench.Name)
		st := indexStats{items: len(bench.Records)}
		// df counts, within this benchmark, how many items contain each n-gram.
		df := map[uint64]int{}
		first := int32(len(ix.items))
		for _, r := range bench.Records {
			it := int32(len(ix.items))
			ix.items = append(ix.items, item{bench: b, id: r.ID})
			key := normalize(r.Question)
			if key == "" {
				continue
			}
			ix.exact[key] = appendOnce(ix.exact[key], it)
			ws := words(r.Question)
			g := &short
			switch {
			case len(ws) >= o.LongFrom:
				g = &long
				st.long++
			case len(ws) >= o.ShortFrom:
				st.short++
			default:
				st.exactOnly++
				continue
			}
			ix.items[it].n = g.n
			seen := map[uint64]bool{}
			eachGram(ws, g.n, func(h uint64) {
				if !seen[h] {
					seen[h] = true
					g.postings[h] = append(g.postings[h], it)
					df[h]++
				}
			})
			ix.items[it].grams = len(seen)
		}
		// Template n-grams: in more than MaxItemFreq of this benchmark's items. They
		// leave the postings and the items' counts, so that coverage is measured on
		// the text that makes an item itself.
		for h, n := range df {
			if n <= o.MaxItemFreq {
				continue
			}
			for _, g := range []*gramIndex{&long, &short} {
				var keep []int32
				for _, it := range g.postings[h] {
					if it >= first {
						ix.items[it].grams--
						continue
					}
					keep = append(keep, it)
				}
				if len(keep) == 0 {
					delete(g.postings, h)
				} else {
					g.postings[h] = keep
				}
			}
			st.template++
		}
		ix.stats = append(ix.stats, st)
	}
	if short.n == long.n {
		for h, its := range short.postings {
			long.postings[h] = append(long.postings[h], its...)
		}
		short.postings = nil
	}
	for _, g := range []gramIndex{long, short} {
		if len(g.postings) > 0 {
			g.buildFilter()
			ix.grams = append(ix.grams, g)
		}
	}
	return ix, nil
}

func appendOnce(s []int32, v int32) []int32 {
	if len(s) > 0 && s[len(s)-1] == v {
		return s
	}
	return append(s, v)
}

// Options returns the effective options (defaults filled in).
func (ix *Index) Options() Options { return ix.opt }

// normalize is the exact-match key of a question: its words, lower case, joined by
// single spaces. Punctuation, white space and case differences do not matter.
func normalize(s string) string { return string(appendNormal(nil, s)) }

// appendNormal appends normalize(s) to dst: strings.Join(strings.FieldsFunc(
// strings.ToLower(s), notWordRune), " ") in one pass, each rune lowercased as
// strings.ToLower does (an invalid byte becomes U+FFFD, which separates words), so
// that checking a record builds no strings.
func appendNormal(dst []byte, s string) []byte {
	start := len(dst)
	in := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			default:
				in = false
				continue
			}
			if !in && len(dst) > start {
				dst = append(dst, ' ')
			}
			dst, in = append(dst, c), true
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		lr := unicode.ToLower(r)
		if notWordRune(lr) {
			in = false
			continue
		}
		if !in && len(dst) > start {
			dst = append(dst, ' ')
		}
		dst, in = utf8.AppendRune(dst, lr), true
	}
	return dst
}

func notWordRune(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) }

// words hashes the words of s: runs of letters and digits, lower case (numbers are
// kept, so that GSM8K items with other numbers stay apart). It is normalize's
// splitting done in one pass without building the strings, as records can be long.
func words(s string) []uint64 {
	out := make([]uint64, 0, len(s)/6)
	const offset = 14695981039346656037
	h, in := uint64(offset), false
	var buf [utf8.UTFMax]byte
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			default:
				if in {
					out, h, in = append(out, h), offset, false
				}
				continue
			}
			h = (h ^ uint64(c)) * 1099511628211
			in = true
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if notWordRune(r) {
			if in {
				out, h, in = append(out, h), offset, false
			}
			continue
		}
		n := utf8.EncodeRune(buf[:], unicode.ToLower(r))
		for _, b := range buf[:n] {
			h = (h ^ uint64(b)) * 1099511628211
		}
		in = true
	}
	if in {
		out = append(out, h)
	}
	return out
}

// eachGram calls fn with the hash of every n-gram of ws (none when ws is shorter):
// a polynomial rolling hash over the word hashes, xored with a salt of n so that an
// 8-gram and a 13-gram of the same words do not share a hash.
func eachGram(ws []uint64, n int, fn func(uint64)) {
	if len(ws) < n {
		return
	}
	const p = 1099511628211 * 31
	pn := uint64(1) // p^(n-1)
	for i := 1; i < n; i++ {
		pn *= p
	}
	salt := uint64(n) * 0x9e3779b97f4a7c15
	var h uint64
	for i := 0; i < n; i++ {
		h = h*p + ws[i]
	}
	fn(h ^ salt)
	for i := n; i < len(ws); i++ {
		h = (h-ws[i-n]*pn)*p + ws[i]
		fn(h ^ salt)
	}
}
