package source

import (
	"fmt"
	"strconv"
	"strings"

	"qmix/lib/format"
	"qmix/lib/record"
)

func init() {
	register(&Adapter{
		Name:      "hellaswag",
		Title:     "HellaSwag",
		Domain:    record.Reasoning,
		HubID:     "Rowan/hellaswag",
		HubConfig: "default",
		Splits:    []string{Train, Validation, Test},
		License:   "MIT",
		Formats: []string{
			"rowanz/hellaswag hellaswag_{train,val,test}.jsonl (label an int; absent in test)",
			"Hub parquet default-{train,validation,test}.parquet (label a string; \"\" in test)",
		},
		Difficulty: "easy: everyday-event continuations that humans pick correctly over 95% of the time",
		Convert:    convertHellaSwag,
	})
}

// hellaswagPrompt opens every HellaSwag question: the context alone is an unfinished
// sentence, so the model is told what the lettered endings are for.
const hellaswagPrompt = "Which ending is the most plausible continuation of the text?"

// convertHellaSwag reads the release JSONL or the Hub parquet. The question is the
// prompt, then "<activity_label>: <ctx>" (ctx is ctx_a + " " + ctx_b, kept verbatim,
// WikiHow's "[header]"/"[step]" markup included), then the four endings as options A-D;
// the final answer is the letter of ending number label. The source id is ind, the
// dataset's own record number. The split is the record's "split" field ("val" →
// validation) or, without one, the file name's. Test records carry no label (absent in
// the release, "" on the Hub): they become records without an answer; anywhere else a
// missing label is an error.
func convertHellaSwag(path string, e *Emitter) error {
	files, err := format.Files(path, isData(".jsonl", ".parquet"))
	if err != nil {
		return err
	}
	for _, f := range files {
		fileSplit := SplitFromName(f)
		hub := IsParquet(f)
		err := EachRow(f, nil, format.CSVOptions{}, e, func(row format.Row) error {
			ind, err := row.Int("ind")
			if err != nil {
				return err
			}
			split := fileSplit
			if s, err := row.OptStr("split"); err != nil {
				return err
			} else if s != "" {
				if split = CanonicalSplit(s); split != Train && split != Validation && split != Test {
					return &format.RowError{Pos: row.Pos, Field: "split", Value: s,
						Err: errorsJoin(format.ErrValue, "want train, val or test")}
				}
			}
			if split == "" {
				return row.Errorf("split", format.ErrMissing, "no split field and none in the file name")
			}
			activity, err := row.Str("activity_label")
			if err != nil {
				return err
			}
			ctx, err := row.Str("ctx")
			if err != nil {
				return err
			}
			endings, err := row.Strings("endings")
			if err != nil {
				return err
			}
			answer, err := hellaswagLabel(row, hub, len(endings))
			if err != nil {
				return err
			}
			if answer < 0 && split != Test {
				return mcUnlabelled(row.Pos, "label", split)
			}
			origin, err := row.OptStr("source_id")
			if err != nil {
				return err
			}
			splitType, err := row.OptStr("split_type")
			if err != nil {
				return err
			}
			if strings.TrimSpace(ctx) == "" {
				return row.Errorf("ctx", format.ErrValue, "empty context: nothing to continue")
			}
			stem := hellaswagPrompt + "\n\n" + activity + ": " + ctx
			if activity == "" {
				stem = hellaswagPrompt + "\n\n" + ctx
			}
			r, err := mcRecord(row.Pos, "ctx", stem, DefaultLabels(len(endings)), endings, answer)
			if err != nil {
				return err
			}
			r.Meta["activity_label"] = activity
			if origin != "" {
				// The ActivityNet video or WikiHow article the context comes from.
				r.Meta["origin"] = origin
			}
			if splitType != "" {
				r.Meta["split_type"] = splitType // indomain or zeroshot
			}
			return e.Emit(row.Pos, split, strconv.FormatInt(ind, 10), r)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// hellaswagLabel is the index of the right ending, or -1 when the record has no label:
// an int in the release (absent in test), a string on the Hub ("" in test). Each
// layout must use its own type.
func hellaswagLabel(row format.Row, hub bool, n int) (int, error) {
	var label int64
	if hub {
		s, err := row.Str("label")
		if err != nil {
			return 0, err
		}
		if s == "" {
			return -1, nil
		}
		label, err = strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, &format.RowError{Pos: row.Pos, Field: "label", Value: s,
				Err: errorsJoin(format.ErrValue, "want an ending index")}
		}
	} else {
		if _, present := row.Fields["label"]; !present {
			return -1, nil
		}
		var err error
		if label, err = row.Int("label"); err != nil {
			return 0, err
		}
	}
	if label < 0 || label >= int64(n) {
		return 0, &format.RowError{Pos: row.Pos, Field: "label", Value: strconv.FormatInt(label, 10),
			Err: fmt.Errorf("%w: want an index into the %d endings", format.ErrValue, n)}
	}
	return int(label), nil
}
