package source

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"qmix/lib/format"
	"qmix/lib/record"
)

func init() {
	register(&Adapter{
		Name:   "toolbench",
		Title:  "ToolBench",
		Domain: record.ToolUse,
		// No Hub id: ToolBench is distributed on Google Drive, and the Hub has no
		// official dataset (nor a layout to imitate) for it.
		HubID:   "",
		Splits:  []string{Train, Test},
		License: "Apache-2.0",
		Formats: []string{
			"ToolBench instruction/G{1,2,3}_query.json (JSON array of queries)",
			"with answer/G{n}_answer/<query_id>_<method>.json solution trees, matched by query_id: " +
				"a data_example-style directory, or a query file whose sibling answer/ tree exists",
			"answer files alone (question from the answer's query and function list)",
			"no Hub layout: ToolBench has no official Hugging Face Hub dataset",
		},
		Difficulty: "hard when the instruction needs two or more tools (groups G2, G3, or relevant APIs of 2+ tools); easy otherwise (G1)",
		Convert:    convertToolBench,
	})
}

// convertToolBench reads ToolBench's query files and solution-tree answer files,
// told apart by content: a query file is a JSON array, an answer file one object.
//
// Mapping:
//   - question: the user query, a blank line, then "Available APIs:" and, under a
//     "tool:" line per tool, one compact line per API of the query's api_list
//     ("- api — description | required: param (TYPE, description); … | optional:
//     names"): what the model may call;
//   - answer: the final answer of the query's answer file (answer_generation.
//     final_answer, itself JSON {"return_type", "final_answer"}) when one is given
//     (return_type give_answer); else "" and meta.has_answer = false — most queries
//     of the release have no answer file, and a search can end by giving up;
//   - no meta.final_answer: the final answer is the whole answer;
//   - meta: query_id, group (G1–G3, from the file names), relevant_apis ([tool, api]
//     pairs), api_names, tools, categories, has_answer, and from an answer file
//     finish_type and answer_method (the file name after "<query_id>_");
//   - source id: "<group>_<query_id>" (query ids are numbered per group), or the
//     query id when the group is not in the file names;
//   - split: a split word in the file's or its directories' names (test_instruction/
//     is test), else train — ToolBench's instruction/ and answer/ data are its
//     training data.
//
// Answers are matched to queries by (group, query_id): among the files of the path
// (a directory such as data_example/ holds both), or, for a query file whose group's
// answer files are not among them, in its sibling tree ../answer/<group>_answer/.
// An answer file of the path whose query is not among the path's queries becomes a
// record of its own, its question built from the answer's query and function list
// (meta.from_answer_file = true). Each path is converted on its own (Convert's
// contract), so give a query file and its answer directory as one directory or
// glob, not as two paths: two paths would produce answered queries twice.
func convertToolBench(path string, e *Emitter) error {
	files, err := format.Files(path, isData(".json"))
	if err != nil {
		return err
	}
	var queryFiles, answerFiles []string
	// given holds the groups whose answer directory is among the path's files: their
	// sibling tree is not read again (which would report a bad file twice).
	given := map[string]bool{}
	for _, f := range files {
		if g := toolbenchGroup(filepath.Base(filepath.Dir(f)), toolbenchAnswerDir); g != "" {
			given[g] = true
		}
		array, err := toolbenchIsArray(f)
		if err != nil {
			if err := e.Handle(err); err != nil {
				return err
			}
			continue
		}
		if array {
			queryFiles = append(queryFiles, f)
		} else {
			answerFiles = append(answerFiles, f)
		}
	}
	answers := toolbenchAnswers{}
	var own []*toolbenchAnswer
	for _, f := range answerFiles {
		a, err := readToolBenchAnswer(f)
		if err == nil {
			err = answers.add(a)
		}
		if err != nil {
			if err := e.Handle(err); err != nil {
				return err
			}
			continue
		}
		own = append(own, a)
	}
	loaded := map[string]bool{} // sibling answer directories read
	for _, f := range queryFiles {
		group := toolbenchGroup(filepath.Base(f), toolbenchQueryName)
		sibling := filepath.Join(filepath.Dir(filepath.Dir(f)), "answer", group+"_answer")
		if group != "" && !given[group] && !loaded[sibling] {
			if err := answers.addDir(sibling, e); err != nil {
				return err
			}
			loaded[sibling] = true
		}
		split := toolbenchSplit(f)
		err := toolbenchEachQuery(f, e, func(row format.Row) error {
			return emitToolBenchQuery(e, row, split, group, answers)
		})
		if err != nil {
			return err
		}
	}
	for _, a := range own {
		if a.used {
			continue
		}
		if err := e.Handle(emitToolBenchAnswer(e, a)); err != nil {
			return err
		}
	}
	return nil
}

