package source

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestRecordTokensMatchGolden checks the token counts of the records themselves,
// as the adapters compose them (passage + question, lettered options, ...), against
// js-tiktoken. ../token/testdata/golden_counts.jsonl holds a row for every question
// and answer text of the real conversions below. See
// ../token/testdata/golden/README.md for how it is made. To regenerate it, from the
// repository root:
//
//	(cd lib/token/testdata/golden && npm ci)
//	go test ./lib/token/ -run TestGoldenCounts -update
//
// -update runs this test with -write-record-texts itself. Step by step, with the
// record texts written outside the repository:
//
//	go test ./lib/source/ -run TestRecordTokensMatchGolden -write-record-texts /tmp/qmix-golden
//	go test ./lib/token/ -run TestGoldenCounts -update -extra-texts /tmp/qmix-golden/record_texts.jsonl
var writeRecordTexts = flag.String("write-record-texts", "",
	"write the question and answer texts of every real conversion to `DIR`/record_texts.jsonl (for lib/token's golden counts) instead of checking them; DIR must be outside the repository")

const (
	goldenCountsPath = "../token/testdata/golden_counts.jsonl"
	recordTextsFile  = "record_texts.jsonl"
)

func TestRecordTokensMatchGolden(t *testing.T) {
	sharedDir(t) // skips (or fails under CI=true) without the datasets
	var golden map[string]int
	if *writeRecordTexts == "" {
		golden = readGoldenO200k(t, goldenCountsPath)
	}

	texts := map[string]string{} // by hex SHA-256, for -write-record-texts
	type tally struct{ records, questions, answers, emptyAnswers int }
	bySource := map[string]*tally{}
	var sources []string
	var missing, mismatched []string
	for _, c := range realConversions {
		recs := convertShared(t, c.source, c.paths...)
		tl := bySource[c.source]
		if tl == nil {
			tl = &tally{}
			bySource[c.source] = tl
			sources = append(sources, c.source)
		}
		tl.records += len(recs)
		for _, r := range recs {
			for _, f := range []struct {
				field string
				text  string
				got   int
			}{
				{"question", r.Question, r.Tokens.Question},
				{"answer", r.Answer, r.Tokens.Answer},
			} {
				if f.text == "" {
					// Nothing to look up: an empty text has 0 tokens.
					if f.field == "answer" {
						tl.emptyAnswers++
					}
					if f.got != 0 {
						mismatched = append(mismatched, fmt.Sprintf("%s %s: Tokens=%d for an empty text, want 0", r.ID, f.field, f.got))
					}
					continue
				}
				if f.field == "question" {
					tl.questions++
				} else {
					tl.answers++
				}
				h := sha256Hex(f.text)
				if golden == nil {
					texts[h] = f.text
					continue
				}
				want, ok := golden[h]
				switch {
				case !ok:
					missing = append(missing, fmt.Sprintf("%s %s: %s (%d bytes)", r.ID, f.field, h, len(f.text)))
				case f.got != want:
					mismatched = append(mismatched, fmt.Sprintf("%s %s: Tokens=%d js-tiktoken o200k_base=%d %s (%d bytes) %s",
						r.ID, f.field, f.got, want, h, len(f.text), snippet(f.text)))
				}
			}
		}
	}

	verb := "checked against " + goldenCountsPath
	if golden == nil {
		verb = "collected"
	}
	total := tally{}
	for _, s := range sources {
		tl := bySource[s]
		t.Logf("%-15s %5d records: %5d question and %5d answer texts %s (%d empty answers)", s, tl.records, tl.questions, tl.answers, verb, tl.emptyAnswers)
		total.records += tl.records
		total.questions += tl.questions
		total.answers += tl.answers
		total.emptyAnswers += tl.emptyAnswers
	}
	t.Logf("%-15s %5d records: %5d question and %5d answer texts %s (%d empty answers)", "total", total.records, total.questions, total.answers, verb, total.emptyAnswers)

	if golden == nil {
		writeRecordTextsFile(t, *writeRecordTexts, texts)
		return
	}
	if len(missing) > 0 {
		t.Errorf("%d record texts have no row in %s (regenerate it: see ../token/testdata/golden/README.md); first:\n%s",
			len(missing), goldenCountsPath, firstLines(missing, 10))
	}
	if len(mismatched) > 0 {
		t.Errorf("%d record token counts differ from js-tiktoken's o200k_base counts; first:\n%s", len(mismatched), firstLines(mismatched, 10))
	}
}

