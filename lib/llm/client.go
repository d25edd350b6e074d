// Package llm is the optional model-based validation of plan step 3 ("quality check
// with GPT-4-mini"): an OpenAI-compatible chat-completions client and a Validator
// that turns it into a validate.Rule, so that a model's verdict drops or flags
// records exactly like the built-in rules.
//
// It is off unless a script builds a Client, and nothing in a build needs network.
// The client
//
//   - reads the API key from OPENAI_API_KEY and the endpoint from OPENAI_BASE_URL
//     (default https://api.openai.com/v1) — never from code or files;
//   - checks a spending cap before every request, from the prompt's o200k_base
//     tokens and the request's max_tokens priced with the cost package's table, and
//     books the real cost from the response's usage;
//   - caches every successful response on disk under the SHA-256 of its request, so
//     a rerun sends nothing and costs nothing;
//   - runs at most Concurrency requests at a time and retries 429 and 5xx answers
//     with exponential backoff, waiting as long as a Retry-After header asks;
//   - writes and reads the Batch API's JSONL files, and imports a finished batch's
//     results into the cache, for the half-price offline route.
package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"qmix/lib/cost"
	"qmix/lib/token"
)

// Environment variables the client reads.
const (
	EnvAPIKey  = "OPENAI_API_KEY"
	EnvBaseURL = "OPENAI_BASE_URL"
)

// DefaultBaseURL is OpenAI's API.
const DefaultBaseURL = "https://api.openai.com/v1"

// Options configure a Client. Zero fields take the defaults named.
type Options struct {
	Model string // model name sent to the API, e.g. "gpt-4.1-mini" (required)
	// PriceModel is the model's key in the price table; "" means Model.
	PriceModel string
	Prices     cost.Prices // zero: cost.DefaultPrices()
	// CapUSD is the most the client may spend; it must be set (> 0): a client
	// without a cap sends nothing.
	CapUSD      float64
	Concurrency int           // requests in flight; 0 means 4
	MaxRetries  int           // retries of a 429 or 5xx; 0 means 5, negative none
	Backoff     time.Duration // first retry wait, doubled each time; 0 means 1s
	MaxBackoff  time.Duration // longest computed wait; 0 means 60s
	MaxWait     time.Duration // longest Retry-After honoured; 0 means 10m
	Timeout     time.Duration // per attempt; 0 means 2m
	// CacheDir holds cached responses; "" means os.UserCacheDir()/qmix/llm, "-" no cache.
	CacheDir string
	HTTP     *http.Client // nil: a client with Timeout
}

// Message is one chat message.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// ResponseFormat asks for JSON output ({"type": "json_object"}).
type ResponseFormat struct {
	Type string `json:"type"`
}

// ChatRequest is the body of POST /chat/completions (the fields qmix uses).
type ChatRequest struct {
	Model          string          `json:"model"`
	Messages       []Message       `json:"messages"`
	MaxTokens      int             `json:"max_tokens,omitempty"`
	Temperature    *float64        `json:"temperature,omitempty"`
	Seed           *int            `json:"seed,omitempty"`
	ResponseFormat *ResponseFormat `json:"response_format,omitempty"`
}

// ChatResponse is the body of a chat completion.
type ChatResponse struct {
	ID      string   `json:"id"`
	Object  string   `json:"object"`
	Model   string   `json:"model"`
	Choices []Choice `json:"choices"`
	Usage   Usage    `json:"usage"`
	// Set by the client, not the API.
	Cached  bool    `json:"-"` // served from the disk cache, at no cost
	CostUSD float64 `json:"-"` // what the request cost (0 when cached)
}

// Choice is one completion.
type Choice struct {
	Index        int     `json:"index"`
	Message      Message `json:"message"`
	FinishReason string  `json:"finish_reason"`
}

// Usage is the API's token accounting of a request.
type Usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}

// Content returns the first choice's message text.
func (r ChatResponse) Content() string {
	if len(r.Choices) == 0 {
		return ""
	}
	return r.Choices[0].Message.Content
}

// Errors callers can test for with errors.Is.
var (
	ErrNoAPIKey   = errors.New("llm: " + EnvAPIKey + " is not set")
	ErrNoCap      = errors.New("llm: no spending cap: set Options.CapUSD")
	ErrCapReached = errors.New("llm: spending cap reached")
	ErrMalformed  = errors.New("llm: malformed response")
)

