//go:build !unix

package token

import "time"

// processCPUTime is unknown here; the benchmarks then omit MB/cpu-s.
func processCPUTime() time.Duration { return 0 }