// toolbenchEachQuery streams the queries of a query file.
func toolbenchEachQuery(path string, e *Emitter, fn func(format.Row) error) error {
	f, err := format.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return format.EachJSON(f, path, nil, e.Options(), fn)
}

// toolbenchIsArray reports whether a JSON file holds an array (a query file) rather
// than an object (an answer file), by its first non-blank byte.
func toolbenchIsArray(path string) (bool, error) {
	f, err := format.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	br := bufio.NewReader(f)
	line := 1
	for {
		c, err := br.ReadByte()
		if errors.Is(err, io.EOF) {
			return false, &format.RowError{Pos: format.Position{File: path}, Err: format.ErrEmpty}
		}
		if err != nil { // a truncated gzip stream, say
			return false, &format.RowError{Pos: format.Position{File: path, Line: line}, Err: err}
		}
		switch c {
		case '\n':
			line++
		case ' ', '\t', '\r', 0xef, 0xbb, 0xbf: // blanks and a UTF-8 byte-order mark
		case '[':
			return true, nil
		case '{':
			return false, nil
		default:
			return false, format.Errorf(format.Position{File: path, Line: line}, "", format.ErrSyntax,
				"want a JSON array of queries or a JSON answer object")
		}
	}
}

var (
	toolbenchQueryName  = regexp.MustCompile(`^(G\d+)_query`)
	toolbenchAnswerDir  = regexp.MustCompile(`^(G\d+)_answer$`)
	toolbenchAnswerName = regexp.MustCompile(`^(\d+)_(.+)\.json$`)
)

// toolbenchGroup extracts the group ("G1") from a name by re, or "".
func toolbenchGroup(name string, re *regexp.Regexp) string {
	if m := re.FindStringSubmatch(name); m != nil {
		return m[1]
	}
	return ""
}

// toolbenchSplit: the first split word in the file's name or its three nearest
// directories' names, else train.
func toolbenchSplit(path string) string {
	for i := 0; i < 4; i++ {
		if s := SplitFromName(path); s != "" {
			return s
		}
		path = filepath.Dir(path)
	}
	return Train
}

// toolbenchAnswer is what the adapter keeps of one answer file.
type toolbenchAnswer struct {
	pos       format.Position
	group     string
	queryID   int64
	method    string
	query     string
	apis      []toolbenchAPI // from answer_generation.function, Finish excluded
	answer    string         // "" when the search gave no answer
	hasAnswer bool
	finish    string
	used      bool
}

// toolbenchAnswers indexes answers by group and query id.
type toolbenchAnswers map[string]*toolbenchAnswer

func toolbenchKey(group string, id int64) string { return group + "/" + strconv.FormatInt(id, 10) }

func (m toolbenchAnswers) add(a *toolbenchAnswer) error {
	k := toolbenchKey(a.group, a.queryID)
	if prev, dup := m[k]; dup {
		return format.Errorf(a.pos, "", format.ErrDuplicate, "second answer file for query_id %d (first: %s)", a.queryID, prev.pos.File)
	}
	m[k] = a
	return nil
}

// addDir adds the answer files of a sibling answer directory, when it exists.
func (m toolbenchAnswers) addDir(dir string, e *Emitter) error {
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return nil
	}
	files, err := format.Files(dir, isData(".json"))
	if err != nil {
		return nil // an empty directory: no answers
	}
	for _, f := range files {
		a, err := readToolBenchAnswer(f)
		if err == nil {
			err = m.add(a)
		}
		if err := e.Handle(err); err != nil {
			return err
		}
	}
	return nil
}

