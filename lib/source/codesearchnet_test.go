package source

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"qmix/lib/format"
	"qmix/lib/record"
)

// csnHubRow is a row of the Hub's code_search_net parquet (its `features`).
type csnHubRow struct {
	RepositoryName          string   `parquet:"repository_name"`
	FuncPathInRepository    string   `parquet:"func_path_in_repository"`
	FuncName                string   `parquet:"func_name"`
	WholeFuncString         string   `parquet:"whole_func_string"`
	Language                string   `parquet:"language"`
	FuncCodeString          string   `parquet:"func_code_string"`
	FuncCodeTokens          []string `parquet:"func_code_tokens,list"`
	FuncDocumentationString string   `parquet:"func_documentation_string"`
	FuncDocumentationTokens []string `parquet:"func_documentation_tokens,list"`
	SplitName               string   `parquet:"split_name"`
	FuncCodeURL             string   `parquet:"func_code_url"`
}

// csnReadJSONL decodes a small JSONL fixture into values of type T, for writing the
// same records in the Hub layout.
func csnReadJSONL[T any](t *testing.T, path string) []T {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, v)
	}
	return out
}

// csnWriteParquet writes rows as a Parquet file with parquet-go (lists as 3-level
// LIST groups, as the Hub's files have them). The coding and instruction adapters'
// tests share it to make their Hub-layout fixtures in a temporary directory.
func csnWriteParquet[T any](t *testing.T, path string, rows []T) {
	t.Helper()
	if err := parquet.WriteFile(path, rows); err != nil {
		t.Fatalf("write %s: %v", path, err)
	}
}

// csnHubFixture writes the corpus fixtures in the Hub layout, one file per split.
func csnHubFixture(t *testing.T) string {
	t.Helper()
	type corpusRow struct {
		Repo, Path, Language, Code, Docstring, Sha, URL, Partition string
		FuncName                                                   string   `json:"func_name"`
		OriginalString                                             string   `json:"original_string"`
		CodeTokens                                                 []string `json:"code_tokens"`
		DocstringTokens                                            []string `json:"docstring_tokens"`
	}
	dir := t.TempDir()
	bySplit := map[string][]csnHubRow{}
	for _, f := range []string{"python_test_0.jsonl", "java_valid_0.jsonl"} {
		for _, r := range csnReadJSONL[corpusRow](t, filepath.Join("testdata", "codesearchnet", "corpus", f)) {
			split := CanonicalSplit(r.Partition)
			bySplit[split] = append(bySplit[split], csnHubRow{
				RepositoryName: r.Repo, FuncPathInRepository: r.Path, FuncName: r.FuncName,
				WholeFuncString: r.OriginalString, Language: r.Language, FuncCodeString: r.Code,
				FuncCodeTokens: r.CodeTokens, FuncDocumentationString: r.Docstring,
				FuncDocumentationTokens: r.DocstringTokens, SplitName: r.Partition, FuncCodeURL: r.URL,
			})
		}
	}
	for split, rows := range bySplit {
		csnWriteParquet(t, filepath.Join(dir, "all-"+split+".parquet"), rows)
	}
	return dir
}

// sameRecords checks that two conversions agree, record for record, on what the
// rules require of both layouts: id, question, answer and final answer. Records only
// in a are allowed (a Hub file may hold one split of a release file); it returns how
// many were compared.
func sameRecords(t *testing.T, a, b []record.Record) int {
	t.Helper()
	m := byID(a)
	n := 0
	for _, rb := range b {
		ra, ok := m[rb.ID]
		if !ok {
			t.Errorf("%s: only in the second layout", rb.ID)
			continue
		}
		n++
		if ra.Question != rb.Question {
			t.Errorf("%s: questions differ:\n%q\n%q", rb.ID, head(ra.Question, 200), head(rb.Question, 200))
		}
		if ra.Answer != rb.Answer {
			t.Errorf("%s: answers differ:\n%q\n%q", rb.ID, head(ra.Answer, 200), head(rb.Answer, 200))
		}
		if ra.FinalAnswer() != rb.FinalAnswer() {
			t.Errorf("%s: final answers differ: %q, %q", rb.ID, ra.FinalAnswer(), rb.FinalAnswer())
		}
	}
	return n
}

