package frame

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"github.com/mattn/go-runewidth"
)

// This file renders frames as tables for people: the prompt, the Jupyter kernel
// and lib.Display in a compiled program all show a frame through Text or HTML, so
// a frame looks the same wherever it is shown.

// TableOptions bound what a table shows. The zero value means the defaults.
type TableOptions struct {
	// MaxRows: frames with more rows show only their first Head and last Tail
	// rows; 0 means 10.
	MaxRows int
	// Head and Tail are how many of a long frame's first and last rows are
	// shown; 0 means half of MaxRows each (Head the larger half).
	Head, Tail int
	// MaxCell cuts cell text longer than this many characters; 0 means 32.
	MaxCell int
	// Width is the text width a Text table may take; columns that do not fit
	// are listed by name below it. 0 means 120. HTML tables show every column.
	Width int
}

func (o TableOptions) withDefaults() TableOptions {
	if o.MaxRows <= 0 {
		o.MaxRows = 10
	}
	if o.Head <= 0 {
		o.Head = (o.MaxRows + 1) / 2
	}
	if o.Tail <= 0 {
		o.Tail = max(o.MaxRows-o.Head, 0)
	}
	if o.MaxCell <= 0 {
		o.MaxCell = 32
	}
	if o.Width <= 0 {
		o.Width = 120
	}
	return o
}

// Of returns v as a frame when it is one, a pointer to one or a series (a
// one-column frame): the values shown as tables.
func Of(v any) (dataframe.DataFrame, bool) {
	switch x := v.(type) {
	case dataframe.DataFrame:
		return x, true
	case *dataframe.DataFrame:
		if x != nil {
			return *x, true
		}
	case series.Series:
		return dataframe.New(x), true
	case *series.Series:
		if x != nil {
			return dataframe.New(*x), true
		}
	}
	return dataframe.DataFrame{}, false
}

// Text renders a frame as an aligned table: a shape line, the column names and
// types, the head and tail rows with their indexes, and the names of columns
// that did not fit the width. Numbers align right, text left; a cell keeps one
// line (newlines become ⏎) and is cut at MaxCell characters.
func Text(df dataframe.DataFrame, opt TableOptions) string {
	opt = opt.withDefaults()
	if err := df.Error(); err != nil {
		return "frame with error: " + err.Error()
	}
	v := newView(df, opt, true)
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", shape(v.nrow, v.ncol))
	if v.ncol == 0 {
		return b.String()
	}
	indexWidth := len(strconv.Itoa(max(v.nrow-1, 0)))
	widths := make([]int, len(v.cols))
	for i, c := range v.cols {
		widths[i] = max(runewidth.StringWidth(cell(v.names[c], opt.MaxCell)), len(v.types[c]))
		for _, s := range v.cells[i] {
			widths[i] = max(widths[i], runewidth.StringWidth(s))
		}
	}
	numeric := v.numeric()
	line := func(index string, cells []string, header bool) {
		var l strings.Builder
		l.WriteString(runewidth.FillLeft(index, indexWidth))
		for i, s := range cells {
			l.WriteString("  ")
			if numeric[i] && !header {
				l.WriteString(runewidth.FillLeft(s, widths[i]))
			} else {
				l.WriteString(runewidth.FillRight(s, widths[i]))
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " "))
		b.WriteString("\n")
	}
	var names, types []string
	for _, c := range v.cols {
		names = append(names, cell(v.names[c], opt.MaxCell))
		types = append(types, v.types[c])
	}
	line("", names, true)
	line("", types, true)
	for r, row := range v.rows {
		cells := make([]string, len(v.cols))
		for i := range v.cols {
			cells[i] = v.cells[i][r]
		}
		index := "…"
		if row >= 0 {
			index = strconv.Itoa(row)
		}
		line(index, cells, false)
	}
	if len(v.hidden) > 0 {
		fmt.Fprintf(&b, "(%d more columns: %s)\n", len(v.hidden), strings.Join(v.hidden, ", "))
	}
	return b.String()
}

