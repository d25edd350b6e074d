package demo

import (
	"math"
	"strings"

	"qmix/lib/record"
)

// Kinds of injected duplicate, by where the original is.
const (
	KindExisting = "against_existing" // the original is an existing record
	KindCross    = "cross_source"     // the original is another source's stand-in record
	KindWithin   = "within_source"    // the original is a record of the same stand-in
)

// dupRule injects duplicates into target: copies of records of from (a source name,
// or for KindExisting a domain of the existing set) with an edit, rate × the
// stand-in's size of them.
type dupRule struct {
	target, kind, from string
	rate               float64
}

// minDupWords is the fewest words an original must have: one edit in a three-word
// question ("Was it Lyon?") makes another question rather than a near-duplicate, and
// the dedup's requirements start at questions of about a dozen words.
const minDupWords = 8

// eligible reports whether it may be copied: not a duplicate itself, not copied
// already, and long enough.
func (in *injector) eligible(it *item) bool {
	return !in.used[it] && it.dupOf == nil && it.dupOfID == "" && len(strings.Fields(it.q)) >= minDupWords
}

// withinRate is the share of each stand-in (HumanEval aside) that repeats one of its
// own records with an edit.
const withinRate = 0.05

// dupRules are the duplicates copied from elsewhere. They go where the plan's
// sources really overlap: synthetic math, instruction and tool-use questions look
// like GSM8K, MATH, MetaMathQA, Alpaca and APIBench questions; MetaMathQA rewrites
// GSM8K and MATH training problems (its AnsAug records repeat them); benchmark items
// travel between MMLU and ARC; instruction sets copy Natural Instructions tasks. A
// duplicate's original always comes earlier in the plan's order (existing records
// first), so a keep-first dedup in that order keeps the original.
var dupRules = []dupRule{
	{"gsm8k", KindExisting, record.Math, 0.04},
	{"math", KindExisting, record.Math, 0.04},
	{"metamathqa", KindExisting, record.Math, 0.04},
	{"metamathqa", KindCross, "gsm8k", 0.08},
	{"metamathqa", KindCross, "math", 0.05},
	{"arc_challenge", KindCross, "mmlu", 0.04},
	{"gorilla", KindExisting, record.ToolUse, 0.04},
	{"alpaca", KindExisting, record.Instruction, 0.03},
	{"alpaca", KindExisting, record.Coding, 0.01},
	{"alpaca", KindCross, "natural_instructions", 0.02},
}

// plannedDups is how many duplicates a stand-in of n records receives, per rule in
// dupRules order and then the within-source ones.
func plannedDups(name string, n int) (rules []int, within int) {
	for _, r := range dupRules {
		k := 0
		if r.target == name {
			k = int(math.Round(r.rate * float64(n)))
		}
		rules = append(rules, k)
	}
	if name != "humaneval" {
		within = int(math.Round(withinRate * float64(n)))
	}
	return rules, within
}

// injector places duplicates into the stand-ins.
type injector struct {
	g        *gen
	existing []record.Record
	byDomain map[string][]int // easy existing records by domain
	used     map[*item]bool   // stand-in records already copied
	usedEx   map[int]bool     // existing records already copied
	items    map[string][]*item
	specs    map[string]*spec
}

// inject adds the planned duplicates to every stand-in. Each stand-in was generated
// with its planned number of duplicates fewer records; when a duplicate cannot be
// made (no original left at a tiny scale), a fresh record takes its place, so the
// sizes stay exact.
func (in *injector) inject(order []string, sizes map[string]int) {
	for _, name := range order {
		sp := in.specs[name]
		rules, within := plannedDups(name, sizes[name])
		for ri, k := range rules {
			r := dupRules[ri]
			for ; k > 0; k-- {
				if !in.fromElsewhere(sp, r) {
					in.fresh(sp)
				}
			}
		}
		for ; within > 0; within-- {
			if !in.within(sp) {
				in.fresh(sp)
			}
		}
	}
}

// fresh adds one new record in place of a duplicate that could not be made.
func (in *injector) fresh(sp *spec) {
	it := sp.base(in.g, 1)[0]
	// A group of its own (a new passage, story or task): writers name passages,
	// stories and tasks by position, so the new one cannot collide with another.
	for _, x := range in.items[sp.name] {
		it.group = max(it.group, x.group+1)
	}
	in.insert(sp.name, it, -1)
}

