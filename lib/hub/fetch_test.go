package hub_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"qmix/lib/hub"
	"qmix/lib/hub/hubtest"
	"qmix/lib/source"
)

// TestFetchSharedConvertsLikeOriginals fetches every source the shared datasets
// publish in Hub layout from the loopback Hub, checks each cached file is the
// original byte for byte, and converts the fetched files through the adapters: the
// records must equal those of the original files.
func TestFetchSharedConvertsLikeOriginals(t *testing.T) {
	srv, published := hubtest.Shared(t)
	e := newEnv(t, srv)
	var progress bytes.Buffer
	e.opt.Progress = &progress // not a terminal: must stay empty
	bySource := map[string][]hubtest.Published{}
	for _, p := range published {
		bySource[p.Source] = append(bySource[p.Source], p)
	}
	for name, pubs := range bySource {
		t.Run(name, func(t *testing.T) {
			files, err := e.fetch(t, name, nil, "")
			if err != nil {
				t.Fatal(err)
			}
			if len(files) != len(pubs) {
				t.Fatalf("%d files fetched, %d published", len(files), len(pubs))
			}
			var originals []string
			for i, f := range files {
				p := pubs[i]
				if f.Path != p.Path || f.Split != p.Split || !f.Downloaded {
					t.Errorf("file %d: path %q split %q downloaded %v, want %q %q true", i, f.Path, f.Split, f.Downloaded, p.Path, p.Split)
				}
				got, err := os.ReadFile(f.Local)
				if err != nil {
					t.Fatal(err)
				}
				want, _ := os.ReadFile(p.Original)
				if !bytes.Equal(got, want) {
					t.Errorf("%s: cached content differs from %s", f.Local, p.Original)
				}
				originals = append(originals, p.Original)
			}
			paths, err := e.client().Links(files)
			if err != nil {
				t.Fatal(err)
			}
			fetched, err := source.ConvertAll(name, paths, source.Options{})
			if err != nil {
				t.Fatalf("convert fetched %v: %v", paths, err)
			}
			direct, err := source.ConvertAll(name, originals, source.Options{})
			if err != nil {
				t.Fatalf("convert originals: %v", err)
			}
			if len(fetched) == 0 || !reflect.DeepEqual(fetched, direct) {
				t.Errorf("fetched files give %d records, originals %d, or they differ", len(fetched), len(direct))
			}
		})
	}
	if progress.Len() != 0 {
		t.Errorf("progress written to a non-terminal: %q", progress.String())
	}
}

