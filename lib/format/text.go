package format

import (
	"bufio"
	"errors"
	"io"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file reads the two plain-text summarization layouts: CNN/DailyMail .story files
// and XSum article files. Both are read line by line, as the Hugging Face loaders read
// them, so that a record read from the original files carries exactly the text of the
// same record in the Hub's parquet (the loaders define what "article", "highlights",
// "document" and "summary" mean). Every error is a *RowError naming the file and line.

// Story is one CNN/DailyMail story file, read as the Hub loader (cnn_dailymail.py,
// version 3.0.0, _get_art_abs) reads it: every line stripped, " ." appended to a
// non-empty line that does not end a sentence (image captions otherwise run into the
// next sentence), blank lines dropped; the lines before the first "@highlight" marker
// are the article, every later line that is not a marker is a highlight.
type Story struct {
	// Article is Paragraphs joined with " ", the Hub's "article" field. It is empty
	// when the file has no text before its first marker (some real stories are so).
	Article string
	// Paragraphs are the article's lines, stripped and period-fixed.
	Paragraphs []string
	// Highlights are the summary sentences; the Hub's "highlights" joins them with "\n".
	Highlights []string
}

// storyMarker starts a highlight. The loader tests the prefix, not the whole line.
const storyMarker = "@highlight"

// storyEnd holds the characters that end a sentence for the loader's
// fix_missing_period (its END_TOKENS; "..." is covered by ".").
const storyEnd = ".!?'`\"\u2019\u201d)"

// ReadStory reads one .story file from r; name is used in errors. A file with no
// "@highlight" marker, or with a marker not followed by a highlight line, is an error
// (ErrMissing, field "highlights"): the reference loader would silently yield an empty
// summary, or pass over the marker. A blank file is ErrEmpty, invalid UTF-8 ErrEncoding.
func ReadStory(r io.Reader, name string) (Story, error) {
	var s Story
	lr := newTextLines(r, name, true)
	inHighlights := false
	dangling := 0 // line of a marker still waiting for its highlight
	nonBlank := false
	for {
		raw, ok, err := lr.next()
		if err != nil {
			return Story{}, err
		}
		if !ok {
			break
		}
		line := fixMissingPeriod(pyStrip(raw))
		if line == "" {
			continue
		}
		nonBlank = true
		switch {
		case strings.HasPrefix(line, storyMarker):
			if dangling > 0 {
				return Story{}, Errorf(Position{File: name, Line: dangling}, "highlights", ErrMissing,
					"%s marker with no highlight line before the next marker", storyMarker)
			}
			inHighlights, dangling = true, lr.line
		case inHighlights:
			s.Highlights = append(s.Highlights, line)
			dangling = 0
		default:
			s.Paragraphs = append(s.Paragraphs, line)
		}
	}
	switch {
	case !nonBlank:
		return Story{}, &RowError{Pos: Position{File: name}, Err: ErrEmpty}
	case dangling > 0:
		return Story{}, Errorf(Position{File: name, Line: dangling}, "highlights", ErrMissing,
			"%s marker with no highlight line after it", storyMarker)
	case !inHighlights:
		return Story{}, Errorf(Position{File: name, Line: max(lr.line, 1)}, "highlights", ErrMissing,
			"no %s marker in the file", storyMarker)
	}
	s.Article = strings.Join(s.Paragraphs, " ")
	return s, nil
}

// ReadStoryFile reads a .story file (gzip detected by content).
func ReadStoryFile(path string) (Story, error) {
	f, err := Open(path)
	if err != nil {
		return Story{}, err
	}
	defer f.Close()
	return ReadStory(f, path)
}

// fixMissingPeriod is the loader's fix_missing_period, on a stripped line.
func fixMissingPeriod(line string) string {
	if line == "" || strings.Contains(line, storyMarker) {
		return line
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	if strings.ContainsRune(storyEnd, last) {
		return line
	}
	return line + " ."
}

// XSumDoc is one XSum article. Two layouts are read: the extraction stage of the
// official pipeline (scripts/parse-bbc-html-data.py, "<bbcid>.data"), with sections
// [XSUM]URL[XSUM], [XSUM]INTRODUCTION[XSUM] and [XSUM]RESTBODY[XSUM]; and the final
// release ("<bbcid>.summary"), with [SN]URL[SN], [SN]TITLE[SN], [SN]FIRST-SENTENCE[SN]
// and [SN]RESTBODY[SN]. As in the Hub loader (xsum.py), blank lines and the BBC page's
// share-widget lines are dropped, a section's lines are joined with "\n" and the
// result is stripped.
type XSumDoc struct {
	Form    string // "XSUM" (extraction stage) or "SN" (final release)
	URL     string
	Title   string // only the final release has a title
	Summary string // INTRODUCTION, or FIRST-SENTENCE: the one-sentence summary
	Body    string // RESTBODY: the document, one paragraph per line
	// Removed counts the share-widget lines dropped, so the cleaning is visible.
	Removed int
}

// xsumSections lists each layout's sections in file order.
var xsumSections = map[string][]string{
	"XSUM": {"URL", "INTRODUCTION", "RESTBODY"},
	"SN":   {"URL", "TITLE", "FIRST-SENTENCE", "RESTBODY"},
}

// xsumBoilerplate are the loader's _REMOVE_LINES: lines of the BBC share widget that
// the page scrape leaves at the top of the body.
var xsumBoilerplate = map[string]bool{
	"Share this with": true, "Email": true, "Facebook": true, "Messenger": true,
	"Twitter": true, "Pinterest": true, "WhatsApp": true, "Linkedin": true,
	"LinkedIn": true, "Copy this link": true,
	"These are external links and will open in a new window": true,
}

// xsumMarker matches a section marker at the start of a line (after blanks); what
// follows it on the line belongs to the section, as when the loader splits the text
// on the delimiter.
var xsumMarker = regexp.MustCompile(`^\[(XSUM|SN)\]([A-Z][A-Z-]*)\[(XSUM|SN)\]`)

// ReadXSum reads one XSum article file in either layout from r; name is used in
// errors. The sections must appear once each, in their layout's order, and no text
// may come before the first; a stray delimiter inside the text is an error, because
// the loader splits on it and would cut the text there. An empty section is returned
// as "" (the caller decides whether that is usable).
func ReadXSum(r io.Reader, name string) (XSumDoc, error) {
	var d XSumDoc
	lr := newTextLines(r, name, false)
	var order []string // the layout's sections, once known
	next := 0          // index in order of the next section expected
	var cur *strings.Builder
	values := map[string]*strings.Builder{}
	nonBlank := false
	for {
		line, ok, err := lr.next()
		if err != nil {
			return XSumDoc{}, err
		}
		if !ok {
			break
		}
		pos := Position{File: name, Line: lr.line}
		if strings.TrimLeft(line, asciiSpace) == "" {
			continue
		}
		nonBlank = true
		whole := true // the line is not the rest of a marker line
		if m := xsumMarker.FindStringSubmatch(strings.TrimLeft(line, asciiSpace)); m != nil {
			form, section := m[1], m[2]
			if m[3] != form {
				return XSumDoc{}, Errorf(pos, "", ErrSyntax, "section marker mixes [%s] and [%s]", form, m[3])
			}
			if order == nil {
				d.Form, order = form, xsumSections[form]
			} else if form != d.Form {
				return XSumDoc{}, Errorf(pos, "", ErrSyntax, "[%s] marker in a file of [%s] sections", form, d.Form)
			}
			if next >= len(order) || order[next] != section {
				return XSumDoc{}, Errorf(pos, section, ErrValue, "unexpected section %s (want %s)", section, wantSection(order, next))
			}
			next++
			cur = &strings.Builder{}
			values[section] = cur
			line = strings.TrimLeft(line, asciiSpace)[len(m[0]):]
			if strings.TrimLeft(line, asciiSpace) == "" {
				continue
			}
			whole = false
		}
		if order == nil {
			return XSumDoc{}, Errorf(pos, "", ErrSyntax, "text before the first section marker")
		}
		if strings.Contains(line, "["+d.Form+"]") {
			return XSumDoc{}, Errorf(pos, "", ErrSyntax, "stray [%s] delimiter inside the text", d.Form)
		}
		if whole && xsumBoilerplate[line] {
			d.Removed++
			continue
		}
		if cur.Len() > 0 {
			cur.WriteByte('\n')
		}
		cur.WriteString(line)
	}
	if !nonBlank {
		return XSumDoc{}, &RowError{Pos: Position{File: name}, Err: ErrEmpty}
	}
	if order == nil {
		return XSumDoc{}, Errorf(Position{File: name, Line: max(lr.line, 1)}, "", ErrSyntax, "no [XSUM] or [SN] section marker")
	}
	if next < len(order) {
		return XSumDoc{}, Errorf(Position{File: name, Line: max(lr.line, 1)}, order[next], ErrMissing,
			"section [%s]%s[%s] absent", d.Form, order[next], d.Form)
	}
	get := func(section string) string { return pyStrip(values[section].String()) }
	d.URL, d.Body = get("URL"), get("RESTBODY")
	if d.Form == "SN" {
		d.Title, d.Summary = get("TITLE"), get("FIRST-SENTENCE")
	} else {
		d.Summary = get("INTRODUCTION")
	}
	return d, nil
}

// ReadXSumFile reads an XSum article file (gzip detected by content).
func ReadXSumFile(path string) (XSumDoc, error) {
	f, err := Open(path)
	if err != nil {
		return XSumDoc{}, err
	}
	defer f.Close()
	return ReadXSum(f, path)
}

func wantSection(order []string, next int) string {
	if next >= len(order) {
		return "no more sections"
	}
	return order[next]
}

// asciiSpace is what Python's bytes.strip removes: xsum.py tests blank lines on the
// raw bytes.
const asciiSpace = " \t\n\r\v\f"

// pyStrip is Python's str.strip(): Go's unicode.IsSpace plus the four information
// separators U+001C–U+001F, which Python counts as whitespace.
func pyStrip(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
	})
}