// readToolBenchAnswer reads a solution-tree file "<query_id>_<method>.json".
func readToolBenchAnswer(path string) (*toolbenchAnswer, error) {
	m := toolbenchAnswerName.FindStringSubmatch(filepath.Base(strings.TrimSuffix(path, ".gz")))
	if m == nil {
		return nil, format.Errorf(format.Position{File: path}, "", format.ErrValue,
			"answer file name does not start with <query_id>_")
	}
	id, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil {
		return nil, format.Errorf(format.Position{File: path}, "", format.ErrValue, "query id %s out of range", m[1])
	}
	row, err := format.ReadJSONObject(path)
	if err != nil {
		return nil, err
	}
	a := &toolbenchAnswer{pos: row.Pos, queryID: id, method: m[2],
		group: toolbenchGroup(filepath.Base(filepath.Dir(path)), toolbenchAnswerDir)}
	gen, err := row.Map("answer_generation")
	if err != nil {
		return nil, err
	}
	if a.query, err = gen.Str("query"); err != nil {
		return nil, toolbenchNested("answer_generation", err)
	}
	if a.finish, err = gen.OptStr("finish_type"); err != nil {
		return nil, toolbenchNested("answer_generation", err)
	}
	final, err := gen.Str("final_answer")
	if err != nil {
		return nil, toolbenchNested("answer_generation", err)
	}
	if a.answer, a.hasAnswer, err = toolbenchFinal(gen, final); err != nil {
		return nil, err
	}
	funcs, err := gen.List("function")
	if err != nil {
		return nil, toolbenchNested("answer_generation", err)
	}
	for i, v := range funcs {
		fr, err := gen.Sub(fmt.Sprintf("answer_generation.function[%d]", i), v)
		if err != nil {
			return nil, err
		}
		api, skip, err := toolbenchFunction(fr)
		if err != nil {
			return nil, err
		}
		if !skip {
			a.apis = append(a.apis, api)
		}
	}
	return a, nil
}

// toolbenchFinal decodes the double-encoded final answer: "" (no answer was given),
// or JSON {"return_type": "give_answer"|"give_up_and_restart", "final_answer": text}.
func toolbenchFinal(gen format.Row, final string) (string, bool, error) {
	const field = "answer_generation.final_answer"
	if strings.TrimSpace(final) == "" {
		return "", false, nil
	}
	dec := json.NewDecoder(strings.NewReader(final))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || dec.More() || m == nil {
		return "", false, &format.RowError{Pos: gen.Pos, Field: field, Value: final,
			Err: errorsJoin(format.ErrSyntax, "want JSON {\"return_type\", \"final_answer\"}")}
	}
	inner := format.Row{Pos: gen.Pos, Fields: m}
	rt, err := inner.Str("return_type")
	if err != nil {
		return "", false, toolbenchNested(field, err)
	}
	switch rt {
	case "give_answer":
		text, err := inner.Str("final_answer")
		if err != nil {
			return "", false, toolbenchNested(field, err)
		}
		text = strings.TrimSpace(text)
		return text, text != "", nil
	case "give_up_and_restart":
		return "", false, nil
	}
	return "", false, &format.RowError{Pos: gen.Pos, Field: field + ".return_type", Value: rt,
		Err: errorsJoin(format.ErrValue, "want give_answer or give_up_and_restart")}
}

// toolbenchNested prefixes the field of a nested accessor's error with its parent.
func toolbenchNested(parent string, err error) error {
	var re *format.RowError
	if errors.As(err, &re) && re.Field != "" && !strings.HasPrefix(re.Field, parent) {
		re.Field = parent + "." + re.Field
	}
	return err
}

// toolbenchAPI is one callable API, as rendered in the question.
type toolbenchAPI struct {
	tool, name, desc string
	required         []string // "name (TYPE, description)"
	optional         []string // names
}

func (a toolbenchAPI) render(b *strings.Builder) {
	b.WriteString("\n- ")
	b.WriteString(a.name)
	if a.desc != "" {
		b.WriteString(" — ")
		b.WriteString(a.desc)
	}
	if len(a.required) > 0 {
		b.WriteString(" | required: ")
		b.WriteString(strings.Join(a.required, "; "))
	}
	if len(a.optional) > 0 {
		b.WriteString(" | optional: ")
		b.WriteString(strings.Join(a.optional, ", "))
	}
}

// toolbenchQuestion is the query followed by the APIs it may use, grouped by tool in
// order of first appearance.
func toolbenchQuestion(query string, apis []toolbenchAPI) string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(query))
	if len(apis) == 0 {
		return b.String()
	}
	b.WriteString("\n\nAvailable APIs:")
	done := make([]bool, len(apis))
	for i, a := range apis {
		if done[i] {
			continue
		}
		if a.tool != "" {
			b.WriteString("\n")
			b.WriteString(a.tool)
			b.WriteString(":")
		}
		for j := i; j < len(apis); j++ {
			if !done[j] && apis[j].tool == a.tool {
				apis[j].render(&b)
				done[j] = true
			}
		}
	}
	return b.String()
}

// toolbenchCompact folds a description's runs of blanks and newlines into single spaces.
func toolbenchCompact(s string) string { return strings.Join(strings.Fields(s), " ") }

