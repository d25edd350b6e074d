package prompt

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gp "github.com/elk-language/go-prompt"
)

func TestScript(t *testing.T) {
	dir := t.TempDir()
	saved := filepath.Join(dir, "saved.go")
	tests := []struct {
		name   string
		in     string
		out    string // substrings of stdout, in order
		errOut string // substring of stderr
		failed bool
		notOut string // must not appear in stdout
	}{
		{name: "values and prints", in: "x := 2\nx * 21\nfmt.Println(\"printed\")\n", out: "42\nprinted\n"},
		{name: "multi-line input gathered until complete", in: "total := 0\nfor i := 1; i <= 3; i++ {\n\ttotal += i\n}\ntotal\n", out: "6\n"},
		{name: "frame as a table", in: "lib.Sources().Select([]string{\"name\", \"domain\"})\n", out: "20 rows × 2 columns\n    name"},
		{name: "error stops the script with its position", in: "a := 1\nb := a +\n  nosuch\nfmt.Println(\"not reached\")\n",
			errOut: "error: 3:3: undefined: nosuch", failed: true, notOut: "not reached"},
		{name: "panic is reported", in: "var m map[int]int\nm[1] = 1\n", errOut: "panic: assignment to entry in nil map", failed: true},
		{name: "commands", in: "n := 3\n:vars\n:doc lib.Load\n", out: "var n int = 3\nfunc Load(paths ...string)"},
		{name: "save and load", in: "k := 5\nfmt.Println(k * 2)\n:save " + saved + "\n:reset\n:load " + saved + "\n", out: "10\nsaved "},
		{name: "unknown command", in: ":frobnicate\n", errOut: "unknown command :frobnicate", failed: true},
		{name: "quit stops reading", in: "1\n:quit\n2\n", out: "1\n", notOut: "2\n"},
		{name: "incomplete at the end", in: "fmt.Println(\n", errOut: "error: 2:1: expected operand", failed: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := Script(strings.NewReader(tt.in), &out, &errOut, Options{})
			if tt.failed != errors.Is(err, ErrFailed) {
				t.Fatalf("Script error = %v (stderr %q), want failed = %v", err, errOut.String(), tt.failed)
			}
			rest := out.String()
			for _, want := range strings.Split(tt.out, "\x00") {
				i := strings.Index(rest, want)
				if i < 0 {
					t.Fatalf("stdout %q lacks %q", out.String(), want)
				}
				rest = rest[i+len(want):]
			}
			if !strings.Contains(errOut.String(), tt.errOut) {
				t.Fatalf("stderr %q lacks %q", errOut.String(), tt.errOut)
			}
			if tt.notOut != "" && strings.Contains(out.String(), tt.notOut) {
				t.Fatalf("stdout %q has %q", out.String(), tt.notOut)
			}
		})
	}
	b, err := os.ReadFile(saved)
	if err != nil || !strings.Contains(string(b), "k := 5\n\tfmt.Println(k * 2)") {
		t.Fatalf("saved program:\n%s\n%v", b, err)
	}
}

func TestHistory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "qmix", "history")
	h, err := loadHistory(path)
	if err != nil || len(h.entries) != 0 {
		t.Fatalf("a missing file gives %v, %v", h.entries, err)
	}
	inputs := []string{"x := 1", "for {\n\tbreak\n}", "for {\n\tbreak\n}", "lib.Sources()"}
	for _, in := range inputs {
		if err := h.add(in); err != nil {
			t.Fatal(err)
		}
	}
	again, err := loadHistory(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"x := 1", "for {\n\tbreak\n}", "lib.Sources()"} // a repeat is kept once
	if strings.Join(again.entries, "|") != strings.Join(want, "|") {
		t.Fatalf("reloaded %q, want %q", again.entries, want)
	}
	for i := 0; i < 2*historySize+1; i++ {
		if err := again.add(strings.Repeat("y", i%7+1) + string(rune('a'+i%26))); err != nil {
			t.Fatal(err)
		}
	}
	third, err := loadHistory(path)
	if err != nil || len(third.entries) > historySize {
		t.Fatalf("after many inputs: %d entries, %v", len(third.entries), err)
	}
}

func TestLexer(t *testing.T) {
	src := "for i := range xs { fmt.Println(\"s\", 42, len(xs)) } // done"
	type span struct {
		text  string
		color gp.Color
	}
	var got []span
	for _, tok := range goLexer(src) {
		got = append(got, span{src[tok.FirstByteIndex() : tok.LastByteIndex()+1], tok.Color()})
	}
	want := []span{{"for", keywordColor}, {"range", keywordColor}, {`"s"`, stringColor}, {"42", numberColor},
		{"len", builtinColor}, {"// done", commentColor}}
	if len(got) != len(want) {
		t.Fatalf("tokens %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("token %d = %v, want %v", i, got[i], want[i])
		}
	}
	if toks := goLexer(":doc lib.Load"); len(toks) != 1 || toks[0].Color() != commandColor {
		t.Fatalf("a command line gives %v", toks)
	}
}

func TestStripPackage(t *testing.T) {
	src := "//go:build ignore\n\n// Doc.\npackage main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(1) }\n"
	in, hasMain := stripPackage(src)
	if !hasMain || strings.Contains(in, "package") || strings.Count(in, "\n") != strings.Count(src, "\n") {
		t.Fatalf("stripPackage = %q, %v", in, hasMain)
	}
	if in, hasMain := stripPackage("x := 1\n"); hasMain || in != "x := 1\n" {
		t.Fatalf("a snippet gives %q, %v", in, hasMain)
	}
}
