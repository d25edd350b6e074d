package hub_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qmix/lib/hub"
	"qmix/lib/hub/hubtest"
)

// TestFetchGated: a gated dataset answers 401 without a token (the error says to
// set HF_TOKEN), 403 to a token without access, and serves the right token; the
// token goes to the Hub only, never to the CDN.
func TestFetchGated(t *testing.T) {
	const secret = "hf_testtoken"
	tests := []struct {
		name, token string
		wantErr     error
		wantMsg     string
	}{
		{"no token", "", hub.ErrGated, "set HF_TOKEN"},
		{"token without access", "hf_other", hub.ErrGated, "the token in HF_TOKEN was refused"},
		{"token with access", secret, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := hubtest.Shared(t)
			srv.Gate(gsmRepo, secret)
			e := newEnv(t, srv)
			e.opt.Token = tt.token
			files, err := e.fetch(t, "gsm8k", nil, "")
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.wantMsg) {
					t.Fatalf("err = %v, want %v with %q", err, tt.wantErr, tt.wantMsg)
				}
				if !strings.Contains(err.Error(), "401") && !strings.Contains(err.Error(), "403") {
					t.Errorf("error does not give the HTTP status: %v", err)
				}
				return
			}
			if err != nil || len(files) != 1 {
				t.Fatalf("files %v, err %v", files, err)
			}
			for _, r := range srv.Requests() {
				cdn := strings.HasPrefix(r.Path, "/lfs/")
				if cdn && r.Auth != "" {
					t.Errorf("token sent to the CDN: %+v", r)
				}
				if !cdn && r.Auth != "Bearer "+secret {
					t.Errorf("Hub request without the token: %+v", r)
				}
			}
		})
	}
}

// TestFetchUnknownDataset: a dataset the Hub does not have is ErrNotFound, with a
// hint about private datasets when no token was sent.
func TestFetchUnknownDataset(t *testing.T) {
	tests := []struct {
		name, token, want string
	}{
		{"no token (Hub answers 401 RepoNotFound)", "", "or it is private: set HF_TOKEN"},
		{"with token (404)", "hf_x", "HTTP 404"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := hubtest.New(t) // publishes nothing
			e := newEnv(t, srv)
			e.opt.Token = tt.token
			_, err := e.fetch(t, "gsm8k", nil, "")
			if !errors.Is(err, hub.ErrNotFound) || !strings.Contains(err.Error(), "openai/gsm8k") ||
				!strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want ErrNotFound naming the dataset with %q", err, tt.want)
			}
		})
	}
}

// TestFetchMissingEntry: a listed file the Hub does not have is ErrNotFound, and is
// recorded in .no_exist/<commit>/<path> as huggingface_hub records it.
func TestFetchMissingEntry(t *testing.T) {
	srv, _ := hubtest.Shared(t)
	srv.AddParquetURL(gsmRepo, "main", "test",
		"https://huggingface.co/datasets/openai/gsm8k/resolve/refs%2Fconvert%2Fparquet/main/test/0001.parquet")
	e := newEnv(t, srv)
	_, err := e.fetch(t, "gsm8k", nil, "")
	if !errors.Is(err, hub.ErrNotFound) || !strings.Contains(err.Error(), "EntryNotFound") {
		t.Fatalf("err = %v, want ErrNotFound (EntryNotFound)", err)
	}
	marker := filepath.Join(e.opt.CacheDir, "datasets--openai--gsm8k", ".no_exist",
		hubtest.Commit(gsmRepo, gsmRev), "main", "test", "0001.parquet")
	if st, err := os.Lstat(marker); err != nil || !st.Mode().IsRegular() || st.Size() != 0 {
		t.Errorf(".no_exist marker: %v", err)
	}
}

