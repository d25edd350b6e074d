package stats

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// column is one typed column of a result table; exactly one of strs, ints and
// flts is used. Frames and Markdown are both built from the same columns, so the
// two views of a result cannot disagree.
type column struct {
	name string
	strs []string
	ints []int
	flts []float64
	prec int // decimals of flts in Markdown
	kind series.Type
}

func strCol(name string, v []string) column { return column{name: name, strs: v, kind: series.String} }
func intCol(name string, v []int) column    { return column{name: name, ints: v, kind: series.Int} }
func floatCol(name string, v []float64, prec int) column {
	return column{name: name, flts: v, prec: prec, kind: series.Float}
}

// table is a result as columns of equal length.
type table []column

// frame builds a Gota frame; the slices are copied by series.New.
func (t table) frame() dataframe.DataFrame {
	ss := make([]series.Series, len(t))
	for i, c := range t {
		switch c.kind {
		case series.String:
			ss[i] = series.New(c.strs, c.kind, c.name)
		case series.Int:
			ss[i] = series.New(c.ints, c.kind, c.name)
		default:
			ss[i] = series.New(c.flts, c.kind, c.name)
		}
	}
	return dataframe.New(ss...)
}

func (c column) len() int {
	switch c.kind {
	case series.String:
		return len(c.strs)
	case series.Int:
		return len(c.ints)
	}
	return len(c.flts)
}

func (c column) cell(i int) string {
	switch c.kind {
	case series.String:
		return escapeCell(c.strs[i])
	case series.Int:
		return strconv.Itoa(c.ints[i])
	}
	return strconv.FormatFloat(c.flts[i], 'f', c.prec, 64)
}

// markdown renders the table in GitHub-flavoured Markdown: text columns aligned
// left, numbers right.
func (t table) markdown() string {
	if len(t) == 0 {
		return ""
	}
	var sb strings.Builder
	sb.WriteString("|")
	for _, c := range t {
		fmt.Fprintf(&sb, " %s |", c.name)
	}
	sb.WriteString("\n|")
	for _, c := range t {
		if c.kind == series.String {
			sb.WriteString("---|")
		} else {
			sb.WriteString("---:|")
		}
	}
	sb.WriteString("\n")
	for i := 0; i < t[0].len(); i++ {
		sb.WriteString("|")
		for _, c := range t {
			fmt.Fprintf(&sb, " %s |", c.cell(i))
		}
		sb.WriteString("\n")
	}
	return sb.String()
}

// escapeCell keeps a value inside its Markdown cell.
func escapeCell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}

// percent is 100·part/whole, and 0 when whole is 0.
func percent(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return 100 * float64(part) / float64(whole)
}