// edit applies a random edit that changes text (or, for multiple choice, may
// reorder the options instead) and returns its name.
func (in *injector) edit(it *item, mc bool) (string, bool) {
	edits := textEdits
	if mc && len(it.choices) > 1 {
		// Reordered options weigh three times as much for multiple choice: it is the
		// edit that tells a dedup keyed on the stem and sorted options from one that
		// compares the rendered question.
		edits = append(append([]string(nil), textEdits...), EditReorderedChoices, EditReorderedChoices, EditReorderedChoices)
	}
	for try := 0; try < 20; try++ {
		e := in.g.pick(edits)
		if e == EditReorderedChoices {
			ch, key, ok := in.g.reorder(it.choices, it.key)
			if ok {
				it.choices, it.key = ch, key
				return e, true
			}
			continue
		}
		if s, ok := in.g.applyEdit(it.q, e); ok {
			it.q = s
			return e, true
		}
	}
	return "", false
}

// fromElsewhere adds a copy of an existing record or of another source's record.
func (in *injector) fromElsewhere(sp *spec, r dupRule) bool {
	if sp.fromText == nil {
		return false
	}
	var text string
	var from *item
	exIdx := -1
	if r.kind == KindExisting {
		cands := in.byDomain[r.from]
		for try := 0; try < 20 && len(cands) > 0; try++ {
			i := cands[in.g.r.IntN(len(cands))]
			if !in.usedEx[i] {
				exIdx = i
				break
			}
		}
		if exIdx < 0 {
			return false
		}
		text = in.existing[exIdx].Question
	} else {
		cands := in.items[r.from]
		for try := 0; try < 20 && len(cands) > 0; try++ {
			c := cands[in.g.r.IntN(len(cands))]
			if in.eligible(c) {
				from = c
				break
			}
		}
		if from == nil {
			return false
		}
		text = from.q
	}
	// Edit a stand-in of the original, then make the record from its text (and for
	// multiple choice, its options).
	probe := &item{q: text}
	if from != nil {
		probe.choices, probe.key = append([]string(nil), from.choices...), from.key
	}
	e, ok := in.edit(probe, sp.mc && from != nil)
	if !ok {
		return false
	}
	it := sp.fromText(in.g, probe.q, from)
	if len(probe.choices) > 0 && len(it.choices) == len(probe.choices) {
		it.choices, it.key = probe.choices, probe.key
	}
	it.edit = e
	if from != nil {
		it.dupOf = from
		in.used[from] = true
	} else {
		it.dupOfID = in.existing[exIdx].ID
		in.usedEx[exIdx] = true
	}
	in.insert(sp.name, it, -1)
	return true
}

// within adds an edited copy of one of the stand-in's own records, after it.
func (in *injector) within(sp *spec) bool {
	items := in.items[sp.name]
	for try := 0; try < 50 && len(items) > 0; try++ {
		i := in.g.r.IntN(len(items))
		orig := items[i]
		if !in.eligible(orig) {
			continue
		}
		c := cloneItem(orig)
		c.dupOf, c.dupOfID = orig, ""
		e, ok := in.edit(c, sp.mc)
		if !ok {
			continue
		}
		c.edit = e
		in.used[orig] = true
		in.insert(sp.name, c, i)
		return true
	}
	return false
}

// insert puts it at a random place in its group's run of items after index after
// (-1: anywhere in the run); a group not present yet goes at the end.
func (in *injector) insert(name string, it *item, after int) {
	items := in.items[name]
	lo, hi := -1, -1 // the run of it.group: items[lo:hi]
	for i, x := range items {
		if x.group == it.group {
			if lo < 0 {
				lo = i
			}
			hi = i + 1
		}
	}
	var at int
	switch {
	case lo < 0:
		at = len(items)
	case after >= 0:
		at = after + 1 + in.g.r.IntN(hi-after)
	default:
		at = lo + in.g.r.IntN(hi-lo+1)
	}
	items = append(items, nil)
	copy(items[at+1:], items[at:])
	items[at] = it
	in.items[name] = items
}
