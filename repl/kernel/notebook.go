package kernel

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Notebook is the part of an nbformat 4 notebook qmix reads.
type Notebook struct {
	Cells    []Cell         `json:"cells"`
	Metadata map[string]any `json:"metadata"`
	Format   int            `json:"nbformat"`
	Minor    int            `json:"nbformat_minor"`
}

// Cell is one notebook cell; Source is joined from nbformat's list of lines.
type Cell struct {
	Type    string            `json:"cell_type"`
	Source  Source            `json:"source"`
	Outputs []json.RawMessage `json:"outputs,omitempty"`
}

// Source is a cell's text, which nbformat stores as a string or a list of lines.
type Source string

// UnmarshalJSON accepts both forms.
func (s *Source) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*s = Source(one)
		return nil
	}
	var lines []string
	if err := json.Unmarshal(b, &lines); err != nil {
		return fmt.Errorf("cell source: neither a string nor a list of strings")
	}
	*s = Source(strings.Join(lines, ""))
	return nil
}

// ReadNotebook reads an .ipynb file (nbformat 4).
func ReadNotebook(path string) (*Notebook, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var nb Notebook
	if err := json.Unmarshal(b, &nb); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if nb.Format != 4 {
		return nil, fmt.Errorf("%s: nbformat %d, qmix reads nbformat 4", path, nb.Format)
	}
	return &nb, nil
}

// CodeCells returns the sources of the code cells, in order.
func (nb *Notebook) CodeCells() []string {
	var out []string
	for _, c := range nb.Cells {
		if c.Type == "code" {
			out = append(out, string(c.Source))
		}
	}
	return out
}
