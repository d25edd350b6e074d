package source

import (
	"regexp"
	"strconv"
	"strings"

	"qmix/lib/format"
	"qmix/lib/record"
)

func init() {
	register(&Adapter{
		Name:       "gsm8k",
		Title:      "GSM8K",
		Domain:     record.Math,
		HubID:      "openai/gsm8k",
		HubConfig:  "main",
		Splits:     []string{Train, Test},
		License:    "MIT",
		Formats:    []string{"grade-school-math {train,test}.jsonl", "Hub parquet main-{train,test}.parquet"},
		Difficulty: "easy: grade-school word problems",
		Convert:    convertGSM8K,
	})
}

// calcNote matches GSM8K's calculator annotations, "<<48/2=24>>".
var calcNote = regexp.MustCompile(`<<[^<>]*>>`)

// convertGSM8K reads the release JSONL or the Hub parquet; both have the fields
// question and answer in the same order, so the row index is the source id in both.
func convertGSM8K(path string, e *Emitter) error {
	files, err := format.Files(path, isData(".jsonl", ".parquet"))
	if err != nil {
		return err
	}
	for _, f := range files {
		split := SplitFromName(f)
		err := EachRow(f, nil, format.CSVOptions{}, e, func(row format.Row) error {
			q, err := row.Str("question")
			if err != nil {
				return err
			}
			sol, err := row.Str("answer")
			if err != nil {
				return err
			}
			worked, final, err := splitGSM8K(sol)
			if err != nil {
				return &format.RowError{Pos: row.Pos, Field: "answer", Value: sol, Err: err}
			}
			return e.Emit(row.Pos, split, strconv.Itoa(row.Pos.Index), record.Record{
				Question: q,
				Answer:   worked,
				Meta:     map[string]any{"final_answer": final},
			})
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// splitGSM8K strips calculator notes from a GSM8K solution and extracts the number
// after its "#### " marker, without thousands separators.
func splitGSM8K(sol string) (worked, final string, err error) {
	i := strings.LastIndex(sol, "####")
	if i < 0 {
		return "", "", format.ErrValue
	}
	final = strings.ReplaceAll(strings.TrimSpace(sol[i+4:]), ",", "")
	if _, perr := strconv.ParseFloat(final, 64); perr != nil {
		return "", "", errorsJoin(format.ErrValue, "final answer after #### is not a number: "+strconv.Quote(final))
	}
	worked = calcNote.ReplaceAllString(sol, "")
	return worked, final, nil
}
