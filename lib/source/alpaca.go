package source

import (
	"strconv"
	"strings"

	"qmix/lib/format"
	"qmix/lib/record"
)

func init() {
	register(&Adapter{
		Name:       "alpaca",
		Title:      "Alpaca",
		Domain:     record.Instruction,
		HubID:      "tatsu-lab/alpaca",
		HubConfig:  "default",
		Splits:     []string{Train},
		License:    "CC BY-NC 4.0",
		Formats:    []string{"alpaca_data.json (JSON array; the Hub's export adds text)", "Hub parquet default-train.parquet"},
		Difficulty: "easy: single-turn instructions written by a model for a model",
		Convert:    convertAlpaca,
	})
}

// Alpaca's placeholders: an output that starts with alpacaNoOutput marks an
// instruction a text model cannot carry out (draw, play a sound, browse), sometimes
// followed by a note saying so; an input of alpacaNoInput means no input.
const (
	alpacaNoOutput = "<nooutput>"
	alpacaNoInput  = "<noinput>"
)

// convertAlpaca reads the release's JSON array (alpaca_data.json, or the Hub export
// with its extra text field) or the Hub parquet. The question is the instruction,
// followed after a blank line by the input when there is one; the Hub's text field is
// the whole prompt template around them and is never used. The records have no id and
// the Hub parquet keeps the array's order, so the row index is the source id in both
// layouts. Alpaca has one split, train; a file name that says nothing about the split
// means train.
func convertAlpaca(path string, e *Emitter) error {
	files, err := format.Files(path, isData(".json", ".jsonl", ".parquet"))
	if err != nil {
		return err
	}
	for _, f := range files {
		split := SplitFromName(f)
		if split == "" {
			split = Train
		}
		err := EachRow(f, nil, format.CSVOptions{}, e, func(row format.Row) error {
			instruction, err := row.Str("instruction")
			if err != nil {
				return err
			}
			input, err := row.Str("input")
			if err != nil {
				return err
			}
			output, err := row.Str("output")
			if err != nil {
				return err
			}
			if strings.TrimSpace(instruction) == "" {
				return row.Errorf("instruction", format.ErrValue, "empty instruction: nothing to ask")
			}
			meta := map[string]any{}
			question := instruction
			switch in := strings.TrimSpace(input); {
			case strings.EqualFold(in, alpacaNoInput):
				meta["no_input"] = true
			case in != "":
				question += "\n\n" + input
			}
			answer := output
			// A <nooutput> output is no answer: learning it would teach a model to
			// print the placeholder. The record stays (the instruction is a fair
			// question) with an empty answer, flagged, the placeholder kept in meta.
			if strings.HasPrefix(strings.ToLower(strings.TrimSpace(output)), alpacaNoOutput) {
				answer = ""
				meta["no_output"] = true
				meta["output"] = output
			}
			return e.Emit(row.Pos, split, strconv.Itoa(row.Pos.Index), record.Record{
				Question: question,
				Answer:   answer,
				Meta:     meta,
			})
		})
		if err != nil {
			return err
		}
	}
	return nil
}
