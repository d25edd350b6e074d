package validate

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// guessNotEnglishRef is the heuristic written plainly — lowercase the text, split
// it with strings.FieldsFunc, trim each word — as the one-pass guessNotEnglish must
// reproduce it.
func guessNotEnglishRef(text string, e English) string {
	letters, latin := 0, 0
	other := map[string]int{}
	for _, c := range text {
		if !unicode.IsLetter(c) {
			continue
		}
		letters++
		if unicode.Is(unicode.Latin, c) {
			latin++
			continue
		}
		other[scriptOf(c)]++
	}
	if letters >= e.MinLetters {
		if share := float64(letters-latin) / float64(letters); share > e.MaxNonLatin {
			return fmt.Sprintf("%.0f%% of %d letters are not Latin script (mostly %s)", 100*share, letters, topKey(other))
		}
	}
	words := strings.FieldsFunc(strings.ToLower(text), func(c rune) bool { return !unicode.IsLetter(c) && c != '\'' })
	n, eng := 0, 0
	var hits [len(stopOrder)]int
	for _, w := range words {
		w = strings.Trim(w, "'")
		if utf8.RuneCountInString(w) < 2 {
			continue
		}
		n++
		if stopEnglish[w] {
			eng++
			continue
		}
		for mask, i := stopOtherMask[w], 0; mask != 0; mask, i = mask>>1, i+1 {
			hits[i] += int(mask & 1)
		}
	}
	if n < e.MinWords || float64(eng)/float64(n) >= e.MinEnglishShare {
		return ""
	}
	best, bestN := "", 0
	for i, lang := range stopOrder {
		if hits[i] > bestN {
			best, bestN = lang, hits[i]
		}
	}
	if bestN > eng {
		return fmt.Sprintf("%d of %d words are %s function words, %d English", bestN, n, best, eng)
	}
	return ""
}

// englishCases are texts at the edges of the word rules: apostrophes around and
// inside words, case folding outside ASCII (İ, Σ, ǅ), invalid UTF-8, other scripts,
// and stop-word-heavy text in each language.
var englishCases = []string{
	"", "a", "''", "'a'", "don't 'quote' ''it'' o'clock l'homme",
	"İSTANBUL İS THE CİTY; ΣΊΣΥΦΟΣ ΈΛΕΓΕ ǅemal ǄEMAL",
	"bad \xff\xfe bytes \xc3 in \xe2\x82 words and the of to",
	"Привет, как дела? Это тест на русском языке с несколькими словами.",
	"这是一个中文句子，用来测试脚本检测的启发式方法是否正确。",
	"¿Dónde está la biblioteca de la ciudad y por qué es tan grande para los niños que no tienen casa?",
	"Le chat est sur la table et il ne veut pas descendre parce que la chambre est très froide.",
	"Der Hund ist nicht auf dem Tisch, aber er will nicht mit mir in die Stadt gehen, weil es kalt ist.",
	"O gato está na mesa e não quer descer porque o quarto é muito frio para ele e para os outros.",
	"Il gatto è sul tavolo e non vuole scendere perché la camera è molto fredda per lui e per gli altri.",
	"De kat is op de tafel en wil niet naar beneden omdat het te koud is in de kamer voor hem en voor ons.",
	"What is the value of x if 3x + 5 = 20, and why does the answer not depend on y at all?",
	"ÀÉÎÕÜ àéîõü ß ﬁ Æsir ŒUVRE Ωmega µ ℌ ℍ ǲ",
	strings.Repeat("word'' ''", 40) + strings.Repeat("x", 200) + " " + strings.Repeat("é", 100),
}

// TestGuessNotEnglishMatchesReference compares the one-pass heuristic with the plain
// one on the edge cases, on every real record's question, and on fuzzed mixtures.
func TestGuessNotEnglishMatchesReference(t *testing.T) {
	e := DefaultEnglish
	texts := append([]string(nil), englishCases...)
	for _, r := range allReal(t) {
		q := r.Question
		if len(q) > maxProbe {
			q = q[:maxProbe]
		}
		texts = append(texts, prose(q), r.Answer)
	}
	for _, s := range texts {
		for _, opt := range []English{e, {MinLetters: 1, MaxNonLatin: 0.01, MinWords: 1, MinEnglishShare: 0.9}} {
			if got, want := guessNotEnglish(s, opt), guessNotEnglishRef(s, opt); got != want {
				t.Fatalf("guessNotEnglish(%.80q) = %q, want %q", s, got, want)
			}
		}
	}
}

func FuzzGuessNotEnglish(f *testing.F) {
	for _, s := range englishCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		opt := English{MinLetters: 1, MaxNonLatin: 0.01, MinWords: 1, MinEnglishShare: 0.9}
		for _, o := range []English{DefaultEnglish, opt} {
			if got, want := guessNotEnglish(s, o), guessNotEnglishRef(s, o); got != want {
				t.Fatalf("guessNotEnglish(%q) = %q, want %q", s, got, want)
			}
		}
	})
}

// TestBadControlAt compares the byte scan with the rune-by-rune definition
// (isBadControl) on texts with every kind of control, C1 controls among valid and
// invalid UTF-8, and on every real record.
func TestBadControlAt(t *testing.T) {
	ref := func(s string) int {
		for i, c := range s {
			if isBadControl(c) {
				return i
			}
		}
		return -1
	}
	texts := []string{"", "plain\ttext\r\nok", "bell\a", "del\x7f", "c1 \u0085 next line", "c1 \u009f end",
		"\u00a0 no-break space is fine", "\xc2", "\xc2\x7f", "\xe2\x80\x85 invalid then \u0080", "\xc2\xc2\x80",
		"\x80\x85 lone continuation bytes", "é\u0080"}
	for _, r := range allReal(t) {
		texts = append(texts, r.Question, r.Answer)
	}
	for _, s := range texts {
		if got, want := badControlAt(s), ref(s); got != want {
			t.Fatalf("badControlAt(%.60q) = %d, want %d", s, got, want)
		}
	}
}
