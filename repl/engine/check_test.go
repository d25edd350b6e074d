package engine

import "testing"

func TestCheck(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		want   Status
		indent int
	}{
		{"empty", "", Complete, 0},
		{"blank lines", "\n  \n", Complete, 0},
		{"command", ":help", Complete, 0},
		{"expression", "1 + 2", Complete, 0},
		{"short var", "x := lib.Sources()", Complete, 0},
		{"trailing operator", "x := 1 +", Incomplete, 0},
		{"open call", "fmt.Println(", Incomplete, 1},
		{"open call with args", "fmt.Println(1,\n  2,", Incomplete, 1},
		{"open block", "for i := 0; i < 3; i++ {", Incomplete, 1},
		{"nested open", "for i := range 3 {\n  if i > 1 {", Incomplete, 2},
		{"closed block", "for i := range 3 {\n  fmt.Println(i)\n}", Complete, 0},
		{"if else open", "if x {\n} else", Incomplete, 0},
		{"func decl open", "func f(x int) int {", Incomplete, 1},
		{"func decl", "func f(x int) int {\n  return x * 2\n}", Complete, 0},
		{"method decl", "type T struct{ n int }\nfunc (t T) N() int { return t.n }", Complete, 0},
		{"func literal call", "func() { fmt.Println(1) }()", Complete, 0},
		{"import block open", "import (\n  \"strings\"", Incomplete, 1},
		{"import block", "import (\n  \"strings\"\n)", Complete, 0},
		{"var statement first", "var e error; e", Complete, 0},
		{"mixed declarations and statements", "import \"strings\"\nfunc up(s string) string { return strings.ToUpper(s) }\nx := up(\"a\")\nx", Complete, 0},
		{"raw string open", "s := `first line", Incomplete, 0},
		{"raw string closed", "s := `first\nsecond`", Complete, 0},
		{"comment open", "/* a comment", Incomplete, 0},
		{"syntax error inside", "x := )", Invalid, 0},
		{"syntax error before open bracket", "x := ) + f(", Invalid, 1},
		{"stray closing brace", "x := 1\n}", Invalid, 0},
		{"string not terminated", "s := \"abc", Invalid, 0},
		{"composite literal open", "xs := []int{\n  1, 2,", Incomplete, 1},
		{"struct literal", "o := lib.DedupOptions{Threshold: 0.7}", Complete, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, indent := Check(tt.src)
			if got != tt.want {
				t.Errorf("Check(%q) = %v, want %v", tt.src, got, tt.want)
			}
			if tt.want == Incomplete && indent != tt.indent {
				t.Errorf("Check(%q) indent = %d, want %d", tt.src, indent, tt.indent)
			}
			if IsComplete(tt.src) != (tt.want != Incomplete) {
				t.Errorf("IsComplete(%q) = %v", tt.src, !(tt.want != Incomplete))
			}
		})
	}
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		kinds []unitKind
		texts []string
	}{
		{"statements", "x := 1; y := 2\nz := x + y", []unitKind{stmtUnit, stmtUnit, stmtUnit}, []string{"x := 1", "y := 2", "z := x + y"}},
		// var is a statement: yaegi evaluates it in the global scope either way, and
		// as a statement it may use variables statements defined.
		{"declarations", "import \"strings\"\nconst n = 3\nvar v = 2\ntype T int\nfunc f() {}", []unitKind{declUnit, declUnit, stmtUnit, declUnit, declUnit}, nil},
		{"method and literal", "func (t T) M() {}\nfunc() {}()", []unitKind{declUnit, stmtUnit}, []string{"func (t T) M() {}", "func() {}()"}},
		{"multi-line block is one unit", "for i := range 3 {\n  fmt.Println(i)\n}\nx", []unitKind{stmtUnit, stmtUnit}, []string{"for i := range 3 {\n  fmt.Println(i)\n}", "x"}},
		{"literal with result list", "func() (n int) { return 1 }()", []unitKind{stmtUnit}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			us := split(tt.src)
			if len(us) != len(tt.kinds) {
				t.Fatalf("split(%q) = %d units, want %d", tt.src, len(us), len(tt.kinds))
			}
			for i, u := range us {
				if u.kind != tt.kinds[i] {
					t.Errorf("unit %d %q kind = %v, want %v", i, u.text, u.kind, tt.kinds[i])
				}
				if tt.texts != nil && u.text != tt.texts[i] {
					t.Errorf("unit %d text = %q, want %q", i, u.text, tt.texts[i])
				}
			}
		})
	}
}
