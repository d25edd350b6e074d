package record

import (
	"bufio"
	"encoding/json"
	"io"
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
