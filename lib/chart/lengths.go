package chart

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"

	"qmix/lib/record"
)

// binsPerDecade sets the histogram resolution on the log axis: twenty bins per
// factor of ten resolve a domain whose lengths vary threefold (half a decade)
// into ten bars, and stay coarse enough that a domain of a few thousand records
// has few ragged empty bins.
const binsPerDecade = 20

// LengthHistograms draws one histogram of token lengths per domain (small
// multiples, two rows of four), on a shared log x axis and a shared y axis in
// percent of the domain's records, so that tiles compare at a glance. A dashed
// line marks each domain's median. Lengths below 1 are drawn as 1 (a log axis has
// no 0). Keys of lengths are domains; record.Domains come first in plan order.
func LengthHistograms(lengths map[string][]float64) (*Chart, error) {
	var domains []string
	for _, d := range record.Domains {
		if _, ok := lengths[d]; ok {
			domains = append(domains, d)
		}
	}
	var extra []string
	for d := range lengths {
		if !record.ValidDomain(d) {
			extra = append(extra, d)
		}
	}
	sort.Strings(extra)
	domains = append(domains, extra...)
	if len(domains) == 0 {
		return nil, fmt.Errorf("chart: length histograms: no domains")
	}

	// One log-spaced set of bin edges for every tile.
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, d := range domains {
		for _, v := range lengths[d] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("chart: length histograms: domain %s: length %v", d, v)
			}
			v = math.Max(v, 1)
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if math.IsInf(lo, 1) { // no lengths at all
		lo, hi = 1, 10
	}
	lo, hi = roundDown125(lo), roundUp125(hi)
	if hi <= lo {
		hi = roundUp125(lo * 1.01)
	}
	nb := int(math.Ceil(math.Log10(hi/lo)*binsPerDecade - 1e-9))
	edges := make([]float64, nb+1)
	floats.LogSpan(edges, lo, hi)
	edges[0], edges[nb] = lo, hi // exact, so the extremes are inside

	type tile struct {
		pcts   []float64
		n      int
		median float64
	}
	tiles := make([]tile, len(domains))
	top := 0.0
	for i, d := range domains {
		v := make([]float64, len(lengths[d]))
		for j, x := range lengths[d] {
			v[j] = math.Max(x, 1)
		}
		sort.Float64s(v)
		counts := make([]float64, len(edges)-1)
		stat.Histogram(counts, edges, v, nil)
		if len(v) > 0 {
			floats.Scale(100/float64(len(v)), counts)
			tiles[i].median = stat.Quantile(0.5, stat.Empirical, v, nil)
		}
		tiles[i].pcts, tiles[i].n = counts, len(v)
		top = math.Max(top, floats.Max(counts))
	}
	if top == 0 {
		top = 1
	}

	// Two wide columns rather than four narrow ones: a log axis over several
	// decades needs width for its bins more than a histogram needs height.
	cols := 2
	if len(domains) < cols {
		cols = len(domains)
	}
	rows := (len(domains) + cols - 1) / cols
	grid := make([][]*plot.Plot, rows)
	for r := range grid {
		grid[r] = make([]*plot.Plot, cols)
	}
	// plot.Align needs a plot in every cell: pad the last row with blank ones.
	for i := len(domains); i < rows*cols; i++ {
		p := plot.New()
		p.HideAxes()
		grid[i/cols][i%cols] = p
	}
	for i, d := range domains {
		r, c := i/cols, i%cols
		p := newPlot("", "")
		addGrid(p, true, false)
		t := tiles[i]
		b := newBars(labelNone)
		b.outline.Width = 0.5
		for j, v := range t.pcts {
			if v > 0 {
				b.add(edges[j], edges[j+1], 0, v, DomainColor(d), "")
			}
		}
		p.Add(b)
		title := d + "  (no records)"
		if t.n > 0 {
			p.Add(&guide{at: t.median, vertical: true, line: dashed(GuideColor, 1.2),
				label: "median " + Thousands(int(t.median)), text: style(valueSize, GuideColor)})
			title = fmt.Sprintf("%s  (n = %s)", d, Thousands(t.n))
		}
		p.Title.Text = title
		p.Title.TextStyle = boldStyle(tileSize)
		p.Title.TextStyle.XAlign, p.Title.TextStyle.YAlign = draw.XCenter, draw.YTop
		p.Title.Padding = 2
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = logTicks{}
		p.X.Min, p.X.Max = edges[0], edges[len(edges)-1]
		p.Y.Min, p.Y.Max = 0, top*1.12 // room for the median label
		p.Y.Tick.Marker = percentTicks{}
		grid[r][c] = p
	}
	return &Chart{Title: "Token length per domain (question + answer)", plots: grid,
		xLabel: "tokens (log scale)", yLabel: "% of the domain's records"}, nil
}

// roundDown125 returns the largest 1, 2 or 5 times a power of ten that is ≤ v
// (v > 0): axis ends on round numbers.
func roundDown125(v float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{5, 2, 1} {
		if m*p <= v*(1+1e-12) {
			return m * p
		}
	}
	return p
}

// roundUp125 returns the smallest 1, 2 or 5 times a power of ten that is ≥ v.
func roundUp125(v float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v*(1-1e-12) {
			return m * p
		}
	}
	return 10 * p
}
