package token

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// This file collects the texts that TestGoldenCounts and the benchmarks use: every
// string in the shared datasets, recollected on each run so that only hashes and
// counts, never dataset text, are stored in the repository.

// findDatasets returns the shared/datasets directory, found by walking up from the
// working directory until a directory has a sibling shared/datasets (the checkout
// sits beside shared/). It returns "" when there is none.
func findDatasets() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		parent := filepath.Dir(dir)
		cand := filepath.Join(parent, "shared", "datasets")
		if st, err := os.Stat(cand); err == nil && st.IsDir() {
			return cand
		}
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// datasetsOrSkip returns the datasets directory; without one it skips the test,
// or fails it under CI=true, where the datasets must be present.
func datasetsOrSkip(tb testing.TB) string {
	tb.Helper()
	dir := findDatasets()
	if dir == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatal("shared/datasets not found beside the checkout (walking up from the working directory); CI must have it")
		}
		tb.Skip("shared/datasets not found beside the checkout; skipping")
	}
	return dir
}

// textSet is a deduplicated collection of texts in first-seen order.
type textSet struct {
	texts []string
	seen  map[string]bool // by hex SHA-256
}

func newTextSet() *textSet { return &textSet{seen: map[string]bool{}} }

func (s *textSet) add(text string) {
	if text == "" {
		return
	}
	h := sha256Hex(text)
	if s.seen[h] {
		return
	}
	s.seen[h] = true
	s.texts = append(s.texts, text)
}

func sha256Hex(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// collectDatasetTexts walks every *.jsonl, *.jsonl.gz, *.json, *.csv, *.lst,
// *.story and *.data file under root, skipping hub/ folders (parquet copies) and
// everything else (*.md). It collects:
//   - JSON and JSON Lines: every non-empty string value at any depth (not object
//     keys). Each file is read as a stream of JSON values, which covers both
//     formats, and .json files that are really JSON Lines.
//   - CSV: every non-empty cell, header included.
//   - .lst, .story, .data: the whole file, and each paragraph (lines separated
//     by blank lines).
//
// Texts are deduplicated by SHA-256, in lexical file order.
func collectDatasetTexts(root string) (*textSet, error) {
	set := newTextSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "hub" {
				return filepath.SkipDir
			}
			return nil
		}
		name := d.Name()
		var ferr error
		switch {
		case strings.HasSuffix(name, ".jsonl.gz"):
			ferr = collectGzipJSON(path, set)
		case strings.HasSuffix(name, ".jsonl"), strings.HasSuffix(name, ".json"):
			ferr = collectJSONFile(path, set)
		case strings.HasSuffix(name, ".csv"):
			ferr = collectCSV(path, set)
		case strings.HasSuffix(name, ".lst"), strings.HasSuffix(name, ".story"), strings.HasSuffix(name, ".data"):
			ferr = collectPlain(path, set)
		}
		if ferr != nil {
			return fmt.Errorf("%s: %w", path, ferr)
		}
		return nil
	})
	return set, err
}

func collectJSONFile(path string, set *textSet) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return collectJSON(f, set)
}

func collectGzipJSON(path string, set *textSet) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	defer zr.Close()
	return collectJSON(zr, set)
}

func collectJSON(r io.Reader, set *textSet) error {
	dec := json.NewDecoder(r)
	dec.UseNumber() // numbers are not texts; keep them from being parsed as floats
	for {
		var v any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		walkJSONStrings(v, set.add)
	}
}

// walkJSONStrings calls f on every string value in v, in document order for arrays
// and in key order for objects (Go maps have no order; sorting keeps it stable).
func walkJSONStrings(v any, f func(string)) {
	switch v := v.(type) {
	case string:
		f(v)
	case []any:
		for _, e := range v {
			walkJSONStrings(e, f)
		}
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			walkJSONStrings(v[k], f)
		}
	}
}

func collectCSV(path string, set *textSet) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		for _, cell := range rec {
			set.add(cell)
		}
	}
}

func collectPlain(path string, set *textSet) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !utf8.Valid(data) {
		// JSON (the golden pipeline's interchange) cannot carry invalid UTF-8
		// unchanged, so the hashes on both sides would differ.
		return errors.New("not valid UTF-8")
	}
	text := string(data)
	set.add(text)
	for _, p := range paragraphs(text) {
		set.add(p)
	}
	return nil
}

// paragraphs splits text at blank lines (lines that are empty or only white
// space); a paragraph is its lines joined with "\n".
func paragraphs(text string) []string {
	var out, cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		cur = append(cur, line)
	}
	flush()
	return out
}

// readTextsJSONL reads JSON Lines of {"text": ...}, the format of testdata/tricky.jsonl
// and of the texts file handed to golden.mjs.
func readTextsJSONL(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var texts []string
	for i, line := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var row struct {
			Text *string `json:"text"`
		}
		if err := json.Unmarshal(line, &row); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, i+1, err)
		}
		if row.Text == nil {
			return nil, fmt.Errorf("%s:%d: no \"text\"", path, i+1)
		}
		texts = append(texts, *row.Text)
	}
	return texts, nil
}

// writeTextsJSONL writes texts as JSON Lines of {"text": ...}.
func writeTextsJSONL(path string, texts []string) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for _, t := range texts {
		if !utf8.ValidString(t) {
			return fmt.Errorf("text %s is not valid UTF-8", sha256Hex(t))
		}
		if err := enc.Encode(map[string]string{"text": t}); err != nil {
			return err
		}
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
