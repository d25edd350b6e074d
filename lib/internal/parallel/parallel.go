// Package parallel splits work over n items into contiguous chunks run on every
// CPU, for per-record checks that write each item's result at its own index: the
// output does not depend on scheduling or on GOMAXPROCS.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// chunksPerWorker is how many chunks Chunks cuts per worker: records differ in cost
// (a news article against a one-line question), and workers that take the next
// chunk as they finish end together, where one half each could leave a core idle
// for most of a step.
const chunksPerWorker = 8

// Chunks calls fn(lo, hi) for contiguous ranges that cover [0, n), each once, on
// up to GOMAXPROCS goroutines, and returns when all have returned. Ranges have at
// least minChunk items (but for the last), so a small input is not spread over
// goroutines that would cost more than they save.
func Chunks(n, minChunk int, fn func(lo, hi int)) {
	workers := min(runtime.GOMAXPROCS(0), max(1, n/max(minChunk, 1)))
	chunk := max(minChunk, (n+workers*chunksPerWorker-1)/(workers*chunksPerWorker), 1)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				lo := int(next.Add(int64(chunk))) - chunk
				if lo >= n {
					return
				}
				fn(lo, min(lo+chunk, n))
			}
		})
	}
	wg.Wait()
}
