package balance

import (
	"errors"
	"flag"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"qmix/lib/golden"
	"qmix/lib/label"
	"qmix/lib/record"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// spec describes n generated records of one (domain, source, difficulty), each of
// the given tokens (or tokens, tokens+step, tokens+2·step… when step > 0).
type spec struct {
	domain, source, diff string
	n, tokens, step      int
}

// gen generates records from specs, ids "<source>/<domain>/<diff>/<i>".
func gen(specs ...spec) []record.Record {
	var out []record.Record
	for _, s := range specs {
		for i := range s.n {
			id := fmt.Sprintf("%s/%s/%s/%d", s.source, s.domain, s.diff, i)
			out = append(out, record.Record{ID: id, Question: "q", Domain: s.domain, Difficulty: s.diff,
				Source: s.source, SourceID: id, Tokens: record.Tokens{Question: s.tokens + i*s.step}})
		}
	}
	return out
}

const (
	easy = record.Easy
	hard = record.Hard
)

// counts tallies kept records by domain and by source.
func counts(recs []record.Record) (byDomain, bySource map[string]int) {
	byDomain, bySource = map[string]int{}, map[string]int{}
	for _, r := range recs {
		byDomain[r.Domain]++
		bySource[r.Source]++
	}
	return
}

func share(recs []record.Record) float64 {
	e, h := 0, 0
	for _, r := range recs {
		if r.Difficulty == hard {
			h += r.TotalTokens()
		} else {
			e += r.TotalTokens()
		}
	}
	return float64(e) / float64(e+h)
}

// checkAccounting: every input is kept or dropped exactly once, in input order.
func checkAccounting(t *testing.T, in, kept []record.Record, drops []record.Drop) {
	t.Helper()
	if len(kept)+len(drops) != len(in) {
		t.Fatalf("%d kept + %d dropped ≠ %d inputs", len(kept), len(drops), len(in))
	}
	k, d := 0, 0
	for _, r := range in {
		switch {
		case k < len(kept) && kept[k].ID == r.ID:
			k++
		case d < len(drops) && drops[d].ID == r.ID:
			if drops[d].Stage != "balance" || drops[d].Reason != record.ReasonTrimmed || drops[d].Detail == "" {
				t.Errorf("drop %+v", drops[d])
			}
			d++
		default:
			t.Fatalf("record %s neither kept nor dropped in input order", r.ID)
		}
	}
}

func details(drops []record.Drop) map[string]int {
	m := map[string]int{}
	for _, d := range drops {
		m[d.Detail]++
	}
	return m
}

func TestBalanceCounts(t *testing.T) {
	tests := []struct {
		name      string
		in        []record.Record
		opt       Options
		byDomain  map[string]int
		bySource  map[string]int
		dropNotes map[string]int
	}{
		{
			name: "exact quota, existing first",
			in:   gen(spec{"math", "existing", easy, 6, 10, 0}, spec{"math", "gsm8k", easy, 10, 10, 0}),
			opt:  Options{Quota: map[string]int{"math": 8}},
			// 6 existing + 2 gsm8k
			byDomain:  map[string]int{"math": 8},
			bySource:  map[string]int{"existing": 6, "gsm8k": 2},
			dropNotes: map[string]int{"quota math 8": 8},
		},
		{
			name:      "domain missing from the quota map is dropped",
			in:        gen(spec{"math", "gsm8k", easy, 3, 10, 0}, spec{"coding", "mbpp", easy, 3, 10, 0}),
			opt:       Options{Quota: map[string]int{"math": 2}},
			byDomain:  map[string]int{"math": 2},
			bySource:  map[string]int{"gsm8k": 2},
			dropNotes: map[string]int{"quota math 2": 1, "quota coding 0": 3},
		},
		{
			name: "sources trimmed in proportion",
			in: gen(spec{"reading", "squad_v2", easy, 600, 10, 0}, spec{"reading", "drop", easy, 300, 10, 0},
				spec{"reading", "coqa", easy, 100, 10, 0}),
			opt:       Options{Quota: map[string]int{"reading": 100}},
			byDomain:  map[string]int{"reading": 100},
			bySource:  map[string]int{"squad_v2": 60, "drop": 30, "coqa": 10},
			dropNotes: map[string]int{"quota reading 100": 900},
		},
		{
			name: "caps bound a source",
			in: gen(spec{"instruction", "alpaca", easy, 50, 10, 0}, spec{"instruction", "natural_instructions", easy, 50, 10, 0},
				spec{"instruction", "existing", easy, 10, 10, 0}),
			opt:      Options{Quota: map[string]int{"instruction": 40}, Caps: map[string]int{"alpaca": 5}},
			byDomain: map[string]int{"instruction": 40},
			// The gap of 30 splits 5:50 over what the sources can give: 3 and 27.
			bySource:  map[string]int{"existing": 10, "alpaca": 3, "natural_instructions": 27},
			dropNotes: map[string]int{"cap alpaca 5": 45, "quota instruction 40": 25},
		},
		{
			name:      "cap 0 excludes a source",
			in:        gen(spec{"coding", "mbpp", easy, 5, 10, 0}, spec{"coding", "humaneval", easy, 5, 10, 0}),
			opt:       Options{Quota: map[string]int{"coding": 4}, Caps: map[string]int{"humaneval": 0}},
			byDomain:  map[string]int{"coding": 4},
			bySource:  map[string]int{"mbpp": 4},
			dropNotes: map[string]int{"cap humaneval 0": 5, "quota coding 4": 1},
		},
		{
			name: "a cap on a source in two domains is split by size",
			in: gen(spec{"math", "existing", easy, 30, 10, 0}, spec{"coding", "existing", easy, 10, 10, 0},
				spec{"math", "gsm8k", easy, 20, 10, 0}, spec{"coding", "mbpp", easy, 20, 10, 0}),
			opt:       Options{Quota: map[string]int{"math": 25, "coding": 25}, Caps: map[string]int{"existing": 20}},
			byDomain:  map[string]int{"math": 25, "coding": 25},
			bySource:  map[string]int{"existing": 20, "gsm8k": 10, "mbpp": 20},
			dropNotes: map[string]int{"cap existing 20": 20, "quota math 25": 10},
		},
		{
			name:      "existing beyond the quota: hard existing kept first",
			in:        gen(spec{"math", "existing", easy, 10, 10, 0}, spec{"math", "existing", hard, 3, 10, 0}),
			opt:       Options{Quota: map[string]int{"math": 5}},
			byDomain:  map[string]int{"math": 5},
			bySource:  map[string]int{"existing": 5},
			dropNotes: map[string]int{"quota math 5": 8},
		},
		{
			name:      "quota 0 everywhere keeps nothing",
			in:        gen(spec{"math", "gsm8k", easy, 3, 10, 0}),
			opt:       Options{Quota: map[string]int{}},
			byDomain:  map[string]int{},
			bySource:  map[string]int{},
			dropNotes: map[string]int{"quota math 0": 3},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := tt.opt
			opt.Tolerance = 1 // counts only: these records are all easy
			kept, drops, rep, err := Balance(tt.in, opt)
			if err != nil {
				t.Fatal(err)
			}
			checkAccounting(t, tt.in, kept, drops)
			d, s := counts(kept)
			if !reflect.DeepEqual(d, tt.byDomain) || !reflect.DeepEqual(s, tt.bySource) {
				t.Errorf("kept by domain %v by source %v, want %v %v", d, s, tt.byDomain, tt.bySource)
			}
			if got := details(drops); !reflect.DeepEqual(got, tt.dropNotes) {
				t.Errorf("drop details %v, want %v", got, tt.dropNotes)
			}
			for _, dc := range rep.Domains {
				if dc.After != tt.byDomain[dc.Domain] {
					t.Errorf("report: %s after %d, want %d", dc.Domain, dc.After, tt.byDomain[dc.Domain])
				}
			}
		})
	}
}

