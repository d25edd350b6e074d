package kernel

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// How much of a frame is shown: all rows up to maxRows, else the first headRows
// and the last tailRows; cells are cut at maxCell characters (questions and
// answers run to pages).
const (
	maxRows  = 20
	headRows = 10
	tailRows = 5
	maxCell  = 80
	maxText  = 40 // narrower cells in the text form, which must fit a terminal
)

// shownRows returns the row indexes displayed and where the gap falls (-1: none).
func shownRows(n int) (rows []int, gapAfter int) {
	if n <= maxRows {
		for i := 0; i < n; i++ {
			rows = append(rows, i)
		}
		return rows, -1
	}
	for i := 0; i < headRows; i++ {
		rows = append(rows, i)
	}
	for i := n - tailRows; i < n; i++ {
		rows = append(rows, i)
	}
	return rows, headRows - 1
}

// cell is the display text of a frame element: one line, cut to width.
func cell(df dataframe.DataFrame, r, c, width int) string {
	e := df.Elem(r, c)
	if e.IsNA() {
		return "NaN"
	}
	s := e.String()
	if e.Type() == series.Float {
		s = formatFloat(e.Float())
	}
	s = strings.NewReplacer("\r\n", "⏎", "\n", "⏎", "\t", " ").Replace(s)
	if utf8.RuneCountInString(s) > width {
		s = string([]rune(s)[:width-1]) + "…"
	}
	return s
}

// formatFloat shows a float to four decimals without trailing zeros (14.4619,
// 0.25, 1200): enough to read a share or a similarity, unlike gota's six fixed
// decimals or the 17 digits of the shortest exact form. Very large and very
// small magnitudes keep six significant digits in exponent form.
func formatFloat(v float64) string {
	if a := math.Abs(v); a != 0 && (a >= 1e15 || a < 1e-4) || math.IsInf(v, 0) || math.IsNaN(v) {
		return strconv.FormatFloat(v, 'g', 6, 64)
	}
	s := strconv.FormatFloat(v, 'f', 4, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		s = "0"
	}
	return s
}

// numeric reports which columns hold numbers; they are right-aligned.
func numeric(types []series.Type) []bool {
	out := make([]bool, len(types))
	for i, t := range types {
		out[i] = t == series.Int || t == series.Float
	}
	return out
}

func shape(df dataframe.DataFrame) string {
	return plural(df.Nrow(), "row") + " × " + plural(df.Ncol(), "column")
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return thousands(n) + " " + what + "s"
}

// FrameHTML renders a frame as a plain HTML table: a caption with its shape, a
// header row of column names, a row of column types, and the head and tail rows
// of a long frame around a marker saying how many are hidden.
func FrameHTML(df dataframe.DataFrame) string {
	var b strings.Builder
	names, types := df.Names(), df.Types()
	rows, gap := shownRows(df.Nrow())
	b.WriteString("<table class=\"qmix-frame\">\n")
	fmt.Fprintf(&b, "<caption style=\"text-align:left\">DataFrame: %s</caption>\n", shape(df))
	b.WriteString("<thead>\n<tr><th></th>")
	for _, n := range names {
		fmt.Fprintf(&b, "<th>%s</th>", html.EscapeString(n))
	}
	b.WriteString("</tr>\n<tr><th></th>")
	for _, t := range types {
		fmt.Fprintf(&b, "<td><i>%s</i></td>", html.EscapeString(string(t)))
	}
	b.WriteString("</tr>\n</thead>\n<tbody>\n")
	num := numeric(types)
	for i, r := range rows {
		fmt.Fprintf(&b, "<tr><th>%d</th>", r)
		for c := range names {
			align := "left"
			if num[c] {
				align = "right"
			}
			fmt.Fprintf(&b, "<td style=\"text-align:%s\">%s</td>", align, html.EscapeString(cell(df, r, c, maxCell)))
		}
		b.WriteString("</tr>\n")
		if i == gap {
			fmt.Fprintf(&b, "<tr><th>⋮</th><td colspan=\"%d\">… %s more rows …</td></tr>\n",
				max(len(names), 1), thousands(df.Nrow()-headRows-tailRows))
		}
	}
	b.WriteString("</tbody>\n</table>\n")
	return b.String()
}

// FrameText renders a frame as aligned text with the same parts as FrameHTML.
func FrameText(df dataframe.DataFrame) string {
	names, types := df.Names(), df.Types()
	rows, gap := shownRows(df.Nrow())
	grid := [][]string{append([]string{""}, names...), make([]string, len(names)+1)}
	for c, t := range types {
		grid[1][c+1] = "<" + string(t) + ">"
	}
	gapLine := -1
	for i, r := range rows {
		line := []string{fmt.Sprint(r)}
		for c := range names {
			line = append(line, cell(df, r, c, maxText))
		}
		grid = append(grid, line)
		if i == gap {
			gapLine = len(grid)
			grid = append(grid, append([]string{"⋮"}, make([]string, len(names))...))
		}
	}
	width := make([]int, len(names)+1)
	for _, line := range grid {
		for c, s := range line {
			width[c] = max(width[c], utf8.RuneCountInString(s))
		}
	}
	num := append([]bool{true}, numeric(types)...) // row numbers are numbers too
	var b strings.Builder
	fmt.Fprintf(&b, "DataFrame: %s\n", shape(df))
	for i, line := range grid {
		var parts []string
		for c, s := range line {
			pad := strings.Repeat(" ", width[c]-utf8.RuneCountInString(s))
			if num[c] && i != gapLine {
				parts = append(parts, pad+s)
			} else {
				parts = append(parts, s+pad)
			}
		}
		text := strings.TrimRight(strings.Join(parts, "  "), " ")
		if i == gapLine {
			text += fmt.Sprintf("  (%s more rows)", thousands(df.Nrow()-headRows-tailRows))
		}
		b.WriteString(text + "\n")
	}
	return b.String()
}

// thousands writes n with comma separators: 60,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
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
