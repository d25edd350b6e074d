package format

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// textErr checks that err is a *RowError wrapping want, naming the file, at line
// (0: any line) and field.
func textErr(t *testing.T, err, want error, line int, field string) {
	t.Helper()
	var re *RowError
	if !errors.Is(err, want) || !errors.As(err, &re) {
		t.Fatalf("err = %v, want a RowError wrapping %v", err, want)
	}
	if line != 0 && re.Pos.Line != line {
		t.Errorf("error at line %d, want %d: %v", re.Pos.Line, line, err)
	}
	if re.Field != field {
		t.Errorf("error field %q, want %q: %v", re.Field, field, err)
	}
	if re.Pos.File == "" || !strings.Contains(err.Error(), re.Pos.File) {
		t.Errorf("error %q does not name the file", err)
	}
}

func TestReadStory(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		article    string
		highlights []string
		wantErr    error
		wantLine   int
		wantField  string
	}{
		{
			name:       "paragraphs and highlights",
			in:         "(CNN)First paragraph.\n\nA caption without a period\n\n@highlight\n\nOne thing happened\n\n@highlight\n\nAnother did!\n",
			article:    "(CNN)First paragraph. A caption without a period .",
			highlights: []string{"One thing happened .", "Another did!"},
		},
		{
			name:       "strip, CRLF, lone CR and no final newline",
			in:         "  Lead line.  \r\n\r\n\u00a0Quote ends here\u201d\r@highlight\r\n\r\nLast one.",
			article:    "Lead line. Quote ends here\u201d",
			highlights: []string{"Last one."},
		},
		{
			// The loader tests the marker by prefix and never leaves the highlight
			// part: every later line is a highlight, however many follow a marker.
			name:       "marker prefix and several lines after one marker",
			in:         "Body.\n@highlights\nfirst\nsecond\n",
			article:    "Body.",
			highlights: []string{"first .", "second ."},
		},
		{
			name:       "a line mentioning @highlight is not period-fixed",
			in:         "See @highlight here\n@highlight\nSummary.\n",
			article:    "See @highlight here",
			highlights: []string{"Summary."},
		},
		{name: "no article is not an error here", in: "@highlight\n\nOnly a summary.\n", article: "", highlights: []string{"Only a summary."}},
		{name: "empty", in: "", wantErr: ErrEmpty},
		{name: "blank", in: " \n\n\t\n", wantErr: ErrEmpty},
		{name: "no marker", in: "An article.\n\nMore of it.\n", wantErr: ErrMissing, wantLine: 3, wantField: "highlights"},
		{name: "marker at the end", in: "Text.\n\n@highlight\n\nFine.\n\n@highlight\n\n", wantErr: ErrMissing, wantLine: 7, wantField: "highlights"},
		{name: "two markers in a row", in: "Text.\n@highlight\n@highlight\nFine.\n", wantErr: ErrMissing, wantLine: 2, wantField: "highlights"},
		{name: "invalid utf-8", in: "Text.\n\nbad \xff byte\n@highlight\nx\n", wantErr: ErrEncoding, wantLine: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ReadStory(strings.NewReader(tt.in), "x.story")
			if tt.wantErr != nil {
				textErr(t, err, tt.wantErr, tt.wantLine, tt.wantField)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.Article != tt.article {
				t.Errorf("article %q, want %q", s.Article, tt.article)
			}
			if !reflect.DeepEqual(s.Highlights, tt.highlights) {
				t.Errorf("highlights %q, want %q", s.Highlights, tt.highlights)
			}
		})
	}
}

