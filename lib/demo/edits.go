package demo

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Edit kinds of an injected near-duplicate, as injected_duplicates.jsonl names them.
const (
	EditCase             = "case"
	EditPunctuation      = "punctuation"
	EditWhitespace       = "whitespace"
	EditTypo             = "typo"
	EditChangedWord      = "changed_word"
	EditDroppedWord      = "dropped_word"
	EditReorderedChoices = "reordered_choices"
	EditPrefix           = "prefix"
	EditSuffix           = "suffix"
)

// textEdits are the edits that apply to any text; multiple-choice items may also
// have their options reordered.
var textEdits = []string{EditCase, EditPunctuation, EditWhitespace, EditTypo,
	EditChangedWord, EditDroppedWord, EditPrefix, EditSuffix}

// Prefixes and suffixes are the kind of wrapping that collections add when they copy
// a question: a label in front, an instruction after.
var (
	editPrefixes = []string{"Question: ", "Q: ", "Please answer: ", "Quick question: ",
		"Problem: ", "Task: ", "Try this one: ", "Homework: "}
	editSuffixes = []string{" Explain your answer.", " Show your work.", " Answer briefly.",
		" Be concise.", " Think step by step.", " Give reasons.", " (Answer in one line.)"}
)

// wordSpan is the byte range of a word of letters in a text.
type wordSpan struct{ start, end int }

// letterWords finds the words made of letters only (at least minLen), skipping any
// inside $…$ LaTeX and `…` code, so that an edit never breaks a formula or an
// identifier the record's answer refers to.
func letterWords(s string, minLen int) []wordSpan {
	var out []wordSpan
	inMath, inCode := false, false
	start := -1
	for i, r := range s {
		isLetter := r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
		if isLetter {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			ok := !inMath && !inCode && i-start >= minLen && !identChar(r) && (start == 0 || !identByte(s[start-1]))
			if ok {
				out = append(out, wordSpan{start, i})
			}
			start = -1
		}
		switch r {
		case '$':
			inMath = !inMath
		case '`':
			inCode = !inCode
		}
	}
	if start >= 0 && !inMath && !inCode && len(s)-start >= minLen && (start == 0 || !identByte(s[start-1])) {
		out = append(out, wordSpan{start, len(s)})
	}
	return out
}

// identChar reports characters that make a run of letters part of an identifier,
// a number or a markup token (snake_case, x2, \frac), which edits leave alone.
func identChar(r rune) bool { return r == '_' || r == '\\' || unicode.IsDigit(r) }
func identByte(c byte) bool { return c == '_' || c == '\\' || c >= '0' && c <= '9' }

