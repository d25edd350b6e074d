// Package display renders the values the interpreter produces, for the prompt and
// the Jupyter kernel alike: a Gota frame as an aligned text table (shape, column
// types, head and tail of long frames, long strings cut) or a plain HTML table
// (no JavaScript, so VS Code shows it); a series as a one-column frame; an error as
// its message; a chart as PNG bytes; anything else with %v, cut when huge. Frames
// are drawn by qmix/lib/frame, which lib.Display uses in compiled programs too, so
// a saved session prints its tables as the prompt showed them.
package display

import (
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/go-gota/gota/dataframe"

	"qmix/lib/frame"
)

// Options bound what a table shows. The zero value means the defaults.
type Options struct {
	// MaxRows: frames with more rows show only their first Head and last Tail
	// rows; 0 means 10.
	MaxRows int
	// Head and Tail are how many of a long frame's first and last rows are
	// shown; 0 means half of MaxRows each (Head the larger half).
	Head, Tail int
	// MaxCell cuts cell text longer than this many characters; 0 means 32.
	MaxCell int
	// Width is the text width a table may take; columns that do not fit are
	// listed by name below it. 0 means 120.
	Width int
	// MaxText cuts the %v text of other values; 0 means 4000 bytes.
	MaxText int
}

// table is the options of lib/frame's renderer, which has the same defaults.
func (o Options) table() frame.TableOptions {
	return frame.TableOptions{MaxRows: o.MaxRows, Head: o.Head, Tail: o.Tail, MaxCell: o.MaxCell, Width: o.Width}
}

// Charter is what a chart offers (lib.Chart, *chart.Chart): its PNG bytes.
type Charter interface {
	PNG() ([]byte, error)
}

// AsFrame returns v as a frame when it is one (or a pointer to one, or a series).
func AsFrame(v any) (dataframe.DataFrame, bool) { return frame.Of(v) }

// FrameText renders a frame as an aligned table: a shape line, the column names
// and types, the head and tail rows with their indexes, and the names of columns
// that did not fit the width (frame.Text).
func FrameText(df dataframe.DataFrame, opt Options) string { return frame.Text(df, opt.table()) }

// FrameHTML renders a frame as a plain HTML table (frame.HTML).
func FrameHTML(df dataframe.DataFrame, opt Options) string { return frame.HTML(df, opt.table()) }

// IsNil reports whether v shows as nothing: nil, or a nil pointer or interface —
// the results of calls that have nothing to say (a nil error, a nil *Chart).
// Nil and empty slices and maps are values worth showing, as for lib.Display.
func IsNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		return rv.IsNil()
	}
	return false
}

// Text writes the text form of v followed by a newline; nothing for nil.
// Charts are not drawn: frontends save or embed them (see Charter).
func Text(w io.Writer, v any, opt Options) error {
	if IsNil(v) {
		return nil
	}
	var s string
	if df, ok := AsFrame(v); ok {
		s = FrameText(df, opt)
	} else {
		s = ValueText(v, opt)
	}
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	_, err := io.WriteString(w, s)
	return err
}

// ValueText is the text of a value that is not a frame: an error's message, a
// chart's description, %v otherwise, cut at MaxText.
func ValueText(v any, opt Options) string {
	if opt.MaxText <= 0 {
		opt.MaxText = 4000
	}
	switch x := v.(type) {
	case error:
		return "error: " + x.Error()
	case Charter:
		return fmt.Sprintf("chart (%T)", v)
	}
	s := fmt.Sprintf("%v", v)
	if len(s) > opt.MaxText {
		cut := strings.LastIndex(s[:opt.MaxText], " ")
		if cut < opt.MaxText/2 {
			cut = opt.MaxText
		}
		s = fmt.Sprintf("%s … (%d more bytes)", s[:cut], len(s)-cut)
	}
	return s
}

// Summary is a one-line description of a value, for a variable list.
func Summary(v any) string {
	if df, ok := AsFrame(v); ok {
		if err := df.Error(); err != nil {
			return "frame with error: " + err.Error()
		}
		names := df.Names()
		more := ""
		if len(names) > 4 {
			names, more = names[:4], ", …"
		}
		return fmt.Sprintf("%d × %d frame (%s%s)", df.Nrow(), df.Ncol(), strings.Join(names, ", "), more)
	}
	if IsNil(v) {
		return "nil"
	}
	var s string
	switch x := v.(type) {
	case string:
		s = fmt.Sprintf("%q", x)
	case error:
		s = "error: " + x.Error()
	case Charter:
		s = "chart"
	default:
		rv := reflect.ValueOf(v)
		switch rv.Kind() {
		case reflect.Slice, reflect.Map, reflect.Array:
			s = fmt.Sprintf("len %d: %v", rv.Len(), v)
		default:
			s = fmt.Sprintf("%v", v)
		}
	}
	s = strings.Join(strings.Fields(s), " ")
	return cutRunes(s, 60)
}

// cutRunes cuts s to at most n characters, marking the cut with "…".
func cutRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
