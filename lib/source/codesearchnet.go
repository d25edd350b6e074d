package source

import (
	"strconv"
	"strings"

	"qmix/lib/format"
	"qmix/lib/record"
)

func init() {
	register(&Adapter{
		Name:      "codesearchnet",
		Title:     "CodeSearchNet",
		Domain:    record.Coding,
		HubID:     "code-search-net/code_search_net",
		HubConfig: "all",
		Splits:    []string{Train, Validation, Test},
		// The repository's license; each function keeps the license of the repository
		// it was taken from (the Hub card says "other"), recorded per record in meta.
		License: "MIT",
		Formats: []string{
			"CodeSearchNet corpus <lang>_{train,valid,test}_N.jsonl(.gz)",
			"Hub parquet <config>-{train,validation,test}.parquet",
			"CodeSearchNet Challenge annotationStore.csv and queries.csv",
		},
		// The source has no difficulty signal and the plan labels public records easy;
		// lib/label's complexity analysis may relabel long functions later.
		Difficulty: "easy: every record (the source has no difficulty signal)",
		Convert:    convertCodeSearchNet,
	})
}

// csnLanguages maps the corpus's language values (lower case in the corpus and on
// the Hub, capitalised in the Challenge files) to the name a question uses.
var csnLanguages = map[string]string{
	"go":         "Go",
	"java":       "Java",
	"javascript": "JavaScript",
	"php":        "PHP",
	"python":     "Python",
	"ruby":       "Ruby",
}

