package hub

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Errors a fetch can end with; test with errors.Is.
var (
	ErrNotFound   = errors.New("not found on the Hub")
	ErrGated      = errors.New("access denied (gated or private dataset)")
	ErrOffline    = errors.New("offline")
	ErrNotCached  = errors.New("not in the cache")
	ErrChecksum   = errors.New("checksum mismatch")
	ErrUnsafePath = errors.New("unsafe path in a Hub listing")
	ErrNoHub      = errors.New("no Hub dataset")
	ErrDiskFull   = errors.New("disk full")
)

// StatusError is an HTTP answer the client does not retry or has stopped retrying.
type StatusError struct {
	URL     string
	Status  int
	Code    string // the Hub's X-Error-Code (RepoNotFound, GatedRepo, EntryNotFound, …)
	Message string // the Hub's X-Error-Message or the body's "error"
}

func (e *StatusError) Error() string {
	s := fmt.Sprintf("%s: HTTP %d %s", e.URL, e.Status, http.StatusText(e.Status))
	if e.Code != "" {
		s += " (" + e.Code + ")"
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// explain turns an HTTP failure about the dataset repo into the error the user must
// act on: unknown dataset, or access denied with what to do about the token.
func (c *Client) explain(repo string, err error) error {
	var se *StatusError
	if !errors.As(err, &se) {
		return err
	}
	page := c.opt.Endpoint + "/datasets/" + repo
	switch {
	case se.Code == "RepoNotFound" || (se.Status == http.StatusNotFound && se.Code == ""):
		if c.opt.Token == "" {
			return fmt.Errorf("dataset %s: %w (or it is private: set HF_TOKEN to a token that can read it): %v", repo, ErrNotFound, se)
		}
		return fmt.Errorf("dataset %s: %w: %v", repo, ErrNotFound, se)
	case se.Code == "RevisionNotFound" || se.Code == "EntryNotFound":
		return fmt.Errorf("dataset %s: %w: %v", repo, ErrNotFound, se)
	case se.Status == http.StatusUnauthorized || se.Status == http.StatusForbidden || se.Code == "GatedRepo":
		if c.opt.Token == "" {
			return fmt.Errorf("dataset %s: %w: set HF_TOKEN to a Hugging Face token (https://huggingface.co/settings/tokens) after accepting the dataset's conditions at %s: %v",
				repo, ErrGated, page, se)
		}
		return fmt.Errorf("dataset %s: %w: the token in HF_TOKEN was refused; accept the dataset's conditions at %s with the token's account, or check the token: %v",
			repo, ErrGated, page, se)
	}
	return fmt.Errorf("dataset %s: %w", repo, err)
}

// hubErrorCode reads the Hub's error headers, falling back to a JSON body's "error".
func hubErrorCode(resp *http.Response, body []byte) (code, msg string) {
	code = resp.Header.Get("X-Error-Code")
	msg = resp.Header.Get("X-Error-Message")
	if msg == "" {
		msg = strings.TrimSpace(jsonErrorField(body))
	}
	return code, msg
}
