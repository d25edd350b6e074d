package source

import (
	"bufio"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"qmix/lib/format"
	"qmix/lib/record"
)

func init() {
	register(&Adapter{
		Name:      "cnn_dailymail",
		Title:     "CNN/DailyMail",
		Domain:    record.Summarization,
		HubID:     "abisee/cnn_dailymail",
		HubConfig: "3.0.0",
		Splits:    []string{Train, Validation, Test},
		License:   "Apache-2.0",
		Formats: []string{
			"DeepMind Q&A <sha1>.story files (article, then @highlight blocks), e.g. cnn/stories/",
			"split from url_lists/all_{train,val,test}.txt beside the stories, else the directory name, else \"all\"",
			"Hub parquet 3.0.0-{train,validation,test}.parquet",
		},
		Difficulty: "easy: highlights of a news article given in full",
		Convert:    convertCNNDailyMail,
	})
}

// cnnPrompt asks for what the reference is: a few highlight sentences, one per line.
const cnnPrompt = "Summarize the following news article in a few short highlight sentences, one per line."

// cnnSplitAll is the split of stories whose split the files do not tell. The story
// files carry no split: the release assigns stories to splits by the SHA-1 of their
// URL in the url lists, which are often not shipped with the stories (they are not
// with the slice in ../shared/datasets). Rather than guess — half of that slice is
// officially test, the rest presumably train — such stories get the split "all" (the
// union of the splits) and meta.split_unknown = true. Their source id is the story's
// SHA-1 name, the Hub's id, so they can still be matched with Hub records by it.
const cnnSplitAll = "all"

// convertCNNDailyMail reads .story files (a file, a directory of them, a glob) or the
// Hub parquet.
//
// Mapping, the same in both layouts (the native text is derived as the Hub loader
// derives it — see format.ReadStory — so both give identical text):
//   - question: cnnPrompt, a blank line, the article (Hub "article");
//   - answer: the highlights joined with "\n" (Hub "highlights"); they are the whole
//     reference, so there is no separate meta.final_answer;
//   - meta.highlights: the highlights as a list;
//   - source id: the story's SHA-1 (its file name; Hub "id");
//   - split: the Hub file's name; for stories, the url lists when found in a
//     url_lists directory beside them (up to two levels up), else a split word in the
//     story directory's name, else cnnSplitAll.
//
// A story with no article text (the full release has some) has nothing to summarize:
// a RowError (ErrValue), reported and skipped in lenient mode.
func convertCNNDailyMail(path string, e *Emitter) error {
	files, err := format.Files(path, isData(".story", ".parquet"))
	if err != nil {
		return err
	}
	lists := cnnURLLists{}
	for _, f := range files {
		if IsParquet(f) {
			split := SplitFromName(f)
			err := format.EachParquet(f, e.Options(), func(row format.Row) error {
				id, err := row.Str("id")
				if err != nil {
					return err
				}
				article, err := row.Str("article")
				if err != nil {
					return err
				}
				hl, err := row.Str("highlights")
				if err != nil {
					return err
				}
				var highlights []string
				if hl != "" {
					highlights = strings.Split(hl, "\n")
				}
				return emitCNN(e, row.Pos, split, id, article, highlights, nil)
			})
			if err != nil {
				return err
			}
			continue
		}
		if err := e.Handle(convertStory(f, e, lists)); err != nil {
			return err
		}
	}
	return nil
}

// convertStory converts one .story file: a bad file is one bad row.
func convertStory(f string, e *Emitter, lists cnnURLLists) error {
	s, err := format.ReadStoryFile(f)
	if err != nil {
		return err
	}
	id := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(f), ".gz"), ".story")
	pos := format.Position{File: f, Line: 1}
	meta := map[string]any{}
	split, err := lists.lookup(filepath.Dir(f), id)
	if err != nil {
		var re *format.RowError
		if errors.As(err, &re) {
			return err // about a url list itself
		}
		return &format.RowError{Pos: pos, Field: "id", Value: id, Err: err}
	}
	if split == "" {
		split = SplitFromName(filepath.Dir(f))
	}
	if split == "" {
		split = cnnSplitAll
		meta["split_unknown"] = true
	}
	return emitCNN(e, pos, split, id, s.Article, s.Highlights, meta)
}

