package lib_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"qmix/lib"
)

// The examples read the stats package's fixture: 14 records before balancing,
// 10 after, and a drops file with 6 duplicates and 1 trimmed record.

func ExampleCounts() {
	df, err := lib.Load("stats/testdata/before.jsonl")
	if err != nil {
		fmt.Println(err)
		return
	}
	counts, err := lib.Counts(df, "difficulty")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(counts)
	// Output:
	// [2x5] DataFrame
	//
	//     difficulty records tokens record_percent token_percent
	//  0: easy       9       700    64.285714      45.751634
	//  1: hard       5       830    35.714286      54.248366
	//     <string>   <int>   <int>  <float>        <float>
}

func ExampleCounts_unknownGrouping() {
	df, err := lib.Load("stats/testdata/after.jsonl")
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = lib.Counts(df, "colour")
	fmt.Println(err)
	// Output:
	// lib.Counts: by "colour": want domain, source or difficulty
}

func ExampleCounts_byDomain() {
	df, err := lib.Load("stats/testdata/after.jsonl")
	if err != nil {
		fmt.Println(err)
		return
	}
	counts, err := lib.Counts(df, "domain")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(counts.Select([]string{"domain", "records", "easy", "hard"}))
	// Output:
	// [8x4] DataFrame
	//
	//     domain        records easy  hard
	//  0: coding        4       2     2
	//  1: math          3       1     2
	//  2: tool_use      0       0     0
	//  3: reasoning     0       0     0
	//  4: reading       1       1     0
	//  5: summarization 0       0     0
	//  6: common_sense  0       0     0
	//  7: instruction   2       1     1
	//     <string>      <int>   <int> <int>
}

func ExampleTokenBalance() {
	df, err := lib.Load("stats/testdata/after.jsonl")
	if err != nil {
		fmt.Println(err)
		return
	}
	b, err := lib.TokenBalance(df)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(b.Select([]string{"domain", "tokens", "easy_percent", "hard_percent"}))
	// Output:
	// [9x4] DataFrame
	//
	//     domain        tokens easy_percent hard_percent
	//  0: coding        340    11.764706    88.235294
	//  1: math          540    7.407407     92.592593
	//  2: tool_use      0      0.000000     0.000000
	//  3: reasoning     0      0.000000     0.000000
	//  4: reading       500    100.000000   0.000000
	//  5: summarization 0      0.000000     0.000000
	//  6: common_sense  0      0.000000     0.000000
	//  7: instruction   50     40.000000    60.000000
	//  8: all           1430   41.958042    58.041958
	//     <string>      <int>  <float>      <float>
}

func ExampleLengthSummary() {
	df, err := lib.Load("stats/testdata/before.jsonl")
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := lib.LengthSummary(df, "source")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s)
	// Output:
	// [9x8] DataFrame
	//
	//     domain      source               n     mean       median p90   p99   max
	//  0: coding      existing             2     65.000000  30     100   100   100
	//  1: coding      humaneval            1     200.000000 200    200   200   200
	//  2: coding      mbpp                 2     15.000000  10     20    20    20
	//  3: math        gsm8k                3     100.000000 60     200   200   200
	//  4: math        math                 1     300.000000 300    300   300   300
	//  5: tool_use    gorilla              1     10.000000  10     10    10    10
	//  6: reading     existing             1     500.000000 500    500   500   500
	//  7: instruction alpaca               2     15.000000  10     20    20    20
	//  8: instruction natural_instructions 1     30.000000  30     30    30    30
	//     <string>    <string>             <int> <float>    <int>  <int> <int> <int>
}

func ExampleDiversity() {
	df, err := lib.Load("stats/testdata/before.jsonl")
	if err != nil {
		fmt.Println(err)
		return
	}
	d, err := lib.Diversity(df)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Select([]string{"domain", "sources", "entropy_bits", "evenness", "top_percent"}))
	// Output:
	// [8x5] DataFrame
	//
	//     domain        sources entropy_bits evenness top_percent
	//  0: coding        3       1.521928     0.960230 40.000000
	//  1: math          2       0.811278     0.811278 75.000000
	//  2: tool_use      1       0.000000     0.000000 100.000000
	//  3: reasoning     0       0.000000     0.000000 0.000000
	//  4: reading       1       0.000000     0.000000 100.000000
	//  5: summarization 0       0.000000     0.000000 0.000000
	//  6: common_sense  0       0.000000     0.000000 0.000000
	//  7: instruction   2       0.918296     0.918296 66.666667
	//     <string>      <int>   <float>      <float>  <float>
}

