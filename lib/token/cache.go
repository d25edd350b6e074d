package token

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"unsafe"
)

// The cache remembers counts by content hash. The key is the first 16 bytes of the
// text's SHA-256:
//
//   - A cryptographic hash, because a collision would silently give a wrong
//     count, and the keys outlive the process in the cache file. 128 bits keep
//     the chance of any collision among even 10^12 distinct texts below 10^-14;
//     truncating halves the memory and file size of the full 32-byte digest.
//   - SHA-256 because it is the fastest such hash here. crypto/sha256 uses the
//     CPU's SHA instructions (SHA-NI), and BLAKE2b or SHA-512 would be slower
//     with them. A faster non-cryptographic hash would not be safe to persist.
//     Hashing is still most of a cache hit's cost. A re-count of the dataset
//     texts runs at about 450 MB/s per core (BenchmarkCountAllCached) against
//     about 40 MB/s tokenizing (BenchmarkCountAllCold). Most of those texts are
//     short, so the cost of each hash call matters as much as its per-byte cost.
//
// Every non-empty text is cached, however short. Hashing a short text costs
// about as much as tokenizing it when the vocabulary is hot in the CPU cache, but
// on real data tokenizing short texts is slower. Each BPE merge looks up a rank
// map of 200,000 entries that misses the CPU cache. BenchmarkShortTexts measures
// this on the dataset texts under 16 bytes.

type key [16]byte

func keyOf(text string) key {
	// Hash the string's bytes in place: []byte(text) would copy texts that can be
	// megabytes long. sha256 only reads its input.
	sum := sha256.Sum256(unsafe.Slice(unsafe.StringData(text), len(text)))
	var k key
	copy(k[:], sum[:16])
	return k
}

// nShards spreads the map over independent locks so parallel CountAll workers
// rarely wait on each other; a shard is picked by the key's first byte, which is
// uniformly distributed.
const nShards = 64

type shard struct {
	mu      sync.RWMutex
	m       map[key]uint32
	pending []entry // added since the last Save
	hits    atomic.Int64
	misses  atomic.Int64
	_       [64]byte // keep neighbouring shards' counters off this cache line
}

type entry struct {
	k key
	n uint32
}

type cache struct {
	encoding string
	path     string // "" when there is no disk cache
	logf     func(format string, args ...any)

	loadOnce sync.Once
	loadErr  error // what was wrong with the file when it was loaded
	loaded   int   // entries read from the file
	rewrite  bool  // the file must be rewritten whole, not appended to (guarded by saveMu after load)

	saveMu sync.Mutex
	shards [nShards]shard
}

func newCache(encoding, dir string, logf func(string, ...any)) *cache {
	c := &cache{encoding: encoding, logf: logf}
	if dir != "" {
		c.path = filepath.Join(dir, cacheFileName(encoding))
	}
	for i := range c.shards {
		c.shards[i].m = make(map[key]uint32)
	}
	return c
}

func (c *cache) count(text string, tokenize func(string) int) int {
	c.loadOnce.Do(c.load)
	k := keyOf(text)
	sh := &c.shards[k[0]%nShards]
	sh.mu.RLock()
	n, ok := sh.m[k]
	sh.mu.RUnlock()
	if ok {
		sh.hits.Add(1)
		return int(n)
	}
	sh.misses.Add(1)
	count := tokenize(text)
	if count > math.MaxUint32 {
		return count // cannot be stored in an entry; never happens for real text
	}
	sh.mu.Lock()
	if _, dup := sh.m[k]; !dup { // another goroutine may have counted it meanwhile
		sh.m[k] = uint32(count)
		sh.pending = append(sh.pending, entry{k, uint32(count)})
	}
	sh.mu.Unlock()
	return count
}

// Stats describes a Counter's cache.
type Stats struct {
	Hits    int64 // counts served from the cache
	Misses  int64 // texts tokenized, then cached
	Entries int   // distinct texts cached in memory
	Loaded  int   // entries read from the cache file
	Pending int   // entries not yet written by Save
}

