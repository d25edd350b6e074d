package record

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The Writer's encoding, written out: appendRecord produces byte for byte what
// encoding/json's Encoder with SetEscapeHTML(false) writes for a Record — fields in
// struct order, meta keys sorted, floats as encoding/json formats them — without
// reflection, which made encoding most of the cost of writing a build's outputs.
// Meta values of other types than the ones JSON decoding and the source adapters
// produce (string, bool, nil, float64, json.Number, the integer types, []string,
// []any, map[string]any) go through encoding/json itself.

// maxDepth bounds the nesting appendValue follows itself; deeper values (or a map
// that contains itself) go to encoding/json, which reports cycles.
const maxDepth = 64

// appendRecord appends r as one JSON line (with its newline). On error dst is
// returned as it was.
func appendRecord(dst []byte, r *Record) ([]byte, error) {
	start := len(dst)
	dst = append(dst, `{"id":`...)
	dst = appendString(dst, r.ID)
	dst = append(dst, `,"question":`...)
	dst = appendString(dst, r.Question)
	dst = append(dst, `,"answer":`...)
	dst = appendString(dst, r.Answer)
	dst = append(dst, `,"domain":`...)
	dst = appendString(dst, r.Domain)
	dst = append(dst, `,"difficulty":`...)
	dst = appendString(dst, r.Difficulty)
	dst = append(dst, `,"source":`...)
	dst = appendString(dst, r.Source)
	dst = append(dst, `,"source_id":`...)
	dst = appendString(dst, r.SourceID)
	dst = append(dst, `,"license":`...)
	dst = appendString(dst, r.License)
	dst = append(dst, `,"tokens":{"question":`...)
	dst = strconv.AppendInt(dst, int64(r.Tokens.Question), 10)
	dst = append(dst, `,"answer":`...)
	dst = strconv.AppendInt(dst, int64(r.Tokens.Answer), 10)
	dst = append(dst, `},"meta":`...)
	var err error
	if r.Meta == nil {
		dst = append(dst, "null"...)
	} else if dst, err = appendMap(dst, r.Meta, 0); err != nil {
		return dst[:start], err
	}
	return append(dst, "}\n"...), nil
}

// appendValue appends the JSON of v.
func appendValue(dst []byte, v any, depth int) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...), nil
	case string:
		return appendString(dst, x), nil
	case bool:
		return strconv.AppendBool(dst, x), nil
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			break // encoding/json's error
		}
		return appendFloat(dst, x), nil
	case json.Number:
		if isNumberLiteral(string(x)) {
			return append(dst, x...), nil
		}
	case int:
		return strconv.AppendInt(dst, int64(x), 10), nil
	case int64:
		return strconv.AppendInt(dst, x, 10), nil
	case int32:
		return strconv.AppendInt(dst, int64(x), 10), nil
	case uint64:
		return strconv.AppendUint(dst, x, 10), nil
	case []string:
		if x == nil {
			return append(dst, "null"...), nil
		}
		dst = append(dst, '[')
		for i, s := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendString(dst, s)
		}
		return append(dst, ']'), nil
	case []any:
		if x == nil || depth >= maxDepth {
			break
		}
		dst = append(dst, '[')
		for i, e := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			if dst, err = appendValue(dst, e, depth+1); err != nil {
				return dst, err
			}
		}
		return append(dst, ']'), nil
	case map[string]any:
		if x == nil || depth >= maxDepth {
			break
		}
		return appendMap(dst, x, depth+1)
	}
	return appendMarshal(dst, v)
}

// appendMap appends a map's members, keys sorted as encoding/json sorts them.
func appendMap(dst []byte, m map[string]any, depth int) ([]byte, error) {
	if depth >= maxDepth {
		return appendMarshal(dst, m)
	}
	var buf [16]string
	keys := buf[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, strings.Compare)
	dst = append(dst, '{')
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, k)
		dst = append(dst, ':')
		var err error
		if dst, err = appendValue(dst, m[k], depth); err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

// appendMarshal appends v as encoding/json encodes it with HTML escaping off.
func appendMarshal(dst []byte, v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return dst, err
	}
	return append(dst, bytes.TrimSuffix(b.Bytes(), []byte("\n"))...), nil
}

// appendFloat formats a finite float64 as encoding/json does: like ES6's
// number-to-string, %f unless the magnitude is below 1e-6 or at least 1e21, then %e
// without a leading zero in the exponent.
func appendFloat(dst []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		// e-09 → e-9
		n := len(dst)
		if n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst
}

// isNumberLiteral reports whether s is a JSON number (RFC 8259 section 6):
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func isNumberLiteral(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && '1' <= s[i] && s[i] <= '9':
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		d := i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		if i == d {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		d := i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		if i == d {
			return false
		}
	}
	return i == len(s)
}

// safeASCII marks the ASCII bytes a JSON string holds as they are: not a control
// character, '"' or '\\'. ('<', '>' and '&' stay: the Writer does not escape HTML.)
var safeASCII = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string the way encoding/json writes it without
// HTML escaping: '"' and '\\' escaped, \b \f \n \r \t by name, other control
// characters as \u00XX, invalid UTF-8 as \ufffd, and U+2028 and U+2029 escaped
// (they end a line in JavaScript).
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if safeASCII[c] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
