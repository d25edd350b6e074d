// Package demo generates the demo inputs of qmix's embedded default (spec.md
// "Embedded default"): Generate(dir, Options{Seed}) writes, in a few seconds and
// offline, an "existing" question set that matches the augmentation plan's numbers
// exactly — 47,442 schema records, 6,861 × 4 / 4,999 × 2 / 5,000 × 2 per domain,
// 46,775 easy / 667 hard, token balance 58.4/41.6 within 0.05 points, measured with
// lib/token's exact o200k_base counts — and a stand-in for each of the plan's 20
// public sources in that source's native release format (GSM8K JSONL with "#### N",
// MATH's per-problem JSON tree, MMLU's header-less CSVs, CNN .story files…), sized
// ceil(take × 1.1) records, with mean question and answer lengths calibrated on the
// real files in ../shared/datasets (calibration.go), so that every stand-in converts
// through the real adapters of lib/source with zero errors. About 7% of the stand-in
// records are injected near-duplicates — of existing records, of other sources'
// records and of their own source's — each made by one labelled edit (case,
// punctuation, whitespace, typo, changed or dropped word, reordered choices, prefix,
// suffix) and listed in injected_duplicates.jsonl with the id the adapter gives it
// (split "demo") and its original's id. Everything is demo data and says so: ids
// ("existing/demo/17", native ids starting "demo" where a format has ids), license
// "demo", meta.demo, DEMO.md and demo_manifest.json. The same seed and scale give
// byte-identical files, whatever GOMAXPROCS is.
//
// The text is templated: a lexicon of about 1,300 words and phrases, and invented
// names of two or three syllables (some 76,000), fill templates with several slots
// and alternations each, so that unrelated records do
// not share enough word or character shingles to look like near-duplicates, and
// arithmetic in math problems and tests in coding problems is computed, not faked.
package demo
