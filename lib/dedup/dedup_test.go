package dedup

import (
	"fmt"
	"math"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"qmix/lib/record"
	"qmix/lib/source"
)

func rec(id, q string) record.Record {
	return record.Record{ID: id, Question: q, Domain: record.Reasoning, Difficulty: record.Easy, Source: "test", Meta: map[string]any{}}
}

// mc renders a multiple-choice item as lib/source does; answer is the label.
func mc(id, stem string, options []string, answer string) record.Record {
	labels := source.DefaultLabels(len(options))
	r := rec(id, source.MultipleChoice(stem, labels, options))
	r.Meta["choices"] = options
	r.Meta["final_answer"] = answer
	for i, l := range labels {
		if l == answer {
			r.Answer = l + ". " + options[i]
		}
	}
	return r
}

// reading renders a reading question as lib/source does, with or without
// meta.source_question.
func reading(id, passage, q, answer string, withMeta bool) record.Record {
	r := rec(id, "Read the passage and answer the question.\n\nPassage:\n"+passage+"\n\nQuestion: "+q)
	r.Answer = answer
	r.Meta["final_answer"] = answer
	if withMeta {
		r.Meta["source_question"] = q
	}
	return r
}

// ni renders a Natural Instructions instance as lib/source does.
func ni(id, definition, input, output string) record.Record {
	r := rec(id, definition+"\n\nInput: "+input)
	r.Answer = output
	r.Meta["task"] = "task001_test"
	return r
}

// Fixture texts, written for these tests.
const (
	farm        = "A farmer keeps 12 cows in the north field and buys 7 more at the market; how many cows does he own now?"
	passage     = "The lighthouse on Gull Point was built in 1871 from granite quarried on the island. Its lamp was first lit with whale oil, later with kerosene, and it was electrified in 1932. The last keeper, Ada Morrow, left in 1961, when the light was automated and the keeper's house became a museum."
	otherPassge = "The bridge over the Tamsin River opened in 1904 and carried trams until 1950. It was widened in 1968, when the old iron railings were replaced, and today it carries four lanes of traffic and a cycle path between the market and the station."
	definition  = "In this task you are given a sentence from a product review. Classify the sentiment of the sentence as positive or negative. Answer with one word only, and do not explain the answer."
	planets     = "Which planet in our solar system has the largest number of confirmed moons as of today?"
)

var planetOptions = []string{"Jupiter", "Saturn", "Uranus", "Neptune"}

type want struct {
	reason string // "" for kept
	of     string // duplicate_of
}

