package main

import (
	"fmt"
	"io"

	"qmix/lib/cost"
	"qmix/lib/record"
)

// cmdCost prints the answer plan and cost estimate of schema JSONL files: the
// plan's three answer scenarios priced from the records' measured tokens.
func cmdCost(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("cost", "qmix cost FILE.jsonl... [--prices PRICES.json] [--batch] [--markdown] [--training USD]", `
Estimates what the answers of a question set cost under the augmentation plan's three
scenarios — use existing answers, hybrid (existing answers for public records,
teachers for synthetic hard ones), regenerate all — from the records' measured
o200k_base tokens and a per-million-token price table (the embedded one, read on the
date it shows, or an edited copy given with --prices). Prints one row per scenario
next to the plan's own estimate, the model calls behind each, and the hybrid plan
per source.`, stderr)
	pricesPath := fs.String("prices", "", "price table in the format of lib/cost/prices.json (default: the embedded table)")
	batch := fs.Bool("batch", false, "price requests through the vendors' Batch APIs (their discount)")
	markdown := fs.Bool("markdown", false, "print Markdown tables instead of aligned text")
	training := fs.Float64("training", cost.PlanTrainingUSD, "training cost in USD added to every scenario (the plan's figure; 0 for none)")
	inputs, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(inputs) == 0 {
		fs.Usage()
		return errUsage
	}
	opt := cost.Options{Batch: *batch, TrainingUSD: *training}
	if *training == 0 {
		opt.TrainingUSD = -1 // Options' zero means the plan's figure
	}
	if *pricesPath != "" {
		if opt.Prices, err = cost.LoadPrices(*pricesPath); err != nil {
			return err
		}
	}
	var recs []record.Record
	var rd record.Reader
	for _, p := range inputs {
		if err := rd.EachFile(p, func(r record.Record) error { recs = append(recs, r); return nil }); err != nil {
			return err
		}
	}
	rep, err := cost.Estimate(recs, opt)
	if err != nil {
		return err
	}
	if *markdown {
		fmt.Fprint(stdout, rep.Markdown())
	} else {
		fmt.Fprint(stdout, rep.String())
	}
	return nil
}
