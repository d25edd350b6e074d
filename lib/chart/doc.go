// Package chart draws the pictures of a build with gonum/plot: domain counts
// before and after balancing, the source mix of each domain, the easy/hard token
// share against its target, token-length histograms, easy and hard records per
// domain, and the similarity of the near duplicates deduplication removed.
//
// Chart functions take plain values (mostly the results of package stats) and
// return a *Chart, which writes itself as PNG or SVG at 1200×800 pixels by
// default. Every chart uses the same colours: one per domain (Palette), one for
// easy and one for hard records, grey for the existing set. Legends sit to the
// right of the plotting area, never on top of the data.
//
// Output is deterministic: the fonts are the Liberation fonts embedded in
// gonum/plot, SVG text refers to them by name, and nothing depends on the clock or
// map order.
package chart
