package kernel

import (
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"qmix/lib"
	"qmix/lib/golden"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// testFrame has n rows of a string, an int and a float column; the strings have a
// newline, HTML specials and, in row 0, a cell long enough to be cut.
func testFrame(n int) dataframe.DataFrame {
	var ids, questions []string
	var tokens []int
	var scores []float64
	for i := 0; i < n; i++ {
		ids = append(ids, fmt.Sprintf("demo/%04d", i))
		q := fmt.Sprintf("What is %d < %d & why?\nExplain.", i, i+1)
		if i == 0 {
			q = strings.Repeat("a long question ", 10)
		}
		questions = append(questions, q)
		tokens = append(tokens, 10*i+3)
		scores = append(scores, float64(i)/4)
	}
	return dataframe.New(
		series.New(ids, series.String, "id"),
		series.New(questions, series.String, "question"),
		series.New(tokens, series.Int, "tokens"),
		series.New(scores, series.Float, "score"),
	)
}

func TestFrameRendering(t *testing.T) {
	tests := []struct {
		name string
		rows int
	}{{"small", 3}, {"big", 25}, {"empty", 0}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			df := testFrame(tt.rows)
			data, _ := Render(df)
			html, _ := data["text/html"].(string)
			text, _ := data["text/plain"].(string)
			golden.Check(t, "frame_"+tt.name+"_golden.html", html, *update)
			golden.Check(t, "frame_"+tt.name+"_golden.txt", text, *update)
			if strings.Contains(strings.ToLower(html), "<script") {
				t.Error("HTML carries a script")
			}
		})
	}
}

// fakeChart stands in for lib/chart.Chart (same methods) so the bundle shape is
// checked without drawing.
type fakeChart struct{ err error }

func (c *fakeChart) PNG() ([]byte, error) { return []byte("\x89PNG fake"), c.err }
func (c *fakeChart) SVG() ([]byte, error) { return []byte("<svg/>"), c.err }

func TestRender(t *testing.T) {
	var nilChart *fakeChart
	tests := []struct {
		name  string
		v     any
		mimes string // sorted mime types of the bundle
		plain string // text/plain, when checked
	}{
		{"frame pointer", ptr(testFrame(2)), "text/html text/plain", ""},
		{"series", series.New([]int{1, 2}, series.Int, "n"), "text/html text/plain", ""},
		{"frame error", dataframe.DataFrame{Err: errors.New("bad column")}, "text/plain", "frame with error: bad column"},
		{"chart", &fakeChart{}, "image/png image/svg+xml text/plain", "<chart: 9-byte PNG>"},
		{"chart error", &fakeChart{err: errors.New("no fonts")}, "text/plain", "chart: no fonts"},
		{"nil chart", nilChart, "text/plain", "<nil>"},
		{"html", lib.HTMLText("<p>a &amp; b</p>"), "text/html text/plain", "a & b"},
		{"markdown", lib.MarkdownText("# Title"), "text/markdown text/plain", "# Title"},
		{"int", 42, "text/plain", "42"},
		{"string", "hi", "text/plain", `"hi"`},
		{"struct", struct{ A int }{1}, "text/plain", "{A:1}"},
		{"error", errors.New("boom"), "text/plain", "error: boom"},
		{"nil", nil, "text/plain", "<nil>"},
		{"results with nil error", Values{42, error(nil)}, "text/plain", "42"},
		{"nil results", Values{nilChart, error(nil)}, "text/plain", "<nil>"},
		// As lib.Display and the prompt show them: an empty result is a value.
		{"results with nil slice", Values{[]int(nil), error(nil)}, "text/plain", "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, _ := Render(tt.v)
			var mimes []string
			for m := range data {
				mimes = append(mimes, m)
			}
			if got := strings.Join(sorted(mimes), " "); got != tt.mimes {
				t.Errorf("mime types %q, want %q", got, tt.mimes)
			}
			if tt.plain != "" && data["text/plain"] != tt.plain {
				t.Errorf("text/plain %q, want %q", data["text/plain"], tt.plain)
			}
			if png, ok := data["image/png"].(string); ok {
				if _, err := base64.StdEncoding.DecodeString(png); err != nil {
					t.Errorf("image/png is not base64: %v", err)
				}
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func sorted(s []string) []string {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s
}
