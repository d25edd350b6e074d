package frame

import (
	"errors"
	"flag"
	"math"
	"strings"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"qmix/lib/golden"
	"qmix/lib/record"
	"qmix/lib/source"
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

// sources is the source registry as a frame, the columns lib.Sources shows: 20
// rows of 8 string columns, wider than a terminal.
func sources() dataframe.DataFrame {
	var cols [8][]string
	for _, a := range source.All() {
		for i, v := range []string{a.Name, a.Title, a.Domain, a.HubID, a.HubConfig, strings.Join(a.Formats, "; "), a.License, a.Difficulty} {
			cols[i] = append(cols[i], v)
		}
	}
	var ss []series.Series
	for i, name := range []string{"name", "title", "domain", "hub_id", "hub_config", "formats", "license", "difficulty_rule"} {
		ss = append(ss, series.New(cols[i], series.String, name))
	}
	return dataframe.New(ss...)
}

// records is a records frame (FromRecords), what analysts display most: long
// questions with line breaks, meta as JSON, token counts.
func records(t *testing.T) dataframe.DataFrame {
	t.Helper()
	recs := []record.Record{
		{ID: "gsm8k/test/0", Question: "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?",
			Answer: "Natalia sold 48/2 = 24 clips in May.\nNatalia sold 48+24 = 72 clips altogether in April and May.\n#### 72", Domain: "math", Difficulty: record.Easy,
			Source: "gsm8k", SourceID: "test/0", License: "MIT", Tokens: record.Tokens{Question: 41, Answer: 33}, Meta: map[string]any{"split": "test"}},
		{ID: "mbpp/test/11", Question: "Write a python function to remove first and last occurrence of a given character from the string.",
			Answer: "def remove_Occ(s,ch):\n    for i in range(len(s)):\n        if (s[i] == ch):\n            s = s[0 : i] + s[i + 1:]\n            break\n    return s",
			Domain: "coding", Difficulty: record.Hard, Source: "mbpp", SourceID: "11", License: "CC-BY-4.0", Tokens: record.Tokens{Question: 19, Answer: 52}},
	}
	df, err := FromRecords(recs)
	if err != nil {
		t.Fatal(err)
	}
	return df
}

func TestText(t *testing.T) {
	tests := []struct {
		name string
		df   func(t *testing.T) dataframe.DataFrame
		opt  TableOptions
	}{
		{"sample", func(*testing.T) dataframe.DataFrame { return sample() }, TableOptions{}},
		{"sources_head_tail", func(*testing.T) dataframe.DataFrame { return sources() }, TableOptions{MaxRows: 6, Width: 100}},
		{"sources_narrow", func(*testing.T) dataframe.DataFrame { return sources() }, TableOptions{MaxRows: 4, Width: 40, MaxCell: 12}},
		{"sources_head_tail_sizes", func(*testing.T) dataframe.DataFrame { return sources() }, TableOptions{MaxRows: 8, Head: 3, Tail: 1, Width: 60}},
		{"empty", func(*testing.T) dataframe.DataFrame {
			return dataframe.New(series.New([]string{}, series.String, "id"))
		}, TableOptions{}},
		{"records", records, TableOptions{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden.Check(t, "frame_"+tt.name+"_golden.txt", Text(tt.df(t), tt.opt), *update)
		})
	}
}

func TestTextSmall(t *testing.T) {
	tests := []struct {
		name string
		df   dataframe.DataFrame
		opt  TableOptions
		want string
	}{
		{"one int column", dataframe.New(series.New([]int{7, 10}, series.Int, "n")), TableOptions{}, "2 rows × 1 column\n   n\n   int\n0    7\n1   10\n"},
		{"floats, a missing one", dataframe.New(series.New([]float64{1.5, math.NaN(), 2.0 / 3}, series.Float, "x")), TableOptions{}, "3 rows × 1 column\n   x\n   float\n0     1.5\n1     NaN\n2  0.6667\n"},
		{"error", dataframe.DataFrame{Err: errors.New("bad column")}, TableOptions{}, "frame with error: bad column"},
		{"head and tail", dataframe.New(series.New([]int{1, 2, 3, 4, 5}, series.Int, "n")), TableOptions{MaxRows: 2}, "5 rows × 1 column\n   n\n   int\n0    1\n…    …\n4    5\n"},
		{"width keeps the first column", sample(), TableOptions{Width: 5}, "4 rows × 4 columns\n   id\n   string\n0  gsm8k/test/0\n1  mmlu/test/1\n2  coqa/dev/2\n3  alpaca/train/3\n(3 more columns: question, tokens, score)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.df, tt.opt); got != tt.want {
				t.Errorf("Text =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestHTML(t *testing.T) {
	got := HTML(sample(), TableOptions{MaxCell: 20}) + HTML(sources(), TableOptions{MaxRows: 4})
	if strings.Contains(strings.ToLower(got), "<script") {
		t.Fatal("HTML output contains a script")
	}
	golden.Check(t, "frame_html_golden.html", got, *update)
	if got := HTML(dataframe.DataFrame{Err: errors.New("a <b>")}, TableOptions{}); got != "<p>frame with error: a &lt;b&gt;</p>\n" {
		t.Errorf("HTML of a frame with an error = %q", got)
	}
}

func TestOf(t *testing.T) {
	df := dataframe.New(series.New([]int{7}, series.Int, "n"))
	s := series.New([]string{"a", "b"}, series.String, "s")
	tests := []struct {
		name string
		v    any
		rows int // -1: not a frame
	}{
		{"frame", df, 1},
		{"frame pointer", &df, 1},
		{"nil frame pointer", (*dataframe.DataFrame)(nil), -1},
		{"series", s, 2},
		{"series pointer", &s, 2},
		{"nil series pointer", (*series.Series)(nil), -1},
		{"slice", []int{1, 2}, -1},
		{"nil", nil, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Of(tt.v)
			switch {
			case tt.rows < 0 && ok:
				t.Errorf("Of(%T) is a frame", tt.v)
			case tt.rows >= 0 && (!ok || got.Nrow() != tt.rows):
				t.Errorf("Of(%T) = %d rows, %v; want %d rows", tt.v, got.Nrow(), ok, tt.rows)
			}
		})
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
