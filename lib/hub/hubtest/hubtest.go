// Package hubtest imitates, on loopback, the Hugging Face Hub endpoints a fetch uses,
// so that tests of package hub and of `qmix fetch` never touch the network:
//
//	GET  /api/datasets/{id}/revision/{rev}        {"id", "sha", "siblings"}
//	GET  /api/datasets/{id}/tree/{rev}[/{dir}]    [{"type","oid","size","path","lfs"}],
//	                                              paginated with Link: rel="next"
//	GET  /parquet?dataset={id}[&config=]          the datasets-server's answer
//	HEAD /datasets/{id}/resolve/{rev}/{path}      X-Repo-Commit, ETag, and for LFS
//	GET                                           files X-Linked-Etag, X-Linked-Size
//	                                              and a 302 to the CDN
//	GET  (CDN) /lfs/{sha256}                      the bytes, with Range support
//
// Errors carry the Hub's X-Error-Code (RepoNotFound, RevisionNotFound,
// EntryNotFound, GatedRepo). Faults — a connection cut after N bytes, a corrupted
// body, 5xx answers — are injected per file. Shared serves the real Hub-layout
// Parquet files of ../shared/datasets.
package hubtest

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Fault is what goes wrong when a file is downloaded.
type Fault struct {
	Fail     int   // answer this many GETs with 503 first
	CutAfter int64 // close the connection after this many body bytes …
	Cuts     int   // … in this many GETs (after the failures)
	Stalls   int   // or send CutAfter bytes then nothing, in this many GETs, until the client gives up
	Corrupt  bool  // flip a byte in every body served
}

// Request is one request the server saw.
type Request struct {
	Host, Method, Path string // Path escaped, as sent
	Range, Auth        string
}

type file struct {
	data   []byte
	lfs    bool
	sha256 string
	gitOID string
}

type repo struct {
	gated string            // token required when not ""
	revs  map[string]string // revision → commit
	files map[string]map[string]*file
	// extra listing entries, served as they are (malicious listings)
	extraTree    []string
	extraParquet []parquetEntry
}

type parquetEntry struct {
	Dataset  string `json:"dataset"`
	Config   string `json:"config"`
	Split    string `json:"split"`
	URL      string `json:"url"`
	Filename string `json:"filename"`
	Size     int64  `json:"size"`
}

// Server is the imitation Hub (URL, for HF_ENDPOINT and the datasets-server) with
// its CDN on another port.
type Server struct {
	*httptest.Server
	CDN *httptest.Server
	// PageSize bounds a tree listing page, to exercise pagination.
	PageSize int

	mu       sync.Mutex
	repos    map[string]*repo
	faults   map[string]*Fault // sha256 or git oid → fault
	requests []Request
	down     bool
}

// New starts an empty server; it stops when the test ends.
func New(t testing.TB) *Server {
	s := &Server{repos: map[string]*repo{}, faults: map[string]*Fault{}, PageSize: 2}
	s.Server = httptest.NewServer(http.HandlerFunc(s.hub))
	s.CDN = httptest.NewServer(http.HandlerFunc(s.cdn))
	t.Cleanup(func() { s.CDN.Close(); s.Server.Close() })
	return s
}

// Commit is the commit the server gives a revision of a dataset: deterministic.
func Commit(id, rev string) string {
	sum := sha1.Sum([]byte(id + "\x00" + rev))
	return hex.EncodeToString(sum[:])
}

// AddFile publishes data at path on revision rev of dataset id, as an LFS file (the
// Hub's way for Parquet) or a plain git file.
func (s *Server) AddFile(id, rev, path string, data []byte, lfs bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repo(id)
	commit, ok := r.revs[rev]
	if !ok {
		commit = Commit(id, rev)
		r.revs[rev] = commit
		r.files[commit] = map[string]*file{}
	}
	sum := sha256.Sum256(data)
	g := sha1.New()
	fmt.Fprintf(g, "blob %d\x00", len(data))
	g.Write(data)
	r.files[commit][path] = &file{data: data, lfs: lfs, sha256: hex.EncodeToString(sum[:]), gitOID: hex.EncodeToString(g.Sum(nil))}
}

func (s *Server) repo(id string) *repo {
	r, ok := s.repos[id]
	if !ok {
		r = &repo{revs: map[string]string{}, files: map[string]map[string]*file{}}
		s.repos[id] = r
	}
	return r
}

