package demo

import (
	"bytes"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"qmix/lib/record"
	"qmix/lib/source"
	"qmix/lib/token"
)

// converted is a stand-in converted through its adapter, strictly, with the demo
// split, as the build converts it.
type converted struct {
	files SourceFiles
	recs  []record.Record
}

func convertStandIns(t *testing.T, s Summary) []converted {
	t.Helper()
	var out []converted
	for _, f := range s.Sources {
		c := converted{files: f}
		for _, p := range f.Paths {
			recs, err := source.ConvertAll(f.Name, []string{p}, source.Options{Split: DemoSplit})
			if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
			c.recs = append(c.recs, recs...)
		}
		out = append(out, c)
	}
	return out
}

// TestGenerateScale1 generates the plan's sizes once and checks the existing set's
// exact numbers, that every stand-in converts strictly with the records the summary
// says, that ids are unique, and that every injected duplicate names real records.
func TestGenerateScale1(t *testing.T) {
	if testing.Short() {
		t.Skip("generates the full demo (about 300 MB written)")
	}
	dir := t.TempDir()
	s, err := Generate(dir, Options{Seed: 20261124})
	if err != nil {
		t.Fatal(err)
	}
	existing := checkExisting(t, s, 1)
	convs := convertStandIns(t, s)

	ids := map[string]string{}
	for _, r := range existing {
		ids[r.ID] = r.Question
	}
	questions := map[string]record.Record{}
	t.Run("stand-ins", func(t *testing.T) {
		if len(convs) != len(PlanTakes) {
			t.Fatalf("%d stand-ins, want %d", len(convs), len(PlanTakes))
		}
		total := 0
		for i, c := range convs {
			take := PlanTakes[i]
			if c.files.Name != take.Source {
				t.Errorf("stand-in %d is %s, want %s", i, c.files.Name, take.Source)
			}
			want := StandInSize(take.Source, take.N, 1)
			if len(c.recs) != want || c.files.Records != want {
				t.Errorf("%s: converted %d records, summary says %d, want %d", c.files.Name, len(c.recs), c.files.Records, want)
			}
			for _, r := range c.recs {
				if !strings.HasPrefix(r.ID, c.files.Name+"/demo/") {
					t.Fatalf("%s: id %q is not a demo id", c.files.Name, r.ID)
				}
				if _, dup := ids[r.ID]; dup {
					t.Fatalf("id %q twice", r.ID)
				}
				ids[r.ID] = r.Question
				questions[r.ID] = r
			}
			total += len(c.recs)
		}
		if total != s.Public {
			t.Errorf("%d stand-in records, summary says %d", total, s.Public)
		}
	})
	t.Run("lengths", func(t *testing.T) { checkLengths(t, convs) })
	t.Run("injected duplicates", func(t *testing.T) {
		dups, err := ReadDuplicates(s.Injected.Path)
		if err != nil {
			t.Fatal(err)
		}
		checkDuplicates(t, s, dups, ids, questions)
		share := float64(len(dups)) / float64(s.Public)
		if share < 0.05 || share > 0.10 {
			t.Errorf("%.1f%% of stand-in records are injected duplicates, want 5-10%%", 100*share)
		}
		t.Logf("injected: %d (%.2f%%) by edit %v by kind %v", len(dups), 100*share, s.Injected.ByEdit, s.Injected.ByKind)
	})
}

