package build

import (
	"fmt"
	"strings"
	"time"

	"qmix/lib/cost"
	"qmix/lib/decontam"
	"qmix/lib/record"
	"qmix/lib/validate"
)

// Validate runs the validation rules (plan step 3) over the existing set and the
// public records taken so far. A record failing a Drop rule leaves with reason
// invalid and the rule in its detail (stage "validate"); a record failing only Flag
// rules stays with meta.validation_flags. Call it before Dedup, so that the dedup
// reference set is the validated existing set. Errors of a model rule (a spending
// cap reached) do not stop the build: the records it could not judge pass, and the
// report says so.
func (b *Build) Validate(opt validate.Options) error {
	if err := validate.CheckActions(opt.Actions, opt.Extra...); err != nil {
		return err
	}
	start := time.Now()
	all := b.Augmented()
	kept, drops, rep := validate.Validate(all, opt)
	b.existing, b.public = b.splitKept(kept)
	b.manifest.Validation = &rep
	b.stage("validate", len(all), len(kept), drops, map[string]int{"flagged": rep.Flagged})
	b.logf("validate: %d records, %d dropped as invalid, %d flagged (%s)", len(all), len(drops), rep.Flagged, since(start))
	for _, e := range rep.Errors {
		b.logf("validate: warning: %s", e)
	}
	return nil
}

// Decontaminate drops the existing and public records that contain items of the
// benchmark evaluation splits given (schema JSONL paths, or "SOURCE=PATH" for a
// source's own files; see decontam.Load), with reason invalid and detail
// "contaminates <benchmark>" (stage "decontaminate"). The benchmark files are
// recorded as inputs of role "benchmark". Without benchmarks it still warns about
// sources that are only a test split (HumanEval).
func (b *Build) Decontaminate(benchmarks ...string) error {
	return b.DecontaminateWith(decontam.Options{}, benchmarks...)
}

// DecontaminateWith is Decontaminate with the matching parameters.
func (b *Build) DecontaminateWith(opt decontam.Options, benchmarks ...string) error {
	start := time.Now()
	var items []record.Record
	for _, spec := range benchmarks {
		recs, err := decontam.LoadSpec(spec)
		if err != nil {
			return err
		}
		name, path := decontam.ParseSpec(spec)
		if err := b.input("benchmark", name, path, len(recs)); err != nil {
			return err
		}
		items = append(items, recs...)
	}
	all := b.Augmented()
	kept, drops, rep, err := decontam.Run(all, decontam.Group(items), opt)
	if err != nil {
		return err
	}
	b.existing, b.public = b.splitKept(kept)
	b.manifest.Decontamination = &rep
	b.stage("decontaminate", len(all), len(kept), drops, nil)
	b.logf("decontaminate: %d records against %d benchmark items in %d splits, %d dropped (%s)",
		len(all), len(items), len(rep.Benchmarks), len(drops), since(start))
	for _, w := range rep.Warnings {
		b.logf("decontaminate: WARNING: %s", w)
	}
	return nil
}

// Cost plans the answers of the final set and prices the plan's three scenarios
// (plan step 4). Call it after Balance.
func (b *Build) Cost(opt cost.Options) error {
	rep, err := cost.Estimate(b.final, opt)
	if err != nil {
		return err
	}
	b.manifest.Cost = &rep
	for _, s := range rep.Scenarios {
		b.logf("cost: %-40s %s–%s (plan: %s)", s.Title, usdText(s.Low), usdText(s.High), s.PlanTotal)
	}
	return nil
}

// splitKept sorts a step's kept records back into the existing set and the public
// records; Augmented put the existing ones first, and steps keep input order.
func (b *Build) splitKept(kept []record.Record) (existing, public []record.Record) {
	isExisting := make(map[string]bool, len(b.existing))
	for _, r := range b.existing {
		isExisting[r.ID] = true
	}
	for _, r := range kept {
		if isExisting[r.ID] {
			existing = append(existing, r)
		} else {
			public = append(public, r)
		}
	}
	return existing, public
}

// qualitySections renders the validation, decontamination and cost sections of
// report.md, for the steps that ran.
func (b *Build) qualitySections() string {
	var sb strings.Builder
	m := b.manifest
	if m.Validation != nil {
		fmt.Fprintf(&sb, "\n## Validation\n\n%s", m.Validation.Markdown())
	}
	if m.Decontamination != nil {
		fmt.Fprintf(&sb, "\n## Decontamination\n\n%s", m.Decontamination.Markdown())
	}
	if m.Cost != nil {
		fmt.Fprintf(&sb, "\n## Answer plan and cost\n\n%s", m.Cost.Markdown())
	}
	return sb.String()
}

func usdText(x float64) string { return fmt.Sprintf("$%.2f", x) }
