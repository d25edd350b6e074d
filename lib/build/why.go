package build

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"qmix/lib/record"
)

// Fate is what happened to one record in a build.
type Fate struct {
	ID      string
	Kept    bool
	File    string // the output file holding the record, when kept
	Line    int    // its line in that file
	Drop    record.Drop
	Dropped bool
	Demo    bool
}

// String explains the fate in one sentence.
func (f Fate) String() string {
	switch {
	case f.Kept:
		return fmt.Sprintf("%s: kept — %s line %d", f.ID, f.File, f.Line)
	case f.Dropped:
		s := fmt.Sprintf("%s: dropped at stage %q: %s", f.ID, f.Drop.Stage, f.Drop.Reason)
		if f.Drop.DuplicateOf != "" {
			s += fmt.Sprintf(" of %s (similarity %.2f)", f.Drop.DuplicateOf, f.Drop.Similarity)
		}
		if f.Drop.Detail != "" {
			s += " — " + f.Drop.Detail
		}
		return s
	}
	return fmt.Sprintf("%s: not an input of this build", f.ID)
}

// Why finds the fate of id in the build whose manifest is at manifestPath: kept in
// the final file, or dropped with its stage and reason, from drops.jsonl beside it.
func Why(manifestPath, id string) (Fate, error) {
	m, err := ReadManifest(manifestPath)
	if err != nil {
		return Fate{}, err
	}
	dir := filepath.Dir(manifestPath)
	fate := Fate{ID: id, Demo: m.Demo}
	quoted, _ := json.Marshal(id)
	needle := append([]byte(`{"id":`), quoted...)
	found, line, err := scanFor(filepath.Join(dir, FinalFile), needle)
	if err != nil {
		return fate, err
	}
	if found != nil {
		fate.Kept, fate.File, fate.Line = true, FinalFile, line
		return fate, nil
	}
	found, _, err = scanFor(filepath.Join(dir, DropsFile), needle)
	if err != nil {
		return fate, err
	}
	if found != nil {
		if err := json.Unmarshal(found, &fate.Drop); err != nil {
			return fate, fmt.Errorf("%s: %w", DropsFile, err)
		}
		fate.Dropped = true
	}
	return fate, nil
}

// scanFor returns the first line of a JSONL file that starts with prefix followed by
// a comma, and its 1-based line number. Output files put "id" first, so a prefix
// match is exact and no line needs decoding.
func scanFor(path string, prefix []byte) ([]byte, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	want := append(append([]byte(nil), prefix...), ',')
	for n := 1; sc.Scan(); n++ {
		if bytes.HasPrefix(sc.Bytes(), want) {
			return append([]byte(nil), sc.Bytes()...), n, nil
		}
	}
	if err := sc.Err(); err != nil {
		return nil, 0, fmt.Errorf("%s: %w", path, err)
	}
	return nil, 0, nil
}
