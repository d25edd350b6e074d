package hub_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"qmix/lib/hub"
)

func TestFromEnv(t *testing.T) {
	home := t.TempDir()
	tokenFile := filepath.Join(home, "hfhome", "token")
	os.MkdirAll(filepath.Dir(tokenFile), 0o755)
	os.WriteFile(tokenFile, []byte("hf_fromfile\n"), 0o600)
	tests := []struct {
		name string
		env  map[string]string
		want func(o hub.Options) bool
	}{
		{"defaults", map[string]string{"HOME": home},
			func(o hub.Options) bool {
				return o.CacheDir == filepath.Join(home, ".cache", "huggingface", "hub") &&
					o.Endpoint == hub.DefaultEndpoint && o.DatasetsServer == hub.DefaultDatasetsServer &&
					o.Token == "" && !o.Offline
			}},
		{"XDG_CACHE_HOME", map[string]string{"HOME": home, "XDG_CACHE_HOME": "/x"},
			func(o hub.Options) bool { return o.CacheDir == "/x/huggingface/hub" }},
		{"HF_HOME and its token file", map[string]string{"HF_HOME": filepath.Join(home, "hfhome")},
			func(o hub.Options) bool {
				return o.CacheDir == filepath.Join(home, "hfhome", "hub") && o.Token == "hf_fromfile"
			}},
		{"HF_HUB_CACHE wins", map[string]string{"HF_HOME": "/h", "HF_HUB_CACHE": "/c"},
			func(o hub.Options) bool { return o.CacheDir == "/c" }},
		{"HF_TOKEN wins over the file", map[string]string{"HF_HOME": filepath.Join(home, "hfhome"), "HF_TOKEN": "hf_env"},
			func(o hub.Options) bool { return o.Token == "hf_env" }},
		{"mirror: no datasets-server unless set", map[string]string{"HF_ENDPOINT": "https://mirror.example/"},
			func(o hub.Options) bool { return o.Endpoint == "https://mirror.example" && o.DatasetsServer == "" }},
		{"mirror with datasets-server", map[string]string{"HF_ENDPOINT": "https://m", hub.DatasetsServerEnv: "https://ds/"},
			func(o hub.Options) bool { return o.DatasetsServer == "https://ds" }},
		{"offline 1", map[string]string{"HF_HUB_OFFLINE": "1"}, func(o hub.Options) bool { return o.Offline }},
		{"offline true", map[string]string{"HF_HUB_OFFLINE": "True"}, func(o hub.Options) bool { return o.Offline }},
		{"offline 0", map[string]string{"HF_HUB_OFFLINE": "0"}, func(o hub.Options) bool { return !o.Offline }},
	}
	vars := []string{"HOME", "XDG_CACHE_HOME", "HF_HOME", "HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_TOKEN",
		"HUGGING_FACE_HUB_TOKEN", "HF_TOKEN_PATH", "HF_ENDPOINT", "HF_HUB_OFFLINE", hub.DatasetsServerEnv}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, v := range vars {
				t.Setenv(v, "")
			}
			t.Setenv("HOME", home)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			if o := hub.FromEnv(); !tt.want(o) {
				t.Errorf("FromEnv() = %+v", o)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name, source string
		splits       []string
		rev          string
		want         hub.Target
		wantErr      error
		errText      string
	}{
		{"parquet default", "gsm8k", nil, "", hub.Target{Source: "gsm8k", Repo: "openai/gsm8k", Config: "main",
			Splits: []string{"train", "test"}, Layout: hub.LayoutParquet, Revision: hub.ParquetRevision}, nil, ""},
		{"named split", "mmlu", []string{"dev"}, "", hub.Target{Source: "mmlu", Repo: "cais/mmlu", Config: "all",
			Splits: []string{"dev"}, Layout: hub.LayoutParquet, Revision: hub.ParquetRevision, Named: true}, nil, ""},
		{"release split word", "piqa", []string{"valid"}, "", hub.Target{Source: "piqa", Repo: "ybisk/piqa", Config: "plain_text",
			Splits: []string{"validation"}, Layout: hub.LayoutParquet, Revision: hub.ParquetRevision, Named: true}, nil, ""},
		{"explicit revision", "gsm8k", []string{"test"}, "abc", hub.Target{Source: "gsm8k", Repo: "openai/gsm8k", Config: "main",
			Splits: []string{"test"}, Layout: hub.LayoutParquet, Revision: "abc", Explicit: true, Named: true}, nil, ""},
		{"repository files", "gorilla", nil, "", hub.Target{}, nil, ""},
		{"no Hub dataset", "toolbench", nil, "", hub.Target{}, hub.ErrNoHub, ""},
		{"unknown split", "gsm8k", []string{"validation"}, "", hub.Target{}, nil, `no split "validation" (its splits: train, test)`},
		{"bad revision", "gsm8k", nil, "../main", hub.Target{}, hub.ErrUnsafePath, ""},
		{"unknown source", "nope", nil, "", hub.Target{}, nil, `unknown source "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := hub.Resolve(tt.source, tt.splits, tt.rev)
			switch {
			case tt.wantErr != nil || tt.errText != "":
				if err == nil || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) ||
					(tt.errText != "" && !strings.Contains(err.Error(), tt.errText)) {
					t.Fatalf("err = %v, want %v %q", err, tt.wantErr, tt.errText)
				}
			case err != nil:
				t.Fatal(err)
			case tt.source == "gorilla":
				if got.Layout != hub.LayoutRepo || got.Revision != "main" || got.Repo != "gorilla-llm/APIBench" {
					t.Errorf("got %+v", got)
				}
			default:
				if !reflect.DeepEqual(stripPatterns(got), tt.want) {
					t.Errorf("got %+v\nwant %+v", got, tt.want)
				}
			}
		})
	}
}

// stripPatterns compares only the exported fields.
func stripPatterns(t hub.Target) hub.Target {
	return hub.Target{Source: t.Source, Repo: t.Repo, Config: t.Config, Splits: t.Splits, Layout: t.Layout,
		Revision: t.Revision, Explicit: t.Explicit, Named: t.Named}
}