func toolbenchParam(name, typ, desc string) string {
	var parts []string
	if typ = toolbenchCompact(typ); typ != "" {
		parts = append(parts, typ)
	}
	if desc = toolbenchCompact(desc); desc != "" {
		parts = append(parts, desc)
	}
	if len(parts) == 0 {
		return name
	}
	return name + " (" + strings.Join(parts, ", ") + ")"
}

// toolbenchAPIEntry reads one api_list element of a query.
func toolbenchAPIEntry(r format.Row) (api toolbenchAPI, category string, err error) {
	if api.tool, err = r.Str("tool_name"); err != nil {
		return api, "", err
	}
	if api.name, err = r.Str("api_name"); err != nil {
		return api, "", err
	}
	if api.desc, err = r.OptStr("api_description"); err != nil {
		return api, "", err
	}
	api.desc = toolbenchCompact(api.desc)
	if category, err = r.OptStr("category_name"); err != nil {
		return api, "", err
	}
	req, err := r.List("required_parameters")
	if err != nil {
		return api, "", err
	}
	for i, v := range req {
		p, err := r.Sub(fmt.Sprintf("required_parameters[%d]", i), v)
		if err != nil {
			return api, "", err
		}
		name, err := p.Str("name")
		if err != nil {
			return api, "", err
		}
		typ, err := p.OptStr("type")
		if err != nil {
			return api, "", err
		}
		desc, err := p.OptStr("description")
		if err != nil {
			return api, "", err
		}
		api.required = append(api.required, toolbenchParam(name, typ, desc))
	}
	if r.Has("optional_parameters") {
		opt, err := r.List("optional_parameters")
		if err != nil {
			return api, "", err
		}
		for i, v := range opt {
			p, err := r.Sub(fmt.Sprintf("optional_parameters[%d]", i), v)
			if err != nil {
				return api, "", err
			}
			name, err := p.Str("name")
			if err != nil {
				return api, "", err
			}
			api.optional = append(api.optional, name)
		}
	}
	return api, category, nil
}

var (
	toolbenchFuncTool = regexp.MustCompile(`subfunction for tool "([^"]*)"`)
	toolbenchFuncDesc = regexp.MustCompile(`(?s)The description of this function is: "(.*)"\s*$`)
)

// toolbenchFunction reads one OpenAI function schema of an answer file; skip is true
// for ToolBench's own "Finish" control function, which is not an API.
func toolbenchFunction(r format.Row) (api toolbenchAPI, skip bool, err error) {
	if api.name, err = r.Str("name"); err != nil {
		return api, false, err
	}
	if api.name == "Finish" {
		return api, true, nil
	}
	desc, err := r.OptStr("description")
	if err != nil {
		return api, false, err
	}
	// Descriptions wrap the API's own text: 'This is the subfunction for tool "t",
	// you can use this tool.The description of this function is: "text"'.
	if m := toolbenchFuncTool.FindStringSubmatch(desc); m != nil {
		api.tool = m[1]
	}
	if m := toolbenchFuncDesc.FindStringSubmatch(desc); m != nil {
		desc = m[1]
	}
	api.desc = toolbenchCompact(desc)
	if !r.Has("parameters") {
		return api, false, nil
	}
	params, err := r.Map("parameters")
	if err != nil {
		return api, false, err
	}
	props := map[string]any{}
	if params.Has("properties") {
		p, err := params.Map("properties")
		if err != nil {
			return api, false, err
		}
		props = p.Fields
	}
	for _, list := range []string{"required", "optional"} {
		if !params.Has(list) {
			continue
		}
		names, err := params.Strings(list)
		if err != nil {
			return api, false, err
		}
		for _, n := range names {
			if list == "optional" {
				api.optional = append(api.optional, n)
				continue
			}
			var typ, d string
			if pm, ok := props[n].(map[string]any); ok {
				typ, _ = pm["type"].(string)
				d, _ = pm["description"].(string)
			}
			api.required = append(api.required, toolbenchParam(n, typ, d))
		}
	}
	return api, false, nil
}

