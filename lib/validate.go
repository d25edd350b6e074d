package lib

import (
	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"qmix/lib/cost"
	"qmix/lib/decontam"
	"qmix/lib/frame"
	"qmix/lib/record"
	"qmix/lib/validate"
)

// Quality gates and the answer plan (plan steps 3 and 4), re-exported so a script
// imports only lib. Actions are the strings "drop", "flag" and "off":
//
//	lib.ValidateWith(df, lib.ValidateOptions{Actions: map[string]lib.ValidateAction{"not_english": "drop"}})
type (
	ValidateOptions = validate.Options
	ValidateAction  = validate.Action
	ValidateLengths = validate.Lengths
	DecontamOptions = decontam.Options
	CostOptions     = cost.Options
)

// Validate checks every record of a records frame against the built-in validation
// rules with their default actions (see ValidationRules). It returns the kept
// records (flagged ones carry meta.validation_flags), the dropped ones as a drops
// frame (reason invalid, the rule in detail) and the report as Markdown.
func Validate(df dataframe.DataFrame) (kept, drops dataframe.DataFrame, report string, err error) {
	return ValidateWith(df, ValidateOptions{})
}

// ValidateWith is Validate with options: per-rule actions, per-domain token bounds,
// the language heuristic's settings, extra rules.
func ValidateWith(df dataframe.DataFrame, opt ValidateOptions) (kept, drops dataframe.DataFrame, report string, err error) {
	if err := validate.CheckActions(opt.Actions, opt.Extra...); err != nil {
		return dataframe.DataFrame{}, dataframe.DataFrame{}, "", err
	}
	recs, err := frame.ToRecords(df)
	if err != nil {
		return dataframe.DataFrame{}, dataframe.DataFrame{}, "", err
	}
	k, d, rep := validate.Validate(recs, opt)
	return keptAndDrops(k, d, rep.Markdown())
}

// ValidationRules lists the built-in rules: name, default action, what it catches.
func ValidationRules() dataframe.DataFrame {
	var name, action, doc []string
	for _, r := range validate.Rules(validate.Options{}) {
		name = append(name, r.Name)
		action = append(action, string(r.Action))
		doc = append(doc, r.Doc)
	}
	return dataframe.New(
		series.New(name, series.String, "rule"),
		series.New(action, series.String, "action"),
		series.New(doc, series.String, "catches"),
	)
}

// Decontaminate drops the records that contain items of benchmark evaluation
// splits. Each benchmark is a schema JSONL file, directory or glob, or
// "SOURCE=PATH" for a source's native or Hub-parquet files
// ("gsm8k=data/gsm8k/test.jsonl"); records are grouped into benchmarks by source and
// split. The report (Markdown) has one row per benchmark and warns about sources
// that are only a test split (HumanEval).
func Decontaminate(df dataframe.DataFrame, benchmarks ...string) (kept, drops dataframe.DataFrame, report string, err error) {
	return DecontaminateWith(df, DecontamOptions{}, benchmarks...)
}

// DecontaminateWith is Decontaminate with the matching parameters (n-gram sizes,
// length cut-offs, coverage).
func DecontaminateWith(df dataframe.DataFrame, opt DecontamOptions, benchmarks ...string) (kept, drops dataframe.DataFrame, report string, err error) {
	recs, err := frame.ToRecords(df)
	if err != nil {
		return dataframe.DataFrame{}, dataframe.DataFrame{}, "", err
	}
	benches, err := decontam.Load(benchmarks...)
	if err != nil {
		return dataframe.DataFrame{}, dataframe.DataFrame{}, "", err
	}
	k, d, rep, err := decontam.Run(recs, benches, opt)
	if err != nil {
		return dataframe.DataFrame{}, dataframe.DataFrame{}, "", err
	}
	return keptAndDrops(k, d, rep.Markdown())
}

// Cost estimates the answers of a records frame under the plan's three scenarios
// (use existing, hybrid, regenerate all) at the embedded prices, as Markdown tables.
func Cost(df dataframe.DataFrame) (string, error) {
	return CostWith(df, CostOptions{})
}

// CostWith is Cost with options: teachers, validator, prices (see LoadPrices in
// package cost for an edited table), Batch API pricing.
func CostWith(df dataframe.DataFrame, opt CostOptions) (string, error) {
	recs, err := frame.ToRecords(df)
	if err != nil {
		return "", err
	}
	rep, err := cost.Estimate(recs, opt)
	if err != nil {
		return "", err
	}
	return rep.Markdown(), nil
}

// keptAndDrops renders a step's result as frames.
func keptAndDrops(kept []record.Record, drops []record.Drop, report string) (dataframe.DataFrame, dataframe.DataFrame, string, error) {
	k, err := frame.FromRecords(kept)
	if err != nil {
		return dataframe.DataFrame{}, dataframe.DataFrame{}, "", err
	}
	return k, dropsFrame(drops), report, nil
}