// readGoldenO200k reads the golden file's o200k_base counts by hex SHA-256. It
// requires the rows to be well formed, sorted and unique, as lib/token's readGolden
// does.
func readGoldenO200k(t *testing.T, path string) map[string]int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := map[string]int{}
	sc := bufio.NewScanner(f)
	prev := ""
	for line := 1; sc.Scan(); line++ {
		var r struct {
			SHA256 string `json:"sha256"`
			O200k  *int   `json:"o200k_base"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s:%d: %v", path, line, err)
		}
		if len(r.SHA256) != 64 || r.SHA256 <= prev || r.O200k == nil {
			t.Fatalf("%s:%d: malformed or out of order row (the file must be sorted by sha256 and deduplicated)", path, line)
		}
		prev = r.SHA256
		rows[r.SHA256] = *r.O200k
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// writeRecordTextsFile writes texts as JSON Lines of {"text": ...}, sorted by hash,
// to dir/record_texts.jsonl. dir must be outside the repository: the texts are
// dataset text, which is never committed.
func writeRecordTextsFile(t *testing.T, dir string, texts map[string]string) {
	t.Helper()
	if inside, err := insideRepository(dir); err != nil {
		t.Fatal(err)
	} else if inside {
		t.Fatalf("-write-record-texts %s is inside the repository; dataset text must not be committed: use a directory outside it", dir)
	}
	hashes := make([]string, 0, len(texts))
	for h := range texts {
		hashes = append(hashes, h)
	}
	sort.Strings(hashes)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	size := 0
	for _, h := range hashes {
		text := texts[h]
		if !utf8.ValidString(text) {
			// JSON cannot carry invalid UTF-8 unchanged: golden.mjs would hash
			// another text.
			t.Fatalf("record text %s is not valid UTF-8", h)
		}
		if err := enc.Encode(map[string]string{"text": text}); err != nil {
			t.Fatal(err)
		}
		size += len(text)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, recordTextsFile)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %d distinct record texts (%.2f MB) to %s; the golden counts were not checked", len(hashes), float64(size)/1e6, path)
}

// insideRepository reports whether dir is the repository (two levels up from this
// package) or inside it, following symbolic links where the paths exist.
func insideRepository(dir string) (bool, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false, err
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		return false, err
	}
	within := func(p, root string) bool { return strings.HasPrefix(p+"/", root+"/") }
	if within(abs, repo) {
		return true, nil
	}
	realRepo, err := filepath.EvalSymlinks(repo)
	if err != nil {
		return false, err
	}
	// Resolve the longest existing ancestor of dir (dir itself may not exist yet).
	for p, rest := abs, ""; ; {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return within(filepath.Join(real, rest), realRepo), nil
		}
		parent := filepath.Dir(p)
		if parent == p {
			return false, nil
		}
		rest = filepath.Join(filepath.Base(p), rest)
		p = parent
	}
}

func sha256Hex(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

func snippet(text string) string {
	r := []rune(text)
	if len(r) > 60 {
		return fmt.Sprintf("%q…", string(r[:60]))
	}
	return fmt.Sprintf("%q", text)
}

func firstLines(lines []string, n int) string {
	if len(lines) > n {
		lines = append(lines[:n:n], fmt.Sprintf("… and %d more", len(lines)-n))
	}
	return "  " + strings.Join(lines, "\n  ")
}
