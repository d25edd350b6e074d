// Package source holds one adapter per public dataset of the augmentation plan. An
// adapter reads the files a dataset ships — its original release format and the
// Hugging Face Hub's parquet layout — and maps each source record to the schema of
// package record: the question a model is asked with what it needs to answer, the
// answer the source already has, meta.final_answer, the plan's domain, a default
// difficulty by a documented per-source rule, a stable id and the license.
package source

import (
	"fmt"
	"sort"
	"strings"

	"qmix/lib/format"
	"qmix/lib/record"
)

// Adapter describes and converts one public source.
type Adapter struct {
	Name      string   // registry key, spec.md's source name
	Title     string   // the dataset's own name, as the plan writes it
	Domain    string   // the plan's domain for every record of the source
	HubID     string   // Hugging Face Hub dataset id
	HubConfig string   // Hub config (subset) name
	Splits    []string // Hub splits, canonical names
	License   string   // license as the dataset states it
	Formats   []string // layouts Convert reads, for `qmix sources`
	// Difficulty documents the rule Convert applies for the default difficulty.
	Difficulty string
	// Convert reads path — a file, a directory or a glob in one of the layouts in
	// Formats — and passes every record to e.Emit.
	Convert func(path string, e *Emitter) error
}

var registry = map[string]*Adapter{}

// order is the plan's order of sources (its tables, domain by domain).
var order = []string{
	"codesearchnet", "humaneval", "mbpp",
	"gsm8k", "math", "metamathqa",
	"mmlu", "arc_challenge", "hellaswag",
	"squad_v2", "drop", "coqa",
	"toolbench", "gorilla",
	"commonsense_qa", "piqa",
	"cnn_dailymail", "xsum",
	"natural_instructions", "alpaca",
}

// register adds an adapter; called from the init of each adapter's file.
func register(a *Adapter) {
	if _, dup := registry[a.Name]; dup {
		panic("source: adapter registered twice: " + a.Name)
	}
	if !record.ValidDomain(a.Domain) {
		panic("source: adapter " + a.Name + " has unknown domain " + a.Domain)
	}
	registry[a.Name] = a
}

// Lookup returns the adapter registered under name.
func Lookup(name string) (*Adapter, error) {
	a, ok := registry[name]
	if !ok {
		return nil, fmt.Errorf("unknown source %q (known: %s)", name, strings.Join(Names(), ", "))
	}
	return a, nil
}

// Names lists registered sources in the plan's order.
func Names() []string {
	var out []string
	for _, a := range All() {
		out = append(out, a.Name)
	}
	return out
}

// All returns the registered adapters in the plan's order (any not in the plan after,
// by name).
func All() []*Adapter {
	rank := map[string]int{}
	for i, n := range order {
		rank[n] = i
	}
	out := make([]*Adapter, 0, len(registry))
	for _, a := range registry {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool {
		ri, okI := rank[out[i].Name]
		rj, okJ := rank[out[j].Name]
		if okI != okJ {
			return okI
		}
		if ri != rj {
			return ri < rj
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// Emitter is what an adapter's Convert hands its records to. It completes each record
// with the adapter's provenance, checks it, and applies the strict/lenient policy.
type Emitter struct {
	adapter *Adapter
	opt     format.Options
	emit    func(format.Position, record.Record) error
	split   string // overrides the adapter's split when set (Options.Split)
}

// Emit completes r — Source, SourceID, ID (from split and sourceID), License, Domain
// and Difficulty (easy) where unset, an empty Meta map — checks it, and passes it on.
// pos says where in the input the record came from, for errors.
func (e *Emitter) Emit(pos format.Position, split, sourceID string, r record.Record) error {
	a := e.adapter
	if e.split != "" && split != "" {
		split = e.split
	}
	r.Source = a.Name
	r.SourceID = sourceID
	r.ID = record.ID(a.Name, split, sourceID)
	if r.License == "" {
		r.License = a.License
	}
	if r.Domain == "" {
		r.Domain = a.Domain
	}
	if r.Difficulty == "" {
		r.Difficulty = record.Easy
	}
	if r.Meta == nil {
		r.Meta = map[string]any{}
	}
	if sourceID == "" || split == "" {
		return format.Errorf(pos, "id", format.ErrMissing, "no split or source id for the record")
	}
	if field, err := r.Check(); err != nil {
		return &format.RowError{Pos: pos, Field: field, Err: fmt.Errorf("%w: %v", format.ErrValue, err)}
	}
	return e.emit(pos, r)
}

// Options are the decoding options the adapter must pass to format decoders, so that
// lenient mode skips and reports bad rows.
func (e *Emitter) Options() format.Options { return e.opt }

// Handle applies the strict/lenient policy to an error about one row: adapters call it
// when they loop over sub-records themselves (CoQA turns, SQuAD questions).
func (e *Emitter) Handle(err error) error { return e.opt.Handle(err) }