// Stats reports the cache's activity; all zero when the cache is off.
func (c *Counter) Stats() Stats {
	if c.cache == nil {
		return Stats{}
	}
	cc := c.cache
	cc.loadOnce.Do(cc.load)
	s := Stats{Loaded: cc.loaded}
	for i := range cc.shards {
		sh := &cc.shards[i]
		s.Hits += sh.hits.Load()
		s.Misses += sh.misses.Load()
		sh.mu.RLock()
		s.Entries += len(sh.m)
		s.Pending += len(sh.pending)
		sh.mu.RUnlock()
	}
	return s
}

// LoadCache reads the cache file now, if it has not been read yet, and returns
// what was wrong with it: a missing file is not an error; a corrupt, truncated or
// foreign one is reported, its bad parts ignored (never trusted), and the next Save
// rewrites the file clean. The file is otherwise read lazily on first use, and a
// problem then goes to Options.Logf.
func (c *Counter) LoadCache() error {
	if c.cache == nil {
		return nil
	}
	c.cache.loadOnce.Do(func() { c.cache.loadQuiet() })
	return c.cache.loadErr
}

// Save writes the counts cached since the last Save to the cache file, appending
// fixed-size entries with one write (append-only, so readers never see a
// half-rewritten file and concurrent processes do not lose each other's entries).
// The file is instead rewritten whole, to a temporary file renamed over it, when
// it is missing, unreadable, damaged, or does not end on an entry boundary.
// Without a disk cache Save does nothing.
func (c *Counter) Save() error {
	if c.cache == nil || c.cache.path == "" {
		return nil
	}
	return c.cache.save()
}

// Cache file format, version 1 (all integers little-endian):
//
//	header, 128 bytes:
//	  [0:8]     magic "QMIXTOKC"
//	  [8:12]    format version (1)
//	  [12:16]   entry size (24)
//	  [16:48]   encoding name, NUL-padded
//	  [48:96]   tokenizer id (tokenizerID), NUL-padded
//	  [96:124]  zero
//	  [124:128] CRC-32C of [0:124]
//	entries, 24 bytes each:
//	  [0:16]    first 16 bytes of the text's SHA-256
//	  [16:20]   token count
//	  [20:24]   CRC-32C of [0:20], seeded with the header's CRC
//
// The per-entry CRC catches flipped bytes (a damaged count would otherwise be
// served as is) and, being seeded with the header's CRC, an entry spliced in
// from another encoding's file. A torn append leaves a partial entry at the end,
// which the length check catches.
const (
	cacheMagic      = "QMIXTOKC"
	cacheVersion    = 1
	cacheHeaderSize = 128
	cacheEntrySize  = 24

	// tokenizerID names the code that produced the counts: counts cached by
	// another engine or vocabulary are not trusted, in case they differ. Bump the
	// engine number whenever a change to bpe.go could change a count;
	// TestTokenizerIDMatchesGoMod fails when go.mod moves to another loader
	// (vocabulary) release and this is not updated.
	tokenizerID = "qmix engine 1, tiktoken-go-loader v0.0.2"
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func cacheFileName(encoding string) string {
	return fmt.Sprintf("%s.v%d.tokcache", encoding, cacheVersion)
}

func cacheHeader(encoding string) []byte {
	h := make([]byte, cacheHeaderSize)
	copy(h[0:8], cacheMagic)
	binary.LittleEndian.PutUint32(h[8:12], cacheVersion)
	binary.LittleEndian.PutUint32(h[12:16], cacheEntrySize)
	copy(h[16:48], encoding)
	copy(h[48:96], tokenizerID)
	binary.LittleEndian.PutUint32(h[124:128], crc32.Checksum(h[:124], castagnoli))
	return h
}

func appendEntry(buf []byte, seed uint32, e entry) []byte {
	var b [cacheEntrySize]byte
	copy(b[0:16], e.k[:])
	binary.LittleEndian.PutUint32(b[16:20], e.n)
	binary.LittleEndian.PutUint32(b[20:24], crc32.Update(seed, castagnoli, b[:20]))
	return append(buf, b[:]...)
}

// errCorrupt marks every problem found in the cache file's content.
var errCorrupt = errors.New("token: corrupt cache file")

// load is the lazy loader: problems are logged, since there is no caller to
// return them to.
func (c *cache) load() {
	c.loadQuiet()
	if c.loadErr != nil {
		c.logf("%v (ignored; it will be rewritten on Save)", c.loadErr)
	}
}

func (c *cache) loadQuiet() {
	if c.path == "" {
		return
	}
	entries, err := readCacheFile(c.path, c.encoding)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		c.loadErr = err
		c.rewrite = true
	}
	for _, e := range entries {
		sh := &c.shards[e.k[0]%nShards]
		sh.m[e.k] = e.n // no lock: load runs inside loadOnce, before any lookup
	}
	c.loaded = len(entries)
}

