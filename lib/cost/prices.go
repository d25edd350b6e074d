package cost

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// pricesJSON is the one editable price table (prices.json beside this file).
//
//go:embed prices.json
var pricesJSON []byte

// Prices is a price table: per-million-token prices of the models the plan names,
// with the date they were read.
type Prices struct {
	Read     string  `json:"read"` // YYYY-MM-DD the prices were read
	Currency string  `json:"currency"`
	Unit     string  `json:"unit"`
	Note     string  `json:"note"`
	Models   []Model `json:"models"`
}

// Model is one priced model.
type Model struct {
	Key           string  `json:"key"`       // what Options and the llm client name it by
	Name          string  `json:"name"`      // the vendor's name
	Provider      string  `json:"provider"`  // OpenAI, Anthropic
	PlanName      string  `json:"plan_name"` // how the augmentation plan names it
	Role          string  `json:"role"`
	Input         float64 `json:"input"`          // USD per million input tokens
	Output        float64 `json:"output"`         // USD per million output tokens
	BatchDiscount float64 `json:"batch_discount"` // share off both prices through the Batch API
	Source        string  `json:"source"`
	Mapping       string  `json:"mapping,omitempty"` // why the plan's name maps to this model
}

// DefaultPrices returns the embedded price table.
func DefaultPrices() Prices {
	p, err := ParsePrices(pricesJSON, "prices.json")
	if err != nil {
		panic(err) // the embedded file is checked by the tests
	}
	return p
}

// LoadPrices reads an edited price table in the format of prices.json.
func LoadPrices(path string) (Prices, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Prices{}, err
	}
	return ParsePrices(b, path)
}

// ParsePrices decodes and checks a price table; errors name the file and the model.
func ParsePrices(b []byte, name string) (Prices, error) {
	var p Prices
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return Prices{}, fmt.Errorf("%s: %w", name, err)
	}
	if len(p.Read) != len("2006-01-02") || strings.Count(p.Read, "-") != 2 {
		return Prices{}, fmt.Errorf("%s: field read: want the date the prices were read as YYYY-MM-DD, got %q", name, p.Read)
	}
	seen := map[string]bool{}
	for i, m := range p.Models {
		switch {
		case m.Key == "" || seen[m.Key]:
			return Prices{}, fmt.Errorf("%s: models[%d]: key %q empty or repeated", name, i, m.Key)
		case m.Input < 0 || m.Output < 0:
			return Prices{}, fmt.Errorf("%s: model %s: negative price", name, m.Key)
		case m.BatchDiscount < 0 || m.BatchDiscount >= 1:
			return Prices{}, fmt.Errorf("%s: model %s: batch_discount %.2f outside [0, 1)", name, m.Key, m.BatchDiscount)
		}
		seen[m.Key] = true
	}
	return p, nil
}

// Model returns the model with the given key.
func (p Prices) Model(key string) (Model, error) {
	var keys []string
	for _, m := range p.Models {
		if m.Key == key {
			return m, nil
		}
		keys = append(keys, m.Key)
	}
	return Model{}, fmt.Errorf("cost: no price for model %q (priced: %s)", key, strings.Join(keys, ", "))
}

// Cost is the price in USD of in input and out output tokens, through the Batch API
// when batch is set.
func (m Model) Cost(in, out int, batch bool) float64 {
	c := (float64(in)*m.Input + float64(out)*m.Output) / 1e6
	if batch {
		c *= 1 - m.BatchDiscount
	}
	return c
}
