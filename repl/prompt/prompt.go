// Package prompt is qmix's interactive Go prompt: the engine (yaegi with the
// library preloaded) behind a line editor, github.com/elk-language/go-prompt —
// the maintained continuation of c-bata/go-prompt, which exits the process on
// SIGINT, panics without a terminal and leaves the terminal broken on exit.
//
// Enter runs an input when it parses and adds a line when it does not; Tab cycles
// through completions (shown as you type); Go is highlighted; Ctrl-C cancels the
// running statement and keeps the session, Ctrl-D leaves; the history persists in
// the user's configuration directory. When standard input is not a terminal
// (`echo 'lib.Sources()' | qmix`), the input runs as a script without the editor,
// stopping at the first error.
package prompt

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	gp "github.com/elk-language/go-prompt"
	istrings "github.com/elk-language/go-prompt/strings"
	"golang.org/x/term"

	"qmix/repl/engine"
)

// Options configure a prompt.
type Options struct {
	// HistoryFile is where the history persists; "" means DefaultHistoryFile,
	// "-" none.
	HistoryFile string
	// Args is os.Args for the session's code; nil means []string{"qmix"}.
	Args []string
}

// ErrFailed is what Script returns when an input failed (the error is printed).
var ErrFailed = errors.New("an input failed")

// Run opens the prompt on the terminal, or runs standard input as a script when
// it is not a terminal.
func Run(opt Options) error {
	if !term.IsTerminal(int(os.Stdin.Fd())) {
		return Script(os.Stdin, os.Stdout, os.Stderr, opt)
	}
	return Interactive(opt)
}

// Script runs the inputs read from r, one complete input at a time (lines are
// gathered until they parse), printing values to out and errors to errOut. It
// stops at the first failing input and returns ErrFailed.
func Script(r io.Reader, out, errOut io.Writer, opt Options) error {
	s, err := newSession(out, errOut, opt.Args)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 64<<20)
	var pending strings.Builder
	line, start := 0, 1 // the current line and the pending input's first
	flush := func() error {
		input := pending.String()
		pending.Reset()
		s.line = start
		start = line + 1
		if s.run(input) {
			return ErrFailed
		}
		return nil
	}
	for sc.Scan() {
		line++
		pending.WriteString(sc.Text())
		pending.WriteString("\n")
		if engine.IsComplete(pending.String()) {
			if err := flush(); err != nil {
				return err
			}
			if s.quit {
				return nil
			}
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if strings.TrimSpace(pending.String()) != "" {
		return flush() // incomplete at the end: run it to show the error
	}
	return nil
}

// Interactive runs the prompt on the terminal until :quit or Ctrl-D. The
// terminal's state is restored on every way out, a panic included.
func Interactive(opt Options) (err error) {
	fd := int(os.Stdin.Fd())
	state, err := term.GetState(fd)
	if err != nil {
		return fmt.Errorf("prompt: %w", err)
	}
	defer func() {
		term.Restore(fd, state)
		if r := recover(); r != nil {
			err = fmt.Errorf("prompt: internal error: %v", r)
		}
	}()
	s, err := newSession(os.Stdout, os.Stderr, opt.Args)
	if err != nil {
		return err
	}
	s.color = true
	s.width = func() int {
		if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil && w > 20 {
			return w
		}
		return 120
	}
	path := opt.HistoryFile
	if path == "" {
		if path, err = DefaultHistoryFile(); err != nil {
			path = "" // no config dir: the history lives as long as the session
		}
	} else if path == "-" {
		path = ""
	}
	hist, err := loadHistory(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "qmix: history: %v\n", err)
	}
	fmt.Fprintf(os.Stdout, "qmix: Go (1.22 dialect) with lib, dataframe, series, stat, floats and chart imported.\n"+
		":help for help, Tab completes, Ctrl-C interrupts, Ctrl-D leaves.\n")
	p := gp.New(
		func(input string) {
			if err := hist.add(input); err != nil {
				fmt.Fprintf(os.Stderr, "qmix: history: %v\n", err)
			}
			s.run(input)
		},
		gp.WithPrefix("qmix> "),
		gp.WithTitle("qmix"),
		gp.WithCompleter(s.complete),
		gp.WithCompletionWordSeparator(wordSeparators),
		gp.WithLexer(gp.NewEagerLexer(goLexer)),
		gp.WithExecuteOnEnterCallback(onEnter),
		gp.WithHistory(append([]string(nil), hist.entries...)),
		gp.WithHistorySize(historySize),
		gp.WithMaxSuggestion(8),
		gp.WithExitChecker(func(string, bool) bool { return s.quit }),
	)
	p.Run()
	return nil
}

// wordSeparators end the word a chosen completion replaces: "lib.Sou" + Sources
// gives lib.Sources.
const wordSeparators = " \t\n.,;:()[]{}+-*/%&|^!=<>\"'`"

// onEnter runs the input when it is complete; otherwise Enter adds a line,
// indented by the brackets still open.
func onEnter(p *gp.Prompt, indentSize int) (int, bool) {
	st, indent := engine.Check(p.Buffer().Text())
	if st != engine.Incomplete {
		return 0, true
	}
	return indent, false
}

// complete adapts the engine's completion to go-prompt: suggestions appear as
// soon as there is a word to complete, after a dot, inside a string (columns) or
// at a command.
func (s *session) complete(d gp.Document) ([]gp.Suggest, istrings.RuneNumber, istrings.RuneNumber) {
	text := d.Text
	before := d.TextBeforeCursor()
	cursor := len(before)
	if before == "" || strings.HasSuffix(before, " ") && !strings.HasPrefix(strings.TrimSpace(before), ":doc ") {
		return nil, 0, 0
	}
	last, _ := utf8.DecodeLastRuneInString(before)
	if strings.ContainsRune(" \t\n(),;{}=", last) {
		return nil, 0, 0
	}
	cands, start, _ := s.eng.Complete(text, cursor)
	if len(cands) == 1 && cands[0].Text == before[start:] {
		return nil, 0, 0 // already complete
	}
	out := make([]gp.Suggest, 0, len(cands))
	for _, c := range cands {
		desc := c.Detail
		if c.Doc != "" {
			if desc != "" {
				desc += " — "
			}
			desc += c.Doc
		}
		out = append(out, gp.Suggest{Text: c.Text, Description: desc})
	}
	startRune := istrings.RuneNumber(utf8.RuneCountInString(before[:start]))
	endRune := istrings.RuneNumber(utf8.RuneCountInString(before))
	return out, startRune, endRune
}
