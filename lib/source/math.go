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
		Name:      "math",
		Title:     "MATH",
		Domain:    record.Math,
		HubID:     "hendrycks/competition_math",
		HubConfig: "default",
		Splits:    []string{Train, Test},
		License:   "MIT",
		Formats: []string{
			"MATH release tree <split>/<subject>/<n>.json",
			"PRM800K math_splits / MATH-500 JSONL",
			"Hub parquet default-{train,test}.parquet",
		},
		Difficulty: "hard for Level 4–5, easy for Level 1–3 and for problems whose level is \"Level ?\"",
		Convert:    convertMATH,
	})
}

// convertMATH reads the three layouts MATH ships in, told apart by extension:
//   - .json: the release tree, one problem object per file (problem, level "Level 3",
//     type, solution), the split and subject in the directory names;
//   - .jsonl: PRM800K's math_splits (MATH-500 for test): problem, solution, answer,
//     subject, level as an int, unique_id "test/<subject>/<n>.json";
//   - .parquet: the Hub's hendrycks/competition_math (problem, level, type, solution).
//
// Source id: the Hub parquet keeps no file name and its row order is the loader's glob
// order, not the release's, so neither a path nor a row index can be shared by all
// layouts. The source id is therefore HashID of the problem text (spaces trimmed at
// both ends), in every layout; the release path is kept as meta.unique_id where the
// layout has it (release tree, PRM800K), in PRM800K's "test/<subject>/<n>.json" form.
func convertMATH(path string, e *Emitter) error {
	files, err := format.Files(path, isData(".json", ".jsonl", ".parquet"))
	if err != nil {
		return err
	}
	for _, f := range files {
		if format.Ext(f) == ".json" {
			// One problem per file: a bad file is one bad row.
			row, err := format.ReadJSONObject(f)
			if err == nil {
				split, uid := mathTreePlace(f)
				err = emitMATH(e, row, split, uid)
			}
			if err := e.Handle(err); err != nil {
				return err
			}
			continue
		}
		split := SplitFromName(f)
		err := EachRow(f, nil, format.CSVOptions{}, e, func(row format.Row) error {
			return emitMATH(e, row, split, "")
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// mathTreePlace returns the split and the PRM800K-style unique_id of a release-tree
// file ".../test/algebra/1.json": the split is the grandparent directory's name. A file
// outside such a tree gets the split its name says, and no unique_id.
func mathTreePlace(path string) (split, uniqueID string) {
	dir := filepath.Dir(path)
	subject := filepath.Base(dir)
	splitDir := filepath.Base(filepath.Dir(dir))
	switch s := CanonicalSplit(splitDir); s {
	case Train, Validation, Test:
		return s, splitDir + "/" + subject + "/" + filepath.Base(path)
	}
	return SplitFromName(path), ""
}

// mathLevel matches the release's level strings; "Level ?" occurs for a few problems
// whose level the authors did not assign.
var mathLevel = regexp.MustCompile(`^Level ([1-5?])$`)

// emitMATH maps one problem, from any layout, to a record. split and uniqueID come
// from the file's place (release tree) or name; a unique_id field overrides both,
// since PRM800K's files mix problems of MATH's train and test splits and the id must
// be the one the problem has in the release.
func emitMATH(e *Emitter, row format.Row, split, uniqueID string) error {
	problem, err := row.Str("problem")
	if err != nil {
		return err
	}
	solution, err := row.Str("solution")
	if err != nil {
		return err
	}
	// The release and the Hub call the subject "type", PRM800K "subject".
	subjectField := "type"
	if row.Has("subject") {
		subjectField = "subject"
	}
	subject, err := row.Str(subjectField)
	if err != nil {
		return err
	}
	level, err := mathLevelOf(row)
	if err != nil {
		return err
	}
	if row.Has("unique_id") {
		uid, err := row.Str("unique_id")
		if err != nil {
			return err
		}
		s, _, ok := strings.Cut(uid, "/")
		if s = CanonicalSplit(s); !ok || (s != Train && s != Test) {
			return &format.RowError{Pos: row.Pos, Field: "unique_id", Value: uid,
				Err: errorsJoin(format.ErrValue, `want "<split>/<subject>/<n>.json"`)}
		}
		split, uniqueID = s, uid
	}
	if split == "" {
		return row.Errorf("split", format.ErrMissing, "neither the directory nor the file name says the split (train or test)")
	}

	meta := map[string]any{"subject": subject}
	if level > 0 {
		meta["level"] = level
	}
	if uniqueID != "" {
		meta["unique_id"] = uniqueID
	}
	final, found, err := MATHBoxed(solution)
	if err != nil {
		return &format.RowError{Pos: row.Pos, Field: "solution", Value: solution, Err: err}
	}
	if row.Has("answer") {
		// PRM800K's pre-extracted answer. The boxed content stays the final answer so
		// that every layout agrees; a disagreeing answer field is kept, not lost.
		given, err := row.Str("answer")
		if err != nil {
			return err
		}
		if !found {
			final, found = given, given != ""
		} else if given != final {
			meta["given_answer"] = given
		}
	}
	// A solution without \boxed still is the worked answer the record needs; only its
	// short final answer is missing, so the record is kept without meta.final_answer.
	if found {
		meta["final_answer"] = final
	}
	difficulty := record.Easy
	if level >= 4 {
		difficulty = record.Hard
	}
	return e.Emit(row.Pos, split, HashID(strings.TrimSpace(problem)), record.Record{
		Question:   problem,
		Answer:     solution,
		Difficulty: difficulty,
		Meta:       meta,
	})
}

// mathLevelOf reads the level — "Level 3" in the release and the Hub, 3 in PRM800K —
// as 1–5, or 0 for "Level ?".
func mathLevelOf(row format.Row) (int, error) {
	v, ok := row.Fields["level"]
	if !ok || v == nil {
		return 0, &format.RowError{Pos: row.Pos, Field: "level", Err: format.ErrMissing}
	}
	if s, isStr := v.(string); isStr {
		m := mathLevel.FindStringSubmatch(s)
		if m == nil {
			return 0, &format.RowError{Pos: row.Pos, Field: "level", Value: s,
				Err: errorsJoin(format.ErrValue, `want "Level 1" … "Level 5" or "Level ?"`)}
		}
		if m[1] == "?" {
			return 0, nil
		}
		return int(m[1][0] - '0'), nil
	}
	n, err := row.Int("level")
	if err != nil {
		return 0, err
	}
	if n < 1 || n > 5 {
		return 0, &format.RowError{Pos: row.Pos, Field: "level", Value: strconv.FormatInt(n, 10),
			Err: errorsJoin(format.ErrValue, "want a level from 1 to 5")}
	}
	return int(n), nil
}

// MATHBoxed extracts the final answer of a MATH solution: the content of its last
// \boxed{…} (or \fbox{…}), with nested braces matched and escaped braces (\{, \})
// skipped. Like the MATH authors' own extractor it also accepts "\boxed 5", whose
// answer runs to the next "$" (or "\]", "\)" or line end). found is false when the
// solution has no box; err wraps format.ErrValue when the last box is unterminated or
// empty.
func MATHBoxed(s string) (answer string, found bool, err error) {
	at, cmd := -1, ""
	for _, c := range []string{`\boxed`, `\fbox`} {
		if i := mathLastCommand(s, c); i > at {
			at, cmd = i, c
		}
	}
	if at < 0 {
		return "", false, nil
	}
	body := strings.TrimLeft(s[at+len(cmd):], " \t")
	if strings.HasPrefix(body, "{") {
		depth := 0
		for i := 0; i < len(body); i++ {
			switch body[i] {
			case '\\':
				i++ // an escaped character, \{ or \} included, never opens or closes
			case '{':
				depth++
			case '}':
				depth--
				if depth == 0 {
					answer = strings.TrimSpace(body[1:i])
					if answer == "" {
						return "", true, errorsJoin(format.ErrValue, "empty "+cmd+"{}")
					}
					return answer, true, nil
				}
			}
		}
		return "", true, errorsJoin(format.ErrValue, "unterminated "+cmd+"{")
	}
	end := len(body)
	for _, stop := range []string{"$", `\]`, `\)`, "\n"} {
		if i := strings.Index(body, stop); i >= 0 && i < end {
			end = i
		}
	}
	answer = strings.TrimSpace(body[:end])
	if answer == "" {
		return "", true, errorsJoin(format.ErrValue, cmd+" without an argument")
	}
	return answer, true, nil
}

// mathLastCommand returns the index of the last occurrence of the LaTeX command cmd
// in s that is not the start of a longer command name (\boxedfoo), or -1.
func mathLastCommand(s, cmd string) int {
	for end := len(s); ; {
		i := strings.LastIndex(s[:end], cmd)
		if i < 0 {
			return -1
		}
		j := i + len(cmd)
		if j == len(s) || !mathIsLetter(s[j]) {
			return i
		}
		end = i
	}
}

func mathIsLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
