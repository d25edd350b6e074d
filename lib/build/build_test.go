package build

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qmix/lib/balance"
	"qmix/lib/cost"
	"qmix/lib/dedup"
	"qmix/lib/demo"
	"qmix/lib/label"
	"qmix/lib/record"
	"qmix/lib/token"
	"qmix/lib/validate"
)

const testSeed = 20261124

// outputs are the files a finished build writes.
var outputs = []string{AugmentedFile, FinalFile, ManifestFile, DropsFile, ReportFile}

// runDemoBuild runs the plan's build, as scripts/build60k.go does, on demo inputs
// of the given scale in demoDir, writing into out; quotas and takes scale too.
// HumanEval, a test split only, is the benchmark it decontaminates against.
func runDemoBuild(t *testing.T, demoDir, out string, scale float64, vopt validate.Options) *Build {
	t.Helper()
	counter, err := token.Default()
	if err != nil {
		t.Fatal(err)
	}
	inputs, err := demo.Ensure(demoDir, demo.Options{Seed: testSeed, Scale: scale, Counter: counter})
	if err != nil {
		t.Fatal(err)
	}
	b := New(Options{Out: out, Plots: filepath.Join(out, "plots"), Seed: testSeed, Demo: true, Log: io.Discard})
	if err := b.Existing(inputs.Existing.Path); err != nil {
		t.Fatal(err)
	}
	for _, take := range demo.PlanTakes {
		if err := b.Take(take.Source, int(math.Round(float64(take.N)*scale)), inputs.Paths(take.Source)...); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Validate(vopt); err != nil {
		t.Fatal(err)
	}
	if err := b.Decontaminate("humaneval=" + inputs.Paths("humaneval")[0]); err != nil {
		t.Fatal(err)
	}
	if err := b.Dedup(dedup.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := b.WriteAugmented(); err != nil {
		t.Fatal(err)
	}
	if err := b.Relabel(label.Options{HardAbove: 0.40}); err != nil {
		t.Fatal(err)
	}
	quota := map[string]int{}
	for d, n := range balance.DefaultQuota {
		quota[d] = int(math.Round(float64(n) * scale))
	}
	if err := b.Balance(balance.Options{Quota: quota}); err != nil {
		t.Fatal(err)
	}
	b.Shuffle()
	if err := b.Cost(cost.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := b.Finish(); err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSmallBuildAccounts runs the whole build at a tenth of the plan's size and checks
// the accounting contract: every stage balances, every input id ends exactly once
// (kept in the final file or in drops.jsonl), the files agree with the manifest, and
// Why answers for kept, dropped and unknown ids.
func TestSmallBuildAccounts(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	b := runDemoBuild(t, filepath.Join(dir, "demo"), out, 0.1, validate.Options{})
	m, err := ReadManifest(filepath.Join(out, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}

	for _, st := range m.Stages {
		dropped := 0
		for _, n := range st.Dropped {
			dropped += n
		}
		if st.In != st.Kept+dropped {
			t.Errorf("stage %s: in %d != kept %d + dropped %d", st.Name, st.In, st.Kept, dropped)
		}
	}
	if !m.Accounting.Balanced || m.Accounting.Inputs != m.Accounting.Kept+m.Accounting.Dropped {
		t.Errorf("accounting: %+v", m.Accounting)
	}

	inputIDs := map[string]bool{}
	for _, in := range m.Inputs {
		if in.Role == "existing" {
			var rd record.Reader
			if err := rd.EachFile(in.Path, func(r record.Record) error { inputIDs[r.ID] = true; return nil }); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, r := range b.Augmented() {
		inputIDs[r.ID] = true
	}
	for _, d := range b.Drops() {
		inputIDs[d.ID] = true
	}
	if len(inputIDs) != m.Accounting.Inputs {
		t.Errorf("%d distinct ids seen in the inputs, manifest says %d", len(inputIDs), m.Accounting.Inputs)
	}

	final := readIDs(t, filepath.Join(out, FinalFile), "id")
	drops := readIDs(t, filepath.Join(out, DropsFile), "id")
	if len(final) != m.Final.Records || len(drops) != m.Accounting.Dropped {
		t.Errorf("files hold %d kept and %d dropped, manifest %d and %d", len(final), len(drops), m.Final.Records, m.Accounting.Dropped)
	}
	fate := map[string]int{}
	for _, id := range append(final, drops...) {
		fate[id]++
	}
	for id := range inputIDs {
		if fate[id] != 1 {
			t.Fatalf("%s ends %d times in final + drops, want once", id, fate[id])
		}
	}

	wantQuota := int(math.Round(7500 * 0.1))
	for _, d := range record.Domains {
		if m.Final.ByDomain[d] != wantQuota {
			t.Errorf("final %s: %d records, want %d", d, m.Final.ByDomain[d], wantQuota)
		}
	}
	if math.Abs(m.Final.EasyShare-60) > 2.5 {
		t.Errorf("token balance %.2f/%.2f outside 60/40 ± 2.5", m.Final.EasyShare, m.Final.HardShare)
	}
	for _, o := range m.Outputs {
		h, err := HashPath(filepath.Join(out, o.Path))
		if err != nil {
			t.Fatal(err)
		}
		if h != o.SHA256 {
			t.Errorf("%s: sha256 %s, manifest says %s", o.Path, h, o.SHA256)
		}
	}

	var dropped record.Drop
	for _, d := range b.Drops() {
		if d.Reason == record.ReasonNearDuplicate {
			dropped = d
			break
		}
	}
	tests := []struct {
		name, id string
		want     string
	}{
		{"kept", final[0], "kept — " + FinalFile + " line 1"},
		{"near duplicate", dropped.ID, "dropped at stage \"dedup\": near_duplicate of " + dropped.DuplicateOf},
		{"unknown", "nobody/none/0", "not an input of this build"},
	}
	for _, tt := range tests {
		t.Run("why "+tt.name, func(t *testing.T) {
			f, err := Why(filepath.Join(out, ManifestFile), tt.id)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(f.String(), tt.want) || !f.Demo {
				t.Errorf("Why(%q) = %q (demo %v), want it to contain %q", tt.id, f, f.Demo, tt.want)
			}
		})
	}

	report, err := os.ReadFile(filepath.Join(out, ReportFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, section := range []string{"generated demo data", "## Domains", "## Stages", "## Dedup", "## Relabel", "## Balance",
		"## Validation", "## Decontamination", "## Answer plan and cost",
		"![token_share](plots/token_share.png)", "## Token balance"} {
		if !bytes.Contains(report, []byte(section)) {
			t.Errorf("report.md lacks %q", section)
		}
	}
}

// TestPlanBuildIsReproducible is the acceptance run: the plan's full-size build on
// demo inputs gives 60,000 records, 7,500 per domain, unique ids and a token balance
// within 60/40 ± 2.5, and a second run writes byte-identical files.
func TestPlanBuildIsReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("full-size build: runs without -short")
	}
	dir := t.TempDir()
	demoDir := filepath.Join(dir, "demo")
	runDemoBuild(t, demoDir, filepath.Join(dir, "a"), 1, validate.Options{})
	runDemoBuild(t, demoDir, filepath.Join(dir, "b"), 1, validate.Options{})

	m, err := ReadManifest(filepath.Join(dir, "a", ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	if m.Final.Records != 60000 {
		t.Errorf("final: %d records, want 60000", m.Final.Records)
	}
	for _, d := range record.Domains {
		if m.Final.ByDomain[d] != 7500 {
			t.Errorf("final %s: %d records, want 7500", d, m.Final.ByDomain[d])
		}
	}
	if math.Abs(m.Final.EasyShare-60) > 2.5 {
		t.Errorf("token balance %.2f/%.2f outside 60/40 ± 2.5", m.Final.EasyShare, m.Final.HardShare)
	}
	ids := readIDs(t, filepath.Join(dir, "a", FinalFile), "id")
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			t.Fatalf("id %s twice in the final file", id)
		}
		seen[id] = true
	}
	m, err = ReadManifest(filepath.Join(dir, "a", ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range m.Outputs {
		names = append(names, o.Path)
	}
	if len(names) != len(outputs)-1+6 { // every output but the manifest, and six charts
		t.Errorf("manifest lists %d outputs: %v", len(names), names)
	}
	for _, name := range append(names, ManifestFile) {
		a, errA := os.ReadFile(filepath.Join(dir, "a", name))
		b, errB := os.ReadFile(filepath.Join(dir, "b", name))
		if errA != nil || errB != nil {
			t.Fatal(errA, errB)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs of the same build", name)
		}
	}
}

func readIDs(t *testing.T, path, field string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ids []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		ids = append(ids, line[field].(string))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return ids
}
