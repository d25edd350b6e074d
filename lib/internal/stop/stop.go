// Package stop holds the context that the library's long loops check, so that the
// interactive prompt and the notebook kernel can cancel a running statement: the
// interpreter cannot stop compiled code, so compiled code must stop itself.
//
// The prompt (through lib.SetContext) sets the context of the statement it runs;
// loops over many records call Err every few thousand items and return its error,
// wrapped, when it is not nil. Without a Set, Err is always nil: compiled programs
// and tests never see a cancellation.
package stop

import (
	"context"
	"sync/atomic"
)

// box wraps the context because atomic.Pointer needs a concrete type.
type box struct{ ctx context.Context }

var current atomic.Pointer[box]

// Set makes ctx the context that Err reports on; nil clears it.
func Set(ctx context.Context) {
	if ctx == nil {
		current.Store(nil)
		return
	}
	current.Store(&box{ctx})
}

// Err is the current context's error: nil while the running statement may go on,
// context.Canceled (or DeadlineExceeded) once it must stop.
func Err() error {
	b := current.Load()
	if b == nil {
		return nil
	}
	return b.ctx.Err()
}

// Every is how many items a loop handles between two calls of Err: ctx.Err takes a
// lock, so a check per item would cost; 4096 short records take about a
// millisecond, which keeps Ctrl-C prompt.
const Every = 4096
