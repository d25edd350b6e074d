package balance

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"qmix/lib/label"
	"qmix/lib/record"
)

// ErrTokenBalance is matched by errors.Is for an *InfeasibleError.
var ErrTokenBalance = errors.New("token balance cannot be met")

// InfeasibleError is returned when no selection with the quotas' and caps' counts
// reaches the token balance. Best is the closest selection found; each Lever says
// what change alone would reach the band (or how far it gets), with numbers. The
// relabel lever is checked: it bisects on label.Options.HardAbove, balancing again
// at each step (about 12 balances, a second at plan scale, on the error path only).
// The quotas and caps levers are estimates from the final selection: they keep each
// cell's most useful records and do not re-run the swaps.
type InfeasibleError struct {
	Best      TokenBalance
	Target    float64 // percent
	Tolerance float64 // points
	Levers    []Lever
}

// Lever is one way to reach the token balance.
type Lever struct {
	Name   string `json:"name"` // relabel, quotas, caps, tolerance
	Advice string `json:"advice"`
}

func (e *InfeasibleError) Is(target error) bool { return target == ErrTokenBalance }

func (e *InfeasibleError) Error() string {
	var sb strings.Builder
	side, edge := "above", e.Target+e.Tolerance
	if e.Best.EasyShare < e.Target {
		side, edge = "below", e.Target-e.Tolerance
	}
	fmt.Fprintf(&sb, "balance: the token balance cannot reach %.1f/%.1f ± %.1f: the best achievable with these quotas and caps is %s, %.1f points %s the band's edge %.1f. Levers, each on its own:",
		e.Target, 100-e.Target, e.Tolerance, e.Best, math.Abs(e.Best.EasyShare-edge), side, edge)
	for _, l := range e.Levers {
		fmt.Fprintf(&sb, "\n  - %s: %s", l.Name, l.Advice)
	}
	return sb.String()
}

// infeasible builds the error from the balancer's final, extreme state.
func (b *balancer) infeasible(recs []record.Record) error {
	best := b.balance(recs, b.selected)
	e := &InfeasibleError{Best: best, Target: 100 * b.t, Tolerance: 100 * b.opt.Tolerance}
	tooEasy := b.share() > b.t
	edge := b.t - b.opt.Tolerance
	if tooEasy {
		edge = b.t + b.opt.Tolerance
	}
	e.Levers = append(e.Levers, b.relabelLever(recs, tooEasy, edge))
	if l, ok := b.quotaLever(tooEasy, edge); ok {
		e.Levers = append(e.Levers, l)
	}
	if l, ok := b.capsLever(tooEasy, edge); ok {
		e.Levers = append(e.Levers, l)
	}
	e.Levers = append(e.Levers, Lever{Name: "tolerance", Advice: fmt.Sprintf("Tolerance %.3f (%.1f points) would accept %.1f",
		math.Ceil(1000*math.Abs(b.share()-b.t))/1000, math.Ceil(10*100*math.Abs(b.share()-b.t))/10, best.EasyShare)})
	return e
}

func pct(x float64) string { return fmt.Sprintf("%.1f", 100*x) }

func shareOf(easy, hard int) float64 {
	if easy+hard == 0 {
		return 0
	}
	return float64(easy) / float64(easy+hard)
}

// relabelLever: too many easy tokens → how many kept public easy tokens must turn
// hard, and the label threshold that does it; too few → what undoing relabelling
// would give back.
func (b *balancer) relabelLever(recs []record.Record, tooEasy bool, edge float64) Lever {
	total := b.easy + b.hard
	if !tooEasy {
		n, tok := 0, 0
		for i, it := range b.items {
			if b.selected[i] && it.hard && recs[it.idx].Meta["relabelled"] == true {
				n++
				tok += it.tokens
			}
		}
		if n == 0 {
			return Lever{Name: "relabel", Advice: "cannot help: relabelling only turns easy records hard, which lowers the easy share further"}
		}
		return Lever{Name: "relabel", Advice: fmt.Sprintf("%s kept records were relabelled hard (%s tokens); keeping them easy (a higher label.Options.HardAbove) gives %s",
			thousands(n), thousands(tok), pct(shareOf(b.easy+tok, b.hard-tok)))}
	}
	needEdge := int(math.Ceil(float64(b.easy) - edge*float64(total)))
	needTarget := int(math.Ceil(float64(b.easy) - b.t*float64(total)))
	head := fmt.Sprintf("the kept public easy records would have to lose %s tokens to hard (%s for %s)", thousands(needEdge), thousands(needTarget), pct(b.t))
	h, n, tok, share, ok := b.relabelThreshold(recs)
	if !ok {
		return Lever{Name: "relabel", Advice: fmt.Sprintf("%s — not enough even with every public easy record relabelled hard (best %s)", head, pct(share))}
	}
	return Lever{Name: "relabel", Advice: fmt.Sprintf("%s: label.Options{HardAbove: %.3f} relabels %s public records (%s tokens) and the balance then reaches %s (checked by balancing again)",
		head, h, thousands(n), thousands(tok), pct(share))}
}

