package chart

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync"

	"qmix/lib/balance"
	"qmix/lib/dedup"
	"qmix/lib/record"
	"qmix/lib/stats"
)

// Options set what the build charts mark. The zero value marks the plan's
// numbers.
type Options struct {
	// Threshold is the near-duplicate threshold; 0 means dedup.DefaultThreshold (0.8).
	Threshold float64
	// Quota is the per-domain quota line; 0 means balance's default (7,500), and
	// a negative value draws no line.
	Quota int
	// TargetEasy and Tolerance mark the token balance; 0 means 0.60 and 0.025.
	TargetEasy, Tolerance float64
	// Similarities are drawn in the similarity histogram: pass the similarity of
	// every candidate pair deduplication verified (Build.Similarities) to show
	// where the threshold cuts; nil means those of the near-duplicate drops.
	Similarities []float64
}

// DefaultOptions returns o with its zero fields set to their defaults.
func DefaultOptions(o Options) Options { return o.withDefaults() }

func (o Options) withDefaults() Options {
	if o.Threshold == 0 {
		o.Threshold = dedup.DefaultThreshold
	}
	if o.Quota == 0 {
		o.Quota = balance.DefaultQuota[record.Coding]
	}
	if o.Quota < 0 {
		o.Quota = 0
	}
	if o.TargetEasy == 0 {
		o.TargetEasy = balance.DefaultTargetEasy
	}
	if o.Tolerance == 0 {
		o.Tolerance = balance.DefaultTolerance
	}
	return o
}

// Named is a chart with the stable file name (without extension) the build gives
// it.
type Named struct {
	Name  string
	Chart *Chart
}

// BuildCharts draws every chart of a build: before is the set the build balanced
// from (the augmented set), after the final set, drops the build's drops. The
// names are stable: domain_counts, source_mix, token_share, token_lengths,
// difficulty, near_duplicate_similarity.
func BuildCharts(before, after []record.Record, drops []record.Drop, opt Options) ([]Named, error) {
	opt = opt.withDefaults()
	finalSet := "final set, " + Thousands(len(after)) + " records"
	var out []Named
	add := func(name, subtitle string, c *Chart, err error) error {
		if err != nil {
			return err
		}
		if subtitle != "" {
			c.Subtitle = subtitle
		}
		out = append(out, Named{name, c})
		return nil
	}
	afterCounts := stats.ByDomain(after)
	c, err := DomainCounts(stats.ByDomain(before), afterCounts, opt.Quota)
	if err := add("domain_counts", fmt.Sprintf("before: %s records (augmented set), after: %s records (final set)",
		Thousands(len(before)), Thousands(len(after))), c, err); err != nil {
		return nil, err
	}
	c, err = SourceMix(stats.BySource(after))
	if err := add("source_mix", finalSet, c, err); err != nil {
		return nil, err
	}
	c, err = TokenShare(stats.TokenBalance(after), opt.TargetEasy, opt.Tolerance)
	if err := add("token_share", finalSet, c, err); err != nil {
		return nil, err
	}
	c, err = LengthHistograms(stats.TokenLengths(after))
	if err := add("token_lengths", finalSet, c, err); err != nil {
		return nil, err
	}
	c, err = Difficulty(afterCounts)
	if err := add("difficulty", finalSet, c, err); err != nil {
		return nil, err
	}
	sims, what := opt.Similarities, "candidate pairs"
	if sims == nil {
		sims, what = stats.Similarities(drops), "near duplicates dropped"
	}
	c, err = Similarity(sims, opt.Threshold)
	if err := add("near_duplicate_similarity", Thousands(len(sims))+" "+what, c, err); err != nil {
		return nil, err
	}
	return out, nil
}

// WriteAll saves charts into dir as name + ext (".png" or ".svg"), rendering them
// concurrently (rasterising and PNG encoding are most of a build's chart time), and
// returns the paths written, in order.
func WriteAll(dir string, charts []Named, ext string) ([]string, error) {
	paths := make([]string, len(charts))
	errs := make([]error, len(charts))
	var wg sync.WaitGroup
	for i, n := range charts {
		paths[i] = filepath.Join(dir, n.Name+ext)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := n.Chart.Save(paths[i]); err != nil {
				errs[i] = fmt.Errorf("chart %s: %w", n.Name, err)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return paths, nil
}

// RenderAll draws every chart of a build (BuildCharts) and writes them into dir
// as PNG: dir/domain_counts.png and so on. It returns the paths written.
func RenderAll(dir string, before, after []record.Record, drops []record.Drop, opt Options) ([]string, error) {
	charts, err := BuildCharts(before, after, drops, opt)
	if err != nil {
		return nil, err
	}
	return WriteAll(dir, charts, ".png")
}
