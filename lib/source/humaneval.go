package source

import (
	"strings"

	"qmix/lib/format"
	"qmix/lib/record"
)

func init() {
	register(&Adapter{
		Name:      "humaneval",
		Title:     "HumanEval",
		Domain:    record.Coding,
		HubID:     "openai/openai_humaneval",
		HubConfig: "openai_humaneval",
		Splits:    []string{Test},
		License:   "MIT",
		Formats:   []string{"human-eval HumanEval.jsonl(.gz)", "Hub parquet openai_humaneval-test.parquet"},
		// HumanEval gives no difficulty signal, and the plan labels public records
		// easy by default; lib/label's complexity analysis may relabel some later.
		Difficulty: "easy: every problem (the source has no difficulty signal)",
		Convert:    convertHumanEval,
	})
}

// convertHumanEval reads the release JSONL (gzip or plain) or the Hub parquet; both
// hold the same five string fields. The source id is the number in task_id
// ("HumanEval/0" → "0"), so both layouts give the same ids and they stay path-safe.
// HumanEval has only a test split; a file whose name names no split is test.
func convertHumanEval(path string, e *Emitter) error {
	files, err := format.Files(path, isData(".jsonl", ".parquet"))
	if err != nil {
		return err
	}
	for _, f := range files {
		split := SplitFromName(f)
		if split == "" {
			split = Test
		}
		err := EachRow(f, nil, format.CSVOptions{}, e, func(row format.Row) error {
			taskID, err := row.Str("task_id")
			if err != nil {
				return err
			}
			prompt, err := row.Str("prompt")
			if err != nil {
				return err
			}
			solution, err := row.Str("canonical_solution")
			if err != nil {
				return err
			}
			entry, err := row.Str("entry_point")
			if err != nil {
				return err
			}
			test, err := row.Str("test")
			if err != nil {
				return err
			}
			id := taskID[strings.LastIndex(taskID, "/")+1:]
			if strings.TrimSpace(id) == "" {
				return &format.RowError{Pos: row.Pos, Field: "task_id", Value: taskID,
					Err: errorsJoin(format.ErrValue, `want "HumanEval/<n>"`)}
			}
			if strings.TrimSpace(prompt) == "" {
				return &format.RowError{Pos: row.Pos, Field: "prompt",
					Err: errorsJoin(format.ErrValue, "empty prompt: nothing to ask")}
			}
			return e.Emit(row.Pos, split, id, record.Record{
				Question: humanEvalQuestion(entry, prompt),
				// The canonical solution is the body only: with the prompt in front it
				// is the complete function a model should write.
				Answer: prompt + solution,
				Meta: map[string]any{
					"task_id":     taskID,
					"entry_point": entry,
					// The tests run as test + "check(<entry_point>)".
					"test": test,
				},
			})
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// humanEvalQuestion asks for the function whose signature and docstring the prompt
// gives; the prompt is quoted whole because its imports and helpers belong to it.
func humanEvalQuestion(entry, prompt string) string {
	var b strings.Builder
	b.WriteString("Write a Python function")
	if entry != "" {
		b.WriteString(" `" + entry + "`")
	}
	b.WriteString(" that completes the following code. Its signature and docstring say what it must do.\n\n```python\n")
	b.WriteString(prompt)
	if !strings.HasSuffix(prompt, "\n") {
		b.WriteString("\n")
	}
	b.WriteString("```")
	return b.String()
}
