package source

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"qmix/lib/format"
	"qmix/lib/record"
)

func init() {
	register(&Adapter{
		Name:      "xsum",
		Title:     "XSum",
		Domain:    record.Summarization,
		HubID:     "EdinburghNLP/xsum",
		HubConfig: "default",
		Splits:    []string{Train, Validation, Test},
		// SOURCE.md: the repository is MIT; the Hub card says "unknown" (BBC articles).
		License: "MIT",
		Formats: []string{
			"XSum pipeline extraction <bbcid>.data ([XSUM]URL/INTRODUCTION/RESTBODY[XSUM])",
			"XSum release <bbcid>.summary ([SN]URL/TITLE/FIRST-SENTENCE/RESTBODY[SN])",
			"split from XSum-TRAINING-DEV-TEST-SPLIT-90-5-5.json beside the files, else the directory name, else \"all\"",
			"Hub parquet default-{train,validation,test}.parquet",
		},
		Difficulty: "easy: a one-sentence summary of a news article given in full",
		Convert:    convertXSum,
	})
}

// xsumPrompt asks for the summary XSum's reference is: one sentence.
const xsumPrompt = "Summarize the following article in one sentence."

// xsumSplitFile is the official split list (ids per split), which the release keeps
// beside the article directory.
const xsumSplitFile = "XSum-TRAINING-DEV-TEST-SPLIT-90-5-5.json"

// xsumSplitAll is the split of articles whose split the files do not tell (no split
// list, no split word in the directory name): the article belongs to the union of
// the splits. Such records carry meta.split_unknown = true; their source id is still
// XSum's own, so they can be matched with the Hub's records by it.
const xsumSplitAll = "all"

// convertXSum reads article files (.data, .summary) or the Hub parquet.
//
// Mapping, the same in both layouts (the native text is cleaned as the Hub loader
// xsum.py cleans it — see format.ReadXSum — so both give identical text):
//   - question: xsumPrompt, a blank line, the document (RESTBODY; Hub "document");
//   - answer: the one-sentence summary (INTRODUCTION or FIRST-SENTENCE; Hub "summary");
//     there is no separate short final answer, so no meta.final_answer;
//   - source id: the BBC article id (the file name; Hub "id");
//   - split: the Hub file's name; for article files the official split list when it
//     is found beside them, else a split word in the directory name, else
//     xsumSplitAll;
//   - meta: url and (release form) title, which the Hub rows do not keep.
//
// An article with an empty document or summary has nothing to ask or answer: it is a
// RowError (ErrValue), reported and skipped in lenient mode.
func convertXSum(path string, e *Emitter) error {
	files, err := format.Files(path, isData(".data", ".summary", ".parquet"))
	if err != nil {
		return err
	}
	splits := xsumSplits{}
	for _, f := range files {
		if IsParquet(f) {
			split := SplitFromName(f)
			err := format.EachParquet(f, e.Options(), func(row format.Row) error {
				id, err := row.Str("id")
				if err != nil {
					return err
				}
				doc, err := row.Str("document")
				if err != nil {
					return err
				}
				sum, err := row.Str("summary")
				if err != nil {
					return err
				}
				return emitXSum(e, row.Pos, split, id, doc, sum, "document", "summary", nil)
			})
			if err != nil {
				return err
			}
			continue
		}
		if err := e.Handle(convertXSumFile(f, e, splits)); err != nil {
			return err
		}
	}
	return nil
}

// convertXSumFile converts one article file: a bad file is one bad row.
func convertXSumFile(f string, e *Emitter, splits xsumSplits) error {
	d, err := format.ReadXSumFile(f)
	if err != nil {
		return err
	}
	id := strings.TrimSuffix(filepath.Base(f), ".gz")
	id = strings.TrimSuffix(id, filepath.Ext(id))
	pos := format.Position{File: f, Line: 1}
	split, listed, err := splits.lookup(filepath.Dir(f), id)
	if err != nil {
		var re *format.RowError
		if errors.As(err, &re) {
			return err // about the split list itself
		}
		return &format.RowError{Pos: pos, Field: "id", Value: id, Err: err}
	}
	meta := map[string]any{"url": d.URL}
	if d.Title != "" {
		meta["title"] = d.Title
	}
	if !listed {
		split = SplitFromName(filepath.Dir(f))
		if split == "" {
			split = xsumSplitAll
			meta["split_unknown"] = true
		}
	}
	doc, sum := "RESTBODY", "INTRODUCTION"
	if d.Form == "SN" {
		sum = "FIRST-SENTENCE"
	}
	return emitXSum(e, pos, split, id, d.Body, d.Summary, doc, sum, meta)
}

func emitXSum(e *Emitter, pos format.Position, split, id, doc, sum, docField, sumField string, meta map[string]any) error {
	switch {
	case strings.TrimSpace(id) == "":
		return format.Errorf(pos, "id", format.ErrValue, "empty article id")
	case strings.TrimSpace(doc) == "":
		return format.Errorf(pos, docField, format.ErrValue, "no article text to summarize")
	case strings.TrimSpace(sum) == "":
		return format.Errorf(pos, sumField, format.ErrValue, "no reference summary")
	}
	return e.Emit(pos, split, id, record.Record{
		Question: xsumPrompt + "\n\n" + doc,
		Answer:   sum,
		Meta:     meta,
	})
}

// xsumSplits caches, per directory, the official split list found there or in one of
// its two parents (the release keeps it beside the article directory), as id → split,
// or the error reading it (so a bad list is reported for every article it concerns).
type xsumSplits map[string]xsumSplitList

type xsumSplitList struct {
	ids map[string]string // nil when there is no list
	err error
}

// lookup returns the split of id by the list that applies to dir; listed is false
// when there is no list. An id missing from a list that exists is an error: the
// article is not part of XSum.
func (s xsumSplits) lookup(dir, id string) (split string, listed bool, err error) {
	l, ok := s[dir]
	if !ok {
		l.ids, l.err = xsumReadSplits(dir)
		s[dir] = l
	}
	if l.err != nil {
		return "", false, l.err
	}
	if l.ids == nil {
		return "", false, nil
	}
	split, ok = l.ids[id]
	if !ok {
		return "", false, errorsJoin(format.ErrValue, "article id "+id+" is in none of the splits of "+xsumSplitFile)
	}
	return split, true, nil
}

// xsumReadSplits reads the first split list found from dir upwards (two levels); nil
// when there is none.
func xsumReadSplits(dir string) (map[string]string, error) {
	for i := 0; i < 3; i++ {
		p := filepath.Join(dir, xsumSplitFile)
		if b, err := os.ReadFile(p); err == nil {
			var lists map[string][]string
			if err := json.Unmarshal(b, &lists); err != nil {
				return nil, format.Errorf(format.Position{File: p, Line: 1}, "", format.ErrSyntax,
					"want an object of id lists: %v", err)
			}
			m := map[string]string{}
			for name, ids := range lists {
				split := CanonicalSplit(name)
				for _, id := range ids {
					if prev, dup := m[id]; dup && prev != split {
						return nil, format.Errorf(format.Position{File: p, Line: 1}, name, format.ErrValue,
							"article id %s is in both %s and %s", id, prev, split)
					}
					m[id] = split
				}
			}
			return m, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return nil, nil
}
