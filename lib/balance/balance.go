// Package balance selects the final record set: exact per-domain quotas, per-source
// caps, keep-priority (existing records, then hard, then the rest), a source mix
// within each domain that follows the sources' available counts, and the token
// balance — the easy records' share of all tokens within TargetEasy ± Tolerance.
// Balance returns the kept records in input order, a record.Drop (stage "balance",
// reason "trimmed") for every other input record, and a Report; when a quota or the
// token balance cannot be met it returns an error that says by how much and which
// levers (relabel, quotas, caps, tolerance) would close the gap, with numbers. Sample
// takes a seeded stratified sample and Shuffle a seeded, domain-interleaved order.
// Every random choice comes from a record's key, a hash of the seed and its id, so
// results depend on the inputs and the seed only: not on input order, map order or
// GOMAXPROCS.
//
// # Token-constrained quota selection
//
// No curation tool selects under a token-share constraint (they mix by record count
// or sampling probability), so Balance solves it directly, in four steps:
//
//  1. Cells. Records are grouped into cells by (domain, source, existing). A source's
//     cap is split across its cells in proportion to their sizes (largest-remainder,
//     Hamilton's method), which bounds how many records each cell can give.
//  2. Counts. In each domain the existing cells are filled first (all their records
//     while the quota allows); the rest of the quota — the gap — is apportioned over
//     the domain's public cells in proportion to what each can give (Hamilton again;
//     ties broken by a seeded hash). Every source is trimmed by the same fraction, so
//     the domain keeps the recipe's mix and every source with a meaningful share stays
//     represented; caps are the lever for a different mix. A domain with fewer records
//     than its quota is an error (QuotaError).
//  3. Diverse start. Each cell keeps its hard records first, then records in the
//     order of their seeded keys — a uniform random sample, so the start is
//     representative of each source.
//  4. Swaps. The token balance is moved toward TargetEasy by swapping a kept record
//     for a dropped one of the same cell, which keeps every count from step 2. With
//     target t, a record weighs w = (1−t)·tokens if easy and −t·tokens if hard, and
//     the selection is on target exactly when f = Σw over kept records is 0
//     (f = (share − t)·total tokens). Phase A swaps within (cell, difficulty), so
//     the number of hard records kept — the keep-priority — is untouched; only when
//     phase A cannot reach the tolerance band does phase B swap across difficulties
//     within a cell. Each phase is a greedy largest-first descent: every cell offers
//     its best swap (its heaviest kept record against its lightest dropped one, in
//     the direction f needs); a max-heap picks the largest that does not overshoot
//     f = 0, the cell offers its next pair, and so on. Largest-first needs the fewest
//     swaps, so the selection stays as close to the random start as the constraint
//     allows. A final fine step finds, by binary search in each cell, the single
//     swap that lands f closest to 0, and repeats while it helps. When no improving
//     swap remains, each cell holds its extreme records, so the share reached is the
//     best achievable with those counts, and an InfeasibleError reports it.
//
// The swaps aim at the target itself, not just the band. When the target is out of
// reach, each cell ends holding its extreme records (e.g. each source's shortest
// easy ones): a length bias that Report.Initial, the unbiased random start, lets
// an analyst measure. Tolerance 1 turns the constraint off, and with it the swaps.
//
// Sorting dominates: O(n log n) for n records, plus O(s log c) for s swaps over c
// cells and O(n log n) per fine step (at most 4). The plan-scale input (82,706
// records) balances in about 70 ms on 2 cores (BenchmarkBalance86K).
//
// A dropped record's Detail says why: "quota <domain> <quota>" (the domain's quota
// was full), "cap <source> <cap>" (it lay beyond its source's cap) or "token
// balance" (it was in the random start and was swapped out to move the balance).
package balance

import (
	"container/heap"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"qmix/lib/internal/stop"
	"qmix/lib/record"
)

