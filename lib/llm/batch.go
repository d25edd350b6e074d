package llm

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// BatchEndpoint is the url every line of a chat-completions batch names.
const BatchEndpoint = "/v1/chat/completions"

// BatchRequest is one line of a Batch API input file.
type BatchRequest struct {
	CustomID string      `json:"custom_id"`
	Method   string      `json:"method"`
	URL      string      `json:"url"`
	Body     ChatRequest `json:"body"`
}

// BatchResult is one line of a Batch API output (or error) file.
type BatchResult struct {
	ID       string         `json:"id"`
	CustomID string         `json:"custom_id"`
	Response *BatchResponse `json:"response"`
	Error    *BatchError    `json:"error"`
}

// BatchResponse is the HTTP answer a batch line got.
type BatchResponse struct {
	StatusCode int             `json:"status_code"`
	RequestID  string          `json:"request_id"`
	Body       json.RawMessage `json:"body"`
}

// BatchError is a line that failed without a response.
type BatchError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// WriteBatch writes requests as a Batch API input file: one JSON object per line with
// custom_id, method POST, url /v1/chat/completions and the request as body. Custom
// ids must be unique and non-empty; requests without a model get the client's.
func WriteBatch(w io.Writer, reqs []BatchRequest) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	seen := map[string]bool{}
	for i, r := range reqs {
		if r.CustomID == "" || seen[r.CustomID] {
			return fmt.Errorf("llm: batch line %d: custom_id %q empty or repeated", i+1, r.CustomID)
		}
		seen[r.CustomID] = true
		if r.Method == "" {
			r.Method = "POST"
		}
		if r.URL == "" {
			r.URL = BatchEndpoint
		}
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// ReadBatchRequests reads a Batch API input file; errors name the file and line.
// A body field this client does not send is an error rather than dropped: the cache
// key of an imported result is the body as this client would send it, so a field it
// cannot represent would make the import silently useless.
func ReadBatchRequests(r io.Reader, name string) ([]BatchRequest, error) {
	var out []BatchRequest
	err := eachLine(r, name, func(line int, b []byte) error {
		var req BatchRequest
		if err := strictDecode(b, &req); err != nil {
			return err
		}
		if req.CustomID == "" {
			return fmt.Errorf("field custom_id: missing")
		}
		out = append(out, req)
		return nil
	})
	return out, err
}

// ReadBatchResults reads a Batch API output or error file; errors name the file and
// line. Results come back in any order; match them by CustomID.
func ReadBatchResults(r io.Reader, name string) ([]BatchResult, error) {
	var out []BatchResult
	err := eachLine(r, name, func(line int, b []byte) error {
		var res BatchResult
		if err := json.Unmarshal(b, &res); err != nil {
			return err
		}
		if res.CustomID == "" {
			return fmt.Errorf("field custom_id: missing")
		}
		if res.Response == nil && res.Error == nil {
			return fmt.Errorf("neither response nor error")
		}
		out = append(out, res)
		return nil
	})
	return out, err
}

// ImportBatch stores the successful results of a finished batch in the client's
// cache, keyed by the request each answers, so that running the same requests through
// Chat (a Validator rerun) costs nothing. It returns how many were stored and an
// error listing the lines that failed.
func (c *Client) ImportBatch(reqs []BatchRequest, results []BatchResult) (int, error) {
	byID := map[string]ChatRequest{}
	for _, r := range reqs {
		if r.Body.Model == "" {
			r.Body.Model = c.opt.Model
		}
		byID[r.CustomID] = r.Body
	}
	n := 0
	var failed []string
	for _, res := range results {
		req, ok := byID[res.CustomID]
		switch {
		case !ok:
			failed = append(failed, res.CustomID+": no such request")
			continue
		case res.Error != nil:
			failed = append(failed, res.CustomID+": "+res.Error.Code+" "+res.Error.Message)
			continue
		case res.Response.StatusCode/100 != 2:
			failed = append(failed, fmt.Sprintf("%s: HTTP %d", res.CustomID, res.Response.StatusCode))
			continue
		}
		var resp ChatResponse
		if err := json.Unmarshal(res.Response.Body, &resp); err != nil || len(resp.Choices) == 0 {
			failed = append(failed, res.CustomID+": malformed body")
			continue
		}
		body, err := json.Marshal(req)
		if err != nil {
			return n, err
		}
		if err := c.cachePut(cacheKey(body), res.Response.Body); err != nil {
			return n, err
		}
		n++
	}
	if len(failed) > 0 {
		return n, fmt.Errorf("llm: %d batch results not imported: %s", len(failed), strings.Join(failed, "; "))
	}
	return n, nil
}

func eachLine(r io.Reader, name string, fn func(line int, b []byte) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		if err := fn(line, b); err != nil {
			return fmt.Errorf("%s:%d: %w", name, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s:%d: %w", name, line+1, err)
	}
	return nil
}

func strictDecode(b []byte, v any) error {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
