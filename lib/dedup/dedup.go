// Package dedup removes exact and near-duplicate records as they arrive, keep-first:
// reference records (the existing set) are indexed and never dropped; every other
// record is checked against the reference and the records kept before it, and is
// either kept (and indexed) or dropped with a record.Drop naming the kept record it
// duplicates (duplicate_of), its Jaccard similarity and the rule that fired.
// Exact duplicates have equal normalised text (see Normalize). Near duplicates are
// found by MinHash (Broder 1997) with LSH banding over the words of the record's
// question, and confirmed by computing the exact Jaccard similarity of the pair,
// which must reach Options.Threshold; a dropped record always points at a kept
// record it verified against, never along a chain, so clusters cannot grow
// transitively. Structure decides what is compared: a reading question is compared
// on the bare question and merges only with one on the same passage; a
// multiple-choice item on its stem and options, which must be the same options in
// any order; two records with different short answers never merge; and two texts
// that differ in their numbers or operators are template variants, kept apart
// unless Options.MergeTemplateVariants. Results depend only on the inputs, their
// order and the options — never on map order, scheduling or GOMAXPROCS.
//
// # What is compared
//
// Words. The compared text is normalised (Normalize: case and compatibility folding,
// punctuation dropped, symbols and numbers kept) and cut into tokens: runs of
// letters, runs of digits, single symbols. The similarity of two records is the
// Jaccard similarity of their token multisets (the k-th repeat of a word counts as a
// token of its own). Word unigrams, not the word 5-grams of web-scale tools and not
// character shingles, because the threshold must hold for short questions: in a
// question of n distinct words one typo or changed word gives (n-1)/(n+1) — 0.85
// at n = 12 — a dropped word (n-1)/n = 0.92, and a k-word prefix or suffix n/(n+k) —
// 0.80 for three words at n = 12. Character 5-grams give about 0.70 for a changed
// six-letter word in the same question, and word 5-grams 0.33 (curation.md (c)).
// The same arithmetic makes short questions safe: one changed word in a question of
// 8 words or fewer gives at most 7/9 = 0.78 < 0.8, so "the capital of France" and
// "the capital of Peru" stay apart without a special rule (and a typo in such a
// question is missed); from 9 words on one substituted word reaches 0.8. Word order is not compared: the same words in another order
// are a duplicate ("snake case to camel case" and "camel case to snake case").
//
// Drop.Similarity is the exact Jaccard similarity of the verification — the
// quantity MinHash estimates, and the one the threshold is applied to; Detail
// quotes the MinHash estimate beside it. Exact duplicates have similarity 1.
//
// Structure. A candidate pair at the threshold is a duplicate only if these hold,
// checked in this order (the first that fails is counted in Stats):
//   - options: multiple-choice records (meta.choices) are compared on the stem
//     plus the options, and the options must be equal as a multiset after
//     normalisation. Reordered options are the same item (an exact duplicate); one
//     changed option makes another item.
//   - context: reading records (SQuAD 2.0, DROP, CoQA; meta.source_question, or the
//     "Read the passage…Question: " layout) are compared on the bare question,
//     because many questions share a passage and compared with it they would all
//     look alike (a 120-word passage and 10-word questions give 0.86). The passage
//     must be equal after normalisation, or itself at the threshold (CoQA's
//     conversation history is not part of it). Natural Instructions records
//     (meta.task) are compared on their whole text, but every instance of a task
//     repeats its definition, so two of them must also have their instance inputs
//     equal or at the threshold; an instance copied without its "Input:" layout
//     (into Alpaca's instruction + input, say) is matched on the whole text.
//   - numbers: the multisets of numbers (digit runs, "80,000" = 80000, the cardinal
//     words two…billion) and of arithmetic operators (+ - * / = < > ^ % and Unicode
//     math symbols) must be equal. Otherwise the pair is a template variant — the
//     same problem with other numbers, which datatrove's number normalisation
//     silently merges — counted in Stats and kept apart, or dropped as a near
//     duplicate when MergeTemplateVariants is set. An edit that changes a digit
//     therefore makes a template variant, not a duplicate.
//   - answer: when both records have a short final answer (meta.final_answer; for
//     a multiple-choice item the text of the correct option, so that reordering
//     keeps it; for a reading record without one, its answer), they must be equal.
//     SQuAD 2.0's unanswerable questions are one-word edits of answerable ones on
//     the same passage ("What is (not) an example of…"): in the dev sample 47 of
//     2,150 same-passage pairs reach 0.8, all with different answers. Records with
//     free-form answers (code, instructions) are compared on their questions only,
//     so that the same question with a differently written answer is still found.
//
// # Index
//
// Signatures have NumPerm (128) values; ChooseBands cuts them into 21 bands of 6
// rows so that a pair at the threshold becomes a candidate with probability 0.998
// (the S-curve, CandidateProbability). Each band is a hash table from band key to
// the records under it: one in the table's slot, more in a block of up to 16 (one
// cache line). A record that matches nothing is indexed; a dropped record is not,
// so later records compare with the kept representative only. A band bucket stops
// growing at 16 records (template families whose instances share most words); its
// members stay reachable through their other bands. Memory is about 600 bytes per
// indexed short question, 370 of them the band tables.
//
// A Deduper is not safe for concurrent use; Run, AddReferences and AddAll prepare
// records on all cores and feed them to the index in input order.
package dedup

