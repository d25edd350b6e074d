package engine

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"qmix/lib"
	"qmix/repl/display"
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
		name:   "statements; shown values displayed, printing calls kept",
		inputs: []string{"df := lib.Sources()", "df", "df.Nrow()", `fmt.Println(df.Nrow(), "sources")`, "n := df.Ncol()", "n * 2"},
		want: `
import (
	"fmt"

	"qmix/lib"
)

func main() {
	df := lib.Sources()
	lib.Display(df)
	lib.Display(df.Nrow())
	fmt.Println(df.Nrow(), "sources")
	n := df.Ncol()
	lib.Display(n * 2)
}
`,
	},
	{
		name:   "shown expressions that are not calls",
		inputs: []string{"df := lib.Sources()", "df", "x := 2", "x * 3", "xs := []string{\"a\", \"b\"}", "xs[1]", "(x)"},
		want: `
import (
	"qmix/lib"
)

func main() {
	df := lib.Sources()
	lib.Display(df)
	x := 2
	lib.Display(x * 3)
	xs := []string{"a", "b"}
	lib.Display(xs[1])
	lib.Display((x))
}
`,
	},
	{
		name: "shown calls with one result: functions, methods, builtins, conversions",
		inputs: []string{`strings.ToUpper("shown")`, "df := lib.Sources()", `df.Select([]string{"name", "domain"})`,
			"xs := []int{3, 1}", "len(xs)", "float64(xs[0])", "func half(n int) int { return n / 2 }", "half(xs[0])"},
		want: `
import (
	"strings"

	"qmix/lib"
)

func half(n int) int { return n / 2 }

func main() {
	lib.Display(strings.ToUpper("shown"))
	df := lib.Sources()
	lib.Display(df.Select([]string{"name", "domain"}))
	xs := []int{3, 1}
	lib.Display(len(xs))
	lib.Display(float64(xs[0]))
	lib.Display(half(xs[0]))
}
`,
	},
	{
		name:   "shown calls with two results are displayed whole",
		inputs: []string{`lib.Tokens("a b c")`, `func pair() (int, string) { return 1, "one" }`, "pair()", `errors.Unwrap(errors.New("no cause"))`},
		want: `
import (
	"errors"

	"qmix/lib"
)

func pair() (int, string) { return 1, "one" }

func main() {
	lib.Display(lib.Tokens("a b c"))
	lib.Display(pair())
	lib.Display(errors.Unwrap(errors.New("no cause")))
}
`,
	},
	{
		name: "calls without results stay bare",
		inputs: []string{"xs := []int{3, 1}", "sort.Ints(xs)", "func reset() {}", "reset()", "type counter struct{ n int }",
			"func (c *counter) add(k int) { c.n += k }", "var c counter", "c.add(2)", "fmt.Println(xs, c.n)"},
		want: `
import (
	"fmt"
	"sort"
)

func reset() {}

type counter struct{ n int }

func (c *counter) add(k int) { c.n += k }

func main() {
	xs := []int{3, 1}
	sort.Ints(xs)
	reset()
	var c counter
	c.add(2)
	fmt.Println(xs, c.n)
}
`,
	},
	{
		name:   "only an input's final expression is shown",
		inputs: []string{"df := lib.Sources(); df.Nrow(); df.Ncol()", "x := 1; x; x + 1"},
		want: `
import (
	"qmix/lib"
)

func main() {
	df := lib.Sources()
	df.Nrow()
	lib.Display(df.Ncol())
	x := 1
	lib.Display(x + 1)
}
`,
	},
	{
		name:   "failed expressions left out",
		inputs: []string{"xs := []int{1}", "xs[5]", "nosuch + 1", `lib.Tokens(`, "len(nosuch)", "xs[0]"},
		want: `
import (
	"qmix/lib"
)

func main() {
	xs := []int{1}
	lib.Display(xs[0])
}
`,
	},
	{
		name:   "lib taken by a variable: qmix/lib imported under another name",
		inputs: []string{"lib := 3", "x := 2", "x", "fmt.Println(lib)"},
		want: `
import (
	"fmt"

	qmixlib "qmix/lib"
)

func main() {
	lib := 3
	x := 2
	qmixlib.Display(x)
	fmt.Println(lib)
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
		inputs: []string{"// a comment", "nil", ""},
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
// it through the interpreter, which must print what the session showed: what
// its code printed and its shown values, as the prompt shows them.
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
		e, shown := newEngine(t)
		for _, in := range tt.inputs {
			before := shown.Len()
			res, err := e.Eval(context.Background(), in)
			if err != nil {
				shown.Truncate(before) // a failed input's output is not part of the program
				continue
			}
			for _, v := range res.Values { // as the prompt shows them
				if err := display.Text(shown, v, display.Options{}); err != nil {
					t.Fatal(err)
				}
			}
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
		runner, printed := newEngine(t)
		// lib.Display prints to the process's stdout; here to the same buffer
		// as the program's fmt calls, in order.
		prev := lib.SetDisplayFunc(func(v any) {
			if err := lib.DisplayText(printed, v); err != nil {
				t.Error(err)
			}
		})
		err = runner.RunFile(context.Background(), f)
		lib.SetDisplayFunc(prev)
		if err != nil {
			t.Errorf("%s: qmix run: %v", tt.name, err)
		} else if printed.String() != shown.String() {
			t.Errorf("%s: the program prints\n%s\nthe session showed\n%s", tt.name, printed, shown)
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