// readCacheFile returns the valid entries of the file at path, with an error
// describing anything that was skipped. A wrong header discards the whole file.
func readCacheFile(path, encoding string) ([]entry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	want := cacheHeader(encoding)
	if len(data) < cacheHeaderSize {
		return nil, fmt.Errorf("%w %s: %d bytes, shorter than its header", errCorrupt, path, len(data))
	}
	if h := data[:cacheHeaderSize]; !bytes.Equal(h, want) {
		return nil, fmt.Errorf("%w %s: header is not that of a version %d %s cache by %s (%s)",
			errCorrupt, path, cacheVersion, encoding, tokenizerID, describeHeader(h))
	}
	seed := binary.LittleEndian.Uint32(want[124:128])
	body := data[cacheHeaderSize:]
	entries := make([]entry, 0, len(body)/cacheEntrySize)
	bad := 0
	for ; len(body) >= cacheEntrySize; body = body[cacheEntrySize:] {
		b := body[:cacheEntrySize]
		if crc32.Update(seed, castagnoli, b[:20]) != binary.LittleEndian.Uint32(b[20:24]) {
			bad++
			continue
		}
		var e entry
		copy(e.k[:], b[0:16])
		e.n = binary.LittleEndian.Uint32(b[16:20])
		entries = append(entries, e)
	}
	var problems []error
	if bad > 0 {
		problems = append(problems, fmt.Errorf("%w %s: %d of %d entries fail their checksum", errCorrupt, path, bad, bad+len(entries)))
	}
	if len(body) > 0 {
		problems = append(problems, fmt.Errorf("%w %s: truncated, %d stray bytes after the last whole entry", errCorrupt, path, len(body)))
	}
	return entries, errors.Join(problems...)
}

// describeHeader says what a rejected header claims to be, for the error message.
func describeHeader(h []byte) string {
	if string(h[0:8]) != cacheMagic {
		return "not a qmix token cache"
	}
	if crc32.Checksum(h[:124], castagnoli) != binary.LittleEndian.Uint32(h[124:128]) {
		return "header checksum fails"
	}
	str := func(b []byte) string { return string(bytes.TrimRight(b, "\x00")) }
	return fmt.Sprintf("it is version %d, %q, by %q", binary.LittleEndian.Uint32(h[8:12]), str(h[16:48]), str(h[48:96]))
}

func (c *cache) save() (err error) {
	c.loadOnce.Do(c.load)
	c.saveMu.Lock()
	defer c.saveMu.Unlock()

	var pending []entry
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.Lock()
		pending = append(pending, sh.pending...)
		sh.pending = nil
		sh.mu.Unlock()
	}
	defer func() {
		if err != nil { // keep them for the next Save
			for _, e := range pending {
				sh := &c.shards[e.k[0]%nShards]
				sh.mu.Lock()
				sh.pending = append(sh.pending, e)
				sh.mu.Unlock()
			}
		}
	}()
	if len(pending) == 0 && !c.rewrite {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(c.path), 0o755); err != nil {
		return fmt.Errorf("token: save cache: %w", err)
	}
	if !c.rewrite {
		state, err := c.appendEntries(pending)
		if err != nil || state == appended {
			return err
		}
		if state == missing {
			created, err := c.writeFile(true)
			if err != nil || created {
				return err
			}
			// Another process created the file meanwhile: add to it.
			if state, err = c.appendEntries(pending); err != nil || state == appended {
				return err
			}
		}
	}
	if _, err := c.writeFile(false); err != nil {
		return err
	}
	c.rewrite = false
	return nil
}