// convertCodeSearchNet reads, by extension:
//
//   - the corpus, .jsonl(.gz) with repo, path, func_name, original_string, language,
//     code, code_tokens, docstring, docstring_tokens, sha, url, partition;
//   - the Hub parquet, the same data as repository_name, func_path_in_repository,
//     func_name, whole_func_string, language, func_code_string, func_code_tokens,
//     func_documentation_string, func_documentation_tokens, split_name, func_code_url;
//   - the CodeSearchNet Challenge CSVs, annotationStore.csv and queries.csv, which hold
//     queries and relevance judgements but no code (see convertCSNChallenge).
//
// A corpus record asks for the function its docstring documents, by language and
// name; the answer is the function's code. The corpus has no id, and its files are
// chunked differently from the Hub's shards, so the source id is
// "<language>-" + HashID(url): the URL (a permalink with a line range) identifies a
// function uniquely and is in both layouts (url, func_code_url). The split is the
// record's own partition / split_name.
func convertCodeSearchNet(path string, e *Emitter) error {
	files, err := format.Files(path, isData(".jsonl", ".parquet", ".csv"))
	if err != nil {
		return err
	}
	for _, f := range files {
		var err error
		if format.Ext(f) == ".csv" {
			err = convertCSNChallenge(f, e)
		} else {
			err = EachRow(f, nil, format.CSVOptions{}, e, func(row format.Row) error {
				return convertCSNFunction(row, e)
			})
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// csnFields names one corpus field in the release and in the Hub layout.
type csnFields struct{ release, hub string }

var (
	csnCode      = csnFields{"code", "func_code_string"}
	csnDocstring = csnFields{"docstring", "func_documentation_string"}
	csnURL       = csnFields{"url", "func_code_url"}
	csnPartition = csnFields{"partition", "split_name"}
	csnRepo      = csnFields{"repo", "repository_name"}
	csnPath      = csnFields{"path", "func_path_in_repository"}
)

// convertCSNFunction maps one corpus function, in either layout: a row with
// func_code_string is a Hub row; every field is then read under its Hub name.
func convertCSNFunction(row format.Row, e *Emitter) error {
	hub := row.Has("func_code_string") || row.Has("func_code_url")
	str := func(f csnFields) (string, error) { return row.Str(csnPick(hub, f)) }
	code, err := str(csnCode)
	if err != nil {
		return err
	}
	doc, err := str(csnDocstring)
	if err != nil {
		return err
	}
	url, err := str(csnURL)
	if err != nil {
		return err
	}
	partition, err := str(csnPartition)
	if err != nil {
		return err
	}
	repo, err := str(csnRepo)
	if err != nil {
		return err
	}
	filePath, err := str(csnPath)
	if err != nil {
		return err
	}
	name, err := row.Str("func_name")
	if err != nil {
		return err
	}
	lang, err := row.Str("language")
	if err != nil {
		return err
	}
	langName, ok := csnLanguages[strings.ToLower(lang)]
	if !ok {
		return &format.RowError{Pos: row.Pos, Field: "language", Value: lang,
			Err: errorsJoin(format.ErrValue, "not one of CodeSearchNet's six languages")}
	}
	split := CanonicalSplit(partition)
	if split != Train && split != Validation && split != Test {
		return &format.RowError{Pos: row.Pos, Field: csnPick(hub, csnPartition), Value: partition,
			Err: errorsJoin(format.ErrValue, "want train, valid or test")}
	}
	if strings.TrimSpace(url) == "" {
		return row.Errorf(csnPick(hub, csnURL), format.ErrValue, "empty url: the function has no identity")
	}
	if strings.TrimSpace(doc) == "" {
		return row.Errorf(csnPick(hub, csnDocstring), format.ErrValue, "empty docstring: nothing to ask")
	}
	if strings.TrimSpace(code) == "" {
		return row.Errorf(csnPick(hub, csnCode), format.ErrValue, "empty code: no answer")
	}
	meta := map[string]any{
		"language":  strings.ToLower(lang),
		"func_name": name,
		"repo":      repo,
		"path":      filePath,
		"url":       url,
	}
	// sha (the commit) is only in the release files; the url carries it too.
	if !hub {
		sha, err := row.OptStr("sha")
		if err != nil {
			return err
		}
		if sha != "" {
			meta["sha"] = sha
		}
	}
	return e.Emit(row.Pos, split, strings.ToLower(lang)+"-"+HashID(url), record.Record{
		Question: csnQuestion(langName, name, doc),
		Answer:   code,
		Meta:     meta,
	})
}

// csnPick names a field as the row's layout spells it, for errors.
func csnPick(hub bool, f csnFields) string {
	if hub {
		return f.hub
	}
	return f.release
}

// csnQuestion asks for the function by language and name, with its documentation as
// the specification. The name matters: docstrings often refer to parameters and the
// class without naming the function.
func csnQuestion(lang, name, doc string) string {
	var b strings.Builder
	b.WriteString("Write a ")
	b.WriteString(lang)
	b.WriteString(" function")
	if strings.TrimSpace(name) != "" {
		b.WriteString(" `" + name + "`")
	}
	b.WriteString(" that does what this documentation describes:\n\n")
	b.WriteString(strings.TrimSpace(doc))
	return b.String()
}

// The CodeSearchNet Challenge files carry no code, so their records have a question
// and no answer (spec.md allows an empty answer where the source has none):
//
//   - annotationStore.csv (Language,Query,GitHubUrl,Relevance,Notes) holds 4,006
//     human relevance judgements (0–3) of a function, by URL, for a query in one
//     language, several per (Language, Query) and some URLs judged more than once.
//     Each distinct (Language, Query) becomes one record, "Write a <Language> function
//     that implements "<query>"", in the order of first appearance, with every
//     judgement kept in meta.annotations ({url, relevance, notes}, file order) so a
//     later step can fetch the best-judged function as the answer. Source id:
//     "challenge-<language>-" + HashID(language + "\n" + query), as the file has no ids.
//   - queries.csv (one column, query) holds the 99 Challenge queries, without
//     language: each becomes "Write a function that implements "<query>"". Source id:
//     "query-<n>", n the 0-based row.
//
// Both are evaluation material of the Challenge, so their split is test.
func convertCSNChallenge(path string, e *Emitter) error {
	type group struct {
		pos         format.Position
		lang, query string
		annotations []map[string]any
	}
	var order []*group
	groups := map[string]*group{}
	err := EachRow(path, nil, format.CSVOptions{Header: true}, e, func(row format.Row) error {
		if !row.Has("Query") {
			return csnQueryRow(row, e)
		}
		lang, err := row.Str("Language")
		if err != nil {
			return err
		}
		query, err := row.Str("Query")
		if err != nil {
			return err
		}
		url, err := row.Str("GitHubUrl")
		if err != nil {
			return err
		}
		rel, err := row.Str("Relevance")
		if err != nil {
			return err
		}
		notes, err := row.OptStr("Notes")
		if err != nil {
			return err
		}
		if _, ok := csnLanguages[strings.ToLower(lang)]; !ok {
			return &format.RowError{Pos: row.Pos, Field: "Language", Value: lang,
				Err: errorsJoin(format.ErrValue, "not one of CodeSearchNet's six languages")}
		}
		if strings.TrimSpace(query) == "" {
			return row.Errorf("Query", format.ErrValue, "empty query: nothing to ask")
		}
		if strings.TrimSpace(url) == "" {
			return row.Errorf("GitHubUrl", format.ErrValue, "empty URL")
		}
		relevance, perr := strconv.Atoi(strings.TrimSpace(rel))
		if perr != nil || relevance < 0 || relevance > 3 {
			return &format.RowError{Pos: row.Pos, Field: "Relevance", Value: rel,
				Err: errorsJoin(format.ErrValue, "want an integer from 0 to 3")}
		}
		key := lang + "\n" + query
		g := groups[key]
		if g == nil {
			g = &group{pos: row.Pos, lang: lang, query: query}
			groups[key] = g
			order = append(order, g)
		}
		g.annotations = append(g.annotations, map[string]any{
			"url":       url,
			"relevance": relevance,
			"notes":     notes,
		})
		return nil
	})
	if err != nil {
		return err
	}
	for _, g := range order {
		lang := csnLanguages[strings.ToLower(g.lang)]
		err := e.Emit(g.pos, Test, "challenge-"+strings.ToLower(g.lang)+"-"+HashID(g.lang+"\n"+g.query), record.Record{
			Question: "Write a " + lang + " function that implements \"" + strings.TrimSpace(g.query) + "\".",
			Meta: map[string]any{
				"language":    strings.ToLower(g.lang),
				"query":       g.query,
				"annotations": g.annotations,
			},
		})
		if err := e.Handle(err); err != nil {
			return err
		}
	}
	return nil
}

// csnQueryRow maps one row of queries.csv.
func csnQueryRow(row format.Row, e *Emitter) error {
	query, err := row.Str("query")
	if err != nil {
		return err
	}
	if strings.TrimSpace(query) == "" {
		return row.Errorf("query", format.ErrValue, "empty query: nothing to ask")
	}
	return e.Emit(row.Pos, Test, "query-"+strconv.Itoa(row.Pos.Index), record.Record{
		Question: "Write a function that implements \"" + strings.TrimSpace(query) + "\".",
		Meta:     map[string]any{"query": query},
	})
}