func TestBalancePriority(t *testing.T) {
	// MATH has 10 hard and 30 easy records; its share of the gap is 8: all hard.
	in := gen(spec{"math", "existing", easy, 20, 50, 0},
		spec{"math", "math", easy, 30, 50, 0}, spec{"math", "math", hard, 10, 50, 0},
		spec{"math", "gsm8k", easy, 40, 50, 0})
	kept, _, _, err := Balance(in, Options{Quota: map[string]int{"math": 36}, TargetEasy: 0.5, Tolerance: 0.45})
	if err != nil {
		t.Fatal(err)
	}
	byKind := map[string]int{}
	for _, r := range kept {
		byKind[r.Source+"/"+r.Difficulty]++
	}
	want := map[string]int{"existing/easy": 20, "math/hard": 8, "gsm8k/easy": 8}
	if !reflect.DeepEqual(byKind, want) {
		t.Errorf("kept %v, want %v: existing first, then hard within each source", byKind, want)
	}
}

func TestBalanceTokenBalance(t *testing.T) {
	// Existing: 100 easy × 100 tokens and 10 hard × 1,400 (41.7% easy). Public
	// summaries of 200–398 tokens (easy) fill a gap of 50 in a 250-record pool: a
	// random start holds ~15,000 easy tokens and lands near 66; the balancer must pick
	// shorter ones within each source (the shortest 50 give 59.8).
	in := gen(spec{"summarization", "existing", easy, 100, 100, 0}, spec{"summarization", "existing", hard, 10, 1400, 0},
		spec{"summarization", "xsum", easy, 100, 200, 2}, spec{"summarization", "cnn_dailymail", easy, 150, 200, 1})
	opt := Options{Quota: map[string]int{"summarization": 160}, Seed: 7}
	kept, drops, rep, err := Balance(in, opt)
	if err != nil {
		t.Fatal(err)
	}
	checkAccounting(t, in, kept, drops)
	_, bySource := counts(kept)
	if want := map[string]int{"existing": 110, "xsum": 20, "cnn_dailymail": 30}; !reflect.DeepEqual(bySource, want) {
		t.Errorf("by source %v, want %v: swaps must keep per-source counts", bySource, want)
	}
	s := share(kept)
	if s < 0.6-0.025 || s > 0.6+0.025 {
		t.Errorf("share %.4f outside 60 ± 2.5", s)
	}
	if rep.Initial.EasyShare <= 62.5 {
		t.Errorf("fixture: the random start (%.2f) should be outside the band", rep.Initial.EasyShare)
	}
	if rep.Swaps == 0 || details(drops)["token balance"] != rep.Swaps {
		t.Errorf("%d swaps, %d drops for token balance: %v", rep.Swaps, details(drops)["token balance"], details(drops))
	}
	if d := 100*s - rep.After.EasyShare; d > 1e-9 || d < -1e-9 {
		t.Errorf("report after %.4f, kept %.4f", rep.After.EasyShare, 100*s)
	}
	t.Logf("start %.2f → kept %.2f with %d swaps", rep.Initial.EasyShare, rep.After.EasyShare, rep.Swaps)
}

