package stats

import (
	"sort"

	"github.com/go-gota/gota/dataframe"

	"qmix/lib/record"
)

// DomainCount is how many records one domain holds, split by difficulty.
type DomainCount struct {
	Domain  string
	Records int
	Easy    int
	Hard    int
	Percent float64 // of all records
}

// DomainCounts lists every domain in record.Domains order.
type DomainCounts []DomainCount

// ByDomain counts records per domain. All eight domains are present, with zeros
// when empty; a record of any other domain gets a row after them.
func ByDomain(recs []record.Record) DomainCounts {
	idx := map[string]int{}
	var out DomainCounts
	for _, d := range domainsOf(recs) {
		idx[d] = len(out)
		out = append(out, DomainCount{Domain: d})
	}
	for _, r := range recs {
		c := &out[idx[r.Domain]]
		c.Records++
		switch r.Difficulty {
		case record.Easy:
			c.Easy++
		case record.Hard:
			c.Hard++
		}
	}
	for i := range out {
		out[i].Percent = percent(out[i].Records, len(recs))
	}
	return out
}

// Get returns the count of one domain (zero when absent).
func (cs DomainCounts) Get(domain string) DomainCount {
	for _, c := range cs {
		if c.Domain == domain {
			return c
		}
	}
	return DomainCount{Domain: domain}
}

func (cs DomainCounts) table() table {
	n := len(cs)
	dom, recs, easy, hard, pct := make([]string, n), make([]int, n), make([]int, n), make([]int, n), make([]float64, n)
	for i, c := range cs {
		dom[i], recs[i], easy[i], hard[i], pct[i] = c.Domain, c.Records, c.Easy, c.Hard, c.Percent
	}
	return table{strCol("domain", dom), intCol("records", recs), intCol("easy", easy), intCol("hard", hard),
		floatCol("percent", pct, 1)}
}

// Frame returns the counts as a frame: domain, records, easy, hard, percent.
func (cs DomainCounts) Frame() dataframe.DataFrame { return cs.table().frame() }

// Markdown returns the counts as a Markdown table.
func (cs DomainCounts) Markdown() string { return cs.table().markdown() }

// SourceCount is how many records one source gives one domain. A source that
// feeds several domains (the existing set) has one row per domain.
type SourceCount struct {
	Domain  string
	Source  string
	Records int
	Easy    int
	Hard    int
	Percent float64 // of the domain's records
}

// SourceCounts lists (domain, source) groups by domain order, then source name.
type SourceCounts []SourceCount

// BySource counts records per domain and source.
func BySource(recs []record.Record) SourceCounts {
	groups := map[pair]*SourceCount{}
	perDomain := map[string]int{}
	var keys []pair
	for _, r := range recs {
		k := pair{r.Domain, r.Source}
		c := groups[k]
		if c == nil {
			c = &SourceCount{Domain: r.Domain, Source: r.Source}
			groups[k] = c
			keys = append(keys, k)
		}
		c.Records++
		perDomain[r.Domain]++
		switch r.Difficulty {
		case record.Easy:
			c.Easy++
		case record.Hard:
			c.Hard++
		}
	}
	sortPairs(keys)
	out := make(SourceCounts, len(keys))
	for i, k := range keys {
		c := groups[k]
		c.Percent = percent(c.Records, perDomain[k.domain])
		out[i] = *c
	}
	return out
}

// Domain returns the rows of one domain, largest source first (ties by name).
func (cs SourceCounts) Domain(domain string) SourceCounts {
	var out SourceCounts
	for _, c := range cs {
		if c.Domain == domain {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Records > out[j].Records })
	return out
}

func (cs SourceCounts) table() table {
	n := len(cs)
	dom, src, recs, easy, hard, pct := make([]string, n), make([]string, n), make([]int, n), make([]int, n),
		make([]int, n), make([]float64, n)
	for i, c := range cs {
		dom[i], src[i], recs[i], easy[i], hard[i], pct[i] = c.Domain, c.Source, c.Records, c.Easy, c.Hard, c.Percent
	}
	return table{strCol("domain", dom), strCol("source", src), intCol("records", recs), intCol("easy", easy),
		intCol("hard", hard), floatCol("percent_of_domain", pct, 1)}
}

// Frame returns the counts as a frame: domain, source, records, easy, hard,
// percent_of_domain.
func (cs SourceCounts) Frame() dataframe.DataFrame { return cs.table().frame() }

// Markdown returns the counts as a Markdown table.
func (cs SourceCounts) Markdown() string { return cs.table().markdown() }

// DifficultyCount is how many records and tokens one difficulty holds.
type DifficultyCount struct {
	Difficulty    string
	Records       int
	Tokens        int
	RecordPercent float64 // of all records
	TokenPercent  float64 // of all tokens
}

// DifficultyCounts lists easy, then hard, then any other label by name.
type DifficultyCounts []DifficultyCount

// ByDifficulty counts records and tokens per difficulty. Easy and hard are always
// present.
func ByDifficulty(recs []record.Record) DifficultyCounts {
	idx := map[string]int{record.Easy: 0, record.Hard: 1}
	out := DifficultyCounts{{Difficulty: record.Easy}, {Difficulty: record.Hard}}
	var other []string
	for _, r := range recs {
		if _, ok := idx[r.Difficulty]; !ok {
			idx[r.Difficulty] = -1
			other = append(other, r.Difficulty)
		}
	}
	sort.Strings(other)
	for _, d := range other {
		idx[d] = len(out)
		out = append(out, DifficultyCount{Difficulty: d})
	}
	total := 0
	for _, r := range recs {
		c := &out[idx[r.Difficulty]]
		c.Records++
		c.Tokens += r.TotalTokens()
		total += r.TotalTokens()
	}
	for i := range out {
		out[i].RecordPercent = percent(out[i].Records, len(recs))
		out[i].TokenPercent = percent(out[i].Tokens, total)
	}
	return out
}

func (cs DifficultyCounts) table() table {
	n := len(cs)
	diff, recs, toks, rp, tp := make([]string, n), make([]int, n), make([]int, n), make([]float64, n), make([]float64, n)
	for i, c := range cs {
		diff[i], recs[i], toks[i], rp[i], tp[i] = c.Difficulty, c.Records, c.Tokens, c.RecordPercent, c.TokenPercent
	}
	return table{strCol("difficulty", diff), intCol("records", recs), intCol("tokens", toks),
		floatCol("record_percent", rp, 1), floatCol("token_percent", tp, 1)}
}

// Frame returns the counts as a frame: difficulty, records, tokens,
// record_percent, token_percent.
func (cs DifficultyCounts) Frame() dataframe.DataFrame { return cs.table().frame() }

// Markdown returns the counts as a Markdown table.
func (cs DifficultyCounts) Markdown() string { return cs.table().markdown() }
