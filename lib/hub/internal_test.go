package hub

import (
	"errors"
	"net/http"
	"testing"
	"time"
)

func TestSafeRelPath(t *testing.T) {
	tests := []struct {
		path string
		ok   bool
	}{
		{"main/test/0000.parquet", true},
		{"torchhub_eval.json", true},
		{"a..b/c", true}, // dots inside a name are fine
		{"", false},
		{"../x", false},
		{"a/../../x", false},
		{"a/..", false},
		{"/etc/passwd", false},
		{"a//b", false},
		{"./a", false},
		{`a\..\b`, false},
		{"a\x00b", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			err := safeRelPath(tt.path)
			if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrUnsafePath)) {
				t.Errorf("safeRelPath(%q) = %v, want ok=%v", tt.path, err, tt.ok)
			}
		})
	}
}

func TestParquetPath(t *testing.T) {
	const repo = "ibm/duorc"
	tests := []struct {
		url, want string
		ok        bool
	}{
		// The shape the datasets-server documents (docs/source/parquet.md).
		{"https://huggingface.co/datasets/ibm/duorc/resolve/refs%2Fconvert%2Fparquet/ParaphraseRC/test/0000.parquet", "ParaphraseRC/test/0000.parquet", true},
		{"https://huggingface.co/datasets/ibm/duorc/resolve/refs%2Fconvert%2Fparquet/a%20b/train/0000.parquet", "a b/train/0000.parquet", true},
		{"https://huggingface.co/datasets/ibm/duorc/resolve/main/ParaphraseRC/test/0000.parquet", "", false},
		{"https://huggingface.co/datasets/ibm/other/resolve/refs%2Fconvert%2Fparquet/x/test/0000.parquet", "", false},
		{"https://huggingface.co/datasets/ibm/duorc/resolve/refs%2Fconvert%2Fparquet/x/%2E%2E/y", "", false},
	}
	for _, tt := range tests {
		got, err := parquetPath(repo, tt.url)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parquetPath(%q) = %q, %v; want %q ok=%v", tt.url, got, err, tt.want, tt.ok)
		}
	}
}

func TestNormalizeEtag(t *testing.T) {
	for in, want := range map[string]string{`"abc"`: "abc", `W/"abc"`: "abc", "abc": "abc", "": ""} {
		if got := normalizeEtag(in); got != want {
			t.Errorf("normalizeEtag(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBackoffSchedule(t *testing.T) {
	tests := []struct {
		attempt    int
		retryAfter string
		want       time.Duration
	}{
		{0, "", 500 * time.Millisecond},
		{1, "", time.Second},
		{3, "", 4 * time.Second},
		{4, "", 8 * time.Second},
		{10, "", 8 * time.Second},
		{70, "", 8 * time.Second}, // no overflow
		{0, "2", 2 * time.Second},
		{0, "3600", 500 * time.Millisecond}, // too long: the schedule's own wait
	}
	for _, tt := range tests {
		var resp *http.Response
		if tt.retryAfter != "" {
			resp = &http.Response{Header: http.Header{"Retry-After": {tt.retryAfter}}}
		}
		if got := backoff(tt.attempt, resp); got != tt.want {
			t.Errorf("backoff(%d, %q) = %v, want %v", tt.attempt, tt.retryAfter, got, tt.want)
		}
	}
}

func TestNextLink(t *testing.T) {
	h := http.Header{"Link": {`<https://huggingface.co/api/datasets/x/tree/main?cursor=abc>; rel="next"`}}
	if got := nextLink(h); got != "https://huggingface.co/api/datasets/x/tree/main?cursor=abc" {
		t.Errorf("nextLink = %q", got)
	}
	if got := nextLink(http.Header{}); got != "" {
		t.Errorf("nextLink of nothing = %q", got)
	}
}

func TestLinkName(t *testing.T) {
	tests := []struct {
		config, split, path string
		sharded             bool
		want                string
	}{
		{"main", "test", "main/test/0000.parquet", false, "main-test.parquet"},
		{"main", "test", "main/test/0001.parquet", true, "main-test-0001.parquet"},
		{"full", "prompt", "full/prompt/0000.parquet", false, "full-prompt.parquet"},
		{"test_cfg", "train", "test_cfg/train/0000.parquet", false, "train.parquet"},
		{"openai_humaneval", "test", "openai_humaneval/test/0000.parquet", false, "openai_humaneval-test.parquet"},
	}
	for _, tt := range tests {
		if got := linkName(File{Config: tt.config, Split: tt.split, Path: tt.path}, tt.sharded); got != tt.want {
			t.Errorf("linkName(%s, %s) = %q, want %q", tt.config, tt.split, got, tt.want)
		}
	}
}
