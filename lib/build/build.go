// Package build runs the batch build of the augmentation plan as explicit steps —
// load the existing set, take each public source, deduplicate, relabel, balance,
// shuffle, write — and accounts for every record: each input record ends kept, or
// dropped with a stage and a reason (spec.md "Accounting"). The manifest's counts
// balance at every stage, drops.jsonl lists every dropped id, and Why answers for
// any id. Outputs are written atomically and are byte-identical for the same inputs
// and seed.
package build

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"qmix/lib/balance"
	"qmix/lib/dedup"
	"qmix/lib/label"
	"qmix/lib/progress"
	"qmix/lib/record"
	"qmix/lib/source"
	"qmix/lib/token"
)

// Output file names inside the build's directory (spec.md).
const (
	AugmentedFile = "questions_augmented_with_public.jsonl"
	FinalFile     = "questions_final_60k.jsonl"
	ManifestFile  = "manifest.json"
	DropsFile     = "drops.jsonl"
	ReportFile    = "report.md"
)

// Build holds the working set of a build between steps.
type Build struct {
	out      string
	log      io.Writer
	manifest Manifest
	existing []record.Record
	public   []record.Record
	final    []record.Record
	drops    []record.Drop
	inputs   int
	// similarities are the verified Jaccard similarities of dedup's candidate
	// pairs: the distribution the threshold cuts.
	similarities []float64
	plotsDir     string
	plots        []string // chart files written, for the report
	quota        int      // the balance's largest domain quota: the line on the domain chart
	target       balance.Options
}

// Options configure a build.
type Options struct {
	Out   string    // output directory; "" means "out"
	Plots string    // directory of the charts (PNG); "" means "plots"
	Seed  int64     // seed of every random choice
	Demo  bool      // inputs are generated demo stand-ins: ids get the split "demo"
	Log   io.Writer // progress and summaries; nil means os.Stderr
}

// New starts a build.
func New(opt Options) *Build {
	if opt.Out == "" {
		opt.Out = "out"
	}
	if opt.Log == nil {
		opt.Log = os.Stderr
	}
	if opt.Plots == "" {
		opt.Plots = "plots"
	}
	return &Build{out: opt.Out, log: opt.Log, plotsDir: opt.Plots,
		manifest: Manifest{Tool: "qmix", Demo: opt.Demo, Seed: opt.Seed, Encoding: token.O200kBase}}
}

func (b *Build) logf(format string, args ...any) { fmt.Fprintf(b.log, format+"\n", args...) }

// stage records a step's counts in the manifest.
func (b *Build) stage(name string, in, kept int, drops []record.Drop, notes map[string]int) {
	st := Stage{Name: name, In: in, Kept: kept, Dropped: map[string]int{}, Notes: notes}
	for _, d := range drops {
		st.Dropped[d.Reason]++
	}
	b.manifest.Stages = append(b.manifest.Stages, st)
	b.drops = append(b.drops, drops...)
}

// Existing loads the existing question set (schema JSONL); its records are the
// reference for dedup and are kept first by the balancer.
func (b *Build) Existing(paths ...string) error {
	start := time.Now()
	var rd record.Reader
	n0 := len(b.existing)
	bar := progress.New(b.log, "existing", -1, "records")
	defer bar.Finish()
	for _, p := range paths {
		before := len(b.existing)
		hash := hashAsync(p)
		err := rd.EachFile(p, func(r record.Record) error {
			b.existing = append(b.existing, r)
			bar.Add(1)
			return nil
		})
		if err != nil {
			return err
		}
		if err := b.addInput("existing", "", p, len(b.existing)-before, hash); err != nil {
			return err
		}
	}
	bar.Finish()
	n := len(b.existing) - n0
	b.inputs += n
	b.stage("existing", n, n, nil, nil)
	b.logf("existing: %d records (%s)", n, since(start))
	return nil
}

func (b *Build) input(role, src, path string, records int) error {
	return b.addInput(role, src, path, records, func() (string, error) { return HashPath(path) })
}

// addInput records an input of the build with the hash that hash returns.
func (b *Build) addInput(role, src, path string, records int, hash func() (string, error)) error {
	h, err := hash()
	if err != nil {
		return err
	}
	b.manifest.Inputs = append(b.manifest.Inputs, Input{Role: role, Source: src, Path: filepath.ToSlash(path), SHA256: h, Records: records})
	return nil
}

