package hub

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"syscall"
	"time"
)

// Retry schedule: deterministic (no jitter) so that tests and logs are reproducible;
// the n-th retry waits baseWait·2ⁿ, at most maxWait, or the server's Retry-After when
// it asks for less than maxWait.
const (
	baseWait = 500 * time.Millisecond
	maxWait  = 8 * time.Second
)

var userAgent = "qmix-hub/1 (" + runtime.Version() + "; " + runtime.GOOS + ")"

// Client fetches from the Hub into the cache. Its methods are safe for concurrent use.
type Client struct {
	opt        Options
	http       *http.Client // follows redirects, dropping the token on a host change
	noRedirect *http.Client // returns 3xx answers (HEAD of a file, as huggingface_hub)
}

// New returns a client; zero options take their documented defaults.
func New(opt Options) *Client {
	if opt.Parallel <= 0 {
		opt.Parallel = 4
	}
	if opt.MaxRetries == 0 {
		opt.MaxRetries = 5
	} else if opt.MaxRetries < 0 {
		opt.MaxRetries = 0
	}
	if opt.Sleep == nil {
		opt.Sleep = time.Sleep
	}
	if opt.IdleTimeout <= 0 {
		opt.IdleTimeout = 60 * time.Second
	}
	if opt.Endpoint == "" {
		opt.Endpoint = DefaultEndpoint
	}
	base := opt.HTTPClient
	if base == nil {
		base = &http.Client{Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: 15 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout:   15 * time.Second,
			ResponseHeaderTimeout: 60 * time.Second,
			MaxIdleConnsPerHost:   8,
		}}
	}
	follow := *base
	follow.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		// The token goes to the Hub only, never to a CDN it redirects to (net/http
		// compares host names without ports, which is not strict enough).
		if req.URL.Host != via[0].URL.Host {
			req.Header.Del("Authorization")
		}
		return nil
	}
	noRedirect := *base
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &Client{opt: opt, http: &follow, noRedirect: &noRedirect}
}

// newRequest builds a request with qmix's user agent and, for the Hub and the
// datasets-server only, the bearer token.
func (c *Client) newRequest(ctx context.Context, method, rawURL string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, rawURL, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", userAgent)
	// Identity: sizes and Range offsets then count the file's own bytes.
	req.Header.Set("Accept-Encoding", "identity")
	if c.opt.Token != "" && c.trusted(req.URL) {
		req.Header.Set("Authorization", "Bearer "+c.opt.Token)
	}
	return req, nil
}

// trusted reports whether u is on the Hub endpoint or the datasets-server.
func (c *Client) trusted(u *url.URL) bool {
	for _, base := range []string{c.opt.Endpoint, c.opt.DatasetsServer} {
		if b, err := url.Parse(base); err == nil && base != "" && b.Host == u.Host && b.Scheme == u.Scheme {
			return true
		}
	}
	return false
}

// do sends the request mk builds, once per attempt, and retries 5xx, 429 and
// transport timeouts on the backoff schedule. It returns a response whose status is
// below 400 (the caller closes its body), or an error: *StatusError for an HTTP
// failure, ErrOffline for an unreachable network.
func (c *Client) do(ctx context.Context, cl *http.Client, mk func() (*http.Request, error)) (*http.Response, error) {
	for attempt := 0; ; attempt++ {
		req, err := mk()
		if err != nil {
			return nil, err
		}
		resp, err := cl.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if off := offlineError(err); off != nil {
				return nil, off
			}
			if retryableErr(err) && attempt < c.opt.MaxRetries {
				c.opt.Sleep(backoff(attempt, nil))
				continue
			}
			return nil, fmt.Errorf("%s %s: %w", req.Method, req.URL.Redacted(), err)
		}
		if resp.StatusCode < 400 {
			return resp, nil
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		if retryableStatus(resp.StatusCode) && attempt < c.opt.MaxRetries {
			c.opt.Sleep(backoff(attempt, resp))
			continue
		}
		code, msg := hubErrorCode(resp, body)
		return nil, &StatusError{URL: req.URL.Redacted(), Status: resp.StatusCode, Code: code, Message: msg}
	}
}

// getJSON GETs rawURL and decodes its JSON body into v; it returns the headers (for
// pagination links).
func (c *Client) getJSON(ctx context.Context, rawURL string, v any) (http.Header, error) {
	resp, err := c.do(ctx, c.http, func() (*http.Request, error) { return c.newRequest(ctx, http.MethodGet, rawURL) })
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(io.LimitReader(resp.Body, 256<<20))
	if err := dec.Decode(v); err != nil {
		return nil, fmt.Errorf("%s: decoding the JSON answer: %w", rawURL, err)
	}
	return resp.Header, nil
}

func retryableStatus(code int) bool {
	return code >= 500 || code == http.StatusTooManyRequests || code == http.StatusRequestTimeout
}

// retryableErr: timeouts and connections cut by the peer; a later attempt may pass.
func retryableErr(err error) bool {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, errIdle)
}

// offlineError returns an ErrOffline error when err says the network or the host
// cannot be reached at all; retrying would not help.
func offlineError(err error) error {
	var dns *net.DNSError
	if errors.As(err, &dns) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.EHOSTUNREACH) ||
		errors.Is(err, syscall.ENETDOWN) {
		return fmt.Errorf("%w: %v", ErrOffline, err)
	}
	return nil
}

// backoff is the wait before retry number attempt+1.
func backoff(attempt int, resp *http.Response) time.Duration {
	d := baseWait << attempt
	if d > maxWait || d <= 0 {
		d = maxWait
	}
	if resp != nil {
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s >= 0 {
			if ra := time.Duration(s) * time.Second; ra < maxWait {
				d = ra
			}
		}
	}
	return d
}

// jsonErrorField extracts {"error": "..."} from a body, "" if there is none.
func jsonErrorField(body []byte) string {
	var v struct {
		Error any `json:"error"`
	}
	if json.Unmarshal(body, &v) != nil || v.Error == nil {
		return ""
	}
	if s, ok := v.Error.(string); ok {
		return s
	}
	b, _ := json.Marshal(v.Error)
	return string(b)
}
