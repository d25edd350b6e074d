package token

import (
	"fmt"
	"math"
	"sync"
	"unicode"
	"unicode/utf8"

	loader "github.com/pkoukk/tiktoken-go-loader"
)

// This file is the counting engine: tiktoken's algorithm (split the text into
// pieces with the encoding's regular expression, then byte-pair-merge each piece
// by rank), specialised for counting.
//
// Why not call github.com/pkoukk/tiktoken-go: it splits with a general
// backtracking regex engine (dlclark/regexp2) over []rune copies and builds token
// slices. On the dataset texts that runs at about 2.7 MB/s per core
// (BenchmarkTiktokenGoCold), against about 40 MB/s here (BenchmarkCountCold).
// Most of the difference is the split. The hand-written splitter below
// reproduces regexp2's semantics exactly, rune class for rune class, because it
// uses the same Go unicode tables. TestMatchesTiktokenGo* holds it to that. It
// checks every golden text and random strings built to stress each pattern
// branch against the pattern under regexp2 (piece by piece) and against
// tiktoken-go's EncodeOrdinary (count by count). TestGoldenCounts compares it
// with js-tiktoken.
//
// The vocabularies come from github.com/pkoukk/tiktoken-go-loader, which embeds
// them: nothing is downloaded.

// engine counts tokens for one encoding. It is immutable and shared.
type engine struct {
	ranks map[string]int
	split func(s string, i int) int // end of the piece starting at byte i
}

var (
	enginesMu sync.Mutex
	engines   = map[string]*engine{}
)

// getEngine returns the shared engine for encoding, building it on first use
// (parsing a vocabulary takes a few hundred milliseconds).
func getEngine(encoding string) (*engine, error) {
	initClasses()
	enginesMu.Lock()
	defer enginesMu.Unlock()
	if e := engines[encoding]; e != nil {
		return e, nil
	}
	var split func(string, int) int
	switch encoding {
	case O200kBase:
		split = splitO200k
	case Cl100kBase:
		split = splitCl100k
	default:
		return nil, fmt.Errorf("token: unknown encoding %q (want %s or %s)", encoding, O200kBase, Cl100kBase)
	}
	ranks, err := loader.NewOfflineLoader().LoadTiktokenBpe(encoding + ".tiktoken")
	if err != nil {
		return nil, fmt.Errorf("token: load %s: %w", encoding, err)
	}
	for b := range 256 {
		// bytePairCount relies on every single byte being a token.
		if _, ok := ranks[string([]byte{byte(b)})]; !ok {
			return nil, fmt.Errorf("token: %s vocabulary lacks byte %#x", encoding, b)
		}
	}
	e := &engine{ranks: ranks, split: split}
	engines[encoding] = e
	return e, nil
}

// count returns the number of tokens tiktoken's encode_ordinary gives text.
func (e *engine) count(text string) int {
	if !utf8.ValidString(text) {
		// tiktoken-go works on []rune(text), which turns each invalid byte into
		// U+FFFD; do the same so that counts agree for any Go string.
		text = string([]rune(text))
	}
	n := 0
	for i := 0; i < len(text); {
		end := e.split(text, i)
		n += e.bytePairCount(text[i:end])
		i = end
	}
	return n
}

// bytePairCount is the number of tokens piece merges into: tiktoken's
// byte_pair_merge (repeatedly merge the adjacent pair whose concatenation has
// the lowest rank, leftmost first), as tiktoken-go implements it, counting
// instead of collecting.
func (e *engine) bytePairCount(piece string) int {
	if len(piece) == 1 {
		return 1
	}
	if _, ok := e.ranks[piece]; ok {
		return 1
	}
	// parts[i] = start of part i, and the rank of merging parts i and i+1.
	type part struct{ start, rank int }
	var stack [64]part
	var parts []part
	if len(piece)+1 <= len(stack) {
		parts = stack[:len(piece)+1]
	} else {
		parts = make([]part, len(piece)+1)
	}
	getRank := func(i, skip int) int {
		if i+skip+2 < len(parts) {
			if r, ok := e.ranks[piece[parts[i].start:parts[i+skip+2].start]]; ok {
				return r
			}
		}
		return math.MaxInt
	}
	for i := range parts {
		parts[i] = part{i, math.MaxInt}
	}
	for i := 0; i < len(parts)-2; i++ {
		parts[i].rank = getRank(i, 0)
	}
	for len(parts) > 1 {
		minRank, minIdx := math.MaxInt, -1
		for i := 0; i < len(parts)-1; i++ {
			if parts[i].rank < minRank {
				minRank, minIdx = parts[i].rank, i
			}
		}
		if minIdx < 0 {
			break
		}
		i := minIdx
		parts[i].rank = getRank(i, 1)
		if i > 0 {
			parts[i-1].rank = getRank(i-1, 1)
		}
		parts = append(parts[:i+1], parts[i+2:]...)
	}
	return len(parts) - 1
}

