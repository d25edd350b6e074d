package cost

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"qmix/lib/record"
)

// table is a rendered table: a header and rows of cells.
type table struct {
	header []string
	right  []bool // right-aligned columns (numbers)
	rows   [][]string
}

// tables renders the report as the three tables both formats share.
func (r Report) tables() []table {
	scen := table{header: []string{"scenario", "as is", "reformat", "generate", "input tokens", "output tokens",
		"answers", "validation (optional)", "training (plan)", "total", "plan's estimate"},
		right: []bool{false, true, true, true, true, true, true, true, true, true, true}}
	for _, s := range r.Scenarios {
		var in, out int64
		for _, l := range s.Lines {
			in, out = in+l.InputTokens, out+l.OutputTokens
		}
		scen.rows = append(scen.rows, []string{s.Title, fmt.Sprint(s.AsIs), fmt.Sprint(s.Reformat), fmt.Sprint(s.Generate),
			tokens(in), tokens(out), usd(s.AnswersUSD), usd(s.ValidationUSD), usd(s.TrainingUSD),
			usd(s.Low) + "–" + usd(s.High), s.PlanTotal})
	}
	calls := table{header: []string{"scenario", "role", "model", "requests", "input tokens", "output tokens", "cost"},
		right: []bool{false, false, false, true, true, true, true}}
	for _, s := range r.Scenarios {
		for _, l := range s.Lines {
			calls.rows = append(calls.rows, []string{s.Title, l.Role, l.Model, fmt.Sprint(l.Requests),
				tokens(l.InputTokens), tokens(l.OutputTokens), usd(l.USD)})
		}
	}
	if len(r.Scenarios) > 0 {
		v := r.Scenarios[0].Validation
		calls.rows = append(calls.rows, []string{"(any, optional step 3)", v.Role, v.Model, fmt.Sprint(v.Requests),
			tokens(v.InputTokens), tokens(v.OutputTokens), usd(v.USD)})
	}
	src := table{header: []string{"source", "records", "as is", "reformat", "generate"}, right: []bool{false, true, true, true, true}}
	for _, s := range r.Sources {
		src.rows = append(src.rows, []string{s.Source, fmt.Sprint(s.Records), fmt.Sprint(s.AsIs), fmt.Sprint(s.Reformat), fmt.Sprint(s.Generate)})
	}
	return []table{scen, calls, src}
}

// intro says what the numbers rest on.
func (r Report) intro() string {
	var prices []string
	for _, m := range r.Models {
		name := m.Name
		if m.PlanName != "" && m.PlanName != m.Name {
			name += fmt.Sprintf(" (plan: %q)", m.PlanName)
		}
		prices = append(prices, fmt.Sprintf("%s $%.2f in / $%.2f out", name, m.Input, m.Output))
	}
	mode := "standard API prices"
	if r.Batch {
		mode = "Batch API prices (vendor discount applied)"
	}
	var teachers []string
	for _, t := range r.Teachers {
		d := t.Difficulty
		if d == "" {
			d = "all"
		}
		teachers = append(teachers, d+" → "+t.Model)
	}
	var exp []string
	for _, d := range record.Domains {
		exp = append(exp, fmt.Sprintf("%s %d", d, r.Expected[d]))
	}
	a := r.Assumptions
	return fmt.Sprintf("Answer cost of %d records, from their measured o200k_base tokens, at %s read %s (USD per million tokens: %s).\n"+
		"Teachers: %s; reformatting: %s; validation: %s. Every answer request adds %d instruction tokens to the question (and, to reformat, "+
		"the existing answer); a validation request sends %d + the question and gets %d back. A written answer is expected to be as long as "+
		"the record's own worked answer (capped at %d), else the domain's median worked answer: %s. Training is the plan's figure, not computed.\n",
		r.Records, mode, r.PricesRead, strings.Join(prices, "; "), strings.Join(teachers, ", "), r.Reformatter, r.Validator,
		a.PromptTokens, a.ValidationPromptTokens, a.ValidationOutputTokens, a.MaxOutputTokens, strings.Join(exp, ", "))
}

// Markdown renders the report as Markdown tables.
func (r Report) Markdown() string {
	var sb strings.Builder
	sb.WriteString(r.intro())
	titles := []string{"", "Model calls per scenario:", "Hybrid answer plan by source:"}
	for i, t := range r.tables() {
		sb.WriteString("\n")
		if titles[i] != "" {
			sb.WriteString(titles[i] + "\n\n")
		}
		sb.WriteString("| " + strings.Join(t.header, " | ") + " |\n|")
		for _, right := range t.right {
			if right {
				sb.WriteString("---:|")
			} else {
				sb.WriteString("---|")
			}
		}
		sb.WriteString("\n")
		for _, row := range t.rows {
			sb.WriteString("| " + strings.Join(row, " | ") + " |\n")
		}
	}
	return sb.String()
}

// String renders the report as aligned plain-text tables, for a terminal: text
// columns left-aligned, numbers right-aligned.
func (r Report) String() string {
	var sb strings.Builder
	sb.WriteString(r.intro())
	titles := []string{"", "Model calls per scenario:", "Hybrid answer plan by source:"}
	for i, t := range r.tables() {
		sb.WriteString("\n")
		if titles[i] != "" {
			sb.WriteString(titles[i] + "\n")
		}
		rows := append([][]string{t.header}, t.rows...)
		width := make([]int, len(t.header))
		for _, row := range rows {
			for j, c := range row {
				width[j] = max(width[j], utf8.RuneCountInString(c))
			}
		}
		for _, row := range rows {
			var line strings.Builder
			for j, c := range row {
				pad := strings.Repeat(" ", width[j]-utf8.RuneCountInString(c))
				if j > 0 {
					line.WriteString("  ")
				}
				if t.right[j] {
					line.WriteString(pad + c)
				} else {
					line.WriteString(c + pad)
				}
			}
			sb.WriteString(strings.TrimRight(line.String(), " ") + "\n")
		}
	}
	return sb.String()
}
