package hub

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"qmix/lib/progress"
)

// Fetch brings a target's files into the cache and returns them sorted by path. It
// resolves the revision to a commit, lists the files, downloads the missing ones in
// parallel, links them into the snapshot, and records the revision in refs/ once
// every file is in. With Offline set it only looks in the cache (see Cached).
func (c *Client) Fetch(ctx context.Context, t Target) ([]File, error) {
	if c.opt.Offline {
		return c.Cached(t)
	}
	commit, listed, err := c.list(ctx, t)
	if err != nil {
		if errors.Is(err, ErrOffline) {
			return nil, fmt.Errorf("dataset %s: %w; cached files: %s", t.Repo, err, c.cachedSummary(t.Repo))
		}
		return nil, c.explain(t.Repo, err)
	}
	files, err := c.download(ctx, t, commit, listed)
	if err != nil {
		if errors.Is(err, ErrOffline) {
			return files, fmt.Errorf("%w; cached files: %s", err, c.cachedSummary(t.Repo))
		}
		return files, err
	}
	if err := c.writeRef(t.Repo, t.Revision, commit); err != nil {
		return files, err
	}
	return files, nil
}

// list resolves the revision and lists the requested files.
func (c *Client) list(ctx context.Context, t Target) (string, []remoteFile, error) {
	commit, err := c.commitOf(ctx, t.Repo, t.Revision)
	if err != nil {
		var se *StatusError
		if t.Layout == LayoutParquet && errors.As(err, &se) && se.Code == "RevisionNotFound" {
			return "", nil, fmt.Errorf("dataset %s has no Parquet conversion (revision %s): %w", t.Repo, t.Revision, err)
		}
		return "", nil, err
	}
	var files []remoteFile
	switch t.Layout {
	case LayoutParquet:
		files, err = c.listParquet(ctx, t, commit)
	case LayoutRepo:
		files, err = c.listRepo(ctx, t, commit)
	}
	if err != nil {
		return "", nil, err
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	var missing []string
	for _, s := range t.Splits {
		found := false
		for _, f := range files {
			found = found || f.Split == s
		}
		if !found {
			missing = append(missing, s)
		}
	}
	if len(files) == 0 || (t.Named && len(missing) > 0) {
		return "", nil, fmt.Errorf("dataset %s at %s (%s): %w: no %s files for split %s",
			t.Repo, t.Revision, commit[:12], ErrNotFound, t.Layout, strings.Join(missing, ", "))
	}
	return commit, files, nil
}

// listParquet lists the conversion's files of the target's config and splits: from
// the datasets-server when the revision is the current conversion, else (or when the
// datasets-server cannot answer, as behind a mirror) from the revision's tree.
func (c *Client) listParquet(ctx context.Context, t Target, commit string) ([]remoteFile, error) {
	var all []remoteFile
	var serverErr error
	if !t.Explicit && c.opt.DatasetsServer != "" {
		all, serverErr = c.parquetListing(ctx, t.Repo, t.Config)
		var se *StatusError
		switch {
		case serverErr == nil:
		case errors.Is(serverErr, ErrUnsafePath), ctx.Err() != nil:
			return nil, serverErr
		case errors.As(serverErr, &se) && (se.Status == 401 || se.Status == 403):
			return nil, serverErr
		}
	}
	if t.Explicit || c.opt.DatasetsServer == "" || serverErr != nil {
		tree, err := c.tree(ctx, t.Repo, commit, t.Config)
		if err != nil {
			if serverErr != nil {
				return nil, fmt.Errorf("datasets-server: %v; tree listing: %w", serverErr, err)
			}
			return nil, err
		}
		all = all[:0]
		for _, f := range tree {
			if f.Config, f.Split, _ = parquetPlace(f.Path); f.Split != "" {
				all = append(all, f)
			}
		}
	}
	var out []remoteFile
	for _, f := range all {
		if t.wants(f.Config, f.Split) {
			out = append(out, f)
		}
	}
	return out, nil
}

// listRepo lists the repository's files of the requested splits.
func (c *Client) listRepo(ctx context.Context, t Target, commit string) ([]remoteFile, error) {
	tree, err := c.tree(ctx, t.Repo, commit, "")
	if err != nil {
		return nil, err
	}
	var out []remoteFile
	for _, f := range tree {
		if s, ok := t.repoSplit(f.Path); ok {
			f.Split = s
			out = append(out, f)
		}
	}
	return out, nil
}

// download fetches the listed files, at most Parallel at a time. A failed file does
// not stop the others (what they fetch is kept); the errors are joined in path order.
func (c *Client) download(ctx context.Context, t Target, commit string, listed []remoteFile) ([]File, error) {
	var total int64
	for _, f := range listed {
		total += f.Size
	}
	add, finish := func(int64) {}, func() {}
	if c.opt.Progress != nil {
		bar := progress.New(c.opt.Progress, "fetching "+t.Source, int(total), "bytes")
		finish = func() { bar.Finish() }
		var mu sync.Mutex
		add = func(n int64) {
			mu.Lock()
			bar.Add64(n)
			mu.Unlock()
		}
	}
	files := make([]File, len(listed))
	errs := make([]error, len(listed))
	sem := make(chan struct{}, c.opt.Parallel)
	var wg sync.WaitGroup
	for i, f := range listed {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			files[i], errs[i] = c.fetchFile(ctx, t, commit, f, add)
			if errs[i] == nil && !files[i].Downloaded {
				add(files[i].Size)
			}
		}()
	}
	wg.Wait()
	finish() // clears the bar before the log lines
	for i, f := range files {
		if errs[i] == nil {
			c.logFile(f)
		}
	}
	var ok []File
	for i, f := range files {
		if errs[i] == nil {
			ok = append(ok, f)
		}
	}
	return ok, errors.Join(errs...)
}

// logFile writes one line about a fetched file to Options.Log.
func (c *Client) logFile(f File) {
	if c.opt.Log == nil {
		return
	}
	how := "cached"
	switch {
	case f.Resumed > 0:
		how = fmt.Sprintf("downloaded (resumed at byte %d)", f.Resumed)
	case f.Downloaded:
		how = "downloaded"
	}
	fmt.Fprintf(c.opt.Log, "%s: %s %s %s (%d bytes) %s\n", f.Source, f.Repo, f.Revision, f.Path, f.Size, how)
}
