package lib

import (
	"fmt"
	"html"
	"io"
	"os"
	"reflect"
	"regexp"
	"strings"
	"sync"

	"golang.org/x/term"

	"qmix/lib/frame"
)

// HTMLText is an HTML fragment to display (see HTML).
type HTMLText string

// MarkdownText is Markdown to display (see Markdown).
type MarkdownText string

var (
	displayMu sync.RWMutex
	displayFn func(v any)
)

// SetDisplayFunc installs the function Display hands values to and returns the
// one it replaces; nil restores the default. The Jupyter kernel installs one
// that publishes rich output (HTML tables, images) in the running cell. Scripts
// have no reason to call it.
func SetDisplayFunc(f func(v any)) (previous func(v any)) {
	displayMu.Lock()
	defer displayMu.Unlock()
	previous, displayFn = displayFn, f
	return previous
}

// Display shows each value in turn. In a notebook a frame becomes a table and a
// chart an image; in a compiled program, `qmix run` or the prompt, a value is
// printed as text on stdout (a frame as the prompt's table, see DisplayText)
// and a chart is saved to a PNG file whose path is printed. It takes several
// values so that a call's results can be passed whole:
// lib.Display(lib.Convert("gsm8k", path)) shows the frame, and the error
// unless it is nil (nil values and nil pointers are skipped).
func Display(values ...any) {
	displayMu.RLock()
	f := displayFn
	displayMu.RUnlock()
	for _, v := range values {
		if isNil(v) {
			continue
		}
		if f != nil {
			f(v)
			continue
		}
		if err := DisplayText(os.Stdout, v); err != nil {
			fmt.Fprintln(os.Stderr, "display:", err)
		}
	}
}

// isNil reports whether v is nil or a nil pointer (a nil *Chart, or an error
// interface holding one); empty slices and maps are values worth showing.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// HTML displays an HTML fragment (as its text outside a notebook).
func HTML(s string) { Display(HTMLText(s)) }

// Markdown displays Markdown (as its source outside a notebook).
func Markdown(s string) { Display(MarkdownText(s)) }

// pngChart is what a chart offers for saving; the check is on compiled chart
// types, never on values a script defines.
type pngChart interface {
	PNG() ([]byte, error)
}

// DisplayText writes the text form of v to w: what Display prints outside a
// notebook, and what the prompt prints for a value. A frame (or series) is the
// prompt's table — shape, column types, the first and last five rows of a long
// frame, long cells cut — as wide as w's terminal, or 120 characters when w is
// not one; an error prints as "error: " and its message; a chart is written to a
// new PNG file in the temporary directory and its path printed.
func DisplayText(w io.Writer, v any) error {
	if df, ok := frame.Of(v); ok {
		s := frame.Text(df, frame.TableOptions{Width: terminalWidth(w)})
		if !strings.HasSuffix(s, "\n") {
			s += "\n" // a frame with an error is one line
		}
		_, err := io.WriteString(w, s)
		return err
	}
	switch x := v.(type) {
	case HTMLText:
		_, err := fmt.Fprintln(w, HTMLToText(string(x)))
		return err
	case MarkdownText:
		_, err := fmt.Fprintln(w, string(x))
		return err
	case pngChart:
		b, err := x.PNG()
		if err != nil {
			return err
		}
		f, err := os.CreateTemp("", "qmix-chart-*.png")
		if err != nil {
			return err
		}
		if _, err := f.Write(b); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "chart saved to %s\n", f.Name())
		return err
	case error:
		_, err := fmt.Fprintln(w, "error: "+x.Error())
		return err
	}
	_, err := fmt.Fprintln(w, v)
	return err
}

// terminalWidth is the width of the terminal w writes to, 0 (the tables'
// default, 120) when w is not a terminal: the prompt fits its tables to the
// terminal too, so a saved session run there prints the tables it showed.
func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0
	}
	if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 20 {
		return cols
	}
	return 0
}

var (
	htmlBreaks = regexp.MustCompile(`(?i)<br\s*/?>|</(p|div|h[1-6]|li|tr|table|pre|blockquote)>`)
	htmlCells  = regexp.MustCompile(`(?i)</t[dh]>`)
	htmlTags   = regexp.MustCompile(`<[^>]*>`)
	blankRuns  = regexp.MustCompile(`\n{3,}`)
)

// HTMLToText is a readable plain-text form of an HTML fragment: block ends
// become line breaks, table cells tabs, tags vanish, entities are decoded. It is
// the text/plain twin of displayed HTML.
func HTMLToText(s string) string {
	s = htmlBreaks.ReplaceAllString(s, "\n")
	s = htmlCells.ReplaceAllString(s, "\t")
	s = htmlTags.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	s = blankRuns.ReplaceAllString(s, "\n\n")
	return strings.TrimSpace(s)
}