// DefaultQuota is the plan's final shape: 7,500 records in each of the 8 domains,
// 60,000 in all.
var DefaultQuota = map[string]int{
	record.Coding: 7500, record.Math: 7500, record.ToolUse: 7500, record.Reasoning: 7500,
	record.Reading: 7500, record.Summarization: 7500, record.CommonSense: 7500, record.Instruction: 7500,
}

// PlanTakes is the recipe's count per public source, from the plan's tables. They
// add up to 35,264 (the plan's "~39,264" total is a slip: its own per-domain totals
// 2,664 + 4,000 × 3 + 3,100 + 5,000 × 2 + 7,500 make 35,264). The build takes this
// many of each source; used as Caps it keeps the balancer within the recipe.
var PlanTakes = map[string]int{
	"codesearchnet": 2000, "humaneval": 164, "mbpp": 500,
	"gsm8k": 2000, "math": 1500, "metamathqa": 500,
	"mmlu": 2000, "arc_challenge": 1500, "hellaswag": 500,
	"squad_v2": 2000, "drop": 1500, "coqa": 500,
	"toolbench": 1500, "gorilla": 1600,
	"commonsense_qa": 2500, "piqa": 2500,
	"cnn_dailymail": 2500, "xsum": 2500,
	"natural_instructions": 2500, "alpaca": 5000,
}

// Defaults of the token balance: 60/40 easy/hard by tokens, ± 2.5 points (spec.md).
const (
	DefaultTargetEasy = 0.60
	DefaultTolerance  = 0.025
)

// closeEnough is where the swaps stop: within 0.01 percentage points of the target
// the balance reads as the target at the report's precision.
const closeEnough = 1e-4

// fineRounds bounds the fine step; each round is O(n log n) and after the coarse
// descent one or two rounds reach the token granularity.
const fineRounds = 4

// Stage is the stage name of balance's drops.
const Stage = "balance"

// Options configure Balance. The zero value balances to DefaultQuota at 60/40 ± 2.5
// with no caps, seed 0, and existing records those of source "existing".
type Options struct {
	// Quota is the number of records per domain; nil means DefaultQuota. A domain
	// missing from a non-nil map has quota 0: all its records are dropped.
	Quota map[string]int
	// Caps is the most records kept per source; nil means no caps. A source missing
	// from the map is uncapped; a cap of 0 keeps none of the source.
	Caps map[string]int
	// TargetEasy is the easy records' target share of all tokens; 0 means 0.60.
	TargetEasy float64
	// Tolerance is how far from TargetEasy the share may end; 0 means 0.025, and 1
	// turns the token balance off (no swaps: counts, caps and priority only).
	Tolerance float64
	// Seed drives every random choice.
	Seed int64
	// Existing tells the existing set's records, kept before any public record; nil
	// means r.Source == "existing".
	Existing func(record.Record) bool
}

// TokenBalance is the token split of a record set.
type TokenBalance struct {
	Records    int     `json:"records"`
	EasyTokens int     `json:"easy_tokens"`
	HardTokens int     `json:"hard_tokens"`
	EasyShare  float64 `json:"easy_share"` // percent of all tokens
}

func (b TokenBalance) String() string {
	return fmt.Sprintf("%.1f/%.1f (easy %s, hard %s tokens)", b.EasyShare, 100-b.EasyShare, thousands(b.EasyTokens), thousands(b.HardTokens))
}

// DomainCount is one domain's line of a Report.
type DomainCount struct {
	Domain     string `json:"domain"`
	Quota      int    `json:"quota"`
	Before     int    `json:"before"`
	After      int    `json:"after"`
	Existing   int    `json:"existing"` // existing records kept
	Hard       int    `json:"hard"`     // hard records kept
	EasyTokens int    `json:"easy_tokens"`
	HardTokens int    `json:"hard_tokens"`
}

// SourceCount is one source's line of a Report.
type SourceCount struct {
	Source     string `json:"source"`
	Cap        int    `json:"cap"` // -1: uncapped
	Before     int    `json:"before"`
	After      int    `json:"after"`
	HardBefore int    `json:"hard_before"`
	HardAfter  int    `json:"hard_after"`
	Tokens     int    `json:"tokens"` // tokens of the kept records
}

