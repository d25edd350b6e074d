package hub

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"qmix/lib/source"
)

// Cached finds a target's files in the cache without touching the network, following
// huggingface_hub's resolution: the revision's commit from refs/ (a commit is
// itself), then the snapshot's entries. A split named by the caller must be there;
// otherwise at least one file must be. The error (wrapping ErrNotCached) names what
// is missing and lists what the cache holds for the dataset.
func (c *Client) Cached(t Target) ([]File, error) {
	repoDir := c.repoDir(t.Repo)
	commit, err := c.readRef(t.Repo, t.Revision)
	if err != nil {
		return nil, c.notCached(t, filepath.Join(repoDir, "refs", filepath.FromSlash(t.Revision)))
	}
	snap := filepath.Join(repoDir, "snapshots", commit)
	var out []File
	var missing []string
	for _, split := range t.Splits {
		var found []File
		switch t.Layout {
		case LayoutParquet:
			for _, dir := range []string{split, "partial-" + split} {
				paths, _ := filepath.Glob(filepath.Join(snap, t.Config, dir, "*.parquet"))
				for _, p := range paths {
					rel := t.Config + "/" + dir + "/" + filepath.Base(p)
					if f, ok := cachedFile(t, commit, rel, p); ok {
						f.Config, f.Split = t.Config, split
						found = append(found, f)
					}
				}
			}
			if len(found) == 0 {
				missing = append(missing, filepath.Join(snap, t.Config, split, "*.parquet"))
			}
		case LayoutRepo:
			filepath.WalkDir(snap, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return nil
				}
				rel, _ := filepath.Rel(snap, p)
				rel = filepath.ToSlash(rel)
				if s, ok := t.repoSplit(rel); ok && s == split {
					if f, ok := cachedFile(t, commit, rel, p); ok {
						f.Split = split
						found = append(found, f)
					}
				}
				return nil
			})
			if len(found) == 0 {
				missing = append(missing, filepath.Join(snap, strings.Join(t.patterns[split], " or ")))
			}
		}
		out = append(out, found...)
	}
	if len(out) == 0 || (t.Named && len(missing) > 0) {
		return nil, c.notCached(t, missing...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// cachedFile describes a snapshot entry whose blob exists.
func cachedFile(t Target, commit, rel, local string) (File, bool) {
	blob, err := filepath.EvalSymlinks(local)
	if err != nil {
		return File{}, false // a dangling link: the blob was deleted
	}
	st, err := os.Stat(blob)
	if err != nil || !st.Mode().IsRegular() {
		return File{}, false
	}
	return File{Source: t.Source, Repo: t.Repo, Revision: t.Revision, Commit: commit, Path: rel,
		Local: local, Blob: blob, Etag: filepath.Base(blob), Size: st.Size()}, true
}

// notCached is the error for files missing from the cache.
func (c *Client) notCached(t Target, missing ...string) error {
	how := fmt.Sprintf("run 'qmix fetch %s' with network", t.Source)
	if c.opt.Offline {
		how += " (HF_HUB_OFFLINE=1 forbids it now)"
	}
	return fmt.Errorf("source %s (dataset %s, %s, splits %s): %w: missing %s; cached files: %s; %s",
		t.Source, t.Repo, t.Revision, strings.Join(t.Splits, ", "), ErrNotCached,
		strings.Join(missing, ", "), c.cachedSummary(t.Repo), how)
}

// cachedSummary lists what the cache holds for a dataset, for error messages.
func (c *Client) cachedSummary(repo string) string {
	r, ok := c.scanRepo(repo)
	if !ok || (len(r.Snapshots) == 0 && r.PartialFiles == 0) {
		return "none (cache " + c.opt.CacheDir + ")"
	}
	var parts []string
	for _, s := range r.Snapshots {
		at := s.Commit[:12]
		if len(s.Revisions) > 0 {
			at = strings.Join(s.Revisions, ", ") + " = " + at
		}
		for _, f := range s.Files {
			parts = append(parts, fmt.Sprintf("%s (%d bytes, %s)", f.Path, f.Size, at))
		}
	}
	if r.PartialFiles > 0 {
		parts = append(parts, fmt.Sprintf("%d partial download(s), %d bytes", r.PartialFiles, r.PartialBytes))
	}
	return strings.Join(parts, ", ")
}

// CachedRepo is one dataset in the cache, for `qmix fetch --list`.
type CachedRepo struct {
	Repo         string
	Dir          string
	Sources      []string          // registry sources fetched from it
	Refs         map[string]string // revision → commit
	Snapshots    []CachedSnapshot
	BlobBytes    int64 // whole blobs, each counted once
	PartialFiles int   // .incomplete downloads
	PartialBytes int64
}

// CachedSnapshot is one cached commit.
type CachedSnapshot struct {
	Commit    string
	Revisions []string // the refs pointing at it
	Files     []CachedFile
}

// CachedFile is one snapshot entry.
type CachedFile struct {
	Path string
	Size int64 // -1 when its blob is missing
}

// List scans the cache's dataset repositories (models and spaces are left alone).
func (c *Client) List() ([]CachedRepo, error) {
	entries, err := os.ReadDir(c.opt.CacheDir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []CachedRepo
	for _, e := range entries {
		name, ok := strings.CutPrefix(e.Name(), "datasets--")
		if !ok || !e.IsDir() {
			continue
		}
		if r, ok := c.scanRepo(strings.ReplaceAll(name, "--", "/")); ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// scanRepo reads one dataset's folder.
func (c *Client) scanRepo(repo string) (CachedRepo, bool) {
	dir := c.repoDir(repo)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return CachedRepo{}, false
	}
	r := CachedRepo{Repo: repo, Dir: dir, Refs: map[string]string{}}
	for _, a := range source.All() {
		if a.HubID == repo {
			r.Sources = append(r.Sources, a.Name)
		}
	}
	refs := filepath.Join(dir, "refs")
	filepath.WalkDir(refs, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(refs, p)
			if b, err := os.ReadFile(p); err == nil && commitRE.MatchString(strings.TrimSpace(string(b))) {
				r.Refs[filepath.ToSlash(rel)] = strings.TrimSpace(string(b))
			}
		}
		return nil
	})
	blobs, _ := os.ReadDir(filepath.Join(dir, "blobs"))
	for _, b := range blobs {
		info, err := b.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		if strings.HasSuffix(b.Name(), ".incomplete") {
			r.PartialFiles++
			r.PartialBytes += info.Size()
		} else {
			r.BlobBytes += info.Size()
		}
	}
	snaps, _ := os.ReadDir(filepath.Join(dir, "snapshots"))
	for _, s := range snaps {
		if !s.IsDir() || !commitRE.MatchString(s.Name()) {
			continue
		}
		cs := CachedSnapshot{Commit: s.Name()}
		for rev, commit := range r.Refs {
			if commit == s.Name() {
				cs.Revisions = append(cs.Revisions, rev)
			}
		}
		sort.Strings(cs.Revisions)
		root := filepath.Join(dir, "snapshots", s.Name())
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			rel, _ := filepath.Rel(root, p)
			size := int64(-1)
			if st, err := os.Stat(p); err == nil {
				size = st.Size()
			}
			cs.Files = append(cs.Files, CachedFile{Path: filepath.ToSlash(rel), Size: size})
			return nil
		})
		r.Snapshots = append(r.Snapshots, cs)
	}
	return r, true
}