// wantRowError checks that err is a positioned *format.RowError wrapping sentinel.
func wantRowError(t *testing.T, err, sentinel error) {
	t.Helper()
	var re *format.RowError
	if !errors.Is(err, sentinel) || !errors.As(err, &re) {
		t.Fatalf("err = %v, want a *format.RowError wrapping %v", err, sentinel)
	}
	if re.Pos.File == "" || (re.Pos.Line == 0 && re.Pos.Index == 0 && re.Pos.Key == "") {
		t.Fatalf("err = %v: no position", err)
	}
}

// fuzzAdapter runs an adapter on one file, strictly and leniently, discarding the
// records: a fuzz target only checks that no input makes it panic (token counting
// is left out, it is not what is fuzzed).
func fuzzAdapter(t *testing.T, source, path string) {
	a, err := Lookup(source)
	if err != nil {
		t.Fatal(err)
	}
	for _, lenient := range []bool{false, true} {
		e := &Emitter{adapter: a, opt: format.Options{Lenient: lenient, Skip: func(*format.RowError) {}}}
		e.emit = func(_ format.Position, r record.Record) error {
			if r.ID == "" || strings.TrimSpace(r.Question) == "" {
				t.Errorf("emitted an incomplete record %+v", r)
			}
			return nil
		}
		_ = a.Convert(path, e)
	}
}

func TestCodeSearchNetReal(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		n     int
		wants []want
	}{
		{"annotations", []string{"codesearchnet/annotationStore.csv"}, 573, []want{
			{"codesearchnet/test/challenge-go-" + HashID("Go\nunique elements"), `Write a Go function that implements "unique elements".`, "", ""},
			{"codesearchnet/test/challenge-python-" + HashID("Python\nconvert int to string"), `Write a Python function that implements "convert int to string".`, "", ""},
		}},
		{"queries", []string{"codesearchnet/queries.csv"}, 99, []want{
			{"codesearchnet/test/query-0", `Write a function that implements "convert int to string".`, "", ""},
			{"codesearchnet/test/query-1", `Write a function that implements "priority queue".`, "", ""},
		}},
		{"folder", []string{"codesearchnet"}, 573 + 99, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := convertShared(t, "codesearchnet", tt.files...)
			if len(recs) != tt.n {
				t.Fatalf("got %d records, want %d", len(recs), tt.n)
			}
			checkRecords(t, recs, tt.wants)
			judgements := 0
			for _, r := range recs {
				if r.Domain != record.Coding || r.Difficulty != record.Easy || r.License != "MIT" || r.Answer != "" {
					t.Errorf("%s: domain/difficulty/license/answer = %s/%s/%s/%q", r.ID, r.Domain, r.Difficulty, r.License, head(r.Answer, 20))
				}
				if anns, ok := r.Meta["annotations"].([]map[string]any); ok {
					judgements += len(anns)
					for _, a := range anns {
						if rel, ok := a["relevance"].(int); !ok || rel < 0 || rel > 3 {
							t.Errorf("%s: relevance %v", r.ID, a["relevance"])
						}
					}
				}
			}
			if tt.name == "annotations" && judgements != 4006 {
				t.Errorf("%d judgements kept, want all 4006", judgements)
			}
		})
	}
}

