package source

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"qmix/lib/format"
	"qmix/lib/record"
)

func TestCNNDailyMailReal(t *testing.T) {
	native := convertShared(t, "cnn_dailymail", "cnn-dailymail/cnn_stories")
	hub := convertShared(t, "cnn_dailymail", "cnn-dailymail/hub/3.0.0-test.parquet")
	if len(native) != 20 || len(hub) != 10 {
		t.Fatalf("got %d native and %d Hub records, want 20 and 10", len(native), len(hub))
	}
	highlights := 0
	for _, r := range native {
		// The url lists are not shipped with the stories: the split is unknown.
		if !strings.HasPrefix(r.ID, "cnn_dailymail/all/") || r.Meta["split_unknown"] != true {
			t.Errorf("%s: split_unknown %v", r.ID, r.Meta["split_unknown"])
		}
		highlights += len(r.Meta["highlights"].([]string))
	}
	if highlights != 59 {
		t.Errorf("%d highlights, want 59 (SOURCE.md)", highlights)
	}
	for _, recs := range [][]record.Record{native, hub} {
		for _, r := range recs {
			if r.Domain != record.Summarization || r.Difficulty != record.Easy || r.License != "Apache-2.0" || r.FinalAnswer() != "" {
				t.Errorf("%s: domain/difficulty/license/final = %s/%s/%s/%q", r.ID, r.Domain, r.Difficulty, r.License, r.FinalAnswer())
			}
			if !strings.HasPrefix(r.Question, cnnPrompt+"\n\n") || r.Answer != strings.Join(r.Meta["highlights"].([]string), "\n") {
				t.Errorf("%s: question or answer not built from article and highlights", r.ID)
			}
		}
	}
	checkRecords(t, hub, []want{
		{"cnn_dailymail/test/203886369feea77bbc35715e6d7e518b751f57de",
			cnnPrompt + "\n\n(CNN)Seventy years ago, Anne Frank died of typhus in a Nazi concentration camp at the age of 15.",
			"Museum: Anne Frank died earlier than previously believed .\nResearchers re-examined archives", ""},
	})
	checkRecords(t, native, []want{
		{"cnn_dailymail/all/017d27d00eb43678c15cb4a8dd4723a035323219",
			cnnPrompt + "\n\nWASHINGTON (CNN) -- As he awaits a crucial progress report on Iraq, President Bush",
			"President Bush to address the Veterans of Foreign Wars on Wednesday .\nBush to say", ""},
		{"cnn_dailymail/all/203886369feea77bbc35715e6d7e518b751f57de",
			cnnPrompt + "\n\n(CNN)Seventy years ago, Anne Frank died of typhus in a Nazi concentration camp at the age of 15.",
			"Museum: Anne Frank died earlier than previously believed .\nResearchers re-examined archives", ""},
	})

	// Layout agreement, by source id: the 10 Hub (test) stories read from the files
	// give the same question, answer and highlights.
	bySource := map[string]record.Record{}
	for _, r := range native {
		bySource[r.SourceID] = r
	}
	for _, h := range hub {
		n, ok := bySource[h.SourceID]
		if !ok {
			t.Errorf("%s: no story file", h.ID)
			continue
		}
		cnnSame(t, n, h, false)
	}

	// And by id, when the stories are found in a directory naming the split: link the
	// 10 test stories into .../test/.
	dir := filepath.Join(t.TempDir(), "test")
	os.Mkdir(dir, 0o755)
	for _, h := range hub {
		src := filepath.Join(sharedDir(t), "cnn-dailymail", "cnn_stories", h.SourceID+".story")
		if err := os.Symlink(src, filepath.Join(dir, h.SourceID+".story")); err != nil {
			t.Fatal(err)
		}
	}
	linked, err := ConvertAll("cnn_dailymail", []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(linked) != len(hub) {
		t.Fatalf("%d linked stories, want %d", len(linked), len(hub))
	}
	for i := range hub { // both sorted by id
		cnnSame(t, linked[i], hub[i], true)
	}
}

// cnnSame checks that two layouts gave the same record (the id too when sameID).
func cnnSame(t *testing.T, a, b record.Record, sameID bool) {
	t.Helper()
	if (sameID && a.ID != b.ID) || a.SourceID != b.SourceID || a.Question != b.Question || a.Answer != b.Answer ||
		a.FinalAnswer() != b.FinalAnswer() || !reflect.DeepEqual(a.Meta["highlights"], b.Meta["highlights"]) {
		t.Errorf("layouts differ:\n%+v\n%+v", a, b)
	}
}

// cnnHubRow is the Hub layout: article, highlights, id as optional strings.
type cnnHubRow struct {
	Article    *string `parquet:"article"`
	Highlights *string `parquet:"highlights"`
	ID         *string `parquet:"id"`
}

func cnnWriteHub[T any](t *testing.T, dir, name string, rows []T) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := parquet.WriteFile(path, rows); err != nil {
		t.Fatal(err)
	}
	return path
}

