package llm

import (
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// budget enforces the spending cap across concurrent requests: a request reserves
// its estimated (maximum) cost before it is sent and settles to the real cost after,
// so requests in flight can never together exceed the cap.
type budget struct {
	mu       sync.Mutex
	cap      float64
	spent    float64
	reserved float64
}

func (b *budget) reserve(est float64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.spent+b.reserved+est > b.cap {
		return fmt.Errorf("%w: $%.4f spent and $%.4f in flight of the $%.2f cap; the next request may cost $%.4f",
			ErrCapReached, b.spent, b.reserved, b.cap, est)
	}
	b.reserved += est
	return nil
}

func (b *budget) release(est float64) {
	b.mu.Lock()
	b.reserved -= est
	b.mu.Unlock()
}

func (b *budget) settle(est, actual float64) {
	b.mu.Lock()
	b.reserved -= est
	b.spent += actual
	b.mu.Unlock()
}

func (b *budget) total() float64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.spent
}

// retryAfter reads how long the server asks to wait: "retry-after-ms" (OpenAI sends
// it beside the standard header), else Retry-After in seconds or as an HTTP date
// (RFC 9110 §10.2.3). It returns 0 when there is neither, for the default backoff.
func retryAfter(h http.Header, now time.Time) time.Duration {
	if v := h.Get("Retry-After-Ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms > 0 {
			return time.Duration(ms * float64(time.Millisecond))
		}
	}
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		if s <= 0 {
			return 0
		}
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}