func TestCodeSearchNetFixtures(t *testing.T) {
	corpus := filepath.Join("testdata", "codesearchnet", "corpus")
	release, err := ConvertAll("codesearchnet", []string{corpus}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(release) != 3 {
		t.Fatalf("release layout: %d records, want 3", len(release))
	}
	url := "https://github.com/example-org/kettle/blob/0123456789abcdef0123456789abcdef01234567/kettle/temperature.py#L12-L19"
	checkRecords(t, release, []want{
		{"codesearchnet/test/python-" + HashID(url),
			"Write a Python function `to_fahrenheit` that does what this documentation describes:\n\nConvert a water temperature from Celsius to Fahrenheit.\n\nValues below absolute zero raise ValueError.",
			"def to_fahrenheit(celsius):\n", ""},
	})
	var java record.Record
	for _, r := range release {
		if r.Meta["language"] == "java" {
			java = r
		}
	}
	if !strings.HasPrefix(java.ID, "codesearchnet/validation/java-") || !strings.HasPrefix(java.Question, "Write a Java function `Ledger.balance`") {
		t.Errorf("java record: id %q, question %q", java.ID, head(java.Question, 60))
	}
	if java.Meta["sha"] != "fedcba9876543210fedcba9876543210fedcba98" || java.Meta["repo"] != "example-org/ledger" {
		t.Errorf("java meta %v", java.Meta)
	}

	hub, err := ConvertAll("codesearchnet", []string{csnHubFixture(t)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(hub) != 3 {
		t.Fatalf("hub layout: %d records, want 3", len(hub))
	}
	if n := sameRecords(t, release, hub); n != 3 {
		t.Errorf("compared %d records, want 3", n)
	}

	challenge, err := ConvertAll("codesearchnet", []string{filepath.Join("testdata", "codesearchnet", "challenge")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// annotationStore.csv: (Python, parse duration string), (Go, …), (Python, merge …);
	// queries.csv: three queries.
	if len(challenge) != 6 {
		t.Fatalf("challenge: %d records, want 6", len(challenge))
	}
	py := byID(challenge)["codesearchnet/test/challenge-python-"+HashID("Python\nparse duration string")]
	anns, _ := py.Meta["annotations"].([]map[string]any)
	if len(anns) != 3 || anns[0]["relevance"] != 3 || anns[1]["relevance"] != 2 || anns[2]["notes"] != "Formats a duration,\nit does not parse one." {
		t.Errorf("python annotations %v", anns)
	}
	if py.Question != `Write a Python function that implements "parse duration string".` || py.Answer != "" {
		t.Errorf("python record %+v", py)
	}
	if q := byID(challenge)["codesearchnet/test/query-2"]; q.Question != `Write a function that implements "read gzip file line by line".` {
		t.Errorf("query-2: %q", q.Question)
	}
}

func TestCodeSearchNetBad(t *testing.T) {
	tests := []struct {
		file string
		want error
	}{
		{"type_test_0.jsonl", format.ErrType},
		{"missing_test_0.jsonl", format.ErrMissing},
		{"language_test_0.jsonl", format.ErrValue},
		{"nodoc_test_0.jsonl", format.ErrValue},
		{"partition_test_0.jsonl", format.ErrValue},
		{"relevance.csv", format.ErrValue},
		{"fields.csv", format.ErrFieldCount},
		{"emptyquery.csv", format.ErrValue},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := ConvertAll("codesearchnet", []string{filepath.Join("testdata", "codesearchnet", "bad", tt.file)}, Options{})
			wantRowError(t, err, tt.want)
		})
	}
	t.Run("lenient", func(t *testing.T) {
		var skipped []*format.RowError
		recs, err := ConvertAll("codesearchnet", []string{filepath.Join("testdata", "codesearchnet", "bad", "relevance.csv")},
			Options{Lenient: true, Skip: func(e *format.RowError) { skipped = append(skipped, e) }})
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 1 || len(skipped) != 1 || skipped[0].Pos.Line != 3 {
			t.Errorf("lenient: %d records, skipped %v", len(recs), skipped)
		}
	})
}

func FuzzCodeSearchNet(f *testing.F) {
	for _, p := range []string{"corpus/python_test_0.jsonl", "challenge/annotationStore.csv", "challenge/queries.csv", "bad/fields.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", "codesearchnet", p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		for _, name := range []string{"python_train_0.jsonl", "annotationStore.csv"} {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			fuzzAdapter(t, "codesearchnet", p)
		}
	})
}
