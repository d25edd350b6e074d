package build

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"qmix/lib/balance"
	"qmix/lib/cost"
	"qmix/lib/decontam"
	"qmix/lib/dedup"
	"qmix/lib/label"
	"qmix/lib/record"
	"qmix/lib/validate"
)

// Manifest describes a build completely enough to reproduce and audit it: what went
// in (with hashes), the seed, what each stage kept and dropped, the shape of the
// outputs and their hashes. It holds no timestamps or absolute paths, so that two
// runs of the same build write byte-identical manifests.
type Manifest struct {
	Tool     string  `json:"tool"`
	Demo     bool    `json:"demo"` // inputs are generated demo data, not real sources
	Seed     int64   `json:"seed"`
	Encoding string  `json:"encoding"`
	Inputs   []Input `json:"inputs"`
	Stages   []Stage `json:"stages"`
	// The dedup, relabel and balance steps' own reports, with their options.
	Dedup   *dedup.Stats    `json:"dedup,omitempty"`
	Relabel *label.Report   `json:"relabel,omitempty"`
	Balance *balance.Report `json:"balance,omitempty"`
	// The quality steps' reports (validate, decontaminate, cost), when they ran.
	Validation      *validate.Report `json:"validation,omitempty"`
	Decontamination *decontam.Report `json:"decontamination,omitempty"`
	Cost            *cost.Report     `json:"cost,omitempty"`
	Augmented       Summary          `json:"augmented"`
	Final           Summary          `json:"final"`
	Outputs         []Output         `json:"outputs"`
	// Accounting is inputs = kept + dropped, checked when the build finishes.
	Accounting Accounting `json:"accounting"`
}

// Input is one file or directory read by the build.
type Input struct {
	Role    string `json:"role"`   // "existing" or "source"
	Source  string `json:"source"` // registry name for sources
	Path    string `json:"path"`
	SHA256  string `json:"sha256"` // of the file, or of the sorted (path, sha256) list of a directory
	Records int    `json:"records"`
}

// Stage counts what one step received, kept and dropped (by reason).
type Stage struct {
	Name    string         `json:"name"`
	In      int            `json:"in"`
	Kept    int            `json:"kept"`
	Dropped map[string]int `json:"dropped"`
	Notes   map[string]int `json:"notes,omitempty"` // extra counts: relabelled, template variants…
}

// Summary is the shape of a record set.
type Summary struct {
	Records      int            `json:"records"`
	ByDomain     map[string]int `json:"by_domain"`
	BySource     map[string]int `json:"by_source"`
	ByDifficulty map[string]int `json:"by_difficulty"`
	EasyTokens   int            `json:"easy_tokens"`
	HardTokens   int            `json:"hard_tokens"`
	EasyShare    float64        `json:"easy_share"` // percent of all tokens
	HardShare    float64        `json:"hard_share"`
}

// Output is one file the build wrote.
type Output struct {
	Path    string `json:"path"`
	SHA256  string `json:"sha256"`
	Records int    `json:"records"`
}

// Accounting balances the build: every input record is kept or dropped.
type Accounting struct {
	Inputs   int            `json:"inputs"`
	Kept     int            `json:"kept"`
	Dropped  int            `json:"dropped"`
	ByReason map[string]int `json:"by_reason"`
	Balanced bool           `json:"balanced"`
}

// Summarize computes the shape of recs.
func Summarize(recs []record.Record) Summary {
	s := Summary{Records: len(recs), ByDomain: map[string]int{}, BySource: map[string]int{}, ByDifficulty: map[string]int{}}
	for _, r := range recs {
		s.ByDomain[r.Domain]++
		s.BySource[r.Source]++
		s.ByDifficulty[r.Difficulty]++
		if r.Difficulty == record.Hard {
			s.HardTokens += r.TotalTokens()
		} else {
			s.EasyTokens += r.TotalTokens()
		}
	}
	if total := s.EasyTokens + s.HardTokens; total > 0 {
		s.EasyShare = round2(100 * float64(s.EasyTokens) / float64(total))
		s.HardShare = round2(100 - s.EasyShare)
	}
	return s
}

func round2(x float64) float64 { return float64(int64(x*100+0.5)) / 100 }

// WriteManifest writes m as indented JSON, atomically.
func WriteManifest(path string, m Manifest) error {
	return record.WriteAtomic(path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(m)
	})
}

// ReadManifest reads a manifest written by WriteManifest.
func ReadManifest(path string) (Manifest, error) {
	var m Manifest
	b, err := os.ReadFile(path)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// HashPath returns the SHA-256 of a file, or for a directory the SHA-256 of its
// sorted "relative path\tsha256\n" lines, so that a tree's hash changes when any file
// in it does.
func HashPath(path string) (string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if !info.IsDir() {
		return hashFile(path)
	}
	var lines []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		h, err := hashFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(path, p)
		lines = append(lines, filepath.ToSlash(rel)+"\t"+h+"\n")
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(lines)
	sum := sha256.New()
	for _, l := range lines {
		io.WriteString(sum, l)
	}
	return hex.EncodeToString(sum.Sum(nil)), nil
}

func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sum := sha256.New()
	if _, err := io.Copy(sum, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(sum.Sum(nil)), nil
}