// TestFetchOffline: with Offline (HF_HUB_OFFLINE=1) nothing touches the network; a
// cached file is found, a missing one is a clear error naming it and listing what
// is cached.
func TestFetchOffline(t *testing.T) {
	srv, _ := hubtest.Shared(t)
	e := newEnv(t, srv)
	if _, err := e.fetch(t, "piqa", nil, ""); err != nil {
		t.Fatal(err)
	}
	commit := hubtest.Commit("ybisk/piqa", "refs/convert/parquet")
	tests := []struct {
		name, source string
		splits       []string
		wantFiles    int
		want         []string // substrings of the error
	}{
		{"cached", "piqa", nil, 1, nil},
		{"cached split named", "piqa", []string{"validation"}, 1, nil},
		{"named split not cached", "piqa", []string{"train"}, 0, []string{
			filepath.Join("snapshots", commit, "plain_text", "train"),
			"cached files: plain_text/validation/0000.parquet (297990 bytes, refs/convert/parquet = " + commit[:12] + ")",
			"HF_HUB_OFFLINE=1"}},
		{"dataset not cached", "gsm8k", nil, 0, []string{
			filepath.Join("datasets--openai--gsm8k", "refs", "refs", "convert", "parquet"),
			"cached files: none"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.ResetRequests()
			e.opt.Offline = true
			files, err := e.fetch(t, tt.source, tt.splits, "")
			if n := len(srv.Requests()); n != 0 {
				t.Errorf("%d requests in offline mode", n)
			}
			if tt.want == nil {
				if err != nil || len(files) != tt.wantFiles {
					t.Fatalf("files %d, err %v", len(files), err)
				}
				if b, err := os.ReadFile(files[0].Local); err != nil || len(b) != int(files[0].Size) {
					t.Errorf("cached file unreadable: %v", err)
				}
				return
			}
			if !errors.Is(err, hub.ErrNotCached) {
				t.Fatalf("err = %v, want ErrNotCached", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

// TestFetchRejectsMaliciousListing: a listing naming a path outside the snapshot
// (climbing with .., absolute, encoded) is rejected before anything is written.
func TestFetchRejectsMaliciousListing(t *testing.T) {
	tests := []struct {
		name   string
		source string
		setup  func(*hubtest.Server)
	}{
		{"tree ../", "gorilla", func(s *hubtest.Server) { s.AddTreeEntry("gorilla-llm/APIBench", "../x_eval.json") }},
		{"tree absolute", "gorilla", func(s *hubtest.Server) { s.AddTreeEntry("gorilla-llm/APIBench", "/etc/passwd") }},
		{"tree nested ..", "gorilla", func(s *hubtest.Server) { s.AddTreeEntry("gorilla-llm/APIBench", "a/../../../x_eval.json") }},
		{"parquet url ../", "gsm8k", func(s *hubtest.Server) {
			s.AddParquetURL(gsmRepo, "main", "test", "https://huggingface.co/datasets/openai/gsm8k/resolve/refs%2Fconvert%2Fparquet/main/../../../x")
		}},
		{"parquet url encoded ..", "gsm8k", func(s *hubtest.Server) {
			s.AddParquetURL(gsmRepo, "main", "test", "https://huggingface.co/datasets/openai/gsm8k/resolve/refs%2Fconvert%2Fparquet/main/%2e%2e/%2e%2e/x")
		}},
		{"parquet url absolute", "gsm8k", func(s *hubtest.Server) {
			s.AddParquetURL(gsmRepo, "main", "test", "https://huggingface.co/datasets/openai/gsm8k/resolve/refs%2Fconvert%2Fparquet//etc/passwd")
		}},
		{"parquet url of another dataset", "gsm8k", func(s *hubtest.Server) {
			s.AddParquetURL(gsmRepo, "main", "test", "https://huggingface.co/datasets/evil/other/resolve/refs%2Fconvert%2Fparquet/main/test/0000.parquet")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := hubtest.Shared(t)
			tt.setup(srv)
			e := newEnv(t, srv)
			_, err := e.fetch(t, tt.source, nil, "")
			if !errors.Is(err, hub.ErrUnsafePath) {
				t.Fatalf("err = %v, want ErrUnsafePath", err)
			}
			if files := e.cached(t); len(files) != 0 {
				t.Errorf("written after a malicious listing: %v", files)
			}
			for _, p := range []string{"x", "x_eval.json", "passwd"} {
				for _, dir := range []string{e.root, filepath.Dir(e.opt.CacheDir)} {
					if _, err := os.Lstat(filepath.Join(dir, p)); err == nil {
						t.Errorf("%s written outside the cache", filepath.Join(dir, p))
					}
				}
			}
		})
	}
}
