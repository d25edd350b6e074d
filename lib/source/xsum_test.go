package source

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"qmix/lib/format"
	"qmix/lib/record"
)

func TestXSumReal(t *testing.T) {
	native := convertShared(t, "xsum", "xsum/xsum-extracts-from-downloads")
	hub := convertShared(t, "xsum", "xsum/hub/default-test.parquet")
	if len(native) != 20 || len(hub) != 20 {
		t.Fatalf("got %d native and %d Hub records, want 20 and 20", len(native), len(hub))
	}
	for _, recs := range [][]record.Record{native, hub} {
		for _, r := range recs {
			if r.Domain != record.Summarization || r.Difficulty != record.Easy || r.License != "MIT" || r.FinalAnswer() != "" {
				t.Errorf("%s: domain/difficulty/license/final = %s/%s/%s/%q", r.ID, r.Domain, r.Difficulty, r.License, r.FinalAnswer())
			}
			if !strings.HasPrefix(r.Question, xsumPrompt+"\n\n") || r.Answer == "" || strings.Contains(r.Question, "\nShare this with\n") {
				t.Errorf("%s: question %q…", r.ID, head(r.Question, 80))
			}
		}
	}
	for _, r := range native {
		// The split list is not shipped with the files (SOURCE.md: all 20 are test).
		if !strings.HasPrefix(r.ID, "xsum/all/") || r.Meta["split_unknown"] != true || !strings.HasPrefix(r.Meta["url"].(string), "http://web.archive.org/") {
			t.Errorf("%s: meta %v", r.ID, r.Meta)
		}
	}
	checkRecords(t, hub, []want{
		{"xsum/test/29604402", xsumPrompt + "\n\nMukherjee's The Lives Of Others, a sweeping account of life in 1960s Calcutta",
			"The winner of the Man Booker Prize is announced later with British author Neel Mukherjee", ""},
	})
	checkRecords(t, native, []want{
		{"xsum/all/29604402", xsumPrompt + "\n\nMukherjee's The Lives Of Others, a sweeping account of life in 1960s Calcutta",
			"The winner of the Man Booker Prize is announced later with British author Neel Mukherjee", ""},
		// Its page's share widget ("Share this with", "Email", …) is dropped, as the
		// Hub loader drops it.
		{"xsum/all/30216408", xsumPrompt + "\n\nBut the study says there is no clear evidence of academic improvement",
			"Almost 70% of primary and secondary schools in the UK now use tablet computers, according to research.", ""},
	})

	// Layout agreement by source id.
	bySource := map[string]record.Record{}
	for _, r := range native {
		bySource[r.SourceID] = r
	}
	for _, h := range hub {
		xsumSame(t, bySource[h.SourceID], h, false)
	}

	// And by id, with the official split list beside the files: here one listing the
	// 20 ids as test (SOURCE.md checked them against the real list).
	dir := t.TempDir()
	var ids []string
	os.Mkdir(filepath.Join(dir, "extracts"), 0o755)
	for _, h := range hub {
		ids = append(ids, h.SourceID)
		src := filepath.Join(sharedDir(t), "xsum", "xsum-extracts-from-downloads", h.SourceID+".data")
		if err := os.Symlink(src, filepath.Join(dir, "extracts", h.SourceID+".data")); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := json.Marshal(map[string][]string{"train": {}, "validation": {}, "test": ids})
	os.WriteFile(filepath.Join(dir, xsumSplitFile), b, 0o644)
	listed, err := ConvertAll("xsum", []string{filepath.Join(dir, "extracts")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(listed) != 20 {
		t.Fatalf("%d records, want 20", len(listed))
	}
	for i := range hub { // both in id order
		xsumSame(t, listed[i], hub[i], true)
	}
}

// xsumSame checks that two layouts gave the same record (the id too when sameID).
func xsumSame(t *testing.T, a, b record.Record, sameID bool) {
	t.Helper()
	if (sameID && a.ID != b.ID) || a.SourceID != b.SourceID || a.Question != b.Question || a.Answer != b.Answer || a.FinalAnswer() != b.FinalAnswer() {
		t.Errorf("layouts differ:\n%+v\n%+v", a, b)
	}
}

// xsumHubRow is the Hub layout: document, summary, id as optional strings.
type xsumHubRow struct {
	Document *string `parquet:"document"`
	Summary  *string `parquet:"summary"`
	ID       *string `parquet:"id"`
}

func xsumWriteHub(t *testing.T, dir, name string, rows []xsumHubRow) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := parquet.WriteFile(path, rows); err != nil {
		t.Fatal(err)
	}
	return path
}

func xsumStr(s string) *string { return &s }

// The release fixtures as the Hub loader derives them, written out by hand.
var xsumFixture = []struct {
	split, id, document, summary, title string
}{
	{"test", "90000001", "Volunteers spent two years restoring the old school building.\n" +
		"The library holds about 3,000 donated books, organisers said.\n\"It is a place to meet again,\" one resident said.",
		"An invented village has opened its first library in fifty years.", ""},
	{"train", "90000002", "The club said the manager would start on Monday.\nShe previously coached a youth team in the same league.",
		"An invented football club has named a new manager after a month-long search.", ""},
	{"validation", "90000003", "The comet was visible for three nights.\nObservers used small telescopes.",
		"Amateur astronomers have photographed an invented comet from the coast.", "Invented comet seen from the coast"},
}

func TestXSumFixtures(t *testing.T) {
	hubDir := t.TempDir()
	for _, f := range xsumFixture {
		xsumWriteHub(t, hubDir, "default-"+f.split+".parquet", []xsumHubRow{{xsumStr(f.document), xsumStr(f.summary), xsumStr(f.id)}})
	}
	release := filepath.Join("testdata", "xsum", "release")
	native, err := ConvertAll("xsum", []string{release}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	hub, err := ConvertAll("xsum", []string{hubDir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(native) != 3 || len(hub) != 3 {
		t.Fatalf("got %d and %d records, want 3", len(native), len(hub))
	}
	nm, hm := byID(native), byID(hub)
	for _, f := range xsumFixture {
		id := "xsum/" + f.split + "/" + f.id
		r, ok := nm[id]
		if !ok {
			t.Errorf("no record %s (split from the split list)", id)
			continue
		}
		if r.Question != xsumPrompt+"\n\n"+f.document || r.Answer != f.summary || r.Meta["split_unknown"] != nil {
			t.Errorf("%s: got %q / %q / %v", id, r.Question, r.Answer, r.Meta)
		}
		if title, _ := r.Meta["title"].(string); title != f.title {
			t.Errorf("%s: title %q, want %q", id, title, f.title)
		}
		xsumSame(t, r, hm[id], true)
	}

	t.Run("no split list: split all", func(t *testing.T) {
		recs, err := ConvertAll("xsum", []string{filepath.Join("testdata", "xsum", "plain", "*.data")}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 1 || recs[0].ID != "xsum/all/90000004" || recs[0].Meta["split_unknown"] != true ||
			recs[0].Meta["url"] != "http://www.example.com/news/90000004" {
			t.Fatalf("got %+v", recs)
		}
	})
}

func TestXSumBadInput(t *testing.T) {
	bad := filepath.Join("testdata", "xsum", "bad")
	hubDir := t.TempDir()
	good := xsumHubRow{xsumStr("A document."), xsumStr("A summary."), xsumStr("1")}
	tests := []struct {
		name    string
		path    string
		wantErr error
		field   string
		line    int // 0: parquet row 1
	}{
		{"sections out of order", filepath.Join(bad, "nointro"), format.ErrValue, "RESTBODY", 4},
		{"section missing", filepath.Join(bad, "norestbody"), format.ErrMissing, "RESTBODY", 5},
		{"body only share widget", filepath.Join(bad, "emptybody"), format.ErrValue, "RESTBODY", 1},
		{"stray delimiter", filepath.Join(bad, "stray"), format.ErrSyntax, "", 8},
		{"id not in the split list", filepath.Join(bad, "unlisted", "extracts"), format.ErrValue, "id", 1},
		{"split list not JSON", filepath.Join(bad, "splitfile", "extracts"), format.ErrSyntax, "", 1},
		{"parquet null summary", xsumWriteHub(t, hubDir, "default-test.parquet", []xsumHubRow{good, {good.Document, nil, xsumStr("2")}}),
			format.ErrMissing, "summary", 0},
		{"parquet empty document", xsumWriteHub(t, hubDir, "default-train.parquet", []xsumHubRow{good, {xsumStr(" "), good.Summary, xsumStr("2")}}),
			format.ErrValue, "document", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ConvertAll("xsum", []string{tt.path}, Options{})
			var re *format.RowError
			if !errors.Is(err, tt.wantErr) || !errors.As(err, &re) {
				t.Fatalf("err = %v, want a RowError wrapping %v", err, tt.wantErr)
			}
			if re.Field != tt.field || re.Pos.File == "" || (tt.line > 0 && re.Pos.Line != tt.line) || (tt.line == 0 && re.Pos.Row != 1) {
				t.Errorf("error at %+v field %q, want line %d field %q: %v", re.Pos, re.Field, tt.line, tt.field, err)
			}
		})
	}
	var skipped int
	recs, err := ConvertAll("xsum", []string{bad}, Options{Lenient: true, Skip: func(*format.RowError) { skipped++ }})
	if err != nil || len(recs) != 0 || skipped != 6 {
		t.Errorf("lenient: %d records, %d skipped, err %v", len(recs), skipped, err)
	}
}

// FuzzXSum feeds arbitrary bytes to the adapter as an article file, in both layouts'
// extensions.
func FuzzXSum(f *testing.F) {
	seeds, _ := format.Files(filepath.Join("testdata", "xsum"), isData(".data", ".summary"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		for _, name := range []string{"1.data", "2.summary"} {
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			toolbenchFuzzConvert(t, "xsum", path)
		}
	})
}
