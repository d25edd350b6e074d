package stats

import (
	"math"

	"github.com/go-gota/gota/dataframe"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/stat"

	"qmix/lib/record"
)

// Diversity measures how evenly a domain's records are spread over its sources.
//
// Entropy is the Shannon entropy of the source mix in bits, H = -Σ p·log2 p over
// the sources' shares p of the domain's records (Shannon 1948): 0 for one source,
// log2(k) for k equal sources. Evenness is Pielou's J = H / log2(k), from 0 (one
// source holds nearly everything) to 1 (all k sources equal); it is 0 when the
// domain has fewer than two sources, where no mix exists to be even.
type Diversity struct {
	Domain     string
	Records    int
	Sources    int
	Entropy    float64 // bits
	Evenness   float64 // 0..1
	Top        string  // largest source (ties: first by name)
	TopPercent float64 // its share of the domain's records
}

// Diversities lists every domain in record.Domains order.
type Diversities []Diversity

// SourceDiversity measures the source mix of every domain, all eight present.
func SourceDiversity(recs []record.Record) Diversities {
	bySource := BySource(recs) // sorted by domain, then source name
	var out Diversities
	for _, d := range domainsOf(recs) {
		div := Diversity{Domain: d}
		var p []float64
		top := 0
		for _, c := range bySource {
			if c.Domain != d {
				continue
			}
			div.Records += c.Records
			div.Sources++
			p = append(p, float64(c.Records))
			if c.Records > top { // strictly: the first by name wins a tie
				div.Top, top = c.Source, c.Records
			}
		}
		if div.Records > 0 {
			div.TopPercent = percent(top, div.Records)
			floats.Scale(1/floats.Sum(p), p)
			// stat.Entropy uses the natural logarithm; divide by ln 2 for bits.
			div.Entropy = stat.Entropy(p) / math.Ln2
			if div.Sources > 1 {
				div.Evenness = div.Entropy / math.Log2(float64(div.Sources))
			}
		}
		out = append(out, div)
	}
	return out
}

func (ds Diversities) table() table {
	n := len(ds)
	dom, top := make([]string, n), make([]string, n)
	recs, srcs := make([]int, n), make([]int, n)
	ent, even, tp := make([]float64, n), make([]float64, n), make([]float64, n)
	for i, d := range ds {
		dom[i], recs[i], srcs[i], ent[i], even[i], top[i], tp[i] = d.Domain, d.Records, d.Sources, d.Entropy,
			d.Evenness, d.Top, d.TopPercent
	}
	return table{strCol("domain", dom), intCol("records", recs), intCol("sources", srcs),
		floatCol("entropy_bits", ent, 3), floatCol("evenness", even, 3), strCol("top_source", top),
		floatCol("top_percent", tp, 1)}
}

// Frame returns the diversities as a frame: domain, records, sources,
// entropy_bits, evenness, top_source, top_percent.
func (ds Diversities) Frame() dataframe.DataFrame { return ds.table().frame() }

// Markdown returns the diversities as a Markdown table.
func (ds Diversities) Markdown() string { return ds.table().markdown() }
