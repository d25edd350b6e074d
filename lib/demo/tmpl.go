package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A template is text with three kinds of holes, compiled once:
//
//	{slot}     a variable of the call (vars), else a random filler from the lexicon;
//	{^slot}    the same with its first letter upper-cased;
//	{#lo-hi}   a random integer from lo to hi;
//	[a|b|c]    one alternative at random (alternatives nest and hold holes).
//
// Alternation multiplies the phrasings a template yields, so that records from one
// template do not share long runs of words.
type tmpl []tnode

type tnode struct {
	lit    string
	lex    []string // the slot's lexicon fillers, resolved when compiled
	slot   string
	cap    bool
	lo, hi int
	alts   []tmpl
	kind   byte // 'l' literal, 's' slot, 'n' number, 'a' alternation
}

// mustTmpl compiles a template and panics on a syntax error: templates are constants
// of this package, so an error is a bug caught by any test.
func mustTmpl(s string) tmpl {
	t, rest, err := parseTmpl(s, false)
	if err != nil || rest != "" {
		panic(fmt.Sprintf("demo: bad template %q: %v (rest %q)", s, err, rest))
	}
	return t
}

func mustTmpls(ss ...string) []tmpl {
	out := make([]tmpl, len(ss))
	for i, s := range ss {
		out[i] = mustTmpl(s)
	}
	return out
}

// parseTmpl parses until the end, or inside an alternation until "|" or "]".
func parseTmpl(s string, inAlt bool) (tmpl, string, error) {
	var t tmpl
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			t = append(t, tnode{kind: 'l', lit: lit.String()})
			lit.Reset()
		}
	}
	for len(s) > 0 {
		c := s[0]
		switch {
		case c == '{':
			end := strings.IndexByte(s, '}')
			if end < 0 {
				return nil, s, fmt.Errorf("unclosed {")
			}
			flush()
			name := s[1:end]
			s = s[end+1:]
			if strings.HasPrefix(name, "#") {
				lo, hi, ok := strings.Cut(name[1:], "-")
				a, err1 := strconv.Atoi(lo)
				b, err2 := strconv.Atoi(hi)
				if !ok || err1 != nil || err2 != nil || b < a {
					return nil, s, fmt.Errorf("bad number range %q", name)
				}
				t = append(t, tnode{kind: 'n', lo: a, hi: b})
				continue
			}
			n := tnode{kind: 's', slot: name}
			if strings.HasPrefix(name, "^") {
				n.cap, n.slot = true, name[1:]
			}
			n.lex = lexicon[n.slot]
			t = append(t, n)
		case c == '[':
			flush()
			s = s[1:]
			var alts []tmpl
			for {
				alt, rest, err := parseTmpl(s, true)
				if err != nil {
					return nil, rest, err
				}
				alts = append(alts, alt)
				if rest == "" {
					return nil, rest, fmt.Errorf("unclosed [")
				}
				sep := rest[0]
				s = rest[1:]
				if sep == ']' {
					break
				}
			}
			t = append(t, tnode{kind: 'a', alts: alts})
		case inAlt && (c == '|' || c == ']'):
			flush()
			return t, s, nil
		default:
			lit.WriteByte(c)
			s = s[1:]
		}
	}
	flush()
	return t, "", nil
}

// render writes the template with g's random choices; vars override lexicon slots.
func (t tmpl) render(g *gen, b *strings.Builder, vars map[string]string) {
	for _, n := range t {
		switch n.kind {
		case 'l':
			b.WriteString(n.lit)
		case 'n':
			b.WriteString(strconv.Itoa(n.lo + g.r.IntN(n.hi-n.lo+1)))
		case 'a':
			n.alts[g.r.IntN(len(n.alts))].render(g, b, vars)
		case 's':
			var v string
			ok := false
			if vars != nil {
				v, ok = vars[n.slot]
			}
			if !ok {
				if n.lex != nil {
					v = n.lex[g.r.IntN(len(n.lex))]
				} else {
					v = g.word(n.slot)
				}
			}
			if n.cap {
				v = capFirst(v)
			}
			b.WriteString(v)
		}
	}
}

// gen is the random source of one generator: a PCG stream (math/rand/v2), so that
// every stand-in is a pure function of the seed and its own stream number, whatever
// runs in parallel.
type gen struct {
	r *rand.Rand
}

// newGen returns a generator for stream of seed. Streams are named so that adding a
// source never shifts another's numbers.
func newGen(seed int64, stream string) *gen {
	h := uint64(1469598103934665603) // FNV-1a 64-bit offset basis
	for i := 0; i < len(stream); i++ {
		h ^= uint64(stream[i])
		h *= 1099511628211 // FNV-1a 64-bit prime
	}
	return &gen{r: rand.New(rand.NewPCG(uint64(seed), h))}
}

// fill renders one of the templates at random.
func (g *gen) fill(ts []tmpl, vars map[string]string) string {
	var b strings.Builder
	ts[g.r.IntN(len(ts))].render(g, &b, vars)
	return fixArticles(b.String())
}

