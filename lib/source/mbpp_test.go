package source

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qmix/lib/format"
	"qmix/lib/record"
)

// mbppRow is an MBPP record, in the release JSONL and the Hub `full` parquet alike
// (task_id is int32 on the Hub).
type mbppRow struct {
	TaskID            int32    `json:"task_id" parquet:"task_id"`
	Text              string   `json:"text" parquet:"text"`
	Code              string   `json:"code" parquet:"code"`
	TestList          []string `json:"test_list" parquet:"test_list,list"`
	TestSetupCode     string   `json:"test_setup_code" parquet:"test_setup_code"`
	ChallengeTestList []string `json:"challenge_test_list" parquet:"challenge_test_list,list"`
}

func TestMBPPReal(t *testing.T) {
	release := convertShared(t, "mbpp", "mbpp/mbpp.jsonl")
	hub := convertShared(t, "mbpp", "mbpp/hub/full-test.parquet")
	tests := []struct {
		name   string
		recs   []record.Record
		splits map[string]int
		wants  []want
	}{
		{"release", release, map[string]int{"prompt": 10, Test: 500, Validation: 90, Train: 374}, []want{
			{"mbpp/prompt/2", "Write a function to find the similar elements from the given two tuple lists.\n\nYour code should pass these tests:\n\n```python\nassert similar_elements((3, 4, 5, 6),(5, 7, 4, 10)) == (4, 5)\n",
				"def similar_elements(test_tup1, test_tup2):\n  res = tuple(set(test_tup1) & set(test_tup2))\n  return (res) ", ""},
			{"mbpp/validation/600", "Write a python function to check whether the given number is even or not using bitwise operator.", "def is_Even(n) : \n    if (n^1 == n+1) :\n", ""},
			{"mbpp/train/974", "Write a function to find the minimum total path sum in the given triangle.", "def min_sum_path(A): \n\tmemo = [None] * len(A) \n", ""},
		}},
		{"hub", hub, map[string]int{Test: 500}, []want{
			{"mbpp/test/11", "Write a python function to remove first and last occurrence of a given character from the string.\n\nYour code should pass these tests:\n\n```python\nassert remove_Occ(\"hello\",\"l\") == \"heo\"\n",
				"def remove_Occ(s,ch): \n    for i in range(len(s)): \n", ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkRecords(t, tt.recs, tt.wants)
			splits := map[string]int{}
			for _, r := range tt.recs {
				splits[strings.Split(r.ID, "/")[1]]++
				if strings.Contains(r.Answer, "\r") {
					t.Errorf("%s: answer keeps \\r", r.ID)
				}
				if r.Domain != record.Coding || r.Difficulty != record.Easy || r.License != "CC BY 4.0" {
					t.Errorf("%s: domain/difficulty/license = %s/%s/%s", r.ID, r.Domain, r.Difficulty, r.License)
				}
				if tl, _ := r.Meta["test_list"].([]string); len(tl) != 3 || !strings.Contains(r.Question, tl[2]) {
					t.Errorf("%s: tests %v not all in the question", r.ID, tl)
				}
			}
			for s, n := range tt.splits {
				if splits[s] != n {
					t.Errorf("split %s: %d records, want %d (all: %v)", s, splits[s], n, splits)
				}
			}
			if len(splits) != len(tt.splits) {
				t.Errorf("splits %v, want %v", splits, tt.splits)
			}
		})
	}
	// The two tasks with setup code show it before the asserts that use it.
	if r := byID(release)["mbpp/test/367"]; !strings.Contains(r.Question, "```python\nroot = Node(1) \nroot.left = Node(2)") {
		t.Errorf("mbpp/test/367: setup code missing from the question: %q", head(r.Question, 300))
	}
	if n := sameRecords(t, release, hub); n != 500 {
		t.Errorf("compared %d records across layouts, want 500", n)
	}
}

func TestMBPPFixtures(t *testing.T) {
	native := filepath.Join("testdata", "mbpp", "mbpp-mini.jsonl")
	release, err := ConvertAll("mbpp", []string{native}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkRecords(t, release, []want{
		{"mbpp/prompt/3", "Write a function to double every number in a list.\n\nYour code should pass these tests:\n\n```python\nassert double_all([1, 2]) == [2, 4]\nassert double_all([]) == []\nassert double_all([-3]) == [-6]\n```",
			"def double_all(xs):\n    return [2 * x for x in xs]", ""},
		{"mbpp/test/12", "Write a python function to count the words", "def count_words(s): \n\treturn len(s.split())", ""},
		{"mbpp/test/13", "Write a function to find the depth of a binary tree.\n\nYour code should pass these tests:\n\n```python\ntree = Leaf(Leaf(Leaf()), Leaf()) \n\nassert depth(tree) == 3\n", "class Leaf: \n", ""},
		{"mbpp/validation/520", "Write a function to reverse a string.", "def rev(s):\n  return s[::-1]", ""},
		{"mbpp/train/700", "Write a function to check whether a number is a power of two.", "def is_pow2(n):\n", ""},
	})
	if c, _ := byID(release)["mbpp/test/12"].Meta["challenge_test_list"].([]string); len(c) != 1 {
		t.Errorf("challenge tests %v", c)
	}

	// The Hub's full config: one parquet file per split, named for it.
	rows := csnReadJSONL[mbppRow](t, native)
	dir := t.TempDir()
	bySplit := map[string][]mbppRow{}
	for _, r := range rows {
		s := mbppSplit(int64(r.TaskID))
		bySplit[s] = append(bySplit[s], r)
	}
	for s, rs := range bySplit {
		csnWriteParquet(t, filepath.Join(dir, "full-"+s+".parquet"), rs)
	}
	hub, err := ConvertAll("mbpp", []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := sameRecords(t, release, hub); n != len(release) || len(hub) != len(release) {
		t.Errorf("compared %d of %d records", n, len(release))
	}

	// A Hub file holding a task of another split is refused.
	wrong := filepath.Join(dir, "wrong", "full-test.parquet")
	if err := os.MkdirAll(filepath.Dir(wrong), 0o755); err != nil {
		t.Fatal(err)
	}
	csnWriteParquet(t, wrong, append(append([]mbppRow{}, bySplit[Test]...), bySplit[Train]...))
	_, err = ConvertAll("mbpp", []string{wrong}, Options{})
	wantRowError(t, err, format.ErrValue)
}

func TestMBPPBad(t *testing.T) {
	tests := []struct {
		file string
		want error
	}{
		{"type.jsonl", format.ErrType},
		{"list.jsonl", format.ErrType},
		{"element.jsonl", format.ErrType},
		{"missing.jsonl", format.ErrMissing},
		{"zero.jsonl", format.ErrValue},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "mbpp", "bad", tt.file)
			_, err := ConvertAll("mbpp", []string{path}, Options{})
			wantRowError(t, err, tt.want)
			// Lenient mode skips the bad second line and keeps the good first one.
			var skipped []*format.RowError
			recs, err := ConvertAll("mbpp", []string{path}, Options{Lenient: true, Skip: func(e *format.RowError) { skipped = append(skipped, e) }})
			if err != nil || len(recs) != 1 || len(skipped) != 1 || skipped[0].Pos.Line != 2 {
				t.Errorf("lenient: err %v, %d records, skipped %v", err, len(recs), skipped)
			}
		})
	}
}

func FuzzMBPP(f *testing.F) {
	for _, p := range []string{"mbpp-mini.jsonl", "bad/element.jsonl"} {
		b, err := os.ReadFile(filepath.Join("testdata", "mbpp", p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "mbpp.jsonl")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		fuzzAdapter(t, "mbpp", p)
	})
}
