package validate

import (
	"fmt"
	"sort"
	"strings"

	"qmix/lib/record"
)

// Report counts what Validate found. It holds no timings, so that a build's
// manifest that embeds it stays byte-identical between runs.
type Report struct {
	Checked int `json:"checked"`
	Kept    int `json:"kept"`
	Dropped int `json:"dropped"`
	Flagged int `json:"flagged"` // kept records with at least one flag
	// Rules in the order they ran.
	Rules []RuleStats `json:"rules"`
	// Sources in order of first appearance.
	Sources []SourceStats `json:"sources"`
	// Errors of rules that could not check every record (a model rule that hit its
	// spending cap); the records it did not check passed.
	Errors []string `json:"errors,omitempty"`
}

// RuleStats counts one rule's firings.
type RuleStats struct {
	Rule   string `json:"rule"`
	Action Action `json:"action"`
	Doc    string `json:"doc"`
	Fired  int    `json:"fired"` // records that failed the rule
	// Dropped counts the records this rule dropped (it was the first dropping rule
	// they failed), so the column sums to Report.Dropped.
	Dropped  int            `json:"dropped"`
	Flagged  int            `json:"flagged"` // kept or not, records it flagged
	BySource map[string]int `json:"by_source"`
	Examples []Example      `json:"examples"`
}

// Example is one record a rule fired on.
type Example struct {
	ID     string `json:"id"`
	Detail string `json:"detail"`
}

// SourceStats counts one source's records.
type SourceStats struct {
	Source  string         `json:"source"`
	Checked int            `json:"checked"`
	Dropped int            `json:"dropped"`
	Flagged int            `json:"flagged"`
	ByRule  map[string]int `json:"by_rule"` // firings per rule
}

type tally struct {
	rules    []Rule
	examples int
	rep      Report
	ruleIdx  map[string]int
	srcIdx   map[string]int
}

func newTally(rules []Rule, examples int) *tally {
	if examples <= 0 {
		examples = 3
	}
	t := &tally{rules: rules, examples: examples, srcIdx: map[string]int{}}
	for _, r := range rules {
		t.rep.Rules = append(t.rep.Rules, RuleStats{Rule: r.Name, Action: r.Action, Doc: r.Doc, BySource: map[string]int{}})
	}
	return t
}

func (t *tally) add(r record.Record, found []finding, drop *finding) {
	si, ok := t.srcIdx[r.Source]
	if !ok {
		si = len(t.rep.Sources)
		t.srcIdx[r.Source] = si
		t.rep.Sources = append(t.rep.Sources, SourceStats{Source: r.Source, ByRule: map[string]int{}})
	}
	src := &t.rep.Sources[si]
	src.Checked++
	t.rep.Checked++
	flagged := false
	for i := range found {
		f := &found[i]
		rs := &t.rep.Rules[f.rule]
		rs.Fired++
		rs.BySource[r.Source]++
		src.ByRule[rs.Rule]++
		if rs.Action == Flag {
			rs.Flagged++
			flagged = true
		}
		if len(rs.Examples) < t.examples {
			rs.Examples = append(rs.Examples, Example{ID: r.ID, Detail: f.detail})
		}
	}
	switch {
	case drop != nil:
		t.rep.Rules[drop.rule].Dropped++
		t.rep.Dropped++
		src.Dropped++
	case flagged:
		t.rep.Flagged++
		src.Flagged++
		t.rep.Kept++
	default:
		t.rep.Kept++
	}
}

func (t *tally) report(errs []string) Report {
	t.rep.Errors = errs
	return t.rep
}

// Markdown renders the report: a summary line, a table per rule (action, records
// fired on, dropped, flagged, an example) and a table per source with the rules that
// fired on it.
func (r Report) Markdown() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%d records checked: %d kept (%d of them flagged in `meta.%s`), %d dropped as `invalid`.\n\n",
		r.Checked, r.Kept, r.Flagged, FlagsKey, r.Dropped)
	sb.WriteString("| rule | action | fired | dropped | flagged | example |\n|---|---|---:|---:|---:|---|\n")
	for _, rs := range r.Rules {
		ex := ""
		if len(rs.Examples) > 0 {
			ex = fmt.Sprintf("`%s`: %s", rs.Examples[0].ID, mdEscape(short(rs.Examples[0].Detail, 80)))
		}
		fmt.Fprintf(&sb, "| %s | %s | %d | %d | %d | %s |\n", rs.Rule, rs.Action, rs.Fired, rs.Dropped, rs.Flagged, ex)
	}
	sb.WriteString("\n| source | checked | dropped | flagged | rules fired |\n|---|---:|---:|---:|---|\n")
	for _, s := range r.Sources {
		fmt.Fprintf(&sb, "| %s | %d | %d | %d | %s |\n", s.Source, s.Checked, s.Dropped, s.Flagged, ruleCounts(s.ByRule, r.Rules))
	}
	for _, e := range r.Errors {
		fmt.Fprintf(&sb, "\n**Error:** %s\n", mdEscape(e))
	}
	return sb.String()
}

// ruleCounts lists "rule n" pairs in rule order.
func ruleCounts(by map[string]int, order []RuleStats) string {
	var parts []string
	for _, rs := range order {
		if n := by[rs.Rule]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", rs.Rule, n))
		}
	}
	// Rules not in order (cannot happen from Validate) still show, sorted.
	var rest []string
	for k, n := range by {
		found := false
		for _, rs := range order {
			found = found || rs.Rule == k
		}
		if !found && n > 0 {
			rest = append(rest, fmt.Sprintf("%s %d", k, n))
		}
	}
	sort.Strings(rest)
	return strings.Join(append(parts, rest...), ", ")
}

// mdEscape keeps a detail inside its table cell.
func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "`", "'").Replace(s)
}
