package build

import (
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qmix/lib/record"
	"qmix/lib/validate"
)

// TestQualitySteps runs a tenth-scale demo build with the quality steps: validation
// (with a math question minimum that drops the shortest math questions), HumanEval
// decontamination against its own stand-in (HumanEval ships only a test split), and
// the cost estimate. The accounting still balances, the drops carry the steps'
// reasons, and the report and manifest carry the three sections.
func TestQualitySteps(t *testing.T) {
	if err := New(Options{Log: io.Discard}).Validate(validate.Options{Actions: map[string]validate.Action{"no_such_rule": validate.Drop}}); err == nil {
		t.Error("a misspelt rule name was accepted")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	const scale = 0.1
	lengths := map[string]validate.Lengths{record.Math: {MinQuestion: 40, MaxQuestion: 4096, MinAnswer: 1, MaxAnswer: 8192}}
	b := runDemoBuild(t, filepath.Join(dir, "demo"), out, scale, validate.Options{Lengths: lengths})

	m, err := ReadManifest(filepath.Join(out, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	if !m.Accounting.Balanced {
		t.Fatalf("accounting: %+v", m.Accounting)
	}
	byStage := map[string]int{}
	for _, d := range b.Drops() {
		if d.Stage == "validate" || d.Stage == "decontaminate" {
			byStage[d.Stage]++
			if d.Reason != record.ReasonInvalid {
				t.Errorf("drop %+v", d)
			}
		}
		if d.Stage == "validate" && !strings.HasPrefix(d.Detail, "question_too_short: ") {
			t.Errorf("validate drop %+v", d)
		}
		if d.Stage == "decontaminate" && (d.Detail != "contaminates humaneval/test" || !strings.HasPrefix(d.ID, "humaneval/")) {
			t.Errorf("decontaminate drop %+v", d)
		}
	}
	if byStage["validate"] == 0 || byStage["validate"] != m.Validation.Dropped {
		t.Errorf("%d validate drops, manifest %d", byStage["validate"], m.Validation.Dropped)
	}
	if want := int(math.Round(164 * scale)); byStage["decontaminate"] != want || m.Decontamination.Dropped != want {
		t.Errorf("%d decontaminate drops (manifest %d), want the %d HumanEval records", byStage["decontaminate"], m.Decontamination.Dropped, want)
	}
	benchInputs := 0
	for _, in := range m.Inputs {
		if in.Role == "benchmark" {
			benchInputs++
			if in.Source != "humaneval" || in.SHA256 == "" {
				t.Errorf("benchmark input %+v", in)
			}
		}
	}
	if benchInputs != 1 || m.Cost == nil || len(m.Cost.Scenarios) != 3 || m.Cost.Records != m.Final.Records {
		t.Errorf("benchmark inputs %d; cost %+v", benchInputs, m.Cost)
	}
	report, err := os.ReadFile(filepath.Join(out, ReportFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"## Validation", "| question_too_short | drop |", "## Decontamination",
		"> **Warning:** humaneval: all", "| humaneval/test |", "## Answer plan and cost", "| 3. Regenerate all |"} {
		if !strings.Contains(string(report), s) {
			t.Errorf("report.md lacks %q", s)
		}
	}
}
