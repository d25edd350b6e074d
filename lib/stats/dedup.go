package stats

import (
	"sort"
	"strings"

	"github.com/go-gota/gota/dataframe"

	"qmix/lib/record"
)

// Mixed is the domain of a source that feeds several domains (the existing set).
const Mixed = "mixed"

// DedupReasons are the drop reasons deduplication gives, in table order.
var DedupReasons = []string{record.ReasonExactDuplicate, record.ReasonNearDuplicate}

// ReasonRate is how many inputs one dedup reason removed.
type ReasonRate struct {
	Reason  string
	Dropped int
	Percent float64 // of all inputs
}

// SourceRate is what deduplication removed from one source.
type SourceRate struct {
	Source  string
	Domain  string // the source's domain, Mixed when it feeds several, "" when unknown
	Input   int    // kept + exact + near
	Kept    int
	Exact   int
	Near    int
	Dropped int // exact + near
	Percent float64
}

// Dedup is what deduplication removed, by reason and by source.
type Dedup struct {
	Input   int
	Kept    int
	Dropped int
	Percent float64
	Reasons []ReasonRate // one per DedupReasons
	Sources []SourceRate // by the source's domain order, then name; Mixed and unknown last
}

// SourceOfID returns the source named by a record id of the schema's form
// "<source>/<split>/<source_id>" (record.ID), or "" when id has no "/".
func SourceOfID(id string) string {
	if i := strings.IndexByte(id, '/'); i > 0 {
		return id[:i]
	}
	return ""
}

// DedupRates measures deduplication from the records it kept and the drops of the
// build. Only drops with a reason in DedupReasons count (a build's drops also list
// records trimmed by quotas); the inputs of a source are its kept records plus its
// duplicates. A dropped record is no longer in kept, so its source is read from
// its id (SourceOfID). Pass as kept every record that went through deduplication
// and survived: with the augmented set, the reference (existing) records count as
// inputs that are never dropped.
func DedupRates(kept []record.Record, drops []record.Drop) Dedup {
	bySource := map[string]*SourceRate{}
	domains := map[string]map[string]bool{}
	get := func(src string) *SourceRate {
		s := bySource[src]
		if s == nil {
			s = &SourceRate{Source: src}
			bySource[src] = s
		}
		return s
	}
	for _, r := range kept {
		get(r.Source).Kept++
		if domains[r.Source] == nil {
			domains[r.Source] = map[string]bool{}
		}
		domains[r.Source][r.Domain] = true
	}
	d := Dedup{Kept: len(kept)}
	reasons := map[string]int{}
	for _, x := range drops {
		switch x.Reason {
		case record.ReasonExactDuplicate:
			get(SourceOfID(x.ID)).Exact++
		case record.ReasonNearDuplicate:
			get(SourceOfID(x.ID)).Near++
		default:
			continue
		}
		reasons[x.Reason]++
		d.Dropped++
	}
	d.Input = d.Kept + d.Dropped
	d.Percent = percent(d.Dropped, d.Input)
	for _, r := range DedupReasons {
		d.Reasons = append(d.Reasons, ReasonRate{Reason: r, Dropped: reasons[r], Percent: percent(reasons[r], d.Input)})
	}
	for src, s := range bySource {
		s.Dropped = s.Exact + s.Near
		s.Input = s.Kept + s.Dropped
		s.Percent = percent(s.Dropped, s.Input)
		switch ds := domains[src]; len(ds) {
		case 0:
		case 1:
			for dom := range ds {
				s.Domain = dom
			}
		default:
			s.Domain = Mixed
		}
		d.Sources = append(d.Sources, *s)
	}
	rank := func(dom string) int {
		switch dom {
		case Mixed:
			return 1
		case "":
			return 2
		}
		return 0
	}
	sort.Slice(d.Sources, func(i, j int) bool {
		a, b := d.Sources[i], d.Sources[j]
		if ra, rb := rank(a.Domain), rank(b.Domain); ra != rb {
			return ra < rb
		}
		if a.Domain != b.Domain {
			return lessDomain(a.Domain, b.Domain)
		}
		return a.Source < b.Source
	})
	return d
}

// Similarities returns the estimated Jaccard similarity of every near-duplicate
// drop, sorted ascending: the data of the similarity histogram.
func Similarities(drops []record.Drop) []float64 {
	var out []float64
	for _, x := range drops {
		if x.Reason == record.ReasonNearDuplicate {
			out = append(out, x.Similarity)
		}
	}
	sort.Float64s(out)
	return out
}

func (d Dedup) reasonTable() table {
	n := len(d.Reasons) + 1
	reason, dropped, pct := make([]string, n), make([]int, n), make([]float64, n)
	for i, r := range d.Reasons {
		reason[i], dropped[i], pct[i] = r.Reason, r.Dropped, r.Percent
	}
	reason[n-1], dropped[n-1], pct[n-1] = All, d.Dropped, d.Percent
	return table{strCol("reason", reason), intCol("dropped", dropped), floatCol("percent_of_input", pct, 2)}
}

func (d Dedup) sourceTable() table {
	n := len(d.Sources)
	src, dom := make([]string, n), make([]string, n)
	in, kept, ex, near, drop := make([]int, n), make([]int, n), make([]int, n), make([]int, n), make([]int, n)
	pct := make([]float64, n)
	for i, s := range d.Sources {
		src[i], dom[i] = orUnknown(s.Source), orUnknown(s.Domain)
		in[i], kept[i], ex[i], near[i], drop[i], pct[i] = s.Input, s.Kept, s.Exact, s.Near, s.Dropped, s.Percent
	}
	return table{strCol("source", src), strCol("domain", dom), intCol("input", in), intCol("kept", kept),
		intCol("exact_duplicate", ex), intCol("near_duplicate", near), intCol("dropped", drop),
		floatCol("percent_dropped", pct, 2)}
}

// ReasonFrame returns the rates by reason, with a last row "all": reason,
// dropped, percent_of_input.
func (d Dedup) ReasonFrame() dataframe.DataFrame { return d.reasonTable().frame() }

// SourceFrame returns the rates by source: source, domain, input, kept,
// exact_duplicate, near_duplicate, dropped, percent_dropped.
func (d Dedup) SourceFrame() dataframe.DataFrame { return d.sourceTable().frame() }

// ReasonMarkdown returns the rates by reason as a Markdown table.
func (d Dedup) ReasonMarkdown() string { return d.reasonTable().markdown() }

// SourceMarkdown returns the rates by source as a Markdown table.
func (d Dedup) SourceMarkdown() string { return d.sourceTable().markdown() }

// orUnknown names an empty source or domain in a table, where a blank cell would
// read as a rendering fault.
func orUnknown(s string) string {
	if s == "" {
		return "(unknown)"
	}
	return s
}
