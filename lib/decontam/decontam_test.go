package decontam

import (
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"qmix/lib/golden"
	"qmix/lib/internal/realdata"
	"qmix/lib/internal/sharedtest"
	"qmix/lib/record"
	"qmix/lib/source"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// evalSplits are the real evaluation splits in ../shared/datasets: the benchmarks.
func evalSplits(t testing.TB) []Benchmark {
	t.Helper()
	var recs []record.Record
	for _, f := range []struct {
		name  string
		paths []string
	}{
		{"gsm8k", []string{"gsm8k/test.jsonl"}},
		{"math", []string{"math/prm800k_math_splits_test.jsonl"}},
		{"mmlu", []string{"mmlu/data/test"}},
		{"humaneval", []string{"humaneval/HumanEval.jsonl.gz"}},
		{"mbpp", []string{"mbpp/hub"}}, // the Hub's test split: task ids 11–510
		{"arc_challenge", []string{"arc-challenge/ARC-Challenge-Test.jsonl", "arc-challenge/ARC-Challenge-Dev.jsonl"}},
		{"hellaswag", []string{"hellaswag/hellaswag_val.jsonl"}},
		{"squad_v2", []string{"squad-v2/dev-v2.0.first-2-articles.json"}},
		{"drop", []string{"drop/drop_dataset_dev.json"}},
		{"coqa", []string{"coqa/coqa-dev-v1.0.json"}},
		{"commonsense_qa", []string{"commonsenseqa/dev_rand_split.jsonl"}},
		{"piqa", []string{"piqa/valid.jsonl"}},
		{"xsum", []string{"xsum/xsum-extracts-from-downloads"}},
	} {
		recs = append(recs, realdata.Records(t, f.name, f.paths...)...)
	}
	return Group(recs)
}

// cleanTraining are real records that are not evaluation items: other sources and
// the train splits of the benchmark sources.
func cleanTraining(t testing.TB) []record.Record {
	t.Helper()
	var recs []record.Record
	for _, f := range []struct{ name, path string }{
		{"alpaca", "alpaca/alpaca_tiny.json"},
		{"toolbench", "toolbench/data_example"},
		{"gorilla", "gorilla-apibench/torchhub_eval.json"},
		{"codesearchnet", "codesearchnet"},
		{"arc_challenge", "arc-challenge/ARC-Challenge-Train.jsonl"},
		{"hellaswag", "hellaswag/hellaswag_train.jsonl"},
		{"drop", "drop/drop_dataset_train.json"},
		{"coqa", "coqa/coqa-train-v1.0.json"},
		{"cnn_dailymail", "cnn-dailymail/cnn_stories"},
	} {
		recs = append(recs, realdata.Records(t, f.name, f.path)...)
	}
	return recs
}

// edit is a light edit of a benchmark item into a training record.
type edit struct {
	name     string
	minWords int // items shorter than this are not expected to be caught
	apply    func(item record.Record) record.Record
}

var edits = []edit{
	{"case, punctuation and spacing", 0, func(it record.Record) record.Record {
		q := strings.ToUpper(it.Question)
		q = strings.NewReplacer(".", " . ", ",", ";", "?", " ?", "\n", "  ").Replace(q)
		return trainingRecord(it, "case", q, it.Answer)
	}},
	{"wrapped in an instruction", 8, func(it record.Record) record.Record {
		return trainingRecord(it, "wrapped", "Solve the following problem step by step and explain each step.\n\n"+it.Question+"\n\nGive the final answer at the end.", it.Answer)
	}},
	{"one word replaced", 40, func(it record.Record) record.Record {
		return trainingRecord(it, "word", replaceMiddleWord(it.Question), it.Answer)
	}},
	{"quoted in an answer", 8, func(it record.Record) record.Record {
		return trainingRecord(it, "answer", "What is a good practice question for this topic?", "Here is one I like:\n\n"+it.Question)
	}},
}

func trainingRecord(it record.Record, kind, q, a string) record.Record {
	return record.Record{ID: "edited/" + kind + "/" + it.ID, Question: q, Answer: a, Domain: it.Domain,
		Difficulty: record.Easy, Source: "edited", SourceID: it.ID, Meta: map[string]any{}}
}

// replaceMiddleWord swaps the word in the middle of s for another one.
func replaceMiddleWord(s string) string {
	fs := strings.Fields(s)
	mid := len(fs) / 2
	for i := mid; i < len(fs); i++ {
		if strings.IndexFunc(fs[i], unicode.IsLetter) >= 0 {
			fs[i] = "zebra"
			break
		}
	}
	return strings.Join(fs, " ")
}

// sample takes every k-th item so that each benchmark gives at most n.
func sample(recs []record.Record, n int) []record.Record {
	k := max(1, len(recs)/n)
	var out []record.Record
	for i := 0; i < len(recs) && len(out) < n; i += k {
		out = append(out, recs[i])
	}
	return out
}

func TestEditedTestItemsAreCaught(t *testing.T) {
	benches := evalSplits(t)
	ix, err := NewIndex(benches, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range benches {
		for _, e := range edits {
			t.Run(b.Name+"/"+e.name, func(t *testing.T) {
				tried := 0
				for _, it := range sample(b.Records, 25) {
					if len(words(it.Question)) < e.minWords {
						continue
					}
					tried++
					tr := e.apply(it)
					ms := ix.Check(tr)
					found := false
					for _, m := range ms {
						found = found || m.Item == it.ID && m.Benchmark == b.Name
					}
					if !found {
						t.Errorf("%s not caught (matches %v)", tr.ID, ms)
					}
				}
				if tried == 0 && e.minWords <= 13 {
					t.Skipf("no item of %d+ words in %s", e.minWords, b.Name)
				}
			})
		}
	}
}

func TestCleanRecordsPass(t *testing.T) {
	benches := evalSplits(t)
	clean := cleanTraining(t)
	kept, drops, rep, err := Run(clean, benches, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range drops {
		t.Errorf("clean record %s dropped: %s (item %s, coverage %.3f)", d.ID, d.Detail, d.DuplicateOf, d.Similarity)
	}
	if len(kept) != len(clean) || rep.Dropped != 0 {
		t.Errorf("%d of %d kept", len(kept), len(clean))
	}
}

func mbppTrain(t *testing.T) []record.Record {
	var train []record.Record
	for _, r := range realdata.Records(t, "mbpp", "mbpp/mbpp.jsonl") {
		if strings.HasPrefix(r.ID, "mbpp/train/") {
			train = append(train, r)
		}
	}
	return train
}

// TestMBPPSplitsOverlap is a real finding: two MBPP train problems are rewordings of
// test problems (same task, same tests); the check catches exactly those.
func TestMBPPSplitsOverlap(t *testing.T) {
	_, drops, rep, err := Run(mbppTrain(t), Group(realdata.Records(t, "mbpp", "mbpp/hub")), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, d := range drops {
		got[d.ID] = d.DuplicateOf + " " + d.Detail
	}
	want := map[string]string{
		"mbpp/train/649": "mbpp/test/170 contaminates mbpp/test",
		"mbpp/train/922": "mbpp/test/415 contaminates mbpp/test",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("drops %v, want %v", got, want)
	}
	if rep.Benchmarks[0].Hits != 2 || rep.Benchmarks[0].NGram != 2 {
		t.Errorf("report %+v", rep.Benchmarks[0])
	}
}

func TestRunReport(t *testing.T) {
	benches := evalSplits(t)
	var train []record.Record
	want := map[string]int{}
	for _, b := range benches {
		for i, it := range sample(b.Records, 3) {
			e := edits[(i+len(want))%len(edits)]
			if len(words(it.Question)) < e.minWords {
				e = edits[0]
			}
			train = append(train, e.apply(it))
			want[b.Name]++
		}
	}
	clean := cleanTraining(t)
	train = append(train, clean...)
	kept, drops, rep, err := Run(train, benches, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(kept) != len(clean) || len(drops) != len(train)-len(clean) || rep.Dropped != len(drops) || rep.Checked != len(train) {
		t.Fatalf("%d in: %d kept, %d dropped; report %d checked %d dropped", len(train), len(kept), len(drops), rep.Checked, rep.Dropped)
	}
	for _, d := range drops {
		if d.Reason != record.ReasonInvalid || d.Stage != Stage || !strings.HasPrefix(d.Detail, "contaminates ") ||
			!strings.HasSuffix(d.ID, "/"+d.DuplicateOf) {
			t.Errorf("drop %+v", d)
		}
	}
	for _, b := range rep.Benchmarks {
		// Every edited item is caught in its benchmark. SQuAD, CoQA and DROP questions
		// repeat their passage, so an item may also be caught by its neighbours.
		if b.Dropped != want[b.Benchmark] || b.Hits < want[b.Benchmark] || b.BySource["edited"] != b.Hits {
			t.Errorf("%s: %d dropped, %d hits, by source %v; want %d", b.Benchmark, b.Dropped, b.Hits, b.BySource, want[b.Benchmark])
		}
	}
	md := rep.Markdown()
	for _, b := range benches {
		if !strings.Contains(md, "| "+b.Name+" | ") {
			t.Errorf("report has no row for %s", b.Name)
		}
	}
	golden.Check(t, "report_golden.md", md, *update)
}

func TestTestSplitWarnings(t *testing.T) {
	dir := sharedtest.Dir(t)
	demoHumanEval, err := source.ConvertAll("humaneval", []string{filepath.Join(dir, "humaneval/HumanEval.jsonl.gz")}, source.Options{Split: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		recs []record.Record
		want []string // substrings, one per warning, in order
	}{
		{"humaneval only has test", realdata.Records(t, "humaneval", "humaneval/HumanEval.jsonl.gz"), []string{"humaneval: all 164 records come from HumanEval, which has no train split"}},
		{"humaneval demo stand-ins too", demoHumanEval, []string{"humaneval: all 164 records"}},
		{"gsm8k test split", realdata.Records(t, "gsm8k", "gsm8k/test.jsonl"), []string{"gsm8k: 1319 of 1319 records come from the test split"}},
		{"cnn without split lists", realdata.Records(t, "cnn_dailymail", "cnn-dailymail/cnn_stories"), []string{"cnn_dailymail: 20 of 20 records have an unknown split"}},
		{"alpaca train", realdata.Records(t, "alpaca", "alpaca/alpaca_tiny.json"), nil},
		{"mbpp train only", mbppTrain(t), nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := TestSplitWarnings(c.recs)
			if len(got) != len(c.want) {
				t.Fatalf("warnings %q, want %d", got, len(c.want))
			}
			for i := range got {
				if !strings.Contains(got[i], c.want[i]) {
					t.Errorf("warning %q does not contain %q", got[i], c.want[i])
				}
			}
		})
	}
	_, _, rep, err := Run(demoHumanEval, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Warnings) != 1 || !strings.Contains(rep.Markdown(), "> **Warning:** humaneval: all 164 records") {
		t.Errorf("report does not carry the warning:\n%s", rep.Markdown())
	}
}

func TestLoad(t *testing.T) {
	dir := sharedtest.Dir(t)
	jsonl := filepath.Join(t.TempDir(), "arc.jsonl")
	if err := record.WriteFile(jsonl, realdata.Records(t, "arc_challenge", "arc-challenge/ARC-Challenge-Test.jsonl")); err != nil {
		t.Fatal(err)
	}
	benches, err := Load(jsonl, "gsm8k="+filepath.Join(dir, "gsm8k/hub"), "mmlu="+filepath.Join(dir, "mmlu/data"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range benches {
		got = append(got, fmt.Sprintf("%s:%d", b.Name, len(b.Records)))
	}
	if want := "[arc_challenge/test:2 gsm8k/test:1319 mmlu/dev:285 mmlu/test:951]"; fmt.Sprint(got) != want {
		t.Errorf("benchmarks %v, want %s", got, want)
	}
	for _, bad := range []string{"nosuch=" + dir, filepath.Join(dir, "missing.jsonl")} {
		if _, err := Load(bad); err == nil {
			t.Errorf("Load(%q) gave no error", bad)
		}
	}
}

func TestOptions(t *testing.T) {
	for _, c := range []struct {
		opt Options
		ok  bool
	}{
		{Options{}, true},
		{Options{LongN: 10, ShortN: 6}, true},
		{Options{ShortN: 14}, false},
		{Options{MinCoverage: 1.5}, false},
		{Options{LongFrom: 5}, false},
		{Options{MaxItemFreq: -1}, false},
	} {
		_, err := NewIndex(nil, c.opt)
		if (err == nil) != c.ok {
			t.Errorf("%+v: err %v", c.opt, err)
		}
	}
	if _, err := NewIndex([]Benchmark{{Name: "a"}, {Name: "a"}}, Options{}); err == nil {
		t.Error("duplicate benchmark name accepted")
	}
}

// TestRollingHash checks eachGram's rolling hash against hashing each window anew.
func TestRollingHash(t *testing.T) {
	ws := words("the quick brown fox jumps over the lazy dog while the quick brown fox sleeps under the old oak tree")
	for _, n := range []int{1, 3, 8, 13} {
		var rolled []uint64
		eachGram(ws, n, func(h uint64) { rolled = append(rolled, h) })
		if len(rolled) != len(ws)-n+1 {
			t.Fatalf("n=%d: %d grams for %d words", n, len(rolled), len(ws))
		}
		for i := range rolled {
			var fresh []uint64
			eachGram(ws[i:i+n], n, func(h uint64) { fresh = append(fresh, h) })
			if fresh[0] != rolled[i] {
				t.Errorf("n=%d gram %d: rolled %x, fresh %x", n, i, rolled[i], fresh[0])
			}
		}
	}
	// "the quick brown fox" repeats: same words, same hash.
	var h4 []uint64
	eachGram(ws, 4, func(h uint64) { h4 = append(h4, h) })
	if h4[0] != h4[10] {
		t.Error("a repeated 4-gram hashes differently")
	}
	if got := normalize("  Janet’s ducks, lay 16 EGGS!"); got != "janet s ducks lay 16 eggs" {
		t.Errorf("normalize: %q", got)
	}
}

// TestMATHInMMLU is a real cross-benchmark finding: one MATH test problem is also an
// MMLU high-school-mathematics test question (with options added); nothing else of
// the 140 MATH problems is.
func TestMATHInMMLU(t *testing.T) {
	_, drops, rep, err := Run(realdata.Records(t, "math", "math/MATH"), Group(realdata.Records(t, "mmlu", "mmlu/data/test")), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(drops) != 1 || drops[0].ID != "math/test/1db3029a65d2e8696bf42a95" ||
		drops[0].DuplicateOf != "mmlu/test/high_school_mathematics/157" || drops[0].Similarity < 0.5 {
		t.Fatalf("drops %+v", drops)
	}
	if b := rep.Benchmarks[0]; b.Benchmark != "mmlu/test" || b.Hits != 1 || b.NGram != 1 || b.BySource["math"] != 1 {
		t.Errorf("report row %+v", b)
	}
}