// checkExisting reads the existing set strictly and checks its counts, ids, exact
// token counts and balance against the plan at scale.
func checkExisting(t *testing.T, s Summary, scale float64) []record.Record {
	t.Helper()
	recs, err := record.ReadFile(s.Existing.Path)
	if err != nil {
		t.Fatal(err)
	}
	byDomain, hardByDomain := map[string]int{}, map[string]int{}
	var easyTok, hardTok, hard int
	texts := make([]string, 0, 2*len(recs))
	for i, r := range recs {
		if r.ID != existingIDPrefix+r.SourceID || r.SourceID != itoa(i) {
			t.Fatalf("record %d has id %q, source id %q", i, r.ID, r.SourceID)
		}
		if r.Source != ExistingSource || r.License != ExistingLicense || r.Meta["demo"] != true {
			t.Fatalf("%s: source %q license %q meta %v: not labelled demo", r.ID, r.Source, r.License, r.Meta)
		}
		if r.Answer == "" {
			t.Fatalf("%s: no answer", r.ID)
		}
		byDomain[r.Domain]++
		if r.Difficulty == record.Hard {
			hard++
			hardByDomain[r.Domain]++
			hardTok += r.TotalTokens()
		} else {
			easyTok += r.TotalTokens()
		}
		texts = append(texts, r.Question, r.Answer)
	}
	// The token counts written must be lib/token's exact o200k counts.
	c, err := token.NewWithOptions(token.Options{NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	n := c.CountAll(texts)
	for i, r := range recs {
		if r.Tokens.Question != n[2*i] || r.Tokens.Answer != n[2*i+1] {
			t.Fatalf("%s: tokens %+v, lib/token counts %d/%d", r.ID, r.Tokens, n[2*i], n[2*i+1])
		}
	}
	wantTotal, wantHard := 0, 0
	for _, p := range ExistingPlan {
		want := int(math.Max(1, math.Round(float64(p.Records)*scale)))
		if byDomain[p.Domain] != want {
			t.Errorf("%s: %d records, want %d", p.Domain, byDomain[p.Domain], want)
		}
		if scale == 1 && hardByDomain[p.Domain] != p.HardRecords {
			t.Errorf("%s: %d hard records, want %d", p.Domain, hardByDomain[p.Domain], p.HardRecords)
		}
		wantTotal += want
		wantHard += p.HardRecords
	}
	if len(recs) != wantTotal {
		t.Errorf("%d existing records, want %d", len(recs), wantTotal)
	}
	if scale == 1 && (len(recs) != 47442 || hard != 667 || wantHard != 667) {
		t.Errorf("%d records, %d hard; the plan says 47,442 and 667", len(recs), hard)
	}
	share := 100 * float64(easyTok) / float64(easyTok+hardTok)
	if math.Abs(share-EasyShareTarget) > BalanceTolerance {
		t.Errorf("token balance %.2f/%.2f, want %.1f/%.1f ± %.1f", share, 100-share, EasyShareTarget, 100-EasyShareTarget, BalanceTolerance)
	}
	if s.Existing.Records != len(recs) || s.Existing.Hard != hard || s.Existing.EasyTokens != easyTok || s.Existing.HardTokens != hardTok {
		t.Errorf("summary %+v disagrees with the file (%d records, %d hard, %d/%d tokens)", s.Existing, len(recs), hard, easyTok, hardTok)
	}
	t.Logf("existing: %d records, %d hard, tokens %d easy / %d hard = %.2f/%.2f", len(recs), hard, easyTok, hardTok, share, 100-share)
	return recs
}

func itoa(i int) string { return strconv.Itoa(i) }

// checkLengths holds every stand-in's mean question and answer lengths to ±25% of
// its calibration.
func checkLengths(t *testing.T, convs []converted) {
	t.Helper()
	for _, c := range convs {
		cal, ok := CalibrationOf(c.files.Name)
		if !ok {
			t.Errorf("%s: no calibration", c.files.Name)
			continue
		}
		var q, a []int
		for _, r := range c.recs {
			q = append(q, r.Tokens.Question)
			if r.Answer != "" {
				a = append(a, r.Tokens.Answer)
			}
		}
		mq, ma := mean(q), mean(a)
		for _, x := range []struct {
			what      string
			got, want float64
		}{{"question", mq, cal.Question}, {"answer", ma, cal.Answer}} {
			if math.Abs(x.got/x.want-1) > 0.25 {
				t.Errorf("%s: mean %s length %.1f tokens, calibration %.1f (more than 25%% off)", c.files.Name, x.what, x.got, x.want)
			}
		}
		t.Logf("%-22s n=%5d question %6.1f (cal %6.1f, %+4.0f%%)  answer %6.1f (cal %6.1f, %+4.0f%%)",
			c.files.Name, len(c.recs), mq, cal.Question, 100*(mq/cal.Question-1), ma, cal.Answer, 100*(ma/cal.Answer-1))
	}
}

// dedupText is the text a duplicate was edited in: the question, or for the reading
// sources the question without its passage.
func dedupText(r record.Record) string {
	if q, ok := r.Meta["source_question"].(string); ok {
		return q
	}
	return r.Question
}

// checkDuplicates checks that every injected duplicate is a stand-in record whose
// original exists, that the edit is a known one and that the two texts differ but
// stay close.
func checkDuplicates(t *testing.T, s Summary, dups []Duplicate, ids map[string]string, recs map[string]record.Record) {
	t.Helper()
	known := map[string]bool{EditReorderedChoices: true}
	for _, e := range textEdits {
		known[e] = true
	}
	byEdit := map[string]int{}
	seen := map[string]bool{}
	for _, d := range dups {
		dup, ok := recs[d.ID]
		if !ok {
			t.Fatalf("duplicate %q is no stand-in record", d.ID)
		}
		origQ, ok := ids[d.DuplicateOf]
		if !ok {
			t.Fatalf("%s duplicates %q, which does not exist", d.ID, d.DuplicateOf)
		}
		if seen[d.ID] {
			t.Fatalf("%s listed twice", d.ID)
		}
		seen[d.ID] = true
		if !known[d.Edit] {
			t.Fatalf("%s: unknown edit %q", d.ID, d.Edit)
		}
		byEdit[d.Edit]++
		origText := origQ
		if o, ok := recs[d.DuplicateOf]; ok {
			origText = dedupText(o)
		}
		dupText := dedupText(dup)
		if d.Edit == EditReorderedChoices {
			if dup.Question == ids[d.DuplicateOf] {
				t.Errorf("%s: options reordered, yet the question equals %s's", d.ID, d.DuplicateOf)
			}
			continue
		}
		if !strings.HasPrefix(d.DuplicateOf, "natural_instructions/") && dupText == origText {
			t.Errorf("%s: %s edit left the text equal to %s's", d.ID, d.Edit, d.DuplicateOf)
		}
		if j := jaccard(shingles(dupText), shingles(origText)); j < 0.4 {
			t.Errorf("%s (%s) vs %s: Jaccard %.2f, too far apart for a near-duplicate:\n%q\n%q", d.ID, d.Edit, d.DuplicateOf, j, dupText, origText)
		}
	}
	for e, n := range byEdit {
		if s.Injected.ByEdit[e] != n {
			t.Errorf("summary counts %d %s edits, the file %d", s.Injected.ByEdit[e], e, n)
		}
	}
}

// TestDeterministic generates twice with one seed — the second time on one CPU —
// and compares every file byte for byte; a different seed must change the files.
func TestDeterministic(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	if _, err := Generate(a, Options{Seed: 7, Scale: 0.02}); err != nil {
		t.Fatal(err)
	}
	prev := runtime.GOMAXPROCS(1)
	_, err := Generate(b, Options{Seed: 7, Scale: 0.02})
	runtime.GOMAXPROCS(prev)
	if err != nil {
		t.Fatal(err)
	}
	fa, fb := readTree(t, a), readTree(t, b)
	if len(fa) != len(fb) {
		t.Fatalf("%d files, then %d", len(fa), len(fb))
	}
	for name, data := range fa {
		if !bytes.Equal(data, fb[name]) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}
	if _, err := Generate(c, Options{Seed: 8, Scale: 0.02}); err != nil {
		t.Fatal(err)
	}
	fc := readTree(t, c)
	if bytes.Equal(fa[ExistingFile], fc[ExistingFile]) {
		t.Error("another seed gave the same existing set")
	}
	t.Logf("%d files compared", len(fa))
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSmallScale checks a small demo end to end: the existing set's numbers and
// balance, strict conversion of every stand-in, and the stand-in lengths against
// the calibration (means are stable at this size).
func TestSmallScale(t *testing.T) {
	dir := t.TempDir()
	s, err := Generate(dir, Options{Seed: 3, Scale: 0.2})
	if err != nil {
		t.Fatal(err)
	}
	existing := checkExisting(t, s, 0.2)
	convs := convertStandIns(t, s)
	ids := map[string]string{}
	recs := map[string]record.Record{}
	for _, r := range existing {
		ids[r.ID] = r.Question
	}
	for _, c := range convs {
		if len(c.recs) != c.files.Records {
			t.Errorf("%s: %d records converted, summary says %d", c.files.Name, len(c.recs), c.files.Records)
		}
		for _, r := range c.recs {
			ids[r.ID] = r.Question
			recs[r.ID] = r
		}
	}
	t.Run("lengths", func(t *testing.T) { checkLengths(t, convs) })
	dups, err := ReadDuplicates(s.Injected.Path)
	if err != nil {
		t.Fatal(err)
	}
	checkDuplicates(t, s, dups, ids, recs)

	// Open reads back the summary with the same paths.
	o, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if o.Existing.Path != s.Existing.Path || len(o.Sources) != len(s.Sources) || o.Paths("gsm8k")[0] != s.Paths("gsm8k")[0] {
		t.Errorf("Open: %+v, Generate: %+v", o.Sources, s.Sources)
	}
}

func TestGenerateOptions(t *testing.T) {
	t.Run("bad scale", func(t *testing.T) {
		for _, sc := range []float64{-1, math.NaN(), math.Inf(1)} {
			if _, err := Generate(t.TempDir(), Options{Scale: sc}); err == nil {
				t.Errorf("scale %v: no error", sc)
			}
		}
	})
	t.Run("not a demo directory", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, SourcesDir), 0o755); err != nil {
			t.Fatal(err)
		}
		if _, err := Generate(dir, Options{Scale: 0.01}); err == nil || !strings.Contains(err.Error(), "not a demo directory") {
			t.Errorf("err = %v, want a refusal", err)
		}
	})
	t.Run("regenerate smaller", func(t *testing.T) {
		dir := t.TempDir()
		if _, err := Generate(dir, Options{Scale: 0.03}); err != nil {
			t.Fatal(err)
		}
		s, err := Generate(dir, Options{Scale: 0.01})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range convertStandIns(t, s) {
			if len(c.recs) != c.files.Records {
				t.Errorf("%s: %d records after regenerating, want %d (stale files left?)", c.files.Name, len(c.recs), c.files.Records)
			}
		}
	})
	t.Run("ensure", func(t *testing.T) {
		dir := t.TempDir()
		a, err := Ensure(dir, Options{Seed: 4, Scale: 0.01})
		if err != nil {
			t.Fatal(err)
		}
		before, _ := os.Stat(a.Existing.Path)
		b, err := Ensure(dir, Options{Seed: 4, Scale: 0.01})
		if err != nil {
			t.Fatal(err)
		}
		after, _ := os.Stat(b.Existing.Path)
		if !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) || b.Public != a.Public {
			t.Error("Ensure regenerated a demo that was there")
		}
		c, err := Ensure(dir, Options{Seed: 5, Scale: 0.01})
		if err != nil {
			t.Fatal(err)
		}
		if c.Seed != 5 {
			t.Errorf("Ensure kept seed %d, want 5", c.Seed)
		}
	})
	t.Run("open without demo", func(t *testing.T) {
		if _, err := Open(t.TempDir()); err == nil {
			t.Error("no error")
		}
	})
}

func TestStandInSize(t *testing.T) {
	for _, c := range []struct {
		source string
		take   int
		scale  float64
		want   int
	}{
		{"gsm8k", 2000, 1, 2200}, {"alpaca", 5000, 1, 5500}, {"gorilla", 1600, 1, 1760},
		{"humaneval", 164, 1, 164}, {"humaneval", 164, 0.1, 17}, {"mbpp", 500, 0.01, 6}, {"coqa", 500, 0.0001, 1},
	} {
		if got := StandInSize(c.source, c.take, c.scale); got != c.want {
			t.Errorf("StandInSize(%s, %d, %g) = %d, want %d", c.source, c.take, c.scale, got, c.want)
		}
	}
	sum := 0
	for _, tk := range PlanTakes {
		sum += tk.N
	}
	// The plan's tables add up to 35,264 (its "~39,264" total is 4,000 too high).
	if sum != 35264 {
		t.Errorf("plan takes sum to %d, want 35,264", sum)
	}
	var names []string
	for _, tk := range PlanTakes {
		names = append(names, tk.Source)
	}
	if got := strings.Join(names, ","); got != strings.Join(source.Names(), ",") {
		t.Errorf("plan order %s, registry %s", got, strings.Join(source.Names(), ","))
	}
}
