package engine

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const programHeader = `//go:build ignore

// This program is a qmix prompt session saved with :save. Run it with
// ` + "`qmix run FILE` or `go run FILE`" + `.
package main
`

var programTests = []struct {
	name   string
	inputs []string
	want   string // after the header
}{
	{
		name:   "statements, display-only expressions dropped, calls kept",
		inputs: []string{"df := lib.Sources()", "df", "df.Nrow()", `fmt.Println(df.Nrow(), "sources")`, "n := df.Ncol()", "n * 2"},
		want: `
import (
	"fmt"

	"qmix/lib"
)

func main() {
	df := lib.Sources()
	df.Nrow()
	fmt.Println(df.Nrow(), "sources")
	n := df.Ncol()
	_ = n
}
`,
	},
	{
		name:   "failed inputs left out",
		inputs: []string{"a := 1", "b := )", "c := nosuch + 1", "var m map[string]int\nm[\"x\"] = 1", `fmt.Println(a)`},
		want: `
import (
	"fmt"
)

func main() {
	a := 1
	fmt.Println(a)
}
`,
	},
	{
		name:   "overwritten definition dropped, used one kept and renamed",
		inputs: []string{"x := 1", "x := 2", "y := x + 1", `x := "text"`, "fmt.Println(x, y)"},
		want: `
import (
	"fmt"
)

func main() {
	x_1 := 2
	y := x_1 + 1
	x := "text"
	fmt.Println(x, y)
}
`,
	},
	{
		name:   "redefinition of the same type assigns",
		inputs: []string{`n, err := lib.Tokens("a b")`, "fmt.Println(n, err)", `n, err := lib.Tokens("a b c")`, "fmt.Println(n, err)"},
		want: `
import (
	"fmt"

	"qmix/lib"
)

func main() {
	n, err := lib.Tokens("a b")
	fmt.Println(n, err)
	n, err = lib.Tokens("a b c")
	fmt.Println(n, err)
}
`,
	},
	{
		name: "functions: package level, or a closure when they use main's variables",
		inputs: []string{
			"func double(n int) int { return 2 * n }",
			"base := 10",
			"func addBase(n int) int { return n + base }",
			"func both(n int) int { return double(addBase(n)) }",
			"fmt.Println(double(2), both(1))",
		},
		want: `
import (
	"fmt"
)

func double(n int) int { return 2 * n }

func main() {
	base := 10
	var addBase func(n int) int
	addBase = func(n int) int { return n + base }
	var both func(n int) int
	both = func(n int) int { return double(addBase(n)) }
	fmt.Println(double(2), both(1))
}
`,
	},
	{
		name: "types, methods, constants, imports the session made",
		inputs: []string{
			"import \"regexp\"",
			"type counter struct{ n int }",
			"func (c *counter) add(k int) { c.n += k }",
			"const step = 2",
			"var c counter",
			"c.add(step)",
			"re := regexp.MustCompile(`a+`)",
			`fmt.Println(c.n, re.FindString("baa"))`,
		},
		want: `
import (
	"fmt"
	"regexp"
)

type counter struct{ n int }

func (c *counter) add(k int) { c.n += k }

const step = 2

func main() {
	var c counter
	c.add(step)
	re := regexp.MustCompile(` + "`a+`" + `)
	fmt.Println(c.n, re.FindString("baa"))
}
`,
	},
	{
		name:   "multi-line input and loops",
		inputs: []string{"total := 0\nfor i := 0; i < 3; i++ {\n\ttotal += i\n}", "fmt.Println(total)"},
		want: `
import (
	"fmt"
)

func main() {
	total := 0
	for i := 0; i < 3; i++ {
		total += i
	}
	fmt.Println(total)
}
`,
	},
	{
		name:   "nothing",
		inputs: []string{"1 + 1"},
		want: `
func main() {
}
`,
	},
}

func TestProgram(t *testing.T) {
	for _, tt := range programTests {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := newEngine(t)
			for _, in := range tt.inputs {
				e.Eval(context.Background(), in) // failures are part of some cases
			}
			got, err := e.Program()
			if err != nil {
				t.Fatal(err)
			}
			if want := programHeader + tt.want; got != want {
				t.Fatalf("Program() =\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// TestProgramCompiles type-checks every program of TestProgram with go vet (Go's
// own compiler front end: unused variables and imports are errors there) and runs
// it through the interpreter.
func TestProgramCompiles(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	// go vet needs the file inside the module to resolve qmix/lib.
	dir, err := os.MkdirTemp(root, ".program-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	var files []string
	for i, tt := range programTests {
		e, _ := newEngine(t)
		for _, in := range tt.inputs {
			e.Eval(context.Background(), in)
		}
		prog, err := e.Program()
		if err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(dir, "p"+string(rune('a'+i))+".go")
		if err := os.WriteFile(f, []byte(prog), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		runner, _ := newEngine(t)
		if err := runner.RunFile(context.Background(), f); err != nil {
			t.Errorf("%s: qmix run: %v", tt.name, err)
		}
	}
	for i, f := range files {
		cmd := exec.Command("go", "vet", f)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s: go vet: %v\n%s", programTests[i].name, err, strings.TrimSpace(string(out)))
		}
	}
}
