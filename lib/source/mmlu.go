package source

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"qmix/lib/format"
	"qmix/lib/record"
)

func init() {
	register(&Adapter{
		Name:      "mmlu",
		Title:     "MMLU",
		Domain:    record.Reasoning,
		HubID:     "cais/mmlu",
		HubConfig: "all",
		Splits:    []string{"dev", Validation, Test},
		License:   "MIT",
		Formats: []string{
			"hendrycks/test data/{dev,val,test}/<subject>_{dev,val,test}.csv (no header: question,A,B,C,D,answer)",
			"Hub parquet all-{dev,validation,test}.parquet (question, subject, choices, answer 0-3)",
		},
		Difficulty: "hard for college_* and professional_* subjects, easy for the rest (elementary, high-school and general subjects)",
		Convert:    convertMMLU,
	})
}

// mmluColumns names the columns of the header-less release CSVs.
var mmluColumns = []string{"question", "A", "B", "C", "D", "answer"}

// mmluFile is a release CSV's name: the subject, then the split.
var mmluFile = regexp.MustCompile(`^(.+)_(dev|val|test)\.csv$`)

// mmluSplitWord finds the split in a Hub file or folder name ("all-test.parquet",
// "all/dev-00000-of-00001.parquet", "all/validation/0000.parquet").
var mmluSplitWord = regexp.MustCompile(`(?i)(^|[^a-z])(dev|val|validation|test)([^a-z]|$)`)

// mmluSplit maps MMLU's split words to the Hub's split names. MMLU is the one source
// with both a "dev" split (5 few-shot exemplars per subject) and a "val" split, and the
// Hub keeps them apart as "dev" and "validation"; folding dev into validation, as
// CanonicalSplit does for other sources, would give two records the same id.
func mmluSplit(word string) string {
	switch strings.ToLower(word) {
	case "dev":
		return "dev"
	case "val", "validation":
		return Validation
	case "test":
		return Test
	}
	return ""
}

// mmluAux reports whether f belongs to MMLU's auxiliary_train split: the release's
// data/auxiliary_train/ folder or the Hub's auxiliary_train files.
func mmluAux(f string) bool {
	return strings.Contains(strings.ToLower(filepath.Base(f)), "auxiliary_train") ||
		strings.EqualFold(filepath.Base(filepath.Dir(f)), "auxiliary_train")
}

// mmluHard is the difficulty rule: the subjects MMLU itself pitches at college or
// professional level (by the name's prefix) are hard, the rest easy.
func mmluHard(subject string) bool {
	return strings.HasPrefix(subject, "college_") || strings.HasPrefix(subject, "professional_")
}

// convertMMLU reads the release CSVs (the subject and split come from each file's
// name) or the Hub parquet (subject is a column). The source id is the subject and the
// row's 0-based index within that subject's file, "abstract_algebra/0": the Hub's rows
// are the CSV rows in the same order (subjects alphabetically, then CSV order), so
// counting rows per subject gives the same ids in both layouts.
//
// A directory walk or glob skips the auxiliary_train split (data/auxiliary_train/,
// the Hub's auxiliary_train files): it holds other datasets' training sets (ARC, OBQA,
// RACE, MCTest) rather than MMLU's 57 subjects, and ARC is a source of its own here.
// Naming such a file explicitly, or a path holding nothing else, is an error.
func convertMMLU(path string, e *Emitter) error {
	files, err := format.Files(path, isData(".csv", ".parquet"))
	if err != nil {
		return err
	}
	next := map[string]int{} // split/subject → index of the subject's next Hub row
	read := 0
	for _, f := range files {
		if mmluAux(f) {
			if f == path {
				return format.Errorf(format.Position{File: f}, "", format.ErrValue,
					"MMLU's auxiliary_train split holds other datasets' questions, not MMLU subjects")
			}
			continue
		}
		read++
		if IsParquet(f) {
			err = convertMMLUHub(f, e, next)
		} else {
			err = convertMMLUCSV(f, e)
		}
		if err != nil {
			return err
		}
	}
	if read == 0 {
		return fmt.Errorf("%s: only MMLU auxiliary_train files, which are not MMLU subjects", path)
	}
	return nil
}