import (
	"fmt"
	"math"
	"slices"

	"qmix/lib/record"
)

// Defaults of Options.
const (
	DefaultThreshold = 0.8
	DefaultNumPerm   = 128
	// DefaultSeed seeds the token hash and the MinHash functions when Options.Seed is
	// 0. Any fixed value works; this one is the first 16 hex digits of π's fraction.
	DefaultSeed uint64 = 0x243f6a8885a308d3
)

// Stage is the stage name of every Drop this package returns.
const Stage = "dedup"

// bucketCap bounds the records one band bucket indexes. Ordinary text rarely fills
// a bucket: near duplicates land in the same buckets but are dropped, not indexed.
// A full bucket holds a template family (kept records sharing most of their words,
// e.g. number variants) or questions made of common words only; each new record
// would be verified against all of them, quadratic in the family size, where 16
// bounds it at 21 × 16 verifications. Recall does not suffer: a pair at the
// threshold collides in about 5 of its 21 bands, and the record it should match is
// indexed in its other, rarer buckets. (On the 1M benchmark, 16 and 64 drop exactly
// the same records; 16 verifies 40% fewer pairs.)
const bucketCap = 16

// Options configure a Deduper. The zero value is the default: threshold 0.8, 128
// permutations banded for short questions, template variants kept.
type Options struct {
	// Threshold: a candidate pair whose verified Jaccard similarity is ≥ Threshold is
	// a near duplicate; 0 means DefaultThreshold. Must be in (0, 1].
	Threshold float64 `json:"threshold"`
	// NumPerm is the MinHash signature length; 0 means DefaultNumPerm (or Bands ×
	// Rows when both are set).
	NumPerm int `json:"num_perm"`
	// Bands × Rows is the LSH banding; both 0 means ChooseBands(Threshold, NumPerm),
	// one 0 means NumPerm divided by the other. Bands × Rows ≤ NumPerm.
	Bands int `json:"bands"`
	Rows  int `json:"rows"`
	// MergeTemplateVariants drops records that differ from a kept record only in
	// their numbers or operators as near duplicates; false keeps them apart and
	// counts them.
	MergeTemplateVariants bool `json:"merge_template_variants"`
	// Seed seeds the token hash and the MinHash functions; 0 means DefaultSeed.
	Seed uint64 `json:"seed"`
}

// resolve fills in the defaults and checks the options.
func (o Options) resolve() (Options, error) {
	if math.IsNaN(o.Threshold) || o.Threshold < 0 || o.Threshold > 1 {
		return o, fmt.Errorf("dedup: threshold %v out of range (0, 1]", o.Threshold)
	}
	if o.Threshold == 0 {
		o.Threshold = DefaultThreshold
	}
	if o.NumPerm < 0 || o.Bands < 0 || o.Rows < 0 {
		return o, fmt.Errorf("dedup: negative num_perm %d, bands %d or rows %d", o.NumPerm, o.Bands, o.Rows)
	}
	// 4096 values is far beyond any useful signature (the MinHash error at 1024 is
	// already ±0.015) and bounds the memory a typo in a script can ask for.
	const maxPerm = 4096
	if o.NumPerm > maxPerm || o.Bands > maxPerm || o.Rows > maxPerm {
		return o, fmt.Errorf("dedup: num_perm %d, bands %d or rows %d above %d", o.NumPerm, o.Bands, o.Rows, maxPerm)
	}
	if o.NumPerm == 0 {
		o.NumPerm = DefaultNumPerm
		if o.Bands > 0 && o.Rows > 0 {
			o.NumPerm = o.Bands * o.Rows
		}
	}
	switch {
	case o.Bands == 0 && o.Rows == 0:
		o.Bands, o.Rows = ChooseBands(o.Threshold, o.NumPerm)
	case o.Bands == 0:
		o.Bands = o.NumPerm / o.Rows
	case o.Rows == 0:
		o.Rows = o.NumPerm / o.Bands
	}
	if o.Bands < 1 || o.Rows < 1 || o.Bands*o.Rows > o.NumPerm {
		return o, fmt.Errorf("dedup: %d bands × %d rows do not fit %d permutations", o.Bands, o.Rows, o.NumPerm)
	}
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	return o, nil
}

