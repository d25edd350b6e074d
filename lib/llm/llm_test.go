package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"qmix/lib/internal/realdata"
	"qmix/lib/record"
	"qmix/lib/validate"
)

// fakeAPI is a loopback OpenAI-compatible server: POST /chat/completions, answered
// by reply (n counts requests from 1). It checks what a real server would: method,
// path, bearer key, a JSON body with a model and messages.
type fakeAPI struct {
	t        *testing.T
	srv      *httptest.Server
	requests atomic.Int64
	inFlight atomic.Int64
	maxIn    atomic.Int64
	delay    time.Duration
	reply    func(n int, req ChatRequest) (status int, header map[string]string, body string)
}

const testKey = "sk-test-loopback"

func newFake(t *testing.T, reply func(n int, req ChatRequest) (int, map[string]string, string)) *fakeAPI {
	f := &fakeAPI{t: t, reply: reply}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	t.Setenv(EnvAPIKey, testKey)
	t.Setenv(EnvBaseURL, f.srv.URL+"/v1")
	return f
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	n := int(f.requests.Add(1))
	in := f.inFlight.Add(1)
	defer f.inFlight.Add(-1)
	for {
		m := f.maxIn.Load()
		if in <= m || f.maxIn.CompareAndSwap(m, in) {
			break
		}
	}
	if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
		http.Error(w, `{"error":{"message":"not found","type":"invalid_request_error"}}`, http.StatusNotFound)
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+testKey {
		http.Error(w, `{"error":{"message":"bad key","type":"invalid_request_error","code":"invalid_api_key"}}`, http.StatusUnauthorized)
		return
	}
	var req ChatRequest
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil || req.Model == "" || len(req.Messages) == 0 {
		http.Error(w, `{"error":{"message":"bad request body","type":"invalid_request_error"}}`, http.StatusBadRequest)
		return
	}
	time.Sleep(f.delay)
	status, header, body := f.reply(n, req)
	for k, v := range header {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// completion renders a chat completion with the given content and usage.
func completion(content string, prompt, completionTokens int) string {
	b, _ := json.Marshal(map[string]any{
		"id": "chatcmpl-test", "object": "chat.completion", "created": 1, "model": "gpt-4.1-mini",
		"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": content}, "finish_reason": "stop"}},
		"usage":   map[string]any{"prompt_tokens": prompt, "completion_tokens": completionTokens, "total_tokens": prompt + completionTokens},
	})
	return string(b)
}

// verdictFor judges like a model would for the tests: a question containing "TODO"
// is not valid.
func verdictFor(req ChatRequest) string {
	if strings.Contains(req.Messages[len(req.Messages)-1].Content, "TODO") {
		return `{"valid": false, "reason": "The question is a TODO stub."}`
	}
	return `{"valid": true, "reason": "Self-contained and answerable."}`
}

// newClient makes a client on the fake server that records its retry waits instead
// of sleeping.
func newClient(t *testing.T, opt Options) (*Client, *[]time.Duration) {
	t.Helper()
	if opt.Model == "" {
		opt.Model = "gpt-4.1-mini"
	}
	if opt.CapUSD == 0 {
		opt.CapUSD = 1
	}
	if opt.CacheDir == "" {
		opt.CacheDir = t.TempDir()
	}
	c, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	waits := &[]time.Duration{}
	c.sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		*waits = append(*waits, d)
		mu.Unlock()
		return ctx.Err()
	}
	return c, waits
}

func chatOnce(c *Client, text string) (ChatResponse, error) {
	return c.Chat(context.Background(), ChatRequest{Messages: []Message{{Role: "user", Content: text}}, MaxTokens: 50})
}