// APIError is a non-2xx answer of the API, with OpenAI's error object.
type APIError struct {
	Status    int
	Type      string
	Code      string
	Message   string
	RequestID string
}

func (e *APIError) Error() string {
	s := fmt.Sprintf("llm: HTTP %d", e.Status)
	if e.Type != "" || e.Code != "" {
		s += fmt.Sprintf(" (%s %s)", e.Type, e.Code)
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.RequestID != "" {
		s += " [request " + e.RequestID + "]"
	}
	return s
}

// Client talks to one OpenAI-compatible endpoint for one model.
type Client struct {
	opt     Options
	baseURL string
	apiKey  string
	price   cost.Model
	counter *token.Counter
	http    *http.Client
	sem     chan struct{}
	budget  *budget
	// sleep waits between retries; tests replace it to run without waiting.
	sleep func(ctx context.Context, d time.Duration) error
}

// New makes a client from opt and the environment (OPENAI_API_KEY, OPENAI_BASE_URL).
func New(opt Options) (*Client, error) {
	key := strings.TrimSpace(os.Getenv(EnvAPIKey))
	if key == "" {
		return nil, ErrNoAPIKey
	}
	if opt.Model == "" {
		return nil, errors.New("llm: Options.Model is empty")
	}
	if opt.CapUSD <= 0 {
		return nil, ErrNoCap
	}
	if len(opt.Prices.Models) == 0 {
		opt.Prices = cost.DefaultPrices()
	}
	pm := opt.PriceModel
	if pm == "" {
		pm = opt.Model
	}
	price, err := opt.Prices.Model(pm)
	if err != nil {
		return nil, fmt.Errorf("llm: the spending cap needs a price: %w (set Options.PriceModel)", err)
	}
	def := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	def(&opt.Backoff, time.Second)
	def(&opt.MaxBackoff, time.Minute)
	def(&opt.MaxWait, 10*time.Minute)
	def(&opt.Timeout, 2*time.Minute)
	if opt.Concurrency <= 0 {
		opt.Concurrency = 4
	}
	switch {
	case opt.MaxRetries == 0:
		opt.MaxRetries = 5
	case opt.MaxRetries < 0:
		opt.MaxRetries = 0
	}
	if opt.CacheDir == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			return nil, fmt.Errorf("llm: no cache directory (set Options.CacheDir, or \"-\" for none): %w", err)
		}
		opt.CacheDir = filepath.Join(dir, "qmix", "llm")
	}
	counter, err := token.Default()
	if err != nil {
		return nil, err
	}
	base := strings.TrimRight(strings.TrimSpace(os.Getenv(EnvBaseURL)), "/")
	if base == "" {
		base = DefaultBaseURL
	}
	hc := opt.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: opt.Timeout}
	}
	return &Client{opt: opt, baseURL: base, apiKey: key, price: price, counter: counter, http: hc,
		sem: make(chan struct{}, opt.Concurrency), budget: &budget{cap: opt.CapUSD}, sleep: sleepCtx}, nil
}

// Spent returns what the client's requests have cost so far, in USD.
func (c *Client) Spent() float64 { return c.budget.total() }

// Model is the model the client asks.
func (c *Client) Model() string { return c.opt.Model }

// Chat sends one chat-completion request (the client's model unless req names one),
// or answers it from the cache.
func (c *Client) Chat(ctx context.Context, req ChatRequest) (ChatResponse, error) {
	if req.Model == "" {
		req.Model = c.opt.Model
	}
	body, err := json.Marshal(req)
	if err != nil {
		return ChatResponse{}, err
	}
	key := cacheKey(body)
	if resp, ok := c.cacheGet(key); ok {
		return resp, nil
	}
	c.sem <- struct{}{}
	defer func() { <-c.sem }()
	// Another goroutine may have fetched the same request while this one waited.
	if resp, ok := c.cacheGet(key); ok {
		return resp, nil
	}
	est := c.estimate(req)
	if err := c.budget.reserve(est); err != nil {
		return ChatResponse{}, err
	}
	raw, resp, err := c.send(ctx, body)
	if err != nil {
		c.budget.release(est)
		return ChatResponse{}, err
	}
	resp.CostUSD = c.price.Cost(resp.Usage.PromptTokens, resp.Usage.CompletionTokens, false)
	if resp.Usage.TotalTokens == 0 && resp.Usage.PromptTokens == 0 {
		resp.CostUSD = est // a server that reports no usage is charged the estimate
	}
	c.budget.settle(est, resp.CostUSD)
	if err := c.cachePut(key, raw); err != nil {
		return resp, err
	}
	return resp, nil
}