// Stats counts what a Deduper saw. Pair counts are over distinct (record, indexed
// record) pairs the LSH proposed; record counts are over records passed to Add.
type Stats struct {
	Options    Options `json:"options"`    // the options in effect, defaults filled in
	References int     `json:"references"` // records passed to AddReference
	Checked    int     `json:"checked"`    // records passed to Add
	Kept       int     `json:"kept"`
	Exact      int     `json:"exact"` // dropped: exact_duplicate
	Near       int     `json:"near"`  // dropped: near_duplicate (merged template variants included)
	// TemplateVariants counts records that matched a kept record except in their
	// numbers or operators: kept, or dropped (and counted in Near too) with
	// MergeTemplateVariants.
	TemplateVariants int `json:"template_variants"`

	CandidatePairs int `json:"candidate_pairs"` // pairs verified
	// Candidate pairs rejected by verification, by the first rule that failed.
	RejectedBelowThreshold int `json:"rejected_below_threshold"`
	RejectedChoices        int `json:"rejected_choices"` // options differ
	RejectedContext        int `json:"rejected_context"` // other passage or instance input, or reading vs not
	RejectedAnswer         int `json:"rejected_answer"`  // another short final answer
	RejectedNumbers        int `json:"rejected_numbers"` // template-variant pairs

	// FullBuckets counts band insertions skipped because the bucket held bucketCap
	// records; non-zero means template-heavy input.
	FullBuckets int `json:"full_buckets"`
	// LargestCluster is the most records dropped as duplicates of one kept record,
	// LargestClusterID that record (the first to reach the size).
	LargestCluster   int    `json:"largest_cluster"`
	LargestClusterID string `json:"largest_cluster_id"`

	// Sources breaks the record counts down by record.Source, in order of first
	// appearance.
	Sources []SourceStats `json:"sources"`
}

// SourceStats are the record counts of one source.
type SourceStats struct {
	Source           string `json:"source"`
	Checked          int    `json:"checked"`
	Kept             int    `json:"kept"`
	Exact            int    `json:"exact"`
	Near             int    `json:"near"`
	TemplateVariants int    `json:"template_variants"`
}

// entry is an indexed record.
type entry struct {
	tokOff, ctxOff int    // its token set and separate part's (see split) in Deduper.arena
	tokLen, ctxLen uint32 // their lengths
	ctxKey         uint64
	answer         uint64
	choices        uint64
	numbers        uint64
	kind           uint8
}

// Deduper deduplicates records one at a time. Create it with New.
type Deduper struct {
	opt   Options
	h     *hasher
	pr    *preparer // for Add and AddReference
	p     prep      // scratch of Add and AddReference
	sig   []uint32  // scratch: signature of an indexed record, for estimates
	cands []uint32  // scratch: candidates of the record being checked
	at    []int     // scratch: per band, the slot of the record's key
	val   []uint32  // scratch: per band, the bucket value in that slot
	size  []int     // scratch: per band, the bucket's size
	sink  uint64    // where prefetch's loads go, so that they are made

	ids     []string
	entries []entry
	arena   []uint32    // token sets of the indexed records
	exact   exactTable  // exact key → entry
	tables  []bandTable // one per band
	buckets bucketPool  // the band buckets of two or more records
	cluster []uint32    // records dropped as duplicates of each entry
	sims    []float64   // verified similarities, in verification order
	stats   Stats
	source  map[string]int // source → index in stats.Sources
	err     error          // why AddReferences or AddAll stopped early (see Err)
}

