package hub

import (
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// File is one fetched file.
type File struct {
	Source     string
	Repo       string // Hub dataset id
	Revision   string // as asked: refs/convert/parquet, main, or a commit
	Commit     string // the 40-hex commit it resolved to
	Config     string // LayoutParquet only
	Split      string
	Path       string // in the repository ("main/test/0000.parquet")
	Local      string // the snapshot entry in the cache (a symlink to Blob)
	Blob       string
	Etag       string // the blob's name: SHA-256 (LFS) or git SHA-1
	Size       int64
	Downloaded bool  // false when the blob was already in the cache
	Resumed    int64 // bytes an interrupted download had kept and this one reused
}

// fileMeta is what a HEAD of a resolve URL says, as huggingface_hub's
// get_hf_file_metadata reads it: X-Repo-Commit; X-Linked-Etag (the LFS SHA-256)
// else ETag (the git SHA-1); X-Linked-Size else Content-Length; and the Location of a
// redirect to the CDN, else the URL itself.
type fileMeta struct {
	Commit   string
	Etag     string
	Size     int64 // -1 when unknown
	Location string
}

// normalizeEtag strips the weak marker and quotes: W/"abc" and "abc" give abc.
func normalizeEtag(s string) string {
	return strings.Trim(strings.TrimPrefix(strings.TrimSpace(s), "W/"), `"`)
}

// headFile reads a file's metadata at commit, following relative redirects (a
// renamed repository) but not absolute ones (the CDN), like huggingface_hub.
func (c *Client) headFile(ctx context.Context, repo, commit, path string) (fileMeta, error) {
	target := c.resolveURL(repo, commit, path)
	for hops := 0; ; hops++ {
		resp, err := c.do(ctx, c.noRedirect, func() (*http.Request, error) {
			return c.newRequest(ctx, http.MethodHead, target)
		})
		if err != nil {
			var se *StatusError
			if errors.As(err, &se) && se.Status == http.StatusNotFound && se.Code == "EntryNotFound" {
				c.markNoExist(repo, commit, path)
			}
			return fileMeta{}, err
		}
		resp.Body.Close()
		loc := resp.Header.Get("Location")
		if resp.StatusCode >= 300 && loc != "" {
			lu, err := url.Parse(loc)
			if err != nil {
				return fileMeta{}, fmt.Errorf("%s: bad redirect %q: %w", target, loc, err)
			}
			abs := resp.Request.URL.ResolveReference(lu)
			if lu.Host == "" && hops < 10 {
				target = abs.String()
				continue
			}
			loc = abs.String()
		} else {
			loc = target
		}
		m := fileMeta{Commit: resp.Header.Get("X-Repo-Commit"), Size: -1, Location: loc}
		m.Etag = normalizeEtag(resp.Header.Get("X-Linked-Etag"))
		if m.Etag == "" {
			m.Etag = normalizeEtag(resp.Header.Get("ETag"))
		}
		for _, h := range []string{"X-Linked-Size", "Content-Length"} {
			if n, err := strconv.ParseInt(resp.Header.Get(h), 10, 64); err == nil && n >= 0 {
				m.Size = n
				break
			}
		}
		return m, nil
	}
}

// fetchFile puts one listed file into the cache: blob (downloaded, resumed, verified,
// renamed into blobs/), snapshot symlink. add counts bytes for the progress bar.
func (c *Client) fetchFile(ctx context.Context, t Target, commit string, f remoteFile, add func(int64)) (File, error) {
	out := File{Source: t.Source, Repo: t.Repo, Revision: t.Revision, Commit: commit,
		Config: f.Config, Split: f.Split, Path: f.Path}
	pointer, err := c.pointerPath(t.Repo, commit, f.Path)
	if err != nil {
		return out, err
	}
	out.Local = pointer
	meta, err := c.headFile(ctx, t.Repo, commit, f.Path)
	if err != nil {
		return out, c.explain(t.Repo, err)
	}
	if meta.Commit != "" && meta.Commit != commit {
		return out, fmt.Errorf("%s %s: the Hub served commit %s, asked for %s", t.Repo, f.Path, meta.Commit, commit)
	}
	etag := meta.Etag
	if !etagRE.MatchString(etag) {
		// A mirror may not send the Hub's ETags; the listing's LFS oid still names
		// and verifies the blob.
		if f.SHA256 == "" {
			return out, fmt.Errorf("%s %s: %w: no SHA-256 or git SHA-1 to verify against (ETag %q)", t.Repo, f.Path, ErrChecksum, meta.Etag)
		}
		etag = f.SHA256
	}
	if !etagRE.MatchString(etag) {
		return out, fmt.Errorf("%s %s: %w: the listing's LFS oid %q is not a SHA-256", t.Repo, f.Path, ErrChecksum, etag)
	}
	if f.SHA256 != "" && len(etag) == 64 && f.SHA256 != etag {
		return out, fmt.Errorf("%s %s: %w: the listing says SHA-256 %s, the file's ETag %s", t.Repo, f.Path, ErrChecksum, f.SHA256, etag)
	}
	size := meta.Size
	if size < 0 {
		size = f.Size
	} else if f.Size > 0 && f.Size != size {
		return out, fmt.Errorf("%s %s: %w: the listing says %d bytes, the Hub %d", t.Repo, f.Path, ErrChecksum, f.Size, size)
	}
	out.Etag, out.Size = etag, size
	out.Blob = c.blobPath(t.Repo, etag)
	if err := os.MkdirAll(filepath.Dir(out.Blob), 0o755); err != nil {
		return out, diskErr(out.Blob, err)
	}
	if !blobReady(out.Blob, size) {
		lockDir := filepath.Join(c.opt.CacheDir, ".locks", repoFolder(t.Repo))
		if err := os.MkdirAll(lockDir, 0o755); err != nil {
			return out, diskErr(lockDir, err)
		}
		unlock, err := lockFile(filepath.Join(lockDir, etag+".lock"))
		if err != nil {
			return out, err
		}
		// Another process may have finished the blob while this one waited.
		if !blobReady(out.Blob, size) {
			out.Downloaded = true
			out.Resumed, err = c.transfer(ctx, meta.Location, out.Blob, etag, size, add)
		}
		unlock()
		if err != nil {
			return out, fmt.Errorf("%s %s: %w", t.Repo, f.Path, err)
		}
	}
	if out.Size < 0 {
		if st, err := os.Stat(out.Blob); err == nil {
			out.Size = st.Size()
		}
	}
	if err := linkPointer(out.Blob, pointer); err != nil {
		return out, diskErr(pointer, err)
	}
	return out, nil
}

// blobReady reports whether the blob is in the cache with the expected size.
// huggingface_hub trusts any existing blob; the size check costs one stat and
// replaces a blob damaged outside both tools (blobs enter the cache only whole).
func blobReady(blob string, size int64) bool {
	st, err := os.Stat(blob)
	return err == nil && st.Mode().IsRegular() && (size < 0 || st.Size() == size)
}

var errIdle = errors.New("no data received within the idle timeout")

// transfer downloads loc into blob+".incomplete", resuming what an earlier attempt
// left there with "Range: bytes=N-", then verifies size and hash and renames it to
// blob. Interrupted transfers are retried on the backoff schedule; after the last
// attempt the partial file stays for the next fetch. A corrupt file is deleted.
func (c *Client) transfer(ctx context.Context, loc, blob, etag string, size int64, add func(int64)) (resumed int64, err error) {
	part := blob + ".incomplete"
	for attempt := 0; ; attempt++ {
		have := int64(0)
		if st, err := os.Stat(part); err == nil && st.Mode().IsRegular() {
			have = st.Size()
		}
		if size >= 0 && have > size {
			// Longer than the file: not a prefix of it.
			if err := os.Remove(part); err != nil {
				return 0, err
			}
			have = 0
		}
		if attempt == 0 {
			resumed = have
			add(have)
		}
		var rerr error
		if size < 0 || have < size {
			rerr = c.receive(ctx, loc, part, have, size, add)
		}
		if rerr == nil {
			break
		}
		if errors.Is(rerr, ErrDiskFull) || ctx.Err() != nil || !retryableErr(rerr) || attempt >= c.opt.MaxRetries {
			if st, serr := os.Stat(part); serr == nil && st.Size() > 0 && !errors.Is(rerr, ErrDiskFull) {
				rerr = fmt.Errorf("%w (%d bytes kept in %s; fetch again to resume)", rerr, st.Size(), part)
			}
			return resumed, rerr
		}
		c.opt.Sleep(backoff(attempt, nil))
	}
	if err := verifyBlob(part, etag, size); err != nil {
		os.Remove(part)
		return resumed, err
	}
	if err := os.Chmod(part, 0o644); err != nil {
		return resumed, err
	}
	if err := os.Rename(part, blob); err != nil {
		return resumed, diskErr(blob, err)
	}
	return resumed, nil
}

// receive makes one GET of loc, appending to part from offset have.
func (c *Client) receive(ctx context.Context, loc, part string, have, size int64, add func(int64)) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	resp, err := c.do(ctx, c.http, func() (*http.Request, error) {
		req, err := c.newRequest(ctx, http.MethodGet, loc)
		if err == nil && have > 0 {
			req.Header.Set("Range", "bytes="+strconv.FormatInt(have, 10)+"-")
		}
		return req, err
	})
	if err != nil {
		var se *StatusError
		if errors.As(err, &se) && se.Status == http.StatusRequestedRangeNotSatisfiable {
			os.Remove(part) // the partial file does not match the file: start over
			return fmt.Errorf("%w: resume refused (416), restarting", io.ErrUnexpectedEOF)
		}
		return err
	}
	defer resp.Body.Close()
	flags := os.O_CREATE | os.O_WRONLY | os.O_APPEND
	switch {
	case resp.StatusCode == http.StatusPartialContent:
		if start, ok := rangeStart(resp.Header.Get("Content-Range")); !ok || start != have {
			return fmt.Errorf("%w: server resumed at %q, want byte %d", io.ErrUnexpectedEOF, resp.Header.Get("Content-Range"), have)
		}
	case resp.StatusCode == http.StatusOK:
		// The server ignored Range: the whole file comes again.
		flags = os.O_CREATE | os.O_WRONLY | os.O_TRUNC
	default:
		return fmt.Errorf("GET %s: unexpected HTTP %d", resp.Request.URL.Redacted(), resp.StatusCode)
	}
	f, err := os.OpenFile(part, flags, 0o644)
	if err != nil {
		return diskErr(part, err)
	}
	idle := time.AfterFunc(c.opt.IdleTimeout, func() { cancel(errIdle) })
	defer idle.Stop()
	buf := make([]byte, 256<<10)
	for {
		n, rerr := resp.Body.Read(buf)
		idle.Reset(c.opt.IdleTimeout)
		if n > 0 {
			if _, werr := f.Write(buf[:n]); werr != nil {
				f.Close()
				return diskErr(part, werr)
			}
			add(int64(n))
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			f.Close()
			if context.Cause(ctx) == errIdle {
				return errIdle
			}
			return fmt.Errorf("GET %s: %w", resp.Request.URL.Redacted(), rerr)
		}
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return diskErr(part, err)
	}
	if err := f.Close(); err != nil {
		return diskErr(part, err)
	}
	if st, err := os.Stat(part); err == nil && size >= 0 && st.Size() < size {
		return fmt.Errorf("%w: transfer ended at byte %d of %d", io.ErrUnexpectedEOF, st.Size(), size)
	}
	return nil
}

