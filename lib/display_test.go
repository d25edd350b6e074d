package lib_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"qmix/lib"
	"qmix/lib/frame"
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
		{"error", errors.New("no such file"), "error: no such file\n"},
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

// TestDisplayTextFrames: frames and series print as the prompt's tables
// (lib/frame's Text with its defaults: w is not a terminal), whole.
func TestDisplayTextFrames(t *testing.T) {
	sources := lib.Sources()
	ids := series.New([]string{"gsm8k/test/0", "mbpp/test/11"}, series.String, "id")
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"frame", sources, frame.Text(sources, frame.TableOptions{})},
		{"frame pointer", &sources, frame.Text(sources, frame.TableOptions{})},
		{"series", ids, "2 rows × 1 column\n   id\n   string\n0  gsm8k/test/0\n1  mbpp/test/11\n"},
		{"frame with error", dataframe.DataFrame{Err: errors.New("bad column")}, "frame with error: bad column\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := lib.DisplayText(&b, tt.v); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), tt.want)
			}
		})
	}
	// The sources table is wider than 120 characters: its last columns are named.
	var b bytes.Buffer
	lib.DisplayText(&b, sources)
	if !strings.HasPrefix(b.String(), "20 rows × 8 columns\n") || !strings.Contains(b.String(), "more columns:") {
		t.Errorf("sources table:\n%s", b.String())
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

func ExampleDisplay_frame() {
	// A frame prints as the prompt shows it: shape, column types, rows.
	lib.Display(dataframe.New(
		series.New([]string{"easy", "hard"}, series.String, "difficulty"),
		series.New([]int{2002, 0}, series.Int, "records"),
	))
	// Output:
	// 2 rows × 2 columns
	//    difficulty  records
	//    string      int
	// 0  easy           2002
	// 1  hard              0
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
