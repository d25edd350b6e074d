package stats

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"

	"qmix/lib/format"
	"qmix/lib/record"
)

// ReadDrops reads a drops.jsonl file (gzip detected by content), strictly: a line
// that is not a Drop object, or has an unknown field, is an error naming file and
// line. Blank lines are skipped.
func ReadDrops(path string) ([]record.Drop, error) {
	f, err := format.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	var out []record.Drop
	for line := 1; sc.Scan(); line++ {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		var d record.Drop
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
