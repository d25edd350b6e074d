package source

import (
	"qmix/lib/format"
	"qmix/lib/record"
)

func init() {
	register(&Adapter{
		Name:      "commonsense_qa",
		Title:     "CommonsenseQA",
		Domain:    record.CommonSense,
		HubID:     "tau/commonsense_qa",
		HubConfig: "default",
		Splits:    []string{Train, Validation, Test},
		License:   "MIT",
		Formats: []string{
			"release {train,dev,test}_rand_split*.jsonl (question{question_concept, choices[{label,text}], stem}, answerKey)",
			"Hub parquet default-{train,validation,test}.parquet (id, question, question_concept, choices{label,text}, answerKey)",
		},
		Difficulty: "easy: everyday-knowledge questions written for crowd workers",
		Convert:    convertCommonsenseQA,
	})
}

// convertCommonsenseQA reads the release JSONL (stem, concept and choices nested under
// "question") or the Hub parquet (flat). The source id is CommonsenseQA's own id; the
// labels A-E are the source's and are kept. The test split has no answer key (absent in
// the release, "" on the Hub): its items become records without an answer; anywhere
// else a missing key is an error.
func convertCommonsenseQA(path string, e *Emitter) error {
	files, err := format.Files(path, isData(".jsonl", ".parquet"))
	if err != nil {
		return err
	}
	for _, f := range files {
		split := SplitFromName(f)
		if split == "" {
			return format.Errorf(format.Position{File: f}, "", format.ErrValue,
				"cannot tell the split from the file name (want train, dev or test in it)")
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
			concept, err := commonsenseQAConcept(row, hub)
			if err != nil {
				return err
			}
			key, err := row.OptStr("answerKey")
			if err != nil {
				return err
			}
			answer := -1
			if key != "" {
				if answer, err = mcLabelIndex(row.Pos, "answerKey", key, labels); err != nil {
					return err
				}
			} else if split != Test {
				return mcUnlabelled(row.Pos, "answerKey", split)
			}
			r, err := mcRecord(row.Pos, arcStemField(hub), stem, labels, texts, answer)
			if err != nil {
				return err
			}
			r.Meta["labels"] = labels
			r.Meta["question_concept"] = concept
			return e.Emit(row.Pos, split, id, r)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// commonsenseQAConcept reads the concept the question was written about: nested in the
// release, a column on the Hub.
func commonsenseQAConcept(row format.Row, hub bool) (string, error) {
	if hub {
		return row.Str("question_concept")
	}
	q, err := row.Sub("question", row.Fields["question"])
	if err != nil {
		return "", err
	}
	return q.Str("question_concept")
}
