package demo

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"unicode/utf8"

	"qmix/lib/record"
)

// Take is a public source and how many records the plan takes from it.
type Take struct {
	Source string
	N      int
}

// PlanTakes are the augmentation plan's per-source takes (its tables), in the plan's
// order. They add up to 35,264; the plan's "~39,264" total is an addition error. A
// stand-in holds StandInSize records for a take.
var PlanTakes = []Take{
	{"codesearchnet", 2000}, {"humaneval", 164}, {"mbpp", 500},
	{"gsm8k", 2000}, {"math", 1500}, {"metamathqa", 500},
	{"mmlu", 2000}, {"arc_challenge", 1500}, {"hellaswag", 500},
	{"squad_v2", 2000}, {"drop", 1500}, {"coqa", 500},
	{"toolbench", 1500}, {"gorilla", 1600},
	{"commonsense_qa", 2500}, {"piqa", 2500},
	{"cnn_dailymail", 2500}, {"xsum", 2500},
	{"natural_instructions", 2500}, {"alpaca", 5000},
}

// Headroom is how much larger than the plan's take a stand-in is (10%), so that the
// build's seeded sample has records to choose from and the dedup stage has
// duplicates to drop without leaving a source short.
const Headroom = 1.1

// humanEvalSize is HumanEval's size: the plan takes the whole benchmark, and a
// stand-in larger than the real dataset would not be a stand-in.
const humanEvalSize = 164

// StandInSize is the number of records the stand-in of a source holds at scale:
// ceil(take × Headroom × scale), at least 1; HumanEval's is ceil(164 × scale), at
// most 164.
func StandInSize(source string, take int, scale float64) int {
	if source == "humaneval" {
		return max(1, min(humanEvalSize, int(math.Ceil(humanEvalSize*scale))))
	}
	// The small epsilon keeps 2000 × 1.1 = 2200.0000000000005 from rounding up.
	return max(1, int(math.Ceil(float64(take)*Headroom*scale-1e-9)))
}

// item is one record of a stand-in before it is written in the source's native
// format. q is the text a near-duplicate is made from by editing: the question, the
// problem, the instruction, the multiple-choice stem, the article (each spec says).
type item struct {
	q       string
	a       string
	choices []string // multiple-choice options
	key     int      // index of the right option
	group   int      // the passage, story, subject, task or file: a group's items are contiguous
	x       any      // source-specific fields (each spec's own struct)
	id      string   // the adapter's record id (split "demo"), set when written
	dupOf   *item    // the stand-in record this one duplicates, or nil
	dupOfID string   // the existing record this one duplicates, or ""
	edit    string   // the edit that made the duplicate
}

// spec generates and writes one source's stand-in.
type spec struct {
	name string
	// base generates n items that are not duplicates of anything.
	base func(g *gen, n int) []*item
	// fromText makes a new item whose q is the given text (an existing record's
	// question, or another source's), for sources that take duplicates from
	// elsewhere; from is the original item when it is a stand-in record (nil for an
	// existing record).
	fromText func(g *gen, text string, from *item) *item
	// mc marks multiple-choice sources, whose duplicates may reorder the options.
	mc bool
	// write writes the items in the native format under w's directory, sets each
	// item's id, and returns the paths to give source.Convert.
	write func(w *writer, items []*item) ([]string, error)
}

// cloneItem copies an item for a within-source duplicate. Edits change only q,
// choices and key, so the source-specific fields x are shared with the original
// (a SQuAD copy stays in its original's paragraph, as it should).
func cloneItem(it *item) *item {
	c := *it
	c.choices = append([]string(nil), it.choices...)
	return &c
}

// writer writes one source's files below its directory.
type writer struct {
	dir  string // dir/sources/<name>
	name string
}

// path returns the absolute path of rel below the source's directory.
func (w *writer) path(rel string) string { return filepath.Join(w.dir, filepath.FromSlash(rel)) }

// file writes data to rel.
func (w *writer) file(rel string, data []byte) error {
	p := w.path(rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// gzipFile writes data gzip-compressed. The gzip header holds no name and a zero
// modification time, so the bytes depend on the data only.
func (w *writer) gzipFile(rel string, data []byte) error {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return w.file(rel, buf.Bytes())
}

// id is the id the adapter gives a record of this source with the demo split.
func (w *writer) id(sourceID string) string { return record.ID(w.name, DemoSplit, sourceID) }

// DemoSplit is the split the build converts stand-ins with (source.Options.Split),
// so that every stand-in record's id says it is demo data.
const DemoSplit = "demo"

// jsonLine writes v as one JSON line, as the releases' JSON Lines files are.
func jsonLine(buf *bytes.Buffer, v any) error {
	if err := encodeJSON(buf, v, "", 0); err != nil {
		return err
	}
	buf.WriteByte('\n')
	return nil
}

// jsonIndent writes v indented like the releases' pretty-printed files.
func jsonIndent(v any, indent string) ([]byte, error) {
	var buf bytes.Buffer
	if err := encodeJSON(&buf, v, indent, 0); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// kv is an ordered JSON object: the releases' files keep their own key order, which
// a Go map would sort.
type kv []kvPair

type kvPair struct {
	k string
	v any
}

// encodeJSON writes the values the stand-ins are made of — strings, integers,
// booleans, nil, slices and kv objects — as encoding/json does with HTML escaping
// off (and, with indent, as json.Indent lays it out). Direct writing rather than
// reflection keeps the 40K stand-in records cheap to write.
func encodeJSON(b *bytes.Buffer, v any, indent string, depth int) error {
	newline := func(d int) {
		if indent != "" {
			b.WriteByte('\n')
			for i := 0; i < d; i++ {
				b.WriteString(indent)
			}
		}
	}
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case string:
		jsonString(b, x)
	case int:
		b.WriteString(strconv.Itoa(x))
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case []string:
		if len(x) == 0 {
			b.WriteString("[]")
			return nil
		}
		b.WriteByte('[')
		for i, s := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(depth + 1)
			jsonString(b, s)
		}
		newline(depth)
		b.WriteByte(']')
	case []any:
		if len(x) == 0 {
			b.WriteString("[]")
			return nil
		}
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(depth + 1)
			if err := encodeJSON(b, e, indent, depth+1); err != nil {
				return err
			}
		}
		newline(depth)
		b.WriteByte(']')
	case kv:
		if len(x) == 0 {
			b.WriteString("{}")
			return nil
		}
		b.WriteByte('{')
		for i, p := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(depth + 1)
			jsonString(b, p.k)
			b.WriteByte(':')
			if indent != "" {
				b.WriteByte(' ')
			}
			if err := encodeJSON(b, p.v, indent, depth+1); err != nil {
				return err
			}
		}
		newline(depth)
		b.WriteByte('}')
	default:
		return fmt.Errorf("demo: cannot write %T as JSON", v)
	}
	return nil
}

// jsonString writes s quoted as encoding/json does with HTML escaping off: quote,
// backslash and control characters escaped, U+2028 and U+2029 too, invalid UTF-8
// replaced by U+FFFD.
func jsonString(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b.WriteString(s[start:i])
			switch c {
			case '"', '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			default:
				b.WriteString(`\u00`)
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString(s[start:i])
			b.WriteString(`\ufffd`)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b.WriteString(s[start:i])
			b.WriteString(`\u202`)
			b.WriteByte(hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}