func emitToolBenchQuery(e *Emitter, row format.Row, split, group string, answers toolbenchAnswers) error {
	query, err := row.Str("query")
	if err != nil {
		return err
	}
	id, err := row.Int("query_id")
	if err != nil {
		return err
	}
	list, err := row.List("api_list")
	if err != nil {
		return err
	}
	var apis []toolbenchAPI
	names, tools, categories := []string{}, []string{}, []string{} // [] rather than null in JSON
	seenTool, seenCat := map[string]bool{}, map[string]bool{}
	for i, v := range list {
		r, err := row.Sub(fmt.Sprintf("api_list[%d]", i), v)
		if err != nil {
			return err
		}
		api, cat, err := toolbenchAPIEntry(r)
		if err != nil {
			return err
		}
		apis = append(apis, api)
		names = append(names, api.name)
		if !seenTool[api.tool] {
			seenTool[api.tool] = true
			tools = append(tools, api.tool)
		}
		if cat != "" && !seenCat[cat] {
			seenCat[cat] = true
			categories = append(categories, cat)
		}
	}
	rel, err := row.List("relevant APIs")
	if err != nil {
		return err
	}
	relevant := make([][]string, 0, len(rel))
	relTools := map[string]bool{}
	for i, v := range rel {
		pair, ok := v.([]any)
		field := fmt.Sprintf("relevant APIs[%d]", i)
		if !ok {
			return &format.RowError{Pos: row.Pos, Field: field, Value: format.Render(v),
				Err: fmt.Errorf("%w: want a [tool, api] list, got %s", format.ErrType, format.TypeName(v))}
		}
		if len(pair) != 2 {
			return row.Errorf(field, format.ErrValue, "want [tool, api], got %d items", len(pair))
		}
		tool, ok1 := pair[0].(string)
		api, ok2 := pair[1].(string)
		if !ok1 || !ok2 {
			return row.Errorf(field, format.ErrType, "want two strings")
		}
		relevant = append(relevant, []string{tool, api})
		relTools[tool] = true
	}
	if strings.TrimSpace(query) == "" {
		return row.Errorf("query", format.ErrValue, "empty query")
	}
	meta := map[string]any{
		"query_id":      int(id),
		"relevant_apis": relevant,
		"api_names":     names,
		"tools":         tools,
		"categories":    categories,
		"has_answer":    false,
	}
	if group != "" {
		meta["group"] = group
	}
	r := record.Record{Question: toolbenchQuestion(query, apis), Meta: meta}
	if a, ok := answers[toolbenchKey(group, id)]; ok {
		if strings.TrimSpace(a.query) != strings.TrimSpace(query) {
			return format.Errorf(a.pos, "answer_generation.query", format.ErrValue,
				"answer file's query differs from query_id %d's in %s", id, row.Pos.File)
		}
		a.used = true
		r.Answer = a.answer
		meta["has_answer"] = a.hasAnswer
		meta["finish_type"] = a.finish
		meta["answer_method"] = a.method
	}
	r.Difficulty = toolbenchDifficulty(group, len(relTools))
	return e.Emit(row.Pos, split, toolbenchSourceID(group, id), r)
}

// emitToolBenchAnswer makes a record of an answer file whose query is not among the
// path's queries: the question comes from its query and function list.
func emitToolBenchAnswer(e *Emitter, a *toolbenchAnswer) error {
	if strings.TrimSpace(a.query) == "" {
		return format.Errorf(a.pos, "answer_generation.query", format.ErrValue, "empty query")
	}
	names, tools := []string{}, []string{}
	seen := map[string]bool{}
	for _, api := range a.apis {
		names = append(names, api.name)
		if api.tool != "" && !seen[api.tool] {
			seen[api.tool] = true
			tools = append(tools, api.tool)
		}
	}
	meta := map[string]any{
		"query_id":         int(a.queryID),
		"api_names":        names,
		"tools":            tools,
		"has_answer":       a.hasAnswer,
		"finish_type":      a.finish,
		"answer_method":    a.method,
		"from_answer_file": true,
	}
	if a.group != "" {
		meta["group"] = a.group
	}
	return e.Emit(a.pos, toolbenchSplit(a.pos.File), toolbenchSourceID(a.group, a.queryID), record.Record{
		Question:   toolbenchQuestion(a.query, a.apis),
		Answer:     a.answer,
		Difficulty: toolbenchDifficulty(a.group, len(tools)),
		Meta:       meta,
	})
}

func toolbenchSourceID(group string, id int64) string {
	if group == "" {
		return strconv.FormatInt(id, 10)
	}
	return group + "_" + strconv.FormatInt(id, 10)
}

// toolbenchDifficulty: G2 (intra-category) and G3 (intra-collection) instructions
// combine several tools by construction; G1 uses one. Without a group, the number of
// distinct tools the instruction needs decides.
func toolbenchDifficulty(group string, tools int) string {
	switch group {
	case "G1":
		return record.Easy
	case "G2", "G3":
		return record.Hard
	}
	if tools >= 2 {
		return record.Hard
	}
	return record.Easy
}
