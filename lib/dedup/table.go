package dedup

// bandTable maps the 32-bit key of one LSH band to the most recent record indexed
// under it; earlier records under the same key follow through Deduper.next. It is an
// open-addressing table with linear probing: one uint64 per slot holds the key in
// the high half and the record index + 1 in the low half (0 = empty slot), so a
// lookup touches one cache line, where a Go map of a million entries per band costs
// about twice the memory.
type bandTable struct {
	slots []uint64
	n     int // occupied slots
	shift uint
}

const minTableBits = 8

// slot finds key: the slot index and the head (record index + 1, 0 when absent).
func (t *bandTable) slot(key uint32) (int, uint32) {
	if t.slots == nil {
		t.init(minTableBits)
	}
	mask := len(t.slots) - 1
	// Fibonacci hashing of the key picks the home slot; keys are hashes already, but
	// this keeps clustered keys (tests, adversarial input) from piling up.
	i := int((uint64(key) * 0x9e3779b97f4a7c15) >> t.shift)
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

// set stores head for key in slot i (as returned by slot for the same key).
func (t *bandTable) set(i int, key uint32, head uint32, fresh bool) {
	t.slots[i] = uint64(key)<<32 | uint64(head)
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
		i := int((uint64(uint32(s>>32)) * 0x9e3779b97f4a7c15) >> t.shift)
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
		t.n++
	}
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

// get returns the entry indexed under key.
func (t *exactTable) get(key uint64) (uint32, bool) {
	if t.slots == nil {
		return 0, false
	}
	mask := len(t.slots) - 1
	for i := int((key * 0x9e3779b97f4a7c15) >> t.shift); ; i = (i + 1) & mask {
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
	i := int((key * 0x9e3779b97f4a7c15) >> t.shift)
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