func convertMMLUCSV(f string, e *Emitter) error {
	m := mmluFile.FindStringSubmatch(filepath.Base(f))
	if m == nil {
		return format.Errorf(format.Position{File: f}, "", format.ErrValue,
			"not an MMLU subject file: the name must be <subject>_{dev,val,test}.csv")
	}
	subject, split := m[1], mmluSplit(m[2])
	return EachRow(f, nil, format.CSVOptions{Columns: mmluColumns}, e, func(row format.Row) error {
		q, err := row.Str("question")
		if err != nil {
			return err
		}
		options := make([]string, 4)
		for i, col := range mmluColumns[1:5] {
			if options[i], err = row.Str(col); err != nil {
				return err
			}
		}
		key, err := row.Str("answer")
		if err != nil {
			return err
		}
		answer := strings.Index("ABCD", key)
		if len(key) != 1 || answer < 0 {
			return &format.RowError{Pos: row.Pos, Field: "answer", Value: key,
				Err: errorsJoin(format.ErrValue, "want one of the letters A-D")}
		}
		return emitMMLU(e, row.Pos, split, subject, row.Pos.Index, q, options, answer)
	})
}

func convertMMLUHub(f string, e *Emitter, next map[string]int) error {
	split := mcSplitFromPath(f, mmluSplitWord, mmluSplit)
	if split == "" {
		return format.Errorf(format.Position{File: f}, "", format.ErrValue,
			"cannot tell the split from the file or folder name")
	}
	return EachRow(f, nil, format.CSVOptions{}, e, func(row format.Row) error {
		subject, err := row.Str("subject")
		if err != nil {
			return err
		}
		if strings.TrimSpace(subject) == "" || strings.Contains(subject, "/") {
			return &format.RowError{Pos: row.Pos, Field: "subject", Value: subject,
				Err: errorsJoin(format.ErrValue, "want a subject name (it is part of the id)")}
		}
		// Count the row before checking the rest, so that in lenient mode a skipped
		// bad row does not shift the ids of the rows after it.
		index := next[split+"/"+subject]
		next[split+"/"+subject] = index + 1
		q, err := row.Str("question")
		if err != nil {
			return err
		}
		options, err := row.Strings("choices")
		if err != nil {
			return err
		}
		if len(options) != 4 {
			return &format.RowError{Pos: row.Pos, Field: "choices", Value: format.Render(options),
				Err: fmt.Errorf("%w: want 4 options, got %d", format.ErrValue, len(options))}
		}
		answer, err := row.Int("answer")
		if err != nil {
			return err
		}
		if answer < 0 || answer > 3 {
			return &format.RowError{Pos: row.Pos, Field: "answer", Value: strconv.FormatInt(answer, 10),
				Err: errorsJoin(format.ErrValue, "want a class index 0-3 (A-D)")}
		}
		return emitMMLU(e, row.Pos, split, subject, index, q, options, int(answer))
	})
}

func emitMMLU(e *Emitter, pos format.Position, split, subject string, index int, q string, options []string, answer int) error {
	r, err := mcRecord(pos, "question", q, DefaultLabels(len(options)), options, answer)
	if err != nil {
		return err
	}
	r.Meta["subject"] = subject
	if mmluHard(subject) {
		r.Difficulty = record.Hard
	}
	return e.Emit(pos, split, subject+"/"+strconv.Itoa(index), r)
}

// The helpers below are shared by the multiple-choice adapters (mmlu, arc_challenge,
// hellaswag, commonsense_qa, piqa).