// New returns a Deduper with the given options, or an error when they are invalid.
func New(opt Options) (*Deduper, error) {
	o, err := opt.resolve()
	if err != nil {
		return nil, err
	}
	h := newHasher(o.Seed, o.NumPerm)
	d := &Deduper{
		opt:    o,
		h:      h,
		pr:     &preparer{h: h, bands: o.Bands, rows: o.Rows},
		sig:    make([]uint32, o.NumPerm),
		tables: make([]bandTable, o.Bands),
		at:     make([]int, o.Bands),
		val:    make([]uint32, o.Bands),
		size:   make([]int, o.Bands),
		source: make(map[string]int),
	}
	d.stats.Options = o
	return d, nil
}

// AddReference indexes r as a kept record that is never dropped (the existing set).
// References are not checked against each other.
func (d *Deduper) AddReference(r record.Record) {
	d.pr.prepare(&r, &d.p)
	d.reference(&r, &d.p)
}

// Add checks r against the references and the records kept so far. It returns the
// drop and true when r is a duplicate; otherwise r is kept and indexed.
func (d *Deduper) Add(r record.Record) (record.Drop, bool) {
	d.pr.prepare(&r, &d.p)
	return d.check(&r, &d.p)
}

// Stats returns the counts so far.
func (d *Deduper) Stats() Stats {
	s := d.stats
	s.Sources = append([]SourceStats(nil), d.stats.Sources...)
	return s
}

// Similarities returns the verified Jaccard similarity of every candidate pair, in
// the order the pairs were verified (records in input order; for each record, its
// candidates in the order they were indexed). It is the distribution to plot
// against the threshold.
func (d *Deduper) Similarities() []float64 {
	return append([]float64(nil), d.sims...)
}

// Options returns the options in effect, defaults filled in (for a run manifest).
func (d *Deduper) Options() Options { return d.opt }

func (d *Deduper) reference(r *record.Record, p *prep) {
	d.stats.References++
	if e, ok := d.exact.get(p.key); ok && d.sameTokens(e, p) {
		return // an exact copy of a reference: found through the first one
	}
	d.lookup(p, false)
	d.index(r, p)
}

func (d *Deduper) check(r *record.Record, p *prep) (record.Drop, bool) {
	d.stats.Checked++
	src := d.sourceStats(r.Source)
	src.Checked++

	if e, ok := d.exact.get(p.key); ok && d.sameTokens(e, p) {
		d.stats.Exact++
		src.Exact++
		d.grow(e)
		return record.Drop{ID: r.ID, Stage: Stage, Reason: record.ReasonExactDuplicate,
			DuplicateOf: d.ids[e], Similarity: 1, Detail: d.exactDetail(p)}, true
	}

	best, bestJ := -1, 0.0       // best verified duplicate
	variant, variantJ := -1, 0.0 // best template variant
	if len(p.bands) > 0 {
		d.lookup(p, true)
		d.prefetchCands()
		// The most similar match wins; among equals the earliest indexed (a
		// reference before a public record).
		for _, e := range d.cands {
			j, verdict := d.verify(p, e)
			switch {
			case verdict == vOK && (best < 0 || j > bestJ || (j == bestJ && int(e) < best)):
				best, bestJ = int(e), j
			case verdict == vNumbers && (variant < 0 || j > variantJ || (j == variantJ && int(e) < variant)):
				variant, variantJ = int(e), j
			}
		}
	}

	if variant >= 0 && best < 0 {
		d.stats.TemplateVariants++
		src.TemplateVariants++
		if d.opt.MergeTemplateVariants {
			best, bestJ = variant, variantJ
		}
	}
	if best >= 0 {
		d.stats.Near++
		src.Near++
		d.grow(uint32(best))
		return record.Drop{ID: r.ID, Stage: Stage, Reason: record.ReasonNearDuplicate,
			DuplicateOf: d.ids[best], Similarity: bestJ, Detail: d.nearDetail(p, uint32(best), bestJ, best == variant)}, true
	}
	d.stats.Kept++
	src.Kept++
	d.index(r, p)
	return record.Drop{}, false
}

// Verdicts of verify.
const (
	vOK = iota
	vBelow
	vChoices
	vContext
	vAnswer
	vNumbers
)