// TestCacheLayoutIsHuggingFaceHubs checks the cache against the layout documented
// for reimplementations at https://huggingface.co/docs/hub/local-cache (and written
// by huggingface_hub's file_download.hf_hub_download):
//   - the repo folder is "datasets--{org}--{name}" with blobs/, refs/, snapshots/;
//   - "refs/{revision}" is a plain file holding the 40-hex commit and nothing else
//     (refs/convert/parquet nests, like the doc's refs/pr/1);
//   - "snapshots/{commit}/{path}" mirrors the repository path and is a relative
//     symlink into ../../blobs/{hash} (one more ../ per folder level);
//   - a blob is named by the file's etag: the SHA-256 for an LFS file, the git SHA-1
//     (40 hex) for a git file;
//   - lock files live in {cache}/.locks/{repo folder}/{hash}.lock.
func TestCacheLayoutIsHuggingFaceHubs(t *testing.T) {
	srv, _ := hubtest.Shared(t)
	e := newEnv(t, srv)
	for _, name := range []string{"gsm8k", "gorilla"} {
		if _, err := e.fetch(t, name, nil, ""); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, repo, rev, path, blob, link string
	}{
		{"parquet (LFS, sha256)", "openai/gsm8k", "refs/convert/parquet", "main/test/0000.parquet",
			srv.SHA256("openai/gsm8k", "refs/convert/parquet", "main/test/0000.parquet"), "../../../../blobs/"},
		{"repository file (git, sha1)", "gorilla-llm/APIBench", "main", "torchhub_eval.json",
			srv.GitOID("gorilla-llm/APIBench", "main", "torchhub_eval.json"), "../../blobs/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(e.opt.CacheDir, "datasets--"+strings.ReplaceAll(tt.repo, "/", "--"))
			commit := hubtest.Commit(tt.repo, tt.rev)
			ref, err := os.ReadFile(filepath.Join(dir, "refs", filepath.FromSlash(tt.rev)))
			if err != nil || string(ref) != commit {
				t.Errorf("refs/%s = %q, %v; want exactly %q", tt.rev, ref, err, commit)
			}
			pointer := filepath.Join(dir, "snapshots", commit, filepath.FromSlash(tt.path))
			target, err := os.Readlink(pointer)
			if err != nil {
				t.Fatalf("snapshot entry is not a symlink: %v", err)
			}
			if want := tt.link + tt.blob; target != want {
				t.Errorf("symlink -> %q, want %q", target, want)
			}
			blob := filepath.Join(dir, "blobs", tt.blob)
			st, err := os.Lstat(blob)
			if err != nil || !st.Mode().IsRegular() {
				t.Fatalf("blob %s: %v", blob, err)
			}
			if resolved, _ := filepath.EvalSymlinks(pointer); resolved != blob {
				t.Errorf("symlink resolves to %s, want %s", resolved, blob)
			}
			if len(tt.blob) == 64 {
				b, _ := os.ReadFile(blob)
				if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != tt.blob {
					t.Errorf("blob is not named by its SHA-256")
				}
			}
			if _, err := os.Stat(filepath.Join(e.opt.CacheDir, ".locks", filepath.Base(dir), tt.blob+".lock")); err != nil {
				t.Errorf("lock file: %v", err)
			}
		})
	}
	for _, f := range e.cached(t) {
		if strings.HasSuffix(f, ".incomplete") || strings.Contains(f, ".tmp") {
			t.Errorf("leftover temporary file %s", f)
		}
	}
}

