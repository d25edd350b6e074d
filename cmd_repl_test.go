package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// buildQmix builds the qmix binary into a temporary directory.
func buildQmix(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "qmix")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// screen collects what a program writes to its terminal, without escape sequences.
type screen struct {
	mu  sync.Mutex
	raw bytes.Buffer
}

var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>78]|\r`)

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.raw.Write(p)
}

func (s *screen) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return ansi.ReplaceAllString(s.raw.String(), "")
}

// waitFor waits until the screen shows want after offset from; it returns the
// offset after it. The timeout is a liveness bound.
func (s *screen) waitFor(t *testing.T, from int, want string) int {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		txt := s.text()
		if from <= len(txt) {
			if i := strings.Index(txt[from:], want); i >= 0 {
				return from + i + len(want)
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the screen never showed %q after offset %d; it shows:\n%s", want, from, s.text())
	return 0
}

// terminal is qmix running on a pseudo-terminal.
type terminal struct {
	t   *testing.T
	pty *os.File
	tty *os.File
	cmd *exec.Cmd
	scr *screen
	at  int // how far the screen has been read
}

func startTerminal(t *testing.T, bin, dir string, env []string) *terminal {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 60, Cols: 160}); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &unix.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	term := &terminal{t: t, pty: ptmx, tty: tty, cmd: cmd, scr: &screen{}}
	go io.Copy(term.scr, ptmx)
	t.Cleanup(func() {
		cmd.Process.Kill()
		ptmx.Close()
		tty.Close()
	})
	return term
}

// key sends bytes as one keystroke and lets the prompt read them alone: go-prompt
// takes a read of several bytes as pasted text, so Enter must come separately.
func (term *terminal) key(s string) {
	term.t.Helper()
	if _, err := term.pty.Write([]byte(s)); err != nil {
		term.t.Fatal(err)
	}
	time.Sleep(80 * time.Millisecond)
}

// line types text and Enter.
func (term *terminal) line(s string) {
	term.key(s)
	term.key("\r")
}

func (term *terminal) expect(want string) {
	term.t.Helper()
	term.at = term.scr.waitFor(term.t, term.at, want)
}

// output waits for the output of the last input, from its first line (which
// starts with first) to the next prompt, and returns it as printed.
func (term *terminal) output(first string) string {
	term.t.Helper()
	start := term.scr.waitFor(term.t, term.at, first) - len(first)
	end := term.scr.waitFor(term.t, start, "qmix> ")
	term.at = end
	return term.scr.text()[start : end-len("qmix> ")]
}

// ttyOut runs a command in dir on a pseudo-terminal of the prompt test's size and
// returns what it printed there, without carriage returns.
func ttyOut(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 60, Cols: 160}); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &unix.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close() // the child holds it: reads end when the child exits
	var out bytes.Buffer
	io.Copy(&out, ptmx) // ends with EIO once the terminal has no writer
	if err := cmd.Wait(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out.String())
	}
	return strings.ReplaceAll(out.String(), "\r", "")
}

// TestPromptTerminal drives the real prompt in a pseudo-terminal: a multi-line
// statement, a completion with Tab, a frame, Ctrl-C during an interpreted sleep
// and during a long compiled library call, :save, Ctrl-D; then the saved program
// runs under `qmix run` and `go run` with the same output.
func TestPromptTerminal(t *testing.T) {
	bin := buildQmix(t)
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	// The saved program imports qmix/lib: go run needs it inside the module.
	work, err := os.MkdirTemp(root, ".prompt-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(work) })
	big := filepath.Join(work, "test.jsonl") // gsm8k's layout: the split is the name
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 400_000 {
		fmt.Fprintf(f, "{\"question\": \"Sam has %d apples and buys %d more. How many now?\", \"answer\": \"%d + %d = %d\\n#### %d\"}\n", i, i%89, i, i%89, i+i%89, i+i%89)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	small := filepath.Join(work, "small", "test.jsonl")
	if err := os.MkdirAll(filepath.Dir(small), 0o755); err != nil {
		t.Fatal(err)
	}
	var rows strings.Builder
	for i := range 7 {
		fmt.Fprintf(&rows, "{\"question\": \"Ann reads %d pages a day for %d days. How many pages does she read in all?\", \"answer\": \"%d * %d = %d\\n#### %d\"}\n", 10+i, i+2, 10+i, i+2, (10+i)*(i+2), (10+i)*(i+2))
	}
	if err := os.WriteFile(small, []byte(rows.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(work, "config")
	env := append(os.Environ(), "TERM=xterm", "XDG_CONFIG_HOME="+config, "HOME="+work)

	term := startTerminal(t, bin, work, env)
	term.expect("qmix> ")

	// A multi-line statement: Enter adds lines while the input is incomplete.
	term.line("total := 0")
	term.expect("qmix> ")
	term.line("for i := 1; i <= 4; i++ {")
	term.line("total += i")
	term.line("}")
	term.expect("qmix> ")
	term.line(`fmt.Println("total", total)`)
	term.expect("total 10")

	// Completion: "lib.Sou" + Tab becomes lib.Sources.
	term.key("n := lib.Sou")
	term.expect("Sources() dataframe.DataFrame")
	term.key("\t")
	term.line("().Nrow()")
	term.expect("qmix> ")
	term.line(`fmt.Println("sources", n)`)
	term.expect("sources 20")

	// A frame expression prints as a table; so do a variable holding one and
	// the frame of a call with two results (its nil error shows nothing). The
	// saved program must print them alike.
	var shown []string
	term.line("lib.Sources()")
	shown = append(shown, term.output("20 rows × 8 columns\n"))
	term.line(fmt.Sprintf("kept, err := lib.Convert(%q, %q)", "gsm8k", small))
	// Its end is the next prompt after the input's line (typed earlier, the
	// next input would arrive as a paste, which waits for another Enter).
	term.expect(fmt.Sprintf("%q)\nqmix> ", small))
	term.line(`fmt.Println("converted", kept.Nrow(), err)`)
	term.expect("converted 7 <nil>")
	term.line("kept")
	shown = append(shown, term.output("7 rows × 12 columns\n"))
	term.line(`lib.Counts(kept, "difficulty")`)
	shown = append(shown, term.output("2 rows × 5 columns\n"))
	if !strings.Contains(shown[0], "codesearchnet") || !strings.Contains(shown[1], "gsm8k/test/6") || !strings.Contains(shown[2], "easy") {
		t.Fatalf("the prompt showed the tables\n%s", strings.Join(shown, ""))
	}

	// Ctrl-C cancels an interpreted sleep and keeps the session.
	term.line("time.Sleep(time.Hour)")
	time.Sleep(500 * time.Millisecond)
	term.key("\x03")
	term.expect("interrupted")
	term.expect("qmix> ")

	// Ctrl-C cancels a long compiled call: lib.Convert checks the stop context.
	term.line(fmt.Sprintf("df, err := lib.Convert(%q, %q)", "gsm8k", big))
	time.Sleep(700 * time.Millisecond)
	term.key("\x03")
	term.expect("interrupted")
	term.expect("qmix> ")
	if strings.Contains(term.scr.text(), "still finishing") {
		t.Error("lib.Convert did not stop at Ctrl-C")
	}
	term.line(`fmt.Println("alive")`)
	term.expect("alive")

	// An error shows its position and is left out of the program.
	term.line("bad := nosuchName + 1")
	term.expect("error: 1:8: undefined: nosuchName")

	saved := filepath.Join(work, "session.go")
	term.line(":save " + saved)
	term.expect("saved ")
	term.key("\x04") // Ctrl-D leaves
	done := make(chan error, 1)
	go func() { done <- term.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("qmix exited with %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("qmix did not exit on Ctrl-D")
	}
	// The terminal is back in its normal mode.
	tio, err := unix.IoctlGetTermios(int(term.tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	if tio.Lflag&unix.ECHO == 0 || tio.Lflag&unix.ICANON == 0 || tio.Iflag&unix.ICRNL == 0 {
		t.Errorf("terminal left in raw mode: lflag %#x iflag %#x", tio.Lflag, tio.Iflag)
	}

	prog, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"total := 0", "for i := 1; i <= 4; i++ {", "total += i", "n := lib.Sources().Nrow()",
		`fmt.Println("sources", n)`, "lib.Display(lib.Sources())", "lib.Display(kept)", `lib.Display(lib.Counts(kept, "difficulty"))`,
		`fmt.Println("alive")`} {
		if !strings.Contains(string(prog), want) {
			t.Errorf("saved program lacks %q:\n%s", want, prog)
		}
	}
	for _, not := range []string{"time.Sleep", "lib.Convert(\"gsm8k\", \"" + big, "nosuchName"} {
		if strings.Contains(string(prog), not) {
			t.Errorf("saved program keeps the failed or interrupted %q:\n%s", not, prog)
		}
	}
	hist, err := os.ReadFile(filepath.Join(config, "qmix", "history"))
	if err != nil || !strings.Contains(string(hist), `"lib.Sources()"`) {
		t.Errorf("history file: %q, %v", hist, err)
	}

	// On the prompt's terminal, both runs print what the prompt printed: the
	// tables as wide as the terminal.
	want := "total 10\nsources 20\n" + shown[0] + "converted 7 <nil>\n" + shown[1] + shown[2] + "alive\n"
	interpreted := ttyOut(t, root, bin, "run", saved)
	compiled := ttyOut(t, root, "go", "run", saved)
	if interpreted != want || compiled != want {
		t.Errorf("on a terminal, qmix run printed\n%s\ngo run printed\n%s\nthe prompt showed\n%s", interpreted, compiled, want)
	}
	// Into a pipe, tables take lib/frame's default width, alike in both runs.
	interpreted = runOut(t, root, bin, "run", saved)
	compiled = runOut(t, root, "go", "run", saved)
	if interpreted != compiled {
		t.Errorf("qmix run printed\n%s\ngo run printed\n%s", interpreted, compiled)
	}
	for _, table := range []string{"\n20 rows × 8 columns\n", "\n7 rows × 12 columns\n", "\n2 rows × 5 columns\n"} {
		if !strings.Contains(interpreted, table) {
			t.Errorf("qmix run into a pipe printed no %q table:\n%s", strings.TrimSpace(table), interpreted)
		}
	}
	if !strings.HasPrefix(interpreted, "total 10\nsources 20\n") || !strings.HasSuffix(interpreted, "alive\n") {
		t.Errorf("qmix run into a pipe printed\n%s", interpreted)
	}
}

// runOut runs a command in dir and returns its stdout.
func runOut(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, errb.String())
	}
	return out.String()
}

// TestPipedScript runs the prompt with standard input from a pipe: no line
// editor, the inputs run in order, the first error stops it with status 1.
func TestPipedScript(t *testing.T) {
	bin := buildQmix(t)
	tests := []struct {
		name, in, out, errOut string
		status                int
	}{
		{"values", "x := 6\nx * 7\nfmt.Println(\"done\")\n", "42\ndone\n", "", 0},
		{"error", "a := 1\nb := a + nosuch\nfmt.Println(\"no\")\n", "", "error: 2:10: undefined: nosuch\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(bin)
			cmd.Stdin = strings.NewReader(tt.in)
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			err := cmd.Run()
			status := 0
			if ee, ok := err.(*exec.ExitError); ok {
				status = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if out.String() != tt.out || errb.String() != tt.errOut || status != tt.status {
				t.Fatalf("stdout %q, stderr %q, status %d; want %q, %q, %d", out.String(), errb.String(), status, tt.out, tt.errOut, tt.status)
			}
		})
	}
}
