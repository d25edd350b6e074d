package chart

import (
	"fmt"
	"math"

	"qmix/lib/stats"
)

// domainsOf lists the domains of two count tables: after's order, then any domain
// only before has.
func domainsOf(before, after stats.DomainCounts) []string {
	var out []string
	seen := map[string]bool{}
	for _, cs := range []stats.DomainCounts{after, before} {
		for _, c := range cs {
			if !seen[c.Domain] {
				seen[c.Domain] = true
				out = append(out, c.Domain)
			}
		}
	}
	return out
}

// DomainCounts draws records per domain before and after a step (typically
// balancing) as grouped bars in the domain's colour, a light tint before and the
// full colour after, with the per-domain quota as a dashed line (quota 0: no line).
func DomainCounts(before, after stats.DomainCounts, quota int) (*Chart, error) {
	if quota < 0 {
		return nil, fmt.Errorf("chart: domain counts: negative quota %d", quota)
	}
	domains := domainsOf(before, after)
	p := newPlot("", "records")
	addGrid(p, true, false)
	b := newBars(labelAbove)
	top := float64(quota)
	const w = 0.38 // bar width in slots; two bars and a gap fill 0.8 of a slot
	for i, d := range domains {
		x := float64(i)
		nb, na := before.Get(d).Records, after.Get(d).Records
		b.add(x-w-0.01, x-0.01, 0, float64(nb), Mix(DomainColor(d), white, 0.6), Thousands(nb))
		b.add(x+0.01, x+w+0.01, 0, float64(na), DomainColor(d), Thousands(na))
		top = math.Max(top, math.Max(float64(nb), float64(na)))
	}
	p.Add(b)
	nominal(&p.X, domains, nil)
	p.Y.Tick.Marker = countTicks{}
	p.Y.Min, p.Y.Max = 0, top*1.1 // headroom for the value labels
	p.X.Min, p.X.Max = -0.5, float64(len(domains))-0.5

	l := newLegend()
	l.Add("before (light)", swatch{Mix(OtherColor, white, 0.6)})
	l.Add("after (full colour)", swatch{OtherColor})
	if quota > 0 {
		// The quota is named in the legend, not on the line: after balancing every
		// bar ends at the line, and a label there would sit on the bars' values.
		g := &guide{at: float64(quota), line: dashed(GuideColor, 1.5)}
		p.Add(g)
		l.Add("quota: "+Thousands(quota)+" per domain", g)
	}
	return single(p, "Records per domain, before and after", l), nil
}

// Difficulty draws easy and hard records per domain as grouped bars.
func Difficulty(counts stats.DomainCounts) (*Chart, error) {
	p := newPlot("", "records")
	addGrid(p, true, false)
	b := newBars(labelAbove)
	var names []string
	top := 0.0
	const w = 0.38
	for i, c := range counts {
		x := float64(i)
		names = append(names, c.Domain)
		b.add(x-w-0.01, x-0.01, 0, float64(c.Easy), EasyColor, Thousands(c.Easy))
		b.add(x+0.01, x+w+0.01, 0, float64(c.Hard), HardColor, Thousands(c.Hard))
		top = math.Max(top, math.Max(float64(c.Easy), float64(c.Hard)))
	}
	p.Add(b)
	nominal(&p.X, names, nil)
	p.Y.Tick.Marker = countTicks{}
	p.Y.Min, p.Y.Max = 0, math.Max(top*1.1, 1)
	p.X.Min, p.X.Max = -0.5, float64(len(names))-0.5
	l := newLegend()
	l.Add("easy", swatch{EasyColor})
	l.Add("hard", swatch{HardColor})
	return single(p, "Easy and hard records per domain", l), nil
}
