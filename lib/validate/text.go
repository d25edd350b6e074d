package validate

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"qmix/lib/record"
)

// mojibake matches UTF-8 text that was decoded as Latin-1/Windows-1252 and encoded
// again: every non-ASCII character then becomes "Ã" or "Â" followed by a character
// of U+0080–U+00BF ("é" → "Ã©", a no-break space → "Â "), and the Windows-1252
// punctuation turns into "â€" plus one more character ("’" → "â€™", "—" → "â€”").
// Proper text never puts those pairs together: "Ã" and "Â" start words in
// Portuguese or Vietnamese names only before ASCII letters.
var mojibake = regexp.MustCompile("[ÃÂ][\u0080-\u00bf]|â€[\u0080-\u00bf\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc]")

// encodingBroken reports invalid UTF-8, replacement characters (what a decoder
// leaves for bytes it could not read), a byte-order mark inside the text and
// double-encoded UTF-8. One pass over each text finds the first three and whether
// the mojibake pattern can match at all.
func encodingBroken(r record.Record) string {
	for _, f := range []struct{ name, text string }{{"question", r.Question}, {"answer", r.Answer}} {
		fffd, fffdAt, suspect := 0, -1, false
		for i, c := range f.text {
			switch c {
			case utf8.RuneError:
				if _, size := utf8.DecodeRuneInString(f.text[i:]); size == 1 {
					return fmt.Sprintf("%s: invalid UTF-8 at byte %d", f.name, i)
				}
				if fffd++; fffdAt < 0 {
					fffdAt = i
				}
			case '\uFEFF':
				return fmt.Sprintf("%s: byte-order mark U+FEFF at byte %d", f.name, i)
			case 'Ã', 'Â', 'â':
				suspect = true
			}
		}
		if fffd > 0 {
			return fmt.Sprintf("%s: %d U+FFFD replacement character(s) near %q", f.name, fffd, around(f.text, fffdAt))
		}
		if !suspect {
			continue
		}
		if loc := mojibake.FindStringIndex(f.text); loc != nil {
			return fmt.Sprintf("%s: UTF-8 decoded as Latin-1 (%q) near %q", f.name, f.text[loc[0]:loc[1]], around(f.text, loc[0]))
		}
	}
	return ""
}

// controlCharacters reports C0 controls other than tab, newline and carriage return,
// DEL and the C1 controls: they are invisible, break tokenizers' and terminals'
// handling, and come from binary garbage or bad conversions (form feeds and vertical
// tabs of PDF extractions included).
func controlCharacters(r record.Record) string {
	for _, f := range []struct{ name, text string }{{"question", r.Question}, {"answer", r.Answer}} {
		if i := badControlAt(f.text); i >= 0 {
			c, _ := utf8.DecodeRuneInString(f.text[i:])
			return fmt.Sprintf("%s: control character U+%04X at byte %d", f.name, c, i)
		}
	}
	return ""
}

// badControlAt returns the byte offset of the first rune of s that isBadControl, or
// -1. It scans bytes: the C0 controls and DEL are single bytes, and a C1 control is
// 0xC2 followed by 0x80–0x9F, which no other valid sequence contains (0xC2 is never
// a continuation byte, so it always starts the rune it is in, and an invalid
// sequence decodes as U+FFFD, not a control).
func badControlAt(s string) int {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20:
			if c != '\t' && c != '\n' && c != '\r' {
				return i
			}
		case c == 0x7f:
			return i
		case c == 0xc2:
			if i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9f {
				return i
			}
		}
	}
	return -1
}

func isBadControl(c rune) bool {
	switch {
	case c == '\t' || c == '\n' || c == '\r':
		return false
	case c < 0x20, c == 0x7f, c >= 0x80 && c <= 0x9f:
		return true
	}
	return false
}

// around returns a few characters of s around byte i, for a detail message.
func around(s string, i int) string {
	from, to := max(0, i-12), min(len(s), i+12)
	for from > 0 && !utf8.RuneStart(s[from]) {
		from--
	}
	for to < len(s) && !utf8.RuneStart(s[to]) {
		to++
	}
	return s[from:to]
}

