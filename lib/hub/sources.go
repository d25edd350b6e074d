package hub

import (
	"fmt"
	"path"
	"strings"

	"qmix/lib/source"
)

// Layout says where a source's files are on the Hub.
type Layout int

const (
	// LayoutParquet: the Hub's Parquet conversion, "<config>/<split>/NNNN.parquet" on
	// refs/convert/parquet, as the datasets-server's /parquet lists it.
	LayoutParquet Layout = iota
	// LayoutRepo: the repository's own files on a branch, picked per split by name.
	LayoutRepo
)

func (l Layout) String() string {
	if l == LayoutRepo {
		return "repository files"
	}
	return "parquet"
}

// repoLayout describes a source read from its repository files.
type repoLayout struct {
	revision string
	splits   map[string][]string // split → globs on the file's base name
	why      string
}

// repoLayouts lists, per source, the sources whose Hub form is not the Parquet
// conversion. Every other source with a Hub id is fetched as Parquet: their adapters
// read the Hub's Parquet columns. The decision, source by source:
//
//	gorilla     repository files: gorilla-llm/APIBench holds APIBench's JSON Lines
//	            files ({torchhub,huggingface,tensorflow}_{train,eval}.json) and no
//	            dataset viewer, so there is no conversion; "eval" is the test split,
//	            as the adapter reads it.
//	toolbench   none: no Hub dataset (Google Drive release); Resolve says so.
//	all others  parquet, config and splits from the registry.
var repoLayouts = map[string]repoLayout{
	"gorilla": {
		revision: "main",
		splits:   map[string][]string{source.Test: {"*_eval.json"}, source.Train: {"*_train.json"}},
		why:      "no Parquet conversion; the repository's APIBench JSON Lines files",
	},
}

// Target is a registry source resolved to what to fetch from the Hub.
type Target struct {
	Source   string
	Repo     string // Hub dataset id
	Config   string // LayoutParquet: the config
	Splits   []string
	Layout   Layout
	Revision string
	// Explicit is set when the caller named the revision: the Parquet files are then
	// listed from that revision's tree, not from the datasets-server (which knows
	// only the current conversion).
	Explicit bool
	// Named is set when the caller named the splits: each must then have files.
	Named    bool
	patterns map[string][]string
}

// Resolve maps a registry source to its Hub files: dataset, config, layout, the
// splits to fetch (all of the registry's when splits is empty) and the revision
// ("" means the layout's default: refs/convert/parquet or the repository's branch).
func Resolve(name string, splits []string, revision string) (Target, error) {
	a, err := source.Lookup(name)
	if err != nil {
		return Target{}, err
	}
	if a.HubID == "" {
		return Target{}, fmt.Errorf("source %s: %w: it is not published on the Hugging Face Hub; convert its release files with 'qmix convert %s PATH'",
			name, ErrNoHub, name)
	}
	if err := checkRepoID(a.HubID); err != nil {
		return Target{}, fmt.Errorf("source %s: %w", name, err)
	}
	t := Target{Source: name, Repo: a.HubID, Config: a.HubConfig, Layout: LayoutParquet, Revision: ParquetRevision}
	if rl, ok := repoLayouts[name]; ok {
		t.Layout, t.Revision, t.patterns = LayoutRepo, rl.revision, rl.splits
	}
	if revision != "" {
		if err := checkRevision(revision); err != nil {
			return Target{}, err
		}
		t.Revision, t.Explicit = revision, revision != t.Revision
	}
	t.Named = len(splits) > 0
	if !t.Named {
		splits = a.Splits
	}
	for _, s := range splits {
		canon, ok := pickSplit(a.Splits, s)
		if !ok {
			return Target{}, fmt.Errorf("source %s has no split %q (its splits: %s)", name, s, strings.Join(a.Splits, ", "))
		}
		if t.Layout == LayoutRepo && len(t.patterns[canon]) == 0 {
			return Target{}, fmt.Errorf("source %s: split %q has no files in the Hub repository %s", name, canon, a.HubID)
		}
		if !contains(t.Splits, canon) {
			t.Splits = append(t.Splits, canon)
		}
	}
	return t, nil
}

// pickSplit finds s among the registry's splits, directly or by its canonical name
// ("dev" → "validation" unless the source has a "dev" split of its own).
func pickSplit(known []string, s string) (string, bool) {
	if contains(known, s) {
		return s, true
	}
	if c := source.CanonicalSplit(s); contains(known, c) {
		return c, true
	}
	return "", false
}

// repoSplit tells which requested split a repository file belongs to.
func (t Target) repoSplit(p string) (string, bool) {
	base := path.Base(p)
	for _, s := range t.Splits {
		for _, g := range t.patterns[s] {
			if ok, _ := path.Match(g, base); ok {
				return s, true
			}
		}
	}
	return "", false
}

// wants tells whether a Parquet file of this config and split is requested.
func (t Target) wants(config, split string) bool {
	return config == t.Config && contains(t.Splits, split)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