// SHA256 is the SHA-256 (the LFS oid, the blob's name) of a published file.
func (s *Server) SHA256(id, rev, path string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repos[id]
	return r.files[r.revs[rev]][path].sha256
}

// GitOID is the git blob id of a published file.
func (s *Server) GitOID(id, rev, path string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repos[id]
	return r.files[r.revs[rev]][path].gitOID
}

// Gate makes a dataset gated: its files and listings need "Bearer token".
func (s *Server) Gate(id, token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.repo(id).gated = token
}

// SetFault makes downloads of a published file go wrong.
func (s *Server) SetFault(id, rev, path string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repos[id]
	fl := r.files[r.revs[rev]][path]
	s.faults[fl.sha256] = &f
	s.faults[fl.gitOID] = &f
}

// AddTreeEntry adds a file entry naming path (served as it is) to tree listings.
func (s *Server) AddTreeEntry(id, path string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repo(id)
	r.extraTree = append(r.extraTree, path)
}

// AddParquetURL adds an entry with this URL to the dataset's /parquet answer.
func (s *Server) AddParquetURL(id, config, split, rawURL string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repo(id)
	r.extraParquet = append(r.extraParquet, parquetEntry{Dataset: id, Config: config, Split: split, URL: rawURL, Filename: "0000.parquet", Size: 1})
}

// Down makes every endpoint answer 503 (down) or serve again.
func (s *Server) Down(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = down
}

// Requests returns the requests seen so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// ResetRequests forgets the requests seen so far.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

func (s *Server) record(r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, Request{Host: r.Host, Method: r.Method, Path: r.URL.EscapedPath(),
		Range: r.Header.Get("Range"), Auth: r.Header.Get("Authorization")})
}

func hubError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	if code != "" {
		w.Header().Set("X-Error-Code", code)
	}
	w.Header().Set("X-Error-Message", msg)
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

// access checks a dataset's existence and gate, writing the Hub's error if denied.
// RepoNotFound is 401 without a token, as on the Hub (it does not tell a missing
// repository from a private one).
func (s *Server) access(w http.ResponseWriter, r *http.Request, id string, files bool) (*repo, bool) {
	s.mu.Lock()
	rp, ok := s.repos[id]
	s.mu.Unlock()
	auth := r.Header.Get("Authorization")
	if !ok {
		status := http.StatusNotFound
		if auth == "" {
			status = http.StatusUnauthorized
		}
		hubError(w, status, "RepoNotFound", "Repository not found")
		return nil, false
	}
	if rp.gated != "" && files && auth != "Bearer "+rp.gated {
		if auth == "" {
			hubError(w, http.StatusUnauthorized, "GatedRepo", "Access to dataset "+id+" is restricted. You must have access to it and be authenticated to access it. Please log in.")
		} else {
			hubError(w, http.StatusForbidden, "GatedRepo", "Access to dataset "+id+" is restricted and you are not in the authorized list.")
		}
		return nil, false
	}
	return rp, true
}

// splitRepo splits "{org}/{name}/{verb}/{rest}" at the verb.
func splitRepo(p, verb string) (id, rest string, ok bool) {
	i := strings.Index(p, "/"+verb+"/")
	if i < 0 {
		return "", "", false
	}
	return p[:i], p[i+len(verb)+2:], true
}

func (s *Server) hub(w http.ResponseWriter, r *http.Request) {
	s.record(r)
	s.mu.Lock()
	down := s.down
	s.mu.Unlock()
	if down {
		hubError(w, http.StatusServiceUnavailable, "", "down for maintenance")
		return
	}
	p := r.URL.EscapedPath()
	switch {
	case p == "/parquet":
		s.parquet(w, r)
	case strings.HasPrefix(p, "/api/datasets/"):
		if id, rest, ok := splitRepo(strings.TrimPrefix(p, "/api/datasets/"), "revision"); ok {
			s.revision(w, r, id, rest)
		} else if id, rest, ok := splitRepo(strings.TrimPrefix(p, "/api/datasets/"), "tree"); ok {
			s.tree(w, r, id, rest)
		} else {
			hubError(w, http.StatusNotFound, "", "no such endpoint")
		}
	case strings.HasPrefix(p, "/datasets/"):
		id, rest, ok := splitRepo(strings.TrimPrefix(p, "/datasets/"), "resolve")
		if !ok {
			hubError(w, http.StatusNotFound, "", "no such endpoint")
			return
		}
		s.resolve(w, r, id, rest)
	default:
		hubError(w, http.StatusNotFound, "", "no such endpoint")
	}
}

