package stats

import (
	"github.com/go-gota/gota/dataframe"

	"qmix/lib/record"
)

// Share is the token balance of a group of records (spec.md "Token balance"): the
// share of its tokens (question + answer) held by easy and by hard records.
type Share struct {
	Domain      string // All for the overall row
	Records     int
	Tokens      int
	EasyTokens  int
	HardTokens  int
	EasyPercent float64
	HardPercent float64
}

func (s *Share) add(r record.Record) {
	t := r.TotalTokens()
	s.Records++
	s.Tokens += t
	switch r.Difficulty {
	case record.Easy:
		s.EasyTokens += t
	case record.Hard:
		s.HardTokens += t
	}
}

func (s *Share) finish() {
	s.EasyPercent = percent(s.EasyTokens, s.Tokens)
	s.HardPercent = percent(s.HardTokens, s.Tokens)
}

// Balance is the token balance overall and per domain.
type Balance struct {
	Domains []Share // record.Domains order, all eight present
	Overall Share   // Domain is All
}

// TokenBalance computes the token balance of recs overall and per domain.
func TokenBalance(recs []record.Record) Balance {
	idx := map[string]int{}
	var b Balance
	for _, d := range domainsOf(recs) {
		idx[d] = len(b.Domains)
		b.Domains = append(b.Domains, Share{Domain: d})
	}
	b.Overall.Domain = All
	for _, r := range recs {
		b.Domains[idx[r.Domain]].add(r)
		b.Overall.add(r)
	}
	for i := range b.Domains {
		b.Domains[i].finish()
	}
	b.Overall.finish()
	return b
}

// Rows returns the domain rows followed by the overall row.
func (b Balance) Rows() []Share { return append(append([]Share(nil), b.Domains...), b.Overall) }

func (b Balance) table() table {
	rows := b.Rows()
	n := len(rows)
	dom, recs, toks, et, ht, ep, hp := make([]string, n), make([]int, n), make([]int, n), make([]int, n),
		make([]int, n), make([]float64, n), make([]float64, n)
	for i, s := range rows {
		dom[i], recs[i], toks[i], et[i], ht[i], ep[i], hp[i] = s.Domain, s.Records, s.Tokens, s.EasyTokens,
			s.HardTokens, s.EasyPercent, s.HardPercent
	}
	return table{strCol("domain", dom), intCol("records", recs), intCol("tokens", toks), intCol("easy_tokens", et),
		intCol("hard_tokens", ht), floatCol("easy_percent", ep, 1), floatCol("hard_percent", hp, 1)}
}

// Frame returns the balance as a frame, one row per domain and a last row "all":
// domain, records, tokens, easy_tokens, hard_tokens, easy_percent, hard_percent.
func (b Balance) Frame() dataframe.DataFrame { return b.table().frame() }

// Markdown returns the balance as a Markdown table.
func (b Balance) Markdown() string { return b.table().markdown() }