// Report describes a balance: counts before and after by domain and by source, the
// token balance of the input, of the random start and of the result, and the swaps.
type Report struct {
	Seed      int64         `json:"seed"`
	Target    float64       `json:"target"` // easy share, percent
	Tolerance float64       `json:"tolerance"`
	Domains   []DomainCount `json:"domains"`
	Sources   []SourceCount `json:"sources"`
	Before    TokenBalance  `json:"before"`  // all input records
	Initial   TokenBalance  `json:"initial"` // the diverse random start
	After     TokenBalance  `json:"after"`   // the kept records
	// Swaps within a difficulty (phase A) and across difficulties (phase B).
	Swaps       int `json:"swaps"`
	SwapsAcross int `json:"swaps_across"`
}

// item is one input record as the balancer sees it.
type item struct {
	idx      int
	tokens   int
	hard     bool
	existing bool
	key      uint64
	cell     int
	pos      int // place in its cell's priority order
}

// cell is the records of one (domain, source, existing) group.
type cell struct {
	domain, source string
	existing       bool
	items          []int // item indices, in priority order: hard first, then by key
	ub             int   // most records the cell can give under its source's cap
	take           int   // records kept (step 2)
	capped         bool  // the cap made ub smaller than the cell
}

// balancer holds the state of one Balance call.
type balancer struct {
	opt      Options
	t        float64
	items    []item
	cells    []cell
	selected []bool
	initial  []bool
	easy     int // tokens of kept easy records
	hard     int // tokens of kept hard records
	swaps    int
	across   int
}

// Balance selects recs down to the quotas; see the package documentation for the
// algorithm. kept is in input order; drops has one entry for every other record, in
// input order. On error kept and drops are nil; rep still describes the best
// selection found when the token balance is out of reach.
func Balance(recs []record.Record, opt Options) (kept []record.Record, drops []record.Drop, rep Report, err error) {
	b, err := run(recs, opt)
	if err != nil {
		return nil, nil, Report{}, err
	}
	rep = b.report(recs, b.balance(recs, b.initial))
	if !b.inBand() {
		return nil, nil, rep, b.infeasible(recs)
	}
	for i, it := range b.items {
		if b.selected[i] {
			kept = append(kept, recs[it.idx])
			continue
		}
		drops = append(drops, record.Drop{ID: recs[it.idx].ID, Stage: Stage, Reason: record.ReasonTrimmed, Detail: b.detail(i)})
	}
	return kept, drops, rep, nil
}

// run does steps 1–4.
func run(recs []record.Record, opt Options) (*balancer, error) {
	b, err := newBalancer(recs, opt)
	if err != nil {
		return nil, err
	}
	if err := b.count(); err != nil {
		return nil, err
	}
	// Each step is O(n log n), tens of milliseconds for 100K records: checking the
	// stop context between steps keeps a cancel prompt.
	if err := stopped(); err != nil {
		return nil, err
	}
	b.start()
	if err := stopped(); err != nil {
		return nil, err
	}
	b.swap()
	if err := stopped(); err != nil {
		return nil, err
	}
	return b, nil
}

// stopped wraps the stop context's error (see lib.SetContext).
func stopped() error {
	if err := stop.Err(); err != nil {
		return fmt.Errorf("balance: stopped: %w", err)
	}
	return nil
}

