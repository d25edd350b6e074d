package token

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/dlclark/regexp2"
	"github.com/pkoukk/tiktoken-go"
	loader "github.com/pkoukk/tiktoken-go-loader"
)

// The engine in bpe.go must count exactly as github.com/pkoukk/tiktoken-go's
// EncodeOrdinary does; these tests use tiktoken-go as the oracle.

var (
	oracleOnce sync.Once
	oracles    map[string]*tiktoken.Tiktoken
	oracleErr  error
)

func oracle(t testing.TB, encoding string) *tiktoken.Tiktoken {
	t.Helper()
	oracleOnce.Do(func() {
		tiktoken.SetBpeLoader(loader.NewOfflineLoader())
		oracles = map[string]*tiktoken.Tiktoken{}
		for _, enc := range []string{O200kBase, Cl100kBase} {
			var tk *tiktoken.Tiktoken
			if tk, oracleErr = tiktoken.GetEncoding(enc); oracleErr != nil {
				return
			}
			oracles[enc] = tk
		}
	})
	if oracleErr != nil {
		t.Fatal(oracleErr)
	}
	return oracles[encoding]
}

// compareWithOracle counts texts with both, in parallel, and reports the first
// disagreements.
func compareWithOracle(t *testing.T, encoding string, texts []string) {
	t.Helper()
	tk := oracle(t, encoding)
	eng, err := getEngine(encoding)
	if err != nil {
		t.Fatal(err)
	}
	// Reuse CountAll's parallelism for the slow oracle too.
	want := parallelMap(texts, func(s string) int { return len(tk.EncodeOrdinary(s)) })
	got := parallelMap(texts, eng.count)
	var bad []string
	for i := range texts {
		if got[i] != want[i] {
			bad = append(bad, fmt.Sprintf("%q: engine %d, tiktoken-go %d", texts[i], got[i], want[i]))
		}
	}
	if len(bad) > 0 {
		t.Errorf("%s: %d of %d texts counted differently from tiktoken-go; first:\n%s", encoding, len(bad), len(texts), firstN(bad, 10))
	}
}

func parallelMap(texts []string, f func(string) int) []int {
	out := make([]int, len(texts))
	var wg sync.WaitGroup
	const chunk = 64
	for start := 0; start < len(texts); start += chunk {
		wg.Go(func() {
			for i := start; i < min(start+chunk, len(texts)); i++ {
				out[i] = f(texts[i])
			}
		})
	}
	wg.Wait()
	return out
}

