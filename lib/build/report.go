package build

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"qmix/lib/chart"
	"qmix/lib/record"
	"qmix/lib/stats"
)

// finishWork is what Finish computes from the final record sets alongside writing
// them: the charts as PNG bytes and the report's statistics. Both read the sets
// only, and nothing reaches a file before Finish's steps get to it in order.
type finishWork struct {
	done   chan struct{}
	charts []chart.Named
	pngs   [][]byte
	err    error  // drawing the charts
	stats  string // the report's statistics section
}

// startFinishWork starts drawing the charts (each on its own goroutine; rasterising
// and PNG encoding are most of their time) and summarising the statistics.
func (b *Build) startFinishWork() *finishWork {
	w := &finishWork{done: make(chan struct{})}
	opt := chart.Options{Similarities: b.similarities, Quota: b.quota,
		TargetEasy: b.target.TargetEasy, Tolerance: b.target.Tolerance}
	if b.manifest.Dedup != nil {
		opt.Threshold = b.manifest.Dedup.Options.Threshold
	}
	augmented, final, drops, public := b.Augmented(), b.final, b.drops, b.public
	var wg sync.WaitGroup
	wg.Go(func() {
		charts, err := chart.BuildCharts(augmented, final, drops, opt)
		if err != nil {
			w.err = err
			return
		}
		w.charts, w.pngs = charts, make([][]byte, len(charts))
		errs := make([]error, len(charts))
		var draw sync.WaitGroup
		for i, n := range charts {
			draw.Go(func() {
				if w.pngs[i], errs[i] = n.Chart.PNG(); errs[i] != nil {
					errs[i] = fmt.Errorf("chart %s: %w", n.Name, errs[i])
				}
			})
		}
		draw.Wait()
		w.err = errors.Join(errs...)
	})
	wg.Go(func() {
		sum := stats.Summarize(augmented, final, drops)
		// Dedup rates over the public records only, so that they match the dedup stage.
		sum.Dedup = stats.DedupRates(public, drops)
		w.stats = "\n# Statistics\n\n" + sum.Markdown(2)
	})
	go func() {
		wg.Wait()
		close(w.done)
	}()
	return w
}