func cnnStr(s string) *string { return &s }

// The release fixtures, as the Hub loader derives them (written out by hand, so that
// the test checks the derivation: lines stripped, " ." after a line that does not end
// a sentence, paragraphs joined with " ", highlights with "\n").
var cnnFixture = []struct {
	split, id, article, highlights string
}{
	{"train", "ec777f0c983c31cd8d1cb7f8a566ca19698acd3d",
		"(EXAMPLE)The harbor of a small invented town lit up on Wednesday for its yearly lights festival. " +
			"Boats decorated with lanterns sailed past the old lighthouse, organizers said . " +
			"\"We have never had so many visitors,\" said a festival volunteer.",
		"An invented harbor town held its yearly lights festival .\nOrganizers said lantern boats sailed past the lighthouse ."},
	{"validation", "95332b9b233a5139f4c5851aaa4908812cf1949b",
		"(EXAMPLE)A rowing crew set a new record on an invented river course on Thursday. The crew finished the 10-kilometer course in 31 minutes!",
		"Rowing crew sets a course record on an invented river."},
	{"test", "c6e616568239b0a3d9cfe0b3a8a87807492ab1d2",
		"(EXAMPLE)A city tested a solar-powered bus on one of its routes this week. " +
			"The bus ran for five days without charging from the grid, the operator said .",
		"A solar-powered bus was tested on a city route .\nThe operator says it ran five days without grid charging ."},
}

