// Package decontam removes training records that contain items of benchmark
// evaluation splits, and reports the contamination per benchmark. Several of the
// plan's sources are benchmarks (GSM8K, MATH, HumanEval, MBPP, MMLU, ARC, HellaSwag,
// SQuAD 2.0, DROP, CoQA, CommonsenseQA, PIQA, the CNN/DailyMail and XSum test sets):
// a model trained on their test items scores falsely well on them.
//
// A record is checked against every benchmark item in two ways (curation.md,
// "Decontamination settings for the benchmark sources"):
//
//   - exact match of the normalised question (lower case, words of letters and
//     digits, single spaces) — the only check that can catch items of fewer than
//     ShortFrom words;
//   - word n-gram overlap: items of LongFrom words or more are indexed by their
//     13-grams (GPT-3's N, lm-evaluation-harness's default), items of ShortFrom to
//     LongFrom-1 words by their 8-grams (OpenAI used N between 8 and 13 depending on
//     the dataset; a 13-gram check can never fire on an item under 13 words). A
//     record hits an item when the record's question or answer contains at least
//     MinCoverage of the item's n-grams.
//
// GPT-3 counted any single shared 13-gram as a collision, a rule made for long web
// documents. QA items share boilerplate — the adapters' instruction lines ("Summarize
// the following news article in a few short highlight sentences, one per line." is
// 14 words), MMLU's recurring option lists ("A. True, True B. False, False …") — so
// here n-grams found in more than MaxItemFreq items of one benchmark are treated as
// template text and ignored, and a hit needs a share of the item's remaining n-grams,
// not one. The whole record is dropped on a hit (not a 200-character window cut out,
// as NeMo and GPT-3 did for documents), with reason invalid, the item's id in
// duplicate_of, the coverage in similarity and "contaminates <benchmark>" in detail.
//
// n-gram matching misses paraphrases and translations (lmsys llm-decontaminator);
// that needs an embedding or model stage, which this package does not do.
package decontam

import (
	"fmt"
	"sort"

	"qmix/lib/internal/parallel"
	"qmix/lib/record"
)

// Stage is the stage name of decontamination drops.
const Stage = "decontaminate"

// Options are the matching parameters. The zero value means the defaults below.
type Options struct {
	LongN       int     `json:"long_n"`        // n-gram size for long items; 0 means 13
	ShortN      int     `json:"short_n"`       // n-gram size for short items; 0 means 8
	LongFrom    int     `json:"long_from"`     // words from which an item is long; 0 means LongN
	ShortFrom   int     `json:"short_from"`    // words from which an item is n-gram checked at all; 0 means ShortN
	MinCoverage float64 `json:"min_coverage"`  // share of an item's n-grams a record must contain; 0 means 0.5
	MaxItemFreq int     `json:"max_item_freq"` // n-grams in more items of one benchmark are ignored; 0 means 10
	Examples    int     `json:"examples"`      // hits listed per benchmark in the report; 0 means 5
}

// DefaultOptions are the parameters of the zero Options.
var DefaultOptions = Options{LongN: 13, ShortN: 8, LongFrom: 13, ShortFrom: 8, MinCoverage: 0.5, MaxItemFreq: 10, Examples: 5}

func (o Options) withDefaults() (Options, error) {
	d := DefaultOptions
	if o.LongN != 0 {
		d.LongN, d.LongFrom = o.LongN, o.LongN
	}
	if o.ShortN != 0 {
		d.ShortN, d.ShortFrom = o.ShortN, o.ShortN
	}
	if o.LongFrom != 0 {
		d.LongFrom = o.LongFrom
	}
	if o.ShortFrom != 0 {
		d.ShortFrom = o.ShortFrom
	}
	if o.MinCoverage != 0 {
		d.MinCoverage = o.MinCoverage
	}
	if o.MaxItemFreq != 0 {
		d.MaxItemFreq = o.MaxItemFreq
	}
	if o.Examples != 0 {
		d.Examples = o.Examples
	}
	switch {
	case d.ShortN < 1 || d.LongN < d.ShortN:
		return d, fmt.Errorf("decontam: want 1 <= ShortN (%d) <= LongN (%d)", d.ShortN, d.LongN)
	case d.LongFrom < d.LongN || d.ShortFrom < d.ShortN || d.LongFrom < d.ShortFrom:
		return d, fmt.Errorf("decontam: want ShortN <= ShortFrom <= LongFrom and LongN <= LongFrom (got ShortFrom %d, LongFrom %d)", d.ShortFrom, d.LongFrom)
	case d.MinCoverage <= 0 || d.MinCoverage > 1:
		return d, fmt.Errorf("decontam: MinCoverage %.3f outside (0, 1]", d.MinCoverage)
	case d.MaxItemFreq < 1:
		return d, fmt.Errorf("decontam: MaxItemFreq %d < 1", d.MaxItemFreq)
	}
	return d, nil
}

