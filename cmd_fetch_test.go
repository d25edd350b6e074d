package main

import (
	"bytes"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"qmix/lib"
	"qmix/lib/frame"
	"qmix/lib/hub"
	"qmix/lib/hub/hubtest"
	"qmix/lib/token"
)

// fetchEnv points the Hub variables at a loopback Hub serving the shared datasets'
// Hub-layout files, with a fresh cache; it returns the server and what it publishes.
func fetchEnv(t *testing.T) (*hubtest.Server, []hubtest.Published, string) {
	t.Helper()
	srv, pub := hubtest.Shared(t)
	root := t.TempDir()
	cache := filepath.Join(root, "hf", "hub")
	for k, v := range map[string]string{
		"HF_ENDPOINT": srv.URL, hub.DatasetsServerEnv: srv.URL, "HF_HOME": filepath.Join(root, "hf"),
		"HF_HUB_CACHE": cache, hub.LinksEnv: filepath.Join(root, "links"), "HF_TOKEN": "",
		"HUGGING_FACE_HUB_TOKEN": "", "HF_TOKEN_PATH": "", "HF_HUB_OFFLINE": "", token.CacheEnv: "off",
	} {
		t.Setenv(k, v)
	}
	return srv, pub, cache
}

// TestFetchCommand runs `qmix fetch` steps in order against one loopback Hub.
func TestFetchCommand(t *testing.T) {
	_, _, cache := fetchEnv(t)
	steps := []struct {
		name    string
		offline bool
		args    []string
		code    int
		stdout  []string
		stderr  []string
	}{
		{"help", false, []string{"help", "fetch"}, 0, nil, []string{"Usage: qmix fetch", "HF_HUB_OFFLINE", "-revision"}},
		{"no source", false, []string{"fetch"}, 2, nil, []string{"Usage: qmix fetch"}},
		{"empty list", false, []string{"fetch", "--list"}, 0, []string{"cache: " + cache, "no datasets cached"}, nil},
		{"fetch", false, []string{"fetch", "gsm8k"}, 0,
			[]string{"gsm8k: 1 files, 414.1 kB (1 downloaded, 0 cached) from openai/gsm8k refs/convert/parquet in " + cache},
			[]string{"main/test/0000.parquet (414146 bytes) downloaded"}},
		{"fetch again is cached", false, []string{"fetch", "gsm8k", "--split", "test"}, 0,
			[]string{"gsm8k: 1 files, 414.1 kB (0 downloaded, 1 cached)"}, []string{"(414146 bytes) cached"}},
		{"repository files", false, []string{"fetch", "gorilla"}, 0,
			[]string{"gorilla: 1 files, 388.7 kB (1 downloaded, 0 cached) from gorilla-llm/APIBench main"}, nil},
		{"split the Hub lacks", false, []string{"fetch", "gsm8k", "--split", "train"}, 1, nil,
			[]string{"qmix fetch: gsm8k: dataset openai/gsm8k", "no parquet files for split train"}},
		{"not on the Hub", false, []string{"fetch", "toolbench"}, 1, nil, []string{"not published on the Hugging Face Hub"}},
		{"unknown split", false, []string{"fetch", "gsm8k", "--split", "dev,test"}, 1, nil, []string{`no split "dev"`}},
		{"list", false, []string{"fetch", "--list"}, 0,
			[]string{"DATASET", "openai/gsm8k", "gsm8k", "refs/convert/parquet", "414.1 kB", "gorilla-llm/APIBench", "main"}, nil},
		{"list files", false, []string{"fetch", "--list", "-v"}, 0, []string{"main/test/0000.parquet", "torchhub_eval.json"}, nil},
		{"offline cached", true, []string{"fetch", "gsm8k"}, 0, []string{"gsm8k: 1 files, 414.1 kB (0 downloaded, 1 cached)"}, nil},
		{"offline missing", true, []string{"fetch", "piqa"}, 1, nil,
			[]string{"not in the cache", "datasets--ybisk--piqa", "cached files: none", "HF_HUB_OFFLINE=1 forbids it"}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if st.offline {
				t.Setenv("HF_HUB_OFFLINE", "1")
			}
			var stdout, stderr bytes.Buffer
			code := run(st.args, &stdout, &stderr)
			if code != st.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, st.code, stdout.String(), stderr.String())
			}
			for _, s := range st.stdout {
				if !strings.Contains(stdout.String(), s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout.String())
				}
			}
			for _, s := range st.stderr {
				if !strings.Contains(stderr.String(), s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr.String())
				}
			}
		})
	}
}

// TestFetchFacade: lib.Fetch downloads, lib.FetchedPaths finds the files offline,
// and converting them gives the records of the original files.
func TestFetchFacade(t *testing.T) {
	srv, pub, _ := fetchEnv(t)
	if _, err := lib.FetchedPaths("humaneval"); !errors.Is(err, hub.ErrNotCached) || !strings.Contains(err.Error(), "qmix fetch humaneval") {
		t.Fatalf("FetchedPaths before Fetch: %v, want ErrNotCached", err)
	}
	if err := lib.Fetch("humaneval", "gorilla"); err != nil {
		t.Fatal(err)
	}
	srv.ResetRequests()
	for _, p := range pub {
		if p.Source != "humaneval" && p.Source != "gorilla" {
			continue
		}
		t.Run(p.Source, func(t *testing.T) {
			paths, err := lib.FetchedPaths(p.Source)
			if err != nil {
				t.Fatal(err)
			}
			if len(paths) != 1 || filepath.Base(paths[0]) != filepath.Base(p.Original) {
				t.Errorf("paths %v, want one named like %s", paths, filepath.Base(p.Original))
			}
			fetched, err := lib.ConvertFetched(p.Source)
			if err != nil {
				t.Fatal(err)
			}
			direct, err := lib.Convert(p.Source, p.Original)
			if err != nil {
				t.Fatal(err)
			}
			a, err1 := frame.ToRecords(fetched)
			b, err2 := frame.ToRecords(direct)
			if err1 != nil || err2 != nil || len(a) == 0 || !reflect.DeepEqual(a, b) {
				t.Errorf("fetched %d records, originals %d, or they differ (%v %v)", len(a), len(b), err1, err2)
			}
		})
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("FetchedPaths touched the network: %d requests", n)
	}
	t.Setenv("HF_HUB_OFFLINE", "1")
	if err := lib.Fetch("humaneval"); err != nil {
		t.Errorf("offline Fetch of a cached source: %v", err)
	}
	if err := lib.Fetch("piqa", "toolbench"); err == nil || !strings.Contains(err.Error(), "fetch piqa") ||
		!strings.Contains(err.Error(), "fetch toolbench") {
		t.Errorf("offline Fetch of uncached sources: %v, want both named", err)
	}
}
