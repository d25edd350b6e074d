// Package cost decides, per record, how it gets the answer a model will learn — the
// plan's step 4, "use existing answers or generate them" — and estimates what each
// of the plan's three answer scenarios costs from the records' measured tokens and
// a price table kept in one editable file (prices.json, embedded). The plan's
// "Cost Comparison" gives guessed totals ($39–48, ~$200, $574–583); Estimate
// recomputes them from real counts, next to the plan's figures.
package cost

import (
	"strings"
	"sync"

	"qmix/lib/record"
	"qmix/lib/source"
)

// Action is what a record's answer needs.
type Action string

// Actions.
const (
	AsIs     Action = "as_is"    // the existing answer is used as it is
	Reformat Action = "reformat" // the existing answer is right but terse: rewrite it as a worked answer
	Generate Action = "generate" // a teacher model writes the answer
)

// Policy is one of the plan's answer scenarios.
type Policy string

// Policies, as the plan's "Cost Savings Scenarios" name them.
const (
	UseExisting   Policy = "existing"   // Scenario 1: use existing answers
	Hybrid        Policy = "hybrid"     // Scenario 2: existing answers for public records, generate for synthetic hard ones
	RegenerateAll Policy = "regenerate" // Scenario 3: regenerate all
)

// Policies lists the scenarios in the plan's order.
var Policies = []Policy{UseExisting, Hybrid, RegenerateAll}

// Plan is the decision for one record.
type Plan struct {
	Action Action `json:"action"`
	Reason string `json:"reason"`
}

// TerseSources are the public sources whose answers are right but carry no
// reasoning: a multiple-choice record's answer is "B. <option>", a reading record's
// the gold span or number. A model trained on them learns to answer without
// explaining, unlike the worked solutions of the other sources — the plan's
// "Risk: format inconsistency" of Scenario 1. The hybrid plan rewrites them with the
// right answer given, which keeps them correct.
var TerseSources = map[string]bool{
	"mmlu": true, "arc_challenge": true, "hellaswag": true, "commonsense_qa": true, "piqa": true,
	"squad_v2": true, "drop": true, "coqa": true,
}

// PlanFor decides how record r gets its answer under policy p:
//
//   - any policy: a record without an answer must be generated;
//   - UseExisting: every existing answer is used as it is;
//   - Hybrid: records of the existing synthetic set (a source outside the registry)
//     that are hard are generated again by the teachers ("generate answers for
//     synthetic hard questions only"); public records keep their answers, as is, or
//     reformatted when their source is terse (TerseSources); synthetic easy records
//     keep theirs;
//   - RegenerateAll: every record is generated.
func PlanFor(r record.Record, p Policy) Plan {
	if strings.TrimSpace(r.Answer) == "" {
		return Plan{Generate, "no answer"}
	}
	switch p {
	case RegenerateAll:
		return Plan{Generate, "regenerate all"}
	case Hybrid:
		public := publicSources()[r.Source]
		switch {
		case !public && r.Difficulty == record.Hard:
			return Plan{Generate, "synthetic hard question"}
		case TerseSources[r.Source]:
			return Plan{Reformat, "terse answer (option or span only)"}
		}
	}
	return Plan{AsIs, "existing answer"}
}

// publicSources is the set of registered source names. PlanFor asks it for every
// record, and source.Lookup's error for an unknown (synthetic) source lists and
// sorts the registry each time.
var publicSources = sync.OnceValue(func() map[string]bool {
	set := map[string]bool{}
	for _, n := range source.Names() {
		set[n] = true
	}
	return set
})
