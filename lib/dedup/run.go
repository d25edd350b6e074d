package dedup

import (
	"fmt"
	"runtime"
	"slices"
	"sync"

	"qmix/lib/internal/stop"
	"qmix/lib/record"
)

// Run deduplicates records against reference, keep-first in input order: every
// reference record is indexed and kept; each record is kept, or dropped as a
// duplicate of a reference record or of a record kept before it. kept holds the
// kept records of records in input order, drops one Drop per dropped record in
// input order. It is New, AddReferences and AddAll; use those to also read
// Similarities.
func Run(reference, records []record.Record, opt Options) (kept []record.Record, drops []record.Drop, stats Stats, err error) {
	d, err := New(opt)
	if err != nil {
		return nil, nil, Stats{}, err
	}
	d.reserve(len(reference) + len(records))
	d.AddReferences(reference)
	kept, drops = d.AddAll(records)
	if d.err != nil {
		return nil, nil, Stats{}, d.err
	}
	return kept, drops, d.Stats(), nil
}

// Err tells why AddReferences or AddAll stopped early: the running statement of the
// prompt or kernel was cancelled (lib.SetContext). Such a Deduper is unusable: its
// index holds part of the records, and later calls do nothing.
func (d *Deduper) Err() error { return d.err }

// AddReferences is AddReference for each record, in order, with normalising,
// hashing and MinHash signatures on all cores.
func (d *Deduper) AddReferences(records []record.Record) {
	if d.err != nil {
		return
	}
	d.reserve(len(records))
	d.each(records, func(r *record.Record, p *prep) { d.reference(r, p) })
}

// AddAll is Add for each record, in order, with normalising, hashing and MinHash
// signatures on all cores: the same drops in the same order. It returns the kept
// records and the drops, each in input order; nil and nil once it was cancelled
// (see Err).
func (d *Deduper) AddAll(records []record.Record) (kept []record.Record, drops []record.Drop) {
	if d.err != nil {
		return nil, nil
	}
	d.reserve(len(records))
	kept = make([]record.Record, 0, len(records))
	d.each(records, func(r *record.Record, p *prep) {
		if drop, dup := d.check(r, p); dup {
			drops = append(drops, drop)
		} else {
			kept = append(kept, *r)
		}
	})
	if d.err != nil {
		return nil, nil
	}
	return kept, drops
}

// reserve sizes the index for n more records, so that it does not grow (and
// rehash 21 band tables) step by step.
func (d *Deduper) reserve(n int) {
	n += len(d.entries)
	// 16 tokens per record is the size of a short question; longer records
	// grow the arena as they come.
	d.arena = slices.Grow(d.arena, max(0, 16*n-len(d.arena)))
	d.entries = slices.Grow(d.entries, max(0, n-len(d.entries)))
	d.ids = slices.Grow(d.ids, max(0, n-len(d.ids)))
	d.cluster = slices.Grow(d.cluster, max(0, n-len(d.cluster)))
	d.exact.reserve(n)
	for j := range d.tables {
		d.tables[j].reserve(n)
	}
}

// chunkSize is the number of records prepared together: large enough that
// starting the workers costs little (~1% at 2 µs per record), small enough that
// the preps in flight (3 chunks) stay a few megabytes.
const chunkSize = 2048

// minChunk is the smallest chunk each cuts a short call into.
const minChunk = 128

// chunkFor is the chunk size for n records on workers cores: chunkSize, or for a
// call of fewer than 4·workers chunks (a build feeds AddAll 4,096 records at a
// time) a size that makes about that many. The first chunk is prepared while the
// index waits and the last is indexed while the preparers wait, so small chunks
// keep both cores busy for all but a sliver of a short call.
func chunkFor(n, workers int) int {
	return max(minChunk, min(chunkSize, n/(4*workers)))
}

// each prepares recs in parallel, chunk by chunk, and calls fn for every record in
// input order on the calling goroutine, preparing the next chunk while fn works
// through the current one. Preparation is a pure function of the record and the
// options, so the results do not depend on the number of workers. Between chunks
// it checks the stop context; when it is done, it sets d.err and stops.
func (d *Deduper) each(recs []record.Record, fn func(*record.Record, *prep)) {
	if len(recs) == 0 {
		return
	}
	// Every core prepares; the consumer (the sequential index) takes its share of
	// them. Long texts make preparation the larger part (an article costs 128
	// multiplications per word), short questions the index.
	workers := runtime.GOMAXPROCS(0)
	preparers := make([]*preparer, workers)
	for i := range preparers {
		preparers[i] = &preparer{h: d.h, bands: d.opt.Bands, rows: d.opt.Rows}
	}
	type chunk struct {
		start int
		preps []prep
	}
	// Three buffers: one being filled, one waiting, one being consumed.
	free := make(chan []prep, 3)
	size := chunkFor(len(recs), workers)
	for i := 0; i < 3; i++ {
		free <- make([]prep, size)
	}
	ready := make(chan chunk, 2)
	quit := make(chan struct{}) // closed by the consumer when it stops early
	go func() {
		defer close(ready)
		for start := 0; start < len(recs); start += size {
			end := min(start+size, len(recs))
			select {
			case <-quit:
				return
			default:
			}
			var preps []prep
			select {
			case preps = <-free:
			case <-quit:
				return
			}
			var wg sync.WaitGroup
			per := (end - start + workers - 1) / workers
			for w := 0; w < workers; w++ {
				lo, hi := start+w*per, min(start+(w+1)*per, end)
				if lo >= hi {
					break
				}
				wg.Add(1)
				go func(pr *preparer, lo, hi int) {
					defer wg.Done()
					for i := lo; i < hi; i++ {
						pr.prepare(&recs[i], &preps[i-start])
					}
				}(preparers[w], lo, hi)
			}
			wg.Wait()
			select {
			case ready <- chunk{start, preps}:
			case <-quit:
				return
			}
		}
	}()
	for c := range ready {
		if d.err != nil {
			continue // drain until the producer sees quit
		}
		if err := stop.Err(); err != nil {
			d.err = fmt.Errorf("dedup: stopped after %d of %d records: %w", c.start, len(recs), err)
			close(quit)
			continue
		}
		n := min(size, len(recs)-c.start)
		for i := 0; i < n; i++ {
			if i+1 < n {
				d.prefetch(&c.preps[i+1])
			}
			fn(&recs[c.start+i], &c.preps[i])
		}
		free <- c.preps
	}
}
