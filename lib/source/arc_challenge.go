package source

import (
	"qmix/lib/format"
	"qmix/lib/record"
)

func init() {
	register(&Adapter{
		Name:      "arc_challenge",
		Title:     "ARC-Challenge",
		Domain:    record.Reasoning,
		HubID:     "allenai/ai2_arc",
		HubConfig: "ARC-Challenge",
		Splits:    []string{Train, Validation, Test},
		License:   "CC BY-SA 4.0",
		Formats: []string{
			"ARC-V1-Feb2018 ARC-Challenge-{Train,Dev,Test}.jsonl",
			"Hub parquet ARC-Challenge-{train,validation,test}.parquet (id, question, choices{text,label}, answerKey)",
		},
		Difficulty: "easy: grade 3-9 science exam questions (the Challenge set is hard for retrieval baselines, not for the plan's teachers)",
		Convert:    convertARC,
	})
}

// convertARC reads the release JSONL (question.stem and question.choices nested under
// "question") or the Hub parquet (question is the stem; choices a struct of label and
// text lists). The source id is ARC's own id. Labels are kept as the source writes
// them — usually A-E, for some questions 1-4 — in the question, the answer ("1. text")
// and the final answer, which is answerKey as given, so that a model learns to answer
// with the label it was shown.
//
// Only .jsonl and .parquet files are read: the release ships the same questions as
// .csv beside the .jsonl, so a directory walk would otherwise read them twice.
func convertARC(path string, e *Emitter) error {
	files, err := format.Files(path, isData(".jsonl", ".parquet"))
	if err != nil {
		return err
	}
	for _, f := range files {
		split := SplitFromName(f)
		if split == "" {
			return format.Errorf(format.Position{File: f}, "", format.ErrValue,
				"cannot tell the split from the file name (want Train, Dev or Test in it)")
		}
		hub := IsParquet(f)
		err := EachRow(f, nil, format.CSVOptions{}, e, func(row format.Row) error {
			id, err := row.Str("id")
			if err != nil {
				return err
			}
			if id == "" {
				return row.Errorf("id", format.ErrValue, "empty id")
			}
			stem, labels, texts, err := arcQuestion(row, hub)
			if err != nil {
				return err
			}
			key, err := row.Str("answerKey")
			if err != nil {
				return err
			}
			answer, err := mcLabelIndex(row.Pos, "answerKey", key, labels)
			if err != nil {
				return err
			}
			r, err := mcRecord(row.Pos, arcStemField(hub), stem, labels, texts, answer)
			if err != nil {
				return err
			}
			r.Meta["labels"] = labels
			return e.Emit(row.Pos, split, id, r)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// arcQuestion reads the stem and the labelled options of an ARC or CommonsenseQA row:
// nested under "question" in the release JSONL, flat in the Hub layout.
func arcQuestion(row format.Row, hub bool) (stem string, labels, texts []string, err error) {
	q := row
	if hub {
		stem, err = row.Str("question")
	} else {
		if _, err = row.Map("question"); err != nil {
			return "", nil, nil, err
		}
		// Sub (rather than Map) records "question" in the position's key, so that
		// errors inside name the nesting: "[question.choices[2]] field label".
		q, _ = row.Sub("question", row.Fields["question"])
		stem, err = q.Str("stem")
	}
	if err != nil {
		return "", nil, nil, err
	}
	labels, texts, err = mcLabeledChoices(q)
	return stem, labels, texts, err
}

// arcStemField names the stem's field in errors, per layout.
func arcStemField(hub bool) string {
	if hub {
		return "question"
	}
	return "question.stem"
}