// hashAsync starts HashPath(path) on its own goroutine and returns the function that
// waits for it: a step hashes its input files on the other core while it converts
// them, instead of reading them a second time after.
func hashAsync(path string) func() (string, error) {
	type result struct {
		h   string
		err error
	}
	ch := make(chan result, 1)
	go func() {
		h, err := HashPath(path)
		ch <- result{h, err}
	}()
	return func() (string, error) {
		r := <-ch
		return r.h, r.err
	}
}

// Take converts a public source's files and keeps a seeded sample of n records
// (all of them when the source has fewer); the rest are dropped as trimmed.
func (b *Build) Take(sourceName string, n int, paths ...string) error {
	start := time.Now()
	opt := source.Options{}
	if b.manifest.Demo {
		opt.Split = "demo"
	}
	var recs []record.Record
	bar := progress.New(b.log, "take "+sourceName, -1, "records")
	err := b.convert(sourceName, paths, opt, func(r record.Record) {
		recs = append(recs, r)
		bar.Add(1)
	})
	bar.Finish()
	if err != nil {
		return err
	}
	b.inputs += len(recs)
	taken, rest := balance.Sample(recs, n, b.manifest.Seed)
	drops := make([]record.Drop, len(rest))
	for i, r := range rest {
		drops[i] = record.Drop{ID: r.ID, Stage: "take", Reason: record.ReasonTrimmed,
			Detail: fmt.Sprintf("take %s %d of %d", sourceName, n, len(recs))}
	}
	b.public = append(b.public, taken...)
	b.stage("take "+sourceName, len(recs), len(taken), drops, nil)
	b.logf("take %-20s %6d of %6d (%s)", sourceName, len(taken), len(recs), since(start))
	return nil
}

// convert reads each path of a source, recording it as an input of the build.
func (b *Build) convert(sourceName string, paths []string, opt source.Options, emit func(record.Record)) error {
	for _, p := range paths {
		n := 0
		hash := hashAsync(p)
		err := source.Convert(sourceName, []string{p}, opt, func(r record.Record) error {
			n++
			emit(r)
			return nil
		})
		if err != nil {
			return err
		}
		if err := b.addInput("source", sourceName, p, n, hash); err != nil {
			return err
		}
	}
	return nil
}

// Dedup removes exact and near duplicates of the public records, against the
// existing set and among themselves, keep-first in take order.
func (b *Build) Dedup(opt dedup.Options) error {
	start := time.Now()
	d, err := dedup.New(opt)
	if err != nil {
		return err
	}
	d.AddReferences(b.existing)
	if err := d.Err(); err != nil {
		return err
	}
	// Chunks feed the progress bar; AddAll is keep-first in order across calls, so
	// the result is the one of a single call.
	const chunk = 4096
	bar := progress.New(b.log, "dedup", len(b.public), "records")
	var kept []record.Record
	var drops []record.Drop
	for i := 0; i < len(b.public); i += chunk {
		k, dr := d.AddAll(b.public[i:min(i+chunk, len(b.public))])
		if err := d.Err(); err != nil {
			bar.Finish()
			return err
		}
		kept, drops = append(kept, k...), append(drops, dr...)
		bar.Add(min(chunk, len(b.public)-i))
	}
	bar.Finish()
	stats := d.Stats()
	b.similarities = d.Similarities()
	b.manifest.Dedup = &stats
	b.stage("dedup", len(b.public), len(kept), drops, map[string]int{"template_variants": stats.TemplateVariants})
	b.logf("dedup: %d public records, %d exact and %d near duplicates dropped, %d template variants kept (%s)",
		len(b.public), stats.Exact, stats.Near, stats.TemplateVariants, since(start))
	b.public = kept
	return nil
}

// Augmented is the existing set followed by the public records kept so far.
func (b *Build) Augmented() []record.Record {
	out := make([]record.Record, 0, len(b.existing)+len(b.public))
	return append(append(out, b.existing...), b.public...)
}

// WriteAugmented writes questions_augmented_with_public.jsonl.
func (b *Build) WriteAugmented() error {
	recs := b.Augmented()
	b.manifest.Augmented = Summarize(recs)
	return b.writeRecords(AugmentedFile, recs)
}

