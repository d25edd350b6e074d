package source

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"qmix/lib/format"
	"qmix/lib/record"
)

func init() {
	register(&Adapter{
		Name:      "coqa",
		Title:     "CoQA",
		Domain:    record.Reading,
		HubID:     "stanfordnlp/coqa",
		HubConfig: "default",
		Splits:    []string{Train, Validation},
		License:   coqaLicense,
		Formats: []string{"CoQA JSON coqa-{train,dev}-v1.0.json (stories with parallel questions/answers)",
			"Hub parquet default-{train,validation}.parquet"},
		Difficulty: "easy: every record — short free-form answers about a passage; the plan labels public records easy",
		Convert:    convertCoqa,
	})
}

// coqaLicense is the dataset's license as its card states it: "other", with the
// passages licensed per source domain. Each record carries its own domain's license
// (coqaLicenses) where the domain is one the card names.
const coqaLicense = "other (per passage domain: CC BY-SA 4.0 for Wikipedia and literature, MSR-LA for MCTest, the RACE license for exams, Apache 2.0 for CNN)"

// coqaLicenses maps CoQA's `source` field to the license the card gives that domain.
var coqaLicenses = map[string]string{
	"wikipedia": "CC BY-SA 4.0",
	"gutenberg": "CC BY-SA 4.0", // literature
	"mctest":    "MSR-LA",       // children's stories
	"race":      "RACE license", // middle/high school exams
	"cnn":       "Apache 2.0",   // news
}

// coqaTurn is one question with its answer, as both layouts give it.
type coqaTurn struct {
	turn       int // 1-based turn number
	question   string
	answer     string
	start, end int
	pos        format.Position
	err        error          // set when the turn cannot be converted
	extra      map[string]any // meta the release adds (rationale, additional answers)
}