func newBalancer(recs []record.Record, opt Options) (*balancer, error) {
	if opt.Quota == nil {
		opt.Quota = DefaultQuota
	}
	for d, q := range opt.Quota {
		if !record.ValidDomain(d) {
			return nil, fmt.Errorf("balance: quota for unknown domain %q (want one of %s)", d, strings.Join(record.Domains, ", "))
		}
		if q < 0 {
			return nil, fmt.Errorf("balance: negative quota %d for domain %s", q, d)
		}
	}
	for s, c := range opt.Caps {
		if c < 0 {
			return nil, fmt.Errorf("balance: negative cap %d for source %s", c, s)
		}
	}
	if opt.TargetEasy == 0 {
		opt.TargetEasy = DefaultTargetEasy
	}
	if opt.Tolerance == 0 {
		opt.Tolerance = DefaultTolerance
	}
	if opt.TargetEasy <= 0 || opt.TargetEasy >= 1 {
		return nil, fmt.Errorf("balance: target easy share %v is not between 0 and 1 (0.60 means 60%%)", opt.TargetEasy)
	}
	if opt.Tolerance < 0 || opt.Tolerance > 1 {
		return nil, fmt.Errorf("balance: tolerance %v is not between 0 and 1 (0.025 means 2.5 points; 1 turns the token balance off)", opt.Tolerance)
	}
	if opt.Existing == nil {
		opt.Existing = func(r record.Record) bool { return r.Source == "existing" }
	}
	b := &balancer{opt: opt, t: opt.TargetEasy, items: make([]item, len(recs))}
	seen := make(map[string]int, len(recs))
	type cellKey struct {
		domain, source string
		existing       bool
	}
	cellOf := map[cellKey]int{}
	for i, r := range recs {
		if field, err := r.Check(); err != nil {
			return nil, fmt.Errorf("balance: record %d (%q): field %s: %w", i+1, r.ID, field, err)
		}
		if j, dup := seen[r.ID]; dup {
			return nil, fmt.Errorf("balance: id %q appears twice (records %d and %d): every record must have its own id", r.ID, j+1, i+1)
		}
		seen[r.ID] = i
		it := item{idx: i, tokens: r.TotalTokens(), hard: r.Difficulty == record.Hard,
			existing: opt.Existing(r), key: recordKey(opt.Seed, saltBalance, r.ID)}
		k := cellKey{r.Domain, r.Source, it.existing}
		c, ok := cellOf[k]
		if !ok {
			c = len(b.cells)
			cellOf[k] = c
			b.cells = append(b.cells, cell{domain: r.Domain, source: r.Source, existing: it.existing})
		}
		it.cell = c
		b.items[i] = it
		b.cells[c].items = append(b.cells[c].items, i)
	}
	// Cells in a fixed order — domains as record.Domains lists them, then source,
	// existing first — so that nothing depends on the order of the input.
	rank := map[string]int{}
	for i, d := range record.Domains {
		rank[d] = i
	}
	order := make([]int, len(b.cells))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(x, y int) bool {
		a, c := b.cells[order[x]], b.cells[order[y]]
		if a.domain != c.domain {
			return rank[a.domain] < rank[c.domain]
		}
		if a.existing != c.existing {
			return a.existing
		}
		return a.source < c.source
	})
	cells := make([]cell, len(order))
	for newIdx, old := range order {
		cells[newIdx] = b.cells[old]
		for _, i := range cells[newIdx].items {
			b.items[i].cell = newIdx
		}
	}
	b.cells = cells
	for c := range b.cells {
		its := b.cells[c].items
		sort.Slice(its, func(x, y int) bool { return b.before(its[x], its[y]) })
		for p, i := range its {
			b.items[i].pos = p
		}
	}
	b.selected = make([]bool, len(recs))
	return b, nil
}

// before is the keep-priority inside a cell: hard records first, then the seeded
// key (ties, which need a hash collision, by input position).
func (b *balancer) before(i, j int) bool {
	a, c := b.items[i], b.items[j]
	if a.hard != c.hard {
		return a.hard
	}
	if a.key != c.key {
		return a.key < c.key
	}
	return a.idx < c.idx
}

