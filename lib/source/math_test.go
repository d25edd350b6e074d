package source

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/parquet-go/parquet-go"

	"qmix/lib/format"
	"qmix/lib/record"
)

// Real-file layouts of MATH under the shared datasets directory.
const (
	mathTree    = "math/MATH/test"
	mathHub     = "math/hub/default-test.parquet"
	mathPRM800K = "math/prm800k_math_splits_test.jsonl"
)

func TestMATHReal(t *testing.T) {
	// Ids are HashID of the problem text, so the same problem has the same id in
	// every layout; these are pinned to catch any change of the id rule.
	native := []want{
		{"math/test/a5140381f6885ffa55fa8cf5", "How many vertical asymptotes does the graph of $y=\\frac{2}{x",
			"The denominator of the rational function factors", "2"},
		{"math/test/c17038a988e744b6cb91f195", "In right triangle $ABC$, shown below, $\\cos{B}=\\frac{6}{10}$",
			"Since $\\cos{B}=\\frac{6}{10}$, and the length of th", "\\frac34"},
		{"math/test/2bf992caa662143d177dcb9a", "$n$ fair 6-sided dice are simultaneously rolled.",
			"For $n$ dice, there are $\\binom{n}{2}", "4"},
	}
	tests := []struct {
		layout     string
		n, hard    int
		wants      []want
		uniqueIDs  bool
		firstLevel int
	}{
		{mathTree, 140, 55, native, true, 3},
		{mathHub, 140, 55, native, false, 3},
		{mathPRM800K, 500, 262, []want{
			{"math/test/13bb5d32a5afacb3e2ae2e66", "Convert the point $(0,3)$ in rectangular coordinates to polar",
				"We have that $r = \\sqrt{0^2 + 3^2} = 3.$", "\\left( 3, \\frac{\\pi}{2} \\right)"},
			{"math/test/3c2b62f64e03366e020b32ca", "Define\n\\[p = \\sum_{k = 1}^\\infty \\frac{1}{k^2}",
				"We count the number of times $\\frac{1}{n^3}$ appears", "p - q"},
		}, true, 2},
	}
	for _, tt := range tests {
		t.Run(tt.layout, func(t *testing.T) {
			recs := convertShared(t, "math", tt.layout)
			if len(recs) != tt.n {
				t.Fatalf("got %d records, want %d", len(recs), tt.n)
			}
			checkRecords(t, recs, tt.wants)
			hard := 0
			for _, r := range recs {
				level, _ := r.Meta["level"].(int)
				if level < 1 || level > 5 {
					t.Errorf("%s: meta.level = %#v, want an int 1–5", r.ID, r.Meta["level"])
				}
				if want := map[bool]string{true: "hard", false: "easy"}[level >= 4]; r.Difficulty != want {
					t.Errorf("%s: level %d but difficulty %s", r.ID, level, r.Difficulty)
				}
				if r.Difficulty == "hard" {
					hard++
				}
				if r.Domain != "math" || r.License != "MIT" || r.Source != "math" {
					t.Errorf("%s: domain/license/source = %s/%s/%s", r.ID, r.Domain, r.License, r.Source)
				}
				if r.FinalAnswer() == "" {
					t.Errorf("%s: no final answer", r.ID)
				}
				if s, _ := r.Meta["subject"].(string); s == "" {
					t.Errorf("%s: no meta.subject", r.ID)
				}
				if _, ok := r.Meta["unique_id"].(string); ok != tt.uniqueIDs {
					t.Errorf("%s: meta.unique_id present = %v, want %v", r.ID, ok, tt.uniqueIDs)
				}
				if _, ok := r.Meta["given_answer"]; ok {
					t.Errorf("%s: PRM800K answer %q differs from the boxed %q", r.ID, r.Meta["given_answer"], r.FinalAnswer())
				}
			}
			if hard != tt.hard {
				t.Errorf("%d hard records, want %d (Level 4–5)", hard, tt.hard)
			}
			if got := recs[0].Meta["level"]; got != tt.firstLevel {
				t.Errorf("first record level %#v, want int %d", got, tt.firstLevel)
			}
		})
	}
}

