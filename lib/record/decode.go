package record

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// decodeFast decodes one schema JSONL line the way decodeLine's json.Decoder
// (UseNumber, DisallowUnknownFields) does, for the lines a build reads by the
// tens of thousands: each known field once under its exact name, no null, integer
// token counts, strings without lone surrogate escapes, valid UTF-8. It reports ok
// false for anything else — whatever it is, valid or not — and decodeLine hands
// that line to encoding/json, so that every error and every odd case (duplicate or
// case-folded keys, nulls, merged meta objects) stays encoding/json's.
func decodeFast(text []byte) (w wire, ok bool) {
	d := fastDecoder{s: text}
	d.space()
	if !d.byte('{') {
		return wire{}, false
	}
	var seen uint16
	d.space()
	if !d.byte('}') {
		for {
			d.space()
			key, ok := d.plainKey()
			if !ok {
				return wire{}, false
			}
			d.space()
			if !d.byte(':') {
				return wire{}, false
			}
			d.space()
			bit, ok := d.field(&w, key)
			if !ok || seen&bit != 0 {
				return wire{}, false
			}
			seen |= bit
			d.space()
			if d.byte(',') {
				continue
			}
			if d.byte('}') {
				break
			}
			return wire{}, false
		}
	}
	d.space()
	return w, d.i == len(d.s)
}

// fastDecoder walks one line.
type fastDecoder struct {
	s     []byte
	i     int
	depth int
}

// maxFastDepth bounds the meta nesting decodeFast follows; deeper lines go to
// encoding/json.
const maxFastDepth = 64

func (d *fastDecoder) space() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// byte consumes c if it is next.
func (d *fastDecoder) byte(c byte) bool {
	if d.i < len(d.s) && d.s[d.i] == c {
		d.i++
		return true
	}
	return false
}

// plainKey reads a key without escapes (any escape sends the line to
// encoding/json, which matches a key like "\u0069d" to the field id).
func (d *fastDecoder) plainKey() ([]byte, bool) {
	if !d.byte('"') {
		return nil, false
	}
	start := d.i
	for d.i < len(d.s) {
		switch c := d.s[d.i]; {
		case c == '"':
			d.i++
			return d.s[start : d.i-1], true
		case c == '\\' || c < 0x20 || c >= utf8.RuneSelf:
			return nil, false
		}
		d.i++
	}
	return nil, false
}

// field decodes the value of key into w and returns the key's bit.
func (d *fastDecoder) field(w *wire, key []byte) (uint16, bool) {
	var dst *string
	var bit uint16
	switch string(key) {
	case "id":
		s, ok := d.str()
		w.ID = &s
		return 1 << 0, ok
	case "question":
		s, ok := d.str()
		w.Question = &s
		return 1 << 1, ok
	case "answer":
		dst, bit = &w.Answer, 1<<2
	case "domain":
		dst, bit = &w.Domain, 1<<3
	case "difficulty":
		dst, bit = &w.Difficulty, 1<<4
	case "source":
		dst, bit = &w.Source, 1<<5
	case "source_id":
		dst, bit = &w.SourceID, 1<<6
	case "license":
		dst, bit = &w.License, 1<<7
	case "tokens":
		t, ok := d.tokens()
		w.Tokens = &t
		return 1 << 8, ok
	case "meta":
		if !d.byte('{') {
			return 0, false
		}
		m, ok := d.object()
		w.Meta = m
		return 1 << 9, ok
	default:
		return 0, false
	}
	s, ok := d.str()
	*dst = s
	return bit, ok
}

// tokens reads {"question":N,"answer":N} with each key at most once.
func (d *fastDecoder) tokens() (Tokens, bool) {
	var t Tokens
	if !d.byte('{') {
		return t, false
	}
	d.space()
	if d.byte('}') {
		return t, true
	}
	var seen uint8
	for {
		d.space()
		key, ok := d.plainKey()
		if !ok {
			return t, false
		}
		d.space()
		if !d.byte(':') {
			return t, false
		}
		d.space()
		var dst *int
		var bit uint8
		switch string(key) {
		case "question":
			dst, bit = &t.Question, 1
		case "answer":
			dst, bit = &t.Answer, 2
		default:
			return t, false
		}
		if seen&bit != 0 {
			return t, false
		}
		seen |= bit
		if *dst, ok = d.integer(); !ok {
			return t, false
		}
		d.space()
		if d.byte(',') {
			continue
		}
		return t, d.byte('}')
	}
}