// count sets each cell's bound (caps) and count (quotas): steps 1 and 2.
func (b *balancer) count() error {
	bySource := map[string][]int{}
	var sources []string
	for c := range b.cells {
		s := b.cells[c].source
		if bySource[s] == nil {
			sources = append(sources, s)
		}
		bySource[s] = append(bySource[s], c)
		b.cells[c].ub = len(b.cells[c].items)
	}
	for _, s := range sources {
		capN, ok := b.opt.Caps[s]
		if !ok {
			continue
		}
		cs := bySource[s]
		sizes := make([]int, len(cs))
		total := 0
		for i, c := range cs {
			sizes[i] = len(b.cells[c].items)
			total += sizes[i]
		}
		if total <= capN {
			continue
		}
		for i, share := range b.apportion(capN, sizes, cs) {
			b.cells[cs[i]].ub = share
			b.cells[cs[i]].capped = share < sizes[i]
		}
	}
	var short []Shortfall
	for _, d := range b.domains() {
		q := b.opt.Quota[d]
		var ex, pub []int
		sf := Shortfall{Domain: d, Quota: q}
		for c := range b.cells {
			cl := &b.cells[c]
			if cl.domain != d {
				continue
			}
			sf.Records += len(cl.items)
			sf.Available += cl.ub
			sf.Capped += len(cl.items) - cl.ub
			if cl.existing {
				ex = append(ex, c)
				sf.Existing += cl.ub
			} else {
				pub = append(pub, c)
			}
		}
		if sf.Available < q {
			short = append(short, sf)
			continue
		}
		fromExisting := min(sf.Existing, q)
		b.fill(ex, fromExisting)
		b.fill(pub, q-fromExisting)
	}
	for d, q := range b.opt.Quota {
		if q > 0 && !b.hasDomain(d) {
			short = append(short, Shortfall{Domain: d, Quota: q})
		}
	}
	if len(short) > 0 {
		sort.Slice(short, func(i, j int) bool { return domainRank(short[i].Domain) < domainRank(short[j].Domain) })
		return &QuotaError{Short: short}
	}
	return nil
}

// fill gives n records to cells in proportion to their bounds.
func (b *balancer) fill(cells []int, n int) {
	sizes := make([]int, len(cells))
	for i, c := range cells {
		sizes[i] = b.cells[c].ub
	}
	for i, k := range b.apportion(n, sizes, cells) {
		b.cells[cells[i]].take = k
	}
}

// apportion splits n (≤ Σ sizes) over cells in proportion to sizes by the
// largest-remainder (Hamilton) method: each gets the floor of its exact share, and
// the seats left go to the largest remainders, ties broken by a seeded hash of the
// cell's name. No part exceeds its size, because an exact share never does.
func (b *balancer) apportion(n int, sizes []int, cells []int) []int {
	return hamilton(n, sizes, func(i int) uint64 {
		c := b.cells[cells[i]]
		return recordKey(b.opt.Seed, saltApportion, c.domain+"\x00"+c.source)
	})
}

// start selects each cell's first take records (hard first, then by key): step 3.
func (b *balancer) start() {
	for c := range b.cells {
		cl := b.cells[c]
		for _, i := range cl.items[:cl.take] {
			b.selected[i] = true
			if b.items[i].hard {
				b.hard += b.items[i].tokens
			} else {
				b.easy += b.items[i].tokens
			}
		}
	}
	b.initial = append([]bool(nil), b.selected...)
}

// share is the easy share of the kept records' tokens (0 when they have none).
func (b *balancer) share() float64 {
	if b.easy+b.hard == 0 {
		return 0
	}
	return float64(b.easy) / float64(b.easy+b.hard)
}

// f is Σw over kept records: 0 on target, positive when easy tokens are too many.
func (b *balancer) f() float64 { return (1-b.t)*float64(b.easy) - b.t*float64(b.hard) }

func (b *balancer) w(i int) float64 {
	if b.items[i].hard {
		return -b.t * float64(b.items[i].tokens)
	}
	return (1 - b.t) * float64(b.items[i].tokens)
}

func (b *balancer) done() bool {
	return b.easy+b.hard > 0 && math.Abs(b.share()-b.t) <= closeEnough
}

// inBand: an empty selection has nothing to balance, and Tolerance 1 turns the
// constraint off.
func (b *balancer) inBand() bool {
	return b.easy+b.hard == 0 || b.opt.Tolerance >= 1 || math.Abs(b.share()-b.t) <= b.opt.Tolerance+1e-12
}

