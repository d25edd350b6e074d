package lib

import (
	"context"

	"qmix/lib/internal/stop"
)

// SetContext makes ctx the context that lib's long operations (converting, dedup,
// relabelling, balancing) check every few thousand records: once ctx is done they
// return its error, wrapped. It is for the interactive prompt and the notebook
// kernel, which set the running statement's context so that Ctrl-C or an interrupt
// stops compiled library code the interpreter cannot stop. Compiled scripts never
// need it; nil clears it.
func SetContext(ctx context.Context) { stop.Set(ctx) }
