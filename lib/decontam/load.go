package decontam

import (
	"fmt"
	"slices"
	"strings"

	"qmix/lib/format"
	"qmix/lib/record"
	"qmix/lib/source"
)

// Group splits records into benchmarks by "<source>/<split>" (from their ids),
// in order of first appearance: a file holding MMLU's dev and test splits gives the
// benchmarks "mmlu/dev" and "mmlu/test". Records whose id does not have the public
// shape form a benchmark named by their source.
func Group(recs []record.Record) []Benchmark {
	var out []Benchmark
	at := map[string]int{}
	for _, r := range recs {
		name := r.Source
		if split := r.Split(); split != "" {
			name += "/" + split
		}
		i, ok := at[name]
		if !ok {
			i = len(out)
			at[name] = i
			out = append(out, Benchmark{Name: name})
		}
		out[i].Records = append(out[i].Records, r)
	}
	return out
}

// Load reads benchmark files and groups them (Group). Each spec is either a schema
// JSONL file, directory or glob (what `qmix convert` writes), or "SOURCE=PATH": the
// source's native or Hub-parquet files converted with lib/source, e.g.
// "gsm8k=data/gsm8k/test.jsonl" or "mmlu=hub/mmlu/all-test.parquet". Benchmarks of the
// same name from several specs are merged.
func Load(specs ...string) ([]Benchmark, error) {
	var all []record.Record
	for _, spec := range specs {
		recs, err := LoadSpec(spec)
		if err != nil {
			return nil, err
		}
		all = append(all, recs...)
	}
	return Group(all), nil
}

// ParseSpec splits a benchmark spec into the source name ("" for schema JSONL) and
// the path.
func ParseSpec(spec string) (sourceName, path string) {
	if name, path, ok := strings.Cut(spec, "="); ok && name != "" && !strings.ContainsAny(name, `/\.`) {
		return name, path
	}
	return "", spec
}

// LoadSpec reads the records of one benchmark spec (see Load), ungrouped.
func LoadSpec(spec string) ([]record.Record, error) {
	if name, path := ParseSpec(spec); name != "" {
		if _, err := source.Lookup(name); err != nil {
			return nil, fmt.Errorf("benchmark %q: %w", spec, err)
		}
		recs, err := source.ConvertAll(name, []string{path}, source.Options{})
		if err != nil {
			return nil, fmt.Errorf("benchmark %q: %w", spec, err)
		}
		return recs, nil
	}
	files, err := format.Files(spec, func(n string) bool { return format.Ext(n) == ".jsonl" })
	if err != nil {
		return nil, fmt.Errorf("benchmark %q: %w", spec, err)
	}
	var recs []record.Record
	var rd record.Reader
	for _, f := range files {
		if err := rd.EachFile(f, func(r record.Record) error {
			recs = append(recs, r)
			return nil
		}); err != nil {
			return nil, fmt.Errorf("benchmark %q: %w", spec, err)
		}
	}
	return recs, nil
}

// TestSplitWarnings says, per source of recs (in order of first appearance), when
// records taken for training are evaluation data:
//
//   - the source ships no train split at all (its adapter's Splits, e.g. HumanEval's
//     only split is test): every record of it is a benchmark item, whatever split
//     its id names (demo stand-ins too);
//   - records whose id names the test split of a source that has a train split;
//   - records whose split is unknown (meta.split_unknown, CNN/DailyMail and XSum
//     without their split lists): some of them may be test items.
func TestSplitWarnings(recs []record.Record) []string {
	type counts struct{ all, test, unknown int }
	var order []string
	by := map[string]*counts{}
	for _, r := range recs {
		c := by[r.Source]
		if c == nil {
			c = &counts{}
			by[r.Source] = c
			order = append(order, r.Source)
		}
		c.all++
		switch {
		case r.Split() == source.Test:
			c.test++
		case r.Meta["split_unknown"] == true:
			c.unknown++
		}
	}
	var out []string
	for _, name := range order {
		a, err := source.Lookup(name)
		if err != nil {
			continue // not a public source: nothing known about its splits
		}
		c := by[name]
		switch {
		case !slices.Contains(a.Splits, source.Train):
			out = append(out, fmt.Sprintf("%s: all %d records come from %s, which has no train split (its splits: %s). Every one is a benchmark item: training on them contaminates %s. Leave the source out, or do not report %s scores.",
				name, c.all, a.Title, strings.Join(a.Splits, ", "), a.Title, a.Title))
		case c.test > 0:
			out = append(out, fmt.Sprintf("%s: %d of %d records come from the test split; take %s's train split instead.",
				name, c.test, c.all, a.Title))
		}
		if c.unknown > 0 {
			out = append(out, fmt.Sprintf("%s: %d of %d records have an unknown split (meta.split_unknown); some may be %s test items. Give the converter the official split lists.",
				name, c.unknown, c.all, a.Title))
		}
	}
	return out
}
