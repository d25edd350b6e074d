package lib

import (
	"fmt"
	"math"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"qmix/lib/chart"
	"qmix/lib/frame"
	"qmix/lib/record"
	"qmix/lib/stats"
)

// Chart is what the Plot… verbs return: c.Save("plots/x.png") writes PNG or SVG
// by extension, c.PNG() and c.SVG() give the bytes, Display(c) shows it. Set
// c.Title, c.Subtitle, c.Width and c.Height (pixels) before saving to change them.
type Chart = chart.Chart

// Counts counts a records frame by "domain" (all eight, with easy and hard),
// "source" (per domain and source) or "difficulty" (records and tokens).
func Counts(df dataframe.DataFrame, by string) (dataframe.DataFrame, error) {
	recs, err := frame.ToRecords(df)
	if err != nil {
		return dataframe.DataFrame{}, err
	}
	switch by {
	case "domain":
		return stats.ByDomain(recs).Frame(), nil
	case "source":
		return stats.BySource(recs).Frame(), nil
	case "difficulty":
		return stats.ByDifficulty(recs).Frame(), nil
	}
	return dataframe.DataFrame{}, fmt.Errorf("lib.Counts: by %q: want domain, source or difficulty", by)
}

// TokenBalance is the easy and hard share of tokens per domain, with a last row
// "all": the 60/40 the plan asks for is easy_percent/hard_percent of that row.
func TokenBalance(df dataframe.DataFrame) (dataframe.DataFrame, error) {
	recs, err := frame.ToRecords(df)
	if err != nil {
		return dataframe.DataFrame{}, err
	}
	return stats.TokenBalance(recs).Frame(), nil
}

// LengthSummary summarizes token lengths (question + answer) by "domain" or
// "source": n, mean, median, p90, p99, max. Quantiles are empirical: always a
// length that occurs (see stats.LengthSummary).
func LengthSummary(df dataframe.DataFrame, by string) (dataframe.DataFrame, error) {
	recs, err := frame.ToRecords(df)
	if err != nil {
		return dataframe.DataFrame{}, err
	}
	switch by {
	case "domain":
		return stats.LengthsByDomain(recs).Frame(), nil
	case "source":
		return stats.LengthsBySource(recs).Frame(), nil
	}
	return dataframe.DataFrame{}, fmt.Errorf("lib.LengthSummary: by %q: want domain or source", by)
}

// Diversity measures each domain's source mix: the Shannon entropy in bits and
// the evenness (entropy over its maximum, 0 to 1), with the largest source.
func Diversity(df dataframe.DataFrame) (dataframe.DataFrame, error) {
	recs, err := frame.ToRecords(df)
	if err != nil {
		return dataframe.DataFrame{}, err
	}
	return stats.SourceDiversity(recs).Frame(), nil
}

// Compare compares two records frames per domain: records before and after, the
// change, and the easy share of tokens before and after, with a last row "all".
func Compare(before, after dataframe.DataFrame) (dataframe.DataFrame, error) {
	b, a, err := twoRecordSets(before, after)
	if err != nil {
		return dataframe.DataFrame{}, err
	}
	return stats.Compare(b, a).Frame(), nil
}

func twoRecordSets(before, after dataframe.DataFrame) ([]record.Record, []record.Record, error) {
	b, err := frame.ToRecords(before)
	if err != nil {
		return nil, nil, fmt.Errorf("before: %w", err)
	}
	a, err := frame.ToRecords(after)
	if err != nil {
		return nil, nil, fmt.Errorf("after: %w", err)
	}
	return b, a, nil
}

// Columns of a drops frame, as in drops.jsonl.
var dropColumns = []string{"id", "stage", "reason", "duplicate_of", "similarity", "detail"}

// LoadDrops reads a build's drops.jsonl into a frame: id, stage, reason,
// duplicate_of, similarity, detail.
func LoadDrops(path string) (dataframe.DataFrame, error) {
	ds, err := record.ReadDrops(path)
	if err != nil {
		return dataframe.DataFrame{}, err
	}
	return dropsFrame(ds), nil
}

func dropsFrame(ds []record.Drop) dataframe.DataFrame {
	n := len(ds)
	id, stage, reason, dup, detail := make([]string, n), make([]string, n), make([]string, n), make([]string, n),
		make([]string, n)
	sim := make([]float64, n)
	for i, d := range ds {
		id[i], stage[i], reason[i], dup[i], sim[i], detail[i] = d.ID, d.Stage, d.Reason, d.DuplicateOf, d.Similarity, d.Detail
	}
	return dataframe.New(
		series.New(id, series.String, "id"),
		series.New(stage, series.String, "stage"),
		series.New(reason, series.String, "reason"),
		series.New(dup, series.String, "duplicate_of"),
		series.New(sim, series.Float, "similarity"),
		series.New(detail, series.String, "detail"),
	)
}