// TestMATH500Answers checks the \boxed{} extraction against PRM800K's own
// pre-extracted answer, read here independently of the adapter, for all 500 records.
func TestMATH500Answers(t *testing.T) {
	dir := sharedDir(t)
	f, err := os.Open(filepath.Join(dir, mathPRM800K))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	answers := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var r struct {
			Answer   string `json:"answer"`
			UniqueID string `json:"unique_id"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		answers[r.UniqueID] = r.Answer
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	recs := convertShared(t, "math", mathPRM800K)
	if len(answers) != 500 || len(recs) != 500 {
		t.Fatalf("%d answers, %d records, want 500 each", len(answers), len(recs))
	}
	for _, r := range recs {
		uid, _ := r.Meta["unique_id"].(string)
		want, ok := answers[uid]
		if !ok {
			t.Errorf("%s: unique_id %q not in the file", r.ID, uid)
			continue
		}
		if r.FinalAnswer() != want {
			t.Errorf("%s (%s): final answer %q, want PRM800K's %q", r.ID, uid, r.FinalAnswer(), want)
		}
	}
}

// TestMATHLayoutsAgree converts the real release tree, the Hub parquet and MATH-500
// and compares every record present in two of them.
func TestMATHLayoutsAgree(t *testing.T) {
	tree := byID(convertShared(t, "math", mathTree))
	hub := byID(convertShared(t, "math", mathHub))
	m500 := byID(convertShared(t, "math", mathPRM800K))
	if len(tree) != 140 || len(hub) != 140 {
		t.Fatalf("%d tree and %d hub ids, want 140 each (ids must be unique)", len(tree), len(hub))
	}
	for id, r := range tree {
		h, ok := hub[id]
		if !ok {
			t.Errorf("%s (%s) missing from the Hub layout", id, r.Meta["unique_id"])
			continue
		}
		mathCompare(t, r, h, "level", "subject")
	}
	common := 0
	for id, r := range tree {
		if m, ok := m500[id]; ok {
			common++
			mathCompare(t, r, m, "level", "subject", "unique_id")
		}
	}
	// The 140 release files are the first 20 per subject; 9 of them are in MATH-500.
	if common != 9 {
		t.Errorf("%d problems in both the release tree and MATH-500, want 9", common)
	}
}

// mathCompare fails unless a and b — one record read from two layouts — agree on
// what the model sees and learns and on the named meta keys.
func mathCompare(t *testing.T, a, b record.Record, metaKeys ...string) {
	t.Helper()
	if a.ID != b.ID || a.Question != b.Question || a.Answer != b.Answer || a.FinalAnswer() != b.FinalAnswer() ||
		a.Difficulty != b.Difficulty || a.Domain != b.Domain || a.License != b.License || a.SourceID != b.SourceID {
		t.Errorf("%s: layouts disagree:\n%+v\n%+v", a.ID, a, b)
		return
	}
	for _, k := range append(metaKeys, "final_answer") {
		if !reflect.DeepEqual(a.Meta[k], b.Meta[k]) {
			t.Errorf("%s: meta.%s %#v vs %#v", a.ID, k, a.Meta[k], b.Meta[k])
		}
	}
}

func TestMATHBoxed(t *testing.T) {
	tests := []struct {
		name, in, want string
		found          bool
		err            error
	}{
		{"plain", `so $\boxed{5}$.`, "5", true, nil},
		{"nested", `$\boxed{\frac{\sqrt{3}}{2}}$`, `\frac{\sqrt{3}}{2}`, true, nil},
		{"last of several", `try $\boxed{1}$, then $\boxed{2}$`, "2", true, nil},
		{"fbox", `$\fbox{7}$`, "7", true, nil},
		{"fbox after boxed", `$\boxed{1}$ no, $\fbox{x+1}$`, "x+1", true, nil},
		{"boxed after fbox", `$\fbox{1}$ no, $\boxed{y}$`, "y", true, nil},
		{"escaped braces", `$\boxed{\{1, 2\}}$`, `\{1, 2\}`, true, nil},
		{"unbalanced escaped brace", `$\boxed{\left\{ x \right.}$`, `\left\{ x \right.`, true, nil},
		{"space before brace", `$\boxed {12}$`, "12", true, nil},
		{"no braces", `the answer is $\boxed 5$.`, "5", true, nil},
		{"no braces to end", `\boxed 3`, "3", true, nil},
		{"no braces display", `\[\boxed x+1\]`, "x+1", true, nil},
		{"longer command ignored", `$\boxed{4}$ and $\boxedsymbol$`, "4", true, nil},
		{"text around", `\boxed{\text{(C)}}`, `\text{(C)}`, true, nil},
		{"none", `no box here`, "", false, nil},
		{"unterminated", `$\boxed{\frac{1}{2}$`, "", true, format.ErrValue},
		{"empty", `$\boxed{}$`, "", true, format.ErrValue},
		{"no argument", `ends with \boxed`, "", true, format.ErrValue},
		{"no argument before dollar", `$\boxed $`, "", true, format.ErrValue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, found, err := MATHBoxed(tt.in)
			if !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if got != tt.want || found != tt.found {
				t.Errorf("MATHBoxed(%q) = %q, %v; want %q, %v", tt.in, got, found, tt.want, tt.found)
			}
		})
	}
}

// mathHubRow is a row of the Hub's hendrycks/competition_math parquet: every column
// optional, as the Hub writes them.
type mathHubRow struct {
	Problem  *string `parquet:"problem"`
	Level    *string `parquet:"level"`
	Type     *string `parquet:"type"`
	Solution *string `parquet:"solution"`
}

// mathHubFixture writes the release-tree fixtures as a Hub parquet in a temporary
// directory, in an order unlike the tree's (as the Hub's is), and returns its path.
func mathHubFixture(t *testing.T) string {
	t.Helper()
	files, err := format.Files(filepath.Join("testdata", "math", "MATH", "test"), nil)
	if err != nil {
		t.Fatal(err)
	}
	var rows []mathHubRow
	for i := len(files) - 1; i >= 0; i-- {
		row, err := format.ReadJSONObject(files[i])
		if err != nil {
			t.Fatal(err)
		}
		s := func(k string) *string { v := row.Fields[k].(string); return &v }
		rows = append(rows, mathHubRow{s("problem"), s("level"), s("type"), s("solution")})
	}
	path := filepath.Join(t.TempDir(), "default-test.parquet")
	mathWriteParquet(t, path, rows)
	return path
}

// mathWriteParquet writes rows as a parquet file (the struct's parquet tags name the
// columns; pointer fields are optional columns). The MetaMathQA and Alpaca tests use
// it too.
func mathWriteParquet[T any](t *testing.T, path string, rows []T) {
	t.Helper()
	if err := parquet.WriteFile(path, rows); err != nil {
		t.Fatal(err)
	}
}

func mathStr(s string) *string { return &s }

func TestMATHFixtures(t *testing.T) {
	tree := filepath.Join("testdata", "math", "MATH")
	type rec struct {
		id, final, difficulty string
		level                 any
		uniqueID              string
	}
	id := func(split, problem string) string { return "math/" + split + "/" + HashID(problem) }
	tests := []struct {
		name  string
		paths []string
		want  []rec
	}{
		{"release tree", []string{tree}, []rec{
			{id("test", "If $3p + 4 = 19$, what is $p$?"), "5", "easy", 1, "test/algebra/3.json"},
			{id("test", "A square has a diagonal of length $\\sqrt{6}$. What is half the length of its side?"),
				`\frac{\sqrt{3}}{2}`, "hard", 5, "test/geometry/12.json"},
			// "Level ?" gives no meta.level and the default difficulty.
			{id("test", "Which set holds the residues of $2^k$ modulo 7 for $k \\ge 1$?"), `\{1, 2, 4\}`, "easy", nil,
				"test/number_theory/7.json"},
			// No \boxed: the worked answer is kept, without a final answer.
			{id("test", "Is 51 a prime number? Explain."), "", "easy", 2, "test/prealgebra/2.json"},
			{id("test", "Compute $\\cos 0 + 4$."), "5", "hard", 4, "test/precalculus/4.json"},
		}},
		{"one release file", []string{filepath.Join(tree, "test", "algebra", "3.json")}, []rec{
			{id("test", "If $3p + 4 = 19$, what is $p$?"), "5", "easy", 1, "test/algebra/3.json"},
		}},
		{"glob", []string{filepath.Join(tree, "test", "*", "1*.json")}, []rec{
			{id("test", "A square has a diagonal of length $\\sqrt{6}$. What is half the length of its side?"),
				`\frac{\sqrt{3}}{2}`, "hard", 5, "test/geometry/12.json"},
		}},
		{"PRM800K", []string{filepath.Join("testdata", "math", "prm800k-test.jsonl")}, []rec{
			{id("test", "If $3p + 4 = 19$, what is $p$?"), "5", "easy", 1, "test/algebra/3.json"},
			{id("test", "Compute $\\cos 0 + 4$."), "5", "hard", 4, "test/precalculus/4.json"},
			// The split is unique_id's: this problem is from MATH's train split.
			{id("train", "What is the sum of the first three odd numbers?"), "9", "easy", 2, "train/prealgebra/41.json"},
			{id("test", "Simplify $\\frac{6}{8}$."), `\frac{3}{4}`, "easy", 3, "test/prealgebra/88.json"},
		}},
		{"Hub parquet", []string{mathHubFixture(t)}, []rec{
			{id("test", "Compute $\\cos 0 + 4$."), "5", "hard", 4, ""},
			{id("test", "Is 51 a prime number? Explain."), "", "easy", 2, ""},
			{id("test", "Which set holds the residues of $2^k$ modulo 7 for $k \\ge 1$?"), `\{1, 2, 4\}`, "easy", nil, ""},
			{id("test", "A square has a diagonal of length $\\sqrt{6}$. What is half the length of its side?"),
				`\frac{\sqrt{3}}{2}`, "hard", 5, ""},
			{id("test", "If $3p + 4 = 19$, what is $p$?"), "5", "easy", 1, ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, err := ConvertAll("math", tt.paths, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != len(tt.want) {
				t.Fatalf("got %d records, want %d", len(recs), len(tt.want))
			}
			for i, w := range tt.want {
				r := recs[i]
				uid, _ := r.Meta["unique_id"].(string)
				if r.ID != w.id || r.FinalAnswer() != w.final || r.Difficulty != w.difficulty ||
					r.Meta["level"] != w.level || uid != w.uniqueID {
					t.Errorf("record %d = %s final %q %s level %#v uid %q;\nwant %s final %q %s level %#v uid %q",
						i, r.ID, r.FinalAnswer(), r.Difficulty, r.Meta["level"], uid,
						w.id, w.final, w.difficulty, w.level, w.uniqueID)
				}
			}
		})
	}

	// PRM800K's answer differs from the boxed content once ("\frac34"): the box
	// stays the final answer, PRM800K's is kept as given_answer.
	recs, err := ConvertAll("math", []string{filepath.Join("testdata", "math", "prm800k-test.jsonl")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if g := recs[3].Meta["given_answer"]; g != `\frac34` {
		t.Errorf("given_answer = %#v, want \\frac34", g)
	}
	for _, r := range recs[:3] {
		if _, ok := r.Meta["given_answer"]; ok {
			t.Errorf("%s: given_answer kept although it equals the box", r.ID)
		}
	}

	// The same fixtures in all three layouts agree.
	treeRecs := byID(mathMustConvert(t, "math", tree))
	for _, other := range [][]record.Record{mathMustConvert(t, "math", mathHubFixture(t)), recs[:2]} {
		for _, r := range other {
			mathCompare(t, treeRecs[r.ID], r, "level", "subject")
		}
	}
}

func mathMustConvert(t *testing.T, source string, paths ...string) []record.Record {
	t.Helper()
	recs, err := ConvertAll(source, paths, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestMATHBadInput(t *testing.T) {
	bad := func(p ...string) string { return filepath.Join(append([]string{"testdata", "math", "bad"}, p...)...) }
	dir := t.TempDir()
	hubRange := filepath.Join(dir, "range-test.parquet")
	mathWriteParquet(t, hubRange, []struct {
		Problem  *string `parquet:"problem"`
		Level    *int64  `parquet:"level"`
		Type     *string `parquet:"type"`
		Solution *string `parquet:"solution"`
	}{
		{mathStr("What is 1+1?"), new(int64(1)), mathStr("Algebra"), mathStr(`$\boxed{2}$`)},
		{mathStr("What is 2+2?"), new(int64(6)), mathStr("Algebra"), mathStr(`$\boxed{4}$`)},
	})
	// A column of the wrong type fails from the first row on.
	hubType := filepath.Join(dir, "type-test.parquet")
	mathWriteParquet(t, hubType, []struct {
		Problem  *int64  `parquet:"problem"`
		Level    *string `parquet:"level"`
		Type     *string `parquet:"type"`
		Solution *string `parquet:"solution"`
	}{
		{new(int64(1)), mathStr("Level 1"), mathStr("Algebra"), mathStr(`$\boxed{2}$`)},
		{new(int64(2)), mathStr("Level 1"), mathStr("Algebra"), mathStr(`$\boxed{4}$`)},
	})
	hubMissing := filepath.Join(dir, "missing-test.parquet")
	mathWriteParquet(t, hubMissing, []struct {
		Problem *string `parquet:"problem"`
		Level   *string `parquet:"level"`
		Type    *string `parquet:"type"`
	}{
		{mathStr("What is 1+1?"), mathStr("Level 1"), mathStr("Algebra")},
	})
	hubNull := filepath.Join(dir, "null-test.parquet")
	mathWriteParquet(t, hubNull, []mathHubRow{
		{mathStr("What is 1+1?"), mathStr("Level 1"), mathStr("Algebra"), mathStr(`$\boxed{2}$`)},
		{mathStr("What is 2+2?"), mathStr("Level 1"), nil, mathStr(`$\boxed{4}$`)},
	})
	tests := []struct {
		name    string
		path    string
		field   string
		wantErr error
		line    int // the line named (JSON layouts), or
		row     int // the parquet row named, when line is 0
		skips   int // rows lenient mode skips
	}{
		{"level not a level", bad("level-value"), "level", format.ErrValue, 1, 0, 1},
		{"level a boolean", bad("level-type"), "level", format.ErrType, 1, 0, 1},
		{"no solution", bad("missing-solution"), "solution", format.ErrMissing, 1, 0, 1},
		{"unterminated box", bad("unterminated-box"), "solution", format.ErrValue, 1, 0, 1},
		{"truncated JSON", bad("syntax"), "", format.ErrSyntax, 1, 0, 1},
		{"no split in the path", bad("no-split"), "split", format.ErrMissing, 1, 0, 1},
		{"unique_id without split", bad("uid-test.jsonl"), "unique_id", format.ErrValue, 2, 0, 1},
		{"level 7", bad("level-int-test.jsonl"), "level", format.ErrValue, 2, 0, 1},
		{"answer a number", bad("answer-type-test.jsonl"), "answer", format.ErrType, 2, 0, 1},
		{"hub level out of range", hubRange, "level", format.ErrValue, 0, 1, 1},
		{"hub problem a number", hubType, "problem", format.ErrType, 0, 0, 2},
		{"hub column missing", hubMissing, "solution", format.ErrMissing, 0, 0, 1},
		{"hub null", hubNull, "type", format.ErrMissing, 0, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ConvertAll("math", []string{tt.path}, Options{})
			var re *format.RowError
			if !errors.Is(err, tt.wantErr) || !errors.As(err, &re) {
				t.Fatalf("err = %v, want a %v RowError", err, tt.wantErr)
			}
			if re.Field != tt.field {
				t.Errorf("field %q, want %q (%v)", re.Field, tt.field, err)
			}
			if re.Pos.File == "" || re.Pos.Line != tt.line || re.Pos.Row != tt.row {
				t.Errorf("error at %+v, want line %d row %d in the file", re.Pos, tt.line, tt.row)
			}

			// Lenient mode reports the bad rows and keeps the good ones.
			var skipped []*format.RowError
			recs, err := ConvertAll("math", []string{tt.path}, Options{Lenient: true,
				Skip: func(re *format.RowError) { skipped = append(skipped, re) }})
			if err != nil {
				t.Fatalf("lenient: %v", err)
			}
			if len(skipped) != tt.skips {
				t.Errorf("lenient: skipped %v, want %d", skipped, tt.skips)
			}
			for _, s := range skipped {
				if !errors.Is(s, tt.wantErr) {
					t.Errorf("lenient: skipped %v, want %v", s, tt.wantErr)
				}
			}
			for _, r := range recs {
				if r.Question == "" || r.FinalAnswer() == "" {
					t.Errorf("lenient kept a bad record %+v", r)
				}
			}
		})
	}
}

// FuzzMATH feeds arbitrary bytes to the adapter as a release-tree file and as a
// PRM800K JSONL file; it must never panic and every record it emits must be valid.
func FuzzMATH(f *testing.F) {
	seeds, _ := format.Files(filepath.Join("testdata", "math"), nil)
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"problem":"p","level":"Level 3","type":"t","solution":"\\boxed{{}"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		tree := filepath.Join(dir, "test", "algebra")
		if err := os.MkdirAll(tree, 0o755); err != nil {
			t.Fatal(err)
		}
		native := filepath.Join(tree, "1.json")
		jsonl := filepath.Join(dir, "prm-test.jsonl")
		for _, p := range []string{native, jsonl} {
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			mathFuzzCheck(t, "math", p)
		}
		MATHBoxed(string(data))
	})
}

// mathFuzzCheck converts path strictly and leniently; neither may panic, and every record
// must pass record.Check. Shared by the fuzz tests of math, metamathqa and alpaca.
func mathFuzzCheck(t *testing.T, source, path string) {
	t.Helper()
	for _, lenient := range []bool{false, true} {
		recs, _ := ConvertAll(source, []string{path}, Options{Lenient: lenient, Skip: func(*format.RowError) {}})
		for _, r := range recs {
			if field, err := r.Check(); err != nil {
				t.Fatalf("invalid record (%s: %v): %+v", field, err, r)
			}
		}
	}
}
