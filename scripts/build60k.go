//go:build ignore

// build60k reproduces the augmentation plan's batch build: the existing question
// set plus public datasets, deduplicated as they arrive, relabelled, balanced to
// 7,500 records per domain at a 60/40 easy/hard token balance, shuffled, written to
// out/ with a manifest that accounts for every record.
//
// Without arguments it builds from generated demo inputs (written to out/demo the
// first time). Run it with `go run scripts/build60k.go` (or `make run`).
package main

import (
	"fmt"
	"os"

	"qmix/lib"
)

// seed drives every random choice: the same inputs and seed give byte-identical outputs.
const seed = 20261124

// recipe is how many records to take from each public source (the plan's tables).
var recipe = []lib.Take{
	{Source: "codesearchnet", N: 2000}, {Source: "humaneval", N: 164}, {Source: "mbpp", N: 500},
	{Source: "gsm8k", N: 2000}, {Source: "math", N: 1500}, {Source: "metamathqa", N: 500},
	{Source: "mmlu", N: 2000}, {Source: "arc_challenge", N: 1500}, {Source: "hellaswag", N: 500},
	{Source: "squad_v2", N: 2000}, {Source: "drop", N: 1500}, {Source: "coqa", N: 500},
	{Source: "toolbench", N: 1500}, {Source: "gorilla", N: 1600},
	{Source: "commonsense_qa", N: 2500}, {Source: "piqa", N: 2500},
	{Source: "cnn_dailymail", N: 2500}, {Source: "xsum", N: 2500},
	{Source: "natural_instructions", N: 2500}, {Source: "alpaca", N: 5000},
}

// benchmarks are evaluation splits the build must not train on (schema JSONL, or
// SOURCE=PATH for a source's own files); records containing their items are dropped.
// HumanEval ships only a test split, so the plan's HumanEval take is all benchmark
// items: decontamination removes it. Add the Hub test splits of MMLU, GSM8K, MATH,
// ARC and HellaSwag here when building from fetched sources.
func benchmarks(inputs lib.DemoSet) []string {
	return []string{"humaneval=" + inputs.Paths("humaneval")[0]}
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "build60k:", err)
		os.Exit(1)
	}
}

func run() error {
	inputs, err := lib.DemoInputs("out/demo", seed)
	if err != nil {
		return err
	}
	b := lib.NewBuild(lib.BuildOptions{Out: "out", Seed: seed, Demo: true})
	if err := b.Existing(inputs.Existing.Path); err != nil {
		return err
	}
	for _, t := range recipe {
		if err := b.Take(t.Source, t.N, inputs.Paths(t.Source)...); err != nil {
			return err
		}
	}
	if err := b.Validate(lib.ValidateOptions{}); err != nil {
		return err
	}
	if err := b.Decontaminate(benchmarks(inputs)...); err != nil {
		return err
	}
	if err := b.Dedup(lib.DedupOptions{Threshold: 0.8}); err != nil {
		return err
	}
	if err := b.WriteAugmented(); err != nil {
		return err
	}
	if err := b.Relabel(lib.RelabelOptions{HardAbove: 0.40}); err != nil {
		return err
	}
	if err := b.Balance(lib.BalanceOptions{}); err != nil {
		return err
	}
	b.Shuffle()
	if err := b.Cost(lib.CostOptions{}); err != nil {
		return err
	}
	return b.Finish()
}
