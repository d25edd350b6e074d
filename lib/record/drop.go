package record

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"qmix/lib/format"
)

// Reasons a record leaves a build (spec.md "Accounting").
const (
	ReasonInvalid        = "invalid"
	ReasonExactDuplicate = "exact_duplicate"
	ReasonNearDuplicate  = "near_duplicate"
	ReasonTrimmed        = "trimmed"
)

// Drop says why a record left a build: one line of drops.jsonl. DuplicateOf and
// Similarity (the estimated Jaccard) are set for duplicates; Detail names the rule,
// quota or constraint.
type Drop struct {
	ID          string  `json:"id"`
	Stage       string  `json:"stage"`
	Reason      string  `json:"reason"`
	DuplicateOf string  `json:"duplicate_of"`
	Similarity  float64 `json:"similarity"`
	Detail      string  `json:"detail"`
}

// WriteDrops writes drops as JSONL (one Drop per line, in order) to path,
// atomically.
func WriteDrops(path string, drops []Drop) error {
	return WriteAtomic(path, func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		for _, d := range drops {
			if err := enc.Encode(d); err != nil {
				return err
			}
		}
		return bw.Flush()
	})
}

// ReadDrops reads a drops.jsonl file (gzip detected by content), strictly: a line
// that is not a Drop object, or has an unknown field, is an error naming file and
// line. Blank lines are skipped.
func ReadDrops(path string) ([]Drop, error) {
	f, err := format.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	var out []Drop
	for line := 1; sc.Scan(); line++ {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		var d Drop
		if err := dec.Decode(&d); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		if d.ID == "" {
			return nil, fmt.Errorf("%s:%d: field id: missing", path, line)
		}
		out = append(out, d)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}
