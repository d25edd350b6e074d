// Package record defines the one record type every part of qmix passes around — the
// schema of spec.md — and reads and writes it as JSON Lines. Reading is strict by
// default: an unknown domain or difficulty, a missing id or question, a duplicate id
// or a value of the wrong type is a *format.RowError naming file, line and field.
// Records read without token counts get them counted.
package record

import (
	"fmt"
	"strings"
)

// Domains, exactly as spec.md spells them, in the plan's order.
const (
	Coding        = "coding"
	Math          = "math"
	ToolUse       = "tool_use"
	Reasoning     = "reasoning"
	Reading       = "reading"
	Summarization = "summarization"
	CommonSense   = "common_sense"
	Instruction   = "instruction"
)

// Domains lists every domain in the plan's order.
var Domains = []string{Coding, Math, ToolUse, Reasoning, Reading, Summarization, CommonSense, Instruction}

// Difficulties.
const (
	Easy = "easy"
	Hard = "hard"
)

// Tokens holds o200k_base token counts of a record's question and answer.
type Tokens struct {
	Question int `json:"question"`
	Answer   int `json:"answer"`
}

// Record is one question with its answer and provenance (spec.md "Record").
type Record struct {
	ID         string         `json:"id"`
	Question   string         `json:"question"`
	Answer     string         `json:"answer"`
	Domain     string         `json:"domain"`
	Difficulty string         `json:"difficulty"`
	Source     string         `json:"source"`
	SourceID   string         `json:"source_id"`
	License    string         `json:"license"`
	Tokens     Tokens         `json:"tokens"`
	Meta       map[string]any `json:"meta"`
}

// TotalTokens is question plus answer tokens, the unit of the token balance.
func (r Record) TotalTokens() int { return r.Tokens.Question + r.Tokens.Answer }

// FinalAnswer returns meta.final_answer, or "" when the record has none.
func (r Record) FinalAnswer() string {
	s, _ := r.Meta["final_answer"].(string)
	return s
}

// ValidDomain reports whether d is one of Domains.
func ValidDomain(d string) bool {
	for _, x := range Domains {
		if x == d {
			return true
		}
	}
	return false
}

// ValidDifficulty reports whether d is Easy or Hard.
func ValidDifficulty(d string) bool { return d == Easy || d == Hard }

// ID builds the stable id of a public record: "<source>/<split>/<source_id>".
func ID(source, split, sourceID string) string {
	return source + "/" + split + "/" + sourceID
}

// Split is the split in a public record's id, as ID builds it, or "" when the id
// does not have that shape (an existing record's, or one without a source).
func (r Record) Split() string {
	rest, ok := strings.CutPrefix(r.ID, r.Source+"/")
	if !ok || r.Source == "" {
		return ""
	}
	split, _, ok := strings.Cut(rest, "/")
	if !ok {
		return ""
	}
	return split
}

// Check validates the fields every record must have; the error names the field.
func (r Record) Check() (field string, err error) {
	switch {
	case strings.TrimSpace(r.ID) == "":
		return "id", fmt.Errorf("empty id")
	case strings.TrimSpace(r.Question) == "":
		return "question", fmt.Errorf("empty question")
	case !ValidDomain(r.Domain):
		return "domain", fmt.Errorf("unknown domain %q (want one of %s)", r.Domain, strings.Join(Domains, ", "))
	case !ValidDifficulty(r.Difficulty):
		return "difficulty", fmt.Errorf("unknown difficulty %q (want easy or hard)", r.Difficulty)
	case r.Tokens.Question < 0 || r.Tokens.Answer < 0:
		return "tokens", fmt.Errorf("negative token count")
	}
	return "", nil
}
