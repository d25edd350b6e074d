package kernel

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"qmix/lib/golden"
)

func TestExportGolden(t *testing.T) {
	nb, err := ReadNotebook(filepath.Join("testdata", "export.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	src, err := Export(nb)
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "export_golden.go", string(src), *update)
	if testing.Short() {
		return
	}
	// The program must build and run with the Go toolchain too.
	dir := t.TempDir()
	prog := filepath.Join(dir, "main.go")
	if err := os.WriteFile(prog, src, 0o644); err != nil {
		t.Fatal(err)
	}
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	cmd := exec.Command(gobin, "run", prog)
	cmd.Dir, err = findModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run: %v\n%s", err, out)
	}
	want := "42\n5 7 3\nSHOWN\n6\nno file: true\ndir set\nliteral 3\n3\n"
	if string(out) != want {
		t.Errorf("program printed %q, want %q", out, want)
	}
}

func TestSplitCell(t *testing.T) {
	tests := []struct {
		src  string
		want []string
	}{
		{"x := 1\ny := 2", []string{"x := 1", "y := 2"}},
		{"a; b", []string{"a", "b"}},
		{"// lead\nf(\n\t1,\n)\n", []string{"// lead\nf(\n\t1,\n)"}},
		{"if x {\n} else {\n}", []string{"if x {\n} else {\n}"}},
		{"func f() {\n\treturn\n}\nf()", []string{"func f() {\n\treturn\n}", "f()"}},
		{"if err := f(); err != nil {\n\tpanic(err)\n}\nx", []string{"if err := f(); err != nil {\n\tpanic(err)\n}", "x"}},
		{"for i := 0; i < 3; i++ {\n}", []string{"for i := 0; i < 3; i++ {\n}"}},
		{"switch x := f(); x {\ncase 1:\n}", []string{"switch x := f(); x {\ncase 1:\n}"}},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			got, err := splitCell(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			var texts []string
			for _, p := range got {
				texts = append(texts, p.text)
			}
			if strings.Join(texts, "|") != strings.Join(tt.want, "|") {
				t.Errorf("splitCell = %q, want %q", texts, tt.want)
			}
		})
	}
}

// TestExportBlankVar: a var declaration in main with a blank name declares no
// variable, so the program must not read _ (`_ = _` does not compile).
func TestExportBlankVar(t *testing.T) {
	nb := &Notebook{Cells: []Cell{
		{Type: "code", Source: "x := 1"},
		{Type: "code", Source: "var _, y = x, 2\nfmt.Println(y)"},
	}}
	src, err := Export(nb)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(src), "_ = _") {
		t.Errorf("the program reads the blank identifier:\n%s", src)
	}
	if !strings.Contains(string(src), "var _, y = x, 2") {
		t.Errorf("the declaration is not in main:\n%s", src)
	}
}
