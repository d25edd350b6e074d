// Package validate checks records against named quality rules — plan step 3,
// "validate questions" — before they are deduplicated, balanced and answered. Each
// rule has a stable name and an action: a record that fails a rule whose action is
// Drop leaves the set with reason record.ReasonInvalid and the rule (with its
// specifics) in Drop.Detail; a record that fails only Flag rules is kept with the
// rule names in meta.validation_flags. Validate returns the kept records, the drops
// and a Report counting every firing per rule and per source, so nothing disappears
// without a reason.
//
// The built-in rules (see Rules and DefaultLengths) need no network and no model;
// a rule that asks a model (package llm) plugs in through Options.Extra with the same
// Rule type.
package validate

import (
	"fmt"
	"sort"
	"strings"

	"qmix/lib/internal/parallel"
	"qmix/lib/record"
)

// Action says what happens to a record that fails a rule.
type Action string

// Actions.
const (
	Drop Action = "drop" // the record leaves with reason invalid
	Flag Action = "flag" // the record stays, the rule named in meta.validation_flags
	Off  Action = "off"  // the rule is not run
)

// FlagsKey is the meta key holding the names of the Flag rules a kept record failed,
// in rule order.
const FlagsKey = "validation_flags"

// Stage is the stage name of validation drops.
const Stage = "validate"

// Rule is one named check. Exactly one of Check and CheckAll is set: Check looks at
// one record, CheckAll at a whole batch (a rule that asks a model batches and
// parallelises its requests). Both return "" for a record that passes, else the
// specifics of the failure ("2 tokens < 3 for math").
type Rule struct {
	Name   string
	Doc    string // one line: what the rule catches and why
	Action Action // default action; Options.Actions overrides it
	Check  func(r record.Record) string
	// CheckAll returns one result per record, in order. On error the results of the
	// records it could not check are "" (they pass) and Validate reports the error.
	CheckAll func(recs []record.Record) ([]string, error)
}

// Options configure Validate. The zero value runs every built-in rule with its
// default action and thresholds.
type Options struct {
	// Actions overrides rule actions by rule name (Drop, Flag or Off).
	Actions map[string]Action
	// Lengths overrides the token thresholds per domain; domains not in it use
	// DefaultLengths.
	Lengths map[string]Lengths
	// English tunes the language heuristic; zero fields take DefaultEnglish's.
	English English
	// Extra rules run after the built-in ones (e.g. llm.Validator's rule).
	Extra []Rule
	// Examples is how many record ids the report keeps per rule; 0 means 3.
	Examples int
}

// finding is one rule firing on one record.
type finding struct {
	rule   int // index into the rule list
	detail string
}

// Validate runs every rule whose action is not Off over recs. It returns the kept
// records (in input order, flagged ones with meta.validation_flags set on a copy of
// their meta), one Drop per dropped record (stage "validate", reason invalid, detail
// "<rule>: <specifics>" of the first dropping rule in rule order), and the report.
// recs is not modified.
func Validate(recs []record.Record, opt Options) (kept []record.Record, drops []record.Drop, rep Report) {
	rules, errs := active(append(Rules(opt), opt.Extra...), opt.Actions)
	rep.Errors = errs
	found := make([][]finding, len(recs))
	checkEach(recs, rules, found)
	for i, ru := range rules {
		if ru.CheckAll == nil {
			continue
		}
		res, err := ru.CheckAll(recs)
		if err != nil {
			rep.Errors = append(rep.Errors, fmt.Sprintf("%s: %v", ru.Name, err))
		}
		for j := range recs {
			if j < len(res) && res[j] != "" {
				found[j] = append(found[j], finding{i, res[j]})
			}
		}
	}
	for j := range found {
		// Batch rules appended after the per-record ones: restore rule order.
		sort.SliceStable(found[j], func(a, b int) bool { return found[j][a].rule < found[j][b].rule })
	}
	tally := newTally(rules, opt.Examples)
	for j, r := range recs {
		var drop *finding
		var flags []string
		for k := range found[j] {
			f := &found[j][k]
			if rules[f.rule].Action == Drop {
				if drop == nil {
					drop = f
				}
			} else {
				flags = append(flags, rules[f.rule].Name)
			}
		}
		tally.add(r, found[j], drop)
		switch {
		case drop != nil:
			drops = append(drops, record.Drop{ID: r.ID, Stage: Stage, Reason: record.ReasonInvalid,
				Detail: rules[drop.rule].Name + ": " + drop.detail})
		case len(flags) > 0:
			kept = append(kept, withFlags(r, flags))
		default:
			kept = append(kept, r)
		}
	}
	rep = tally.report(rep.Errors)
	return kept, drops, rep
}

// checkEach runs the per-record rules, the records split into one contiguous
// chunk per CPU; each record's findings are written by one goroutine only.
func checkEach(recs []record.Record, rules []Rule, found [][]finding) {
	parallel.Chunks(len(recs), 256, func(lo, hi int) {
		for j := lo; j < hi; j++ {
			for i, ru := range rules {
				if ru.Check == nil {
					continue
				}
				if d := ru.Check(recs[j]); d != "" {
					found[j] = append(found[j], finding{i, d})
				}
			}
		}
	})
}

// active applies the action overrides and leaves out the rules that are Off, and
// those that have nothing to run (an error each).
func active(rules []Rule, actions map[string]Action) ([]Rule, []string) {
	out := make([]Rule, 0, len(rules))
	var errs []string
	for _, r := range rules {
		if r.Check == nil && r.CheckAll == nil {
			errs = append(errs, fmt.Sprintf("%s: the rule has neither Check nor CheckAll; not run", r.Name))
			continue
		}
		if a, ok := actions[r.Name]; ok {
			r.Action = a
		}
		if r.Action == "" {
			r.Action = Flag
		}
		if r.Action != Off {
			out = append(out, r)
		}
	}
	return out, errs
}

// withFlags returns r with the flag names added to a copy of its meta, so that the
// caller's records (which may share meta maps) are left as they were.
func withFlags(r record.Record, flags []string) record.Record {
	meta := make(map[string]any, len(r.Meta)+1)
	for k, v := range r.Meta {
		meta[k] = v
	}
	prev := metaStrings(r.Meta, FlagsKey)
	meta[FlagsKey] = mergeFlags(prev, flags)
	r.Meta = meta
	return r
}

// mergeFlags appends the new flags to the ones a record already carries from an
// earlier run, without repeating any.
func mergeFlags(prev, add []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range append(append([]string(nil), prev...), add...) {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

// RuleNames lists the built-in rule names in the order they run.
func RuleNames() []string {
	var out []string
	for _, r := range Rules(Options{}) {
		out = append(out, r.Name)
	}
	return out
}

// CheckActions returns an error naming any rule in actions that is neither built in
// nor among extra, or any action that is not drop, flag or off, so that a typo in a
// script does not silently leave a rule on.
func CheckActions(actions map[string]Action, extra ...Rule) error {
	known := map[string]bool{}
	for _, n := range RuleNames() {
		known[n] = true
	}
	for _, r := range extra {
		known[r.Name] = true
	}
	var names []string
	for n := range actions {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if !known[n] {
			return fmt.Errorf("validate: unknown rule %q (known: %s)", n, strings.Join(RuleNames(), ", "))
		}
		switch actions[n] {
		case Drop, Flag, Off:
		default:
			return fmt.Errorf("validate: rule %s: unknown action %q (want drop, flag or off)", n, actions[n])
		}
	}
	return nil
}