type appendState int

const (
	appended   appendState = iota
	missing                // no file yet
	misaligned             // the file does not end on an entry boundary
)

// appendEntries appends to an existing file. It appends nothing when the file is
// missing, or does not end on an entry boundary (appending would then misalign
// every later entry), and says so.
func (c *cache) appendEntries(pending []entry) (appendState, error) {
	f, err := os.OpenFile(c.path, os.O_WRONLY|os.O_APPEND, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return missing, nil
	}
	if err != nil {
		return 0, fmt.Errorf("token: save cache: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, fmt.Errorf("token: save cache: %w", err)
	}
	if st.Size() < cacheHeaderSize || (st.Size()-cacheHeaderSize)%cacheEntrySize != 0 {
		return misaligned, nil
	}
	seed := binary.LittleEndian.Uint32(cacheHeader(c.encoding)[124:128])
	buf := make([]byte, 0, len(pending)*cacheEntrySize)
	for _, e := range pending {
		buf = appendEntry(buf, seed, e)
	}
	// One write: with O_APPEND the kernel places it at the end as a unit, so
	// processes appending at once do not interleave their entries.
	if _, err := f.Write(buf); err != nil {
		return 0, fmt.Errorf("token: save cache: %w", err)
	}
	if err := f.Close(); err != nil {
		return 0, fmt.Errorf("token: save cache: %w", err)
	}
	return appended, nil
}

// writeFile writes every cached entry to a temporary file and then puts it in
// place whole, so that no reader ever sees a partial file.
//
// With exclusive, the file must not exist yet: it is hard-linked into place, which
// fails if another process has created it meanwhile (created is then false, and
// the caller appends instead), so that two first runs do not overwrite each
// other's entries. Otherwise it is renamed over the old file, after merging the
// old file's valid entries, which other processes may have appended since this
// one loaded it.
func (c *cache) writeFile(exclusive bool) (created bool, err error) {
	hdr := cacheHeader(c.encoding)
	seed := binary.LittleEndian.Uint32(hdr[124:128])
	buf := hdr
	written := map[key]bool{}
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.RLock()
		for k, n := range sh.m {
			buf = appendEntry(buf, seed, entry{k, n})
			written[k] = true
		}
		sh.mu.RUnlock()
	}
	if !exclusive {
		others, _ := readCacheFile(c.path, c.encoding) // what is valid in it; its faults were reported at load
		for _, e := range others {
			if !written[e.k] {
				buf = appendEntry(buf, seed, e)
				written[e.k] = true
			}
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.path), filepath.Base(c.path)+".tmp*")
	if err != nil {
		return false, fmt.Errorf("token: save cache: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a link or a rename, only removes the temporary name
	// CreateTemp makes the file private; the cache is as readable as any other
	// file in the user's cache directory.
	merr := tmp.Chmod(0o644)
	_, werr := tmp.Write(buf)
	cerr := tmp.Close()
	if err := errors.Join(merr, werr, cerr); err != nil {
		return false, fmt.Errorf("token: save cache: %w", err)
	}
	if exclusive {
		err := os.Link(tmp.Name(), c.path)
		if err == nil {
			return true, nil
		}
		if errors.Is(err, fs.ErrExist) {
			return false, nil
		}
		// A file system without hard links: fall back to rename, accepting the
		// small race with another first run.
	}
	if err := os.Rename(tmp.Name(), c.path); err != nil {
		return false, fmt.Errorf("token: save cache: %w", err)
	}
	return true, nil
}