func TestChatEndpoints(t *testing.T) {
	httpDate := time.Now().Add(3 * time.Second).UTC().Format(http.TimeFormat)
	for _, c := range []struct {
		name      string
		replies   []string // "status|header=value|body"; the last repeats
		retries   int
		wantErr   error
		wantCode  int // APIError status, when wantErr is nil but the call fails
		wantWaits []time.Duration
		wantReqs  int
	}{
		{name: "success", replies: []string{"200||ok"}, wantReqs: 1},
		{name: "429 with Retry-After seconds", replies: []string{"429|Retry-After=7|rate", "200||ok"}, wantWaits: []time.Duration{7 * time.Second}, wantReqs: 2},
		{name: "429 with retry-after-ms", replies: []string{"429|Retry-After-Ms=250|rate", "200||ok"}, wantWaits: []time.Duration{250 * time.Millisecond}, wantReqs: 2},
		{name: "429 with an HTTP date", replies: []string{"429|Retry-After=" + httpDate + "|rate", "200||ok"}, wantReqs: 2},
		{name: "429 without a header backs off", replies: []string{"429||rate", "429||rate", "200||ok"}, wantWaits: []time.Duration{time.Second, 2 * time.Second}, wantReqs: 3},
		{name: "500 then success", replies: []string{"500||boom", "200||ok"}, wantWaits: []time.Duration{time.Second}, wantReqs: 2},
		{name: "500 until retries run out", replies: []string{"500||boom"}, retries: 2, wantCode: 500, wantWaits: []time.Duration{time.Second, 2 * time.Second}, wantReqs: 3},
		{name: "429 asking for too long", replies: []string{"429|Retry-After=3600|rate"}, wantCode: 429, wantReqs: 1},
		{name: "400 is not retried", replies: []string{"400||bad"}, wantCode: 400, wantReqs: 1},
		{name: "malformed JSON", replies: []string{`200||{"id": "x", "choices": [`}, wantErr: ErrMalformed, wantReqs: 1},
		{name: "no choices", replies: []string{`200||{"id": "x", "choices": []}`}, wantErr: ErrMalformed, wantReqs: 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFake(t, func(n int, req ChatRequest) (int, map[string]string, string) {
				spec := c.replies[min(n, len(c.replies))-1]
				parts := strings.SplitN(spec, "|", 3)
				var status int
				fmt.Sscan(parts[0], &status)
				header := map[string]string{}
				if k, v, ok := strings.Cut(parts[1], "="); ok {
					header[k] = v
				}
				body := parts[2]
				switch {
				case body == "ok":
					body = completion("hello", 12, 3)
				case status != 200:
					body = fmt.Sprintf(`{"error": {"message": %q, "type": "server_error", "code": null}}`, body)
					header["X-Request-Id"] = "req_123"
				}
				return status, header, body
			})
			cl, waits := newClient(t, Options{MaxRetries: c.retries, MaxWait: time.Minute})
			resp, err := chatOnce(cl, "Say hello.")
			if got := int(f.requests.Load()); got != c.wantReqs {
				t.Errorf("%d requests, want %d", got, c.wantReqs)
			}
			switch {
			case c.wantErr != nil:
				if !errors.Is(err, c.wantErr) {
					t.Fatalf("error %v, want %v", err, c.wantErr)
				}
			case c.wantCode != 0:
				var apiErr *APIError
				if !errors.As(err, &apiErr) || apiErr.Status != c.wantCode || apiErr.RequestID != "req_123" {
					t.Fatalf("error %v, want HTTP %d with the request id", err, c.wantCode)
				}
			default:
				if err != nil {
					t.Fatal(err)
				}
				want := cl.price.Cost(12, 3, false)
				if resp.Content() != "hello" || resp.Cached || resp.CostUSD != want || cl.Spent() != want {
					t.Errorf("response %+v, spent %v, want cost %v", resp, cl.Spent(), want)
				}
			}
			if c.wantWaits != nil && fmt.Sprint(*waits) != fmt.Sprint(c.wantWaits) {
				t.Errorf("waits %v, want %v", *waits, c.wantWaits)
			}
			if strings.Contains(c.name, "HTTP date") && (len(*waits) != 1 || (*waits)[0] < time.Second || (*waits)[0] > 3*time.Second) {
				t.Errorf("waits %v, want about 3s", *waits)
			}
			if err != nil && cl.Spent() != 0 {
				t.Errorf("a failed request cost %v", cl.Spent())
			}
		})
	}
}

