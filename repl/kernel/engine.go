package kernel

import (
	"context"
	"io"
)

// Engine is what the kernel serves: an interpreter that keeps state between cells.
// Calls never overlap: the kernel runs one request at a time on the shell channel,
// except Execute's context, which the control channel cancels on interrupt.
type Engine interface {
	// Execute runs one cell. Output the interpreter produces goes to stdout and
	// stderr (the kernel also captures file descriptors 1 and 2, so compiled code
	// printing to os.Stdout is seen too). When the cell ends with an expression,
	// Execute returns its value and true. A cancelled ctx must make Execute return
	// soon, with an error.
	Execute(ctx context.Context, code string, stdout, stderr io.Writer) (value any, ok bool, err error)

	// IsComplete tells whether code is a complete input: "complete",
	// "incomplete" (with the indent for the next line), "invalid" or "unknown".
	IsComplete(code string) (status, indent string)

	// Complete returns the completions at cursor (a byte offset in code) and the
	// byte range [start, end) of code they replace.
	Complete(code string, cursor int) (matches []string, start, end int)

	// Inspect returns documentation for the identifier at cursor (byte offset);
	// detail 0 is a signature, 1 more.
	Inspect(code string, cursor, detail int) (doc string, found bool)
}

// Renderer turns a value into a MIME bundle (mime type → data, plus metadata).
// The bundle must contain text/plain; the kernel adds one when it does not.
type Renderer func(v any) (data map[string]any, metadata map[string]any)

// ErrorDetail lets an engine error say its name and traceback lines; errors that
// do not implement it are reported with ename "Error" and their message.
type ErrorDetail interface {
	error
	ErrorName() string
	Traceback() []string
}
