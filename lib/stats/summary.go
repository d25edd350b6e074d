package stats

import (
	"fmt"
	"strings"

	"qmix/lib/record"
)

// Summary holds every statistic of a build: before is the set the build balanced
// from (the augmented set), after is the final set, drops are the build's drops.
type Summary struct {
	Comparison    Comparison
	After         DomainCounts
	Difficulty    DifficultyCounts // of after
	Balance       Balance          // of after
	Sources       SourceCounts     // of after
	Lengths       LengthSummaries  // of after, by domain
	SourceLengths LengthSummaries  // of after, by source
	Diversity     Diversities      // of after
	Dedup         Dedup            // of before (every record that survived dedup) and drops
}

// Summarize computes every statistic of a build.
func Summarize(before, after []record.Record, drops []record.Drop) Summary {
	return Summary{
		Comparison:    Compare(before, after),
		After:         ByDomain(after),
		Difficulty:    ByDifficulty(after),
		Balance:       TokenBalance(after),
		Sources:       BySource(after),
		Lengths:       LengthsByDomain(after),
		SourceLengths: LengthsBySource(after),
		Diversity:     SourceDiversity(after),
		Dedup:         DedupRates(before, drops),
	}
}

// Section is one titled Markdown table of a report.
type Section struct {
	Title string
	Table string // Markdown, ending in a newline
}

// Sections returns the summary as titled Markdown tables, in reading order.
func (s Summary) Sections() []Section {
	return []Section{
		{"Domain counts before and after balancing", s.Comparison.Markdown()},
		{"Final set by domain and difficulty", s.After.Markdown()},
		{"Final set by difficulty", s.Difficulty.Markdown()},
		{"Token balance of the final set", s.Balance.Markdown()},
		{"Token lengths of the final set by domain", s.Lengths.Markdown()},
		{"Token lengths of the final set by source", s.SourceLengths.Markdown()},
		{"Source mix of the final set", s.Sources.Markdown()},
		{"Source diversity of the final set", s.Diversity.Markdown()},
		{"Deduplication by reason", s.Dedup.ReasonMarkdown()},
		{"Deduplication by source", s.Dedup.SourceMarkdown()},
	}
}

// Markdown renders every section under a heading of the given level (2 gives
// "## Title").
func (s Summary) Markdown(level int) string {
	if level < 1 {
		level = 1
	}
	var sb strings.Builder
	for i, sec := range s.Sections() {
		if i > 0 {
			sb.WriteString("\n")
		}
		fmt.Fprintf(&sb, "%s %s\n\n%s", strings.Repeat("#", level), sec.Title, sec.Table)
	}
	return sb.String()
}