func TestReadXSum(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		want      XSumDoc
		wantErr   error
		wantLine  int
		wantField string
	}{
		{
			name: "extraction stage with share widget",
			in: "[XSUM]URL[XSUM]\nhttp://example.org/a\n\n[XSUM]INTRODUCTION[XSUM]\nA one-line summary.\n\n" +
				"[XSUM]RESTBODY[XSUM]\nShare this with\nEmail\nFirst paragraph.\n\n  Indented second.  \nEmail\n",
			want: XSumDoc{Form: "XSUM", URL: "http://example.org/a", Summary: "A one-line summary.",
				Body: "First paragraph.\n  Indented second.", Removed: 3},
		},
		{
			name: "final release",
			in: "[SN]URL[SN]\nhttp://example.org/b\r\n\r\n[SN]TITLE[SN]\nA title\n\n[SN]FIRST-SENTENCE[SN]\nThe summary.\n\n" +
				"[SN]RESTBODY[SN]\nBody one.\nBody two.",
			want: XSumDoc{Form: "SN", URL: "http://example.org/b", Title: "A title", Summary: "The summary.", Body: "Body one.\nBody two."},
		},
		{
			name: "text on the marker line and a widget word inside a sentence",
			in:   "[XSUM]URL[XSUM] u\n[XSUM]INTRODUCTION[XSUM]\nS.\n[XSUM]RESTBODY[XSUM]Email\nSend an Email\n",
			want: XSumDoc{Form: "XSUM", URL: "u", Summary: "S.", Body: "Email\nSend an Email"},
		},
		{
			name: "empty sections are returned empty",
			in:   "[XSUM]URL[XSUM]\n[XSUM]INTRODUCTION[XSUM]\n[XSUM]RESTBODY[XSUM]\n",
			want: XSumDoc{Form: "XSUM"},
		},
		{name: "empty", in: "", wantErr: ErrEmpty},
		{name: "no markers", in: "just text\n", wantErr: ErrSyntax, wantLine: 1},
		{name: "text before the first marker", in: "\nhello\n[XSUM]URL[XSUM]\n", wantErr: ErrSyntax, wantLine: 2},
		{name: "missing section", in: "[XSUM]URL[XSUM]\nu\n[XSUM]INTRODUCTION[XSUM]\ns\n", wantErr: ErrMissing, wantLine: 4, wantField: "RESTBODY"},
		{name: "out of order", in: "[XSUM]URL[XSUM]\nu\n[XSUM]RESTBODY[XSUM]\nb\n", wantErr: ErrValue, wantLine: 3, wantField: "RESTBODY"},
		{name: "unknown section", in: "[SN]URL[SN]\nu\n[SN]BYLINE[SN]\n", wantErr: ErrValue, wantLine: 3, wantField: "BYLINE"},
		{name: "duplicate section", in: "[XSUM]URL[XSUM]\n[XSUM]URL[XSUM]\n", wantErr: ErrValue, wantLine: 2, wantField: "URL"},
		{name: "mixed layouts", in: "[XSUM]URL[XSUM]\nu\n[SN]TITLE[SN]\n", wantErr: ErrSyntax, wantLine: 3},
		{name: "mixed delimiters in one marker", in: "[XSUM]URL[SN]\n", wantErr: ErrSyntax, wantLine: 1},
		{name: "stray delimiter", in: "[SN]URL[SN]\nu\n[SN]TITLE[SN]\nt [SN] t\n", wantErr: ErrSyntax, wantLine: 4},
		{name: "invalid utf-8", in: "[XSUM]URL[XSUM]\n\xc3\n", wantErr: ErrEncoding, wantLine: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ReadXSum(strings.NewReader(tt.in), "x.data")
			if tt.wantErr != nil {
				textErr(t, err, tt.wantErr, tt.wantLine, tt.wantField)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d != tt.want {
				t.Errorf("got %+v\nwant %+v", d, tt.want)
			}
		})
	}
}

func TestReadTextTruncatedGzip(t *testing.T) {
	cut := func(name, head, para, tail string) string {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write([]byte(head))
		for i := 0; i < 500; i++ {
			zw.Write([]byte(para))
		}
		zw.Write([]byte(tail))
		zw.Close()
		path := filepath.Join(t.TempDir(), name)
		os.WriteFile(path, buf.Bytes()[:buf.Len()/2], 0o644)
		return path
	}
	_, err := ReadStoryFile(cut("cut.story", "", "A paragraph of a made-up article, long enough.\n\n", "@highlight\n\nA summary.\n"))
	textErr(t, err, ErrTruncated, 0, "")
	_, err = ReadXSumFile(cut("cut.data", "[XSUM]URL[XSUM]\nu\n[XSUM]INTRODUCTION[XSUM]\ns\n[XSUM]RESTBODY[XSUM]\n",
		"A paragraph of a made-up article, long enough.\n", ""))
	textErr(t, err, ErrTruncated, 0, "")
}

