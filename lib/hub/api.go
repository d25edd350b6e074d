package hub

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// ParquetRevision is the revision the Hub's Parquet conversion is published on.
const ParquetRevision = "refs/convert/parquet"

// remoteFile is one file a listing names.
type remoteFile struct {
	Path   string // in the repository, slash-separated, checked by safeRelPath
	Size   int64  // bytes; 0 when the listing does not say
	SHA256 string // the LFS oid when the listing gives one
	GitOID string // the git blob id when the listing gives one
	Config string // Parquet layout: the config
	Split  string // Parquet layout: the split (without a "partial-" prefix)
}

// escapePath escapes each segment of a repository path for a URL.
func escapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// apiURL is an endpoint URL of the Hub's dataset API; rev is escaped whole ("/" as
// %2F), as huggingface_hub quotes revisions.
func (c *Client) apiURL(repo, verb, rev, path string) string {
	u := c.opt.Endpoint + "/api/datasets/" + repo + "/" + verb + "/" + url.PathEscape(rev)
	if path != "" {
		u += "/" + escapePath(path)
	}
	return u
}

// resolveURL is the download URL of a file at a commit.
func (c *Client) resolveURL(repo, rev, path string) string {
	return c.opt.Endpoint + "/datasets/" + repo + "/resolve/" + url.PathEscape(rev) + "/" + escapePath(path)
}

// commitOf asks the Hub which commit rev is (GET /api/datasets/{id}/revision/{rev}).
func (c *Client) commitOf(ctx context.Context, repo, rev string) (string, error) {
	var info struct {
		SHA string `json:"sha"`
	}
	if _, err := c.getJSON(ctx, c.apiURL(repo, "revision", rev, ""), &info); err != nil {
		return "", err
	}
	if !commitRE.MatchString(info.SHA) {
		return "", fmt.Errorf("dataset %s revision %s: the Hub answered commit %q, want 40 hex digits", repo, rev, info.SHA)
	}
	return info.SHA, nil
}

// tree lists the files under dir at commit, recursively, following the API's
// pagination (Link: <…>; rel="next"). Every path is checked before it is returned.
func (c *Client) tree(ctx context.Context, repo, commit, dir string) ([]remoteFile, error) {
	next := c.apiURL(repo, "tree", commit, dir) + "?recursive=true&expand=false"
	var out []remoteFile
	for pages := 0; next != ""; pages++ {
		if pages > 10000 {
			return nil, fmt.Errorf("dataset %s: tree listing does not end", repo)
		}
		var entries []struct {
			Type string `json:"type"`
			Oid  string `json:"oid"`
			Size int64  `json:"size"`
			Path string `json:"path"`
			LFS  *struct {
				Oid  string `json:"oid"`
				Size int64  `json:"size"`
			} `json:"lfs"`
		}
		h, err := c.getJSON(ctx, next, &entries)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if e.Type != "file" {
				continue
			}
			if err := safeRelPath(e.Path); err != nil {
				return nil, fmt.Errorf("dataset %s tree listing at %s: %w", repo, commit, err)
			}
			f := remoteFile{Path: e.Path, Size: e.Size, GitOID: e.Oid}
			if e.LFS != nil {
				f.SHA256, f.Size = e.LFS.Oid, e.LFS.Size
			}
			out = append(out, f)
		}
		next = nextLink(h)
	}
	return out, nil
}

// nextLink reads the rel="next" target of a Link header.
func nextLink(h http.Header) string {
	for _, v := range h.Values("Link") {
		for _, part := range strings.Split(v, ",") {
			target, params, ok := strings.Cut(strings.TrimSpace(part), ";")
			if ok && strings.Contains(strings.ReplaceAll(params, " ", ""), `rel="next"`) {
				return strings.Trim(strings.TrimSpace(target), "<>")
			}
		}
	}
	return ""
}

// parquetListing asks the datasets-server which Parquet files the conversion has for
// one config (GET /parquet?dataset=…&config=…). The answer's URLs point at
// "…/datasets/{id}/resolve/refs%2Fconvert%2Fparquet/{path}"; the path is what is
// downloaded (from the configured endpoint) and cached.
func (c *Client) parquetListing(ctx context.Context, repo, config string) ([]remoteFile, error) {
	q := url.Values{"dataset": {repo}, "config": {config}}
	var ans struct {
		ParquetFiles []struct {
			Dataset  string `json:"dataset"`
			Config   string `json:"config"`
			Split    string `json:"split"`
			URL      string `json:"url"`
			Filename string `json:"filename"`
			Size     int64  `json:"size"`
		} `json:"parquet_files"`
		Partial bool `json:"partial"`
	}
	if _, err := c.getJSON(ctx, c.opt.DatasetsServer+"/parquet?"+q.Encode(), &ans); err != nil {
		return nil, err
	}
	var out []remoteFile
	for _, p := range ans.ParquetFiles {
		if p.Config != config || (p.Dataset != "" && p.Dataset != repo) {
			continue
		}
		path, err := parquetPath(repo, p.URL)
		if err != nil {
			return nil, fmt.Errorf("dataset %s /parquet listing: %w", repo, err)
		}
		out = append(out, remoteFile{Path: path, Size: p.Size, Config: p.Config, Split: p.Split})
	}
	return out, nil
}

// parquetPath extracts the repository path from a /parquet URL, which must be a
// resolve URL of this dataset on the Parquet revision.
func parquetPath(repo, raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("%w: url %q: %v", ErrUnsafePath, raw, err)
	}
	prefix := "/datasets/" + repo + "/resolve/"
	esc := u.EscapedPath()
	i := strings.Index(esc, prefix)
	if i < 0 {
		return "", fmt.Errorf("%w: url %q is not a resolve URL of %s", ErrUnsafePath, raw, repo)
	}
	revEsc, restEsc, ok := strings.Cut(esc[i+len(prefix):], "/")
	rev, err1 := url.PathUnescape(revEsc)
	if !ok || err1 != nil || rev != ParquetRevision {
		return "", fmt.Errorf("%w: url %q is not on revision %s", ErrUnsafePath, raw, ParquetRevision)
	}
	segs := strings.Split(restEsc, "/")
	for j, s := range segs {
		if segs[j], err = url.PathUnescape(s); err != nil {
			return "", fmt.Errorf("%w: url %q: %v", ErrUnsafePath, raw, err)
		}
	}
	path := strings.Join(segs, "/")
	if err := safeRelPath(path); err != nil {
		return "", err
	}
	return path, nil
}

// parquetPlace reads config and split from a converted file's path,
// "<config>/<split>/NNNN.parquet"; a split folder "partial-<split>" holds the first
// part of a split too large to convert whole.
func parquetPlace(path string) (config, split string, ok bool) {
	parts := strings.Split(path, "/")
	if len(parts) != 3 || !strings.HasSuffix(parts[2], ".parquet") {
		return "", "", false
	}
	return parts[0], strings.TrimPrefix(parts[1], "partial-"), true
}
