package chart

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/plot"
)

// Similarity draws a histogram of near-duplicate similarities (estimated Jaccard,
// bins 0.01 wide) with the dedup threshold marked: pairs at or above it, which
// deduplication drops, in a dark colour; pairs below it, which it keeps, light.
// sims may be the similarities of the near-duplicate drops (stats.Similarities),
// or of every candidate pair deduplication verified (dedup's Similarities), which
// shows where the threshold cuts the distribution. Bin edges fall on the
// threshold, and the axis starts at least 0.1 below it; no similarities draw an
// empty plot, which is an answer too.
func Similarity(sims []float64, threshold float64) (*Chart, error) {
	if !(threshold > 0 && threshold <= 1) {
		return nil, fmt.Errorf("chart: similarity: threshold %v is not in (0, 1]", threshold)
	}
	lo := threshold - 0.1
	for _, s := range sims {
		if !(s >= 0 && s <= 1) {
			return nil, fmt.Errorf("chart: similarity: %v is not in [0, 1]", s)
		}
		lo = math.Min(lo, s)
	}
	edges, counts, below := similarityBins(sims, threshold, lo)
	last := len(edges) - 1

	// Candidate pairs can outnumber the dropped ones a thousand to one; on a
	// linear axis the bars that matter would vanish. When the tallest bin is more
	// than 50 times the tallest bin at or above the threshold, the y axis is
	// logarithmic and bars rise from 0.8, under the first tick (1).
	top, topDropped := 1.0, 0.0
	for i, c := range counts {
		top = math.Max(top, c)
		if i >= below {
			topDropped = math.Max(topDropped, c)
		}
	}
	logY := topDropped > 0 && top > 50*topDropped
	yLabel, base := "record pairs", 0.0
	if logY {
		yLabel, base = "record pairs (log scale)", 0.8
	}
	p := newPlot("estimated Jaccard similarity", yLabel)
	addGrid(p, true, false)
	b := newBars(labelNone)
	b.outline.Width = 0.5
	kept := Mix(NeutralColor, white, 0.55)
	anyKept := false
	for i, c := range counts {
		if c == 0 {
			continue
		}
		fill := color.Color(NeutralColor)
		if i < below {
			fill, anyKept = kept, true
		}
		b.add(edges[i], edges[i+1], base, c, fill, "")
	}
	p.Add(b)
	g := &guide{at: threshold, vertical: true, line: dashed(AlertColor, 2),
		label: "threshold " + strconv.FormatFloat(threshold, 'f', -1, 64), text: style(valueSize+1, AlertColor)}
	p.Add(g)
	p.X.Min, p.X.Max = edges[0], edges[last]
	p.X.Tick.Marker = fracTicks{}
	if logY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks{}
		p.Y.Min, p.Y.Max = base, roundUp125(top*1.5)
	} else {
		p.Y.Tick.Marker = countTicks{}
		p.Y.Min, p.Y.Max = 0, top*1.1
	}
	l := newLegend()
	l.Add("at or above: dropped", swatch{NeutralColor})
	if anyKept {
		l.Add("below: kept", swatch{kept})
	}
	l.Add("threshold", g)
	c := single(p, "Near-duplicate similarity", l)
	if logY {
		// gonum/plot places a centred axis label by the linear midpoint of the
		// range, which on a log axis is near the top, and pads the plot for it;
		// the chart draws this label itself.
		c.yLabel, p.Y.Label.Text = p.Y.Label.Text, ""
	}
	return c, nil
}

// similarityBins bins sims into 0.01-wide bins whose edges fall on the threshold,
// from lo (rounded down to the grid) to 1 or just above; below is the number of
// bins under the threshold. The last bin is closed, so it holds similarity 1.
func similarityBins(sims []float64, threshold, lo float64) (edges, counts []float64, below int) {
	const width = 0.01
	below = int(math.Ceil((threshold-math.Max(lo, 0))/width - 1e-9))
	above := max(1, int(math.Ceil((1-threshold)/width-1e-9)))
	edges = make([]float64, below+above+1)
	floats.Span(edges[:below+1], threshold-float64(below)*width, threshold)
	floats.Span(edges[below:], threshold, threshold+float64(above)*width)
	// Round edges to the nearest float of their decimal value: a similarity such
	// as 0.84 (21/25) must fall in the bin that starts at 0.84, not below an edge
	// computed as 0.8400000000000001.
	for i, e := range edges {
		edges[i] = math.Round(e*1e12) / 1e12
	}
	last := len(edges) - 1
	counts = make([]float64, last)
	if len(sims) > 0 {
		v := append([]float64(nil), sims...)
		sort.Float64s(v)
		// stat.Histogram bins are half-open; widen the last edge by one ulp so that
		// the last bin is closed and holds similarity 1.
		count := append([]float64(nil), edges...)
		count[last] = math.Nextafter(math.Max(1, edges[last]), 2)
		stat.Histogram(counts, count, v, nil)
	}
	return edges, counts, below
}