// Template slots, matched against a whole (trimmed) text:
//   - slot: "{question}", "{{ input }}", "{}", "[QUESTION]", "[insert question here]",
//     "$question", "${q}", "%s", "%(question)s", and "<placeholder>", "<question>"
//     with a slot word inside (so that an HTML tag is not taken for one);
//   - stub: words that stand where a question should be ("TODO", "TBD", "lorem
//     ipsum…", "your question here", "N/A", "?").
//
// Inside a longer question a paragraph counts only when its slot holds a slot word
// or is written in capitals ("{passage}", "[INSERT TEXT]"): MATH's "[asy]" figure
// markers and a lone "{}" of a code sample are not placeholders.
var (
	slot     = regexp.MustCompile(`^(\{\{?\s*[\w .-]*\s*\}\}?|\[\s*[\w .-]*\s*\]|\$\{?\w+\}?|%\(?\w*\)?[sd])$`)
	angled   = regexp.MustCompile(`^<\s*([\w .-]+?)\s*/?>$`)
	inner    = regexp.MustCompile(`^(?:\{\{?|\[|<|\$\{?)\s*([\w .-]*?)\s*(?:\}\}?|\]|/?>)?$`)
	slotWord = regexp.MustCompile(`(?i)^(question|input|instructions?|passage|context|text|prompt|query|answer|placeholder|noinput|nooutput|blank|empty|problem|article|document|sentence|topic|(insert|enter|your)\b.*)$`)
	capitals = regexp.MustCompile(`^[A-Z][A-Z0-9_ ]*[A-Z0-9]$`)
	stub     = regexp.MustCompile(`(?i)^(todo|tbd|fixme|xxx+|placeholder|lorem ipsum\b.*|(insert |enter |add )?(your |the )?(question|prompt|instruction|input|text) (here|goes here)|sample question|n/?a|null|nil|none|undefined|\?+|\.+|…|-+|_+)[.!]?$`)
	// label strips a "Question:"-style prefix before a slot in one paragraph.
	label = regexp.MustCompile(`(?is)^(question|q|passage|context|input|instruction|goal|text|article|document|query|problem)\s*:\s*`)
)

// placeholderQuestion fires when the question is only a template slot or stub, or
// when one of its paragraphs (blank-line separated, outside code fences) is only a
// named slot after an optional "Question:"-style label — a template whose stem was
// never filled in ("Read the passage…\n\nPassage:\n{passage}"). Stubs count only for
// the whole question: "N/A" may be a fair paragraph of a passage.
func placeholderQuestion(r record.Record) string {
	q := strings.TrimSpace(r.Question)
	if q == "" {
		return ""
	}
	if isSlot(q) || stub.MatchString(q) {
		return fmt.Sprintf("the question is only %q", short(q, 40))
	}
	inFence := false
	for _, para := range strings.Split(q, "\n\n") {
		if strings.Count(para, "```")%2 == 1 {
			inFence = !inFence
			continue
		}
		if inFence || !strings.ContainsAny(para, slotStarts) {
			continue
		}
		p := strings.TrimSpace(label.ReplaceAllString(strings.TrimSpace(para), ""))
		if p != "" && isNamedSlot(p) {
			return fmt.Sprintf("a paragraph of the question is only %q", short(p, 40))
		}
	}
	return ""
}

// slotStarts are the characters a slot (slot or angled) starts with: a paragraph
// without any of them cannot be one, whatever its label, and skips the regular
// expressions.
const slotStarts = "{[$%<"

func isSlot(s string) bool {
	if slot.MatchString(s) {
		return true
	}
	m := angled.FindStringSubmatch(s)
	return m != nil && slotWord.MatchString(m[1])
}

// isNamedSlot is isSlot for a paragraph: the slot must name what belongs there.
func isNamedSlot(s string) bool {
	if !isSlot(s) {
		return false
	}
	m := inner.FindStringSubmatch(s)
	return m != nil && (slotWord.MatchString(m[1]) || capitals.MatchString(m[1]))
}