func TestCacheMakesRerunFree(t *testing.T) {
	f := newFake(t, func(n int, req ChatRequest) (int, map[string]string, string) {
		return 200, nil, completion("cached answer", 20, 5)
	})
	dir := t.TempDir()
	c1, _ := newClient(t, Options{CacheDir: dir})
	if _, err := chatOnce(c1, "Question one."); err != nil {
		t.Fatal(err)
	}
	spent := c1.Spent()
	// A new client (a rerun) on the same cache sends nothing and spends nothing.
	c2, _ := newClient(t, Options{CacheDir: dir})
	resp, err := chatOnce(c2, "Question one.")
	if err != nil {
		t.Fatal(err)
	}
	if f.requests.Load() != 1 || !resp.Cached || resp.CostUSD != 0 || c2.Spent() != 0 || resp.Content() != "cached answer" || spent == 0 {
		t.Errorf("requests %d, cached %v, cost %v, spent %v", f.requests.Load(), resp.Cached, resp.CostUSD, c2.Spent())
	}
	// Another request is another key.
	if _, err := chatOnce(c2, "Question two."); err != nil || f.requests.Load() != 2 {
		t.Errorf("second question: %v, %d requests", err, f.requests.Load())
	}
	// Failed answers are not cached.
	bad := newFake(t, func(n int, req ChatRequest) (int, map[string]string, string) { return 200, nil, "{not json" })
	_ = bad
	c3, _ := newClient(t, Options{CacheDir: dir})
	for i := 0; i < 2; i++ {
		if _, err := chatOnce(c3, "Question three."); !errors.Is(err, ErrMalformed) {
			t.Fatalf("run %d: %v", i, err)
		}
	}
	if bad.requests.Load() != 2 {
		t.Errorf("malformed answer was cached: %d requests", bad.requests.Load())
	}
}

func TestSpendingCap(t *testing.T) {
	f := newFake(t, func(n int, req ChatRequest) (int, map[string]string, string) {
		return 200, nil, completion(verdictFor(req), 400, 50)
	})
	// GPT-4.1 mini: a request with ~10 prompt tokens and max_tokens 50 is estimated
	// at about $0.0001; a cap below that sends nothing.
	c, _ := newClient(t, Options{CapUSD: 0.00005})
	if _, err := chatOnce(c, "Say hello."); !errors.Is(err, ErrCapReached) || f.requests.Load() != 0 {
		t.Fatalf("error %v after %d requests, want the cap reached before any request", err, f.requests.Load())
	}
	// A cap for about three answers: each costs 400*0.4e-6 + 50*1.6e-6 = $0.00024.
	c, _ = newClient(t, Options{CapUSD: 0.0008, Concurrency: 1})
	recs := realRecords(t, 8)
	v := &Validator{Client: c}
	out, err := v.CheckAll(recs)
	if !errors.Is(err, ErrCapReached) || !strings.Contains(err.Error(), "of 8 records not judged") {
		t.Fatalf("error %v", err)
	}
	if n := f.requests.Load(); n < 2 || n > 3 || c.Spent() > 0.0008 {
		t.Errorf("%d requests, spent $%.5f of a $0.0008 cap", n, c.Spent())
	}
	for _, d := range out {
		if d != "" {
			t.Errorf("an unjudged record failed: %q", d)
		}
	}
}

func TestConcurrencyBound(t *testing.T) {
	f := newFake(t, func(n int, req ChatRequest) (int, map[string]string, string) {
		return 200, nil, completion(verdictFor(req), 100, 10)
	})
	f.delay = 20 * time.Millisecond
	c, _ := newClient(t, Options{Concurrency: 3})
	if _, err := (&Validator{Client: c}).CheckAll(realRecords(t, 20)); err != nil {
		t.Fatal(err)
	}
	if f.requests.Load() != 20 || f.maxIn.Load() > 3 || f.maxIn.Load() < 2 {
		t.Errorf("%d requests, at most %d in flight; want 20 and 2–3", f.requests.Load(), f.maxIn.Load())
	}
}