// estimate prices a request before it is sent: its messages' o200k_base tokens plus
// the chat format's few tokens per message, and max_tokens of output (1,024 when the
// request sets none) — the most it can cost, so the cap holds.
func (c *Client) estimate(req ChatRequest) float64 {
	in := 3
	for _, m := range req.Messages {
		in += 4 + c.counter.Count(m.Content)
	}
	out := req.MaxTokens
	if out <= 0 {
		out = 1024
	}
	return c.price.Cost(in, out, false)
}

// send posts body, retrying 429 and 5xx answers and transport errors.
func (c *Client) send(ctx context.Context, body []byte) ([]byte, ChatResponse, error) {
	url := c.baseURL + "/chat/completions"
	for attempt := 0; ; attempt++ {
		raw, resp, wait, err := c.attempt(ctx, url, body)
		if err == nil {
			return raw, resp, nil
		}
		if wait < 0 || attempt >= c.opt.MaxRetries {
			if attempt > 0 {
				err = fmt.Errorf("%w (after %d attempts)", err, attempt+1)
			}
			return nil, ChatResponse{}, err
		}
		if wait == 0 {
			wait = min(c.opt.Backoff<<attempt, c.opt.MaxBackoff)
		}
		if wait > c.opt.MaxWait {
			return nil, ChatResponse{}, fmt.Errorf("%w; the server asks to wait %s, more than MaxWait %s", err, wait, c.opt.MaxWait)
		}
		if err := c.sleep(ctx, wait); err != nil {
			return nil, ChatResponse{}, err
		}
	}
}

// attempt makes one request. wait is < 0 when the error is final, 0 for the default
// backoff, > 0 when the server said how long to wait.
func (c *Client) attempt(ctx context.Context, url string, body []byte) (raw []byte, resp ChatResponse, wait time.Duration, err error) {
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, resp, -1, err
	}
	hreq.Header.Set("Authorization", "Bearer "+c.apiKey)
	hreq.Header.Set("Content-Type", "application/json")
	hres, err := c.http.Do(hreq)
	if err != nil {
		if ctx.Err() != nil {
			return nil, resp, -1, ctx.Err()
		}
		return nil, resp, 0, fmt.Errorf("llm: %w", err) // a transport error is worth a retry
	}
	defer hres.Body.Close()
	raw, err = io.ReadAll(io.LimitReader(hres.Body, 64<<20))
	if err != nil {
		return nil, resp, 0, fmt.Errorf("llm: reading the response: %w", err)
	}
	if hres.StatusCode/100 != 2 {
		apiErr := parseAPIError(hres, raw)
		switch {
		case hres.StatusCode == http.StatusTooManyRequests || hres.StatusCode >= 500:
			return nil, resp, retryAfter(hres.Header, time.Now()), apiErr
		default:
			return nil, resp, -1, apiErr
		}
	}
	if err := json.Unmarshal(raw, &resp); err != nil {
		return nil, resp, -1, fmt.Errorf("%w: %v (first bytes %q)", ErrMalformed, err, first(raw, 80))
	}
	if len(resp.Choices) == 0 {
		return nil, resp, -1, fmt.Errorf("%w: no choices in %q", ErrMalformed, first(raw, 80))
	}
	return raw, resp, 0, nil
}

func parseAPIError(res *http.Response, raw []byte) *APIError {
	e := &APIError{Status: res.StatusCode, RequestID: res.Header.Get("X-Request-Id")}
	var body struct {
		Error struct {
			Message string `json:"message"`
			Type    string `json:"type"`
			Code    any    `json:"code"`
		} `json:"error"`
	}
	if json.Unmarshal(raw, &body) == nil && body.Error.Message != "" {
		e.Message, e.Type = body.Error.Message, body.Error.Type
		if body.Error.Code != nil {
			e.Code = fmt.Sprint(body.Error.Code)
		}
	} else {
		e.Message = string(first(raw, 200))
	}
	return e
}

func first(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