// verify computes the Jaccard similarity of p and entry e and applies the rules.
func (d *Deduper) verify(p *prep, e uint32) (float64, int) {
	en := &d.entries[e]
	j := jaccard(p.tokens, d.arena[en.tokOff:en.tokOff+int(en.tokLen)])
	d.sims = append(d.sims, j)
	d.stats.CandidatePairs++
	switch {
	case !atLeast(j, d.opt.Threshold):
		d.stats.RejectedBelowThreshold++
		return j, vBelow
	case p.choices != en.choices:
		d.stats.RejectedChoices++
		return j, vChoices
	case !d.sameContext(p, en):
		d.stats.RejectedContext++
		return j, vContext
	case p.numbers != en.numbers:
		d.stats.RejectedNumbers++
		return j, vNumbers
	case p.answer != 0 && en.answer != 0 && p.answer != en.answer:
		d.stats.RejectedAnswer++
		return j, vAnswer
	}
	return j, vOK
}

// sameContext applies the separate condition of reading and instruction records:
// two reading records need the same passage, two instructions the same input —
// equal after normalisation, or at the threshold. A reading record never matches
// another kind; an instruction matches a plain record on the whole text.
func (d *Deduper) sameContext(p *prep, en *entry) bool {
	switch {
	case p.kind == en.kind && p.kind == recPlain:
		return true
	case p.kind != en.kind:
		return p.kind != recReading && en.kind != recReading
	}
	return p.ctxKey == en.ctxKey || atLeast(jaccard(p.ctx, d.arena[en.ctxOff:en.ctxOff+int(en.ctxLen)]), d.opt.Threshold)
}

// atLeast compares a similarity with the threshold, forgiving the rounding of
// inter/union (12/15 must count as 0.8).
func atLeast(j, t float64) bool { return j >= t-1e-12 }

// jaccard is |a∩b| / |a∪b| of two sorted id lists (1 for two empty lists). The
// merge has no branch on the values: the ids are hashes, so which list advances is
// a coin toss that a branch would mispredict half the time.
func jaccard(a, b []uint32) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	inter, i, k := 0, 0, 0
	for i < len(a) && k < len(b) {
		x, y := a[i], b[k]
		inter += b2i(x == y)
		i += b2i(x <= y)
		k += b2i(y <= x)
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// b2i is 1 for true, 0 for false; the compiler makes it a SETcc.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (d *Deduper) sameTokens(e uint32, p *prep) bool {
	en := &d.entries[e]
	t := d.arena[en.tokOff : en.tokOff+int(en.tokLen)]
	if len(t) != len(p.tokens) {
		return false
	}
	for i := range t {
		if t[i] != p.tokens[i] {
			return false
		}
	}
	return true
}

// index adds a kept record to the exact map and the band tables.
func (d *Deduper) index(r *record.Record, p *prep) {
	e := uint32(len(d.entries))
	en := entry{ctxKey: p.ctxKey, answer: p.answer, choices: p.choices, numbers: p.numbers, kind: p.kind}
	en.tokOff, en.tokLen = len(d.arena), uint32(len(p.tokens))
	d.arena = append(d.arena, p.tokens...)
	en.ctxOff, en.ctxLen = len(d.arena), uint32(len(p.ctx))
	d.arena = append(d.arena, p.ctx...)
	d.entries = append(d.entries, en)
	d.ids = append(d.ids, r.ID)
	d.cluster = append(d.cluster, 0)
	d.exact.add(p.key, e)
	if e+1 >= blockFlag {
		panic("dedup: more records than the index can hold")
	}
	for j, key := range p.bands {
		n := d.size[j]
		if n >= bucketCap {
			d.stats.FullBuckets++
			continue
		}
		switch v := d.val[j]; {
		case v == 0:
			d.tables[j].set(d.at[j], key, e+1, true)
		case v < blockFlag: // one record: it and e move to a block of two
			nv := d.buckets.alloc(0)
			b := d.buckets.block(nv)
			b[0], b[1] = v, e+1
			d.tables[j].set(d.at[j], key, nv, false)
		default:
			if b := d.buckets.block(v); n < len(b) {
				b[n] = e + 1
				break
			}
			// The block is full: move to one twice the size.
			nv := d.buckets.alloc((v>>classShift)&(numClasses-1) + 1)
			b := d.buckets.block(nv)
			copy(b, d.buckets.block(v))
			b[n] = e + 1
			d.buckets.release(v)
			d.tables[j].set(d.at[j], key, nv, false)
		}
	}
}

