package dedup

import (
	"fmt"
	"slices"
	"testing"

	"qmix/lib/record"
)

// TestBuckets indexes records under shared band keys and checks what lookup finds:
// a bucket's records (in a slot, then in blocks of 2, 4, 8 and 16) up to
// bucketCap, later records counted as FullBuckets, freed blocks reused.
func TestBuckets(t *testing.T) {
	d, err := New(Options{NumPerm: 2, Bands: 2, Rows: 1})
	if err != nil {
		t.Fatal(err)
	}
	const n, groups = 60, 3
	full := 0
	for i := 0; i < n; i++ {
		// Band 0: one key for all; band 1: one key per group.
		p := prep{tokens: []uint32{uint32(i)}, bands: []uint32{7, uint32(100 + i%groups)}, key: uint64(i + 1)}
		d.lookup(&p, true)
		var want []uint32
		for e := 0; e < i; e++ {
			inGroup := e%groups == i%groups && e/groups < bucketCap
			if e < bucketCap || inGroup {
				want = append(want, uint32(e))
			}
		}
		if !slices.Equal(d.cands, want) {
			t.Fatalf("record %d: candidates %v, want %v", i, d.cands, want)
		}
		if i >= bucketCap {
			full++
		}
		if i/groups >= bucketCap {
			full++
		}
		d.index(&record.Record{ID: fmt.Sprint(i)}, &p)
	}
	if d.stats.FullBuckets != full {
		t.Fatalf("FullBuckets %d, want %d", d.stats.FullBuckets, full)
	}
	// Every bucket grew 2 → 4 → 8 → 16: no smaller block is live, each was given
	// back, and the blocks given back were reused (fewer made than buckets grew).
	for c := 0; c < numClasses; c++ {
		made, free := len(d.buckets.blocks[c])/(2<<c), len(d.buckets.free[c])
		live := 0
		if c == numClasses-1 {
			live = 1 + groups
		}
		if made-free != live {
			t.Errorf("class %d: %d blocks made, %d free, want %d live", c, made, free, live)
		}
		if c < numClasses-1 && made >= 1+groups {
			t.Errorf("class %d: %d blocks made for %d buckets: freed blocks not reused", c, made, 1+groups)
		}
	}
}