// integer reads a JSON integer literal (no fraction or exponent) that fits an int.
func (d *fastDecoder) integer() (int, bool) {
	start := d.i
	if d.i < len(d.s) && d.s[d.i] == '-' {
		d.i++
	}
	digits := d.i
	for d.i < len(d.s) && '0' <= d.s[d.i] && d.s[d.i] <= '9' {
		d.i++
	}
	lit := d.s[start:d.i]
	if d.i == digits || d.s[digits] == '0' && d.i-digits > 1 {
		return 0, false
	}
	if d.i < len(d.s) && (d.s[d.i] == '.' || d.s[d.i] == 'e' || d.s[d.i] == 'E') {
		return 0, false
	}
	n, err := strconv.ParseInt(string(lit), 10, 0)
	return int(n), err == nil
}

// value reads any JSON value as encoding/json decodes it into an interface with
// UseNumber.
func (d *fastDecoder) value() (any, bool) {
	if d.i >= len(d.s) {
		return nil, false
	}
	switch c := d.s[d.i]; {
	case c == '"':
		return d.str()
	case c == '{':
		d.i++
		return d.object()
	case c == '[':
		d.i++
		return d.array()
	case c == 't':
		return true, d.literal("true")
	case c == 'f':
		return false, d.literal("false")
	case c == 'n':
		return nil, d.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		start := d.i
		for d.i < len(d.s) && isNumberByte(d.s[d.i]) {
			d.i++
		}
		lit := string(d.s[start:d.i])
		return json.Number(lit), isNumberLiteral(lit)
	}
	return nil, false
}

func isNumberByte(c byte) bool {
	return '0' <= c && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

func (d *fastDecoder) literal(word string) bool {
	if len(d.s)-d.i < len(word) || string(d.s[d.i:d.i+len(word)]) != word {
		return false
	}
	d.i += len(word)
	return true
}

// object reads the members of an object whose '{' is consumed: a fresh map, a
// repeated key's last value winning, as encoding/json fills a map[string]any.
func (d *fastDecoder) object() (map[string]any, bool) {
	if d.depth++; d.depth > maxFastDepth {
		return nil, false
	}
	defer func() { d.depth-- }()
	m := map[string]any{}
	d.space()
	if d.byte('}') {
		return m, true
	}
	for {
		d.space()
		if d.i >= len(d.s) || d.s[d.i] != '"' {
			return nil, false
		}
		key, ok := d.str()
		if !ok {
			return nil, false
		}
		d.space()
		if !d.byte(':') {
			return nil, false
		}
		d.space()
		v, ok := d.value()
		if !ok {
			return nil, false
		}
		m[key] = v
		d.space()
		if d.byte(',') {
			continue
		}
		return m, d.byte('}')
	}
}

// array reads the elements of an array whose '[' is consumed.
func (d *fastDecoder) array() ([]any, bool) {
	if d.depth++; d.depth > maxFastDepth {
		return nil, false
	}
	defer func() { d.depth-- }()
	a := make([]any, 0)
	d.space()
	if d.byte(']') {
		return a, true
	}
	for {
		d.space()
		v, ok := d.value()
		if !ok {
			return nil, false
		}
		a = append(a, v)
		d.space()
		if d.byte(',') {
			continue
		}
		return a, d.byte(']')
	}
}

// str reads a JSON string. Control characters, invalid UTF-8 and \u escapes of
// surrogates (which encoding/json pairs or replaces) report false.
func (d *fastDecoder) str() (string, bool) {
	if !d.byte('"') {
		return "", false
	}
	start := d.i
	// The common case: no escape, ASCII or valid UTF-8, one allocation.
	for d.i < len(d.s) {
		c := d.s[d.i]
		if c == '"' {
			raw := d.s[start:d.i]
			d.i++
			if !utf8.Valid(raw) {
				return "", false
			}
			return string(raw), true
		}
		if c == '\\' || c < 0x20 {
			break
		}
		d.i++
	}
	buf := make([]byte, 0, d.i-start+64)
	buf = append(buf, d.s[start:d.i]...)
	for d.i < len(d.s) {
		c := d.s[d.i]
		switch {
		case c == '"':
			d.i++
			if !utf8.Valid(buf) {
				return "", false
			}
			return string(buf), true
		case c < 0x20:
			return "", false
		case c != '\\':
			buf = append(buf, c)
			d.i++
			continue
		}
		if d.i+1 >= len(d.s) {
			return "", false
		}
		e := d.s[d.i+1]
		d.i += 2
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			if len(d.s)-d.i < 4 {
				return "", false
			}
			r, err := strconv.ParseUint(string(d.s[d.i:d.i+4]), 16, 32)
			if err != nil || 0xd800 <= r && r < 0xe000 {
				return "", false
			}
			d.i += 4
			buf = utf8.AppendRune(buf, rune(r))
		default:
			return "", false
		}
	}
	return "", false
}