// toDrops reads drops back from a frame with at least id and reason columns.
func toDrops(df dataframe.DataFrame) ([]record.Drop, error) {
	if df.Err != nil {
		return nil, df.Err
	}
	has := map[string]bool{}
	for _, n := range df.Names() {
		has[n] = true
	}
	for _, c := range []string{"id", "reason"} {
		if !has[c] {
			return nil, fmt.Errorf("drops frame: no %q column (have %v; want %v)", c, df.Names(), dropColumns)
		}
	}
	ds := make([]record.Drop, df.Nrow())
	str := func(col string, set func(*record.Drop, string)) {
		if has[col] {
			for i, v := range df.Col(col).Records() {
				set(&ds[i], v)
			}
		}
	}
	str("id", func(d *record.Drop, v string) { d.ID = v })
	str("stage", func(d *record.Drop, v string) { d.Stage = v })
	str("reason", func(d *record.Drop, v string) { d.Reason = v })
	str("duplicate_of", func(d *record.Drop, v string) { d.DuplicateOf = v })
	str("detail", func(d *record.Drop, v string) { d.Detail = v })
	if has["similarity"] {
		s := df.Col("similarity")
		for i := range ds {
			e := s.Elem(i)
			v := e.Float()
			if e.IsNA() || math.IsNaN(v) {
				return nil, fmt.Errorf("drops frame: row %d column \"similarity\": %q is not a number", i, e.String())
			}
			ds[i].Similarity = v
		}
	}
	return ds, nil
}

// DedupRates measures what deduplication removed, by "reason" (exact and near
// duplicates, with a row "all") or by "source" (inputs, kept, each reason,
// percent dropped). kept is every record that went through deduplication and
// survived (a build's augmented set); drops is a drops frame (LoadDrops), whose
// other reasons (trimmed, invalid) are left out.
func DedupRates(kept, drops dataframe.DataFrame, by string) (dataframe.DataFrame, error) {
	recs, err := frame.ToRecords(kept)
	if err != nil {
		return dataframe.DataFrame{}, err
	}
	ds, err := toDrops(drops)
	if err != nil {
		return dataframe.DataFrame{}, err
	}
	d := stats.DedupRates(recs, ds)
	switch by {
	case "reason":
		return d.ReasonFrame(), nil
	case "source":
		return d.SourceFrame(), nil
	}
	return dataframe.DataFrame{}, fmt.Errorf("lib.DedupRates: by %q: want reason or source", by)
}

// StatsReport renders every statistic of a build as Markdown tables under "##"
// headings: before is the augmented set, after the final set, drops the build's
// drops frame.
func StatsReport(before, after, drops dataframe.DataFrame) (string, error) {
	b, a, err := twoRecordSets(before, after)
	if err != nil {
		return "", err
	}
	ds, err := toDrops(drops)
	if err != nil {
		return "", err
	}
	return stats.Summarize(b, a, ds).Markdown(2), nil
}

// PlotDomains draws records per domain before and after as grouped bars, with
// the 7,500 quota line.
func PlotDomains(before, after dataframe.DataFrame) (*Chart, error) {
	b, a, err := twoRecordSets(before, after)
	if err != nil {
		return nil, err
	}
	c, err := chart.DomainCounts(stats.ByDomain(b), stats.ByDomain(a), chart.DefaultOptions(chart.Options{}).Quota)
	if err != nil {
		return nil, err
	}
	c.Subtitle = "before: " + chart.Thousands(len(b)) + " records, after: " + chart.Thousands(len(a)) + " records"
	return c, nil
}

// plotOne converts a records frame and draws one chart of it.
func plotOne(df dataframe.DataFrame, draw func([]record.Record) (*Chart, error)) (*Chart, error) {
	recs, err := frame.ToRecords(df)
	if err != nil {
		return nil, err
	}
	c, err := draw(recs)
	if err != nil {
		return nil, err
	}
	c.Subtitle = chart.Thousands(len(recs)) + " records"
	return c, nil
}

// PlotSources draws each domain's source mix as stacked bars.
func PlotSources(df dataframe.DataFrame) (*Chart, error) {
	return plotOne(df, func(recs []record.Record) (*Chart, error) { return chart.SourceMix(stats.BySource(recs)) })
}

// PlotTokenShare draws the easy and hard share of tokens per domain and overall,
// with the 60/40 target and its ± 2.5 point tolerance.
func PlotTokenShare(df dataframe.DataFrame) (*Chart, error) {
	return plotOne(df, func(recs []record.Record) (*Chart, error) {
		o := chart.DefaultOptions(chart.Options{})
		return chart.TokenShare(stats.TokenBalance(recs), o.TargetEasy, o.Tolerance)
	})
}

// PlotLengths draws a token-length histogram per domain on a log axis.
func PlotLengths(df dataframe.DataFrame) (*Chart, error) {
	return plotOne(df, func(recs []record.Record) (*Chart, error) {
		return chart.LengthHistograms(stats.TokenLengths(recs))
	})
}

// PlotDifficulty draws easy and hard records per domain.
func PlotDifficulty(df dataframe.DataFrame) (*Chart, error) {
	return plotOne(df, func(recs []record.Record) (*Chart, error) { return chart.Difficulty(stats.ByDomain(recs)) })
}

// PlotSimilarity draws the similarity of the near duplicates of a drops frame
// (LoadDrops) with the threshold marked; 0 means the default 0.8.
func PlotSimilarity(drops dataframe.DataFrame, threshold float64) (*Chart, error) {
	ds, err := toDrops(drops)
	if err != nil {
		return nil, err
	}
	if threshold == 0 {
		threshold = chart.DefaultOptions(chart.Options{}).Threshold
	}
	return chart.Similarity(stats.Similarities(ds), threshold)
}

// SaveCharts draws every chart of a build and writes them into dir as PNG
// (domain_counts.png, source_mix.png, token_share.png, token_lengths.png,
// difficulty.png, near_duplicate_similarity.png); it returns the paths.
func SaveCharts(dir string, before, after, drops dataframe.DataFrame) ([]string, error) {
	b, a, err := twoRecordSets(before, after)
	if err != nil {
		return nil, err
	}
	ds, err := toDrops(drops)
	if err != nil {
		return nil, err
	}
	return chart.RenderAll(dir, b, a, ds, chart.Options{})
}
