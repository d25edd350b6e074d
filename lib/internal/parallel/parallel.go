// Package parallel splits work over n items into one contiguous chunk per CPU,
// for per-record checks that write each item's result at its own index: the
// output does not depend on scheduling or on GOMAXPROCS.
package parallel

import (
	"runtime"
	"sync"
)

// Chunks calls fn(lo, hi) for contiguous ranges that cover [0, n) in order, each
// on its own goroutine, and returns when all have returned. It makes at most
// GOMAXPROCS chunks and at most n/minChunk (at least one), so a small input is
// not spread over goroutines that would cost more than they save.
func Chunks(n, minChunk int, fn func(lo, hi int)) {
	workers := min(runtime.GOMAXPROCS(0), max(1, n/max(minChunk, 1)))
	chunk := (n + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		wg.Go(func() { fn(lo, hi) })
	}
	wg.Wait()
}
