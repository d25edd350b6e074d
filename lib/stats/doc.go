// Package stats computes the numbers that decide whether a build is good: record
// counts by domain, source and difficulty; the easy/hard token balance overall and
// per domain; token-length summaries; the diversity of each domain's source mix;
// what deduplication removed, by reason and source; and a before/after comparison
// of two record sets.
//
// Every function takes plain records ([]record.Record, []record.Drop) and returns
// plain values: structs and named slices of structs, in a stable order (domains in
// record.Domains order, all eight present even when empty; sources by domain order,
// then name). Each result converts to a Gota frame (Frame) so that it prints and
// renders as a table, and to a GitHub-flavoured Markdown table (Markdown) for
// report.md.
//
// Percentages are in percent (61.8, not 0.618). A share of nothing is 0, never NaN,
// so that tables and charts of an empty domain stay readable.
package stats
