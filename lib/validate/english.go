package validate

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"qmix/lib/record"
)

// English configures the language heuristic of rule not_english. It needs no model:
//
//  1. Script. Of the question's letters (code, LaTeX and URLs removed), if at least
//     MinLetters are letters and more than MaxNonLatin of them are not Latin script
//     (Han, Cyrillic, Arabic, Devanagari…), the question is not English.
//  2. Stop words. With at least MinWords Latin words, the words are matched against
//     short lists of the most frequent function words of English and of Spanish,
//     French, German, Portuguese, Italian and Dutch (words shared with English do
//     not count for the others). The question is not English when another language
//     has more hits than English and English function words make up less than
//     MinEnglishShare of the words.
//
// Shorter questions pass: a few words are too little evidence. Code blocks, inline
// code, formulas, LaTeX environments and commands, Asymptote figures and URLs are
// removed first, and one-letter words are not counted, so that identifiers and
// variables ("x", "y", "e", "o") do not count as words.
type English struct {
	Domains         []string // domains expected in English; nil means all
	MinLetters      int      // letters needed for the script test; 0 means 20
	MaxNonLatin     float64  // largest share of non-Latin letters; 0 means 0.3
	MinWords        int      // words needed for the stop-word test; 0 means 12
	MinEnglishShare float64  // English function words per word below which another language may win; 0 means 0.15
}

// DefaultEnglish is the heuristic's configuration when English is zero.
var DefaultEnglish = English{MinLetters: 20, MaxNonLatin: 0.3, MinWords: 12, MinEnglishShare: 0.15}

func (e English) withDefaults() English {
	d := DefaultEnglish
	if e.Domains != nil {
		d.Domains = e.Domains
	}
	if e.MinLetters > 0 {
		d.MinLetters = e.MinLetters
	}
	if e.MaxNonLatin > 0 {
		d.MaxNonLatin = e.MaxNonLatin
	}
	if e.MinWords > 0 {
		d.MinWords = e.MinWords
	}
	if e.MinEnglishShare > 0 {
		d.MinEnglishShare = e.MinEnglishShare
	}
	return d
}

var (
	codeFence  = regexp.MustCompile("(?s)```.*?(```|$)")
	inlineCode = regexp.MustCompile("`[^`\n]*`")
	mathSpan   = regexp.MustCompile(`(?s)\$\$.*?\$\$|\$[^$\n]*\$|\\\[.*?\\\]|\\\(.*?\\\)`)
	latexEnv   = regexp.MustCompile(`(?s)\\begin\{[^}]*\}.*?\\end\{[^}]*\}`)
	latexCmd   = regexp.MustCompile(`\\[A-Za-z]+`)
	asy        = regexp.MustCompile(`(?s)\[asy\].*?(\[/asy\]|$)`)
	url        = regexp.MustCompile(`https?://\S+`)
)