func emitCNN(e *Emitter, pos format.Position, split, id, article string, highlights []string, meta map[string]any) error {
	switch {
	case strings.TrimSpace(id) == "":
		return format.Errorf(pos, "id", format.ErrValue, "empty story id")
	case strings.TrimSpace(article) == "":
		return format.Errorf(pos, "article", format.ErrValue, "no article text to summarize")
	case len(highlights) == 0:
		return format.Errorf(pos, "highlights", format.ErrValue, "no highlights")
	}
	for i, h := range highlights {
		if strings.TrimSpace(h) == "" {
			return format.Errorf(pos, "highlights", format.ErrValue, "highlight %d is blank", i+1)
		}
	}
	if meta == nil {
		meta = map[string]any{}
	}
	meta["highlights"] = highlights
	return e.Emit(pos, split, id, record.Record{
		Question: cnnPrompt + "\n\n" + article,
		Answer:   strings.Join(highlights, "\n"),
		Meta:     meta,
	})
}

// cnnURLLists caches, per story directory, the url lists that apply to it as story
// id (SHA-1 of the URL) → split, or the error reading them.
type cnnURLLists map[string]cnnURLList

type cnnURLList struct {
	ids map[string]string // nil when no url list was found
	err error
}

// lookup returns the split of story id by the url lists that apply to dir, or ""
// when there are none. A story missing from lists that exist is an error: the lists
// name every story of the release, so it is either not a release story or a list is
// missing.
func (c cnnURLLists) lookup(dir, id string) (string, error) {
	l, ok := c[dir]
	if !ok {
		l.ids, l.err = cnnReadURLLists(dir)
		c[dir] = l
	}
	if l.err != nil || l.ids == nil {
		return "", l.err
	}
	split, ok := l.ids[id]
	if !ok {
		return "", errorsJoin(format.ErrValue, "story "+id+" is in none of the url lists")
	}
	return split, nil
}

// cnnReadURLLists reads the url lists of the first "url_lists" directory found in dir
// or up to two levels above it (abisee/cnn-dailymail keeps url_lists/ beside cnn/ and
// dailymail/, whose stories are in cnn/stories/). A list's split comes from its name
// (all_train.txt, all_val.txt, all_test.txt); .txt files whose name has no split word
// are ignored. A story id is the SHA-1 of its URL, as the release computes it: the
// stripped line, UTF-8, in lower-case hex.
func cnnReadURLLists(dir string) (map[string]string, error) {
	for i := 0; i < 3; i++ {
		ud := filepath.Join(dir, "url_lists")
		if info, err := os.Stat(ud); err == nil && info.IsDir() {
			return cnnReadListDir(ud)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return nil, nil
}

func cnnReadListDir(ud string) (map[string]string, error) {
	names, err := filepath.Glob(filepath.Join(ud, "*.txt"))
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, p := range names {
		split := SplitFromName(p)
		if split == "" {
			continue
		}
		if err := cnnReadList(p, split, m); err != nil {
			return nil, err
		}
	}
	if len(m) == 0 {
		return nil, format.Errorf(format.Position{File: ud}, "", format.ErrMissing,
			"url_lists directory holds no all_{train,val,test}.txt list")
	}
	return m, nil
}

func cnnReadList(p, split string, m map[string]string) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		url := strings.TrimSpace(sc.Text())
		if url == "" {
			continue
		}
		sum := sha1.Sum([]byte(url))
		id := hex.EncodeToString(sum[:])
		if prev, dup := m[id]; dup && prev != split {
			return format.Errorf(format.Position{File: p, Line: line}, "", format.ErrValue,
				"URL is also in the %s list", prev)
		}
		m[id] = split
	}
	if err := sc.Err(); err != nil {
		return &format.RowError{Pos: format.Position{File: p, Line: line + 1}, Err: errorsJoin(format.ErrSyntax, err.Error())}
	}
	return nil
}
