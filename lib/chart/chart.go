package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"qmix/lib/record"
)

// Default size of a chart in pixels, and the resolution a PNG is rendered at.
const (
	DefaultWidth  = 1200
	DefaultHeight = 800
	DPI           = 96
)

// Chart is a rendered-on-demand picture: a title, one plot or a grid of plots, and
// a legend to their right. Set Title, Subtitle, Width and Height before writing.
type Chart struct {
	Title    string
	Subtitle string // a line under the title: which set, how many records
	Width    int    // pixels; 0 means DefaultWidth
	Height   int    // pixels; 0 means DefaultHeight

	plots  [][]*plot.Plot // rows of tiles, all rows the same length
	legend *plot.Legend   // nil: none
	// xLabel and yLabel label a grid of tiles once, at the bottom and on the
	// left; tiles without axis labels of their own are all the same shape, so
	// plot.Align lines them up exactly.
	xLabel, yLabel string
}

func single(p *plot.Plot, title string, legend *plot.Legend) *Chart {
	return &Chart{Title: title, plots: [][]*plot.Plot{{p}}, legend: legend}
}

// newLegend returns a legend in the house style, to be drawn right of the plots.
func newLegend() *plot.Legend {
	l := plot.NewLegend()
	l.TextStyle = style(legendSize, color.Black)
	l.Top, l.Left = true, true
	l.ThumbnailWidth = vg.Points(22)
	l.Padding = vg.Points(3)
	return &l
}

// size returns the chart's size in points (1/72 inch) at DPI.
func (c *Chart) size() (w, h vg.Length) {
	pw, ph := c.Width, c.Height
	if pw <= 0 {
		pw = DefaultWidth
	}
	if ph <= 0 {
		ph = DefaultHeight
	}
	return vg.Length(pw) * vg.Inch / DPI, vg.Length(ph) * vg.Inch / DPI
}

const (
	margin = vg.Length(14) // around the chart, in points
	gap    = vg.Length(12) // between title, plots and legend
)

// Draw draws the chart on a canvas of any size.
func (c *Chart) Draw(dc draw.Canvas) {
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	area := draw.Crop(dc, margin, -margin, margin, -margin)
	if c.Title != "" {
		sty := boldStyle(titleSize)
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
		dc.FillText(sty, vg.Point{X: area.Center().X, Y: area.Max.Y}, c.Title)
		area.Max.Y -= sty.Height(c.Title) + vg.Points(4)
	}
	if c.Subtitle != "" {
		sty := style(subtitleSize, color.Gray{Y: 0x55})
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
		dc.FillText(sty, vg.Point{X: area.Center().X, Y: area.Max.Y}, c.Subtitle)
		area.Max.Y -= sty.Height(c.Subtitle)
	}
	area.Max.Y -= gap
	if c.legend != nil {
		w := c.legend.Rectangle(area).Size().X
		strip := area
		strip.Min.X = area.Max.X - w
		c.legend.Draw(strip)
		area.Max.X -= w + 2*gap
	}
	if c.xLabel != "" {
		sty := style(labelSize, color.Black)
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
		dc.FillText(sty, vg.Point{X: area.Center().X, Y: area.Min.Y}, c.xLabel)
		area.Min.Y += sty.Height(c.xLabel) + vg.Points(4)
	}
	if c.yLabel != "" {
		sty := style(labelSize, color.Black)
		sty.Rotation = math.Pi / 2
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
		dc.FillText(sty, vg.Point{X: area.Min.X, Y: area.Center().Y}, c.yLabel)
		area.Min.X += sty.Height(c.yLabel) + vg.Points(4)
	}
	rows, cols := len(c.plots), len(c.plots[0])
	if rows == 1 && cols == 1 {
		fitTicks(c.plots[0][0], area)
		c.plots[0][0].Draw(area)
		return
	}
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: 1.5 * gap, PadY: 1.5 * gap}
	canvases := plot.Align(c.plots, tiles, area)
	for j := range c.plots {
		for i, p := range c.plots[j] {
			if p != nil {
				p.Draw(canvases[j][i])
			}
		}
	}
}

// WritePNG writes the chart as a PNG of Width×Height pixels.
func (c *Chart) WritePNG(w io.Writer) error {
	wd, ht := c.size()
	img := vgimg.NewWith(vgimg.UseWH(wd, ht), vgimg.UseDPI(DPI))
	c.Draw(draw.New(img))
	_, err := vgimg.PngCanvas{Canvas: img}.WriteTo(w)
	return err
}

// WriteSVG writes the chart as SVG, sized in points (Width×Height pixels at 96
// DPI). Fonts are named, not embedded, which keeps the file small and stable.
func (c *Chart) WriteSVG(w io.Writer) error {
	wd, ht := c.size()
	s := vgsvg.New(wd, ht)
	c.Draw(draw.New(s))
	_, err := s.WriteTo(w)
	return err
}

// PNG returns the chart as PNG bytes (for inline display in a notebook).
func (c *Chart) PNG() ([]byte, error) {
	var buf bytes.Buffer
	err := c.WritePNG(&buf)
	return buf.Bytes(), err
}

// SVG returns the chart as SVG bytes.
func (c *Chart) SVG() ([]byte, error) {
	var buf bytes.Buffer
	err := c.WriteSVG(&buf)
	return buf.Bytes(), err
}

// Save writes the chart to path, atomically, as PNG or SVG by the extension
// (.png or .svg).
func (c *Chart) Save(path string) error {
	var write func(io.Writer) error
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".png":
		write = c.WritePNG
	case ".svg":
		write = c.WriteSVG
	default:
		return fmt.Errorf("chart: save %s: unknown image type %q (want .png or .svg)", path, ext)
	}
	return record.WriteAtomic(path, write)
}