// rangeStart reads the first byte of "bytes START-END/TOTAL".
func rangeStart(cr string) (int64, bool) {
	rest, ok := strings.CutPrefix(cr, "bytes ")
	if !ok {
		return 0, false
	}
	start, _, ok := strings.Cut(rest, "-")
	n, err := strconv.ParseInt(start, 10, 64)
	return n, ok && err == nil
}

// verifyBlob checks a downloaded file against its size and its etag: the SHA-256 of
// the content for an LFS etag (64 hex), git's blob SHA-1 ("blob <size>\x00" then
// the content) for a git etag (40 hex).
func verifyBlob(path, etag string, size int64) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if size >= 0 && st.Size() != size {
		return fmt.Errorf("%w: %s has %d bytes, want %d", ErrChecksum, path, st.Size(), size)
	}
	var h hash.Hash
	kind := "SHA-256"
	if len(etag) == 64 {
		h = sha256.New()
	} else {
		h, kind = sha1.New(), "git SHA-1"
		fmt.Fprintf(h, "blob %d\x00", st.Size())
	}
	if _, err := io.Copy(h, f); err != nil {
		return err
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != etag {
		return fmt.Errorf("%w: %s has %s %s, the Hub says %s (the download was corrupted and is discarded)",
			ErrChecksum, path, kind, got, etag)
	}
	return nil
}
