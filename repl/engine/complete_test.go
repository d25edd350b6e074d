package engine

import (
	"context"
	"strings"
	"testing"
)

func TestComplete(t *testing.T) {
	e, _ := newEngine(t)
	for _, src := range []string{
		`df := lib.Sources()`,
		`func clean(s string) string { return strings.TrimSpace(s) }`,
		`count := 3`,
		`type pair struct{ A, B int }`,
		`p := pair{A: 1}`,
	} {
		if _, err := e.Eval(context.Background(), src); err != nil {
			t.Fatalf("%s: %v", src, err)
		}
	}
	tests := []struct {
		name       string
		src        string // the cursor is at |, or at the end
		want       []string
		kind       string // of want[0]
		detail     string // substring of want[0]'s detail
		doc        string // substring of want[0]'s doc
		start, end int    // replaced range; -1: don't check
	}{
		{name: "package member with signature and doc line", src: "lib.Lo", want: []string{"Load"}, kind: "func",
			detail: "Load(paths ...string) (dataframe.DataFrame, error)", doc: "Load reads schema JSONL files", start: 4, end: 6},
		{name: "standard library member", src: "strings.ToUp", want: []string{"ToUpper"}, kind: "func", detail: "ToUpper(string) string", start: 8, end: 12},
		{name: "method of a frame variable", src: "df.Fil", want: []string{"Filter", "FilterAggregation"}, kind: "method", detail: "Filter(filters ...F) DataFrame", doc: "Filter will filter", start: 3, end: 6},
		{name: "method of an expression", src: "lib.Sources().Sel", want: []string{"Select"}, kind: "method", start: 14, end: 17},
		{name: "method chain through a call", src: `df.Col("name").Le`, want: []string{"Len"}, kind: "method", start: 15, end: 17},
		{name: "column of a frame", src: `df.Col("dom`, want: []string{"domain"}, kind: "column", detail: "string", start: 8, end: 11},
		{name: "columns in a list", src: `df.Select([]string{"name", "hub_`, want: []string{"hub_id", "hub_config"}, kind: "column", start: 28, end: 32}, // frame order
		{name: "session variable", src: "cou", want: []string{"count"}, kind: "var", detail: "int", start: 0, end: 3},
		{name: "session function", src: "cle", want: []string{"clean"}, kind: "func", detail: "clean(s string) string", start: 0, end: 3},
		{name: "field of a struct value", src: "p.", want: []string{"A", "B"}, kind: "field", start: 2, end: 2},
		{name: "package name", src: "datafr", want: []string{"dataframe"}, kind: "package", start: 0, end: 6},
		{name: "keyword", src: "fo", want: []string{"for"}, kind: "keyword", start: 0, end: 2},
		{name: "builtin", src: "appe", want: []string{"append"}, kind: "builtin", start: 0, end: 4},
		{name: "command", src: ":he", want: []string{":help"}, kind: "command", start: 0, end: 3},
		{name: "name after :doc", src: ":doc lib.Sour", want: []string{"Sources"}, kind: "func", start: 9, end: 13},
		{name: "cursor inside a word", src: "lib.Lo|ad(x)", want: []string{"Load"}, start: 4, end: 8},
		{name: "second line", src: "x := 1\ndf.Nro", want: []string{"Nrow"}, kind: "method", start: 10, end: 13},
		{name: "case-insensitive fallback", src: "lib.sources", want: []string{"Sources"}, start: 4, end: 11},
		{name: "unknown receiver", src: "nosuch.X", want: nil, start: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, cursor := tt.src, len(tt.src)
			if i := strings.Index(src, "|"); i >= 0 {
				src, cursor = src[:i]+src[i+1:], i
			}
			cands, start, end := e.Complete(src, cursor)
			var got []string
			for _, c := range cands {
				got = append(got, c.Text)
			}
			if len(tt.want) == 0 {
				if len(got) != 0 {
					t.Fatalf("Complete(%q) = %v, want none", src, got)
				}
				return
			}
			if len(got) < len(tt.want) || strings.Join(got[:len(tt.want)], " ") != strings.Join(tt.want, " ") {
				t.Fatalf("Complete(%q) = %v, want %v first", src, got, tt.want)
			}
			c := cands[0]
			if tt.kind != "" && c.Kind != tt.kind {
				t.Errorf("kind = %q, want %q", c.Kind, tt.kind)
			}
			if !strings.Contains(c.Detail, tt.detail) {
				t.Errorf("detail = %q, want it to contain %q", c.Detail, tt.detail)
			}
			if !strings.Contains(c.Doc, tt.doc) {
				t.Errorf("doc = %q, want it to contain %q", c.Doc, tt.doc)
			}
			if tt.start >= 0 && (start != tt.start || end != tt.end) {
				t.Errorf("range = [%d, %d), want [%d, %d)", start, end, tt.start, tt.end)
			}
		})
	}
}

func TestDoc(t *testing.T) {
	e, _ := newEngine(t)
	for _, src := range []string{`df := lib.Sources()`, `func clean(s string) string { return s }`, `b := lib.NewBuild(lib.BuildOptions{})`} {
		if _, err := e.Eval(context.Background(), src); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct{ name, want string }{
		{"lib", "Package lib is the facade"},
		{"lib.Load", "func Load(paths ...string) (dataframe.DataFrame, error)\n\nLoad reads schema JSONL files"},
		{"dataframe.DataFrame.Filter", "func (df DataFrame) Filter(filters ...F) DataFrame"},
		{"df.Filter", "func (df DataFrame) Filter(filters ...F) DataFrame"},
		{"df", "var df dataframe.DataFrame"},
		{"clean", "func clean(s string) string"},
		{"b.Take", "Take converts a public source's files"},
		{"lib.DedupOptions", "type Options struct"},
		{"strings.ToUpper", "strings.ToUpper func(string) string"},
		{"stat.Mean", "func Mean(x, weights []float64) float64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := e.Doc(tt.name)
			if !ok || !strings.Contains(got, tt.want) {
				t.Fatalf("Doc(%q) = %q, %v; want it to contain %q", tt.name, got, ok, tt.want)
			}
		})
	}
	if _, ok := e.Doc("nosuch.Thing"); ok {
		t.Error("Doc of an unknown name succeeded")
	}
	if got, ok := e.DocAt("x := lib.Load(y)", 10); !ok || !strings.HasPrefix(got, "func Load(") {
		t.Errorf("DocAt = %q, %v", got, ok)
	}
}

func TestVars(t *testing.T) {
	e, _ := newEngine(t)
	for _, src := range []string{`df := lib.Sources()`, `n := 3`, `const limit = 10`, `func f(x int) int { return x }`, `type T struct{}`} {
		if _, err := e.Eval(context.Background(), src); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, v := range e.Vars() {
		got = append(got, v.Kind+" "+v.Name+" "+v.Type)
	}
	want := []string{"type T ", "var df dataframe.DataFrame", "func f (x int) int", "const limit untyped int", "var n int"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("Vars() = %q, want %q", got, want)
	}
}
