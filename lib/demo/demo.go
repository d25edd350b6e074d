package demo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"qmix/lib/record"
	"qmix/lib/token"
)

// Files Generate writes in its directory.
const (
	ExistingFile   = "existing.jsonl"
	DuplicatesFile = "injected_duplicates.jsonl"
	NoteFile       = "DEMO.md"
	ManifestFile   = "demo_manifest.json"
	SourcesDir     = "sources"
)

// Version numbers the generator's output: it goes up whenever the same seed would
// give different files, so that Ensure regenerates a demo an older qmix wrote.
const Version = 1

// Options configure Generate. The zero value generates the plan's sizes with seed 0.
type Options struct {
	// Seed drives every random choice: the same Seed and Scale give byte-identical
	// files.
	Seed int64
	// Scale multiplies every size (existing records per domain, stand-in records);
	// 0 means 1, the plan's sizes. Tests use small scales.
	Scale float64
	// Counter counts the existing set's tokens; nil means a fresh o200k_base counter
	// without cache (each text is counted once).
	Counter *token.Counter
}

// Summary describes what Generate wrote; demo_manifest.json holds it with paths
// relative to the directory.
type Summary struct {
	Generator string          `json:"generator"`
	Version   int             `json:"version"`
	Demo      bool            `json:"demo"`
	Seed      int64           `json:"seed"`
	Scale     float64         `json:"scale"`
	Encoding  string          `json:"encoding"`
	Existing  ExistingSummary `json:"existing"`
	Sources   []SourceFiles   `json:"sources"`
	Public    int             `json:"public_records"`
	Injected  InjectedSummary `json:"injected_duplicates"`
	Note      string          `json:"note"`
}

// ExistingSummary describes the existing set.
type ExistingSummary struct {
	Path         string         `json:"path"`
	Records      int            `json:"records"`
	Easy         int            `json:"easy"`
	Hard         int            `json:"hard"`
	Domains      map[string]int `json:"domains"`
	HardByDomain map[string]int `json:"hard_by_domain"`
	EasyTokens   int            `json:"easy_tokens"`
	HardTokens   int            `json:"hard_tokens"`
	// EasyShare and HardShare are the token balance in percent.
	EasyShare float64 `json:"easy_share"`
	HardShare float64 `json:"hard_share"`
}

// SourceFiles is one source's stand-in: the paths to give source.Convert (each path
// converts on its own, as lib/build's Take reads them) and the records they hold.
type SourceFiles struct {
	Name    string   `json:"name"`
	Paths   []string `json:"paths"`
	Records int      `json:"records"`
}

// InjectedSummary counts the injected near-duplicates.
type InjectedSummary struct {
	Path     string         `json:"path"`
	Total    int            `json:"total"`
	ByEdit   map[string]int `json:"by_edit"`
	ByKind   map[string]int `json:"by_kind"`
	BySource map[string]int `json:"by_source"`
	// Share is Total over all stand-in records.
	Share float64 `json:"share"`
}

// Duplicate is one line of injected_duplicates.jsonl: the stand-in record (its id
// as the adapter gives it with the split "demo"), the record it duplicates (an
// existing record's id or another stand-in record's id), and the edit.
type Duplicate struct {
	ID          string `json:"id"`
	DuplicateOf string `json:"duplicate_of"`
	Edit        string `json:"edit"`
}

// Paths returns the paths of a source's stand-in, or nil.
func (s Summary) Paths(sourceName string) []string {
	for _, f := range s.Sources {
		if f.Name == sourceName {
			return f.Paths
		}
	}
	return nil
}