// lookup finds p's bucket in every band — slot, bucket value and size, for index —
// and, when collect is set, gathers the records in them as d.cands: each once, in
// index order. The slots of all bands are probed first, in a loop of independent
// loads, so that their cache misses overlap.
func (d *Deduper) lookup(p *prep, collect bool) {
	for j, key := range p.bands {
		d.at[j], d.val[j] = d.tables[j].slot(key)
	}
	d.cands = d.cands[:0]
	for j := range p.bands {
		switch v := d.val[j]; {
		case v == 0:
			d.size[j] = 0
		case v < blockFlag:
			d.size[j] = 1
			if collect {
				d.cands = append(d.cands, v-1)
			}
		default:
			n := 0
			for _, m := range d.buckets.block(v) {
				if m == 0 {
					break
				}
				n++
				if collect {
					d.cands = append(d.cands, m-1)
				}
			}
			d.size[j] = n
		}
	}
	if len(d.cands) > 1 {
		// Sorting dedupes without a per-entry mark (a cache miss per candidate).
		slices.Sort(d.cands)
		d.cands = slices.Compact(d.cands)
	}
}

// prefetch loads the slots a lookup of p will probe first — its exact slot and the
// home slot of each band key — into the cache without waiting for them: each runs
// the loads of the next record while the current one is checked, so that their
// cache misses overlap with that work instead of stalling the lookup. The loads
// are summed into d.sink so that the compiler keeps them; no branch depends on
// them.
func (d *Deduper) prefetch(p *prep) {
	var s uint64
	if t := &d.exact; len(t.slots) > 0 {
		s += t.slots[t.home(p.key)].key
	}
	for j, key := range p.bands {
		if t := &d.tables[j]; len(t.slots) > 0 {
			s += t.slots[t.home(key)]
		}
	}
	d.sink += s
}

// prefetchCands loads the entries of d.cands and then the first tokens of each, so
// that verification finds them in the cache: two rounds of misses for all
// candidates instead of two per candidate.
func (d *Deduper) prefetchCands() {
	if len(d.cands) < 2 {
		return
	}
	var s uint64
	for _, e := range d.cands {
		s += uint64(d.entries[e].tokOff)
	}
	for _, e := range d.cands {
		if off := d.entries[e].tokOff; off < len(d.arena) {
			s += uint64(d.arena[off])
		}
	}
	d.sink += s
}

// grow counts a drop against entry e for the cluster statistics.
func (d *Deduper) grow(e uint32) {
	d.cluster[e]++
	if n := int(d.cluster[e]); n > d.stats.LargestCluster {
		d.stats.LargestCluster, d.stats.LargestClusterID = n, d.ids[e]
	}
}

func (d *Deduper) sourceStats(source string) *SourceStats {
	i, ok := d.source[source]
	if !ok {
		i = len(d.stats.Sources)
		d.source[source] = i
		d.stats.Sources = append(d.stats.Sources, SourceStats{Source: source})
	}
	return &d.stats.Sources[i]
}

func (d *Deduper) exactDetail(p *prep) string {
	switch {
	case p.kind == recReading:
		return "exact: same normalised question and passage"
	case p.choices != 0:
		return "exact: same normalised stem and options (any order)"
	}
	return "exact: same normalised text"
}

func (d *Deduper) nearDetail(p *prep, e uint32, j float64, variant bool) string {
	en := &d.entries[e]
	d.h.signature(d.arena[en.tokOff:en.tokOff+int(en.tokLen)], d.sig)
	s := fmt.Sprintf("near: word Jaccard %.3f >= %.2f (MinHash estimate %.3f)", j, d.opt.Threshold, estimate(p.sig, d.sig))
	switch {
	case p.kind == recReading:
		s += "; same passage and answer"
	case p.kind == recInstruction && d.entries[e].kind == recInstruction:
		s += "; same instance input"
	case p.choices != 0:
		s += "; same options"
	}
	if variant {
		s += "; template variant (numbers differ), merged"
	}
	return s
}

// String is the counts in one line, as qmix dedup prints them.
func (s Stats) String() string {
	return fmt.Sprintf("%d records against %d reference: %d kept, %d exact and %d near duplicates dropped, %d template variants kept",
		s.Checked, s.References, s.Kept, s.Exact, s.Near, s.TemplateVariants)
}