// swap runs phase A (within difficulty) and, if the band is still out of reach,
// phase B (across difficulties): step 4.
func (b *balancer) swap() {
	if b.easy+b.hard == 0 || b.opt.Tolerance >= 1 {
		return
	}
	b.descend(b.groups(true), false)
	if !b.inBand() {
		b.descend(b.groups(false), true)
	}
}

// groups lists the swap groups: each cell's records, split by difficulty when
// byDifficulty. Groups with nothing to swap (all kept or none kept) are left out.
func (b *balancer) groups(byDifficulty bool) [][]int {
	var out [][]int
	for _, cl := range b.cells {
		if cl.take == 0 || cl.take == len(cl.items) {
			continue
		}
		if !byDifficulty {
			out = append(out, cl.items)
			continue
		}
		var hard, easy []int
		for _, i := range cl.items {
			if b.items[i].hard {
				hard = append(hard, i)
			} else {
				easy = append(easy, i)
			}
		}
		out = append(out, hard, easy)
	}
	return out
}

// descend is the greedy largest-first descent of f toward 0 over the groups,
// followed by the fine step.
func (b *balancer) descend(groups [][]int, across bool) {
	if b.done() {
		return
	}
	f := b.f()
	down := f > 0 // remove heavy, add light
	h := &swapHeap{}
	type pairs struct{ kept, dropped []int }
	var ps []pairs
	for _, g := range groups {
		var kept, dropped []int
		for _, i := range g {
			if b.selected[i] {
				kept = append(kept, i)
			} else {
				dropped = append(dropped, i)
			}
		}
		if len(kept) == 0 || len(dropped) == 0 {
			continue
		}
		// kept: the record to give up first comes first; dropped: the one to take.
		b.sortByW(kept, down)
		b.sortByW(dropped, !down)
		ps = append(ps, pairs{kept, dropped})
		gi := len(ps) - 1
		h.items = append(h.items, swapCand{group: gi, delta: b.w(dropped[0]) - b.w(kept[0])})
	}
	heap.Init(h)
	next := make([]int, len(ps))
	for h.Len() > 0 && !b.done() {
		c := heap.Pop(h).(swapCand)
		f = b.f()
		if c.delta == 0 || (c.delta > 0) == (f > 0) || math.Abs(c.delta) > math.Abs(f) {
			continue // no help, or it would overshoot: the fine step handles it
		}
		p := ps[c.group]
		k := next[c.group]
		b.apply(p.kept[k], p.dropped[k], across)
		next[c.group]++
		if k+1 < len(p.kept) && k+1 < len(p.dropped) {
			heap.Push(h, swapCand{group: c.group, delta: b.w(p.dropped[k+1]) - b.w(p.kept[k+1])})
		}
	}
	for round := 0; round < fineRounds && !b.done(); round++ {
		if !b.fine(groups, across) {
			break
		}
	}
}

// sortByW orders indices by weight, descending if desc, ties by key.
func (b *balancer) sortByW(idx []int, desc bool) {
	sort.Slice(idx, func(x, y int) bool {
		wx, wy := b.w(idx[x]), b.w(idx[y])
		if wx != wy {
			return (wx > wy) == desc
		}
		return b.before(idx[x], idx[y])
	})
}

// fine applies the single swap that brings f closest to 0, if it improves f: for
// every kept record of a group, a binary search among the group's dropped records
// for the weight w − f.
func (b *balancer) fine(groups [][]int, across bool) bool {
	f := b.f()
	best, bestOut, bestIn := math.Abs(f), -1, -1
	for _, g := range groups {
		var kept, dropped []int
		for _, i := range g {
			if b.selected[i] {
				kept = append(kept, i)
			} else {
				dropped = append(dropped, i)
			}
		}
		if len(kept) == 0 || len(dropped) == 0 {
			continue
		}
		b.sortByW(dropped, false)
		ws := make([]float64, len(dropped))
		for k, i := range dropped {
			ws[k] = b.w(i)
		}
		for _, out := range kept {
			want := b.w(out) - f
			k := sort.SearchFloat64s(ws, want)
			for _, j := range []int{k - 1, k} {
				if j < 0 || j >= len(ws) {
					continue
				}
				if r := math.Abs(f + ws[j] - b.w(out)); r < best {
					best, bestOut, bestIn = r, out, dropped[j]
				}
			}
		}
	}
	if bestOut < 0 {
		return false
	}
	b.apply(bestOut, bestIn, across)
	return true
}

