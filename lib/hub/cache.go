package hub

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
)

// The cache layout, as https://huggingface.co/docs/hub/local-cache documents it for
// reimplementations, and huggingface_hub's file_download writes it:
//   - repo folder "datasets--" + the repo id with "/" replaced by "--";
//   - blobs/<etag>: the normalised ETag (X-Linked-Etag for LFS files, the SHA-256; the
//     ETag for git files, the SHA-1), with "<etag>.incomplete" while downloading;
//   - refs/<revision>: one line, the 40-hex commit, no newline; a revision such as
//     refs/convert/parquet nests (refs/refs/convert/parquet);
//   - snapshots/<commit>/<path in repo>: a relative symlink to the blob;
//   - .no_exist/<commit>/<path>: an empty file for a file the Hub says is absent;
//   - <cache>/.locks/<repo folder>/<etag>.lock guards a blob's download.

var (
	commitRE = regexp.MustCompile(`^[0-9a-f]{40}$`)
	etagRE   = regexp.MustCompile(`^(?:[0-9a-f]{40}|[0-9a-f]{64})$`)
)

// repoFolder is the cache folder name of a dataset repository.
func repoFolder(repo string) string {
	return "datasets--" + strings.ReplaceAll(repo, "/", "--")
}

// repoDir is the dataset's folder in the cache.
func (c *Client) repoDir(repo string) string {
	return filepath.Join(c.opt.CacheDir, repoFolder(repo))
}

// checkRepoID accepts "name" or "org/name" with neither part empty, "." or "..".
func checkRepoID(repo string) error {
	parts := strings.Split(repo, "/")
	if len(parts) > 2 || strings.ContainsAny(repo, `\`+"\x00") {
		return fmt.Errorf("invalid Hub dataset id %q", repo)
	}
	for _, p := range parts {
		if p == "" || p == "." || p == ".." || strings.Contains(p, "--") {
			return fmt.Errorf("invalid Hub dataset id %q", repo)
		}
	}
	return nil
}

// safeRelPath checks a path a Hub listing names: relative, slash-separated, without
// empty, "." or ".." segments, so that it cannot name anything outside its
// snapshot folder. The error wraps ErrUnsafePath.
func safeRelPath(p string) error {
	bad := func(why string) error { return fmt.Errorf("%w: %q %s", ErrUnsafePath, p, why) }
	switch {
	case p == "":
		return bad("is empty")
	case strings.HasPrefix(p, "/") || filepath.IsAbs(p) || filepath.VolumeName(p) != "":
		return bad("is absolute")
	case strings.ContainsAny(p, "\\\x00"):
		return bad("has a backslash or NUL")
	}
	for _, seg := range strings.Split(p, "/") {
		switch seg {
		case "..":
			return bad("climbs out with ..")
		case "", ".":
			return bad("has an empty or . segment")
		}
	}
	return nil
}

// checkRevision accepts a branch, tag or ref name usable as a path under refs/.
func checkRevision(rev string) error {
	if err := safeRelPath(rev); err != nil {
		return fmt.Errorf("invalid revision %q: %w", rev, err)
	}
	return nil
}

// within reports whether path lies inside dir, after cleaning both.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// readRef resolves a revision to a commit from the cache: a commit is itself, a
// branch or tag name is read from refs/.
func (c *Client) readRef(repo, rev string) (string, error) {
	if commitRE.MatchString(rev) {
		return rev, nil
	}
	path := filepath.Join(c.repoDir(repo), "refs", filepath.FromSlash(rev))
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	commit := strings.TrimSpace(string(b))
	if !commitRE.MatchString(commit) {
		return "", fmt.Errorf("%s: want a 40-hex commit, found %q", path, commit)
	}
	return commit, nil
}

// writeRef records that rev resolved to commit, as huggingface_hub does when a
// revision is not itself a commit.
func (c *Client) writeRef(repo, rev, commit string) error {
	if rev == commit {
		return nil
	}
	path := filepath.Join(c.repoDir(repo), "refs", filepath.FromSlash(rev))
	if old, err := os.ReadFile(path); err == nil && string(old) == commit {
		return nil
	}
	return writeFileAtomic(path, []byte(commit))
}

// pointerPath is the snapshot entry of a file, checked to stay in its snapshot.
func (c *Client) pointerPath(repo, commit, path string) (string, error) {
	if err := safeRelPath(path); err != nil {
		return "", err
	}
	snap := filepath.Join(c.repoDir(repo), "snapshots", commit)
	p := filepath.Join(snap, filepath.FromSlash(path))
	if !within(snap, p) {
		return "", fmt.Errorf("%w: %q leaves the snapshot folder", ErrUnsafePath, path)
	}
	return p, nil
}

// blobPath is where a blob with this etag lives.
func (c *Client) blobPath(repo, etag string) string {
	return filepath.Join(c.repoDir(repo), "blobs", etag)
}

// linkPointer makes pointer a relative symlink to blob ("../../blobs/<etag>" for a
// file at the snapshot's top), replacing an older entry atomically.
func linkPointer(blob, pointer string) error {
	rel, err := filepath.Rel(filepath.Dir(pointer), blob)
	if err != nil {
		return err
	}
	if cur, err := os.Readlink(pointer); err == nil && cur == rel {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(pointer), 0o755); err != nil {
		return err
	}
	tmp := pointer + tmpSuffix()
	os.Remove(tmp)
	if err := os.Symlink(rel, tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, pointer); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

var tmpCount atomic.Int64

// tmpSuffix makes temporary names unique across goroutines and processes.
func tmpSuffix() string {
	return fmt.Sprintf(".tmp-%d-%d", os.Getpid(), tmpCount.Add(1))
}

// markNoExist records that path is absent at commit, as huggingface_hub does.
func (c *Client) markNoExist(repo, commit, path string) {
	if safeRelPath(path) != nil || !commitRE.MatchString(commit) {
		return
	}
	p := filepath.Join(c.repoDir(repo), ".no_exist", commit, filepath.FromSlash(path))
	if os.MkdirAll(filepath.Dir(p), 0o755) == nil {
		if f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
			f.Close()
		}
	}
}

// writeFileAtomic writes b to path through a temporary file and a rename.
func writeFileAtomic(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return diskErr(path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return diskErr(path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return diskErr(tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return diskErr(tmp.Name(), err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// diskErr names the file and says "disk full" plainly when the device is full.
func diskErr(path string, err error) error {
	if isNoSpace(err) {
		return fmt.Errorf("%w writing %s (free some space, or point HF_HUB_CACHE at a larger disk; a partial download is kept and resumes): %v",
			ErrDiskFull, path, err)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return err
	}
	return fmt.Errorf("%s: %w", path, err)
}
