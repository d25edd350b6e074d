package stats

import (
	"sort"

	"github.com/go-gota/gota/dataframe"
	"gonum.org/v1/gonum/stat"

	"qmix/lib/record"
)

// LengthSummary describes the token lengths (question + answer) of a group.
//
// Quantiles are empirical (stat.Quantile with stat.Empirical on the sorted
// lengths): the q-quantile is the smallest length v such that at least a fraction
// q of the group is no longer than v, that is sorted[ceil(q·n)-1]. It is always a
// length that occurs, so an even-sized group's median is the lower of its two
// middle values. An empty group is all zeros.
type LengthSummary struct {
	Domain string
	Source string // "" in per-domain summaries
	N      int
	Mean   float64
	Median int
	P90    int
	P99    int
	Max    int
}

// LengthSummaries lists groups by domain order, then source name.
type LengthSummaries []LengthSummary

// summarize describes sorted lengths.
func summarize(domain, source string, sorted []float64) LengthSummary {
	s := LengthSummary{Domain: domain, Source: source, N: len(sorted)}
	if len(sorted) == 0 {
		return s
	}
	q := func(p float64) int { return int(stat.Quantile(p, stat.Empirical, sorted, nil)) }
	s.Mean = stat.Mean(sorted, nil)
	s.Median, s.P90, s.P99 = q(0.5), q(0.9), q(0.99)
	s.Max = int(sorted[len(sorted)-1])
	return s
}

// TokenLengths returns each domain's token lengths, sorted ascending; every domain
// of record.Domains is a key, with an empty slice when it has no records.
func TokenLengths(recs []record.Record) map[string][]float64 {
	out := map[string][]float64{}
	for _, d := range domainsOf(recs) {
		out[d] = []float64{}
	}
	for _, r := range recs {
		out[r.Domain] = append(out[r.Domain], float64(r.TotalTokens()))
	}
	for _, v := range out {
		sort.Float64s(v)
	}
	return out
}

// LengthsByDomain summarizes token lengths per domain, all eight present.
func LengthsByDomain(recs []record.Record) LengthSummaries {
	lens := TokenLengths(recs)
	var out LengthSummaries
	for _, d := range domainsOf(recs) {
		out = append(out, summarize(d, "", lens[d]))
	}
	return out
}

// LengthsBySource summarizes token lengths per (domain, source) group.
func LengthsBySource(recs []record.Record) LengthSummaries {
	groups := map[pair][]float64{}
	var keys []pair
	for _, r := range recs {
		k := pair{r.Domain, r.Source}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], float64(r.TotalTokens()))
	}
	sortPairs(keys)
	out := make(LengthSummaries, len(keys))
	for i, k := range keys {
		v := groups[k]
		sort.Float64s(v)
		out[i] = summarize(k.domain, k.source, v)
	}
	return out
}

func (ls LengthSummaries) table() table {
	n := len(ls)
	dom, src := make([]string, n), make([]string, n)
	num, med, p90, p99, max := make([]int, n), make([]int, n), make([]int, n), make([]int, n), make([]int, n)
	mean := make([]float64, n)
	bySource := false
	for i, s := range ls {
		dom[i], src[i], num[i], mean[i], med[i], p90[i], p99[i], max[i] = s.Domain, s.Source, s.N, s.Mean, s.Median,
			s.P90, s.P99, s.Max
		bySource = bySource || s.Source != ""
	}
	t := table{strCol("domain", dom)}
	if bySource {
		t = append(t, strCol("source", src))
	}
	return append(t, intCol("n", num), floatCol("mean", mean, 1), intCol("median", med), intCol("p90", p90),
		intCol("p99", p99), intCol("max", max))
}

// Frame returns the summaries as a frame: domain, source (only when by source),
// n, mean, median, p90, p99, max.
func (ls LengthSummaries) Frame() dataframe.DataFrame { return ls.table().frame() }

// Markdown returns the summaries as a Markdown table.
func (ls LengthSummaries) Markdown() string { return ls.table().markdown() }
