package chart

import (
	"fmt"
	"image/color"
	"strconv"

	"qmix/lib/stats"
)

// TokenShare draws the easy and hard shares of tokens per domain and overall as
// 100% stacked bars, easy at the bottom, with the target easy share (a fraction,
// 0.60) as a dashed line and target ± tolerance shaded (tolerance 0: no band).
func TokenShare(b stats.Balance, target, tolerance float64) (*Chart, error) {
	if !(target > 0 && target < 1) {
		return nil, fmt.Errorf("chart: token share: target %v is not a fraction between 0 and 1 (0.60 means 60%%)", target)
	}
	if !(tolerance >= 0 && tolerance < 1) {
		return nil, fmt.Errorf("chart: token share: tolerance %v is not a fraction between 0 and 1", tolerance)
	}
	p := newPlot("", "share of tokens")
	rows := b.Rows()
	bs := newBars(labelInside)
	bs.text = style(valueSize+1, color.Black)
	var names []string
	var at []float64
	const w = 0.35
	for i, s := range rows {
		x := float64(i)
		if s.Domain == stats.All {
			x += 0.5 // set the overall bar apart
		}
		names, at = append(names, s.Domain), append(at, x)
		if s.Tokens == 0 {
			// A pale bar, so an empty domain reads as empty, not as missing.
			bs.add(x-w, x+w, 0, 100, color.RGBA{0xF0, 0xF0, 0xF0, 0xFF}, "empty")
			continue
		}
		bs.add(x-w, x+w, 0, s.EasyPercent, EasyColor, pct(s.EasyPercent))
		bs.add(x-w, x+w, s.EasyPercent, 100, HardColor, pct(s.HardPercent))
	}
	l := newLegend()
	l.Add("easy", swatch{EasyColor})
	l.Add("hard", swatch{HardColor})
	p.Add(bs)
	if tolerance > 0 {
		// Over the bars and translucent, so the band shows where each bar's
		// easy/hard boundary falls within the tolerance.
		bd := &band{lo: 100 * (target - tolerance), hi: 100 * (target + tolerance),
			fill: color.NRGBA{R: AlertColor.R, G: AlertColor.G, B: AlertColor.B, A: 0x40}}
		p.Add(bd)
		l.Add("target ± "+strconv.FormatFloat(100*tolerance, 'f', -1, 64)+" points", bd)
	}
	g := &guide{at: 100 * target, line: dashed(AlertColor, 2), text: style(valueSize, AlertColor)}
	p.Add(g)
	l.Add("target "+strconv.FormatFloat(100*target, 'f', -1, 64)+"% easy", g)
	nominal(&p.X, names, at)
	p.X.Min, p.X.Max = -0.5, float64(len(rows))
	p.Y.Min, p.Y.Max = 0, 100
	p.Y.Tick.Marker = percentTicks{}
	return single(p, "Easy and hard share of tokens", l), nil
}

// pct formats a percentage for a bar label.
func pct(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) + "%" }
