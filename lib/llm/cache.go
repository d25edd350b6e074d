package llm

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"

	"qmix/lib/record"
)

// cacheKey is the SHA-256 of a request body as sent: the model, the messages and
// every sampling setting. The endpoint is not part of it, so a rerun through a proxy
// or another base URL for the same model is still served from the cache.
func cacheKey(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

func (c *Client) cachePath(key string) string {
	return filepath.Join(c.opt.CacheDir, key[:2], key+".json")
}

// cacheGet returns a cached response. A file that does not parse is ignored (and
// overwritten by the next successful request).
func (c *Client) cacheGet(key string) (ChatResponse, bool) {
	if c.opt.CacheDir == "-" {
		return ChatResponse{}, false
	}
	b, err := os.ReadFile(c.cachePath(key))
	if err != nil {
		return ChatResponse{}, false
	}
	var resp ChatResponse
	if json.Unmarshal(b, &resp) != nil || len(resp.Choices) == 0 {
		return ChatResponse{}, false
	}
	resp.Cached = true
	return resp, true
}

// cachePut stores the raw response body, atomically.
func (c *Client) cachePut(key string, raw []byte) error {
	if c.opt.CacheDir == "-" {
		return nil
	}
	return record.WriteAtomic(c.cachePath(key), func(w io.Writer) error {
		_, err := w.Write(raw)
		return err
	})
}