// Rune classes, as the encodings' patterns use them. Each is the exact set
// regexp2 tests: \p{..} are Go's unicode tables, \s is unicode.IsSpace.
const (
	clsUpper   = 1 << iota // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
	clsLower               // [\p{Ll}\p{Lm}\p{Lo}\p{M}]
	clsLetter              // \p{L}
	clsNumber              // \p{N}
	clsSpace               // \s
	clsNewline             // [\r\n]
)

// classTable holds the classes of the Basic Multilingual Plane, computed once;
// rarer runes are classified on the spot.
var (
	classOnce  sync.Once
	classTable []uint8
)

func computeClass(r rune) uint8 {
	var c uint8
	if unicode.In(r, unicode.Lu, unicode.Lt, unicode.Lm, unicode.Lo, unicode.M) {
		c |= clsUpper
	}
	if unicode.In(r, unicode.Ll, unicode.Lm, unicode.Lo, unicode.M) {
		c |= clsLower
	}
	if unicode.Is(unicode.L, r) {
		c |= clsLetter
	}
	if unicode.Is(unicode.N, r) {
		c |= clsNumber
	}
	if unicode.IsSpace(r) {
		c |= clsSpace
	}
	if r == '\r' || r == '\n' {
		c |= clsNewline
	}
	return c
}

func initClasses() {
	classOnce.Do(func() {
		t := make([]uint8, 0x10000)
		for r := range rune(len(t)) {
			t[r] = computeClass(r)
		}
		classTable = t
	})
}