// TestFetchReusesHuggingFaceHubCache: a cache laid out by huggingface_hub (blob,
// relative symlink, ref) is used as it is: the file is checked with a HEAD and not
// downloaded again.
func TestFetchReusesHuggingFaceHubCache(t *testing.T) {
	srv, published := hubtest.Shared(t)
	e := newEnv(t, srv)
	var pub hubtest.Published
	for _, p := range published {
		if p.Source == "piqa" {
			pub = p
		}
	}
	sha := srv.SHA256(pub.Repo, pub.Revision, pub.Path)
	commit := hubtest.Commit(pub.Repo, pub.Revision)
	dir := filepath.Join(e.opt.CacheDir, "datasets--ybisk--piqa")
	data, _ := os.ReadFile(pub.Original)
	// What Python's hf_hub_download leaves behind.
	os.MkdirAll(filepath.Join(dir, "blobs"), 0o755)
	os.WriteFile(filepath.Join(dir, "blobs", sha), data, 0o644)
	os.MkdirAll(filepath.Join(dir, "refs", "refs", "convert"), 0o755)
	os.WriteFile(filepath.Join(dir, "refs", "refs", "convert", "parquet"), []byte(commit), 0o644)
	snap := filepath.Join(dir, "snapshots", commit, "plain_text", "validation")
	os.MkdirAll(snap, 0o755)
	if err := os.Symlink("../../../../blobs/"+sha, filepath.Join(snap, "0000.parquet")); err != nil {
		t.Fatal(err)
	}
	files, err := e.fetch(t, "piqa", []string{"validation"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].Downloaded {
		t.Fatalf("files %+v: want the cached one, not downloaded", files)
	}
	for _, r := range srv.Requests() {
		if r.Method == "GET" && strings.Contains(r.Path, "/lfs/") {
			t.Errorf("downloaded again: %+v", r)
		}
	}
}

// TestFetchParallelSharesBlobs: two shards with the same content are fetched in
// parallel, downloaded once (one blob, two symlinks), and get distinct link names.
func TestFetchParallelSharesBlobs(t *testing.T) {
	srv := hubtest.New(t)
	data := bytes.Repeat([]byte("parquet bytes "), 50000)
	for _, p := range []string{"main/test/0000.parquet", "main/test/0001.parquet", "main/train/0000.parquet"} {
		srv.AddFile("openai/gsm8k", "refs/convert/parquet", p, data, true)
	}
	e := newEnv(t, srv)
	e.opt.Parallel = 3
	files, err := e.fetch(t, "gsm8k", nil, "")
	if err != nil {
		t.Fatal(err)
	}
	gets := 0
	for _, r := range srv.Requests() {
		if r.Method == "GET" && strings.Contains(r.Path, "/lfs/") {
			gets++
		}
	}
	if len(files) != 3 || gets != 1 {
		t.Errorf("%d files, %d CDN downloads; want 3 files, 1 download", len(files), gets)
	}
	links, err := e.client().Links(files)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range links {
		names = append(names, filepath.Base(l))
	}
	want := []string{"main-test-0000.parquet", "main-test-0001.parquet", "main-train.parquet"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("links %v, want %v", names, want)
	}
}

// TestFetchWithoutDatasetsServer lists the Parquet files from the revision's tree
// (paginated) when no datasets-server answers, as behind a mirror, and when a
// revision is given explicitly; a commit revision writes no ref.
func TestFetchWithoutDatasetsServer(t *testing.T) {
	srv, _ := hubtest.Shared(t)
	commit := hubtest.Commit("cais/mmlu", "refs/convert/parquet")
	tests := []struct {
		name    string
		server  string
		rev     string
		wantRef bool
	}{
		{"mirror without datasets-server", "", "", true},
		{"datasets-server down falls back", "http://127.0.0.1:1", "", true},
		{"explicit commit", srv.URL, commit, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, srv)
			e.opt.DatasetsServer = tt.server
			e.opt.MaxRetries = -1
			files, err := e.fetch(t, "mmlu", nil, tt.rev)
			if err != nil {
				t.Fatal(err)
			}
			if len(files) != 1 || files[0].Path != "all/test/0000.parquet" || files[0].Commit != commit {
				t.Fatalf("files %+v", files)
			}
			_, err = os.Stat(filepath.Join(e.opt.CacheDir, "datasets--cais--mmlu", "refs", "refs", "convert", "parquet"))
			if (err == nil) != tt.wantRef {
				t.Errorf("ref written: %v, want %v", err == nil, tt.wantRef)
			}
		})
	}
}

// TestListCache reports what the cache holds.
func TestListCache(t *testing.T) {
	srv, _ := hubtest.Shared(t)
	e := newEnv(t, srv)
	files, err := e.fetch(t, "humaneval", nil, "")
	if err != nil {
		t.Fatal(err)
	}
	repos, err := e.client().List()
	if err != nil {
		t.Fatal(err)
	}
	if len(repos) != 1 {
		t.Fatalf("%d repos listed, want 1", len(repos))
	}
	r := repos[0]
	commit := hubtest.Commit("openai/openai_humaneval", "refs/convert/parquet")
	if r.Repo != "openai/openai_humaneval" || !reflect.DeepEqual(r.Sources, []string{"humaneval"}) ||
		r.Refs["refs/convert/parquet"] != commit || r.BlobBytes != files[0].Size || len(r.Snapshots) != 1 ||
		len(r.Snapshots[0].Files) != 1 || r.Snapshots[0].Files[0].Size != files[0].Size {
		t.Errorf("listed %+v", r)
	}
	cached, err := e.client().Cached(mustResolve(t, "humaneval", nil, ""))
	if err != nil || len(cached) != 1 || cached[0].Blob != files[0].Blob {
		t.Errorf("Cached = %+v, %v", cached, err)
	}
}

func mustResolve(t *testing.T, name string, splits []string, rev string) hub.Target {
	t.Helper()
	target, err := hub.Resolve(name, splits, rev)
	if err != nil {
		t.Fatal(err)
	}
	return target
}