// realRecords are real GSM8K test records.
func realRecords(t *testing.T, n int) []record.Record {
	t.Helper()
	return realdata.Records(t, "gsm8k", "gsm8k/test.jsonl")[:n]
}

// TestValidatorRule runs the validator through validate.Validate on real records,
// one of them turned into a stub.
func TestValidatorRule(t *testing.T) {
	f := newFake(t, func(n int, req ChatRequest) (int, map[string]string, string) {
		if req.ResponseFormat == nil || req.ResponseFormat.Type != "json_object" || req.Temperature == nil || *req.Temperature != 0 {
			return 400, nil, `{"error": {"message": "want json_object at temperature 0"}}`
		}
		return 200, nil, completion(verdictFor(req), 150, 20)
	})
	recs := realRecords(t, 6)
	recs[2].Question = "TODO: write a word problem about " + recs[2].Question
	c, _ := newClient(t, Options{})
	v := &Validator{Client: c, Action: validate.Drop}
	kept, drops, rep := validate.Validate(recs, validate.Options{Extra: []validate.Rule{v.Rule()}})
	if len(kept) != 5 || len(drops) != 1 || drops[0].ID != recs[2].ID ||
		drops[0].Detail != "llm_judge: model says: The question is a TODO stub." {
		t.Fatalf("kept %d, drops %+v", len(kept), drops)
	}
	last := rep.Rules[len(rep.Rules)-1]
	if last.Rule != "llm_judge" || last.Fired != 1 || len(rep.Errors) != 0 {
		t.Errorf("report %+v, errors %v", last, rep.Errors)
	}
	if f.requests.Load() != 6 {
		t.Errorf("%d requests", f.requests.Load())
	}
	// Flag instead of drop, and a rerun answers from the cache.
	v.Action = validate.Flag
	kept, drops, _ = validate.Validate(recs, validate.Options{Extra: []validate.Rule{v.Rule()}})
	if len(kept) != 6 || len(drops) != 0 || f.requests.Load() != 6 {
		t.Errorf("flag rerun: kept %d, drops %d, %d requests (want no new ones)", len(kept), len(drops), f.requests.Load())
	}
}

func TestParseVerdict(t *testing.T) {
	for _, c := range []struct {
		in    string
		valid bool
		ok    bool
	}{
		{`{"valid": true, "reason": "fine"}`, true, true},
		{"```json\n{\"valid\": false, \"reason\": \"ambiguous\"}\n```", false, true},
		{`{"reason": "no verdict"}`, false, false},
		{`valid: yes`, false, false},
	} {
		v, err := ParseVerdict(c.in)
		if (err == nil) != c.ok || c.ok && v.Valid != c.valid {
			t.Errorf("%q: %+v, %v", c.in, v, err)
		}
	}
}

