package record

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// jsonWire decodes a line the way decodeLine did before decodeFast: ok is false
// when encoding/json rejects it or finds text after the record.
func jsonWire(text []byte) (wire, bool) {
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	var w wire
	if err := dec.Decode(&w); err != nil || dec.More() {
		return wire{}, false
	}
	return w, true
}

// fastLines are lines decodeFast must take (fast) or leave to encoding/json.
var fastLines = []struct {
	line string
	fast bool
}{
	{good, true},
	{`{"id":"a","question":"q \"quoted\" \\ \/ \b\f\n\r\t \u00e9 \u20ac \u0000","domain":"math","difficulty":"easy","meta":{}}`, true},
	{` { "id" : "a" , "question" : "q" , "tokens" : { "question" : -0 , "answer" : 12 } , "meta" : { "n" : -1.5e+3 , "l" : [ 1 , "x" , true , false , null , [ ] , { } ] , "n2": 0.25E-7 } } `, true},
	{`{"id":"a","question":"é 日本 🙂","meta":{"k":"v","k":"w","\u00e9":1}}`, true},
	{`{"id":"a","question":"q","tokens":{}}`, true},
	{`{}`, true},
	{`{"id":"a","id":"b","question":"q"}`, false},    // duplicate field
	{`{"ID":"a","question":"q"}`, false},             // case-folded field name
	{`{"\u0069d":"a","question":"q"}`, false},        // escaped field name
	{`{"id":null,"question":"q"}`, false},            // null
	{`{"id":"a","question":"q","meta":null}`, false}, // null meta
	{`{"id":"a","question":"q","meta":{"a":1},"meta":{"b":2}}`, false},
	{`{"id":"a","question":"q","tokens":{"question":1.0}}`, false},
	{`{"id":"a","question":"q","tokens":{"question":1e2}}`, false},
	{`{"id":"a","question":"q","tokens":{"question":99999999999999999999}}`, false},
	{`{"id":"a","question":"q","tokens":{"question":01}}`, false},
	{`{"id":"a","question":"q","tokens":{"question":1,"question":2}}`, false},
	{`{"id":"a","question":"q","tokens":{"other":1}}`, false},
	{`{"id":"a","question":"\ud83d\ude42 pair"}`, false},      // surrogate pair escape
	{`{"id":"a","question":"\ud83d lone"}`, false},            // lone surrogate
	{"{\"id\":\"a\",\"question\":\"bad \xff utf8\"}", false},  // invalid UTF-8
	{"{\"id\":\"a\",\"question\":\"tab\tin string\"}", false}, // control character
	{`{"id":"a","question":"q","extra":1}`, false},
	{`{"id":"a","question":"q"} trailing`, false},
	{`{"id":"a","question":"q"}{"id":"b"}`, false},
	{`{"id":"a","question":"q",}`, false},
	{`{"id":"a","question":"q","meta":{"n":01}}`, false},
	{`{"id":"a","question":"q","meta":{"n":1.}}`, false},
	{`{"id":"a","question":"q","meta":{"n":-}}`, false},
	{`{"id":"a","question":"q","meta":{"t":tru}}`, false},
	{`{"id":"a","question":"q","meta":{"x":"\x"}}`, false},
	{`{"id":"a","question":"q","meta":{"x":"\u12"}}`, false},
	{`{"id":"a","question":"q","meta":` + strings.Repeat(`{"d":`, 100) + `1` + strings.Repeat(`}`, 100) + `}`, false},
	{`[1]`, false},
	{``, false},
	{`{"id":"a","question":`, false},
}

func TestDecodeFast(t *testing.T) {
	for _, c := range fastLines {
		w, ok := decodeFast([]byte(c.line))
		if ok != c.fast {
			t.Errorf("decodeFast(%.70s) ok = %v, want %v", c.line, ok, c.fast)
			continue
		}
		if !ok {
			continue
		}
		want, wantOK := jsonWire([]byte(c.line))
		if !wantOK || !reflect.DeepEqual(w, want) {
			t.Errorf("decodeFast(%.70s) = %+v, encoding/json %+v (ok %v)", c.line, w, want, wantOK)
		}
	}
	// Every line the Writer writes takes the fast path, and decodes as encoding/json
	// decodes it.
	for _, r := range encodeCases() {
		line, err := appendLine(nil, &r)
		if err != nil {
			continue
		}
		w, ok := decodeFast(bytes.TrimSuffix(line, []byte("\n")))
		want, wantOK := jsonWire(line)
		if !wantOK {
			t.Fatalf("encoding/json rejects the Writer's line %s", line)
		}
		if ok && !reflect.DeepEqual(w, want) {
			t.Errorf("decodeFast(%s) = %+v, encoding/json %+v", line, w, want)
		}
	}
}

func FuzzDecodeFast(f *testing.F) {
	for _, c := range fastLines {
		f.Add([]byte(c.line))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		w, ok := decodeFast(line)
		if !ok {
			return
		}
		want, wantOK := jsonWire(line)
		if !wantOK || !reflect.DeepEqual(w, want) {
			t.Fatalf("decodeFast(%q) = %+v, encoding/json %+v (ok %v)", line, w, want, wantOK)
		}
	})
}
