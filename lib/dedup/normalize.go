package dedup

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Normalisation is one pass over the text that yields tokens; Normalize shows the
// result as a string. The rules, chosen so that the edits a copy picks up on its way
// between datasets (case, punctuation, spacing, Unicode variants) vanish, while the
// characters that change what a question asks (digits, operators, minus signs) stay:
//
//   - Case: letters are lowercased (Unicode simple lowercase; final sigma as sigma).
//   - Compatibility forms, the NFKC subset that occurs in text: fullwidth ASCII
//     (U+FF01–FF5E) and the ideographic space map to ASCII; the ligatures ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ
//     ﬆ to their letters; superscript and subscript digits to digits. Latin letters
//     with diacritics (U+00C0–U+017F) fold to their base letters and combining marks
//     are dropped, so precomposed and decomposed spellings agree without the
//     normalisation tables of golang.org/x/text; ß, æ, œ, þ, ĳ, ŋ become ss, ae, oe,
//     th, ij, ng. This is more than NFKC does (résumé = resume), which suits matching.
//   - Sentence punctuation (. , ; : ! ? ' " ` and every non-ASCII punctuation mark:
//     curly quotes, dashes, ellipses, ¿ ¡) separates tokens and is dropped. Two
//     exceptions keep numbers whole: a '.' between digits is a decimal point ("3.5"),
//     and a ',' followed by exactly three digits inside a number is a thousands
//     separator and is removed ("80,000" = "80000").
//   - Every other symbol — ASCII + - * / = < > ^ % & | ~ ( ) [ ] { } \ # @ $ _ and
//     non-ASCII symbols such as × ÷ ° € — is a token of its own, so "2+3" and "2 + 3"
//     agree while "2+3" and "2-3" do not. A hyphen between two letters separates
//     like a space ("well-known" = "well known"); elsewhere '-' is a minus sign.
//   - Whitespace and control characters separate tokens; format characters (zero-width
//     joiners, byte-order marks) are ignored; invalid UTF-8 separates tokens.
//   - Runs of letters and runs of digits are separate tokens ("5th" = "5 th"), which
//     makes every digit run a number for the template-variant rule.
//
// The normalised text is the tokens joined by single spaces.

// Normalize returns s as the deduplicator compares it: the tokens of the rules above
// joined by single spaces. Two texts are exact duplicates when their normalised forms
// are equal (for multiple-choice and reading records, of the parts described in the
// package documentation).
func Normalize(s string) string {
	var sc scanner
	sc.scan(s)
	var b strings.Builder
	for i := 0; i < sc.n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.Write(sc.token(i))
	}
	return b.String()
}

// Token kinds.
const (
	kindNone = iota
	kindWord
	kindNumber
	kindSymbol
)

// scanner splits a text into normalised tokens, kept as byte ranges of one buffer to
// avoid allocating per token. Its zero value is ready; reuse it to reuse the buffers.
type scanner struct {
	buf  []byte
	ends []int32 // end offset of each token in buf
	kind []uint8 // kind of each token
	n    int     // number of tokens
	cur  uint8   // kind of the token being built, kindNone between tokens
}

func (sc *scanner) token(i int) []byte {
	start := int32(0)
	if i > 0 {
		start = sc.ends[i-1]
	}
	return sc.buf[start:sc.ends[i]]
}

func (sc *scanner) reset() {
	sc.buf, sc.ends, sc.kind, sc.n, sc.cur = sc.buf[:0], sc.ends[:0], sc.kind[:0], 0, kindNone
}

// end closes the token being built.
func (sc *scanner) end() {
	if sc.cur == kindNone {
		return
	}
	sc.ends = append(sc.ends, int32(len(sc.buf)))
	sc.kind = append(sc.kind, sc.cur)
	sc.n++
	sc.cur = kindNone
}

// add appends bytes of kind k, closing the current token when the kind changes.
func (sc *scanner) addByte(c byte, k uint8) {
	if sc.cur != k {
		sc.end()
		sc.cur = k
	}
	sc.buf = append(sc.buf, c)
}

func (sc *scanner) addString(s string, k uint8) {
	if sc.cur != k {
		sc.end()
		sc.cur = k
	}
	sc.buf = append(sc.buf, s...)
}

// symbol emits a one-rune token.
func (sc *scanner) symbol(r rune) {
	sc.end()
	sc.buf = utf8.AppendRune(sc.buf, r)
	sc.cur = kindSymbol
	sc.end()
}

// asciiClass says what each ASCII byte does: 'l' letter, 'd' digit, 's' separator
// (whitespace, controls, sentence punctuation), 'y' symbol token.
var asciiClass = func() (t [128]byte) {
	for c := 0; c < 128; c++ {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			t[c] = 'l'
		case c >= '0' && c <= '9':
			t[c] = 'd'
		case c <= ' ' || c == 127 || strings.IndexByte(".,;:!?'\"`", byte(c)) >= 0:
			t[c] = 's'
		default:
			t[c] = 'y'
		}
	}
	return t
}()