func ExampleCompare() {
	before, err := lib.Load("stats/testdata/before.jsonl")
	if err != nil {
		fmt.Println(err)
		return
	}
	after, err := lib.Load("stats/testdata/after.jsonl")
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := lib.Compare(before, after)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c)
	// Output:
	// [9x6] DataFrame
	//
	//     domain        before after delta before_easy_percent after_easy_percent
	//  0: coding        5      4     -1    16.666667           11.764706
	//  1: math          4      3     -1    16.666667           7.407407
	//  2: tool_use      1      0     -1    100.000000          0.000000
	//  3: reasoning     0      0     0     0.000000            0.000000
	//  4: reading       1      1     0     100.000000          100.000000
	//  5: summarization 0      0     0     0.000000            0.000000
	//  6: common_sense  0      0     0     0.000000            0.000000
	//  7: instruction   3      2     -1    50.000000           40.000000
	//  8: all           14     10    -4    45.751634           41.958042
	//     <string>      <int>  <int> <int> <float>             <float>
}

func ExampleDedupRates() {
	kept, err := lib.Load("stats/testdata/before.jsonl")
	if err != nil {
		fmt.Println(err)
		return
	}
	drops, err := lib.LoadDrops("stats/testdata/drops.jsonl")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(drops.Nrow(), "drops")
	byReason, err := lib.DedupRates(kept, drops, "reason")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(byReason)
	bySource, err := lib.DedupRates(kept, drops, "source")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(bySource.Select([]string{"source", "input", "dropped", "percent_dropped"}))
	// Output:
	// 7 drops
	// [3x3] DataFrame
	//
	//     reason          dropped percent_of_input
	//  0: exact_duplicate 2       10.000000
	//  1: near_duplicate  4       20.000000
	//  2: all             6       30.000000
	//     <string>        <int>   <float>
	//
	// [9x4] DataFrame
	//
	//     source               input dropped percent_dropped
	//  0: humaneval            1     0       0.000000
	//  1: mbpp                 3     1       33.333333
	//  2: gsm8k                5     2       40.000000
	//  3: math                 1     0       0.000000
	//  4: gorilla              1     0       0.000000
	//  5: alpaca               4     2       50.000000
	//  6: natural_instructions 1     0       0.000000
	//  7: existing             3     0       0.000000
	//  8: (unknown)            1     1       100.000000
	//     <string>             <int> <int>   <float>
}

func ExampleStatsReport() {
	before, _ := lib.Load("stats/testdata/before.jsonl")
	after, _ := lib.Load("stats/testdata/after.jsonl")
	drops, _ := lib.LoadDrops("stats/testdata/drops.jsonl")
	md, err := lib.StatsReport(before, after, drops)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "## ") {
			fmt.Println(line)
		}
	}
	// Output:
	// ## Domain counts before and after balancing
	// ## Final set by domain and difficulty
	// ## Final set by difficulty
	// ## Token balance of the final set
	// ## Token lengths of the final set by domain
	// ## Token lengths of the final set by source
	// ## Source mix of the final set
	// ## Source diversity of the final set
	// ## Deduplication by reason
	// ## Deduplication by source
}

func ExamplePlotDomains() {
	before, _ := lib.Load("stats/testdata/before.jsonl")
	after, _ := lib.Load("stats/testdata/after.jsonl")
	c, err := lib.PlotDomains(before, after)
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, _ := os.MkdirTemp("", "qmix-example")
	defer os.RemoveAll(dir)
	if err := c.Save(filepath.Join(dir, "domains.png")); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Title)
	fmt.Println(c.Subtitle)
	// Output:
	// Records per domain, before and after
	// before: 14 records, after: 10 records
}
