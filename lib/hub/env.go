package hub

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Defaults of the Hub's public services.
const (
	DefaultEndpoint       = "https://huggingface.co"
	DefaultDatasetsServer = "https://datasets-server.huggingface.co"
	// DatasetsServerEnv overrides the datasets-server address. It is qmix's own
	// variable: huggingface_hub has none, and a mirror set with HF_ENDPOINT usually
	// serves no datasets-server, in which case Fetch lists the Parquet files from the
	// Hub's tree API on the mirror instead.
	DatasetsServerEnv = "QMIX_DATASETS_SERVER"
	// LinksEnv overrides where FetchedPaths makes its adapter-readable links (see
	// links.go); the default is os.UserCacheDir()/qmix/hub-links.
	LinksEnv = "QMIX_HUB_LINKS"
)

// Options configure a Client. FromEnv fills them the way huggingface_hub reads its
// environment; tests set them directly.
type Options struct {
	Endpoint       string // the Hub, HF_ENDPOINT (a mirror), without trailing slash
	DatasetsServer string // the datasets-server serving /parquet
	CacheDir       string // the hub cache, HF_HUB_CACHE
	Token          string // bearer token, HF_TOKEN; "" sends none
	Offline        bool   // HF_HUB_OFFLINE: never touch the network
	LinksDir       string // where Links makes adapter-readable names

	Parallel   int                 // concurrent downloads; 0 means 4
	MaxRetries int                 // retries after a 5xx, 429 or timeout; 0 means 5, -1 none
	Sleep      func(time.Duration) // waits between retries; nil means time.Sleep
	// IdleTimeout aborts (and retries) a transfer that receives nothing for this long;
	// 0 means 60s.
	IdleTimeout time.Duration
	HTTPClient  *http.Client // nil means a client with dial and header timeouts
	Progress    io.Writer    // progress bar target (drawn only on a terminal); nil: none
	Log         io.Writer    // one line per file fetched or found cached; nil: none
}

// FromEnv returns the options huggingface_hub's environment variables ask for:
// HF_ENDPOINT, HF_HUB_CACHE (else the legacy HUGGINGFACE_HUB_CACHE, else
// $HF_HOME/hub, HF_HOME defaulting to $XDG_CACHE_HOME/huggingface or
// ~/.cache/huggingface), HF_TOKEN (else the legacy HUGGING_FACE_HUB_TOKEN, else the
// token file at HF_TOKEN_PATH or $HF_HOME/token), HF_HUB_OFFLINE.
func FromEnv() Options {
	home := hfHome()
	cache := expandHome(os.Getenv("HF_HUB_CACHE"))
	if cache == "" {
		cache = expandHome(os.Getenv("HUGGINGFACE_HUB_CACHE"))
	}
	if cache == "" {
		cache = filepath.Join(home, "hub")
	}
	endpoint := strings.TrimRight(os.Getenv("HF_ENDPOINT"), "/")
	if endpoint == "" {
		endpoint = DefaultEndpoint
	}
	server := strings.TrimRight(os.Getenv(DatasetsServerEnv), "/")
	if server == "" && endpoint == DefaultEndpoint {
		server = DefaultDatasetsServer
	}
	links := expandHome(os.Getenv(LinksEnv))
	if links == "" {
		if dir, err := os.UserCacheDir(); err == nil {
			links = filepath.Join(dir, "qmix", "hub-links")
		}
	}
	return Options{
		Endpoint:       endpoint,
		DatasetsServer: server,
		CacheDir:       cache,
		Token:          envToken(home),
		Offline:        isTrue(os.Getenv("HF_HUB_OFFLINE")),
		LinksDir:       links,
	}
}

// hfHome is HF_HOME as huggingface_hub computes it.
func hfHome() string {
	if h := expandHome(os.Getenv("HF_HOME")); h != "" {
		return h
	}
	if x := expandHome(os.Getenv("XDG_CACHE_HOME")); x != "" {
		return filepath.Join(x, "huggingface")
	}
	return filepath.Join(expandHome("~"), ".cache", "huggingface")
}

// envToken is the token huggingface_hub would send: HF_TOKEN, the legacy
// HUGGING_FACE_HUB_TOKEN, or the first line of the token file.
func envToken(home string) string {
	for _, k := range []string{"HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"} {
		if v := strings.TrimSpace(os.Getenv(k)); v != "" {
			return v
		}
	}
	path := expandHome(os.Getenv("HF_TOKEN_PATH"))
	if path == "" {
		path = filepath.Join(home, "token")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	line, _, _ := strings.Cut(string(b), "\n")
	return strings.TrimSpace(line)
}

// isTrue reads a boolean variable as huggingface_hub does ("1", "ON", "YES", "TRUE").
func isTrue(v string) bool {
	switch strings.ToUpper(strings.TrimSpace(v)) {
	case "1", "ON", "YES", "TRUE":
		return true
	}
	return false
}

// expandHome replaces a leading "~" with the user's home directory.
func expandHome(p string) string {
	if p != "~" && !strings.HasPrefix(p, "~/") {
		return p
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return p
	}
	return filepath.Join(home, strings.TrimPrefix(p, "~"))
}
