package hub_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"qmix/lib/hub"
	"qmix/lib/hub/hubtest"
	"qmix/lib/token"
)

func TestMain(m *testing.M) {
	// Conversions in these tests must not write the user's token cache.
	os.Setenv(token.CacheEnv, "off")
	os.Exit(m.Run())
}

// sleeps records the waits between retries instead of waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// env is one test's client setup: a fresh cache, links directory and sleep log.
type env struct {
	opt    hub.Options
	sleeps *sleeps
	root   string
}

func newEnv(t *testing.T, srv *hubtest.Server) *env {
	t.Helper()
	root := t.TempDir()
	e := &env{sleeps: &sleeps{}, root: root}
	e.opt = hub.Options{
		Endpoint:       srv.URL,
		DatasetsServer: srv.URL,
		CacheDir:       filepath.Join(root, "hf", "hub"),
		LinksDir:       filepath.Join(root, "links"),
		Sleep:          e.sleeps.sleep,
	}
	return e
}

func (e *env) client() *hub.Client { return hub.New(e.opt) }

// fetch resolves and fetches one source.
func (e *env) fetch(t *testing.T, name string, splits []string, rev string) ([]hub.File, error) {
	t.Helper()
	target, err := hub.Resolve(name, splits, rev)
	if err != nil {
		t.Fatalf("resolve %s: %v", name, err)
	}
	return e.client().Fetch(context.Background(), target)
}

// cached lists the cache's files (regular files and symlinks), relative to it.
func (e *env) cached(t *testing.T) []string {
	t.Helper()
	var out []string
	filepath.Walk(e.opt.CacheDir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			rel, _ := filepath.Rel(e.opt.CacheDir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out
}
