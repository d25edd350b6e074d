package token

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The golden file covers two sets of texts:
//
//   - this package's own texts: the tricky fixture and every raw string of the
//     shared datasets (collect_test.go);
//   - the record texts: the question and answer of every record that lib/source
//     converts from the shared datasets, as its adapters compose them. lib/source's
//     TestRecordTokensMatchGolden checks the records' token counts against them and
//     writes them with -write-record-texts.
//
// Regenerating testdata/golden_counts.jsonl (node is needed only for this; see
// testdata/golden/README.md):
//
//	(cd lib/token/testdata/golden && npm ci)
//	go test ./lib/token/ -run TestGoldenCounts -update
//
// -update (and -write-texts) runs lib/source's test with -write-record-texts to get
// the record texts, unless -extra-texts names a file of them. Step by step:
//
//	go test ./lib/source/ -run TestRecordTokensMatchGolden -write-record-texts /tmp/qmix-golden
//	go test ./lib/token/ -run TestGoldenCounts -write-texts /tmp/qmix-golden -extra-texts /tmp/qmix-golden/record_texts.jsonl
//	node lib/token/testdata/golden/golden.mjs < /tmp/qmix-golden/texts.jsonl > lib/token/testdata/golden_counts.jsonl
var (
	writeTexts = flag.String("write-texts", "", "write the golden texts (tricky fixture + shared datasets + record texts) to `DIR`/texts.jsonl, for golden.mjs; DIR must be outside the repository")
	update     = flag.Bool("update", false, "regenerate testdata/golden_counts.jsonl with node testdata/golden/golden.mjs")
	extraTexts = flag.String("extra-texts", "", "JSON Lines `FILE` of {\"text\": ...} (lib/source's record_texts.jsonl) covered by the golden file besides this package's own texts: added by -update and -write-texts instead of running lib/source, and checked like the others")
)

const (
	goldenPath = "testdata/golden_counts.jsonl"
	trickyPath = "testdata/tricky.jsonl"
	goldenDir  = "testdata/golden"
)

type goldenRow struct {
	SHA256 string `json:"sha256"`
	O200k  int    `json:"o200k_base"`
	Cl100k int    `json:"cl100k_base"`
}

func (r goldenRow) count(encoding string) int {
	if encoding == O200kBase {
		return r.O200k
	}
	return r.Cl100k
}

func readGolden(tb testing.TB) map[string]goldenRow {
	tb.Helper()
	f, err := os.Open(goldenPath)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows := map[string]goldenRow{}
	sc := bufio.NewScanner(f)
	prev := ""
	for line := 1; sc.Scan(); line++ {
		var r goldenRow
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			tb.Fatalf("%s:%d: %v", goldenPath, line, err)
		}
		if len(r.SHA256) != 64 || r.SHA256 <= prev {
			tb.Fatalf("%s:%d: sha256 %q is malformed or out of order (the file must be sorted and deduplicated)", goldenPath, line, r.SHA256)
		}
		prev = r.SHA256
		rows[r.SHA256] = r
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return rows
}

func trickyTexts(tb testing.TB) []string {
	tb.Helper()
	texts, err := readTextsJSONL(trickyPath)
	if err != nil {
		tb.Fatal(err)
	}
	return texts
}

// allGoldenTexts is every text the golden file covers: the tricky fixture, then
// the shared datasets' texts.
func allGoldenTexts(tb testing.TB, datasets string) []string {
	tb.Helper()
	set := newTextSet()
	for _, t := range trickyTexts(tb) {
		set.add(t)
	}
	ds, err := collectDatasetTexts(datasets)
	if err != nil {
		tb.Fatal(err)
	}
	for _, t := range ds.texts {
		set.add(t)
	}
	return set.texts
}