// mcRecord builds a multiple-choice record: the stem and lettered options as the
// question (MultipleChoice), "<label>. <option>" as the answer and the label as
// meta.final_answer, the option texts in meta.choices. answer is the index of the
// correct option, or -1 for an unlabelled item (a test split without keys), which gets
// no answer and no final answer. stemField names the field errors point at.
func mcRecord(pos format.Position, stemField, stem string, labels, options []string, answer int) (record.Record, error) {
	if strings.TrimSpace(stem) == "" {
		return record.Record{}, &format.RowError{Pos: pos, Field: stemField,
			Err: errorsJoin(format.ErrValue, "empty question: nothing to ask")}
	}
	if len(options) < 2 {
		return record.Record{}, &format.RowError{Pos: pos, Field: "choices", Value: format.Render(options),
			Err: fmt.Errorf("%w: a multiple-choice item needs at least 2 options, got %d", format.ErrValue, len(options))}
	}
	if len(labels) != len(options) {
		return record.Record{}, &format.RowError{Pos: pos, Field: "choices",
			Err: fmt.Errorf("%w: %d labels for %d options", format.ErrValue, len(labels), len(options))}
	}
	seen := map[string]bool{}
	for _, l := range labels {
		if strings.TrimSpace(l) == "" || l != strings.TrimSpace(l) || seen[l] {
			return record.Record{}, &format.RowError{Pos: pos, Field: "choices.label", Value: strings.Join(labels, ","),
				Err: errorsJoin(format.ErrValue, "option labels must be unique, non-empty and without surrounding blanks")}
		}
		seen[l] = true
	}
	r := record.Record{
		Question: MultipleChoice(stem, labels, options),
		Meta:     map[string]any{"choices": append([]string(nil), options...)},
	}
	if answer >= 0 {
		// The answer repeats the option as the question renders it (trimmed).
		r.Answer = labels[answer] + ". " + strings.TrimSpace(options[answer])
		r.Meta["final_answer"] = labels[answer]
	}
	return r, nil
}

// mcLabeledChoices reads the "choices" field of row as labels and texts in either
// layout: the release JSONL's list of {"label", "text"} objects (ARC, CommonsenseQA) or
// the Hub's struct of two parallel lists {"label": [...], "text": [...]}.
func mcLabeledChoices(row format.Row) (labels, texts []string, err error) {
	switch v := row.Fields["choices"].(type) {
	case map[string]any:
		c, _ := row.Map("choices")
		if labels, err = c.Strings("label"); err != nil {
			return nil, nil, mcField(err, "choices.")
		}
		if texts, err = c.Strings("text"); err != nil {
			return nil, nil, mcField(err, "choices.")
		}
		if len(labels) != len(texts) {
			return nil, nil, &format.RowError{Pos: row.Pos, Field: "choices",
				Err: fmt.Errorf("%w: %d labels for %d texts", format.ErrValue, len(labels), len(texts))}
		}
		return labels, texts, nil
	case []any:
		for i, el := range v {
			key := "choices[" + strconv.Itoa(i) + "]"
			c, err := row.Sub(key, el)
			if err != nil {
				return nil, nil, err
			}
			l, err := c.Str("label")
			if err != nil {
				return nil, nil, err
			}
			t, err := c.Str("text")
			if err != nil {
				return nil, nil, err
			}
			labels, texts = append(labels, l), append(texts, t)
		}
		return labels, texts, nil
	}
	_, err = row.List("choices") // missing or of the wrong type: let the accessor say which
	return nil, nil, err
}

// mcField prefixes the field a RowError names (a nested accessor names "label" where
// the row's field is "choices.label").
func mcField(err error, prefix string) error {
	if re, ok := err.(*format.RowError); ok {
		re.Field = prefix + re.Field
	}
	return err
}

// mcLabelIndex is the index of key among labels, or an error naming field when the
// key is not one of them.
func mcLabelIndex(pos format.Position, field, key string, labels []string) (int, error) {
	for i, l := range labels {
		if l == key {
			return i, nil
		}
	}
	return -1, &format.RowError{Pos: pos, Field: field, Value: key,
		Err: fmt.Errorf("%w: not one of the option labels %s", format.ErrValue, strings.Join(labels, ", "))}
}

// mcUnlabelled is the error for an item without an answer key outside the test split,
// where only a test split may legitimately lack one.
func mcUnlabelled(pos format.Position, field, split string) error {
	return &format.RowError{Pos: pos, Field: field,
		Err: fmt.Errorf("%w: no answer key in the %s split (only test items may lack one)", format.ErrMissing, split)}
}

// mcSplitFromPath finds the split in a file's name, else in its folder's name (the
// Hub's "<config>/<split>/0000.parquet" layout), with the source's split words.
func mcSplitFromPath(f string, word *regexp.Regexp, canon func(string) string) string {
	for _, name := range []string{filepath.Base(f), filepath.Base(filepath.Dir(f))} {
		if m := word.FindStringSubmatch(name); m != nil {
			return canon(m[2])
		}
	}
	return ""
}