// Benchmark is one evaluation split: its name ("gsm8k/test") and its items.
type Benchmark struct {
	Name    string
	Records []record.Record
}

// Match is one benchmark item a record contains.
type Match struct {
	Benchmark string  `json:"benchmark"`
	Item      string  `json:"item"`     // the benchmark item's id
	Kind      string  `json:"kind"`     // "exact", "13-gram" or "8-gram"
	Coverage  float64 `json:"coverage"` // share of the item's n-grams found (1 for exact)
}

// Run checks every record against the benchmarks and drops those that contain a
// benchmark item. Kept records keep their input order. The report also carries
// TestSplitWarnings(recs).
func Run(recs []record.Record, benches []Benchmark, opt Options) (kept []record.Record, drops []record.Drop, rep Report, err error) {
	ix, err := NewIndex(benches, opt)
	if err != nil {
		return nil, nil, Report{}, err
	}
	matches := ix.CheckAll(recs)
	rep = ix.newReport(len(recs))
	rep.Warnings = TestSplitWarnings(recs)
	for i, r := range recs {
		ms := matches[i]
		rep.count(r, ms, ix.opt.Examples)
		if len(ms) == 0 {
			kept = append(kept, r)
			continue
		}
		m := ms[0]
		drops = append(drops, record.Drop{ID: r.ID, Stage: Stage, Reason: record.ReasonInvalid,
			DuplicateOf: m.Item, Similarity: round3(m.Coverage), Detail: "contaminates " + m.Benchmark})
	}
	rep.Dropped = len(drops)
	return kept, drops, rep, nil
}

// CheckAll returns each record's matches (best first: exact, then by coverage, then
// benchmark order), checking the records in parallel.
func (ix *Index) CheckAll(recs []record.Record) [][]Match {
	out := make([][]Match, len(recs))
	parallel.Chunks(len(recs), 64, func(lo, hi int) {
		var sc scratch
		for j := lo; j < hi; j++ {
			out[j] = ix.check(recs[j], &sc)
		}
	})
	return out
}

// scratch is what check reuses from one record to the next.
type scratch struct {
	counts map[int32]int32 // matched n-grams per item
	key    []byte          // the normalised question
}

// Check returns the benchmark items r contains, best first.
func (ix *Index) Check(r record.Record) []Match { return ix.check(r, &scratch{}) }

func (ix *Index) check(r record.Record, sc *scratch) []Match {
	if sc.counts == nil {
		sc.counts = map[int32]int32{}
	}
	counts := sc.counts
	clear(counts)
	var out []Match
	exact := map[int32]bool{}
	sc.key = appendNormal(sc.key[:0], r.Question)
	for _, it := range ix.exact[string(sc.key)] {
		exact[it] = true
		out = append(out, Match{Benchmark: ix.benches[ix.items[it].bench], Item: ix.items[it].id, Kind: "exact", Coverage: 1})
	}
	qw, aw := words(r.Question), words(r.Answer)
	for _, g := range ix.grams {
		// seen holds only the record's n-grams found in the index: an n-gram counts
		// once per item however often the record repeats it.
		seen := map[uint64]bool{}
		for _, ws := range [][]uint64{qw, aw} {
			eachGram(ws, g.n, func(h uint64) {
				if !g.maybe(h) || seen[h] {
					return
				}
				its, ok := g.postings[h]
				if !ok {
					return
				}
				seen[h] = true
				for _, it := range its {
					counts[it]++
				}
			})
		}
	}
	for it, c := range counts {
		item := ix.items[it]
		if exact[it] || item.grams == 0 {
			continue
		}
		if cov := float64(c) / float64(item.grams); cov >= ix.opt.MinCoverage {
			out = append(out, Match{Benchmark: ix.benches[item.bench], Item: item.id,
				Kind: fmt.Sprintf("%d-gram", item.n), Coverage: cov})
		}
	}
	rank := func(m Match) int {
		if m.Kind == "exact" {
			return 0
		}
		return 1
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if rank(a) != rank(b) {
			return rank(a) < rank(b)
		}
		if a.Coverage != b.Coverage {
			return a.Coverage > b.Coverage
		}
		if ix.benchIdx[a.Benchmark] != ix.benchIdx[b.Benchmark] {
			return ix.benchIdx[a.Benchmark] < ix.benchIdx[b.Benchmark]
		}
		return a.Item < b.Item
	})
	return out
}

func round3(x float64) float64 { return float64(int64(x*1000+0.5)) / 1000 }
