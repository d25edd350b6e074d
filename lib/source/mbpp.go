package source

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"qmix/lib/format"
	"qmix/lib/record"
)

func init() {
	register(&Adapter{
		Name:      "mbpp",
		Title:     "MBPP",
		Domain:    record.Coding,
		HubID:     "google-research-datasets/mbpp",
		HubConfig: "full",
		Splits:    []string{Train, Validation, Test, "prompt"},
		License:   "CC BY 4.0",
		Formats:   []string{"google-research mbpp.jsonl", "Hub parquet full-{train,validation,test,prompt}.parquet"},
		// "Mostly Basic Python Problems": entry-level tasks, and the source has no
		// difficulty signal; lib/label's complexity analysis may relabel some later.
		Difficulty: "easy: every problem (entry-level by design; no difficulty signal)",
		Convert:    convertMBPP,
	})
}

// mbppSplit is the split of a task by the release's task_id ranges, which the Hub's
// `full` config follows: 1–10 prompt (few-shot), 11–510 test, 511–600 validation,
// 601 and up train (the release has 974 tasks; its README reserves up to 1000).
func mbppSplit(taskID int64) string {
	switch {
	case taskID < 1:
		return ""
	case taskID <= 10:
		return "prompt"
	case taskID <= 510:
		return Test
	case taskID <= 600:
		return Validation
	}
	return Train
}

// convertMBPP reads the release mbpp.jsonl or the Hub `full` parquet files. The split
// always comes from task_id (the release file holds every split); a Hub file's name
// must agree with it. The source id is task_id.
func convertMBPP(path string, e *Emitter) error {
	files, err := format.Files(path, isData(".jsonl", ".parquet"))
	if err != nil {
		return err
	}
	for _, f := range files {
		named := mbppSplitFromName(f)
		err := EachRow(f, nil, format.CSVOptions{}, e, func(row format.Row) error {
			taskID, err := row.Int("task_id")
			if err != nil {
				return err
			}
			text, err := row.Str("text")
			if err != nil {
				return err
			}
			code, err := row.Str("code")
			if err != nil {
				return err
			}
			tests, err := row.Strings("test_list")
			if err != nil {
				return err
			}
			setup, err := row.Str("test_setup_code")
			if err != nil {
				return err
			}
			challenge, err := row.Strings("challenge_test_list")
			if err != nil {
				return err
			}
			split := mbppSplit(taskID)
			if split == "" {
				return &format.RowError{Pos: row.Pos, Field: "task_id", Value: strconv.FormatInt(taskID, 10),
					Err: errorsJoin(format.ErrValue, "task ids start at 1")}
			}
			if named != "" && named != split {
				return &format.RowError{Pos: row.Pos, Field: "task_id", Value: strconv.FormatInt(taskID, 10),
					Err: errorsJoin(format.ErrValue, "task belongs to split "+split+", but the file is named for "+named)}
			}
			if strings.TrimSpace(text) == "" {
				return &format.RowError{Pos: row.Pos, Field: "text",
					Err: errorsJoin(format.ErrValue, "empty problem statement: nothing to ask")}
			}
			// 972 of the 974 solutions use \r\n line breaks (an artifact of how the
			// file was made): the answer a model learns uses \n. The tests and setup
			// code are code too, and are normalised the same way.
			code = mbppLF(code)
			setup = mbppLF(setup)
			for i := range tests {
				tests[i] = mbppLF(tests[i])
			}
			for i := range challenge {
				challenge[i] = mbppLF(challenge[i])
			}
			return e.Emit(row.Pos, split, strconv.FormatInt(taskID, 10), record.Record{
				Question: mbppQuestion(text, tests, setup),
				Answer:   code,
				Meta: map[string]any{
					"test_list":           tests,
					"test_setup_code":     setup,
					"challenge_test_list": challenge,
				},
			})
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// mbppPromptWord finds the Hub's "prompt" split in a file name.
var mbppPromptWord = regexp.MustCompile(`(?i)(^|[^a-z])prompt([^a-z]|$)`)

// mbppSplitFromName reads the split from a Hub file name such as "full-prompt.parquet"
// (SplitFromName knows only train/validation/test). The release mbpp.jsonl names none.
func mbppSplitFromName(path string) string {
	if s := SplitFromName(path); s != "" {
		return s
	}
	if mbppPromptWord.MatchString(filepath.Base(path)) {
		return "prompt"
	}
	return ""
}

// mbppQuestion is the statement followed by the three asserts, as in the MBPP paper's
// prompt: the asserts are how the model learns the function's name and signature.
// The setup code, which two tasks have, defines values the asserts use.
func mbppQuestion(text string, tests []string, setup string) string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(text))
	if len(tests) > 0 {
		b.WriteString("\n\nYour code should pass these tests:\n\n```python\n")
		if strings.TrimSpace(setup) != "" {
			b.WriteString(strings.TrimRight(setup, "\n"))
			b.WriteString("\n\n")
		}
		b.WriteString(strings.Join(tests, "\n"))
		b.WriteString("\n```")
	}
	return b.String()
}

// mbppLF turns \r\n line breaks into \n, and the lone \r that ends a few solutions
// (tasks 104, 255, 593, 732) too.
func mbppLF(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}
