//go:build unix

package token

import (
	"syscall"
	"time"
)

// processCPUTime is the CPU time this process has used, user and system. The
// benchmarks report throughput per CPU-second as well as per wall second, since
// the first stays meaningful on a machine shared with other jobs.
func processCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
