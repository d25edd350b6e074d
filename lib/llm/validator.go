package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"qmix/lib/internal/stop"
	"qmix/lib/record"
	"qmix/lib/validate"
)

// DefaultPrompt is the validator's system prompt: the plan's "quality check" as a
// yes/no verdict with a reason, in JSON so that it parses without guessing.
const DefaultPrompt = `You check questions for an LLM training set. A question is valid when it is
self-contained (everything needed to answer it is given), unambiguous, answerable,
in English, and free of formatting debris (template slots, markup, truncation). If an
answer is given, it must be correct and answer the question.
Reply with JSON only: {"valid": true or false, "reason": "<one short sentence>"}.`

// DefaultRuleName is the validator rule's name.
const DefaultRuleName = "llm_judge"

// Validator asks a model whether each record is valid. Its Rule plugs into
// validate.Validate (Options.Extra) like a built-in rule.
type Validator struct {
	Client    *Client
	Name      string          // rule name; "" means DefaultRuleName
	Action    validate.Action // action on a "not valid" verdict; "" means Flag
	Prompt    string          // system prompt; "" means DefaultPrompt
	MaxTokens int             // verdict length limit; 0 means 100
	// Context bounds the requests; nil means context.Background().
	Context context.Context
}

// Verdict is the model's answer about one record.
type Verdict struct {
	Valid  bool   `json:"valid"`
	Reason string `json:"reason"`
}

func (v *Validator) name() string {
	if v.Name == "" {
		return DefaultRuleName
	}
	return v.Name
}

// Request is the chat request the validator sends for r: deterministic (temperature
// 0, a fixed seed), so that the same record always has the same cache key.
func (v *Validator) Request(r record.Record) ChatRequest {
	prompt := v.Prompt
	if prompt == "" {
		prompt = DefaultPrompt
	}
	maxTok := v.MaxTokens
	if maxTok <= 0 {
		maxTok = 100
	}
	var user strings.Builder
	fmt.Fprintf(&user, "Domain: %s\n\nQuestion:\n%s\n", r.Domain, r.Question)
	if strings.TrimSpace(r.Answer) != "" {
		fmt.Fprintf(&user, "\nAnswer:\n%s\n", r.Answer)
	}
	zero, seed := 0.0, 0
	return ChatRequest{
		Model:          v.Client.Model(),
		Messages:       []Message{{Role: "system", Content: prompt}, {Role: "user", Content: user.String()}},
		MaxTokens:      maxTok,
		Temperature:    &zero,
		Seed:           &seed,
		ResponseFormat: &ResponseFormat{Type: "json_object"},
	}
}

// Rule returns the validator as a validate rule (batch form).
func (v *Validator) Rule() validate.Rule {
	action := v.Action
	if action == "" {
		action = validate.Flag
	}
	return validate.Rule{
		Name:     v.name(),
		Doc:      "a model (" + v.Client.Model() + ") judges the record not valid",
		Action:   action,
		CheckAll: v.CheckAll,
	}
}

// CheckAll asks about every record, Client.Concurrency at a time. A record fails
// when the verdict is not valid; its detail is the model's reason. Records the
// validator could not judge (cap reached, API error, unparseable verdict) pass, and
// the returned error counts them and gives the first error.
func (v *Validator) CheckAll(recs []record.Record) ([]string, error) {
	ctx := v.Context
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := make([]string, len(recs))
	errs := make([]error, len(recs))
	var wg sync.WaitGroup
	jobs := make(chan int)
	for w := 0; w < cap(v.Client.sem); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				out[i], errs[i] = v.judge(ctx, recs[i])
				if errors.Is(errs[i], ErrCapReached) {
					cancel() // nothing more can be afforded
				}
			}
		}()
	}
	for i := range recs {
		if err := stop.Err(); err != nil {
			errs[i] = err
			continue
		}
		if ctx.Err() != nil {
			errs[i] = fmt.Errorf("not sent: %w", context.Cause(ctx))
			continue
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	var first error
	failed := 0
	for i, err := range errs {
		if err != nil {
			failed++
			if first == nil || errors.Is(err, ErrCapReached) && !errors.Is(first, ErrCapReached) {
				first = fmt.Errorf("%s: %w", recs[i].ID, err)
			}
		}
	}
	if failed > 0 {
		return out, fmt.Errorf("%d of %d records not judged; first: %w", failed, len(recs), first)
	}
	return out, nil
}

// judge returns "" for a valid record, the reason for an invalid one.
func (v *Validator) judge(ctx context.Context, r record.Record) (string, error) {
	resp, err := v.Client.Chat(ctx, v.Request(r))
	if err != nil {
		return "", err
	}
	verdict, err := ParseVerdict(resp.Content())
	if err != nil {
		return "", err
	}
	if verdict.Valid {
		return "", nil
	}
	reason := strings.TrimSpace(verdict.Reason)
	if reason == "" {
		reason = "no reason given"
	}
	return "model says: " + reason, nil
}

// ParseVerdict reads {"valid": bool, "reason": "..."} from a model's reply,
// tolerating a Markdown code fence around it.
func ParseVerdict(content string) (Verdict, error) {
	s := strings.TrimSpace(content)
	s = strings.TrimPrefix(s, "```json")
	s = strings.TrimPrefix(s, "```")
	s = strings.TrimSuffix(strings.TrimSpace(s), "```")
	var raw struct {
		Valid  *bool  `json:"valid"`
		Reason string `json:"reason"`
	}
	if err := json.Unmarshal([]byte(strings.TrimSpace(s)), &raw); err != nil || raw.Valid == nil {
		return Verdict{}, fmt.Errorf("%w: verdict is not {\"valid\": bool, \"reason\": string}: %q", ErrMalformed, first([]byte(content), 80))
	}
	return Verdict{Valid: *raw.Valid, Reason: raw.Reason}, nil
}

// WriteBatch writes the validator's requests for recs as a Batch API input file,
// custom_id = record id, for the offline half-price route; ImportBatch then fills
// the cache so that CheckAll answers from it.
func (v *Validator) WriteBatch(w io.Writer, recs []record.Record) error {
	reqs := make([]BatchRequest, len(recs))
	for i, r := range recs {
		reqs[i] = BatchRequest{CustomID: r.ID, Body: v.Request(r)}
	}
	return WriteBatch(w, reqs)
}
