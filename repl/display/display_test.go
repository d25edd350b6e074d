package display

import (
	"bytes"
	"errors"
	"flag"
	"strings"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"qmix/lib"
	"qmix/lib/golden"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// sample is a small frame with the cases a table must handle: a long string, a
// newline, wide characters, a missing value, numbers.
func sample() dataframe.DataFrame {
	return dataframe.New(
		series.New([]string{"gsm8k/test/0", "mmlu/test/1", "coqa/dev/2", "alpaca/train/3"}, series.String, "id"),
		series.New([]string{"Janet’s ducks lay 16 eggs per day. She eats three for breakfast every morning.", "Which of these\nis a prime?", "日本語の質問", ""}, series.String, "question"),
		series.New([]int{187, 41, 12, 9}, series.Int, "tokens"),
		series.New([]float64{0.25, 0.5, 1, 0}, series.Float, "score"),
	)
}

func TestFrameText(t *testing.T) {
	tests := []struct {
		name string
		df   dataframe.DataFrame
		opt  Options
	}{
		{"sample", sample(), Options{}},
		{"sources_head_tail", lib.Sources(), Options{MaxRows: 6, Width: 100}},
		{"sources_narrow", lib.Sources(), Options{MaxRows: 4, Width: 40, MaxCell: 12}},
		{"sources_head_tail_sizes", lib.Sources(), Options{MaxRows: 8, Head: 3, Tail: 1, Width: 60}},
		{"empty", dataframe.New(series.New([]string{}, series.String, "id")), Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden.Check(t, "frame_"+tt.name+"_golden.txt", FrameText(tt.df, tt.opt), *update)
		})
	}
}

func TestFrameHTML(t *testing.T) {
	got := FrameHTML(sample(), Options{MaxCell: 20}) + FrameHTML(lib.Sources(), Options{MaxRows: 4})
	if strings.Contains(strings.ToLower(got), "<script") {
		t.Fatal("HTML output contains a script")
	}
	golden.Check(t, "frame_html_golden.html", got, *update)
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

func TestFormatFloat(t *testing.T) {
	tests := []struct {
		f    float64
		want string
	}{{100, "100"}, {0.25, "0.25"}, {61.833333, "61.8333"}, {9669119, "9669119"}, {-2.5, "-2.5"}, {0.0000123, "1.23e-05"}, {0, "0"}}
	for _, tt := range tests {
		if got := formatFloat(tt.f); got != tt.want {
			t.Errorf("formatFloat(%v) = %q, want %q", tt.f, got, tt.want)
		}
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
