package lib_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"qmix/lib"
)

// fakePNG has the method Display looks for on charts.
type fakePNG struct{}

func (fakePNG) PNG() ([]byte, error) { return []byte("\x89PNG\r\n"), nil }

func TestDisplayText(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want string // prefix of the text
	}{
		{"html", lib.HTMLText("<p>a &amp; b</p><table><tr><td>1</td><td>2</td></tr></table>"), "a & b\n1\t2"},
		{"markdown", lib.MarkdownText("# Title"), "# Title\n"},
		{"value", 42, "42\n"},
		{"chart", fakePNG{}, "chart saved to "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := lib.DisplayText(&b, tt.v); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(b.String(), tt.want) {
				t.Errorf("got %q, want prefix %q", b.String(), tt.want)
			}
			if tt.name == "chart" {
				path := strings.TrimSpace(strings.TrimPrefix(b.String(), "chart saved to "))
				got, err := os.ReadFile(path)
				if err != nil || !bytes.HasPrefix(got, []byte("\x89PNG")) {
					t.Errorf("saved chart %s: %v %q", path, err, got)
				}
				os.Remove(path)
			}
		})
	}
}

func TestSetDisplayFunc(t *testing.T) {
	var got []any
	prev := lib.SetDisplayFunc(func(v any) { got = append(got, v) })
	defer lib.SetDisplayFunc(prev)
	var nilErr *os.PathError
	lib.Display(1, nil, error(nil), nilErr, "two", []int(nil))
	lib.HTML("<b>x</b>")
	lib.Markdown("*y*")
	want := fmt.Sprint([]any{1, "two", []int(nil), lib.HTMLText("<b>x</b>"), lib.MarkdownText("*y*")})
	if fmt.Sprint(got) != want {
		t.Errorf("hook got %v, want %v", got, want)
	}
	if old := lib.SetDisplayFunc(prev); old == nil {
		t.Error("SetDisplayFunc did not return the hook it replaced")
	}
}

func ExampleDisplay() {
	// Outside a notebook, Display prints; a call's nil error is skipped.
	lib.Display(lib.Domains(), errors.Unwrap(errors.New("no cause")))
	// Output: [coding math tool_use reasoning reading summarization common_sense instruction]
}

func ExampleHTML() {
	lib.HTML("<h3>Sources</h3><p>20 public datasets &amp; an existing set</p>")
	// Output:
	// Sources
	// 20 public datasets & an existing set
}

func ExampleMarkdown() {
	lib.Markdown("**60,000** records")
	// Output: **60,000** records
}
