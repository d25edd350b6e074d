package chart

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// sans is the typeface of every text: Liberation Sans, embedded in gonum/plot.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// Text sizes in points. At 96 DPI a 1200×800 pixel chart is 900×600 points, so
// tick labels of 11 pt are about 15 px high.
const (
	titleSize    = 17
	subtitleSize = 12
	labelSize    = 13
	tickSize     = 11
	legendSize   = 12
	valueSize    = 10
	tileSize     = 12
)

func style(size vg.Length, c color.Color) text.Style {
	return text.Style{Color: c, Font: font.From(sans, size), Handler: plot.DefaultTextHandler}
}

func boldStyle(size vg.Length) text.Style {
	s := style(size, color.Black)
	f := sans
	f.Weight = xfont.WeightBold
	s.Font = font.From(f, size)
	return s
}

// newPlot returns a plot in the house style: sans-serif text, light horizontal
// grid lines under the data, no title (the Chart draws titles).
func newPlot(xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		// Only the fonts change: the axes' styles carry alignment and rotation.
		a.Label.TextStyle.Font = font.From(sans, labelSize)
		a.Tick.Label.Font = font.From(sans, tickSize)
		a.Label.Padding = vg.Points(6)
	}
	p.X.Label.Text, p.Y.Label.Text = xLabel, yLabel
	p.Legend.TextStyle.Font = font.From(sans, legendSize)
	return p
}

// addGrid adds light grid lines across the plot, drawn under what comes after.
func addGrid(p *plot.Plot, horizontal, vertical bool) {
	g := plotter.NewGrid()
	g.Horizontal.Color = color.RGBA{0xE3, 0xE3, 0xE3, 0xFF}
	g.Vertical.Color = g.Horizontal.Color
	if !horizontal {
		g.Horizontal.Color = nil
	}
	if !vertical {
		g.Vertical.Color = nil
	}
	p.Add(g)
}

// Thousands formats an integer with comma separators: 7500 → "7,500".
func Thousands(v int) string {
	s := strconv.Itoa(v)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}

// countTicks labels round steps (1, 2, 2.5 or 5 times a power of ten, at least
// 1: counts are whole) chosen to give five to ten labels, with thousands
// separators and a minor tick between labels. gonum's default gives three or
// four labels, too few to read a bar's height on an 800 pixel chart.
type countTicks struct{}

func (countTicks) Ticks(min, max float64) []plot.Tick {
	if !(max > min) {
		return []plot.Tick{{Value: min, Label: Thousands(int(math.Round(min)))}}
	}
	step := math.Max(1, niceStep((max-min)/6))
	if step != math.Trunc(step) { // 2.5 rounds to a whole step
		step = math.Ceil(step)
	}
	var out []plot.Tick
	// Multiply rather than accumulate, so that no tick drifts off its round value.
	for k := math.Ceil(min / step); k*step <= max; k++ {
		v := k * step
		out = append(out, plot.Tick{Value: v, Label: Thousands(int(v))})
		if m := v + step/2; m <= max && step >= 2 {
			out = append(out, plot.Tick{Value: m})
		}
	}
	return out
}

// fracTicks labels round steps of a fractional axis (similarities): about eight
// labels, with as many decimals as the step needs and a minor tick between.
type fracTicks struct{}

func (fracTicks) Ticks(min, max float64) []plot.Tick {
	if !(max > min) {
		return []plot.Tick{{Value: min, Label: strconv.FormatFloat(min, 'f', -1, 64)}}
	}
	step := niceStep((max - min) / 8)
	prec := max0(int(-math.Floor(math.Log10(step) + 1e-9)))
	if r := step / math.Pow(10, math.Floor(math.Log10(step)+1e-9)); math.Abs(r-2.5) < 1e-9 {
		prec++
	}
	var out []plot.Tick
	for k := math.Ceil(min/step - 1e-9); k*step <= max+1e-9; k++ {
		v := k*step + 0 // + 0 turns -0 into 0, which would print as "-0.0"
		out = append(out, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', prec, 64)})
		if m := v + step/2; m <= max {
			out = append(out, plot.Tick{Value: m})
		}
	}
	return out
}

func max0(v int) int {
	if v < 0 {
		return 0
	}
	return v
}

// niceStep rounds v up to 1, 2, 2.5 or 5 times a power of ten.
func niceStep(v float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

// percentTicks labels the default ticks with a percent sign; on a 0–100% axis it
// labels every 20% and marks every 10%, so that a 60% target sits on a label.
type percentTicks struct{}

func (percentTicks) Ticks(min, max float64) []plot.Tick {
	if min == 0 && max == 100 {
		var ts []plot.Tick
		for v := 0; v <= 100; v += 10 {
			t := plot.Tick{Value: float64(v)}
			if v%20 == 0 {
				t.Label = strconv.Itoa(v) + "%"
			}
			ts = append(ts, t)
		}
		return ts
	}
	ts := (plot.DefaultTicks{}).Ticks(min, max)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label += "%"
		}
	}
	return ts
}