// relabelBisections gives the relabel threshold to 1/2^10 ≈ 0.001, the precision
// at which it is printed.
const relabelBisections = 10

// relabelThreshold finds, by bisection, the highest label threshold at which
// relabelling the public easy records (those not Existing) scoring above it brings
// the easy share down to the band's upper edge — balancing again at each step, since
// relabelled records change which records are kept (hard first). The share falls
// as the threshold falls, so the predicate is monotone. It reports the threshold,
// how many records and tokens it relabels, and the share reached; ok is false when
// even threshold 0 does not reach the band (share is then the share at 0).
func (b *balancer) relabelThreshold(recs []record.Record) (h float64, n, tok int, share float64, ok bool) {
	scores := make([]float64, len(recs))
	for i, it := range b.items {
		scores[i] = -1
		if !it.hard && !it.existing {
			scores[i] = label.Score(recs[it.idx])
		}
	}
	opt := b.opt
	try := func(h float64) (float64, bool, int, int) {
		rel := make([]record.Record, len(recs))
		copy(rel, recs)
		n, tok := 0, 0
		for i, sc := range scores {
			if sc > h {
				rel[i].Difficulty = record.Hard
				n++
				tok += b.items[i].tokens
			}
		}
		c, err := run(rel, opt)
		if err != nil {
			return 1, false, n, tok
		}
		return c.share(), c.inBand(), n, tok
	}
	upper := b.t + b.opt.Tolerance
	if s0, _, _, _ := try(0); s0 > upper {
		return 0, 0, 0, s0, false
	}
	lo, hi := 0.0, 1.0 // share(lo) ≤ upper < share(hi)
	for range relabelBisections {
		mid := (lo + hi) / 2
		if s, _, _, _ := try(mid); s <= upper {
			lo = mid
		} else {
			hi = mid
		}
	}
	h = math.Floor(lo*1000) / 1000
	share, ok, n, tok = try(h)
	if !ok && h != lo { // rounding down relabels more; if that overshoots, keep lo
		h = lo
		share, ok, n, tok = try(h)
	}
	return h, n, tok, share, ok
}

// helpful orders indices so that the record whose removal helps most comes first:
// heaviest easy records when the share is too high, heaviest hard ones when too low.
func (b *balancer) helpfulFirst(idx []int, tooEasy bool) {
	b.sortByW(idx, tooEasy)
}

// domainCells returns the public cells of domain d that keep records.
func (b *balancer) publicCells(d string) []int {
	var out []int
	for c, cl := range b.cells {
		if cl.domain == d && !cl.existing {
			out = append(out, c)
		}
	}
	return out
}

// withoutPublic simulates lowering domain d's public records from their count now
// to keep (kept proportionally across its cells, each cell keeping its most useful
// records): the token totals of the whole selection afterwards.
func (b *balancer) withoutPublic(d string, keep int, tooEasy bool) (easy, hard int) {
	easy, hard = b.easy, b.hard
	cells := b.publicCells(d)
	kept := make([][]int, len(cells))
	sizes := make([]int, len(cells))
	for k, c := range cells {
		for _, i := range b.cells[c].items {
			if b.selected[i] {
				kept[k] = append(kept[k], i)
			}
		}
		sizes[k] = len(kept[k])
	}
	takes := b.apportion(keep, sizes, cells)
	for k := range cells {
		b.helpfulFirst(kept[k], tooEasy) // the first records are removed first
		for _, i := range kept[k][:sizes[k]-takes[k]] {
			if b.items[i].hard {
				hard -= b.items[i].tokens
			} else {
				easy -= b.items[i].tokens
			}
		}
	}
	return easy, hard
}

func reaches(s, edge float64, tooEasy bool) bool {
	if tooEasy {
		return s <= edge+1e-12
	}
	return s >= edge-1e-12
}

