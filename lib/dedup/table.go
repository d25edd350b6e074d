package dedup

// bandTable maps the 32-bit key of one LSH band to the bucket of records indexed
// under it. It is an open-addressing table with linear probing: one uint64 per slot
// holds the key in the high half and the bucket in the low half (a bucket value,
// below; 0 = empty slot), so a lookup touches one cache line, where a Go map of a
// million entries per band costs about twice the memory.
type bandTable struct {
	slots []uint64
	n     int // occupied slots
	shift uint
}

// A bucket value is what a band slot holds for its key: most buckets have one
// record, held in the slot itself as its entry + 1 (below blockFlag); a bucket of
// two or more records is a block of a bucketPool, named by blockFlag | class<<29 |
// block index.
const (
	blockFlag  = 1 << 31
	classShift = 29
	blockMask  = 1<<classShift - 1
)

// home is key's first slot: Fibonacci hashing of the key. Keys are hashes already,
// but this keeps clustered keys (tests, adversarial input) from piling up.
func (t *bandTable) home(key uint32) int {
	return int((uint64(key) * 0x9e3779b97f4a7c15) >> t.shift)
}

const minTableBits = 8

// slot finds key: the slot index and the bucket value (0 when absent).
func (t *bandTable) slot(key uint32) (int, uint32) {
	if t.slots == nil {
		t.init(minTableBits)
	}
	mask := len(t.slots) - 1
	i := t.home(key)
	for {
		s := t.slots[i]
		if s == 0 {
			return i, 0
		}
		if uint32(s>>32) == key {
			return i, uint32(s)
		}
		i = (i + 1) & mask
	}
}

func (t *bandTable) init(bits uint) {
	t.slots = make([]uint64, 1<<bits)
	t.shift = 64 - bits
	t.n = 0
}

// set stores bucket value v for key in slot i (as returned by slot for the same
// key); fresh says the slot was empty.
func (t *bandTable) set(i int, key uint32, v uint32, fresh bool) {
	t.slots[i] = uint64(key)<<32 | uint64(v)
	if fresh {
		t.n++
		// Grow at a load of 1/2: most lookups are misses (a new record's band is
		// usually new), and linear probing's expected probes for a miss,
		// (1 + 1/(1-α)²)/2 (Knuth, TAOCP vol. 3, 6.4), are 2.5 at α = 1/2 against
		// 8.5 at 3/4. The table spends 16 to 32 bytes per key.
		if 2*t.n > len(t.slots) {
			t.grow()
		}
	}
}

// reserve makes room for n keys without growing.
func (t *bandTable) reserve(n int) {
	bits := uint(minTableBits)
	for 1<<bits < 2*n {
		bits++
	}
	if t.slots == nil || 1<<bits > len(t.slots) {
		old := t.slots
		t.init(bits)
		t.rehash(old)
	}
}

func (t *bandTable) grow() {
	old := t.slots
	t.init(64 - t.shift + 1)
	t.rehash(old)
}

func (t *bandTable) rehash(old []uint64) {
	mask := len(t.slots) - 1
	for _, s := range old {
		if s == 0 {
			continue
		}
		i := t.home(uint32(s >> 32))
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
		t.n++
	}
}

// bucketPool holds the buckets of two or more records, as blocks of 2, 4, 8 or 16
// entry + 1 values (classes 0 to 3), the members packed at the front in index order
// and 0 after them. A bucket moves to a block of the next class when it fills
// its own; bucketCap stops it at 16, one cache line, so that reading a bucket
// costs one cache miss where a chain through the records costs one per record.
type bucketPool struct {
	blocks [numClasses][]uint32 // class c: blocks of 2<<c values, back to back
	free   [numClasses][]uint32 // class c: indices of blocks given back
}

// numClasses is the number of block sizes: 2<<(numClasses-1) = bucketCap.
const numClasses = 4

// The largest block holds a full bucket, which never grows: this fails to compile
// when bucketCap and numClasses disagree.
var _ = [1]struct{}{}[bucketCap-2<<(numClasses-1)]

// block returns the values of the block named by bucket value v (v ≥ blockFlag).
func (bp *bucketPool) block(v uint32) []uint32 {
	c := (v >> classShift) & (numClasses - 1)
	size := uint32(2) << c
	i := (v & blockMask) * size
	return bp.blocks[c][i : i+size : i+size]
}

// alloc returns the bucket value of a zeroed block of class c.
func (bp *bucketPool) alloc(c uint32) uint32 {
	size := 2 << c
	var i int
	if f := bp.free[c]; len(f) > 0 {
		i = int(f[len(f)-1])
		bp.free[c] = f[:len(f)-1]
		clear(bp.blocks[c][i*size : (i+1)*size])
	} else {
		i = len(bp.blocks[c]) / size
		if i > blockMask {
			panic("dedup: more buckets than the index can name")
		}
		for k := 0; k < size; k++ {
			bp.blocks[c] = append(bp.blocks[c], 0)
		}
	}
	return blockFlag | c<<classShift | uint32(i)
}

// release gives the block named by v back to its class.
func (bp *bucketPool) release(v uint32) {
	c := (v >> classShift) & (numClasses - 1)
	bp.free[c] = append(bp.free[c], v&blockMask)
}

// exactTable maps the 64-bit exact key of an indexed record to its entry + 1: the
// same open addressing as bandTable, for the one lookup every record makes.
type exactTable struct {
	slots []exactSlot
	n     int
	shift uint
}

type exactSlot struct {
	key uint64
	val uint32 // entry + 1; 0 = empty
}

// home is key's first slot.
func (t *exactTable) home(key uint64) int { return int((key * 0x9e3779b97f4a7c15) >> t.shift) }

// get returns the entry indexed under key.
func (t *exactTable) get(key uint64) (uint32, bool) {
	if t.slots == nil {
		return 0, false
	}
	mask := len(t.slots) - 1
	for i := t.home(key); ; i = (i + 1) & mask {
		s := t.slots[i]
		if s.val == 0 {
			return 0, false
		}
		if s.key == key {
			return s.val - 1, true
		}
	}
}

// add indexes entry e under key unless key is present.
func (t *exactTable) add(key uint64, e uint32) {
	if 2*(t.n+1) > len(t.slots) {
		t.reserve(2 * (t.n + 1))
	}
	mask := len(t.slots) - 1
	i := t.home(key)
	for ; t.slots[i].val != 0; i = (i + 1) & mask {
		if t.slots[i].key == key {
			return
		}
	}
	t.slots[i] = exactSlot{key, e + 1}
	t.n++
}

// reserve makes room for n keys at a load of at most 1/2.
func (t *exactTable) reserve(n int) {
	bits := uint(minTableBits)
	for 1<<bits < 2*n {
		bits++
	}
	if 1<<bits <= len(t.slots) {
		return
	}
	old := t.slots
	t.slots, t.shift, t.n = make([]exactSlot, 1<<bits), 64-bits, 0
	for _, s := range old {
		if s.val != 0 {
			t.add(s.key, s.val-1)
		}
	}
}
