package kernel

import (
	"encoding/base64"
	"fmt"
	"html"
	"reflect"
	"strings"

	"github.com/go-gota/gota/dataframe"

	"qmix/lib"
	"qmix/repl/display"
)

// picture is what charts (qmix/lib/chart.Chart) offer; the check is a type switch
// on compiled values, never an interface a script implements.
type picture interface {
	PNG() ([]byte, error)
	SVG() ([]byte, error)
}

// Render is the kernel's Renderer: a frame (or series) becomes repl/display's
// HTML table (shape, column types, head and tail) with its aligned text twin, a
// chart a PNG and an SVG, lib.HTML and lib.Markdown their own types; anything
// else is text. No bundle carries JavaScript (VS Code does not run it) and every
// one has text/plain.
func Render(v any) (map[string]any, map[string]any) {
	if vs, ok := v.(Values); ok {
		return valuesBundle(vs)
	}
	if df, ok := display.AsFrame(v); ok {
		return frameBundle(df)
	}
	switch x := v.(type) {
	case lib.HTMLText:
		return map[string]any{"text/html": string(x), "text/plain": lib.HTMLToText(string(x))}, nil
	case lib.MarkdownText:
		return map[string]any{"text/markdown": string(x), "text/plain": string(x)}, nil
	case picture:
		if display.IsNil(x) {
			break
		}
		return imageBundle(x)
	case error:
		if !display.IsNil(x) {
			return map[string]any{"text/plain": "error: " + x.Error()}, nil
		}
	}
	return map[string]any{"text/plain": TextOf(v)}, nil
}

// valuesBundle shows a call's several results: nil ones (the usual nil error)
// are left out, as lib.Display leaves them out (display.IsNil: nil slices and
// maps stay); one left is shown as itself, several one after the other.
func valuesBundle(vs Values) (map[string]any, map[string]any) {
	var keep []any
	for _, v := range vs {
		if !display.IsNil(v) {
			keep = append(keep, v)
		}
	}
	switch len(keep) {
	case 0:
		return map[string]any{"text/plain": "<nil>"}, nil
	case 1:
		return Render(keep[0])
	}
	var plain, htmls []string
	rich := false
	for _, v := range keep {
		d, _ := Render(v)
		p, _ := d["text/plain"].(string)
		plain = append(plain, p)
		if h, ok := d["text/html"].(string); ok {
			htmls = append(htmls, h)
			rich = true
		} else {
			htmls = append(htmls, "<pre>"+html.EscapeString(p)+"</pre>")
		}
	}
	data := map[string]any{"text/plain": strings.Join(plain, "\n")}
	if rich {
		data["text/html"] = strings.Join(htmls, "\n")
	}
	return data, nil
}

// How much of a frame the kernel shows: a notebook has room for twenty rows, the
// first ten and last five of a longer frame, and for long cells (questions and
// answers run to pages); the text twin, for consoles, cuts cells narrower.
var (
	htmlFrame = display.Options{MaxRows: 20, Head: 10, Tail: 5, MaxCell: 80}
	textFrame = display.Options{MaxRows: 20, Head: 10, Tail: 5, MaxCell: 40}
)

func frameBundle(df dataframe.DataFrame) (map[string]any, map[string]any) {
	if df.Err != nil {
		return map[string]any{"text/plain": display.FrameText(df, textFrame)}, nil
	}
	return map[string]any{"text/html": display.FrameHTML(df, htmlFrame), "text/plain": display.FrameText(df, textFrame)}, nil
}

func imageBundle(img picture) (map[string]any, map[string]any) {
	png, err := img.PNG()
	if err != nil {
		return map[string]any{"text/plain": "chart: " + err.Error()}, nil
	}
	data := map[string]any{
		"image/png":  base64.StdEncoding.EncodeToString(png),
		"text/plain": fmt.Sprintf("<chart: %d-byte PNG>", len(png)),
	}
	if svg, err := img.SVG(); err == nil {
		data["image/svg+xml"] = string(svg)
	}
	return data, nil
}

// TextOf is a value's plain text: %v, or %#v-like detail for structs via %+v.
func TextOf(v any) string {
	if v == nil {
		return "<nil>"
	}
	if s, ok := v.(fmt.Stringer); ok && !display.IsNil(v) {
		return s.String()
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Struct || (rv.Kind() == reflect.Pointer && !rv.IsNil() && rv.Elem().Kind() == reflect.Struct) {
		return fmt.Sprintf("%+v", v)
	}
	if rv.Kind() == reflect.String {
		return fmt.Sprintf("%q", v)
	}
	return fmt.Sprint(v)
}
