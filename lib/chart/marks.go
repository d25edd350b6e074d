package chart

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Label placements of a bar's label.
const (
	labelNone   = iota
	labelAbove  // above the top of a vertical bar
	labelRight  // right of the end of a horizontal bar
	labelInside // centred in the bar, only when it fits
)

// bar is one filled rectangle in data coordinates.
type bar struct {
	x0, x1, y0, y1 float64
	fill           color.Color
	label          string
	short          string // labelInside: drawn when label does not fit
}

// bars draws rectangles: grouped and stacked bars and histogram bins are all
// rectangles, and one plotter for all of them keeps colours per bar (which
// plotter.BarChart cannot) and labels that never overflow their bar.
type bars struct {
	items   []bar
	outline draw.LineStyle // Width 0: none
	place   int
	text    text.Style
}

func newBars(place int) *bars {
	return &bars{place: place, text: style(valueSize, color.Black),
		outline: draw.LineStyle{Color: white, Width: vg.Points(0.75)}}
}

func (b *bars) add(x0, x1, y0, y1 float64, fill color.Color, label string) {
	b.items = append(b.items, bar{x0: x0, x1: x1, y0: y0, y1: y1, fill: fill, label: label})
}

// addLabels adds a bar whose inside label falls back to short when label does
// not fit.
func (b *bars) addLabels(x0, x1, y0, y1 float64, fill color.Color, label, short string) {
	b.items = append(b.items, bar{x0: x0, x1: x1, y0: y0, y1: y1, fill: fill, label: label, short: short})
}

// Plot implements plot.Plotter.
func (b *bars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, it := range b.items {
		x0, x1, y0, y1 := trX(it.x0), trX(it.x1), trY(it.y0), trY(it.y1)
		pts := []vg.Point{{X: x0, Y: y0}, {X: x0, Y: y1}, {X: x1, Y: y1}, {X: x1, Y: y0}}
		c.FillPolygon(it.fill, c.ClipPolygonXY(pts))
		if b.outline.Width > 0 {
			c.StrokeLines(b.outline, c.ClipLinesXY(append(pts, pts[0]))...)
		}
		if it.label == "" {
			continue
		}
		sty := b.text
		switch b.place {
		case labelAbove:
			sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
			c.FillText(sty, vg.Point{X: (x0 + x1) / 2, Y: y1 + vg.Points(2)}, it.label)
		case labelRight:
			sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
			c.FillText(sty, vg.Point{X: x1 + vg.Points(3), Y: (y0 + y1) / 2}, it.label)
		case labelInside:
			fits := func(s string) bool {
				return s != "" && sty.Width(s)+vg.Points(6) <= abs(x1-x0) && sty.Height(s)+vg.Points(2) <= abs(y1-y0)
			}
			label := it.label
			if !fits(label) {
				if label = it.short; !fits(label) {
					continue
				}
			}
			sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
			sty.Color = textColor(it.fill)
			c.FillText(sty, vg.Point{X: (x0 + x1) / 2, Y: (y0 + y1) / 2}, label)
		}
	}
}

func abs(v vg.Length) vg.Length {
	if v < 0 {
		return -v
	}
	return v
}

// DataRange implements plot.DataRanger.
func (b *bars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, it := range b.items {
		xmin, xmax = math.Min(xmin, math.Min(it.x0, it.x1)), math.Max(xmax, math.Max(it.x0, it.x1))
		ymin, ymax = math.Min(ymin, math.Min(it.y0, it.y1)), math.Max(ymax, math.Max(it.y0, it.y1))
	}
	return xmin, xmax, ymin, ymax
}

// guide is a line across the whole data area at a value of one axis (a quota, a
// target, a threshold), with an optional label at its end. It widens only its
// own axis's range.
type guide struct {
	at       float64
	vertical bool // a vertical line at x = at; otherwise horizontal at y = at
	line     draw.LineStyle
	label    string
	text     text.Style
}

// Plot implements plot.Plotter.
func (g *guide) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := g.text
	if g.vertical {
		x := trX(g.at)
		c.StrokeLine2(g.line, x, c.Min.Y, x, c.Max.Y)
		if g.label != "" {
			sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
			c.FillText(sty, vg.Point{X: x + vg.Points(4), Y: c.Max.Y - vg.Points(2)}, g.label)
		}
		return
	}
	y := trY(g.at)
	c.StrokeLine2(g.line, c.Min.X, y, c.Max.X, y)
	if g.label != "" {
		sty.XAlign, sty.YAlign = draw.XRight, draw.YBottom
		c.FillText(sty, vg.Point{X: c.Max.X - vg.Points(2), Y: y + vg.Points(2)}, g.label)
	}
}

// DataRange implements plot.DataRanger: the guide's own axis must show it; the
// other axis is left to the data (+Inf/-Inf leave plot.Add's min/max unchanged).
func (g *guide) DataRange() (xmin, xmax, ymin, ymax float64) {
	inf := math.Inf(1)
	if g.vertical {
		return g.at, g.at, inf, -inf
	}
	return inf, -inf, g.at, g.at
}

// Thumbnail implements plot.Thumbnailer: a short line in the legend.
func (g *guide) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(g.line, c.Min.X, y, c.Max.X, y)
}

// band shades a range of one axis across the whole data area (a tolerance).
type band struct {
	lo, hi   float64
	vertical bool
	fill     color.Color
}

// Plot implements plot.Plotter.
func (b *band) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	var r vg.Rectangle
	if b.vertical {
		r = vg.Rectangle{Min: vg.Point{X: trX(b.lo), Y: c.Min.Y}, Max: vg.Point{X: trX(b.hi), Y: c.Max.Y}}
	} else {
		r = vg.Rectangle{Min: vg.Point{X: c.Min.X, Y: trY(b.lo)}, Max: vg.Point{X: c.Max.X, Y: trY(b.hi)}}
	}
	c.SetColor(b.fill)
	c.Fill(r.Path())
}

// Thumbnail implements plot.Thumbnailer.
func (b *band) Thumbnail(c *draw.Canvas) {
	c.SetColor(b.fill)
	c.Fill(c.Rectangle.Path())
}

// swatch is a legend thumbnail: a filled square.
type swatch struct{ fill color.Color }

// Thumbnail implements plot.Thumbnailer.
func (s swatch) Thumbnail(c *draw.Canvas) {
	h := c.Max.Y - c.Min.Y
	r := vg.Rectangle{Min: vg.Point{X: c.Min.X, Y: c.Min.Y}, Max: vg.Point{X: c.Min.X + h*1.6, Y: c.Max.Y}}
	c.SetColor(s.fill)
	c.Fill(r.Path())
}