// TestBatchRoundTrip writes a batch input file for real records, answers it as the
// Batch API would (an output file, one line per request, any order), imports the
// results into the cache, and checks that the validator then sends nothing.
func TestBatchRoundTrip(t *testing.T) {
	f := newFake(t, func(n int, req ChatRequest) (int, map[string]string, string) {
		return 500, nil, `{"error": {"message": "the validator must not call the API here"}}`
	})
	recs := realRecords(t, 4)
	recs[1].Question = "TODO"
	c, _ := newClient(t, Options{MaxRetries: -1})
	v := &Validator{Client: c}
	var in bytes.Buffer
	if err := v.WriteBatch(&in, recs); err != nil {
		t.Fatal(err)
	}
	reqs, err := ReadBatchRequests(bytes.NewReader(in.Bytes()), "batch_input.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(reqs) != 4 || reqs[0].CustomID != recs[0].ID || reqs[0].Method != "POST" || reqs[0].URL != BatchEndpoint ||
		reqs[0].Body.Model != "gpt-4.1-mini" || reqs[0].Body.MaxTokens != 100 {
		t.Fatalf("requests %+v", reqs[0])
	}
	var out bytes.Buffer
	for i := len(reqs) - 1; i >= 0; i-- { // the Batch API does not keep order
		line, _ := json.Marshal(map[string]any{
			"id": fmt.Sprintf("batch_req_%d", i), "custom_id": reqs[i].CustomID,
			"response": map[string]any{"status_code": 200, "request_id": "req", "body": json.RawMessage(completion(verdictFor(reqs[i].Body), 150, 20))},
			"error":    nil,
		})
		out.Write(append(line, '\n'))
	}
	results, err := ReadBatchResults(&out, "batch_output.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if n, err := c.ImportBatch(reqs, results); err != nil || n != 4 {
		t.Fatalf("imported %d: %v", n, err)
	}
	got, err := v.CheckAll(recs)
	if err != nil {
		t.Fatal(err)
	}
	if f.requests.Load() != 0 || got[1] == "" || got[0] != "" || c.Spent() != 0 {
		t.Errorf("results %q after %d requests, spent %v", got, f.requests.Load(), c.Spent())
	}
	// Errors name the file and line.
	if _, err := ReadBatchResults(strings.NewReader("{\"custom_id\": \"a\", \"response\": {\"status_code\": 200}}\n{oops\n"), "out.jsonl"); err == nil || !strings.HasPrefix(err.Error(), "out.jsonl:2:") {
		t.Errorf("error %v, want out.jsonl:2", err)
	}
	if err := WriteBatch(io.Discard, []BatchRequest{{CustomID: "a"}, {CustomID: "a"}}); err == nil {
		t.Error("repeated custom_id accepted")
	}
	failed := []BatchResult{{CustomID: recs[0].ID, Error: &BatchError{Code: "rate_limit_exceeded", Message: "later"}}}
	if n, err := c.ImportBatch(reqs, failed); n != 0 || err == nil || !strings.Contains(err.Error(), "rate_limit_exceeded") {
		t.Errorf("failed line: %d, %v", n, err)
	}
}

func TestEnvironment(t *testing.T) {
	t.Setenv(EnvAPIKey, "")
	if _, err := New(Options{Model: "gpt-4.1-mini", CapUSD: 1, CacheDir: "-"}); !errors.Is(err, ErrNoAPIKey) {
		t.Errorf("no key: %v", err)
	}
	t.Setenv(EnvAPIKey, testKey)
	if _, err := New(Options{Model: "gpt-4.1-mini", CacheDir: "-"}); !errors.Is(err, ErrNoCap) {
		t.Errorf("no cap: %v", err)
	}
	if _, err := New(Options{Model: "some-local-model", CapUSD: 1, CacheDir: "-"}); err == nil || !strings.Contains(err.Error(), "PriceModel") {
		t.Errorf("unpriced model: %v", err)
	}
	t.Setenv(EnvBaseURL, "")
	c, err := New(Options{Model: "some-local-model", PriceModel: "gpt-4o-mini", CapUSD: 1, CacheDir: "-"})
	if err != nil || c.baseURL != DefaultBaseURL {
		t.Errorf("default base URL: %v, %v", c, err)
	}
	// A wrong key is the server's 401, not retried.
	newFake(t, nil)
	t.Setenv(EnvAPIKey, "sk-wrong")
	c, err = New(Options{Model: "gpt-4.1-mini", CapUSD: 1, CacheDir: "-"})
	if err != nil {
		t.Fatal(err)
	}
	var apiErr *APIError
	if _, err := chatOnce(c, "hi"); !errors.As(err, &apiErr) || apiErr.Status != 401 || apiErr.Code != "invalid_api_key" {
		t.Errorf("wrong key: %v", err)
	}
}