func (b *balancer) apply(out, in int, across bool) {
	b.selected[out], b.selected[in] = false, true
	for _, x := range []struct {
		i    int
		sign int
	}{{out, -1}, {in, 1}} {
		if b.items[x.i].hard {
			b.hard += x.sign * b.items[x.i].tokens
		} else {
			b.easy += x.sign * b.items[x.i].tokens
		}
	}
	b.swaps++
	if across && b.items[out].hard != b.items[in].hard {
		b.across++
	}
}

// detail says why item i was not kept: swapped out of the start, beyond its
// cell's share of the cap in priority order, or else beyond the quota.
func (b *balancer) detail(i int) string {
	if b.initial[i] {
		return "token balance"
	}
	cl := b.cells[b.items[i].cell]
	if cl.capped && b.items[i].pos >= cl.ub {
		return fmt.Sprintf("cap %s %d", cl.source, b.opt.Caps[cl.source])
	}
	return fmt.Sprintf("quota %s %d", cl.domain, b.opt.Quota[cl.domain])
}

// domains lists the domains present in the cells, in record.Domains order.
func (b *balancer) domains() []string {
	var out []string
	for _, c := range b.cells {
		if len(out) == 0 || out[len(out)-1] != c.domain {
			out = append(out, c.domain)
		}
	}
	return out
}

func (b *balancer) hasDomain(d string) bool {
	for _, c := range b.cells {
		if c.domain == d {
			return true
		}
	}
	return false
}

func domainRank(d string) int {
	for i, x := range record.Domains {
		if x == d {
			return i
		}
	}
	return len(record.Domains)
}

// balance measures the token balance of the records marked in sel (all when nil).
func (b *balancer) balance(recs []record.Record, sel []bool) TokenBalance {
	var tb TokenBalance
	for i, it := range b.items {
		if sel != nil && !sel[i] {
			continue
		}
		tb.Records++
		if it.hard {
			tb.HardTokens += it.tokens
		} else {
			tb.EasyTokens += it.tokens
		}
	}
	if t := tb.EasyTokens + tb.HardTokens; t > 0 {
		tb.EasyShare = 100 * float64(tb.EasyTokens) / float64(t)
	}
	return tb
}

func (b *balancer) report(recs []record.Record, initial TokenBalance) Report {
	rep := Report{Seed: b.opt.Seed, Target: 100 * b.t, Tolerance: 100 * b.opt.Tolerance,
		Before: b.balance(recs, nil), Initial: initial, After: b.balance(recs, b.selected),
		Swaps: b.swaps, SwapsAcross: b.across}
	doms := map[string]*DomainCount{}
	srcs := map[string]*SourceCount{}
	for i, it := range b.items {
		cl := b.cells[it.cell]
		d := doms[cl.domain]
		if d == nil {
			d = &DomainCount{Domain: cl.domain, Quota: b.opt.Quota[cl.domain]}
			doms[cl.domain] = d
		}
		s := srcs[cl.source]
		if s == nil {
			s = &SourceCount{Source: cl.source, Cap: -1}
			if c, ok := b.opt.Caps[cl.source]; ok {
				s.Cap = c
			}
			srcs[cl.source] = s
		}
		d.Before++
		s.Before++
		if it.hard {
			s.HardBefore++
		}
		if !b.selected[i] {
			continue
		}
		d.After++
		s.After++
		s.Tokens += it.tokens
		if it.existing {
			d.Existing++
		}
		if it.hard {
			d.Hard++
			d.HardTokens += it.tokens
			s.HardAfter++
		} else {
			d.EasyTokens += it.tokens
		}
	}
	for _, d := range record.Domains {
		if dc := doms[d]; dc != nil {
			rep.Domains = append(rep.Domains, *dc)
		} else if q := b.opt.Quota[d]; q > 0 {
			rep.Domains = append(rep.Domains, DomainCount{Domain: d, Quota: q})
		}
	}
	var names []string
	for s := range srcs {
		names = append(names, s)
	}
	sort.Strings(names)
	for _, s := range names {
		rep.Sources = append(rep.Sources, *srcs[s])
	}
	return rep
}

