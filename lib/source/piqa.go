package source

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"qmix/lib/format"
	"qmix/lib/record"
)

func init() {
	register(&Adapter{
		Name:      "piqa",
		Title:     "PIQA",
		Domain:    record.CommonSense,
		HubID:     "ybisk/piqa",
		HubConfig: "plain_text",
		Splits:    []string{Train, Validation, Test},
		License:   "Academic Free License v3.0",
		Formats: []string{
			"release {train,valid,dev,tests}.jsonl with the line-aligned <name>-labels.lst beside it (none for tests)",
			"Hub parquet plain_text-{train,validation,test}.parquet (goal, sol1, sol2, label 0/1, -1 in test)",
		},
		Difficulty: "easy: everyday physical know-how with two candidate solutions",
		Convert:    convertPIQA,
	})
}

// piqaPrompt opens every PIQA question: a goal is often a bare noun phrase
// ("dresser"), so the model is told what the two options are for.
const piqaPrompt = "Which solution better achieves the goal?"

// piqaTests matches the release's unlabelled "tests.jsonl", which SplitFromName does
// not read as "test".
var piqaTests = regexp.MustCompile(`(?i)(^|[^a-z])tests([^a-z]|$)`)

func piqaSplit(f string) string {
	if s := SplitFromName(f); s != "" {
		return s
	}
	if piqaTests.MatchString(filepath.Base(f)) {
		return Test
	}
	return ""
}

// convertPIQA reads the release JSONL, zipped line by line with its labels file
// (valid.jsonl + valid-labels.lst, as the Hub loader does), or the Hub parquet. PIQA
// has no ids: the source id is the row index, the same in both layouts (the Hub keeps
// file order). The question is the prompt, the goal and the two solutions as options
// A and B; label 0 means A (sol1), 1 means B (sol2). The test split has no labels (no
// labels file, -1 on the Hub): its items become records without an answer.
func convertPIQA(path string, e *Emitter) error {
	files, err := format.Files(path, isData(".jsonl", ".parquet"))
	if err != nil {
		return err
	}
	for _, f := range files {
		split := piqaSplit(f)
		if split == "" {
			return format.Errorf(format.Position{File: f}, "", format.ErrValue,
				"cannot tell the split from the file name (want train, valid, dev or tests in it)")
		}
		var labelOf func(format.Row) (int, error)
		if IsParquet(f) {
			labelOf = func(row format.Row) (int, error) { return piqaHubLabel(row) }
		} else if labelOf, err = piqaLabelsFor(f, split); err != nil {
			return err
		}
		err := EachRow(f, nil, format.CSVOptions{}, e, func(row format.Row) error {
			goal, err := row.Str("goal")
			if err != nil {
				return err
			}
			sols := make([]string, 2)
			for i, field := range []string{"sol1", "sol2"} {
				if sols[i], err = row.Str(field); err != nil {
					return err
				}
			}
			if strings.TrimSpace(goal) == "" {
				return row.Errorf("goal", format.ErrValue, "empty goal: nothing to ask")
			}
			answer, err := labelOf(row)
			if err != nil {
				return err
			}
			if answer < 0 && split != Test {
				return mcUnlabelled(row.Pos, "label", split)
			}
			r, err := mcRecord(row.Pos, "goal", piqaPrompt+"\n\nGoal: "+goal, DefaultLabels(2), sols, answer)
			if err != nil {
				return err
			}
			return e.Emit(row.Pos, split, strconv.Itoa(row.Pos.Index), r)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// piqaHubLabel reads the Hub's ClassLabel: 0 or 1, or -1 for an unlabelled test row.
func piqaHubLabel(row format.Row) (int, error) {
	label, err := row.Int("label")
	if err != nil {
		return 0, err
	}
	if label < -1 || label > 1 {
		return 0, &format.RowError{Pos: row.Pos, Field: "label", Value: strconv.FormatInt(label, 10),
			Err: errorsJoin(format.ErrValue, "want 0, 1 or -1 (unlabelled)")}
	}
	return int(label), nil
}

// piqaLabelsPath is the labels file beside a release JSONL: "valid.jsonl" →
// "valid-labels.lst" (or "valid-labels.lst.gz" when the data is gzipped).
func piqaLabelsPath(f string) []string {
	stem := strings.TrimSuffix(f, ".gz")
	stem = stem[:len(stem)-len(filepath.Ext(stem))]
	return []string{stem + "-labels.lst", stem + "-labels.lst.gz"}
}

// piqaLabelsFor reads the labels file of the release JSONL f and returns the label of
// each row by its index. Without a labels file only a test split is accepted (its rows
// get -1). The number of labels must equal the number of records: the two files are
// aligned by line, so any difference means every pairing is suspect, and that is an
// error for the whole file, in lenient mode too. A single bad label is an error for
// its row only.
func piqaLabelsFor(f, split string) (func(format.Row) (int, error), error) {
	var lp string
	for _, cand := range piqaLabelsPath(f) {
		if _, err := os.Stat(cand); err == nil {
			lp = cand
			break
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	if lp == "" {
		if split != Test {
			return nil, format.Errorf(format.Position{File: f}, "label", format.ErrMissing,
				"labels file %s not found beside it (only the test split is unlabelled)", filepath.Base(piqaLabelsPath(f)[0]))
		}
		return func(format.Row) (int, error) { return -1, nil }, nil
	}
	labels, bad, err := piqaReadLabels(lp)
	if err != nil {
		return nil, err
	}
	n, err := piqaCountRecords(f)
	if err != nil {
		return nil, err
	}
	if n != len(labels) {
		return nil, format.Errorf(format.Position{File: lp, Line: min(n, len(labels)) + 1}, "label", format.ErrValue,
			"%s has %d labels for the %d records of %s; the files must be aligned line by line",
			filepath.Base(lp), len(labels), n, filepath.Base(f))
	}
	return func(row format.Row) (int, error) {
		i := row.Pos.Index
		if bad[i] != nil {
			return 0, bad[i]
		}
		return labels[i], nil
	}, nil
}

// piqaReadLabels reads a labels file: one "0" or "1" per line. bad[i] holds the error
// of a line that is neither.
func piqaReadLabels(lp string) (labels []int, bad []error, err error) {
	r, err := format.Open(lp)
	if err != nil {
		return nil, nil, err
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, &format.RowError{Pos: format.Position{File: lp}, Err: err}
	}
	lines := strings.Split(string(b), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1] // the final newline ends the last line
	}
	labels = make([]int, len(lines))
	bad = make([]error, len(lines))
	for i, l := range lines {
		switch strings.TrimSuffix(l, "\r") {
		case "0":
			labels[i] = 0
		case "1":
			labels[i] = 1
		default:
			bad[i] = &format.RowError{Pos: format.Position{File: lp, Line: i + 1, Index: i}, Field: "label",
				Value: l, Err: fmt.Errorf("%w: want 0 or 1", format.ErrValue)}
		}
	}
	return labels, bad, nil
}

// piqaCountRecords counts the records of a JSONL file as EachJSONL numbers them (one
// per non-blank line, good or bad), to check it against the labels.
func piqaCountRecords(f string) (int, error) {
	r, err := format.Open(f)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	n := 0
	count := func(*format.RowError) { n++ }
	err = format.EachLine(r, f, format.Options{Lenient: true, Skip: count}, func(format.Line) error {
		n++
		return nil
	})
	return n, err
}
