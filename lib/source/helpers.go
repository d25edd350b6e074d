package source

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"qmix/lib/format"
)

// Canonical split names used in ids: the Hub's names. Releases that say "dev",
// "valid" or "val" mean the Hub's "validation", so both layouts of a dataset give the
// same ids.
const (
	Train      = "train"
	Validation = "validation"
	Test       = "test"
)

var splitWord = regexp.MustCompile(`(?i)(^|[^a-z])(train|training|dev|valid|validation|val|test)([^a-z]|$)`)

// SplitFromName infers the canonical split from a file name such as
// "main-test.parquet", "dev_rand_split.jsonl" or "ARC-Challenge-Dev.jsonl";
// it returns "" when the name does not say.
func SplitFromName(path string) string {
	m := splitWord.FindStringSubmatch(filepath.Base(path))
	if m == nil {
		return ""
	}
	return CanonicalSplit(m[2])
}

// CanonicalSplit maps a release's split name to the Hub's.
func CanonicalSplit(s string) string {
	switch strings.ToLower(s) {
	case "dev", "valid", "val", "validation":
		return Validation
	case "train", "training":
		return Train
	case "test":
		return Test
	}
	return strings.ToLower(s)
}

// HashID is a stable source id for records whose source gives none and whose order
// differs between layouts: the first 12 bytes of the SHA-256 of key, in hex.
func HashID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:12])
}

// IsParquet reports whether path names a Parquet file (the Hub layout).
func IsParquet(path string) bool { return format.Ext(path) == ".parquet" }

// Letters labels multiple-choice options.
const Letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// MultipleChoice renders a question stem and its options as the question a model is
// asked: the stem, a blank line, then one "A. option" line per option.
func MultipleChoice(stem string, labels, options []string) string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(stem))
	b.WriteString("\n")
	for i, o := range options {
		b.WriteString("\n")
		b.WriteString(labels[i])
		b.WriteString(". ")
		b.WriteString(strings.TrimSpace(o))
	}
	return b.String()
}

// DefaultLabels returns "A", "B", … for n options.
func DefaultLabels(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = Letters[i : i+1]
	}
	return out
}

// EachRow decodes one file by its extension — .jsonl (plain or gzip), .json (array
// or id-keyed object, after descending jsonPath), .csv, .tsv, .parquet — and calls fn
// for every row, honouring the emitter's strict/lenient options.
func EachRow(path string, jsonPath []string, csvOpt format.CSVOptions, e *Emitter, fn func(format.Row) error) error {
	opt := e.Options()
	switch format.Ext(path) {
	case ".parquet":
		return format.EachParquet(path, opt, fn)
	}
	f, err := format.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	switch format.Ext(path) {
	case ".jsonl":
		return format.EachJSONL(f, path, opt, fn)
	case ".json":
		return format.EachJSON(f, path, jsonPath, opt, fn)
	case ".csv":
		return format.EachCSV(f, path, csvOpt, opt, fn)
	case ".tsv":
		csvOpt.Comma = '\t'
		return format.EachCSV(f, path, csvOpt, opt, fn)
	}
	return format.Errorf(format.Position{File: path}, "", format.ErrValue, "unsupported file type %q", format.Ext(path))
}

// isData returns a Files filter accepting names with one of the extensions (looking
// through .gz), so documentation files next to the data are ignored.
func isData(exts ...string) func(string) bool {
	return func(name string) bool {
		x := format.Ext(name)
		for _, e := range exts {
			if x == e {
				return true
			}
		}
		return false
	}
}

// errorsJoin wraps sentinel with a detail message.
func errorsJoin(sentinel error, detail string) error {
	return fmt.Errorf("%w: %s", sentinel, detail)
}
