package hubtest

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"qmix/lib/internal/sharedtest"
	"qmix/lib/source"
)

// Folders maps registry sources to their folder under ../shared/datasets.
var Folders = map[string]string{
	"humaneval": "humaneval", "mbpp": "mbpp", "gsm8k": "gsm8k", "math": "math",
	"mmlu": "mmlu", "arc_challenge": "arc-challenge", "hellaswag": "hellaswag",
	"squad_v2": "squad-v2", "drop": "drop", "coqa": "coqa", "gorilla": "gorilla-apibench",
	"commonsense_qa": "commonsenseqa", "piqa": "piqa", "cnn_dailymail": "cnn-dailymail",
	"xsum": "xsum", "alpaca": "alpaca",
}

// Published is one real file the server publishes.
type Published struct {
	Source, Repo, Revision, Path string
	Config, Split                string // Parquet files
	Original                     string // the file under ../shared/datasets
}

// Shared starts a server publishing the real files of ../shared/datasets as the Hub
// publishes them: each hub/<config>-<split>.parquet at
// refs/convert/parquet:<config>/<split>/0000.parquet (LFS), and Gorilla's
// torchhub_eval.json at main (a git file; APIBench has no Parquet conversion).
func Shared(t testing.TB) (*Server, []Published) {
	t.Helper()
	dir := sharedtest.Dir(t)
	s := New(t)
	var pub []Published
	names := make([]string, 0, len(Folders))
	for n := range Folders {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		a, err := source.Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		if name == "gorilla" {
			orig := filepath.Join(dir, Folders[name], "torchhub_eval.json")
			s.AddFile(a.HubID, "main", "torchhub_eval.json", read(t, orig), false)
			pub = append(pub, Published{Source: name, Repo: a.HubID, Revision: "main", Path: "torchhub_eval.json",
				Split: source.Test, Original: orig})
			continue
		}
		files, _ := filepath.Glob(filepath.Join(dir, Folders[name], "hub", "*.parquet"))
		if len(files) == 0 {
			t.Fatalf("no hub/*.parquet for %s in %s", name, filepath.Join(dir, Folders[name]))
		}
		for _, f := range files {
			split, ok := strings.CutPrefix(strings.TrimSuffix(filepath.Base(f), ".parquet"), a.HubConfig+"-")
			if !ok {
				t.Fatalf("%s: want %s-<split>.parquet for config %s", f, a.HubConfig, a.HubConfig)
			}
			path := a.HubConfig + "/" + split + "/0000.parquet"
			s.AddFile(a.HubID, "refs/convert/parquet", path, read(t, f), true)
			pub = append(pub, Published{Source: name, Repo: a.HubID, Revision: "refs/convert/parquet", Path: path,
				Config: a.HubConfig, Split: split, Original: f})
		}
	}
	return s, pub
}

func read(t testing.TB, path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