// logTicks marks powers of ten with labels (10, 100, 1k, 10k) and 2…9 times them
// with minor ticks, labelling 2 and 5 times them too when the axis spans less
// than three decades: enough labels to read a log axis without crowding it.
type logTicks struct{}

func (logTicks) Ticks(min, max float64) []plot.Tick {
	few := math.Log10(max/min) < 3
	var out []plot.Tick
	for e := math.Floor(math.Log10(min)); e <= math.Ceil(math.Log10(max)); e++ {
		base := math.Pow(10, e)
		for m := 1.0; m < 10; m++ {
			v := m * base
			if v < min*(1-1e-9) || v > max*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || few && (m == 2 || m == 5) {
				t.Label = shortCount(v)
			}
			out = append(out, t)
		}
	}
	return out
}

// shortCount writes 1000 as "1k" and 1000000 as "1M".
func shortCount(v float64) string {
	switch {
	case v >= 1e6:
		return strconv.FormatFloat(v/1e6, 'f', -1, 64) + "M"
	case v >= 1e3:
		return strconv.FormatFloat(v/1e3, 'f', -1, 64) + "k"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// nominalTicks labels positions of a category axis. When fit finds adjacent
// labels too wide for their spacing, every other label moves down a line
// (staggered), which keeps long domain names like summarization and
// common_sense readable without rotating them.
type nominalTicks struct {
	ticks   []plot.Tick
	stagger bool
}

// Ticks implements plot.Ticker.
func (n *nominalTicks) Ticks(min, max float64) []plot.Tick {
	out := append([]plot.Tick(nil), n.ticks...)
	if n.stagger {
		for i := 1; i < len(out); i += 2 {
			out[i].Label = "\n" + out[i].Label
		}
	}
	return out
}

// overlaps reports whether adjacent labels of a horizontal axis drawn over data
// canvas width w would come closer than 6 points.
func (n *nominalTicks) overlaps(a *plot.Axis, w vg.Length) bool {
	if a.Max <= a.Min {
		return false
	}
	scale := w / vg.Length(a.Max-a.Min)
	for i := 1; i < len(n.ticks); i++ {
		space := vg.Length(n.ticks[i].Value-n.ticks[i-1].Value) * scale
		need := (a.Tick.Label.Width(n.ticks[i].Label)+a.Tick.Label.Width(n.ticks[i-1].Label))/2 + vg.Points(6)
		if space < need {
			return true
		}
	}
	return false
}

// nominal puts labels at positions of an axis, with no tick marks; values nil
// means 0…n-1.
func nominal(a *plot.Axis, names []string, values []float64) {
	ticks := make([]plot.Tick, len(names))
	for i, n := range names {
		v := float64(i)
		if values != nil {
			v = values[i]
		}
		ticks[i] = plot.Tick{Value: v, Label: n}
	}
	a.Tick.Marker = &nominalTicks{ticks: ticks}
	a.Tick.Length = 0
	a.Tick.LineStyle.Width = 0
	a.LineStyle.Width = 0
}

// fitTicks makes the category labels of p's x axis fit when p is drawn on c:
// first one point smaller, then staggered at the usual size.
func fitTicks(p *plot.Plot, c draw.Canvas) {
	n, ok := p.X.Tick.Marker.(*nominalTicks)
	if !ok {
		return
	}
	n.stagger = false
	for _, size := range []vg.Length{tickSize, tickSize - 1} {
		p.X.Tick.Label.Font.Size = size
		dc := p.DataCanvas(c)
		if !n.overlaps(&p.X, dc.Max.X-dc.Min.X) {
			return
		}
	}
	p.X.Tick.Label.Font.Size = tickSize
	n.stagger = true
}

// dashed is the line style of guides (quota, target, threshold).
func dashed(c color.Color, width float64) draw.LineStyle {
	return draw.LineStyle{Color: c, Width: vg.Points(width), Dashes: []vg.Length{vg.Points(7), vg.Points(4)}}
}