func TestCNNDailyMailFixtures(t *testing.T) {
	hubDir := t.TempDir()
	for _, f := range cnnFixture {
		cnnWriteHub(t, hubDir, "3.0.0-"+f.split+".parquet", []cnnHubRow{{cnnStr(f.article), cnnStr(f.highlights), cnnStr(f.id)}})
	}
	release := filepath.Join("testdata", "cnn_dailymail", "release")
	layouts := map[string][]record.Record{}
	for _, path := range []string{release, filepath.Join(release, "cnn", "stories"), hubDir} {
		recs, err := ConvertAll("cnn_dailymail", []string{path}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		byIDs := byID(recs)
		if len(recs) != 3 {
			t.Fatalf("%s: %d records, want 3", path, len(recs))
		}
		for _, f := range cnnFixture {
			r, ok := byIDs["cnn_dailymail/"+f.split+"/"+f.id]
			if !ok {
				t.Errorf("%s: no record %s/%s (split from the url lists)", path, f.split, f.id)
				continue
			}
			if r.Question != cnnPrompt+"\n\n"+f.article || r.Answer != f.highlights ||
				!reflect.DeepEqual(r.Meta["highlights"], strings.Split(f.highlights, "\n")) || r.Meta["split_unknown"] != nil {
				t.Errorf("%s: got\n%q\n%q\n%v", path, r.Question, r.Answer, r.Meta)
			}
		}
		layouts[path] = recs
	}
	cnnSort := func(recs []record.Record) map[string]record.Record { return byID(recs) }
	native, hub := cnnSort(layouts[release]), cnnSort(layouts[hubDir])
	for id, r := range native {
		cnnSame(t, r, hub[id], true)
	}

	t.Run("no url lists: split all", func(t *testing.T) {
		recs := mustConvertCNN(t, filepath.Join("testdata", "cnn_dailymail", "plain"))
		if len(recs) != 1 || recs[0].ID != "cnn_dailymail/all/fe4bfd62ec2b4a510a48bef43b54c87e5143ed42" || recs[0].Meta["split_unknown"] != true {
			t.Fatalf("got %+v", recs)
		}
	})
	t.Run("split from the directory name", func(t *testing.T) {
		recs := mustConvertCNN(t, filepath.Join("testdata", "cnn_dailymail", "test", "*.story"))
		if len(recs) != 1 || recs[0].ID != "cnn_dailymail/test/efccec9b97fbb816e343eee9ab001a65213074b2" ||
			recs[0].Answer != "Night train service returns after a decade ." || recs[0].Meta["split_unknown"] != nil {
			t.Fatalf("got %+v", recs)
		}
	})
}

func mustConvertCNN(t *testing.T, paths ...string) []record.Record {
	t.Helper()
	recs, err := ConvertAll("cnn_dailymail", paths, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestCNNDailyMailBadInput(t *testing.T) {
	bad := filepath.Join("testdata", "cnn_dailymail", "bad")
	hubDir := t.TempDir()
	good := cnnHubRow{cnnStr("An article."), cnnStr("A highlight ."), cnnStr("a1")}
	type intRow struct {
		Article    *string `parquet:"article"`
		Highlights *int64  `parquet:"highlights"`
		ID         *string `parquet:"id"`
	}
	n := int64(3)
	tests := []struct {
		name    string
		path    string
		wantErr error
		field   string
		line    int // 0: parquet row 1; -1: parquet row 0 (a column of the wrong type fails at once)
	}{
		{"no highlight", filepath.Join(bad, "nohighlight"), format.ErrMissing, "highlights", 3},
		{"marker without highlight", filepath.Join(bad, "dangling"), format.ErrMissing, "highlights", 7},
		{"no article", filepath.Join(bad, "noarticle"), format.ErrValue, "article", 1},
		{"invalid UTF-8", filepath.Join(bad, "encoding"), format.ErrEncoding, "", 3},
		{"story not in the url lists", filepath.Join(bad, "unlisted", "stories"), format.ErrValue, "id", 1},
		{"parquet highlights not a string", cnnWriteHub(t, hubDir, "3.0.0-test.parquet",
			[]intRow{{good.Article, &n, good.ID}, {good.Article, &n, cnnStr("a2")}}), format.ErrType, "highlights", -1},
		{"parquet empty article", cnnWriteHub(t, hubDir, "3.0.0-validation.parquet",
			[]cnnHubRow{good, {cnnStr(""), good.Highlights, cnnStr("a2")}}), format.ErrValue, "article", 0},
		{"parquet null id", cnnWriteHub(t, hubDir, "3.0.0-train.parquet",
			[]cnnHubRow{good, {good.Article, good.Highlights, nil}}), format.ErrMissing, "id", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ConvertAll("cnn_dailymail", []string{tt.path}, Options{})
			var re *format.RowError
			if !errors.Is(err, tt.wantErr) || !errors.As(err, &re) {
				t.Fatalf("err = %v, want a RowError wrapping %v", err, tt.wantErr)
			}
			if re.Field != tt.field || re.Pos.File == "" || (tt.line > 0 && re.Pos.Line != tt.line) || (tt.line <= 0 && re.Pos.Row != tt.line+1) {
				t.Errorf("error at %+v field %q, want line %d field %q: %v", re.Pos, re.Field, tt.line, tt.field, err)
			}
		})
	}
	// Lenient mode reports each bad story and goes on.
	var skipped int
	recs, err := ConvertAll("cnn_dailymail", []string{bad}, Options{Lenient: true, Skip: func(*format.RowError) { skipped++ }})
	if err != nil || len(recs) != 0 || skipped != 5 {
		t.Errorf("lenient: %d records, %d skipped, err %v", len(recs), skipped, err)
	}
}

// FuzzCNNDailyMail feeds arbitrary bytes to the adapter as a .story file.
func FuzzCNNDailyMail(f *testing.F) {
	seeds, _ := format.Files(filepath.Join("testdata", "cnn_dailymail"), isData(".story"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "0123456789abcdef0123456789abcdef01234567.story")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		toolbenchFuzzConvert(t, "cnn_dailymail", path)
	})
}