// textSharedDir finds ../shared/datasets beside the repository (skipping when it is
// absent outside CI).
func textSharedDir(t *testing.T) string {
	t.Helper()
	wd, _ := os.Getwd()
	for dir := wd; filepath.Dir(dir) != dir; dir = filepath.Dir(dir) {
		cand := filepath.Join(filepath.Dir(dir), "shared", "datasets")
		if info, err := os.Stat(cand); err == nil && info.IsDir() {
			return cand
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("../shared/datasets not found beside the repository (required under CI)")
	}
	t.Skip("../shared/datasets not found beside the repository")
	return ""
}

// TestReadTextReal reads the real slices: SOURCE.md counts 59 highlights in the 20
// stories, and 74 share-widget lines dropped from 7 of the 20 XSum files.
func TestReadTextReal(t *testing.T) {
	dir := textSharedDir(t)
	stories, _ := filepath.Glob(filepath.Join(dir, "cnn-dailymail", "cnn_stories", "*.story"))
	highlights := 0
	for _, p := range stories {
		s, err := ReadStoryFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if s.Article == "" {
			t.Errorf("%s: empty article", p)
		}
		highlights += len(s.Highlights)
	}
	if len(stories) != 20 || highlights != 59 {
		t.Errorf("%d stories, %d highlights; want 20, 59", len(stories), highlights)
	}
	docs, _ := filepath.Glob(filepath.Join(dir, "xsum", "xsum-extracts-from-downloads", "*.data"))
	removed, withWidget := 0, 0
	for _, p := range docs {
		d, err := ReadXSumFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if d.Form != "XSUM" || d.Summary == "" || d.Body == "" || !strings.HasPrefix(d.URL, "http") {
			t.Errorf("%s: read %+v", p, d)
		}
		removed += d.Removed
		if d.Removed > 0 {
			withWidget++
		}
	}
	if len(docs) != 20 || removed != 74 || withWidget != 7 {
		t.Errorf("%d docs, %d widget lines in %d files; want 20, 74, 7", len(docs), removed, withWidget)
	}
}

// fuzzTextErr checks the error contract of the text readers on any input.
func fuzzTextErr(t *testing.T, err error, name string) {
	var re *RowError
	if !errors.As(err, &re) {
		t.Fatalf("error is not a *RowError: %v", err)
	}
	if re.Pos.File != name {
		t.Fatalf("error names file %q: %v", re.Pos.File, err)
	}
	if re.Pos.Line <= 0 && !errors.Is(err, ErrEmpty) {
		t.Fatalf("error without a line: %v", err)
	}
}

func FuzzStory(f *testing.F) {
	f.Add([]byte("(CNN)Text.\n\n@highlight\n\nSummary\n"))
	f.Add([]byte("a\r\n@highlight\rb\r\n\r\n@highlight"))
	f.Add([]byte("@highlight\n@highlight\n\xff"))
	f.Fuzz(func(t *testing.T, in []byte) {
		s, err := ReadStory(bytes.NewReader(in), "f.story")
		if err != nil {
			fuzzTextErr(t, err, "f.story")
			return
		}
		if len(s.Highlights) == 0 {
			t.Fatal("story without highlights")
		}
		for _, h := range append(s.Highlights, s.Paragraphs...) {
			if h == "" || strings.ContainsAny(h, "\r\n") || h != pyStrip(h) {
				t.Fatalf("bad line %q", h)
			}
		}
		if s.Article != strings.Join(s.Paragraphs, " ") {
			t.Fatal("article is not its paragraphs")
		}
	})
}

func FuzzXSum(f *testing.F) {
	f.Add([]byte("[XSUM]URL[XSUM]\nu\n\n[XSUM]INTRODUCTION[XSUM]\ns\n\n[XSUM]RESTBODY[XSUM]\nEmail\nb\n"))
	f.Add([]byte("[SN]URL[SN]\nu\n[SN]TITLE[SN]\nt\n[SN]FIRST-SENTENCE[SN]\ns\n[SN]RESTBODY[SN]\nb"))
	f.Add([]byte("[SN]URL[XSUM]\n[SN]"))
	f.Fuzz(func(t *testing.T, in []byte) {
		d, err := ReadXSum(bytes.NewReader(in), "f.data")
		if err != nil {
			fuzzTextErr(t, err, "f.data")
			return
		}
		if d.Form != "XSUM" && d.Form != "SN" {
			t.Fatalf("form %q", d.Form)
		}
		for _, v := range []string{d.URL, d.Title, d.Summary, d.Body} {
			if v != pyStrip(v) || strings.Contains(v, "["+d.Form+"]") {
				t.Fatalf("bad value %q", v)
			}
		}
	})
}
