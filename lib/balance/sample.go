package balance

import (
	"hash/fnv"
	"sort"

	"qmix/lib/record"
)

// Salts keep the keys of different random choices independent for the same seed: a
// record sampled first is not therefore shuffled first.
const (
	saltSample uint64 = iota + 1
	saltBalance
	saltApportion
	saltShuffleOrder
	saltShuffleJitter
)

// recordKey is the random key of a string (a record's id) for a seed and a purpose:
// FNV-1a of the id, mixed with the seed and the salt by SplitMix64's finaliser
// (Steele, Lea, Flood: "Fast splittable pseudorandom number generators", OOPSLA
// 2014), whose output passes BigCrush. Keying by id rather than drawing from a
// stream makes every choice independent of input order, of map order and of
// GOMAXPROCS: the same record gets the same key wherever it sits.
func recordKey(seed int64, salt uint64, id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return mix64(h.Sum64() ^ mix64(uint64(seed)^salt*0x9e3779b97f4a7c15))
}

func mix64(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// unit maps a key to [0, 1) with 53 random bits, the resolution of a float64.
func unit(k uint64) float64 { return float64(k>>11) / (1 << 53) }

// Sample takes n records of recs, stratified by (domain, source, difficulty): each
// stratum gives its share of n in proportion to its size (largest remainder), so a
// sample keeps the input's mix — MATH's hard fraction, each source's weight —
// exactly up to rounding, and within a stratum the records with the smallest seeded
// keys, a uniform random choice. It returns the sample and the rest, both in input
// order (so keep-first steps after it still see input order). n ≥ len(recs) takes
// everything; n ≤ 0 takes nothing. Records with the same id get the same key and are
// told apart by position.
func Sample(recs []record.Record, n int, seed int64) ([]record.Record, []record.Record) {
	if n >= len(recs) {
		return append([]record.Record(nil), recs...), nil
	}
	if n <= 0 {
		return nil, append([]record.Record(nil), recs...)
	}
	type stratum struct {
		name string
		idx  []int
	}
	byName := map[string]int{}
	var strata []stratum
	for i, r := range recs {
		name := r.Domain + "\x00" + r.Source + "\x00" + r.Difficulty
		s, ok := byName[name]
		if !ok {
			s = len(strata)
			byName[name] = s
			strata = append(strata, stratum{name: name})
		}
		strata[s].idx = append(strata[s].idx, i)
	}
	sort.Slice(strata, func(i, j int) bool { return strata[i].name < strata[j].name })
	sizes := make([]int, len(strata))
	for i, s := range strata {
		sizes[i] = len(s.idx)
	}
	takes := hamilton(n, sizes, func(i int) uint64 { return recordKey(seed, saltSample, strata[i].name) })
	keys := make([]uint64, len(recs))
	for i, r := range recs {
		keys[i] = recordKey(seed, saltSample, r.ID)
	}
	in := make([]bool, len(recs))
	for si, s := range strata {
		idx := append([]int(nil), s.idx...)
		sort.Slice(idx, func(a, b int) bool {
			if keys[idx[a]] != keys[idx[b]] {
				return keys[idx[a]] < keys[idx[b]]
			}
			return idx[a] < idx[b]
		})
		for _, i := range idx[:takes[si]] {
			in[i] = true
		}
	}
	var taken, rest []record.Record
	for i, r := range recs {
		if in[i] {
			taken = append(taken, r)
		} else {
			rest = append(rest, r)
		}
	}
	return taken, rest
}

// hamilton splits n (0 < n < Σ sizes) in proportion to sizes by largest remainders,
// ties broken by tie(i) ascending.
func hamilton(n int, sizes []int, tie func(int) uint64) []int {
	out := make([]int, len(sizes))
	total := 0
	for _, s := range sizes {
		total += s
	}
	if total == 0 || n <= 0 {
		return out
	}
	if n >= total {
		copy(out, sizes)
		return out
	}
	rem := make([]int, len(sizes))
	left := n
	for i, s := range sizes {
		out[i] = n * s / total
		rem[i] = n * s % total
		left -= out[i]
	}
	order := make([]int, len(sizes))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(x, y int) bool {
		i, j := order[x], order[y]
		if rem[i] != rem[j] {
			return rem[i] > rem[j]
		}
		return tie(i) < tie(j)
	})
	for _, i := range order[:left] {
		out[i]++
	}
	return out
}

// Shuffle returns recs in a seeded order that interleaves domains evenly. Each
// domain's records are put in random order (by seeded key); the k-th of a domain's
// n records gets the position (k + u)/n on [0, 1), with u a seeded jitter in [0, 1),
// and all records are sorted by position. Each domain so holds exactly one record in
// every interval [k/n, (k+1)/n), so a domain with share p of the records appears
// between p·(64−D)−1 and p·(64+D)+1 times in any 64 consecutive records, D being
// the number of domains — 6 to 10, in practice 7 to 9, of each of 8 equal domains —
// never in clumps, while the order within and across domains is random. This is the
// "balanced shuffle" Spotify uses to spread an artist's songs over a playlist
// (L. Poláček, "How to shuffle songs?", Spotify Labs, 2014), with stratified jitter.
func Shuffle(recs []record.Record, seed int64) []record.Record {
	type pos struct {
		at     float64
		domain int
		key    uint64
		idx    int
	}
	byDomain := map[string][]int{}
	for i, r := range recs {
		byDomain[r.Domain] = append(byDomain[r.Domain], i)
	}
	keys := make([]uint64, len(recs))
	for i, r := range recs {
		keys[i] = recordKey(seed, saltShuffleOrder, r.ID)
	}
	names := make([]string, 0, len(byDomain))
	for d := range byDomain {
		names = append(names, d)
	}
	sort.Slice(names, func(i, j int) bool {
		ri, rj := domainRank(names[i]), domainRank(names[j])
		if ri != rj {
			return ri < rj
		}
		return names[i] < names[j]
	})
	ps := make([]pos, 0, len(recs))
	for di, d := range names {
		idx := byDomain[d]
		sort.Slice(idx, func(a, b int) bool {
			if keys[idx[a]] != keys[idx[b]] {
				return keys[idx[a]] < keys[idx[b]]
			}
			return idx[a] < idx[b]
		})
		n := float64(len(idx))
		for k, i := range idx {
			u := unit(recordKey(seed, saltShuffleJitter, recs[i].ID))
			ps = append(ps, pos{at: (float64(k) + u) / n, domain: di, key: keys[i], idx: i})
		}
	}
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].at != ps[j].at {
			return ps[i].at < ps[j].at
		}
		if ps[i].domain != ps[j].domain {
			return ps[i].domain < ps[j].domain
		}
		return ps[i].idx < ps[j].idx
	})
	out := make([]record.Record, len(ps))
	for i, p := range ps {
		out[i] = recs[p.idx]
	}
	return out
}
