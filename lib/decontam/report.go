package decontam

import (
	"fmt"
	"sort"
	"strings"

	"qmix/lib/record"
)

// Report is what Run found, per benchmark. It holds no timings, so that a manifest
// embedding it stays byte-identical between runs.
type Report struct {
	Options    Options      `json:"options"` // effective parameters
	Checked    int          `json:"checked"` // records checked
	Dropped    int          `json:"dropped"`
	Benchmarks []BenchStats `json:"benchmarks"`
	// Warnings about the checked records themselves: sources that are only a test
	// split, records taken from test splits (TestSplitWarnings).
	Warnings []string `json:"warnings,omitempty"`
}

// BenchStats is one benchmark's row.
type BenchStats struct {
	Benchmark string `json:"benchmark"`
	Items     int    `json:"items"`      // benchmark records
	LongItems int    `json:"long_items"` // indexed by LongN-grams
	// ShortItems are indexed by ShortN-grams, ExactOnly only by their normalised text.
	ShortItems int `json:"short_items"`
	ExactOnly  int `json:"exact_only"`
	// TemplateGrams were left out as template text (in more than MaxItemFreq items).
	TemplateGrams int `json:"template_grams"`
	Checked       int `json:"checked"`
	Hits          int `json:"hits"` // records containing one of its items
	Exact         int `json:"exact"`
	NGram         int `json:"ngram"`
	// Dropped counts the records dropped in its name (a record hitting several
	// benchmarks is dropped once, for its best match).
	Dropped  int            `json:"dropped"`
	BySource map[string]int `json:"by_source"` // hits per source of the checked records
	Examples []Hit          `json:"examples"`
}

// Hit is one example record and the item it contains.
type Hit struct {
	ID       string  `json:"id"`
	Item     string  `json:"item"`
	Kind     string  `json:"kind"`
	Coverage float64 `json:"coverage"`
}

func (ix *Index) newReport(checked int) Report {
	rep := Report{Options: ix.opt, Checked: checked}
	for b, name := range ix.benches {
		st := ix.stats[b]
		rep.Benchmarks = append(rep.Benchmarks, BenchStats{Benchmark: name, Items: st.items, LongItems: st.long,
			ShortItems: st.short, ExactOnly: st.exactOnly, TemplateGrams: st.template, Checked: checked,
			BySource: map[string]int{}})
	}
	return rep
}

// count adds one record's matches: a hit per benchmark (its best match there).
func (rep *Report) count(r record.Record, ms []Match, examples int) {
	done := map[string]bool{}
	for i, m := range ms {
		if done[m.Benchmark] {
			continue
		}
		done[m.Benchmark] = true
		bs := rep.bench(m.Benchmark)
		bs.Hits++
		if m.Kind == "exact" {
			bs.Exact++
		} else {
			bs.NGram++
		}
		if i == 0 {
			bs.Dropped++
		}
		bs.BySource[r.Source]++
		if len(bs.Examples) < examples {
			bs.Examples = append(bs.Examples, Hit{ID: r.ID, Item: m.Item, Kind: m.Kind, Coverage: round3(m.Coverage)})
		}
	}
}

func (rep *Report) bench(name string) *BenchStats {
	for i := range rep.Benchmarks {
		if rep.Benchmarks[i].Benchmark == name {
			return &rep.Benchmarks[i]
		}
	}
	panic("decontam: unknown benchmark " + name) // the index made every name
}

// Markdown renders the warnings, the parameters and one row per benchmark.
func (rep Report) Markdown() string {
	var sb strings.Builder
	for _, w := range rep.Warnings {
		fmt.Fprintf(&sb, "> **Warning:** %s\n>\n", w)
	}
	if len(rep.Warnings) > 0 {
		sb.WriteString("\n")
	}
	o := rep.Options
	fmt.Fprintf(&sb, "%d records checked against %d benchmark splits: %d dropped as `invalid` (`contaminates <benchmark>`). "+
		"Exact normalised-question match, plus word %d-grams for items of %d+ words and %d-grams for items of %d–%d words; "+
		"a hit needs %.0f%% of an item's n-grams; n-grams in more than %d items of a benchmark are template text and ignored.\n\n",
		rep.Checked, len(rep.Benchmarks), rep.Dropped, o.LongN, o.LongFrom, o.ShortN, o.ShortFrom, o.LongFrom-1,
		100*o.MinCoverage, o.MaxItemFreq)
	sb.WriteString("| benchmark | items | indexed by long/short n-grams/exact only | checked | hits | exact | n-gram | dropped | hits by source | example |\n")
	sb.WriteString("|---|---:|---|---:|---:|---:|---:|---:|---|---|\n")
	for _, b := range rep.Benchmarks {
		ex := ""
		if len(b.Examples) > 0 {
			e := b.Examples[0]
			ex = fmt.Sprintf("`%s` ⊃ `%s` (%s, %.2f)", e.ID, e.Item, e.Kind, e.Coverage)
		}
		fmt.Fprintf(&sb, "| %s | %d | %d/%d/%d | %d | %d | %d | %d | %d | %s | %s |\n", b.Benchmark, b.Items,
			b.LongItems, b.ShortItems, b.ExactOnly, b.Checked, b.Hits, b.Exact, b.NGram, b.Dropped, sourceCounts(b.BySource), ex)
	}
	return sb.String()
}

// sourceCounts renders "src n" pairs, most hits first.
func sourceCounts(m map[string]int) string {
	type kv struct {
		k string
		v int
	}
	var s []kv
	for k, v := range m {
		s = append(s, kv{k, v})
	}
	sort.Slice(s, func(i, j int) bool { return s[i].v > s[j].v || s[i].v == s[j].v && s[i].k < s[j].k })
	var parts []string
	for _, x := range s {
		parts = append(parts, fmt.Sprintf("%s %d", x.k, x.v))
	}
	return strings.Join(parts, ", ")
}