// commitOf maps an escaped revision (a name or a commit) to a commit.
func (rp *repo) commitOf(revEsc string) (string, bool) {
	rev, err := url.PathUnescape(revEsc)
	if err != nil {
		return "", false
	}
	if c, ok := rp.revs[rev]; ok {
		return c, true
	}
	if _, ok := rp.files[rev]; ok {
		return rev, true
	}
	return "", false
}

func (s *Server) revision(w http.ResponseWriter, r *http.Request, id, revEsc string) {
	rp, ok := s.access(w, r, id, false)
	if !ok {
		return
	}
	commit, ok := rp.commitOf(revEsc)
	if !ok {
		hubError(w, http.StatusNotFound, "RevisionNotFound", "Invalid rev id: "+revEsc)
		return
	}
	var sib []map[string]string
	for p := range rp.files[commit] {
		sib = append(sib, map[string]string{"rfilename": p})
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"id": id, "sha": commit, "siblings": sib, "gated": rp.gated != ""})
}

type treeEntry struct {
	Type string         `json:"type"`
	Oid  string         `json:"oid"`
	Size int64          `json:"size"`
	Path string         `json:"path"`
	LFS  map[string]any `json:"lfs,omitempty"`
}

func (s *Server) tree(w http.ResponseWriter, r *http.Request, id, rest string) {
	rp, ok := s.access(w, r, id, false)
	if !ok {
		return
	}
	revEsc, dirEsc, _ := strings.Cut(rest, "/")
	commit, ok := rp.commitOf(revEsc)
	if !ok {
		hubError(w, http.StatusNotFound, "RevisionNotFound", "Invalid rev id: "+revEsc)
		return
	}
	dir, _ := url.PathUnescape(dirEsc)
	s.mu.Lock()
	var all []treeEntry
	dirs := map[string]bool{}
	for p, f := range rp.files[commit] {
		if dir != "" && !strings.HasPrefix(p, dir+"/") {
			continue
		}
		for d := p; strings.Contains(d, "/"); {
			d = d[:strings.LastIndex(d, "/")]
			if d != dir && strings.HasPrefix(d, dir) {
				dirs[d] = true
			}
		}
		e := treeEntry{Type: "file", Oid: f.gitOID, Size: int64(len(f.data)), Path: p}
		if f.lfs {
			e.LFS = map[string]any{"oid": f.sha256, "size": len(f.data), "pointerSize": 134}
		}
		all = append(all, e)
	}
	for d := range dirs {
		all = append(all, treeEntry{Type: "directory", Oid: Commit(id, d), Path: d})
	}
	for _, p := range rp.extraTree {
		all = append(all, treeEntry{Type: "file", Oid: Commit(id, p), Size: 1, Path: p})
	}
	s.mu.Unlock()
	if len(all) == 0 && dir != "" {
		hubError(w, http.StatusNotFound, "EntryNotFound", dir+" does not exist on \""+revEsc+"\"")
		return
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Path < all[j].Path })
	start, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
	end := min(start+s.PageSize, len(all))
	if end < len(all) {
		q := r.URL.Query()
		q.Set("cursor", strconv.Itoa(end))
		next := *r.URL
		next.RawQuery = q.Encode()
		w.Header().Set("Link", "<"+s.URL+next.RequestURI()+`>; rel="next"`)
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(all[start:end])
}

func (s *Server) parquet(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("dataset")
	rp, ok := s.access(w, r, id, true)
	if !ok {
		return
	}
	config := r.URL.Query().Get("config")
	s.mu.Lock()
	var out []parquetEntry
	for p, f := range rp.files[rp.revs["refs/convert/parquet"]] {
		parts := strings.Split(p, "/")
		if len(parts) != 3 || (config != "" && parts[0] != config) {
			continue
		}
		out = append(out, parquetEntry{Dataset: id, Config: parts[0], Split: strings.TrimPrefix(parts[1], "partial-"),
			URL:      "https://huggingface.co/datasets/" + id + "/resolve/" + url.PathEscape("refs/convert/parquet") + "/" + p,
			Filename: parts[2], Size: int64(len(f.data))})
	}
	out = append(out, rp.extraParquet...)
	s.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].URL < out[j].URL })
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"parquet_files": out, "pending": []any{}, "failed": []any{}, "partial": false})
}