// fixArticles makes "a" and "an" agree with the next word's first letter (a slot
// filled by "ancient" after a literal "a"): "a" before a vowel letter becomes "an",
// "an" before a consonant "a". Spelling, not sound, decides (“an hour” stays
// wrong); good enough for generated text.
func fixArticles(s string) string {
	if !strings.Contains(s, "a ") && !strings.Contains(s, "A ") {
		return s
	}
	b := []byte(s)
	var out []byte
	for i := 0; i < len(b); i++ {
		start := i == 0 || b[i-1] == ' ' || b[i-1] == '\n' || b[i-1] == '"' || b[i-1] == '('
		if start && (b[i] == 'a' || b[i] == 'A') {
			// "a X" or "an X"
			if i+2 < len(b) && b[i+1] == ' ' && isLetter(b[i+2]) && isVowel(b[i+2]) {
				out = append(out, b[i], 'n', ' ')
				i++
				continue
			}
			if i+3 < len(b) && b[i+1] == 'n' && b[i+2] == ' ' && isLetter(b[i+3]) && !isVowel(b[i+3]) {
				out = append(out, b[i], ' ')
				i += 2
				continue
			}
		}
		out = append(out, b[i])
	}
	return string(out)
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isVowel(c byte) bool  { return strings.IndexByte("aeiouAEIOU", c) >= 0 }

// word picks a filler of a lexicon slot; "name" is a person's full name and "brand"
// an invented proper noun. An unknown slot is a bug in a template.
func (g *gen) word(slot string) string {
	switch slot {
	case "name":
		return g.word("first") + " " + g.word("last")
	case "brand":
		return g.brand()
	}
	l, ok := lexicon[slot]
	if !ok {
		panic("demo: unknown template slot " + slot)
	}
	return l[g.r.IntN(len(l))]
}

// pick returns a random element of l.
func (g *gen) pick(l []string) string { return l[g.r.IntN(len(l))] }

// intn returns a random int in [lo, hi].
func (g *gen) intn(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

// chance reports true with probability p.
func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// brand invents a capitalised two- or three-syllable name.
func (g *gen) brand() string {
	n := 2 + g.r.IntN(2)
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(syllables[g.r.IntN(len(syllables))])
	}
	return capFirst(b.String())
}

// ident invents a snake_case identifier of k words drawn from the lexicon's verbs and
// nouns, for function, API and parameter names.
func (g *gen) ident(k int) string {
	parts := []string{g.word("verb")}
	for i := 1; i < k; i++ {
		w := g.pick(identNouns)
		parts = append(parts, w)
	}
	return strings.Join(parts, "_")
}

// identNouns are the nouns identifiers are made of.
// (All take a plain "s" plural: templates write "{A}s".)
var identNouns = words(`account amount asset badge buffer cache cart channel config count
	customer date device digest event file filter flag folder frame graph grid header image
	invoice item key label layer limit line list log message metric module node note order page
	path payload photo point price product queue range rate record report request result route
	row score sensor session shape shift signal slot stock stream table tag task text ticket
	token total user value vector widget window word zone`)

// lengthAround draws a length with the given mean from a log-normal distribution of
// log-spread sigma (real lengths are right-skewed: most records short, a few long),
// at least min.
func (g *gen) lengthAround(mean float64, sigma float64, min int) int {
	// For a log-normal, mean = exp(mu + sigma²/2), so mu = ln(mean) - sigma²/2.
	mu := math.Log(mean) - sigma*sigma/2
	v := int(math.Round(math.Exp(mu + sigma*g.r.NormFloat64())))
	if v < min {
		v = min
	}
	return v
}

// capFirst upper-cases the first letter of s.
func capFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// approxTokens estimates the o200k_base token count of s without tokenizing, to size
// generated text: o200k gives a common English word with its leading space one
// token, a long or rare word about one per 6 letters, each run of punctuation one,
// and numbers one per 3 digits. Generated text is sized by it and measured exactly
// afterwards where exactness matters (the existing set's token balance); the
// calibration test checks the stand-ins' means against the real files.
func approxTokens(s string) int {
	n := 0
	inWord, letters, digits := false, 0, 0
	end := func() {
		if letters > 0 {
			n += 1 + max(0, letters-7)/6
		}
		if digits > 0 {
			n += (digits + 2) / 3
		}
		letters, digits, inWord = 0, 0, false
	}
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'):
			if digits > 0 {
				end()
			}
			letters++
			inWord = true
		case r >= '0' && r <= '9':
			if letters > 0 {
				end()
			}
			digits++
			inWord = true
		case r == ' ':
			if inWord {
				end()
			}
		case r == '\n' || r == '\t':
			if inWord {
				end()
			}
			n++
		case r >= utf8.RuneSelf && unicode.IsLetter(r):
			letters += 2 // accented and non-Latin letters split more
			inWord = true
		default: // punctuation and symbols
			if inWord {
				end()
			}
			n++
		}
	}
	end()
	return n
}