// Relabel applies the complexity-score relabelling to the public records.
func (b *Build) Relabel(opt label.Options) error {
	relabelled, rep, err := label.RelabelStoppable(b.public, opt)
	if err != nil {
		return err
	}
	changed := 0
	for i := range relabelled {
		if relabelled[i].Difficulty != b.public[i].Difficulty {
			changed++
		}
	}
	b.public = relabelled
	b.stage("relabel", len(b.public), len(b.public), nil, map[string]int{"relabelled_hard": changed})
	b.manifest.Relabel = &rep
	b.logf("relabel: %d public records relabelled hard", changed)
	return nil
}

// Balance selects the final set: quotas per domain, caps per source, the token
// balance, keep-priority for existing and hard records.
func (b *Build) Balance(opt balance.Options) error {
	start := time.Now()
	if opt.Seed == 0 {
		opt.Seed = b.manifest.Seed
	}
	all := b.Augmented()
	kept, drops, rep, err := balance.Balance(all, opt)
	if err != nil {
		return err
	}
	b.manifest.Balance = &rep
	b.target = opt
	for _, n := range rep.Domains {
		b.quota = max(b.quota, n.Quota)
	}
	b.stage("balance", len(all), len(kept), drops, nil)
	b.final = kept
	s := Summarize(kept)
	b.logf("balance: %d of %d kept, token balance %.1f/%.1f (%s)", len(kept), len(all), s.EasyShare, s.HardShare, since(start))
	return nil
}

// Shuffle orders the final set so that domains are mixed in every batch.
func (b *Build) Shuffle() {
	b.final = balance.Shuffle(b.final, b.manifest.Seed)
}

// Final returns the final record set.
func (b *Build) Final() []record.Record { return b.final }

// Drops returns every drop so far, in the order the stages made them.
func (b *Build) Drops() []record.Drop { return b.drops }

// Similarities returns the verified Jaccard similarity of each candidate pair the
// dedup step checked, in order: the distribution its threshold cuts.
func (b *Build) Similarities() []float64 { return b.similarities }

// Manifest returns the manifest as it stands (complete after Finish).
func (b *Build) Manifest() Manifest { return b.manifest }

// Finish writes the final set, drops.jsonl, the report and the manifest (last, so
// that a manifest's presence means the build completed), after checking that every
// input record is accounted for.
func (b *Build) Finish() error {
	work := b.startFinishWork()
	if err := b.writeRecords(FinalFile, b.final); err != nil {
		return err
	}
	b.manifest.Final = Summarize(b.final)
	acc, err := account(b.inputs, b.final, b.drops)
	b.manifest.Accounting = acc
	if err != nil {
		return err
	}
	if err := b.writeDrops(); err != nil {
		return err
	}
	if err := b.writeCharts(work); err != nil {
		return err
	}
	if err := b.writeReport(work); err != nil {
		return err
	}
	if err := WriteManifest(filepath.Join(b.out, ManifestFile), b.manifest); err != nil {
		return err
	}
	b.printSummary()
	return nil
}

func (b *Build) writeRecords(name string, recs []record.Record) error {
	path := filepath.Join(b.out, name)
	h, err := record.WriteFileSum(path, recs)
	if err != nil {
		return err
	}
	b.manifest.Outputs = append(b.manifest.Outputs, Output{Path: name, SHA256: h, Records: len(recs)})
	return nil
}

func (b *Build) writeDrops() error {
	path := filepath.Join(b.out, DropsFile)
	if err := record.WriteDrops(path, b.drops); err != nil {
		return err
	}
	h, err := hashFile(path)
	if err != nil {
		return err
	}
	b.manifest.Outputs = append(b.manifest.Outputs, Output{Path: DropsFile, SHA256: h, Records: len(b.drops)})
	return nil
}

func since(t time.Time) string { return time.Since(t).Round(time.Millisecond).String() }

func (b *Build) printSummary() {
	b.logf("\n%s", b.domainTable())
	fin := b.manifest.Final
	b.logf("final: %d records, token balance %.1f/%.1f; accounting: %d inputs = %d kept + %d dropped; outputs in %s/",
		fin.Records, fin.EasyShare, fin.HardShare, b.manifest.Accounting.Inputs, b.manifest.Accounting.Kept,
		b.manifest.Accounting.Dropped, b.out)
}