// writeCharts writes the charts drawn by w into the plots directory as PNG (as
// chart.RenderAll does) and lists them among the manifest's outputs (as paths
// relative to the output directory).
func (b *Build) writeCharts(w *finishWork) error {
	<-w.done
	if w.err != nil {
		return w.err
	}
	plots := make([]string, len(w.charts))
	errs := make([]error, len(w.charts))
	var wg sync.WaitGroup
	for i, n := range w.charts {
		plots[i] = filepath.Join(b.plotsDir, n.Name+".png")
		wg.Go(func() {
			err := record.WriteAtomic(plots[i], func(out io.Writer) error {
				_, err := out.Write(w.pngs[i])
				return err
			})
			if err != nil {
				errs[i] = fmt.Errorf("chart %s: %w", n.Name, err)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	b.plots = plots
	for i, p := range plots {
		rel, err := filepath.Rel(b.out, p)
		if err != nil {
			rel = p
		}
		b.manifest.Outputs = append(b.manifest.Outputs, Output{Path: filepath.ToSlash(rel), SHA256: sha256Hex(w.pngs[i])})
	}
	return nil
}

// writeReport writes report.md: the summary tables of every stage, for a reader
// who wants to judge the build without opening the manifest.
func (b *Build) writeReport(work *finishWork) error {
	m := b.manifest
	var sb strings.Builder
	sb.WriteString("# qmix build report\n")
	if m.Demo {
		sb.WriteString("\n> Built from **generated demo data** (the embedded default), not from the real sources.\n")
	}
	fmt.Fprintf(&sb, "\nSeed %d. %d records in the final set; token balance %.1f%% easy / %.1f%% hard (target 60/40 ± 2.5).\n",
		m.Seed, m.Final.Records, m.Final.EasyShare, m.Final.HardShare)
	fmt.Fprintf(&sb, "\n## Domains\n\n%s", b.domainTable())
	fmt.Fprintf(&sb, "\n## Stages\n\n%s", b.stageTable())
	fmt.Fprintf(&sb, "\nEvery input record is kept or listed in `%s` with its reason: %d inputs = %d kept + %d dropped.\n",
		DropsFile, m.Accounting.Inputs, m.Accounting.Kept, m.Accounting.Dropped)
	if m.Dedup != nil {
		fmt.Fprintf(&sb, "\n## Dedup\n\n%s", b.dedupTable())
	}
	if m.Relabel != nil {
		fmt.Fprintf(&sb, "\n## Relabel\n\n%s", b.relabelTable())
	}
	if m.Balance != nil {
		fmt.Fprintf(&sb, "\n## Balance\n\n%s", b.balanceTable())
	}
	sb.WriteString(b.qualitySections())
	if len(b.plots) > 0 {
		sb.WriteString("\n## Charts\n\n")
		for _, p := range b.plots {
			rel, err := filepath.Rel(b.out, p)
			if err != nil {
				rel = p
			}
			fmt.Fprintf(&sb, "![%s](%s)\n\n", strings.TrimSuffix(filepath.Base(p), filepath.Ext(p)), filepath.ToSlash(rel))
		}
	}
	<-work.done
	sb.WriteString(work.stats)
	path := filepath.Join(b.out, ReportFile)
	report := sb.String()
	err := record.WriteAtomic(path, func(w io.Writer) error {
		_, err := io.WriteString(w, report)
		return err
	})
	if err != nil {
		return err
	}
	b.manifest.Outputs = append(b.manifest.Outputs, Output{Path: ReportFile, SHA256: sha256Hex([]byte(report))})
	return nil
}

// sha256Hex is the hex SHA-256 of data: the hash of a file written from it.
func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// domainTable renders per-domain counts of the existing, augmented and final sets.
func (b *Build) domainTable() string {
	var sb strings.Builder
	aug := b.manifest.Augmented
	fin := b.manifest.Final
	ex := Summarize(b.existing)
	fmt.Fprintf(&sb, "| domain | existing | augmented | final | final easy tokens | final hard tokens |\n|---|---:|---:|---:|---:|---:|\n")
	tok := map[string][2]int{}
	for _, r := range b.final {
		v := tok[r.Domain]
		if r.Difficulty == record.Hard {
			v[1] += r.TotalTokens()
		} else {
			v[0] += r.TotalTokens()
		}
		tok[r.Domain] = v
	}
	for _, d := range record.Domains {
		fmt.Fprintf(&sb, "| %s | %d | %d | %d | %d | %d |\n", d, ex.ByDomain[d], aug.ByDomain[d], fin.ByDomain[d], tok[d][0], tok[d][1])
	}
	fmt.Fprintf(&sb, "| **total** | %d | %d | %d | %d | %d |\n", ex.Records, aug.Records, fin.Records, fin.EasyTokens, fin.HardTokens)
	return sb.String()
}

func (b *Build) stageTable() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "| stage | in | kept | dropped | reasons |\n|---|---:|---:|---:|---|\n")
	for _, st := range b.manifest.Stages {
		var reasons []string
		for r, n := range st.Dropped {
			reasons = append(reasons, fmt.Sprintf("%s %d", r, n))
		}
		for k, n := range st.Notes {
			reasons = append(reasons, fmt.Sprintf("(%s %d)", k, n))
		}
		sort.Strings(reasons)
		fmt.Fprintf(&sb, "| %s | %d | %d | %d | %s |\n", st.Name, st.In, st.Kept, st.In-st.Kept, strings.Join(reasons, ", "))
	}
	return sb.String()
}

func (b *Build) dedupTable() string {
	s := b.manifest.Dedup
	o := s.Options
	var sb strings.Builder
	fmt.Fprintf(&sb, "MinHash over word unigrams, %d permutations in %d bands × %d rows, threshold %.2f, template variants %s; %d reference records.\n\n",
		o.NumPerm, o.Bands, o.Rows, o.Threshold, map[bool]string{true: "merged", false: "kept apart"}[o.MergeTemplateVariants], s.References)
	fmt.Fprintf(&sb, "| source | checked | kept | exact | near | template variants | dropped %% |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, src := range s.Sources {
		fmt.Fprintf(&sb, "| %s | %d | %d | %d | %d | %d | %.1f |\n", src.Source, src.Checked, src.Kept, src.Exact, src.Near, src.TemplateVariants, percent(src.Exact+src.Near, src.Checked))
	}
	fmt.Fprintf(&sb, "| **total** | %d | %d | %d | %d | %d | %.1f |\n", s.Checked, s.Kept, s.Exact, s.Near, s.TemplateVariants, percent(s.Exact+s.Near, s.Checked))
	fmt.Fprintf(&sb, "\n%d candidate pairs verified; rejected: %d below threshold, %d other options, %d other passage or input, %d other final answer, %d other numbers. Largest cluster: %d duplicates of `%s`.\n",
		s.CandidatePairs, s.RejectedBelowThreshold, s.RejectedChoices, s.RejectedContext, s.RejectedAnswer, s.RejectedNumbers, s.LargestCluster, s.LargestClusterID)
	return sb.String()
}

func (b *Build) relabelTable() string {
	rep := b.manifest.Relabel
	var sb strings.Builder
	fmt.Fprintf(&sb, "Easy records with a complexity score above %.2f become hard.\n\n", rep.HardAbove)
	fmt.Fprintf(&sb, "| source | records | hard before | relabelled | hard after | tokens moved to hard |\n|---|---:|---:|---:|---:|---:|\n")
	for _, c := range append(rep.BySource, rep.Total) {
		fmt.Fprintf(&sb, "| %s | %d | %d | %d | %d | %d |\n", c.Source, c.Records, c.HardBefore, c.Relabelled, c.HardAfter, c.TokensRelabelled)
	}
	return sb.String()
}

func (b *Build) balanceTable() string {
	rep := b.manifest.Balance
	var sb strings.Builder
	fmt.Fprintf(&sb, "Token balance (easy/hard): input %.1f/%.1f, diverse random start %.1f/%.1f, result %.1f/%.1f after %d swaps within and %d across difficulties.\n\n",
		rep.Before.EasyShare, 100-rep.Before.EasyShare, rep.Initial.EasyShare, 100-rep.Initial.EasyShare,
		rep.After.EasyShare, 100-rep.After.EasyShare, rep.Swaps, rep.SwapsAcross)
	fmt.Fprintf(&sb, "| source | cap | before | kept | hard before | hard kept | tokens kept |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, c := range rep.Sources {
		capText := "—"
		if c.Cap >= 0 {
			capText = fmt.Sprint(c.Cap)
		}
		fmt.Fprintf(&sb, "| %s | %s | %d | %d | %d | %d | %d |\n", c.Source, capText, c.Before, c.After, c.HardBefore, c.HardAfter, c.Tokens)
	}
	return sb.String()
}

func percent(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return 100 * float64(n) / float64(of)
}