// convertCoqa reads the release JSON (stories under "data", streamed one at a time)
// or the Hub parquet (one row per story). Each turn becomes one record whose question
// holds the story, the earlier turns as a dialogue, and the current question.
//
// Source id: "<story key>/<turn>". The Hub layout drops the story id, so the story key
// is HashID(story + "\n" + first question) in both layouts (the story alone might
// repeat; the row index would shift between sharded or partial files); the release's
// own id is kept in meta.story_id. The turn is the release's turn_id, and the 1-based
// position in the Hub lists (the loader writes the turns in release order).
func convertCoqa(path string, e *Emitter) error {
	files, err := format.Files(path, isData(".json", ".parquet"))
	if err != nil {
		return err
	}
	for _, f := range files {
		split := SplitFromName(f)
		var err error
		if IsParquet(f) {
			err = EachRow(f, nil, format.CSVOptions{}, e, func(row format.Row) error {
				return coqaHubRow(row, split, e)
			})
		} else {
			err = EachRow(f, []string{"data"}, format.CSVOptions{}, e, func(row format.Row) error {
				return coqaStory(row, split, e)
			})
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// coqaStory converts one story of the release JSON. Questions and answers are paired
// by turn_id, not by position. A bad turn is reported through e.Handle and skipped
// alone; later turns keep the earlier good turns as their dialogue.
func coqaStory(st format.Row, split string, e *Emitter) error {
	st.Pos.Key = readingDataKey(st.Pos)
	domain, err := st.Str("source")
	if err != nil {
		return err
	}
	storyID, err := st.Str("id")
	if err != nil {
		return err
	}
	story, err := st.Str("story")
	if err != nil {
		return err
	}
	filename, err := st.OptStr("filename")
	if err != nil {
		return err
	}
	qs, err := st.List("questions")
	if err != nil {
		return err
	}
	as, err := st.List("answers")
	if err != nil {
		return err
	}
	if len(qs) == 0 {
		return st.Errorf("questions", format.ErrValue, "story has no questions")
	}
	// The story key needs the first question: without it the story has no id.
	first, err := st.Sub("questions[0]", qs[0])
	if err != nil {
		return err
	}
	firstQ, err := first.Str("input_text")
	if err != nil {
		return err
	}

	// Answers by turn_id. An answer whose turn_id is unreadable cannot be placed: it
	// is reported at once, and its question then reports that it has no answer.
	answers := map[int]*coqaTurn{}
	for k, av := range as {
		a, err := st.Sub(fmt.Sprintf("answers[%d]", k), av)
		if err == nil {
			var t *coqaTurn
			if t, err = coqaNativeAnswer(a); t != nil {
				if _, dup := answers[t.turn]; dup {
					t.err = a.Errorf("turn_id", format.ErrDuplicate, "two answers for turn %d", t.turn)
				}
				answers[t.turn] = t
			}
		}
		if err := e.Handle(err); err != nil {
			return err
		}
	}
	extra, err := coqaAdditional(st, e)
	if err != nil {
		return err
	}

	var turns []*coqaTurn
	asked := map[int]bool{}
	prev := 0
	for i, qv := range qs {
		var t *coqaTurn
		q, err := st.Sub(fmt.Sprintf("questions[%d]", i), qv)
		if err != nil {
			t = &coqaTurn{err: err}
		} else {
			t = coqaNativeQuestion(q, answers, asked, prev)
			prev = max(prev, t.turn)
		}
		if t.err == nil && len(extra[t.turn]) > 0 {
			t.extra["additional_answers"] = extra[t.turn]
		}
		turns = append(turns, t)
	}
	common := map[string]any{"story_id": storyID}
	if filename != "" {
		common["filename"] = filename
	}
	if err := coqaEmitStory(split, coqaStoryKey(story, firstQ), domain, story, turns, common, e); err != nil {
		return err
	}
	// Answers no question asked for, in turn order so reports are deterministic.
	var orphans []int
	for turn := range answers {
		if !asked[turn] {
			orphans = append(orphans, turn)
		}
	}
	sort.Ints(orphans)
	for _, turn := range orphans {
		a := answers[turn]
		err := format.Errorf(a.pos, "turn_id", format.ErrValue, "answer for turn %d has no question", turn)
		if err := e.Handle(err); err != nil {
			return err
		}
	}
	return nil
}

// coqaNativeAnswer reads one element of answers. It returns the turn (with err set if
// only its content is bad) when turn_id is readable, else an error.
func coqaNativeAnswer(a format.Row) (*coqaTurn, error) {
	tid, err := a.Int("turn_id")
	if err != nil {
		return nil, err
	}
	t := &coqaTurn{turn: int(tid), pos: a.Pos, extra: map[string]any{}}
	text, err := a.Str("input_text")
	if err != nil {
		t.err = err
		return t, nil
	}
	start, err := a.Int("span_start")
	if err != nil {
		t.err = err
		return t, nil
	}
	end, err := a.Int("span_end")
	if err != nil {
		t.err = err
		return t, nil
	}
	rationale, err := a.OptStr("span_text")
	if err != nil {
		t.err = err
		return t, nil
	}
	t.answer, t.start, t.end = text, int(start), int(end)
	if rationale != "" {
		t.extra["rationale"] = rationale
	}
	return t, nil
}

// coqaNativeQuestion reads one element of questions and pairs it with its answer.
func coqaNativeQuestion(q format.Row, answers map[int]*coqaTurn, asked map[int]bool, prev int) *coqaTurn {
	bad := func(err error) *coqaTurn { return &coqaTurn{pos: q.Pos, err: err} }
	tid, err := q.Int("turn_id")
	if err != nil {
		return bad(err)
	}
	turn := int(tid)
	if asked[turn] {
		return bad(q.Errorf("turn_id", format.ErrDuplicate, "turn %d asked twice", turn))
	}
	// Marked before the text is read: a question with a bad text still claims its
	// answer, which is then not reported a second time as an orphan.
	asked[turn] = true
	text, err := q.Str("input_text")
	if err != nil {
		return bad(err)
	}
	// Turns must come in order: the dialogue context of a turn is the turns before it,
	// and the Hub layout numbers turns by position.
	if turn <= prev {
		return bad(q.Errorf("turn_id", format.ErrValue, "turn %d comes after turn %d", turn, prev))
	}
	a, ok := answers[turn]
	if !ok {
		return bad(q.Errorf("answers", format.ErrMissing, "no answer with turn_id %d", turn))
	}
	if a.err != nil {
		return bad(a.err)
	}
	t := *a
	t.question, t.pos = text, q.Pos
	t.extra = map[string]any{}
	for k, v := range a.extra {
		t.extra[k] = v
	}
	return &t
}

// coqaAdditional reads the dev set's additional_answers ({"0": [answer…], "1": …}, one
// list per extra annotator) into the extra answer texts of each turn. A bad element
// is reported and left out: it is an alternative reference, not a record.
func coqaAdditional(st format.Row, e *Emitter) (map[int][]string, error) {
	out := map[int][]string{}
	if !st.Has("additional_answers") {
		return out, nil
	}
	m, err := st.Map("additional_answers")
	if err != nil {
		return out, e.Handle(err)
	}
	keys := make([]string, 0, len(m.Fields))
	for k := range m.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		field := "additional_answers." + k
		l, err := m.List(k)
		if err != nil {
			err = readingInField(err, "additional_answers")
			if err := e.Handle(err); err != nil {
				return nil, err
			}
			continue
		}
		for j, v := range l {
			err := func() error {
				a, err := st.Sub(fmt.Sprintf("%s[%d]", field, j), v)
				if err != nil {
					return err
				}
				tid, err := a.Int("turn_id")
				if err != nil {
					return err
				}
				text, err := a.Str("input_text")
				if err != nil {
					return err
				}
				out[int(tid)] = append(out[int(tid)], text)
				return nil
			}()
			if err := e.Handle(err); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// coqaHubRow converts one row of the Hub parquet: questions is a list of strings and
// answers a struct of three lists parallel to it. Lists of different lengths cannot be
// paired, so they fail the whole row; a bad element fails only its turn.
func coqaHubRow(row format.Row, split string, e *Emitter) error {
	domain, err := row.Str("source")
	if err != nil {
		return err
	}
	story, err := row.Str("story")
	if err != nil {
		return err
	}
	qs, err := row.List("questions")
	if err != nil {
		return err
	}
	as, err := row.Map("answers")
	if err != nil {
		return err
	}
	cols := map[string][]any{}
	for _, c := range []string{"input_text", "answer_start", "answer_end"} {
		l, err := as.List(c)
		if err != nil {
			return readingInField(err, "answers")
		}
		if len(l) != len(qs) {
			return row.Errorf("answers."+c, format.ErrValue, "%d questions but %d answers.%s", len(qs), len(l), c)
		}
		cols[c] = l
	}
	if len(qs) == 0 {
		return row.Errorf("questions", format.ErrValue, "story has no questions")
	}
	firstQ, ok := qs[0].(string)
	if !ok {
		return coqaTypeErr(row.Pos, "questions[0]", "string", qs[0])
	}
	turns := make([]*coqaTurn, len(qs))
	for i := range qs {
		pos := row.Pos
		pos.Key = fmt.Sprintf("questions[%d]", i)
		t := &coqaTurn{turn: i + 1, pos: pos, extra: map[string]any{}}
		var ok bool
		var n int64
		switch {
		case !coqaIsString(qs[i], &t.question):
			t.err = coqaTypeErr(pos, fmt.Sprintf("questions[%d]", i), "string", qs[i])
		case !coqaIsString(cols["input_text"][i], &t.answer):
			t.err = coqaTypeErr(pos, fmt.Sprintf("answers.input_text[%d]", i), "string", cols["input_text"][i])
		default:
			if n, ok = format.AsInt(cols["answer_start"][i]); !ok {
				t.err = coqaTypeErr(pos, fmt.Sprintf("answers.answer_start[%d]", i), "integer", cols["answer_start"][i])
				break
			}
			t.start = int(n)
			if n, ok = format.AsInt(cols["answer_end"][i]); !ok {
				t.err = coqaTypeErr(pos, fmt.Sprintf("answers.answer_end[%d]", i), "integer", cols["answer_end"][i])
				break
			}
			t.end = int(n)
		}
		turns[i] = t
	}
	return coqaEmitStory(split, coqaStoryKey(story, firstQ), domain, story, turns, map[string]any{}, e)
}

func coqaIsString(v any, dst *string) bool {
	s, ok := v.(string)
	*dst = s
	return ok
}

func coqaTypeErr(pos format.Position, field, want string, v any) *format.RowError {
	return &format.RowError{Pos: pos, Field: field, Value: format.Render(v),
		Err: fmt.Errorf("%w: want %s, got %s", format.ErrType, want, format.TypeName(v))}
}

// coqaStoryKey identifies a conversation in both layouts (see convertCoqa).
func coqaStoryKey(story, firstQuestion string) string {
	return HashID(story + "\n" + firstQuestion)
}

// coqaEmitStory emits one record per good turn, each with the good turns before it
// as its dialogue context, and reports the bad ones.
func coqaEmitStory(split, key, domain, story string, turns []*coqaTurn, common map[string]any, e *Emitter) error {
	var history []readingTurn
	for _, t := range turns {
		if t.err == nil {
			t.err = coqaEmitTurn(split, key, domain, story, history, t, common, e)
			if t.err == nil {
				history = append(history, readingTurn{t.question, t.answer})
			}
		}
		if err := e.Handle(t.err); err != nil {
			return err
		}
	}
	return nil
}

func coqaEmitTurn(split, key, domain, story string, history []readingTurn, t *coqaTurn, common map[string]any, e *Emitter) error {
	question := strings.TrimSpace(t.question)
	answer := strings.TrimSpace(t.answer)
	switch {
	case question == "":
		return format.Errorf(t.pos, "input_text", format.ErrValue, "empty question")
	case answer == "":
		return format.Errorf(t.pos, "answers", format.ErrValue, "empty answer")
	case strings.TrimSpace(story) == "":
		return format.Errorf(t.pos, "story", format.ErrValue, "empty story")
	}
	meta := map[string]any{
		"final_answer":    answer,
		"turn":            t.turn,
		"span_start":      t.start,
		"span_end":        t.end,
		"story_source":    domain,
		"source_question": question,
		// CoQA answers "unknown" when the story does not say; the answer is kept as the
		// dataset gives it, and flagged like SQuAD 2.0's unanswerable questions.
		"unanswerable": strings.EqualFold(answer, coqaUnknown),
	}
	for k, v := range common {
		meta[k] = v
	}
	for k, v := range t.extra {
		meta[k] = v
	}
	license := coqaLicenses[domain]
	if license == "" {
		license = coqaLicense
	}
	return e.Emit(t.pos, split, key+"/"+strconv.Itoa(t.turn), record.Record{
		Question: readingQuestion(story, history, question),
		Answer:   answer,
		License:  license,
		Meta:     meta,
	})
}

// coqaUnknown is CoQA's answer for a question the story does not answer.
const coqaUnknown = "unknown"
