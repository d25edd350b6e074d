package hub_test

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"qmix/lib/hub"
	"qmix/lib/hub/hubtest"
)

const (
	gsmRepo = "openai/gsm8k"
	gsmRev  = "refs/convert/parquet"
	gsmPath = "main/test/0000.parquet"
)

// cdnGets returns the Range headers of the CDN downloads seen.
func cdnGets(srv *hubtest.Server) []string {
	var out []string
	for _, r := range srv.Requests() {
		if r.Method == "GET" && strings.HasPrefix(r.Path, "/lfs/") {
			out = append(out, r.Range)
		}
	}
	return out
}

// TestFetchResumesAfterCut: the CDN closes the connection after cut bytes. Without
// retries the fetch fails and keeps the partial blob; the next fetch asks for the
// rest with Range and completes it. With retries one fetch resumes by itself.
func TestFetchResumesAfterCut(t *testing.T) {
	const cut = 100_000
	tests := []struct {
		name       string
		cuts       int
		retries    int
		firstFails bool
		wantRanges []string // Range headers of the CDN downloads, all fetches
		wantSleeps []time.Duration
	}{
		{"next fetch resumes", 1, -1, true, []string{"", "bytes=100000-"}, nil},
		{"retries resume in one fetch", 2, 5, false, []string{"", "bytes=100000-", "bytes=200000-"},
			[]time.Duration{500 * time.Millisecond, time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := hubtest.Shared(t)
			srv.SetFault(gsmRepo, gsmRev, gsmPath, hubtest.Fault{CutAfter: cut, Cuts: tt.cuts})
			e := newEnv(t, srv)
			e.opt.MaxRetries = tt.retries
			sha := srv.SHA256(gsmRepo, gsmRev, gsmPath)
			part := filepath.Join(e.opt.CacheDir, "datasets--openai--gsm8k", "blobs", sha+".incomplete")
			files, err := e.fetch(t, "gsm8k", []string{"test"}, "")
			if tt.firstFails {
				if err == nil || !strings.Contains(err.Error(), "fetch again to resume") {
					t.Fatalf("first fetch: %v, want an interruption keeping the partial file", err)
				}
				if st, err := os.Stat(part); err != nil || st.Size() != cut {
					t.Fatalf("partial blob: %v, want %d bytes kept", err, cut)
				}
				if _, err := os.Stat(filepath.Join(e.opt.CacheDir, "datasets--openai--gsm8k", "blobs", sha)); err == nil {
					t.Fatal("an incomplete blob entered the cache")
				}
				files, err = e.fetch(t, "gsm8k", []string{"test"}, "")
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := cdnGets(srv); !reflect.DeepEqual(got, tt.wantRanges) {
				t.Errorf("CDN Range headers %q, want %q", got, tt.wantRanges)
			}
			if !reflect.DeepEqual(e.sleeps.all(), tt.wantSleeps) {
				t.Errorf("slept %v, want %v", e.sleeps.all(), tt.wantSleeps)
			}
			if _, err := os.Stat(part); !os.IsNotExist(err) {
				t.Errorf("partial blob left: %v", err)
			}
			if len(files) != 1 || files[0].Etag != sha {
				t.Fatalf("files %+v", files)
			}
			if tt.firstFails && files[0].Resumed != cut {
				t.Errorf("resumed at %d, want %d", files[0].Resumed, cut)
			}
		})
	}
}

// TestFetchStalePartial: a partial blob that cannot be a prefix of the file (too
// long) is discarded; one with wrong bytes fails the checksum, is discarded, and the
// next fetch downloads the whole file.
func TestFetchStalePartial(t *testing.T) {
	tests := []struct {
		name     string
		partial  int64 // bytes of junk; negative: the file's size plus this
		firstErr error
		wantGets []string
	}{
		{"longer than the file", -10, nil, []string{""}},
		{"wrong bytes", 1000, hub.ErrChecksum, []string{"bytes=1000-", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, pub := hubtest.Shared(t)
			e := newEnv(t, srv)
			size := int64(0)
			for _, p := range pub {
				if p.Source == "gsm8k" {
					st, _ := os.Stat(p.Original)
					size = st.Size()
				}
			}
			n := tt.partial
			if n < 0 {
				n = size - n
			}
			blobs := filepath.Join(e.opt.CacheDir, "datasets--openai--gsm8k", "blobs")
			os.MkdirAll(blobs, 0o755)
			part := filepath.Join(blobs, srv.SHA256(gsmRepo, gsmRev, gsmPath)+".incomplete")
			os.WriteFile(part, make([]byte, n), 0o644)
			_, err := e.fetch(t, "gsm8k", []string{"test"}, "")
			if !errors.Is(err, tt.firstErr) && (tt.firstErr != nil || err != nil) {
				t.Fatalf("first fetch: %v, want %v", err, tt.firstErr)
			}
			if err != nil {
				if _, serr := os.Stat(part); !os.IsNotExist(serr) {
					t.Errorf("corrupt partial kept: %v", serr)
				}
				if _, err = e.fetch(t, "gsm8k", []string{"test"}, ""); err != nil {
					t.Fatal(err)
				}
			}
			if got := cdnGets(srv); !reflect.DeepEqual(got, tt.wantGets) {
				t.Errorf("CDN Range headers %q, want %q", got, tt.wantGets)
			}
		})
	}
}

// TestFetchAbortsStalledTransfer: a transfer that stops sending (the connection
// stays open) is abandoned after the idle timeout and resumed with Range.
func TestFetchAbortsStalledTransfer(t *testing.T) {
	srv, _ := hubtest.Shared(t)
	srv.SetFault(gsmRepo, gsmRev, gsmPath, hubtest.Fault{CutAfter: 50_000, Stalls: 1})
	e := newEnv(t, srv)
	e.opt.IdleTimeout = 100 * time.Millisecond
	files, err := e.fetch(t, "gsm8k", []string{"test"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cdnGets(srv), []string{"", "bytes=50000-"}; !reflect.DeepEqual(got, want) {
		t.Errorf("CDN Range headers %q, want %q", got, want)
	}
	if len(files) != 1 || files[0].Etag != srv.SHA256(gsmRepo, gsmRev, gsmPath) {
		t.Errorf("files %+v", files)
	}
}

// TestFetchRejectsCorruptTransfer: a body whose SHA-256 differs from the etag is
// discarded; nothing enters the cache (no blob, no snapshot entry, no ref).
func TestFetchRejectsCorruptTransfer(t *testing.T) {
	tests := []struct {
		name, source, repo, rev, path string
	}{
		{"LFS parquet, sha256", "gsm8k", gsmRepo, gsmRev, gsmPath},
		{"git file, sha1", "gorilla", "gorilla-llm/APIBench", "main", "torchhub_eval.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := hubtest.Shared(t)
			srv.SetFault(tt.repo, tt.rev, tt.path, hubtest.Fault{Corrupt: true})
			e := newEnv(t, srv)
			_, err := e.fetch(t, tt.source, []string{"test"}, "")
			if !errors.Is(err, hub.ErrChecksum) {
				t.Fatalf("err = %v, want ErrChecksum", err)
			}
			for _, f := range e.cached(t) {
				if !strings.HasPrefix(f, ".locks/") {
					t.Errorf("%s in the cache after a corrupt transfer", f)
				}
			}
		})
	}
}

// TestFetchRetries5xx: 503 answers are retried on the fixed schedule; a server that
// stays down fails after the last retry with the HTTP status.
func TestFetchRetries5xx(t *testing.T) {
	tests := []struct {
		name       string
		fail       int  // 503s on the file download
		down       bool // every endpoint 503
		wantErr    string
		wantSleeps []time.Duration
	}{
		{"two 503 then success", 2, false, "", []time.Duration{500 * time.Millisecond, time.Second}},
		{"down for good", 0, true, "HTTP 503",
			[]time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := hubtest.Shared(t)
			srv.SetFault(gsmRepo, gsmRev, gsmPath, hubtest.Fault{Fail: tt.fail})
			srv.Down(tt.down)
			e := newEnv(t, srv)
			_, err := e.fetch(t, "gsm8k", []string{"test"}, "")
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			if !reflect.DeepEqual(e.sleeps.all(), tt.wantSleeps) {
				t.Errorf("slept %v, want %v", e.sleeps.all(), tt.wantSleeps)
			}
		})
	}
}

// TestFetchNetworkDown: an unreachable Hub fails at once (no retries) with
// "offline" and the list of what the cache holds for the dataset.
func TestFetchNetworkDown(t *testing.T) {
	srv, _ := hubtest.Shared(t)
	e := newEnv(t, srv)
	if _, err := e.fetch(t, "gsm8k", nil, ""); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close()
	tests := []struct {
		name, source, want string
	}{
		{"cached dataset", "gsm8k", "cached files: main/test/0000.parquet (414146 bytes, refs/convert/parquet = "},
		{"nothing cached", "piqa", "cached files: none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.opt.Endpoint, e.opt.DatasetsServer = closed, closed
			_, err := e.fetch(t, tt.source, nil, "")
			if !errors.Is(err, hub.ErrOffline) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want ErrOffline with %q", err, tt.want)
			}
			if len(e.sleeps.all()) != 0 {
				t.Errorf("retried an unreachable host: %v", e.sleeps.all())
			}
		})
	}
}

// TestFetchDiskFull: a write failing with ENOSPC (the partial blob is /dev/full)
// surfaces as ErrDiskFull naming the file, and is not retried.
func TestFetchDiskFull(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full on this system to produce ENOSPC")
	}
	srv, _ := hubtest.Shared(t)
	e := newEnv(t, srv)
	sha := srv.SHA256(gsmRepo, gsmRev, gsmPath)
	blobs := filepath.Join(e.opt.CacheDir, "datasets--openai--gsm8k", "blobs")
	os.MkdirAll(blobs, 0o755)
	part := filepath.Join(blobs, sha+".incomplete")
	if err := os.Symlink("/dev/full", part); err != nil {
		t.Fatal(err)
	}
	_, err := e.fetch(t, "gsm8k", []string{"test"}, "")
	if !errors.Is(err, hub.ErrDiskFull) || !strings.Contains(err.Error(), part) {
		t.Fatalf("err = %v, want ErrDiskFull naming %s", err, part)
	}
	if len(e.sleeps.all()) != 0 {
		t.Errorf("retried a full disk: %v", e.sleeps.all())
	}
	if _, err := os.Stat(filepath.Join(blobs, sha)); err == nil {
		t.Error("a blob entered the cache")
	}
}