func TestRules(t *testing.T) {
	kept := want{}
	exact := func(of string) want { return want{record.ReasonExactDuplicate, of} }
	near := func(of string) want { return want{record.ReasonNearDuplicate, of} }
	tests := []struct {
		name  string
		opt   Options
		refs  []record.Record
		adds  []record.Record
		want  []want
		check func(t *testing.T, s Stats, drops []record.Drop)
	}{
		{name: "case, punctuation and whitespace are exact duplicates",
			refs: []record.Record{rec("r", farm)},
			adds: []record.Record{rec("a", "a FARMER keeps 12 cows in the north field, and buys 7 more at the market.  How many cows does he own now")},
			want: []want{exact("r")}},
		{name: "typo",
			refs: []record.Record{rec("r", farm)},
			adds: []record.Record{rec("a", strings.Replace(farm, "market", "makret", 1))},
			want: []want{near("r")}},
		{name: "changed word",
			refs: []record.Record{rec("r", farm)},
			adds: []record.Record{rec("a", strings.Replace(farm, "north", "south", 1))},
			want: []want{near("r")}},
		{name: "dropped word",
			refs: []record.Record{rec("r", farm)},
			adds: []record.Record{rec("a", strings.Replace(farm, "north ", "", 1))},
			want: []want{near("r")}},
		{name: "prefix and suffix",
			refs: []record.Record{rec("r", farm)},
			adds: []record.Record{rec("a", "Question: "+farm), rec("b", farm+" Explain your answer.")},
			want: []want{near("r"), near("r")}},
		{name: "different question is kept",
			refs: []record.Record{rec("r", farm)},
			adds: []record.Record{rec("a", "A baker sells 12 loaves in the morning and 7 more in the evening; how much flour did she use?")},
			want: []want{kept}},
		{name: "other numbers: template variant kept and counted",
			refs: []record.Record{rec("r", farm)},
			adds: []record.Record{rec("a", strings.Replace(farm, "7", "9", 1))},
			want: []want{kept},
			check: func(t *testing.T, s Stats, _ []record.Drop) {
				if s.TemplateVariants != 1 || s.RejectedNumbers != 1 {
					t.Errorf("template variants %d, rejected numbers %d, want 1, 1", s.TemplateVariants, s.RejectedNumbers)
				}
			}},
		{name: "other numbers merged with MergeTemplateVariants",
			opt:  Options{MergeTemplateVariants: true},
			refs: []record.Record{rec("r", farm)},
			adds: []record.Record{rec("a", strings.Replace(farm, "7", "9", 1))},
			want: []want{near("r")},
			check: func(t *testing.T, s Stats, drops []record.Drop) {
				if s.TemplateVariants != 1 || !strings.Contains(drops[0].Detail, "template variant") {
					t.Errorf("template variants %d, detail %q", s.TemplateVariants, drops[0].Detail)
				}
			}},
		{name: "other operator: template variant",
			refs: []record.Record{rec("r", "Find the degree of the field extension Q(sqrt(2) + sqrt(3)) over the rational numbers Q.")},
			adds: []record.Record{rec("a", "Find the degree of the field extension Q(sqrt(2) * sqrt(3)) over the rational numbers Q.")},
			want: []want{kept}},
		{name: "short question: changed word kept",
			refs: []record.Record{rec("r", "What is the capital of France?")},
			adds: []record.Record{rec("a", "What is the capital of Peru?")},
			want: []want{kept}},
		{name: "short question: added word dropped",
			refs: []record.Record{rec("r", "What is the capital of France?")},
			adds: []record.Record{rec("a", "What is the capital city of France?")},
			want: []want{near("r")}},
		{name: "multiple choice: reordered options are exact",
			refs: []record.Record{mc("r", planets, planetOptions, "B")},
			adds: []record.Record{mc("a", planets, []string{"Neptune", "Saturn", "Jupiter", "Uranus"}, "B"),
				mc("b", planets, []string{"Saturn", "Uranus", "Neptune", "Jupiter"}, "A")},
			want: []want{exact("r"), exact("r")}},
		{name: "multiple choice: options from JSON ([]any)",
			refs: []record.Record{mc("r", planets, planetOptions, "B")},
			adds: []record.Record{func() record.Record {
				r := mc("a", planets, planetOptions, "B")
				r.Meta["choices"] = []any{"Jupiter", "Saturn", "Uranus", "Neptune"}
				return r
			}()},
			want: []want{exact("r")}},
		{name: "multiple choice: one option changed is kept",
			refs: []record.Record{mc("r", planets, planetOptions, "B")},
			adds: []record.Record{mc("a", planets, []string{"Jupiter", "Saturn", "Uranus", "Mars"}, "B")},
			want: []want{kept},
			check: func(t *testing.T, s Stats, _ []record.Drop) {
				if s.RejectedChoices != 1 {
					t.Errorf("rejected choices %d, want 1", s.RejectedChoices)
				}
			}},
		{name: "multiple choice: stem typo is near",
			refs: []record.Record{mc("r", planets, planetOptions, "B")},
			adds: []record.Record{mc("a", strings.Replace(planets, "confirmed", "confimred", 1), []string{"Uranus", "Saturn", "Jupiter", "Neptune"}, "B")},
			want: []want{near("r")}},
		{name: "multiple choice: another answer is another question",
			refs: []record.Record{mc("r", planets, planetOptions, "B")},
			adds: []record.Record{mc("a", strings.Replace(planets, "largest", "smallest", 1), planetOptions, "D")},
			want: []want{kept},
			check: func(t *testing.T, s Stats, _ []record.Drop) {
				if s.RejectedAnswer != 1 {
					t.Errorf("rejected answer %d, want 1", s.RejectedAnswer)
				}
			}},
		{name: "reading: same passage, other question kept",
			refs: []record.Record{reading("r", passage, "In what year was the lighthouse on Gull Point first electrified?", "1932", true)},
			adds: []record.Record{reading("a", passage, "Who was the last keeper of the lighthouse?", "Ada Morrow", true)},
			want: []want{kept}},
		{name: "reading: question typo, same passage and answer",
			refs: []record.Record{reading("r", passage, "In what year was the lighthouse on Gull Point first electrified by the island authorities?", "1932", true)},
			adds: []record.Record{reading("a", passage, "In what year was the lighthuose on Gull Point first electrified by the island authorities?", "1932", true)},
			want: []want{near("r")}},
		{name: "reading: same question, other passage kept",
			refs: []record.Record{reading("r", passage, "In what year was it built?", "1871", true)},
			adds: []record.Record{reading("a", otherPassge, "In what year was it built?", "1904", true)},
			want: []want{kept},
			check: func(t *testing.T, s Stats, _ []record.Drop) {
				if s.RejectedContext != 1 {
					t.Errorf("rejected context %d, want 1", s.RejectedContext)
				}
			}},
		{name: "reading: one-word edit with another answer kept (SQuAD 2.0 style)",
			refs: []record.Record{reading("r", passage, "What was the lamp of the lighthouse on Gull Point first lit with when it opened?", "whale oil", true)},
			adds: []record.Record{reading("a", passage, "What was the lamp of the lighthouse on Gull Point not lit with when it opened?",
				"The passage does not contain the answer to this question.", true)},
			want: []want{kept}},
		{name: "reading: layout without meta.source_question",
			refs: []record.Record{reading("r", passage, "Who was the last keeper?", "Ada Morrow", true)},
			adds: []record.Record{reading("a", passage, "Who was the last keeper?", "Ada Morrow", false)},
			want: []want{exact("r")}},
		{name: "instructions: same definition, other input kept; input typo near",
			refs: []record.Record{ni("r", definition, "The battery lasts two full days and charges in under an hour, which is great.", "positive")},
			adds: []record.Record{ni("a", definition, "The screen cracked the first week and support never answered my emails.", "negative"),
				ni("b", definition, "The battery lasts two full days and charges in under an hour, which is graet.", "positive")},
			want: []want{kept, near("r")}},
		{name: "instructions: an instance copied as instruction + input is near",
			refs: []record.Record{ni("r", definition, "The battery lasts two full days and charges in under an hour, which is great.", "positive")},
			adds: []record.Record{rec("a", definition+"\n\nThe battery lasts two full days and charges in under an hour, which is great.")},
			want: []want{near("r")}},
		{name: "reading: the same question at another turn of a conversation",
			refs: []record.Record{reading("r", passage+"\n\nConversation so far:\nQ: Where is it?\nA: Gull Point", "Who was the last keeper?", "Ada Morrow", true)},
			adds: []record.Record{reading("a", passage+"\n\nConversation so far:\nQ: Where is it?\nA: Gull Point\nQ: When was it built?\nA: 1871", "Who was the last keeper?", "Ada Morrow", true),
				reading("b", passage+"\n\nConversation so far:\nQ: Where is it?\nA: Gull Point\nQ: When was it built?\nA: 1871", "Who was the last keeper?", "Ada", true)},
			want: []want{exact("r"), exact("r")}},
		{name: "references are never dropped, duplicates point at the first",
			refs: []record.Record{rec("r1", farm), rec("r2", farm)},
			adds: []record.Record{rec("a", farm)},
			want: []want{exact("r1")},
			check: func(t *testing.T, s Stats, _ []record.Drop) {
				if s.References != 2 || s.Checked != 1 {
					t.Errorf("references %d, checked %d", s.References, s.Checked)
				}
			}},
		{name: "keep-first within new records",
			adds: []record.Record{rec("a", farm), rec("b", strings.Replace(farm, "north", "east", 1)), rec("c", farm)},
			want: []want{kept, near("a"), exact("a")},
			check: func(t *testing.T, s Stats, _ []record.Drop) {
				if s.LargestCluster != 2 || s.LargestClusterID != "a" {
					t.Errorf("largest cluster %d %q, want 2 a", s.LargestCluster, s.LargestClusterID)
				}
			}},
		{name: "no transitive chains: a drop is not indexed",
			// b is within the threshold of a (2 of 22 words changed, J = 20/24); c is
			// within it of b but not of a (4 changed, J = 18/26): c is kept.
			adds: []record.Record{rec("a", farm),
				rec("b", strings.NewReplacer("north", "south", "market", "fair").Replace(farm)),
				rec("c", strings.NewReplacer("north", "south", "market", "fair", "farmer", "rancher", "cows", "oxen").Replace(farm))},
			want: []want{kept, near("a"), kept}},
		{name: "the most similar kept record wins",
			adds: []record.Record{rec("a", farm),
				rec("b", strings.NewReplacer("north", "south", "market", "fair", "farmer", "rancher").Replace(farm)),
				rec("c", strings.NewReplacer("north", "south", "market", "fair").Replace(farm))},
			want: []want{kept, kept, near("b")}},
		{name: "texts without words are compared exactly",
			adds: []record.Record{rec("a", "???"), rec("b", "!!!"), rec("c", "...?")},
			want: []want{kept, exact("a"), exact("a")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := New(tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range tt.refs {
				d.AddReference(r)
			}
			var drops []record.Drop
			for i, r := range tt.adds {
				drop, dup := d.Add(r)
				got := want{}
				if dup {
					got = want{drop.Reason, drop.DuplicateOf}
					drops = append(drops, drop)
					if drop.Stage != Stage || drop.ID != r.ID || drop.Detail == "" {
						t.Errorf("%s: incomplete drop %+v", r.ID, drop)
					}
					if drop.Reason == record.ReasonExactDuplicate && drop.Similarity != 1 ||
						drop.Reason == record.ReasonNearDuplicate && (drop.Similarity < d.Options().Threshold || drop.Similarity >= 1) {
						t.Errorf("%s: similarity %v for %s", r.ID, drop.Similarity, drop.Reason)
					}
				}
				if got != tt.want[i] {
					t.Errorf("%s: got %+v, want %+v (drop %+v)", r.ID, got, tt.want[i], drop)
				}
			}
			s := d.Stats()
			if s.Checked != s.Kept+s.Exact+s.Near {
				t.Errorf("checked %d != kept %d + exact %d + near %d", s.Checked, s.Kept, s.Exact, s.Near)
			}
			if tt.check != nil {
				tt.check(t, s, drops)
			}
		})
	}
}

func TestOptions(t *testing.T) {
	tests := []struct {
		name string
		in   Options
		want Options
		err  string
	}{
		{"defaults", Options{}, Options{Threshold: 0.8, NumPerm: 128, Bands: 21, Rows: 6, Seed: DefaultSeed}, ""},
		{"threshold 0.9", Options{Threshold: 0.9}, Options{Threshold: 0.9, NumPerm: 128, Bands: 12, Rows: 10, Seed: DefaultSeed}, ""},
		{"threshold 0.7", Options{Threshold: 0.7}, Options{Threshold: 0.7, NumPerm: 128, Bands: 32, Rows: 4, Seed: DefaultSeed}, ""},
		{"bands and rows", Options{Bands: 16, Rows: 8}, Options{Threshold: 0.8, NumPerm: 128, Bands: 16, Rows: 8, Seed: DefaultSeed}, ""},
		{"bands only", Options{NumPerm: 100, Bands: 20}, Options{Threshold: 0.8, NumPerm: 100, Bands: 20, Rows: 5, Seed: DefaultSeed}, ""},
		{"rows only", Options{Rows: 4, Seed: 7}, Options{Threshold: 0.8, NumPerm: 128, Bands: 32, Rows: 4, Seed: 7}, ""},
		{"too many bands", Options{NumPerm: 64, Bands: 16, Rows: 8}, Options{}, "do not fit"},
		{"threshold above 1", Options{Threshold: 1.5}, Options{}, "out of range"},
		{"negative threshold", Options{Threshold: -0.1}, Options{}, "out of range"},
		{"NaN threshold", Options{Threshold: math.NaN()}, Options{}, "out of range"},
		{"negative bands", Options{Bands: -1}, Options{}, "negative"},
		{"huge signature", Options{NumPerm: 1 << 20}, Options{}, "above"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := New(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				if _, _, _, err := Run(nil, nil, tt.in); err == nil {
					t.Error("Run accepted invalid options")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Options(); got != tt.want {
				t.Errorf("options %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestChooseBands(t *testing.T) {
	for _, tt := range []struct {
		threshold   float64
		perm        int
		bands, rows int
	}{
		{0.8, 128, 21, 6}, {0.9, 128, 12, 10}, {0.7, 128, 32, 4}, {0.5, 128, 42, 3}, {0.8, 256, 32, 8},
	} {
		t.Run(fmt.Sprint(tt.threshold, "/", tt.perm), func(t *testing.T) {
			b, r := ChooseBands(tt.threshold, tt.perm)
			if b != tt.bands || r != tt.rows {
				t.Errorf("ChooseBands = %d×%d, want %d×%d", b, r, tt.bands, tt.rows)
			}
			if p := CandidateProbability(tt.threshold, b, r); p < TargetRecall {
				t.Errorf("P(%v) = %v < %v", tt.threshold, p, TargetRecall)
			}
			if b*r > tt.perm {
				t.Errorf("%d×%d > %d", b, r, tt.perm)
			}
		})
	}
	// The S-curve figures quoted in ChooseBands' comment.
	for _, tt := range []struct{ j, p float64 }{{0.8, 0.998}, {0.6, 0.633}, {0.5, 0.282}, {0.4, 0.083}, {0.3, 0.015}} {
		if got := CandidateProbability(tt.j, 21, 6); math.Abs(got-tt.p) > 0.001 {
			t.Errorf("P(%v) = %.4f, want %.3f", tt.j, got, tt.p)
		}
	}
}

// TestMinHashEstimate checks that the signature estimates the Jaccard similarity
// the verification computes: the mean absolute error over many pairs stays near
// the MinHash standard error sqrt(J(1-J)/128) ≤ 0.044.
func TestMinHashEstimate(t *testing.T) {
	recs := shortQuestions(4000, 3)
	d, _ := New(Options{})
	var sum float64
	n := 0
	pa, pb := prep{}, prep{}
	for i := 1; i < len(recs); i++ {
		d.pr.prepare(&recs[i-1], &pa)
		a := append([]uint32(nil), pa.sig...)
		d.pr.prepare(&recs[i], &pb)
		j := jaccard(pa.tokens, pb.tokens)
		sum += math.Abs(estimate(a, pb.sig) - j)
		n++
	}
	if mae := sum / float64(n); mae > 0.05 {
		t.Errorf("mean absolute error of the MinHash estimate %.3f > 0.05", mae)
	}
}

// TestDeterminism: Run and AddAll equal Add one by one, under any GOMAXPROCS.
func TestDeterminism(t *testing.T) {
	recs := shortQuestions(12000, 5)
	ref, in := recs[:2000], recs[2000:]
	type result struct {
		kept  []string
		drops []record.Drop
		stats Stats
		sims  []float64
	}
	run := func(procs int) (result, result) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		kept, drops, stats, err := Run(ref, in, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range kept {
			ids = append(ids, r.ID)
		}
		d, _ := New(Options{})
		d.AddReferences(ref)
		kept2, drops2 := d.AddAll(in)
		var ids2 []string
		for _, r := range kept2 {
			ids2 = append(ids2, r.ID)
		}
		return result{ids, drops, stats, nil}, result{ids2, drops2, d.Stats(), d.Similarities()}
	}
	stream := func() result {
		d, _ := New(Options{})
		for _, r := range ref {
			d.AddReference(r)
		}
		var res result
		for _, r := range in {
			if drop, dup := d.Add(r); dup {
				res.drops = append(res.drops, drop)
			} else {
				res.kept = append(res.kept, r.ID)
			}
		}
		res.stats, res.sims = d.Stats(), d.Similarities()
		return res
	}
	want := stream()
	if len(want.drops) == 0 || want.stats.CandidatePairs == 0 || len(want.sims) != want.stats.CandidatePairs {
		t.Fatalf("degenerate input: %d drops, %d pairs, %d similarities", len(want.drops), want.stats.CandidatePairs, len(want.sims))
	}
	if again := stream(); !reflect.DeepEqual(again, want) {
		t.Error("two streaming runs differ")
	}
	for _, procs := range []int{1, 2, 4} {
		got, all := run(procs)
		got.sims = want.sims
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Run with GOMAXPROCS=%d differs from Add one by one", procs)
		}
		if !reflect.DeepEqual(all, want) {
			t.Errorf("AddReferences + AddAll with GOMAXPROCS=%d differ from Add one by one", procs)
		}
	}
}

func TestStatsBySource(t *testing.T) {
	a, b := rec("a", farm), rec("b", farm)
	b.Source = "other"
	c := rec("c", "An unrelated question about the colour of the evening sky over the sea in autumn?")
	_, drops, s, err := Run(nil, []record.Record{a, b, c}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []SourceStats{{Source: "test", Checked: 2, Kept: 2}, {Source: "other", Checked: 1, Exact: 1}}
	if !reflect.DeepEqual(s.Sources, want) || len(drops) != 1 {
		t.Errorf("sources %+v, want %+v; drops %v", s.Sources, want, drops)
	}
}
