package stats

import (
	"sort"

	"qmix/lib/record"
)

// All names the row of a table that covers every domain.
const All = "all"

var domainRank = func() map[string]int {
	m := make(map[string]int, len(record.Domains))
	for i, d := range record.Domains {
		m[d] = i
	}
	return m
}()

// lessDomain orders domains as record.Domains does; a domain outside the plan (a
// frame edited by hand) sorts after the eight, by name, so that it is shown rather
// than lost.
func lessDomain(a, b string) bool {
	ra, oka := domainRank[a]
	rb, okb := domainRank[b]
	switch {
	case oka && okb:
		return ra < rb
	case oka != okb:
		return oka
	}
	return a < b
}

// domainsOf lists the eight domains, then any other domain seen in recs.
func domainsOf(recs []record.Record) []string {
	out := append([]string(nil), record.Domains...)
	seen := map[string]bool{}
	for _, r := range recs {
		if _, ok := domainRank[r.Domain]; !ok && !seen[r.Domain] {
			seen[r.Domain] = true
			out = append(out, r.Domain)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return lessDomain(out[i], out[j]) })
	return out
}

// pair keys a (domain, source) group.
type pair struct{ domain, source string }

// sortPairs orders pairs by domain, then source name.
func sortPairs(ps []pair) {
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].domain != ps[j].domain {
			return lessDomain(ps[i].domain, ps[j].domain)
		}
		return ps[i].source < ps[j].source
	})
}