// splitPatterns are the encodings' split patterns exactly as tiktoken-go v0.1.8
// compiles them (encoding.go), for checking the hand-written splitters piece by
// piece: equal counts alone could hide a different split.
var splitPatterns = map[string]string{
	O200kBase: strings.Join([]string{
		`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?`,
		`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?`,
		`\p{N}{1,3}`,
		` ?[^\s\p{L}\p{N}]+[\r\n/]*`,
		`\s*[\r\n]+`,
		`\s+(?!\S)`,
		`\s+`,
	}, "|"),
	Cl100kBase: `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
}

// regexpPieces splits text as tiktoken-go does: regexp2 matches over runes.
func regexpPieces(re *regexp2.Regexp, text string) []string {
	runes := []rune(text)
	var pieces []string
	m, _ := re.FindRunesMatch(runes)
	for m != nil {
		pieces = append(pieces, string(runes[m.Index:m.Index+m.Length]))
		m, _ = re.FindNextMatch(m)
	}
	return pieces
}

func enginePieces(e *engine, text string) []string {
	if !utf8.ValidString(text) {
		text = string([]rune(text))
	}
	var pieces []string
	for i := 0; i < len(text); {
		end := e.split(text, i)
		pieces = append(pieces, text[i:end])
		i = end
	}
	return pieces
}

// compareSplits checks that the engine splits every text into the same pieces
// as the encoding's pattern does under regexp2.
func compareSplits(t *testing.T, encoding string, texts []string) {
	t.Helper()
	re := regexp2.MustCompile(splitPatterns[encoding], regexp2.None)
	eng, err := getEngine(encoding)
	if err != nil {
		t.Fatal(err)
	}
	var bad []string
	var mu sync.Mutex
	parallelMap(texts, func(text string) int {
		want, got := regexpPieces(re, text), enginePieces(eng, text)
		if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
			mu.Lock()
			bad = append(bad, fmt.Sprintf("%q:\n      engine %q\n      regexp %q", text, got, want))
			mu.Unlock()
		}
		return 0
	})
	if len(bad) > 0 {
		t.Errorf("%s: %d of %d texts split differently from the pattern; first:\n%s", encoding, len(bad), len(texts), firstN(bad, 5))
	}
}

// TestMatchesTiktokenGoOnRealText compares on the tricky fixture and, when the
// shared datasets are there, on all their texts.
func TestMatchesTiktokenGoOnRealText(t *testing.T) {
	texts := trickyTexts(t)
	if dir := findDatasets(); dir != "" && !testing.Short() {
		texts = allGoldenTexts(t, dir)
	}
	for _, enc := range []string{O200kBase, Cl100kBase} {
		compareSplits(t, enc, texts)
		compareWithOracle(t, enc, texts)
	}
	t.Logf("%d texts agree", len(texts))
}

// runePools are the kinds of rune each branch of the split patterns tells
// apart, with edge cases (classes that overlap, white space outside ASCII, runes
// JavaScript classifies differently, invalid UTF-8).
var runePools = [][]string{
	// ASCII letters, heavy on the contraction letters, and apostrophes
	strings.Split("a b c x y z A B C X Y Z s S t T r R e E v V m M l L d D", " "),
	{"'", "'", "’", "'s", "'S", "'ll", "'LL", "'re", "'Ve", "'m", "'d", "'t", "'x", "'"},
	// Lu, Ll, Lt, Lm, Lo outside ASCII, and astral letters
	{"É", "é", "ß", "Ω", "ω", "ǅ", "ᾈ", "ʰ", "ー", "々", "中", "文", "ا", "ב", "ก", "𝐀", "𝐚", "𠀀"},
	// marks: Mn, Mc, Me
	{"\u0301", "\u0308", "\u0903", "\u094d", "\u20dd", "\u0e31", "\u3099"},
	// numbers: Nd, Nl, No, astral
	{"0", "1", "7", "9", "٣", "४", "Ⅻ", "①", "½", "²", "𝟎", "〇"},
	// white space: ASCII, NEL, NBSP, Unicode spaces and separators
	{" ", " ", " ", "\t", "\n", "\n", "\r", "\r\n", "\v", "\f", "\u0085", "\u00a0", "\u2028", "\u2029", "\u3000", "\u2009"},
	// punctuation and symbols, including the / of o200k's punct tail
	{"!", ".", ",", "-", "_", "/", "//", "\"", "(", ")", "<|endoftext|>", "#", "$", "€", "©", "+", "=", "…", "—", "\\"},
	// format characters, emoji, modifiers, ZWJ sequences
	{"\u200d", "\ufeff", "\u200b", "\u00ad", "😀", "👍🏽", "🏽", "👨‍👩‍👧", "🇯🇵", "️", "\u180e"},
	// invalid UTF-8
	{"\xff", "\xc3", "\xe2\x82", "\x80"},
}

func randomText(r *rand.Rand) string {
	var b strings.Builder
	n := r.IntN(24)
	// Mostly a few pools per text, so that runs of one kind form.
	pools := []int{r.IntN(len(runePools)), r.IntN(len(runePools)), r.IntN(len(runePools))}
	for range n {
		pool := runePools[pools[r.IntN(len(pools))]]
		s := pool[r.IntN(len(pool))]
		if r.IntN(20) == 0 {
			s = strings.Repeat(s, 1+r.IntN(40)) // long pieces: BPE beyond its stack buffer
		}
		b.WriteString(s)
	}
	return b.String()
}

// TestMatchesTiktokenGoOnRandomText compares on random strings built to hit
// every branch of the split patterns.
func TestMatchesTiktokenGoOnRandomText(t *testing.T) {
	n := 10000
	if testing.Short() {
		n = 3000
	}
	r := rand.New(rand.NewPCG(1, 2))
	texts := make([]string, n)
	for i := range texts {
		texts[i] = randomText(r)
	}
	for _, enc := range []string{O200kBase, Cl100kBase} {
		compareSplits(t, enc, texts)
		compareWithOracle(t, enc, texts)
	}
}

// FuzzMatchesTiktokenGo lets `go test -fuzz FuzzMatchesTiktokenGo ./lib/token/`
// search for a disagreement, in split or count, beyond the random strings above.
func FuzzMatchesTiktokenGo(f *testing.F) {
	for _, text := range trickyTexts(f) {
		f.Add(text)
	}
	type pair struct {
		eng *engine
		re  *regexp2.Regexp
	}
	engines := map[string]pair{}
	for _, enc := range []string{O200kBase, Cl100kBase} {
		e, err := getEngine(enc)
		if err != nil {
			f.Fatal(err)
		}
		engines[enc] = pair{e, regexp2.MustCompile(splitPatterns[enc], regexp2.None)}
	}
	f.Fuzz(func(t *testing.T, text string) {
		for enc, p := range engines {
			if got, want := enginePieces(p.eng, text), regexpPieces(p.re, text); fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
				t.Errorf("%s: %q: engine splits %q, regexp %q", enc, text, got, want)
			}
			if got, want := p.eng.count(text), len(oracle(t, enc).EncodeOrdinary(text)); got != want {
				t.Errorf("%s: %q: engine %d, tiktoken-go %d", enc, text, got, want)
			}
		}
	})
}

// TestContractionLettersASCII backs contraction's byte test: regexp2 matches
// (?i:'s|'t|'re|'ve|'m|'ll|'d) by comparing unicode.ToLower of each input rune
// with the pattern's letters, so it must be that only ASCII letters lower to them.
func TestContractionLettersASCII(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r < 0x80 {
			continue
		}
		if l := unicode.ToLower(r); strings.ContainsRune("strevmld", l) {
			t.Errorf("%U lowers to %q: contraction's ASCII test would miss it", r, l)
		}
	}
}
