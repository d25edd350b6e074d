package source

import (
	"bufio"
	"bytes"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"

	"qmix/lib/format"
	"qmix/lib/record"
)

func init() {
	register(&Adapter{
		Name:   "gorilla",
		Title:  "Gorilla APIBench",
		Domain: record.ToolUse,
		// The Hub repository holds the raw files only (no dataset viewer, no parquet).
		HubID:     "gorilla-llm/APIBench",
		HubConfig: "default",
		Splits:    []string{Train, Test},
		License:   "Apache-2.0",
		Formats: []string{
			"APIBench {torchhub,huggingface,tensorflow}_{train,eval}.json (JSON Lines despite the name; eval = test)",
			"Hub-style parquet default-{train,test}.parquet (code, api_call, provider, api_data as JSON text)",
		},
		Difficulty: "easy: one API call chosen for a one-line instruction",
		Convert:    convertGorilla,
	})
}

const (
	gorillaInstruction = "###Instruction:"
	gorillaInput       = "###Input:"
	gorillaOutput      = "###Output:"
)

// convertGorilla reads APIBench's JSON Lines files (or a JSON array of the same
// objects) and the Hub-style parquet, where api_data is the object's JSON text.
//
// Mapping, the same in both layouts:
//   - question: the instruction, the text of "code" between "###Instruction:" and
//     "###Output:" (APIBench asks a model exactly this), with its "###Input:" part,
//     where there is one, as a last paragraph "Input: …";
//   - answer: the text after "###Output:", verbatim — Gorilla's fine-tuning target, a
//     Python-dict-like string (domain, api_call, api_provider, explanation, code). It
//     is not valid Python or JSON (quotes are not escaped), so it is not re-rendered:
//     picking it apart would guess;
//   - meta.final_answer: the top-level api_call, the gold call APIBench's AST match
//     uses;
//   - meta: provider, api_hub, and from api_data: api_domain (the API's task domain;
//     "domain" alone would read like the record's), api_name, functionality, framework;
//   - split: "eval" in a file name is the test split, as the Hub's file rule has it;
//     otherwise the split word in the name;
//   - source id: APIBench has no ids, so it is "<api_hub>_<n>", n the row's index among
//     the file's rows of the same API hub (torchhub, huggingface, tensorflow, from
//     provider). The parquet keeps each eval file's rows in file order, so n agrees
//     between layouts, and the Hub's test split — all three eval files in one — still
//     gets distinct ids.
func convertGorilla(path string, e *Emitter) error {
	files, err := format.Files(path, isData(".json", ".jsonl", ".parquet"))
	if err != nil {
		return err
	}
	for _, f := range files {
		split := gorillaSplit(f)
		if split == "" {
			return format.Errorf(format.Position{File: f}, "", format.ErrValue,
				"cannot tell the split from the file name (want eval, test or train in it)")
		}
		parquetLayout := IsParquet(f)
		seen := map[string]int{} // rows per API hub so far
		fn := func(row format.Row) error {
			return emitGorilla(e, row, split, parquetLayout, seen)
		}
		if parquetLayout {
			err = format.EachParquet(f, e.Options(), fn)
		} else {
			err = gorillaEachJSON(f, e, fn)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// gorillaSplit: the datasets library maps a file name containing "eval" to test.
func gorillaSplit(path string) string {
	if s := SplitFromName(path); s != "" {
		return s
	}
	if strings.Contains(strings.ToLower(filepath.Base(path)), "eval") {
		return Test
	}
	return ""
}

// gorillaEachJSON decodes a .json/.jsonl file as JSON Lines, or as a JSON array when
// its first non-blank byte is "[" (APIBench's ".json" files are JSON Lines).
func gorillaEachJSON(path string, e *Emitter, fn func(format.Row) error) error {
	f, err := format.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	for {
		b, err := br.Peek(1)
		if err != nil || !bytes.ContainsAny(b, " \t\r\n") {
			break
		}
		br.ReadByte()
	}
	if b, err := br.Peek(1); err == nil && b[0] == '[' {
		return format.EachJSON(br, path, nil, e.Options(), fn)
	}
	return format.EachJSONL(br, path, e.Options(), fn)
}

func emitGorilla(e *Emitter, row format.Row, split string, parquetLayout bool, seen map[string]int) error {
	code, err := row.Str("code")
	if err != nil {
		return err
	}
	call, err := row.Str("api_call")
	if err != nil {
		return err
	}
	provider, err := row.Str("provider")
	if err != nil {
		return err
	}
	var data format.Row
	if parquetLayout {
		text, err := row.Str("api_data")
		if err != nil {
			return err
		}
		dec := json.NewDecoder(strings.NewReader(text))
		dec.UseNumber()
		var m map[string]any
		if err := dec.Decode(&m); err != nil || dec.More() || m == nil {
			return &format.RowError{Pos: row.Pos, Field: "api_data", Value: text,
				Err: errorsJoin(format.ErrSyntax, "want the api_data object as JSON text")}
		}
		data = format.Row{Pos: row.Pos, Fields: m}
	} else if data, err = row.Map("api_data"); err != nil {
		return err
	}
	meta := map[string]any{"final_answer": call, "provider": provider}
	for _, k := range []struct{ field, key string }{
		{"domain", "api_domain"}, {"api_name", "api_name"}, {"functionality", "functionality"}, {"framework", "framework"},
	} {
		v, err := data.OptStr(k.field)
		if err != nil {
			return gorillaDataErr(err)
		}
		if v != "" {
			meta[k.key] = v
		}
	}
	hub, err := gorillaHub(provider)
	if err != nil {
		return &format.RowError{Pos: row.Pos, Field: "provider", Value: provider, Err: err}
	}
	meta["api_hub"] = hub
	n := seen[hub]
	seen[hub]++

	i := strings.Index(code, gorillaInstruction)
	o := strings.Index(code, gorillaOutput)
	if i < 0 || o < i {
		return &format.RowError{Pos: row.Pos, Field: "code", Value: code,
			Err: errorsJoin(format.ErrValue, "want \"###Instruction: … ###Output: …\"")}
	}
	question := strings.TrimSpace(code[i+len(gorillaInstruction) : o])
	// A few instructions come with an input (an image name, a JSON payload) in a
	// "###Input:" part; the model needs it, so it stays in the question.
	if j := strings.Index(question, gorillaInput); j >= 0 {
		instr, input := strings.TrimSpace(question[:j]), strings.TrimSpace(question[j+len(gorillaInput):])
		question = instr
		if input != "" {
			question += "\n\nInput: " + input
		}
	}
	answer := strings.TrimSpace(code[o+len(gorillaOutput):])
	switch {
	case question == "":
		return row.Errorf("code", format.ErrValue, "empty instruction")
	case answer == "":
		return row.Errorf("code", format.ErrValue, "empty output")
	case strings.TrimSpace(call) == "":
		return row.Errorf("api_call", format.ErrValue, "empty api_call")
	}
	return e.Emit(row.Pos, split, hub+"_"+strconv.Itoa(n), record.Record{
		Question: question,
		Answer:   answer,
		Meta:     meta,
	})
}

// gorillaDataErr names api_data's fields as such in errors.
func gorillaDataErr(err error) error {
	if re, ok := err.(*format.RowError); ok && re.Field != "" {
		re.Field = "api_data." + re.Field
	}
	return err
}

// gorillaHub names the API hub of a provider as APIBench's file names do.
func gorillaHub(provider string) (string, error) {
	p := strings.ToLower(provider)
	switch {
	case strings.Contains(p, "hugging"):
		return "huggingface", nil
	case strings.Contains(p, "tensorflow"):
		return "tensorflow", nil
	case strings.Contains(p, "torch"):
		return "torchhub", nil
	}
	return "", errorsJoin(format.ErrValue, "unknown provider (want PyTorch, Hugging Face or TensorFlow)")
}