// specs are the stand-in generators, by source name.
func specs() map[string]*spec {
	m := map[string]*spec{}
	for _, s := range []*spec{
		codeSearchNetSpec(), humanEvalSpec(), mbppSpec(),
		gsm8kSpec(), mathSpec(), metaMathSpec(),
		mmluSpec(), arcSpec(), hellaSwagSpec(),
		squadSpec(), dropSpec(), coqaSpec(),
		toolBenchSpec(), gorillaSpec(),
		commonsenseQASpec(), piqaSpec(),
		cnnSpec(), xsumSpec(),
		naturalInstructionsSpec(), alpacaSpec(),
	} {
		m[s.name] = s
	}
	return m
}

// Generate writes the demo inputs into dir (created if needed) and returns their
// summary. It replaces an earlier demo in dir, but refuses to write over a sources/
// directory that is not a demo's (one without demo_manifest.json beside it). The
// manifest is written last: a directory without it is incomplete.
func Generate(dir string, opt Options) (Summary, error) {
	scale := opt.Scale
	if scale == 0 {
		scale = 1
	}
	if scale < 0 || math.IsNaN(scale) || math.IsInf(scale, 0) {
		return Summary{}, fmt.Errorf("demo: scale must be a positive number, not %v", opt.Scale)
	}
	counter := opt.Counter
	if counter == nil {
		var err error
		if counter, err = token.NewWithOptions(token.Options{NoCache: true}); err != nil {
			return Summary{}, err
		}
	}
	if err := prepare(dir); err != nil {
		return Summary{}, err
	}

	// The existing set and every stand-in's records are generated in parallel, each
	// from its own named random stream, so the result does not depend on timing.
	sp := specs()
	var order []string
	sizes := map[string]int{}
	for _, t := range PlanTakes {
		order = append(order, t.Source)
		sizes[t.Source] = StandInSize(t.Source, t.N, scale)
	}
	items := make(map[string][]*item, len(order))
	var mu sync.Mutex
	var wg sync.WaitGroup
	var existing []record.Record
	var exErr error
	wg.Go(func() { existing, exErr = genExisting(opt.Seed, scale, counter) })
	for _, name := range order {
		wg.Go(func() {
			rules, within := plannedDups(name, sizes[name])
			n := sizes[name] - within
			for _, k := range rules {
				n -= k
			}
			got := sp[name].base(newGen(opt.Seed, "source/"+name), max(0, n))
			mu.Lock()
			items[name] = got
			mu.Unlock()
		})
	}
	wg.Wait()
	if exErr != nil {
		return Summary{}, exErr
	}

	in := &injector{g: newGen(opt.Seed, "inject"), existing: existing, byDomain: map[string][]int{},
		used: map[*item]bool{}, usedEx: map[int]bool{}, items: items, specs: sp}
	for i, r := range existing {
		if r.Difficulty == record.Easy {
			in.byDomain[r.Domain] = append(in.byDomain[r.Domain], i)
		}
	}
	in.inject(order, sizes)

	// Write every stand-in (in parallel: each writes its own directory).
	sum := Summary{Generator: "qmix/lib/demo", Version: Version, Demo: true, Seed: opt.Seed, Scale: scale, Encoding: token.O200kBase}
	files := make([]SourceFiles, len(order))
	errs := make([]error, len(order))
	for i, name := range order {
		wg.Go(func() {
			w := &writer{dir: filepath.Join(dir, SourcesDir, name), name: name}
			paths, err := sp[name].write(w, items[name])
			files[i], errs[i] = SourceFiles{Name: name, Paths: paths, Records: len(items[name])}, err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return Summary{}, err
	}
	sum.Sources = files
	for _, f := range files {
		sum.Public += f.Records
	}

	if err := writeRecords(filepath.Join(dir, ExistingFile), existing); err != nil {
		return Summary{}, err
	}
	sum.Existing = summarizeExisting(existing)
	sum.Existing.Path = filepath.Join(dir, ExistingFile)

	dups, inj := duplicates(order, items)
	inj.Path = filepath.Join(dir, DuplicatesFile)
	if sum.Public > 0 {
		inj.Share = math.Round(10000*float64(inj.Total)/float64(sum.Public)) / 100
	}
	sum.Injected = inj
	var buf bytes.Buffer
	for _, d := range dups {
		if err := jsonLine(&buf, kv{{"id", d.ID}, {"duplicate_of", d.DuplicateOf}, {"edit", d.Edit}}); err != nil {
			return Summary{}, err
		}
	}
	if err := os.WriteFile(inj.Path, buf.Bytes(), 0o644); err != nil {
		return Summary{}, err
	}
	sum.Note = NoteFile
	if err := os.WriteFile(filepath.Join(dir, NoteFile), []byte(note(sum)), 0o644); err != nil {
		return Summary{}, err
	}
	if err := writeManifest(dir, sum); err != nil {
		return Summary{}, err
	}
	return sum, nil
}

// prepare makes dir ready: created if absent; an earlier demo's files removed (so a
// smaller scale leaves no stale stand-in files behind), the manifest first.
func prepare(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	_, errM := os.Stat(filepath.Join(dir, ManifestFile))
	_, errS := os.Stat(filepath.Join(dir, SourcesDir))
	if errS == nil && errors.Is(errM, fs.ErrNotExist) {
		return fmt.Errorf("demo: %s holds a %s directory but no %s: not a demo directory, not overwriting it",
			dir, SourcesDir, ManifestFile)
	}
	for _, f := range []string{ManifestFile, ExistingFile, DuplicatesFile, NoteFile, SourcesDir} {
		if err := os.RemoveAll(filepath.Join(dir, f)); err != nil {
			return err
		}
	}
	return nil
}

// writeRecords writes records as schema JSONL. Unlike record.WriteFile it does not
// sync the file: the demo's completeness is marked by the manifest, written last.
func writeRecords(path string, recs []record.Record) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := record.NewWriter(f)
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// summarizeExisting counts the existing set's records and tokens.
func summarizeExisting(recs []record.Record) ExistingSummary {
	s := ExistingSummary{Records: len(recs), Domains: map[string]int{}, HardByDomain: map[string]int{}}
	for _, r := range recs {
		s.Domains[r.Domain]++
		if r.Difficulty == record.Hard {
			s.Hard++
			s.HardByDomain[r.Domain]++
			s.HardTokens += r.TotalTokens()
		} else {
			s.Easy++
			s.EasyTokens += r.TotalTokens()
		}
	}
	if t := s.EasyTokens + s.HardTokens; t > 0 {
		s.EasyShare = math.Round(10000*float64(s.EasyTokens)/float64(t)) / 100
		s.HardShare = math.Round(10000*float64(s.HardTokens)/float64(t)) / 100
	}
	return s
}

// duplicates lists the injected duplicates in the plan's source order, each
// source's in file order.
func duplicates(order []string, items map[string][]*item) ([]Duplicate, InjectedSummary) {
	inj := InjectedSummary{ByEdit: map[string]int{}, ByKind: map[string]int{}, BySource: map[string]int{}}
	src := map[*item]string{}
	for _, name := range order {
		for _, it := range items[name] {
			src[it] = name
		}
	}
	var out []Duplicate
	for _, name := range order {
		for _, it := range items[name] {
			var of, kind string
			switch {
			case it.dupOfID != "":
				of, kind = it.dupOfID, KindExisting
			case it.dupOf != nil:
				of, kind = it.dupOf.id, KindWithin
				if src[it.dupOf] != name {
					kind = KindCross
				}
			default:
				continue
			}
			out = append(out, Duplicate{ID: it.id, DuplicateOf: of, Edit: it.edit})
			inj.Total++
			inj.ByEdit[it.edit]++
			inj.ByKind[kind]++
			inj.BySource[name]++
		}
	}
	return out, inj
}

// note is DEMO.md.
func note(s Summary) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Generated demo data — not real datasets\n\n")
	fmt.Fprintf(&b, "Everything in this directory was generated by qmix's seeded demo generator (package `qmix/lib/demo`, seed %d, scale %g) "+
		"for the embedded default of `make run`. None of it is taken from a real dataset: the questions are templated text, and the stand-ins only "+
		"imitate the public sources' file formats and typical lengths. With network access, `qmix fetch` brings the real sources.\n\n", s.Seed, s.Scale)
	fmt.Fprintf(&b, "- `%s`: the existing set, %d records (%d easy / %d hard), token balance %.1f/%.1f easy/hard (o200k_base), ids `existing/demo/<n>`.\n",
		ExistingFile, s.Existing.Records, s.Existing.Easy, s.Existing.Hard, s.Existing.EasyShare, s.Existing.HardShare)
	fmt.Fprintf(&b, "- `%s/<source>/`: stand-ins for %d public sources in their native formats, %d records; convert them with split \"demo\".\n",
		SourcesDir, len(s.Sources), s.Public)
	fmt.Fprintf(&b, "- `%s`: %d injected near-duplicates (%.1f%% of the stand-in records), each with the record it copies and the edit.\n",
		DuplicatesFile, s.Injected.Total, s.Injected.Share)
	fmt.Fprintf(&b, "- `%s`: these counts, machine-readable.\n", ManifestFile)
	return b.String()
}

// writeManifest writes the summary with paths relative to dir (so that the file does
// not depend on where the demo was generated), atomically.
func writeManifest(dir string, s Summary) error {
	rel := func(p string) string {
		r, err := filepath.Rel(dir, p)
		if err != nil {
			return filepath.ToSlash(p)
		}
		return filepath.ToSlash(r)
	}
	m := s
	m.Existing.Path = rel(s.Existing.Path)
	m.Injected.Path = rel(s.Injected.Path)
	m.Sources = make([]SourceFiles, len(s.Sources))
	for i, f := range s.Sources {
		m.Sources[i] = SourceFiles{Name: f.Name, Records: f.Records}
		for _, p := range f.Paths {
			m.Sources[i].Paths = append(m.Sources[i].Paths, rel(p))
		}
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return record.WriteAtomic(filepath.Join(dir, ManifestFile), func(w io.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	})
}

// Open reads the summary of a demo generated earlier in dir, with its paths below
// dir; it fails when dir holds no complete demo.
func Open(dir string) (Summary, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return Summary{}, fmt.Errorf("demo: %w (generate the demo first)", err)
	}
	var s Summary
	if err := json.Unmarshal(b, &s); err != nil {
		return Summary{}, fmt.Errorf("demo: %s: %w", filepath.Join(dir, ManifestFile), err)
	}
	if !s.Demo {
		return Summary{}, fmt.Errorf("demo: %s is not a demo manifest", filepath.Join(dir, ManifestFile))
	}
	abs := func(p string) string { return filepath.Join(dir, filepath.FromSlash(p)) }
	s.Existing.Path = abs(s.Existing.Path)
	s.Injected.Path = abs(s.Injected.Path)
	for i := range s.Sources {
		for j, p := range s.Sources[i].Paths {
			s.Sources[i].Paths[j] = abs(p)
		}
	}
	return s, nil
}

// Ensure returns the demo in dir when one of this Version, seed and scale is there
// (complete: its manifest is written last), and generates it otherwise — what
// `make run` needs to generate the demo inputs only when absent.
func Ensure(dir string, opt Options) (Summary, error) {
	scale := opt.Scale
	if scale == 0 {
		scale = 1
	}
	if s, err := Open(dir); err == nil && s.Version == Version && s.Seed == opt.Seed && s.Scale == scale {
		return s, nil
	}
	return Generate(dir, opt)
}

// ReadDuplicates reads an injected_duplicates.jsonl file.
func ReadDuplicates(path string) ([]Duplicate, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []Duplicate
	for i, line := range bytes.Split(b, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var d Duplicate
		if err := json.Unmarshal(line, &d); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, i+1, err)
		}
		out = append(out, d)
	}
	return out, nil
}
