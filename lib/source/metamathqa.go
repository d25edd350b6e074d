package source

import (
	"strconv"
	"strings"

	"qmix/lib/format"
	"qmix/lib/record"
)

func init() {
	register(&Adapter{
		Name:      "metamathqa",
		Title:     "MetaMathQA",
		Domain:    record.Math,
		HubID:     "meta-math/MetaMathQA",
		HubConfig: "default",
		Splits:    []string{Train},
		// SOURCE.md has no file and so states no license; this is the Hub dataset card's
		// current license (it said Apache-2.0, then CC BY-NC 4.0, in October 2023).
		License: "MIT",
		Formats: []string{"MetaMathQA-395K.json (JSON array)", "Hub parquet default-train.parquet"},
		Difficulty: "easy: every record, GSM_* and MATH_* alike. The records carry no level, and " +
			"answers were kept only where sampling reached the known answer, which favours the " +
			"easier problems; meta.type lets later labelling single out MATH_* records",
		Convert: convertMetaMathQA,
	})
}

// metaMathTypes are the augmentation types the dataset card lists: GSM8K or MATH
// training questions, answered again (AnsAug), rephrased, or turned backwards (SV,
// FOBAR).
var metaMathTypes = map[string]bool{
	"GSM_AnsAug": true, "GSM_Rephrased": true, "GSM_SV": true, "GSM_FOBAR": true,
	"MATH_AnsAug": true, "MATH_Rephrased": true, "MATH_SV": true, "MATH_FOBAR": true,
}

// metaMathMarker ends every MetaMathQA response, before the final answer.
const metaMathMarker = "The answer is:"

// convertMetaMathQA reads the release's JSON array (or JSON Lines) or the Hub parquet,
// both with the fields query, response, type and original_question. The records have
// no id, and the Hub parquet is the release array converted in order, so the row
// index is the source id in both layouts. There is one split, train; a file name that
// says nothing about the split (MetaMathQA-395K.json) means train.
func convertMetaMathQA(path string, e *Emitter) error {
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
			query, err := row.Str("query")
			if err != nil {
				return err
			}
			response, err := row.Str("response")
			if err != nil {
				return err
			}
			typ, err := row.Str("type")
			if err != nil {
				return err
			}
			if !metaMathTypes[typ] {
				return &format.RowError{Pos: row.Pos, Field: "type", Value: typ,
					Err: errorsJoin(format.ErrValue, "not one of the dataset card's GSM_/MATH_ AnsAug, Rephrased, SV, FOBAR types")}
			}
			original, err := row.Str("original_question")
			if err != nil {
				return err
			}
			meta := map[string]any{"type": typ, "original_question": original}
			// The response is the worked answer, kept whole; a response without the
			// closing marker keeps the record, only without a final answer.
			if i := strings.LastIndex(response, metaMathMarker); i >= 0 {
				final := strings.TrimSpace(response[i+len(metaMathMarker):])
				if final == "" {
					return &format.RowError{Pos: row.Pos, Field: "response", Value: response,
						Err: errorsJoin(format.ErrValue, `nothing after "The answer is:"`)}
				}
				meta["final_answer"] = final
			}
			return e.Emit(row.Pos, split, strconv.Itoa(row.Pos.Index), record.Record{
				Question: query,
				Answer:   response,
				Meta:     meta,
			})
		})
		if err != nil {
			return err
		}
	}
	return nil
}