// String renders the report as text tables.
func (rep Report) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "token balance (easy/hard, target %.1f ± %.1f): input %s; start %s; kept %s; %d swaps (%d across difficulties)\n",
		rep.Target, rep.Tolerance, rep.Before, rep.Initial, rep.After, rep.Swaps, rep.SwapsAcross)
	fmt.Fprintf(&sb, "%-14s %7s %7s %7s %8s %6s\n", "domain", "quota", "before", "after", "existing", "hard")
	for _, d := range rep.Domains {
		fmt.Fprintf(&sb, "%-14s %7d %7d %7d %8d %6d\n", d.Domain, d.Quota, d.Before, d.After, d.Existing, d.Hard)
	}
	fmt.Fprintf(&sb, "%-22s %6s %7s %7s %10s %10s\n", "source", "cap", "before", "after", "hard after", "tokens")
	for _, s := range rep.Sources {
		c := "-"
		if s.Cap >= 0 {
			c = fmt.Sprint(s.Cap)
		}
		fmt.Fprintf(&sb, "%-22s %6s %7d %7d %10d %10d\n", s.Source, c, s.Before, s.After, s.HardAfter, s.Tokens)
	}
	return sb.String()
}

// Shortfall is a domain with fewer records than its quota.
type Shortfall struct {
	Domain    string `json:"domain"`
	Quota     int    `json:"quota"`
	Records   int    `json:"records"`   // records of the domain in the input
	Available int    `json:"available"` // of which the caps allow
	Existing  int    `json:"existing"`  // existing records among the available
	Capped    int    `json:"capped"`    // records the caps withhold
}

// QuotaError is returned when a domain has fewer records than its quota.
type QuotaError struct{ Short []Shortfall }

// ErrQuota is matched by errors.Is for a *QuotaError.
var ErrQuota = errors.New("quota cannot be met")

func (e *QuotaError) Is(target error) bool { return target == ErrQuota }

func (e *QuotaError) Error() string {
	var parts []string
	for _, s := range e.Short {
		msg := fmt.Sprintf("domain %s has %s records available (%s existing + %s public), %s short of its quota %s",
			s.Domain, thousands(s.Available), thousands(s.Existing), thousands(s.Available-s.Existing), thousands(s.Quota-s.Available), thousands(s.Quota))
		if s.Capped > 0 {
			msg += fmt.Sprintf("; the caps withhold %s", thousands(s.Capped))
			if s.Records >= s.Quota {
				msg += " — raise them"
			}
		}
		parts = append(parts, msg)
	}
	return "balance: " + strings.Join(parts, "; ") + " (lower the quota, add records, or raise caps)"
}

// thousands formats n with comma separators: 1234567 → "1,234,567".
func thousands(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

// swapCand is the next swap a group offers.
type swapCand struct {
	group int
	delta float64 // change of f
}

// swapHeap is a max-heap on |delta|, ties to the lower group for determinism.
type swapHeap struct{ items []swapCand }

func (h *swapHeap) Len() int { return len(h.items) }
func (h *swapHeap) Less(i, j int) bool {
	a, c := math.Abs(h.items[i].delta), math.Abs(h.items[j].delta)
	if a != c {
		return a > c
	}
	return h.items[i].group < h.items[j].group
}
func (h *swapHeap) Swap(i, j int) { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *swapHeap) Push(x any)    { h.items = append(h.items, x.(swapCand)) }
func (h *swapHeap) Pop() any {
	x := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return x
}
