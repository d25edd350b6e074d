package validate

import (
	"encoding/json"
	"fmt"
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
