// Package progress draws progress bars for long steps on a terminal and stays
// silent everywhere else (CI logs, pipes, the Jupyter kernel), so that output
// written to files and logs never holds control characters.
package progress

import (
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// New returns a bar of total steps (-1: unknown, a spinner with a count) named desc,
// counting unit, drawn on w when w is a terminal and discarded otherwise. The bar
// clears itself when finished, so the log lines around it read as without it.
func New(w io.Writer, desc string, total int, unit string) *progressbar.ProgressBar {
	if !IsTerminal(w) {
		// Invisible: Add returns at once, where a bar rendering into io.Discard
		// formats itself on every record and runs a spinner goroutine.
		return progressbar.NewOptions(total, progressbar.OptionSetWriter(io.Discard), progressbar.OptionSetVisibility(false))
	}
	return progressbar.NewOptions(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionSetItsString(unit),
		progressbar.OptionShowIts(),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
}

// IsTerminal tells whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