// HTML renders a frame as a plain HTML table (no scripts, no styles beyond
// alignment, so VS Code shows it): a caption with the shape, a header with names
// and types, the head and tail rows, a line each so that a saved notebook diffs
// well. Numbers align right and text left, whatever the frontend's default. A
// cut cell keeps its full text (up to 1,000 characters) in its title attribute.
func HTML(df dataframe.DataFrame, opt TableOptions) string {
	opt = opt.withDefaults()
	if err := df.Error(); err != nil {
		return "<p>frame with error: " + html.EscapeString(err.Error()) + "</p>\n"
	}
	v := newView(df, opt, false)
	numeric := v.numeric()
	var b strings.Builder
	b.WriteString("<table class=\"qmix-frame\">\n")
	fmt.Fprintf(&b, "<caption style=\"text-align:left\">%s</caption>\n", shape(v.nrow, v.ncol))
	b.WriteString("<thead>\n<tr><th></th>")
	for _, c := range v.cols {
		fmt.Fprintf(&b, `<th>%s<br><small>%s</small></th>`, html.EscapeString(v.names[c]), html.EscapeString(v.types[c]))
	}
	b.WriteString("</tr>\n</thead>\n<tbody>\n")
	for r, row := range v.rows {
		b.WriteString("<tr>")
		if row < 0 {
			b.WriteString("<th>…</th>")
		} else {
			fmt.Fprintf(&b, "<th>%d</th>", row)
		}
		for i := range v.cols {
			cut, full := v.cells[i][r], v.full[i][r]
			align := "left"
			if numeric[i] {
				align = "right"
			}
			if cut != full && row >= 0 {
				fmt.Fprintf(&b, `<td style="text-align:%s" title="%s">%s</td>`, align, html.EscapeString(cutRunes(full, 1000)), html.EscapeString(cut))
			} else {
				fmt.Fprintf(&b, `<td style="text-align:%s">%s</td>`, align, html.EscapeString(cut))
			}
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n")
	return b.String()
}

// view is the part of a frame a table shows.
type view struct {
	rows   []int // row indexes, -1 for the "…" row
	cols   []int
	hidden []string // names of columns that did not fit
	nrow   int
	ncol   int
	names  []string
	types  []string
	cells  [][]string // [col in cols][row in rows], cut
	full   [][]string // uncut, for HTML titles
}

func newView(df dataframe.DataFrame, opt TableOptions, fitWidth bool) view {
	nrow, ncol := df.Dims()
	v := view{nrow: nrow, ncol: ncol, names: df.Names(), rows: rowsShown(nrow, opt)}
	for _, t := range df.Types() {
		v.types = append(v.types, string(t))
	}
	records := func(c int) []string {
		col := df.Col(v.names[c])
		out := make([]string, len(v.rows))
		for i, r := range v.rows {
			if r < 0 {
				out[i] = "…"
				continue
			}
			e := col.Elem(r)
			switch {
			case e.IsNA():
				out[i] = "NaN"
			case e.Type() == series.Float:
				out[i] = formatFloat(e.Float())
			default:
				out[i] = e.String()
			}
		}
		return out
	}
	used := len(strconv.Itoa(max(nrow-1, 0))) // the index column
	for c := 0; c < ncol; c++ {
		full := records(c)
		cut := make([]string, len(full))
		w := max(runewidth.StringWidth(cell(v.names[c], opt.MaxCell)), len(v.types[c]))
		for i, s := range full {
			cut[i] = cell(s, opt.MaxCell)
			w = max(w, runewidth.StringWidth(cut[i]))
		}
		if fitWidth && len(v.cols) > 0 && used+2+w > opt.Width {
			v.hidden = append(v.hidden, v.names[c:]...)
			break
		}
		used += 2 + w
		v.cols = append(v.cols, c)
		v.cells = append(v.cells, cut)
		v.full = append(v.full, full)
	}
	return v
}

// rowsShown picks the rows a table shows: all of a frame of at most MaxRows
// rows, else the first Head and the last Tail.
func rowsShown(n int, opt TableOptions) []int {
	if n <= opt.MaxRows || opt.Head+opt.Tail >= n {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	var out []int
	for i := 0; i < opt.Head; i++ {
		out = append(out, i)
	}
	out = append(out, -1)
	for i := n - opt.Tail; i < n; i++ {
		out = append(out, i)
	}
	return out
}

// cell renders one value on one line, cut at max characters of display width.
func cell(s string, max int) string {
	s = strings.NewReplacer("\r\n", "⏎", "\n", "⏎", "\t", " ").Replace(s)
	if runewidth.StringWidth(s) > max {
		s = runewidth.Truncate(s, max, "…")
	}
	return s
}

// numeric reports which shown columns hold numbers: they align right, as in a
// spreadsheet; text aligns left.
func (v view) numeric() []bool {
	out := make([]bool, len(v.cols))
	for i, c := range v.cols {
		out[i] = v.types[c] == "int" || v.types[c] == "float"
	}
	return out
}

// shape is "20 rows × 8 columns".
func shape(rows, cols int) string {
	plural := func(n int, word string) string {
		if n == 1 {
			return "1 " + word
		}
		return fmt.Sprintf("%d %ss", n, word)
	}
	return plural(rows, "row") + " × " + plural(cols, "column")
}

// formatFloat shows a float as people read one: integral values without
// decimals, others to four decimals (Gota's String prints six, always), tiny
// ones in exponent form.
func formatFloat(f float64) string {
	switch {
	case math.IsNaN(f) || math.IsInf(f, 0):
		return strconv.FormatFloat(f, 'g', -1, 64)
	case f == math.Trunc(f) && math.Abs(f) < 1e15:
		return strconv.FormatFloat(f, 'f', 0, 64)
	case math.Abs(f) >= 1e-3:
		return strconv.FormatFloat(math.Round(f*1e4)/1e4, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'g', 4, 64)
}

// cutRunes cuts s to at most n characters, marking the cut with "…".
func cutRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