// at returns the class and byte length of the rune at s[i] (i < len(s)); s is
// valid UTF-8.
func at(s string, i int) (uint8, int) {
	b := s[i]
	if b < utf8.RuneSelf {
		return classTable[b], 1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if r < 0x10000 {
		return classTable[r], n
	}
	return computeClass(r), n
}

// Derived classes:
//   - prefix: [^\r\n\p{L}\p{N}], the optional lead-in of a word;
//   - punct: [^\s\p{L}\p{N}].
func isPrefix(c uint8) bool { return c&(clsNewline|clsLetter|clsNumber) == 0 }
func isPunct(c uint8) bool  { return c&(clsSpace|clsLetter|clsNumber) == 0 }

// contraction returns the end of (?i:'s|'t|'re|'ve|'m|'ll|'d) at s[i], or i.
// regexp2 matches case-insensitively by comparing unicode.ToLower of the input,
// and only ASCII letters lower to these (TestContractionLettersASCII), so a byte
// test is exact.
func contraction(s string, i int) int {
	if i+1 >= len(s) || s[i] != '\'' {
		return i
	}
	switch s[i+1] | 0x20 { // ASCII lower case; no other byte maps onto these letters
	case 's', 't', 'm', 'd':
		return i + 2
	case 'r', 'v':
		if i+2 < len(s) && s[i+2]|0x20 == 'e' {
			return i + 3
		}
	case 'l':
		if i+2 < len(s) && s[i+2]|0x20 == 'l' {
			return i + 3
		}
	}
	return i
}

// splitO200k returns the end of the piece that starts at s[i], for o200k_base's
// pattern, whose alternatives are tried in order:
//
//	1 [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
//	2 [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
//	3 \p{N}{1,3}
//	4  ?[^\s\p{L}\p{N}]+[\r\n/]*
//	5 \s*[\r\n]+
//	6 \s+(?!\S)
//	7 \s+
func splitO200k(s string, i int) int {
	c0, n0 := at(s, i)
	prefix := isPrefix(c0)
	// 1: the optional prefix is tried first taken, then not.
	if prefix {
		if e := o200kWord1(s, i+n0); e >= 0 {
			return e
		}
	}
	if e := o200kWord1(s, i); e >= 0 {
		return e
	}
	// 2
	if prefix {
		if e := o200kWord2(s, i+n0); e >= 0 {
			return e
		}
	}
	if e := o200kWord2(s, i); e >= 0 {
		return e
	}
	return splitCommon(s, i, c0, n0, true)
}

// o200kWord1 matches [U]*[L]+('s..)? at s[i], returning its end or -1, where
// U = clsUpper and L = clsLower overlap (Lm, Lo, M). Backtracking semantics: U*
// first takes the longest run; if no L follows it, U* gives back runes until L+
// can start, i.e. L+ then starts at the run's last L rune and ends right after
// it (the rune after the run is not L).
func o200kWord1(s string, i int) int {
	k, lastLEnd := i, -1
	for k < len(s) {
		c, n := at(s, k)
		if c&clsUpper == 0 {
			break
		}
		if c&clsLower != 0 {
			lastLEnd = k + n
		}
		k += n
	}
	if k < len(s) {
		if c, n := at(s, k); c&clsLower != 0 {
			e := k + n
			for e < len(s) {
				c, n := at(s, e)
				if c&clsLower == 0 {
					break
				}
				e += n
			}
			return contraction(s, e)
		}
	}
	if lastLEnd >= 0 {
		return contraction(s, lastLEnd)
	}
	return -1
}

// o200kWord2 matches [U]+[L]*('s..)? at s[i], returning its end or -1. Neither
// L* nor the optional contraction can fail, so U+ never gives anything back.
func o200kWord2(s string, i int) int {
	k := i
	for k < len(s) {
		c, n := at(s, k)
		if c&clsUpper == 0 {
			break
		}
		k += n
	}
	if k == i {
		return -1
	}
	for k < len(s) {
		c, n := at(s, k)
		if c&clsLower == 0 {
			break
		}
		k += n
	}
	return contraction(s, k)
}

// splitCl100k returns the end of the piece that starts at s[i], for
// cl100k_base's pattern:
//
//	1 (?i:'s|'t|'re|'ve|'m|'ll|'d)
//	2 [^\r\n\p{L}\p{N}]?\p{L}+
//	3 \p{N}{1,3}
//	4  ?[^\s\p{L}\p{N}]+[\r\n]*
//	5 \s*[\r\n]+
//	6 \s+(?!\S)
//	7 \s+
func splitCl100k(s string, i int) int {
	if e := contraction(s, i); e > i {
		return e
	}
	c0, n0 := at(s, i)
	// 2: with the prefix first (a prefix rune is never a letter, so at most one
	// of the two ways can match).
	start := -1
	if c0&clsLetter != 0 {
		start = i
	} else if isPrefix(c0) && i+n0 < len(s) {
		if c1, _ := at(s, i+n0); c1&clsLetter != 0 {
			start = i + n0
		}
	}
	if start >= 0 {
		e := start
		for e < len(s) {
			c, n := at(s, e)
			if c&clsLetter == 0 {
				break
			}
			e += n
		}
		return e
	}
	return splitCommon(s, i, c0, n0, false)
}

// splitCommon tries the alternatives both patterns end with, from \p{N}{1,3} on;
// slash says whether the punctuation branch's tail is [\r\n/]* (o200k) rather
// than [\r\n]* (cl100k).
func splitCommon(s string, i int, c0 uint8, n0 int, slash bool) int {
	// \p{N}{1,3}
	if c0&clsNumber != 0 {
		e := i + n0
		for range 2 {
			if e >= len(s) {
				break
			}
			c, n := at(s, e)
			if c&clsNumber == 0 {
				break
			}
			e += n
		}
		return e
	}
	//  ?[^\s\p{L}\p{N}]+[\r\n/]*  (a space is not punct, so the optional space
	// can only match taken)
	j := i
	if s[i] == ' ' {
		j = i + 1
	}
	k := j
	for k < len(s) {
		c, n := at(s, k)
		if !isPunct(c) {
			break
		}
		k += n
	}
	if k > j {
		for k < len(s) && (s[k] == '\r' || s[k] == '\n' || (slash && s[k] == '/')) {
			k++
		}
		return k
	}
	// The whitespace alternatives all start with the run of \s at i.
	k, lastNewlineEnd, lastStart := i, -1, -1
	for k < len(s) {
		c, n := at(s, k)
		if c&clsSpace == 0 {
			break
		}
		if c&clsNewline != 0 {
			lastNewlineEnd = k + n
		}
		lastStart = k
		k += n
	}
	switch {
	case lastNewlineEnd >= 0:
		// \s*[\r\n]+: \s* gives back runes until [\r\n]+ can start, at the run's
		// last newline, which is then the last rune of the match.
		return lastNewlineEnd
	case k == i:
		// Unreachable: every rune is a letter, mark, number, space or punct and
		// so starts some alternative. Take one rune rather than loop forever.
		return i + n0
	case k == len(s):
		// \s+(?!\S) at the end of the text takes the whole run.
		return k
	case lastStart > i:
		// \s+(?!\S) gives back the run's last rune, so the next piece can start
		// with it (" word").
		return lastStart
	default:
		// \s+, a single white-space rune before a non-space.
		return k
	}
}