// scan tokenizes s into the scanner's buffers, replacing what they held.
func (sc *scanner) scan(s string) {
	sc.reset()
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if k := asciiClass[c]; k == 'l' || k == 'd' {
				// A run of ASCII letters (or digits) is what ascii makes of it byte
				// by byte: one token of its kind, lowercased.
				kind := uint8(kindWord)
				if k == 'd' {
					kind = kindNumber
				}
				if sc.cur != kind {
					sc.end()
					sc.cur = kind
				}
				for ; i < len(s) && s[i] < utf8.RuneSelf && asciiClass[s[i]] == k; i++ {
					b := s[i]
					if b <= 'Z' && k == 'l' {
						b += 'a' - 'A'
					}
					sc.buf = append(sc.buf, b)
				}
				continue
			}
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

// ascii handles the ASCII byte c at s[i].
func (sc *scanner) ascii(s string, i int, c byte) {
	switch asciiClass[c] {
	case 'l':
		if c <= 'Z' {
			c += 'a' - 'A'
		}
		sc.addByte(c, kindWord)
	case 'd':
		sc.addByte(c, kindNumber)
	case 'y':
		// A hyphen between letters joins words ("well-known" = "well known"); any
		// other '-' is a minus sign and stays a symbol ("n-1", "-3").
		if c == '-' && sc.cur == kindWord && i+1 < len(s) && s[i+1] < utf8.RuneSelf && asciiClass[s[i+1]] == 'l' {
			sc.end()
			return
		}
		sc.symbol(rune(c))
	default: // separator, with the two number exceptions
		if sc.cur == kindNumber {
			switch {
			case c == '.' && i+1 < len(s) && isDigit(s[i+1]):
				sc.buf = append(sc.buf, '.')
				return
			case c == ',' && thousands(s, i+1):
				return
			}
		}
		sc.end()
	}
}

// thousands reports whether s[j:] starts with exactly three digits.
func thousands(s string, j int) bool {
	return j+3 <= len(s) && isDigit(s[j]) && isDigit(s[j+1]) && isDigit(s[j+2]) &&
		(j+3 == len(s) || !isDigit(s[j+3]))
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// rune handles the non-ASCII rune r; s[next:] follows it.
func (sc *scanner) rune(r rune, size int, s string, next int) {
	switch {
	case r == utf8.RuneError && size == 1:
		sc.end()
	case r >= 0xFF01 && r <= 0xFF5E: // fullwidth ASCII
		sc.ascii(s, next-1, byte(r-0xFEE0))
	case r >= 0xC0 && r <= 0x17F && latinFold[r-0xC0] != '_':
		sc.addByte(latinFold[r-0xC0], kindWord)
	default:
		if m, ok := compat[r]; ok {
			k := uint8(kindWord)
			if m[0] >= '0' && m[0] <= '9' {
				k = kindNumber
			}
			sc.addString(m, k)
			return
		}
		switch {
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Cf, r):
			// combining marks and format characters: part of the letter before them
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mc, r):
			if r == 'ς' {
				r = 'σ'
			}
			if sc.cur != kindWord {
				sc.end()
				sc.cur = kindWord
			}
			sc.buf = utf8.AppendRune(sc.buf, unicode.ToLower(r))
		case unicode.IsSymbol(r):
			sc.symbol(r)
		default: // spaces, punctuation, controls, private use
			sc.end()
		}
	}
}

// latinFold maps U+00C0–U+017F to base letters ('_' = not a single letter: × ÷ and
// the multi-letter folds in compat). Derived from the Unicode decompositions.
const latinFold = "aaaaaa_ceeeeiiiidnooooo_ouuuuy__aaaaaa_ceeeeiiiidnooooo_ouuuuy_y" +
	"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii__jjkkkllllllllllnnnnnnn__oooooo__rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs"

// compat holds the other compatibility folds: multi-letter Latin letters, ligatures,
// superscript and subscript digits. (The ideographic space is a Unicode space and
// separates like any other.)
var compat = map[rune]string{
	'ß': "ss", 'Æ': "ae", 'æ': "ae", 'Œ': "oe", 'œ': "oe", 'Þ': "th", 'þ': "th", 'Ĳ': "ij", 'ĳ': "ij",
	'Ŋ': "ng", 'ŋ': "ng",
	'ﬀ': "ff", 'ﬁ': "fi", 'ﬂ': "fl", 'ﬃ': "ffi", 'ﬄ': "ffl", 'ﬅ': "st", 'ﬆ': "st",
	'⁰': "0", '¹': "1", '²': "2", '³': "3", '⁴': "4", '⁵': "5", '⁶': "6", '⁷': "7", '⁸': "8", '⁹': "9",
	'₀': "0", '₁': "1", '₂': "2", '₃': "3", '₄': "4", '₅': "5", '₆': "6", '₇': "7", '₈': "8", '₉': "9",
}

// isOperator reports whether a symbol token is an arithmetic or comparison
// operator, which the template-variant rule counts with the numbers: "2+3" and
// "2*3", or "Q(√2 + √3)" and "Q(√2, √3)", are different problems in the same words.
func isOperator(tok []byte) bool {
	if len(tok) == 1 {
		return strings.IndexByte("+-*/=<>^%", tok[0]) >= 0
	}
	r, _ := utf8.DecodeRune(tok)
	return unicode.Is(unicode.Sm, r)
}

// numberWords are the cardinal words counted as numbers by the template-variant rule,
// with their values, so that "three apples" and "3 apples" hold the same number.
// "one" is left out: it is a pronoun as often as a number ("which one", "one of the
// following"), and counting it would turn a dropped "one" into a number change.
var numberWords = map[string]string{
	"zero": "0", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
	"eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13",
	"fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18",
	"nineteen": "19", "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60",
	"seventy": "70", "eighty": "80", "ninety": "90", "hundred": "100", "thousand": "1000",
	"million": "1000000", "billion": "1000000000",
}
