package format

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// Row is one decoded record: a JSON-like tree of map[string]any, []any, string,
// json.Number (from JSON), int64/float64 (from Parquet), bool and nil.
// Accessors return *RowError values that name the row's position and the field.
type Row struct {
	Pos    Position
	Fields map[string]any
}

// Has reports whether the field is present and not null.
func (r Row) Has(field string) bool {
	v, ok := r.Fields[field]
	return ok && v != nil
}

// Str returns a required string field.
func (r Row) Str(field string) (string, error) {
	v, ok := r.Fields[field]
	if !ok || v == nil {
		return "", &RowError{Pos: r.Pos, Field: field, Err: ErrMissing}
	}
	s, ok := v.(string)
	if !ok {
		return "", r.typeErr(field, "string", v)
	}
	return s, nil
}

// OptStr returns a string field, or "" when it is absent or null.
func (r Row) OptStr(field string) (string, error) {
	if !r.Has(field) {
		return "", nil
	}
	return r.Str(field)
}

// Int returns a required integer field; JSON numbers, Parquet integers and
// integral floats are accepted, numeric strings are not (no silent coercion).
func (r Row) Int(field string) (int64, error) {
	v, ok := r.Fields[field]
	if !ok || v == nil {
		return 0, &RowError{Pos: r.Pos, Field: field, Err: ErrMissing}
	}
	n, ok := AsInt(v)
	if !ok {
		return 0, r.typeErr(field, "integer", v)
	}
	return n, nil
}

// Bool returns a required boolean field.
func (r Row) Bool(field string) (bool, error) {
	v, ok := r.Fields[field]
	if !ok || v == nil {
		return false, &RowError{Pos: r.Pos, Field: field, Err: ErrMissing}
	}
	b, ok := v.(bool)
	if !ok {
		return false, r.typeErr(field, "boolean", v)
	}
	return b, nil
}

// List returns a required list field.
func (r Row) List(field string) ([]any, error) {
	v, ok := r.Fields[field]
	if !ok || v == nil {
		return nil, &RowError{Pos: r.Pos, Field: field, Err: ErrMissing}
	}
	l, ok := v.([]any)
	if !ok {
		return nil, r.typeErr(field, "list", v)
	}
	return l, nil
}

// Strings returns a required list of strings.
func (r Row) Strings(field string) ([]string, error) {
	l, err := r.List(field)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(l))
	for i, v := range l {
		s, ok := v.(string)
		if !ok {
			return nil, r.typeErr(fmt.Sprintf("%s[%d]", field, i), "string", v)
		}
		out[i] = s
	}
	return out, nil
}

// Map returns a required object field as a Row with the same position, so that
// nested accessors keep naming the place of the error.
func (r Row) Map(field string) (Row, error) {
	v, ok := r.Fields[field]
	if !ok || v == nil {
		return Row{}, &RowError{Pos: r.Pos, Field: field, Err: ErrMissing}
	}
	m, ok := v.(map[string]any)
	if !ok {
		return Row{}, r.typeErr(field, "object", v)
	}
	return Row{Pos: r.Pos, Fields: m}, nil
}

// Sub wraps an arbitrary value found inside the row (a list element, say) as a Row,
// with key appended to the position so errors point inside the row.
func (r Row) Sub(key string, v any) (Row, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return Row{}, r.typeErr(key, "object", v)
	}
	pos := r.Pos
	if pos.Key != "" {
		key = pos.Key + "." + key
	}
	pos.Key = key
	return Row{Pos: pos, Fields: m}, nil
}

// Errorf builds a RowError at this row's position.
func (r Row) Errorf(field string, sentinel error, format string, args ...any) *RowError {
	return Errorf(r.Pos, field, sentinel, format, args...)
}

func (r Row) typeErr(field, want string, v any) *RowError {
	return &RowError{Pos: r.Pos, Field: field, Value: Render(v),
		Err: fmt.Errorf("%w: want %s, got %s", ErrType, want, TypeName(v))}
}

// AsInt converts the numeric kinds decoders produce to int64.
func AsInt(v any) (int64, bool) {
	switch n := v.(type) {
	case json.Number:
		i, err := strconv.ParseInt(string(n), 10, 64)
		if err == nil {
			return i, true
		}
		f, err := n.Float64()
		if err == nil && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			return int64(f), true
		}
	case int64:
		return n, true
	case int32:
		return int64(n), true
	case int:
		return int64(n), true
	case float64:
		if n == math.Trunc(n) && math.Abs(n) < 1<<53 {
			return int64(n), true
		}
	}
	return 0, false
}

// TypeName names a decoded value's JSON type for error messages.
func TypeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case json.Number, int64, int32, int, float64, float32:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "list"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// Render prints a decoded value compactly (JSON where possible).
func Render(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