func TestBalanceReachesTarget(t *testing.T) {
	// When the band is reachable, the swaps go on to the target itself. Existing:
	// 58.8% easy; 10 public records of 1–300 tokens: a random start adds ~1,500 easy
	// tokens (62.2), the target needs 500.
	in := gen(spec{"reading", "existing", easy, 100, 100, 0}, spec{"reading", "existing", hard, 10, 700, 0},
		spec{"reading", "squad_v2", easy, 300, 1, 1})
	kept, _, rep, err := Balance(in, Options{Quota: map[string]int{"reading": 120}, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if s := share(kept); s < 0.6-closeEnough-1e-3 || s > 0.6+closeEnough+1e-3 {
		t.Errorf("share %.5f, want 0.600 (start %.2f, %d swaps)", s, rep.Initial.EasyShare, rep.Swaps)
	}
}

func TestBalanceAcrossDifficulties(t *testing.T) {
	// Public MATH is mostly hard and long: hard-first fills the gap with hard records
	// and the share falls below the band; only swapping hard for easy (phase B)
	// reaches it.
	in := gen(spec{"math", "existing", easy, 100, 100, 0}, spec{"math", "existing", hard, 5, 1000, 0},
		spec{"math", "math", hard, 60, 400, 0}, spec{"math", "math", easy, 60, 100, 0})
	kept, _, rep, err := Balance(in, Options{Quota: map[string]int{"math": 145}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.SwapsAcross == 0 {
		t.Errorf("no swaps across difficulties (start %.2f, kept %.2f)", rep.Initial.EasyShare, rep.After.EasyShare)
	}
	if s := share(kept); s < 0.575 {
		t.Errorf("share %.4f below the band", s)
	}
}

func TestBalanceInfeasible(t *testing.T) {
	// Long easy summaries in a short-record existing set: even the shortest are too
	// many easy tokens.
	in := gen(spec{"summarization", "existing", easy, 100, 100, 0}, spec{"summarization", "existing", hard, 10, 650, 0},
		spec{"summarization", "cnn_dailymail", easy, 100, 500, 5}, spec{"summarization", "xsum", easy, 100, 150, 3},
		spec{"reading", "existing", easy, 50, 100, 0}, spec{"reading", "squad_v2", easy, 100, 150, 1})
	opt := Options{Quota: map[string]int{"summarization": 150, "reading": 80}, Seed: 1}
	kept, drops, rep, err := Balance(in, opt)
	if err == nil {
		t.Fatalf("no error; share %.2f", rep.After.EasyShare)
	}
	if kept != nil || drops != nil {
		t.Error("kept or drops returned with an error")
	}
	var ie *InfeasibleError
	if !errors.Is(err, ErrTokenBalance) || !errors.As(err, &ie) {
		t.Fatalf("error %T %v", err, err)
	}
	if ie.Best.EasyShare != rep.After.EasyShare || ie.Best.EasyShare <= 62.5 {
		t.Errorf("best %.2f, report %.2f", ie.Best.EasyShare, rep.After.EasyShare)
	}
	var names []string
	for _, l := range ie.Levers {
		names = append(names, l.Name)
	}
	if want := []string{"relabel", "quotas", "caps", "tolerance"}; !reflect.DeepEqual(names, want) {
		t.Errorf("levers %v, want %v", names, want)
	}
	golden.Check(t, "infeasible_golden.txt", err.Error()+"\n", *update)

	// The relabel lever's threshold works when applied.
	advice := ie.Levers[0].Advice
	var h float64
	if k := strings.Index(advice, "HardAbove: "); k < 0 {
		t.Fatalf("no threshold in %q", advice)
	} else if _, err := fmt.Sscanf(advice[k:], "HardAbove: %g}", &h); err != nil {
		t.Fatal(err)
	}
	rel, _ := label.Relabel(in, label.Options{HardAbove: h, OnlyPublic: true})
	if _, _, rep, err := Balance(rel, opt); err != nil {
		t.Errorf("relabelled at %v as advised: %v", h, err)
	} else {
		t.Logf("relabelled at %v as advised: %.2f", h, rep.After.EasyShare)
	}
}

func TestBalanceInfeasibleTooHard(t *testing.T) {
	// Hard records are kept first and the existing set alone is below the band.
	in := gen(spec{"math", "existing", easy, 100, 100, 0}, spec{"math", "existing", hard, 10, 1500, 0},
		spec{"math", "math", hard, 20, 400, 0})
	_, _, _, err := Balance(in, Options{Quota: map[string]int{"math": 120}})
	var ie *InfeasibleError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v", err)
	}
	msg := err.Error()
	for _, want := range []string{"below the band's edge 57.5", "relabel: cannot help", "tolerance: Tolerance"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
}

func TestBalanceErrors(t *testing.T) {
	ok := gen(spec{"math", "gsm8k", easy, 3, 10, 0})
	dup := append(gen(spec{"math", "gsm8k", easy, 2, 10, 0}), gen(spec{"math", "gsm8k", easy, 1, 10, 0})...)
	bad := gen(spec{"math", "gsm8k", easy, 2, 10, 0})
	bad[1].Difficulty = "medium"
	tests := []struct {
		name string
		in   []record.Record
		opt  Options
		is   error
		msg  string
	}{
		{"quota above supply", ok, Options{Quota: map[string]int{"math": 5}}, ErrQuota,
			"domain math has 3 records available (0 existing + 3 public), 2 short of its quota 5"},
		{"quota for a domain with no records", ok, Options{Quota: map[string]int{"math": 3, "coding": 2}}, ErrQuota,
			"domain coding has 0 records available"},
		{"caps make the quota short", ok, Options{Quota: map[string]int{"math": 3}, Caps: map[string]int{"gsm8k": 1}}, ErrQuota,
			"the caps withhold 2 — raise them"},
		{"unknown domain", ok, Options{Quota: map[string]int{"cooking": 1}}, nil, `quota for unknown domain "cooking"`},
		{"negative quota", ok, Options{Quota: map[string]int{"math": -1}}, nil, "negative quota"},
		{"negative cap", ok, Options{Quota: map[string]int{"math": 1}, Caps: map[string]int{"gsm8k": -1}}, nil, "negative cap"},
		{"target out of range", ok, Options{TargetEasy: 60}, nil, "target easy share 60 is not between 0 and 1"},
		{"negative tolerance", ok, Options{Tolerance: -1}, nil, "tolerance -1"},
		{"duplicate id", dup, Options{Quota: map[string]int{"math": 1}}, nil, `id "gsm8k/math/easy/0" appears twice (records 1 and 3)`},
		{"invalid record", bad, Options{Quota: map[string]int{"math": 1}}, nil, "field difficulty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, err := Balance(tt.in, tt.opt)
			if err == nil {
				t.Fatal("no error")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q lacks %q", err, tt.msg)
			}
		})
	}
}

func TestBalanceDeterministic(t *testing.T) {
	in := synthetic(5, 300)
	opt := Options{Seed: 11}
	kept1, drops1, rep1, err := Balance(in, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("same seed, same output", func(t *testing.T) {
		kept2, drops2, rep2, _ := Balance(in, opt)
		if !reflect.DeepEqual(kept1, kept2) || !reflect.DeepEqual(drops1, drops2) || !reflect.DeepEqual(rep1, rep2) {
			t.Error("two runs differ")
		}
	})
	t.Run("GOMAXPROCS is irrelevant", func(t *testing.T) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
		kept2, drops2, _, _ := Balance(in, opt)
		runtime.GOMAXPROCS(8)
		kept3, drops3, _, _ := Balance(in, opt)
		if !reflect.DeepEqual(kept1, kept2) || !reflect.DeepEqual(kept1, kept3) || !reflect.DeepEqual(drops1, drops2) || !reflect.DeepEqual(drops1, drops3) {
			t.Error("output depends on GOMAXPROCS")
		}
	})
	t.Run("input order is irrelevant to the selection", func(t *testing.T) {
		rev := make([]record.Record, len(in))
		for i, r := range in {
			rev[len(in)-1-i] = r
		}
		kept2, _, rep2, _ := Balance(rev, opt)
		if !sameIDs(kept1, kept2) || rep1.After != rep2.After {
			t.Error("reversed input selects other records")
		}
	})
	t.Run("another seed, another selection", func(t *testing.T) {
		o := opt
		o.Seed = 12
		kept2, _, _, err := Balance(in, o)
		if err != nil {
			t.Fatal(err)
		}
		if sameIDs(kept1, kept2) {
			t.Error("seed 12 selects the same records as seed 11")
		}
	})
}

func sameIDs(a, b []record.Record) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]bool{}
	for _, r := range a {
		m[r.ID] = true
	}
	for _, r := range b {
		if !m[r.ID] {
			return false
		}
	}
	return true
}

func TestBalanceReport(t *testing.T) {
	in := gen(spec{"math", "existing", easy, 10, 100, 0}, spec{"math", "gsm8k", easy, 10, 100, 0}, spec{"coding", "mbpp", hard, 5, 150, 0})
	_, _, rep, err := Balance(in, Options{Quota: map[string]int{"math": 15, "coding": 2}, Caps: map[string]int{"mbpp": 4}, Tolerance: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := []DomainCount{
		{Domain: "coding", Quota: 2, Before: 5, After: 2, Hard: 2, HardTokens: 300},
		{Domain: "math", Quota: 15, Before: 20, After: 15, Existing: 10, EasyTokens: 1500},
	}
	if !reflect.DeepEqual(rep.Domains, want) {
		t.Errorf("domains %+v, want %+v", rep.Domains, want)
	}
	wantS := []SourceCount{
		{Source: "existing", Cap: -1, Before: 10, After: 10, Tokens: 1000},
		{Source: "gsm8k", Cap: -1, Before: 10, After: 5, Tokens: 500},
		{Source: "mbpp", Cap: 4, Before: 5, After: 2, HardBefore: 5, HardAfter: 2, Tokens: 300},
	}
	if !reflect.DeepEqual(rep.Sources, wantS) {
		t.Errorf("sources %+v, want %+v", rep.Sources, wantS)
	}
	if rep.Before.Records != 25 || rep.After.Records != 17 || rep.Target != 60 || rep.Tolerance != 100 {
		t.Errorf("report %+v", rep)
	}
	if s := rep.String(); !strings.Contains(s, "token balance (easy/hard, target 60.0 ± 100.0)") || !strings.Contains(s, "gsm8k") {
		t.Errorf("report text:\n%s", s)
	}
}