// applyEdit returns s with the edit applied, and false when the edit cannot change s
// (no word to change, say). The result always differs from s when ok.
func (g *gen) applyEdit(s, edit string) (string, bool) {
	ws := letterWords(s, 1)
	var out string
	switch edit {
	case EditCase:
		// Lower-case the whole text, or capitalise a word, as copy-editing does.
		if low := strings.ToLower(s); low != s && g.chance(0.5) {
			out = low
			break
		}
		long := letterWords(s, 3)
		if len(long) == 0 {
			return s, false
		}
		w := long[g.r.IntN(len(long))]
		word := s[w.start:w.end]
		up := strings.ToUpper(word)
		if up == word {
			up = strings.ToLower(word)
		}
		out = s[:w.start] + up + s[w.end:]
	case EditPunctuation:
		out = g.editPunctuation(s)
	case EditWhitespace:
		// Two spaces where there was one (or a space doubled before the last word):
		// invisible to a reader, a different byte string.
		var spaces []int
		for i := 0; i < len(s); i++ {
			if s[i] == ' ' && i > 0 && s[i-1] != ' ' && i+1 < len(s) && s[i+1] != ' ' {
				spaces = append(spaces, i)
			}
		}
		if len(spaces) == 0 {
			return s, false
		}
		i := spaces[g.r.IntN(len(spaces))]
		out = s[:i] + "  " + s[i+1:]
	case EditTypo:
		long := letterWords(s, 4)
		if len(long) == 0 {
			return s, false
		}
		w := long[g.r.IntN(len(long))]
		out = s[:w.start] + g.typo(s[w.start:w.end]) + s[w.end:]
	case EditChangedWord:
		long := letterWords(s, 3)
		if len(long) == 0 {
			return s, false
		}
		w := long[g.r.IntN(len(long))]
		old := s[w.start:w.end]
		repl := g.word("adj")
		for strings.EqualFold(repl, old) {
			repl = g.word("adj")
		}
		if unicode.IsUpper(rune(old[0])) {
			repl = capFirst(repl)
		}
		out = s[:w.start] + repl + s[w.end:]
	case EditDroppedWord:
		// Drop a word with the space before it (after it, for the first word).
		if len(ws) < 4 {
			return s, false
		}
		w := ws[1+g.r.IntN(len(ws)-1)]
		if w.start > 0 && s[w.start-1] == ' ' {
			out = s[:w.start-1] + s[w.end:]
		} else if w.end < len(s) && s[w.end] == ' ' {
			out = s[:w.start] + s[w.end+1:]
		} else {
			return s, false
		}
	case EditPrefix:
		out = g.pick(editPrefixes) + s
	case EditSuffix:
		out = strings.TrimRight(s, " ") + g.pick(editSuffixes)
	default:
		return s, false
	}
	return out, out != s
}

// editPunctuation drops, adds or swaps one punctuation mark.
func (g *gen) editPunctuation(s string) string {
	var marks []int
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '.', '?', '!', ';', ':':
			// Leave decimal points and marks inside numbers alone.
			if i > 0 && i+1 < len(s) && isDigit(s[i-1]) && isDigit(s[i+1]) {
				continue
			}
			marks = append(marks, i)
		}
	}
	if len(marks) > 0 && g.chance(0.7) {
		i := marks[g.r.IntN(len(marks))]
		switch s[i] {
		case '?':
			if g.chance(0.5) {
				return s[:i] + "." + s[i+1:]
			}
		case '.':
			if g.chance(0.5) {
				return s[:i] + "!" + s[i+1:]
			}
		}
		return s[:i] + s[i+1:]
	}
	// Add a comma after a word, or end the text with a mark.
	ws := letterWords(s, 3)
	if len(ws) > 2 {
		w := ws[1+g.r.IntN(len(ws)-2)]
		if w.end < len(s) && s[w.end] == ' ' {
			return s[:w.end] + "," + s[w.end:]
		}
	}
	return strings.TrimRight(s, " ") + "..."
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// typo swaps two adjacent inner letters, doubles one, or drops one.
func (g *gen) typo(w string) string {
	b := []byte(w)
	i := 1 + g.r.IntN(len(b)-2)
	switch g.r.IntN(3) {
	case 0:
		if b[i] != b[i+1] {
			b[i], b[i+1] = b[i+1], b[i]
			return string(b)
		}
		fallthrough
	case 1:
		return string(b[:i+1]) + string(b[i:])
	}
	return string(b[:i]) + string(b[i+1:])
}

// reorder permutes the options of a multiple-choice item and moves its key with the
// right option; false when there are fewer than two options.
func (g *gen) reorder(choices []string, key int) ([]string, int, bool) {
	distinct := false
	for _, c := range choices[1:] {
		distinct = distinct || c != choices[0]
	}
	if !distinct {
		return choices, key, false
	}
	for {
		perm := g.r.Perm(len(choices))
		out := make([]string, len(choices))
		newKey := 0
		same := true
		for to, from := range perm {
			out[to] = choices[from]
			if from == key {
				newKey = to
			}
			if choices[from] != choices[to] {
				same = false
			}
		}
		if !same {
			return out, newKey, true
		}
	}
}