// textLines splits a stream into lines, counting them for positions. With universal
// set, "\r\n", "\r" and "\n" all end a line, as in Python's text mode (the CNN/DM
// loader); otherwise only "\n" does, as in xsum.py's binary readlines, though a "\r"
// before it is dropped too so CRLF files read as LF ones.
type textLines struct {
	br        *bufio.Reader
	name      string
	universal bool
	line      int // number of the line last returned
	buf       []byte
}

func newTextLines(r io.Reader, name string, universal bool) *textLines {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, 64<<10)
	}
	return &textLines{br: br, name: name, universal: universal}
}

// next returns the next line without its terminator; ok is false at the end.
func (t *textLines) next() (line string, ok bool, err error) {
	t.buf = t.buf[:0]
	for {
		c, err := t.br.ReadByte()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				// A read error (a truncated gzip stream) is reported at the line it cut.
				return "", false, &RowError{Pos: Position{File: t.name, Line: t.line + 1}, Err: err}
			}
			if len(t.buf) == 0 {
				return "", false, nil
			}
			break
		}
		if c == '\n' {
			if n := len(t.buf); n > 0 && t.buf[n-1] == '\r' {
				t.buf = t.buf[:n-1]
			}
			break
		}
		if c == '\r' && t.universal {
			if b, err := t.br.Peek(1); err == nil && b[0] == '\n' {
				t.br.ReadByte()
			}
			break
		}
		t.buf = append(t.buf, c)
	}
	t.line++
	if !utf8.Valid(t.buf) {
		return "", false, &RowError{Pos: Position{File: t.name, Line: t.line}, Err: ErrEncoding}
	}
	return string(t.buf), true, nil
}
