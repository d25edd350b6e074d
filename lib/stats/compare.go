package stats

import (
	"github.com/go-gota/gota/dataframe"

	"qmix/lib/record"
)

// Change compares one domain (or All) across two record sets.
type Change struct {
	Domain            string
	Before            int
	After             int
	Delta             int // After - Before
	BeforeEasyPercent float64
	AfterEasyPercent  float64 // easy records' share of tokens
}

// Comparison compares two record sets, typically the augmented set and the final
// one.
type Comparison struct {
	Domains []Change // record.Domains order, all eight present
	Total   Change   // Domain is All
}

// Compare compares record counts and the token balance of before and after, per
// domain and in total.
func Compare(before, after []record.Record) Comparison {
	bb, ab := TokenBalance(before), TokenBalance(after)
	mk := func(b, a Share, dom string) Change {
		return Change{Domain: dom, Before: b.Records, After: a.Records, Delta: a.Records - b.Records,
			BeforeEasyPercent: b.EasyPercent, AfterEasyPercent: a.EasyPercent}
	}
	var c Comparison
	for _, d := range domainsOf(append(append([]record.Record(nil), before...), after...)) {
		c.Domains = append(c.Domains, mk(shareOf(bb, d), shareOf(ab, d), d))
	}
	c.Total = mk(bb.Overall, ab.Overall, All)
	return c
}

func shareOf(b Balance, domain string) Share {
	for _, s := range b.Domains {
		if s.Domain == domain {
			return s
		}
	}
	return Share{Domain: domain}
}

// Rows returns the domain rows followed by the total row.
func (c Comparison) Rows() []Change { return append(append([]Change(nil), c.Domains...), c.Total) }

func (c Comparison) table() table {
	rows := c.Rows()
	n := len(rows)
	dom := make([]string, n)
	b, a, d := make([]int, n), make([]int, n), make([]int, n)
	be, ae := make([]float64, n), make([]float64, n)
	for i, r := range rows {
		dom[i], b[i], a[i], d[i], be[i], ae[i] = r.Domain, r.Before, r.After, r.Delta, r.BeforeEasyPercent,
			r.AfterEasyPercent
	}
	return table{strCol("domain", dom), intCol("before", b), intCol("after", a), intCol("delta", d),
		floatCol("before_easy_percent", be, 1), floatCol("after_easy_percent", ae, 1)}
}

// Frame returns the comparison as a frame, one row per domain and a last row
// "all": domain, before, after, delta, before_easy_percent, after_easy_percent.
func (c Comparison) Frame() dataframe.DataFrame { return c.table().frame() }

// Markdown returns the comparison as a Markdown table.
func (c Comparison) Markdown() string { return c.table().markdown() }