func (s *Server) resolve(w http.ResponseWriter, r *http.Request, id, rest string) {
	rp, ok := s.access(w, r, id, true)
	if !ok {
		return
	}
	revEsc, pathEsc, _ := strings.Cut(rest, "/")
	commit, ok := rp.commitOf(revEsc)
	if !ok {
		hubError(w, http.StatusNotFound, "RevisionNotFound", "Invalid rev id: "+revEsc)
		return
	}
	path, _ := url.PathUnescape(pathEsc)
	s.mu.Lock()
	f := rp.files[commit][path]
	s.mu.Unlock()
	w.Header().Set("X-Repo-Commit", commit)
	if f == nil {
		hubError(w, http.StatusNotFound, "EntryNotFound", path+" does not exist on \""+revEsc+"\"")
		return
	}
	if f.lfs {
		// The Hub redirects LFS files to its CDN, naming the content in X-Linked-*.
		w.Header().Set("ETag", `"`+f.gitOID+`"`)
		w.Header().Set("X-Linked-Etag", `"`+f.sha256+`"`)
		w.Header().Set("X-Linked-Size", strconv.Itoa(len(f.data)))
		w.Header().Set("Location", s.CDN.URL+"/lfs/"+f.sha256+"?X-Amz-Signature=test")
		w.WriteHeader(http.StatusFound)
		return
	}
	w.Header().Set("ETag", `"`+f.gitOID+`"`)
	if r.Method == http.MethodHead {
		w.Header().Set("Content-Length", strconv.Itoa(len(f.data)))
		w.WriteHeader(http.StatusOK)
		return
	}
	s.serve(w, r, f, f.gitOID)
}

func (s *Server) cdn(w http.ResponseWriter, r *http.Request) {
	s.record(r)
	sha := strings.TrimPrefix(r.URL.Path, "/lfs/")
	s.mu.Lock()
	var found *file
	for _, rp := range s.repos {
		for _, files := range rp.files {
			for _, f := range files {
				if f.sha256 == sha {
					found = f
				}
			}
		}
	}
	s.mu.Unlock()
	if found == nil {
		http.NotFound(w, r)
		return
	}
	s.serve(w, r, found, sha)
}

// serve writes a file's bytes (honouring Range), applying its fault.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, f *file, key string) {
	s.mu.Lock()
	fault := s.faults[key]
	var cut int64 = -1
	corrupt, stall := false, false
	if fault != nil {
		switch {
		case fault.Fail > 0:
			fault.Fail--
			s.mu.Unlock()
			hubError(w, http.StatusServiceUnavailable, "", "temporarily unavailable")
			return
		case fault.Cuts > 0:
			fault.Cuts--
			cut = fault.CutAfter
		case fault.Stalls > 0:
			fault.Stalls--
			cut, stall = fault.CutAfter, true
		}
		corrupt = fault.Corrupt
	}
	s.mu.Unlock()
	data := f.data
	if corrupt {
		data = append([]byte(nil), data...)
		data[len(data)/2] ^= 0xff
	}
	if cut < 0 {
		http.ServeContent(w, r, "", time.Time{}, strings.NewReader(string(data)))
		return
	}
	if stall {
		// The whole answer announced, cut bytes sent, then silence until the client
		// hangs up.
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		w.WriteHeader(http.StatusOK)
		w.Write(data[:cut])
		w.(http.Flusher).Flush()
		<-r.Context().Done()
		return
	}
	// Cut: send the headers of a whole answer, then cut bytes, then close.
	start := int64(0)
	status := "200 OK"
	extra := ""
	if rg := r.Header.Get("Range"); strings.HasPrefix(rg, "bytes=") {
		start, _ = strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(rg, "bytes="), "-"), 10, 64)
		status = "206 Partial Content"
		extra = fmt.Sprintf("Content-Range: bytes %d-%d/%d\r\n", start, len(data)-1, len(data))
	}
	body := data[start:]
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	fmt.Fprintf(buf, "HTTP/1.1 %s\r\nContent-Length: %d\r\nContent-Type: application/octet-stream\r\n%s\r\n", status, len(body), extra)
	buf.Write(body[:min(cut, int64(len(body)))])
	buf.Flush()
}
