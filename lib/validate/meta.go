package validate

import (
	"encoding/json"
	"fmt"
	"strings"

	"qmix/lib/record"
)

// Meta values arrive in several Go types: []string from an adapter, []any from
// JSON, json.Number for numbers read with UseNumber. These helpers read them all.

func metaString(m map[string]any, key string) (string, bool) {
	switch v := m[key].(type) {
	case string:
		return v, true
	case json.Number:
		return v.String(), true
	case nil:
		return "", false
	default:
		return fmt.Sprint(v), true
	}
}

func metaBool(m map[string]any, key string) (value, present bool) {
	b, ok := m[key].(bool)
	return b, ok
}

func metaStrings(m map[string]any, key string) []string {
	switch v := m[key].(type) {
	case []string:
		return v
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				s = fmt.Sprint(x)
			}
			out = append(out, s)
		}
		return out
	}
	return nil
}

// splitOf is the split in a public record's id "<source>/<split>/<source_id>", or ""
// when the id does not have that shape.
func splitOf(r record.Record) string {
	rest, ok := strings.CutPrefix(r.ID, r.Source+"/")
	if !ok || r.Source == "" {
		return ""
	}
	split, _, ok := strings.Cut(rest, "/")
	if !ok {
		return ""
	}
	return split
}