// quotaLever: for each domain with public records, the lower quota that alone
// reaches the band (found by bisection on the simulated share), or the share with
// the domain's public records all gone.
func (b *balancer) quotaLever(tooEasy bool, edge float64) (Lever, bool) {
	type option struct {
		domain       string
		quota, lower int
		share        float64
		ok           bool
	}
	var opts []option
	for _, d := range b.domains() {
		pub := 0
		for _, c := range b.publicCells(d) {
			pub += b.cells[c].take
		}
		if pub == 0 {
			continue
		}
		q := b.opt.Quota[d]
		e0, h0 := b.withoutPublic(d, 0, tooEasy)
		s0 := shareOf(e0, h0)
		if !reaches(s0, edge, tooEasy) {
			if math.Abs(s0-b.t) < math.Abs(b.share()-b.t) {
				opts = append(opts, option{domain: d, quota: q, lower: q - pub, share: s0})
			}
			continue
		}
		lo, hi := 0, pub // remove hi records: reaches; remove lo: does not
		for hi-lo > 1 {
			mid := (lo + hi) / 2
			if reaches(shareOf(b.withoutPublic(d, pub-mid, tooEasy)), edge, tooEasy) {
				hi = mid
			} else {
				lo = mid
			}
		}
		opts = append(opts, option{domain: d, quota: q, lower: q - hi, share: shareOf(b.withoutPublic(d, pub-hi, tooEasy)), ok: true})
	}
	if len(opts) == 0 {
		return Lever{}, false
	}
	sort.SliceStable(opts, func(i, j int) bool {
		if opts[i].ok != opts[j].ok {
			return opts[i].ok
		}
		if opts[i].ok {
			return opts[i].quota-opts[i].lower < opts[j].quota-opts[j].lower
		}
		return math.Abs(opts[i].share-b.t) < math.Abs(opts[j].share-b.t)
	})
	var parts []string
	for k, o := range opts {
		if k == 3 {
			break
		}
		if o.ok {
			parts = append(parts, fmt.Sprintf("%s %s → %s gives %s", o.domain, thousands(o.quota), thousands(o.lower), pct(o.share)))
		} else {
			parts = append(parts, fmt.Sprintf("%s %s → %s (no public records) gives only %s", o.domain, thousands(o.quota), thousands(o.lower), pct(o.share)))
		}
	}
	return Lever{Name: "quotas", Advice: strings.Join(parts, "; ")}, true
}

// capsLever: fill each domain's public gap from its most useful records whatever
// their source (within the caps), and name the caps that would steer the mix there.
func (b *balancer) capsLever(tooEasy bool, edge float64) (Lever, bool) {
	easy, hard := 0, 0
	count := map[string]int{}  // per source, in the mix-free selection
	before := map[string]int{} // per source, now
	for i, it := range b.items {
		if b.selected[i] && it.existing {
			if it.hard {
				hard += it.tokens
			} else {
				easy += it.tokens
			}
		}
	}
	for _, d := range b.domains() {
		cells := b.publicCells(d)
		var pool []int
		gap := 0
		for _, c := range cells {
			cl := b.cells[c]
			gap += cl.take
			before[cl.source] += cl.take
			// Within a cell the most useful records come first; a capped cell can
			// give at most its bound.
			idx := append([]int(nil), cl.items...)
			b.sortByW(idx, !tooEasy)
			pool = append(pool, idx[:cl.ub]...)
		}
		b.sortByW(pool, !tooEasy)
		for _, i := range pool[:gap] {
			it := b.items[i]
			count[b.cells[it.cell].source]++
			if it.hard {
				hard += it.tokens
			} else {
				easy += it.tokens
			}
		}
	}
	s := shareOf(easy, hard)
	if math.Abs(s-b.t) >= math.Abs(b.share()-b.t) {
		return Lever{}, false
	}
	type capN struct {
		source string
		n, was int
	}
	var caps []capN
	for src, was := range before {
		if n := count[src]; n < was {
			caps = append(caps, capN{src, n, was})
		}
	}
	sort.Slice(caps, func(i, j int) bool {
		if di, dj := caps[i].was-caps[i].n, caps[j].was-caps[j].n; di != dj {
			return di > dj
		}
		return caps[i].source < caps[j].source
	})
	var parts []string
	for k, c := range caps {
		if k == 6 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, fmt.Sprintf("%s %s (now %s)", c.source, thousands(c.n), thousands(c.was)))
	}
	verb := "reaches"
	if !reaches(s, edge, tooEasy) {
		verb = "gets to"
	}
	which := "hard public records first, then its shortest easy ones,"
	if !tooEasy {
		which = "longest easy public records first, then its shortest hard ones,"
	}
	return Lever{Name: "caps", Advice: fmt.Sprintf("filling each domain's gap with its %s whatever their source %s %s; caps that steer the mix there: %s",
		which, verb, pct(s), strings.Join(parts, ", "))}, true
}
