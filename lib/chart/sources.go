package chart

import (
	"gonum.org/v1/plot/vg"

	"qmix/lib/stats"
)

// Existing is the source name of the existing set, drawn grey in every domain.
const Existing = "existing"

// SourceMix draws the source composition of each domain as horizontal stacked
// bars: the existing set first in grey, then each public source in a shade of the
// domain's colour, labelled inside its segment where the name fits and always in
// the legend. Domains read top to bottom in plan order.
func SourceMix(counts stats.SourceCounts) (*Chart, error) {
	var domains []string
	seen := map[string]bool{}
	for _, c := range counts {
		if !seen[c.Domain] {
			seen[c.Domain] = true
			domains = append(domains, c.Domain)
		}
	}
	p := newPlot("records", "")
	addGrid(p, false, true)
	b := newBars(labelInside)
	l := newLegend()
	for _, c := range counts {
		if c.Source == Existing {
			l.Add(Existing+" (all domains)", swatch{ExistingColor})
			break
		}
	}
	const h = 0.36 // half the bar height in slots
	names := make([]string, len(domains))
	for i, d := range domains {
		y := float64(len(domains) - 1 - i) // first domain on top
		names[len(domains)-1-i] = d
		x := 0.0
		// Existing first, then public sources by name; the shade of a source
		// follows its rank among the domain's public sources.
		var order []stats.SourceCount
		for _, c := range counts {
			if c.Domain == d && c.Source == Existing {
				order = append(order, c)
			}
		}
		k := 0
		for _, c := range counts {
			if c.Domain != d || c.Source == Existing {
				continue
			}
			order = append(order, c)
			l.Add(c.Source+" ("+d+")", swatch{SourceColor(d, k)})
			k++
		}
		k = 0
		for _, c := range order {
			fill := ExistingColor
			if c.Source != Existing {
				fill = SourceColor(d, k)
				k++
			}
			b.addLabels(x, x+float64(c.Records), y-h, y+h, fill, c.Source+" "+Thousands(c.Records), c.Source)
			x += float64(c.Records)
		}
	}
	p.Add(b)
	nominal(&p.Y, names, nil)
	p.X.Tick.Marker = countTicks{}
	p.X.Min = 0
	if len(counts) == 0 {
		p.X.Max = 1 // an empty axis from 0, not around it
	}
	p.Y.Min, p.Y.Max = -0.5, float64(len(domains))-0.5
	l.TextStyle = style(legendSize-1, l.TextStyle.Color)
	l.Padding = vg.Points(2)
	return single(p, "Source mix per domain", l), nil
}