// nonProse pairs each pattern of non-language text with a substring it cannot match
// without, so that the regular expressions run only on text that may hold a match.
var nonProse = []struct {
	re  *regexp.Regexp
	cue string
}{
	{codeFence, "```"}, {inlineCode, "`"}, {asy, "[asy]"}, {latexEnv, `\begin`},
	{mathSpan, "$"}, {mathSpan, `\`}, {latexCmd, `\`}, {url, "http"},
}

// prose removes what is not natural language from a question.
func prose(s string) string {
	for _, p := range nonProse {
		if strings.Contains(s, p.cue) {
			s = p.re.ReplaceAllString(s, " ")
		}
	}
	return s
}

// maxProbe is how many bytes of a question the heuristic reads.
const maxProbe = 4096

func notEnglish(e English) func(record.Record) string {
	return func(r record.Record) string {
		if e.Domains != nil && !slices.Contains(e.Domains, r.Domain) {
			return ""
		}
		q := r.Question
		if len(q) > maxProbe {
			// The first few thousand characters are evidence enough, and a long
			// passage is most of a reading question's cost.
			cut := maxProbe
			for cut > 0 && !utf8.RuneStart(q[cut]) {
				cut--
			}
			q = q[:cut]
		}
		return guessNotEnglish(prose(q), e)
	}
}

// guessNotEnglish returns why text does not look English, or "".
//
// The words are the runs of letters and apostrophes of the lowercased text
// (strings.FieldsFunc over strings.ToLower), trimmed of apostrophes. One pass over
// the text counts the letters and cuts the words, lowercasing each rune as
// strings.ToLower does into a reused buffer, so that a question costs no
// allocation; ASCII takes a shortcut.
func guessNotEnglish(text string, e English) string {
	letters, latin := 0, 0
	var other map[string]int
	n, eng := 0, 0
	var hits [len(stopOrder)]int
	var buf [64]byte
	word := buf[:0]
	// endWord counts the word in word (the letters and apostrophes since the last
	// separator).
	endWord := func() {
		w := word
		for len(w) > 0 && w[0] == '\'' {
			w = w[1:]
		}
		for len(w) > 0 && w[len(w)-1] == '\'' {
			w = w[:len(w)-1]
		}
		if len(w) == 0 || utf8.RuneCount(w) < 2 {
			return // one letter is a variable or an option label as often as a word
		}
		n++
		if len(w) > maxStopWord {
			return
		}
		mask := stopMask[string(w)]
		if mask&englishBit != 0 {
			eng++
			return
		}
		for i := 0; mask != 0; mask, i = mask>>1, i+1 {
			hits[i] += int(mask & 1)
		}
	}
	inWord := false
	for _, c := range text {
		var lc rune
		var isLetter bool
		if c < utf8.RuneSelf {
			lc = c
			if 'A' <= c && c <= 'Z' {
				lc += 'a' - 'A'
			}
			isLetter = 'a' <= lc && lc <= 'z'
			if isLetter {
				letters++
				latin++
			}
		} else {
			if unicode.IsLetter(c) {
				letters++
				if unicode.Is(unicode.Latin, c) {
					latin++
				} else {
					if other == nil {
						other = map[string]int{}
					}
					other[scriptOf(c)]++
				}
			}
			lc = unicode.ToLower(c)
			isLetter = unicode.IsLetter(lc)
		}
		if !isLetter && lc != '\'' {
			if inWord {
				endWord()
				inWord, word = false, word[:0]
			}
			continue
		}
		inWord = true
		word = utf8.AppendRune(word, lc)
	}
	if inWord {
		endWord()
	}
	if letters >= e.MinLetters {
		if share := float64(letters-latin) / float64(letters); share > e.MaxNonLatin {
			return fmt.Sprintf("%.0f%% of %d letters are not Latin script (mostly %s)", 100*share, letters, topKey(other))
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

// scriptOf names the script of a non-Latin letter, for the detail message.
func scriptOf(c rune) string {
	for _, s := range []string{"Han", "Hiragana", "Katakana", "Hangul", "Cyrillic", "Arabic", "Hebrew", "Greek",
		"Devanagari", "Bengali", "Tamil", "Thai", "Georgian", "Armenian", "Ethiopic"} {
		if unicode.Is(unicode.Scripts[s], c) {
			return s
		}
	}
	return "other"
}

func topKey(m map[string]int) string {
	best, n := "", -1
	for k, v := range m {
		if v > n || v == n && k < best {
			best, n = k, v
		}
	}
	return best
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// The function-word lists: the most frequent closed-class words of each language
// (articles, pronouns, prepositions, conjunctions, auxiliaries), short on purpose —
// they make up a large share of any running text in their language and almost none
// of another's.
var (
	stopEnglish = wordSet(`the of and to a in is it that for on was with as be by at this are from or an
		have has had not but which you they his her he she we what all were there can will if their been
		would one do does did how when who whom your these those its than them then so no more about into
		some other each should our also after only may most me my i us him any such could very just where
		why while because over between both through before under same own being here off out up down`)
	stopOther = map[string]map[string]bool{
		"Spanish": wordSet(`de la que el en y los se del las un por con una su para es al lo como más pero
			sus le ya o este sí porque esta entre cuando muy sin sobre también hasta hay donde quien desde
			todo nos durante todos uno les ni contra otros ese eso ante ellos e esto mí antes algunos qué
			unos yo otro otras otra él tanto esa estos mucho quienes nada muchos cual poco ella estar estas
			algunas algo nosotros cuál cómo dónde está son fue ser tiene`),
		"French": wordSet(`le la les de des du un une et est en que qui dans pour pas sur au aux avec ce
			cette il elle ils nous vous je ne se sont par plus son sa ses mais ou où leur été être avoir
			fait comme tout très aussi bien quel quelle quels quelles sans sous chez`),
		"German": wordSet(`der die das und ist nicht ein eine einen zu den dem des mit sich auf für von im
			dass es sie er wir ich auch als an wie oder aber bei aus nach werden wird sind war hat haben
			noch nur kann über diese dieser welche welcher warum wenn ohne`),
		"Portuguese": wordSet(`de a o que e do da em um para é com não uma os no se na por mais as dos
			como mas ao ele das à seu sua ou quando muito nos já eu também só pelo pela até isso ela entre
			depois sem mesmo aos seus quem nas esse eles você essa num nem suas meu às minha numa pelos
			elas qual nós lhe deles essas esses pelas este dele são foi ser tem`),
		"Italian": wordSet(`di e il la che è per un una in non sono del della con si da al le lo gli dei
			delle nel nella alla ma come anche più questo questa ci mi ha hanno essere era sua suo quale
			perché quando`),
		"Dutch": wordSet(`de het een en van is dat die in te niet op zijn voor met als er maar om aan ook
			bij dan nog wordt door naar uit worden kan was hij zij wij ik je u deze dit geen wel hebben
			heeft welke waarom`),
	}
	// stopOtherMask maps a word to the bit set of the stopOrder languages it is a
	// function word of: one lookup per word instead of one per language.
	stopOtherMask = otherMask()
)

var stopOrder = [...]string{"Spanish", "French", "German", "Portuguese", "Italian", "Dutch"}

// englishBit marks an English function word in stopMask, above the stopOrder bits.
const englishBit = 1 << len(stopOrder)

// stopMask maps every function word to stopOtherMask's bits, plus englishBit for
// the English ones, and maxStopWord is the longest of them in bytes: a word costs
// guessNotEnglish one lookup, and a longer word none.
var stopMask, maxStopWord = func() (map[string]uint8, int) {
	m := map[string]uint8{}
	longest := 0
	for w, mask := range stopOtherMask {
		m[w] |= mask
		longest = max(longest, len(w))
	}
	for w := range stopEnglish {
		m[w] |= englishBit
		longest = max(longest, len(w))
	}
	return m, longest
}()

func otherMask() map[string]uint8 {
	m := map[string]uint8{}
	for i, lang := range stopOrder {
		for w := range stopOther[lang] {
			m[w] |= 1 << i
		}
	}
	return m
}