func TestGoldenCounts(t *testing.T) {
	extraPath := *extraTexts
	if *writeTexts != "" || *update {
		extraPath = regenerate(t)
		if !*update {
			t.Logf("-write-texts without -update: the golden file was not checked")
			return
		}
	}
	golden := readGolden(t)
	counters := map[string]*Counter{}
	for _, enc := range []string{O200kBase, Cl100kBase} {
		c, err := NewWithOptions(Options{Encoding: enc, NoCache: true})
		if err != nil {
			t.Fatal(err)
		}
		counters[enc] = c
	}
	check := func(t *testing.T, texts []string) {
		var missing, mismatched []string
		for _, enc := range []string{O200kBase, Cl100kBase} {
			got := counters[enc].CountAll(texts)
			for i, text := range texts {
				h := sha256Hex(text)
				row, ok := golden[h]
				if !ok {
					if enc == O200kBase {
						missing = append(missing, fmt.Sprintf("%s (%d bytes) %s", h, len(text), snippet(text)))
					}
					continue
				}
				if want := row.count(enc); got[i] != want {
					mismatched = append(mismatched, fmt.Sprintf("%s %s: Count=%d js-tiktoken=%d (%d bytes) %s", enc, h, got[i], want, len(text), snippet(text)))
				}
			}
		}
		t.Logf("%d texts (%d bytes) checked against %s for %s and %s", len(texts), totalBytes(texts), goldenPath, O200kBase, Cl100kBase)
		if len(missing) > 0 {
			t.Errorf("%d of %d texts have no golden entry (regenerate: see testdata/golden/README.md); first: \n%s", len(missing), len(texts), firstN(missing, 10))
		}
		if len(mismatched) > 0 {
			t.Errorf("%d counts differ from js-tiktoken; first:\n%s", len(mismatched), firstN(mismatched, 10))
		}
	}

	t.Run("tricky", func(t *testing.T) {
		check(t, trickyTexts(t))
	})
	t.Run("datasets", func(t *testing.T) {
		texts := allGoldenTexts(t, datasetsOrSkip(t))
		check(t, texts)
		have := map[string]bool{}
		for _, text := range texts {
			have[sha256Hex(text)] = true
		}
		if extraPath != "" {
			extra, err := readTextsJSONL(extraPath)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("-extra-texts %s:", extraPath)
			check(t, extra)
			for _, text := range extra {
				have[sha256Hex(text)] = true
			}
		}
		var other []string
		for h := range golden {
			if !have[h] {
				other = append(other, h)
			}
		}
		sort.Strings(other)
		switch {
		case len(other) == 0:
			t.Logf("golden file: %d entries, all matched", len(golden))
		case extraPath != "":
			// With the record texts given, entries no text maps to mean the
			// golden file is stale.
			t.Errorf("%d of %d golden entries match no collected text nor -extra-texts (stale golden file; regenerate: see testdata/golden/README.md); first:\n%s", len(other), len(golden), firstN(other, 10))
		default:
			// The rest are lib/source's record texts, which this package does not
			// collect: TestRecordTokensMatchGolden checks them (o200k_base), and
			// -extra-texts checks them here too (both encodings, and staleness).
			t.Logf("golden file: %d entries; %d match this package's texts, %d others are left to lib/source's TestRecordTokensMatchGolden (pass -extra-texts to check them here)", len(golden), len(golden)-len(other), len(other))
		}
	})
}

// regenerate implements -write-texts and -update. It returns the file of record
// texts it added: -extra-texts, or the one lib/source's test wrote.
func regenerate(t *testing.T) string {
	own := allGoldenTexts(t, datasetsOrSkip(t))
	dir := *writeTexts
	if dir == "" {
		dir = t.TempDir()
	}
	if abs, err := filepath.Abs(dir); err == nil {
		if repo, err := filepath.Abs("../.."); err == nil && strings.HasPrefix(abs+"/", repo+"/") {
			t.Fatalf("-write-texts %s is inside the repository; dataset text must not be committed: use a directory outside it", dir)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	extraPath := *extraTexts
	if extraPath == "" {
		extraPath = writeRecordTexts(t, dir)
	}
	extra, err := readTextsJSONL(extraPath)
	if err != nil {
		t.Fatal(err)
	}
	set := newTextSet()
	for _, text := range own {
		set.add(text)
	}
	for _, text := range extra {
		set.add(text)
	}
	texts := set.texts
	textsPath := filepath.Join(dir, "texts.jsonl")
	if err := writeTextsJSONL(textsPath, texts); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %d texts (%.2f MB) to %s: %d of this package, %d more of the %d record texts in %s",
		len(texts), float64(totalBytes(texts))/1e6, textsPath, len(own), len(texts)-len(own), len(extra), extraPath)
	if !*update {
		return extraPath
	}
	if _, err := os.Stat(filepath.Join(goldenDir, "node_modules", "js-tiktoken")); err != nil {
		t.Fatalf("js-tiktoken is not installed: run (cd lib/token/%s && npm ci) first", goldenDir)
	}
	in, err := os.Open(textsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	var out, stderr bytes.Buffer
	cmd := exec.Command("node", "golden.mjs")
	cmd.Dir = goldenDir
	cmd.Stdin, cmd.Stdout, cmd.Stderr = in, &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("node golden.mjs: %v\n%s", err, stderr.String())
	}
	if err := os.WriteFile(goldenPath, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s: %s", goldenPath, strings.TrimSpace(stderr.String()))
	return extraPath
}

// writeRecordTexts runs lib/source's TestRecordTokensMatchGolden with
// -write-record-texts dir, which writes the question and answer texts of every
// real conversion to dir/record_texts.jsonl, and returns that path.
func writeRecordTexts(t *testing.T, dir string) string {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(absDir, "record_texts.jsonl")
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "test", "-count=1", "-run", "^TestRecordTokensMatchGolden$", ".", "-write-record-texts", absDir)
	cmd.Dir = "../source"
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s (in lib/source): %v\n%s\n(or pass the record texts with -extra-texts: see testdata/golden/README.md)", strings.Join(cmd.Args, " "), err, out)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("%s (in lib/source) wrote no %s (was the test skipped?):\n%s", strings.Join(cmd.Args, " "), path, out)
	}
	return path
}

func totalBytes(texts []string) int {
	n := 0
	for _, t := range texts {
		n += len(t)
	}
	return n
}

func snippet(text string) string {
	r := []rune(text)
	if len(r) > 60 {
		return fmt.Sprintf("%q…", string(r[:60]))
	}
	return fmt.Sprintf("%q", text)
}

func firstN(lines []string, n int) string {
	if len(lines) > n {
		lines = append(lines[:n:n], fmt.Sprintf("… and %d more", len(lines)-n))
	}
	return "  " + strings.Join(lines, "\n  ")
}
