package display

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"qmix/lib"
	"qmix/lib/frame"
)

// TestFrameDelegates checks that the frame functions hand every option to
// lib/frame's renderer (whose own tests hold the golden tables).
func TestFrameDelegates(t *testing.T) {
	df := lib.Sources()
	tests := []struct {
		name string
		opt  Options
		want frame.TableOptions
	}{
		{"defaults", Options{}, frame.TableOptions{}},
		{"every bound", Options{MaxRows: 8, Head: 3, Tail: 1, MaxCell: 12, Width: 60, MaxText: 10}, frame.TableOptions{MaxRows: 8, Head: 3, Tail: 1, MaxCell: 12, Width: 60}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := FrameText(df, tt.opt), frame.Text(df, tt.want); got != want {
				t.Errorf("FrameText =\n%s\nwant\n%s", got, want)
			}
			if got, want := FrameHTML(df, tt.opt), frame.HTML(df, tt.want); got != want {
				t.Errorf("FrameHTML differs from frame.HTML:\n%s\nwant\n%s", got, want)
			}
			var b bytes.Buffer
			if err := Text(&b, &df, tt.opt); err != nil || b.String() != frame.Text(df, tt.want) {
				t.Errorf("Text of a frame pointer = %q, %v", b.String(), err)
			}
		})
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"nil", nil, ""},
		{"nil error", error(nil), ""},
		{"nil pointer", (*dataframe.DataFrame)(nil), ""},
		{"number", 42, "42\n"},
		{"string", "text", "text\n"},
		{"error", errors.New("boom"), "error: boom\n"},
		{"series", series.New([]int{1, 2}, series.Int, "n"), "2 rows × 1 column\n   n\n   int\n0    1\n1    2\n"},
		{"frame pointer", func() *dataframe.DataFrame { d := dataframe.New(series.New([]int{7}, series.Int, "n")); return &d }(), "1 row × 1 column\n   n\n   int\n0    7\n"},
		{"frame with error", dataframe.DataFrame{Err: errors.New("bad column")}, "frame with error: bad column\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Text(&b, tt.v, Options{}); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Fatalf("Text = %q, want %q", b.String(), tt.want)
			}
		})
	}
}

func TestTextCutsHugeValues(t *testing.T) {
	var b bytes.Buffer
	if err := Text(&b, strings.Repeat("word ", 2000), Options{}); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	if len(got) > 4100 || !strings.HasPrefix(got, "word word") || !strings.HasSuffix(got, "word … (6001 more bytes)\n") {
		t.Fatalf("Text of 10,000 bytes = %d bytes ending %q", len(got), got[len(got)-40:])
	}
}

func TestSummary(t *testing.T) {
	tests := []struct {
		v    any
		want string
	}{
		{lib.Sources(), "20 × 8 frame (name, title, domain, hub_id, …)"},
		{"a string", `"a string"`},
		{[]int{1, 2, 3}, "len 3: [1 2 3]"},
		{errors.New("boom"), "error: boom"},
		{nil, "nil"},
		{strings.Repeat("x", 100), `"` + strings.Repeat("x", 58) + "…"},
	}
	for _, tt := range tests {
		if got := Summary(tt.v); got != tt.want {
			t.Errorf("Summary(%T) = %q, want %q", tt.v, got, tt.want)
		}
	}
}
