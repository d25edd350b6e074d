package stats

import (
	"strings"
	"testing"

	"github.com/go-gota/gota/dataframe"

	"qmix/lib/golden"
)

func TestSummaryMarkdownGolden(t *testing.T) {
	before, after, drops := fixture(t)
	golden.Check(t, "summary_golden.md", Summarize(before, after, drops).Markdown(2), *update)
}

// TestFrames checks each frame's shape and columns, and that its cells are the
// plain values (Markdown is checked by the golden file).
func TestFrames(t *testing.T) {
	before, after, drops := fixture(t)
	s := Summarize(before, after, drops)
	tests := []struct {
		name    string
		df      dataframe.DataFrame
		columns string
		rows    int
		col     string
		cells   string // the column's cells joined by spaces, or by commas when some are empty
	}{
		{"domain counts", s.After.Frame(), "domain records easy hard percent", 8, "records", "4 3 0 0 1 0 0 2"},
		{"source counts", s.Sources.Frame(), "domain source records easy hard percent_of_domain", 8, "source",
			"existing humaneval mbpp gsm8k math existing alpaca natural_instructions"},
		{"difficulty", s.Difficulty.Frame(), "difficulty records tokens record_percent token_percent", 2, "tokens", "600 830"},
		{"balance", s.Balance.Frame(), "domain records tokens easy_tokens hard_tokens easy_percent hard_percent", 9,
			"easy_tokens", "40 40 0 0 500 0 0 20 600"},
		{"lengths by domain", s.Lengths.Frame(), "domain n mean median p90 p99 max", 8, "median", "30 200 0 0 500 0 0 20"},
		{"lengths by source", s.SourceLengths.Frame(), "domain source n mean median p90 p99 max", 8, "max",
			"100 200 10 200 300 500 20 30"},
		{"diversity", s.Diversity.Frame(), "domain records sources entropy_bits evenness top_source top_percent", 8,
			"top_source", "existing,gsm8k,,,existing,,,alpaca"},
		{"dedup reasons", s.Dedup.ReasonFrame(), "reason dropped percent_of_input", 3, "dropped", "2 4 6"},
		{"dedup sources", s.Dedup.SourceFrame(),
			"source domain input kept exact_duplicate near_duplicate dropped percent_dropped", 9, "input",
			"1 3 5 1 1 4 1 3 1"},
		{"comparison", s.Comparison.Frame(), "domain before after delta before_easy_percent after_easy_percent", 9,
			"delta", "-1 -1 -1 0 0 0 0 -1 -4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.df.Err != nil {
				t.Fatal(tt.df.Err)
			}
			if got := strings.Join(tt.df.Names(), " "); got != tt.columns {
				t.Errorf("columns %q, want %q", got, tt.columns)
			}
			if tt.df.Nrow() != tt.rows {
				t.Errorf("%d rows, want %d", tt.df.Nrow(), tt.rows)
			}
			sep := " "
			if strings.Contains(tt.cells, ",") {
				sep = ","
			}
			if got := strings.Join(tt.df.Col(tt.col).Records(), sep); got != tt.cells {
				t.Errorf("column %s = %q, want %q", tt.col, got, tt.cells)
			}
		})
	}
}
