package demo

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"qmix/lib/record"
)

// wordShingles are the hashed word 5-grams of the normalized text, for long
// documents (research/curation.md recommends them over character shingles there).
func wordShingles(s string) []uint64 {
	ws := strings.Fields(normalize(s))
	const k = 5
	if len(ws) <= k {
		return []uint64{fnv(strings.Join(ws, " "))}
	}
	var out []uint64
	for i := 0; i+k <= len(ws); i++ {
		out = append(out, fnv(strings.Join(ws[i:i+k], " ")))
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	w := 0
	for i, x := range out {
		if i == 0 || x != out[w-1] {
			out[w] = x
			w++
		}
	}
	return out[:w]
}

// similarPairs finds the pairs of sets with Jaccard at least min: MinHash with 64
// permutations in 32 bands of 2 rows proposes candidates (a pair at Jaccard 0.5 is
// proposed with probability 1-(1-0.25)^32 > 0.9999), exact Jaccard decides.
func similarPairs(sets [][]uint64, min float64) (pairs [][2]int, sims []float64) {
	const perms, rows = 64, 2
	r := rand.New(rand.NewPCG(1, 2))
	a, b := make([]uint64, perms), make([]uint64, perms)
	for i := range a {
		a[i], b[i] = r.Uint64()|1, r.Uint64()
	}
	buckets := map[[2]uint64][]int{}
	for idx, s := range sets {
		for band := 0; band < perms/rows; band++ {
			var key uint64
			for p := band * rows; p < (band+1)*rows; p++ {
				m := ^uint64(0)
				for _, x := range s {
					if h := a[p]*x + b[p]; h < m {
						m = h
					}
				}
				key = key*1099511628211 ^ m
			}
			k := [2]uint64{uint64(band), key}
			buckets[k] = append(buckets[k], idx)
		}
	}
	seen := map[[2]int]bool{}
	for _, ids := range buckets {
		for i := 0; i < len(ids); i++ {
			for j := i + 1; j < len(ids); j++ {
				p := [2]int{ids[i], ids[j]}
				if seen[p] {
					continue
				}
				seen[p] = true
				if s := jaccard(sets[p[0]], sets[p[1]]); s >= min {
					pairs, sims = append(pairs, p), append(sims, s)
				}
			}
		}
	}
	return pairs, sims
}

// TestNoAccidentalNearDuplicates checks that, apart from the injected ones, no two
// records of a domain (existing set) or of a stand-in are near-duplicates: character
// 5-gram Jaccard below 0.8 on the dedup text (the question; for the reading sources
// the question without its passage), word 5-gram Jaccard for long documents.
func TestNoAccidentalNearDuplicates(t *testing.T) {
	dir := t.TempDir()
	s, err := Generate(dir, Options{Seed: 11, Scale: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	existing, err := record.ReadFile(s.Existing.Path)
	if err != nil {
		t.Fatal(err)
	}
	dups, err := ReadDuplicates(s.Injected.Path)
	if err != nil {
		t.Fatal(err)
	}
	injected := map[string]bool{}
	for _, d := range dups {
		injected[d.ID] = true
	}
	groups := map[string][]record.Record{}
	for _, r := range existing {
		groups["existing/"+r.Domain] = append(groups["existing/"+r.Domain], r)
	}
	for _, c := range convertStandIns(t, s) {
		for _, r := range c.recs {
			if !injected[r.ID] {
				groups[c.files.Name] = append(groups[c.files.Name], r)
			}
		}
	}
	var names []string
	for n := range groups {
		names = append(names, n)
	}
	sort.Strings(names)
	const limit = 0.8
	for _, name := range names {
		recs := groups[name]
		// Questions under minDupWords words are left out: short conversational and
		// benchmark questions repeat in the real data too ("Was it Lyon?"), and the
		// dedup treats them apart.
		var kept []record.Record
		for _, r := range recs {
			if len(strings.Fields(dedupText(r))) >= minDupWords {
				kept = append(kept, r)
			}
		}
		recs = kept
		sets := make([][]uint64, len(recs))
		long := name == "cnn_dailymail" || name == "xsum" || name == "existing/"+record.Summarization
		for i, r := range recs {
			if long {
				sets[i] = wordShingles(dedupText(r))
			} else {
				sets[i] = shingles(dedupText(r))
			}
		}
		pairs, sims := similarPairs(sets, 0.6)
		worst, over, variants, shared := 0.0, 0, 0, 0
		var example string
		for k, p := range pairs {
			// Questions that differ only in their numbers ("… in 1855?" / "… in
			// 1675?") are different questions, template variants, as in the real
			// data; the dedup keeps them apart by policy.
			if noDigits(dedupText(recs[p[0]])) == noDigits(dedupText(recs[p[1]])) {
				variants++
				continue
			}
			// Questions on one passage are related by design (DROP asks for the
			// longest field goal of each team): the hard negatives the dedup must
			// keep apart, not accidents.
			if pa := passageOf(recs[p[0]]); pa != "" && pa == passageOf(recs[p[1]]) {
				shared++
				continue
			}
			if sims[k] > worst {
				worst = sims[k]
				example = fmt.Sprintf("%q\n%q", dedupText(recs[p[0]]), dedupText(recs[p[1]]))
			}
			if sims[k] >= limit {
				over++
			}
		}
		t.Logf("%-28s %5d records: %3d pairs at Jaccard >= 0.6 (%d differ only in numbers, %d share a passage), max %.2f otherwise",
			name, len(recs), len(pairs), variants, shared, worst)
		if over > 0 {
			t.Errorf("%s: %d accidental pairs at Jaccard >= %.1f, e.g. (%.2f)\n%s", name, over, limit, worst, example)
		}
	}
}

// noDigits is s without its digits.
func noDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return -1
		}
		return r
	}, s)
}

// passageOf is the passage part of a reading record's question ("" for others).
func passageOf(r record.Record) string {
	q, ok := r.Meta["source_question"].(string)
	if !ok {
		return ""
	}
	return strings.TrimSuffix(strings.TrimSpace(r.Question), q)
}
