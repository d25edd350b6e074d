package source

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"qmix/lib/format"
	"qmix/lib/record"
)

func init() {
	register(&Adapter{
		Name:      "squad_v2",
		Title:     "SQuAD 2.0",
		Domain:    record.Reading,
		HubID:     "rajpurkar/squad_v2",
		HubConfig: "squad_v2",
		Splits:    []string{Train, Validation},
		License:   "CC BY-SA 4.0",
		Formats: []string{"SQuAD v2.0 JSON {train,dev}-v2.0.json (nested data/paragraphs/qas)",
			"Hub parquet squad_v2-{train,validation}.parquet"},
		Difficulty: "easy: every record — the answer is a span copied from the passage, or the statement that the passage has none",
		Convert:    convertSquadV2,
	})
}

// squadNoAnswer is the answer of an unanswerable SQuAD 2.0 question. SQuAD 2.0 exists
// to teach abstention, so the record keeps the question and the model learns to say the
// passage does not answer it; an empty answer would read as "answer unknown to us".
// Such records carry meta.unanswerable=true and no final_answer.
const squadNoAnswer = "The passage does not contain the answer to this question."

// readingQuestion renders what a model is asked for the reading sources (SQuAD 2.0,
// DROP, CoQA), all in one wording: an instruction, the passage, for CoQA the earlier
// turns of the conversation, then the question. Passage and question are trimmed —
// the sources keep stray leading and trailing spaces (28 SQuAD dev questions, DROP
// passages) that carry no meaning — and both layouts go through this one function.
func readingQuestion(passage string, history []readingTurn, question string) string {
	var b strings.Builder
	b.WriteString("Read the passage and answer the question.\n\nPassage:\n")
	b.WriteString(strings.TrimSpace(passage))
	if len(history) > 0 {
		b.WriteString("\n\nConversation so far:")
		for _, t := range history {
			b.WriteString("\nQ: ")
			b.WriteString(strings.TrimSpace(t.question))
			b.WriteString("\nA: ")
			b.WriteString(strings.TrimSpace(t.answer))
		}
	}
	b.WriteString("\n\nQuestion: ")
	b.WriteString(strings.TrimSpace(question))
	return b.String()
}

// readingTurn is one earlier question and answer of a CoQA conversation.
type readingTurn struct{ question, answer string }

// readingInField names err's field as a member of the struct column parent
// ("answers.text"), since accessors on a nested Row name only the inner field.
func readingInField(err error, parent string) error {
	var re *format.RowError
	if errors.As(err, &re) && re.Field != "" {
		re.Field = parent + "." + re.Field
	}
	return err
}

// readingDataKey names an element of the "data" list for nested error positions:
// "data[3]" (or "data.<key>" should data be an object).
func readingDataKey(pos format.Position) string {
	if pos.Key != "" {
		return "data." + pos.Key
	}
	return fmt.Sprintf("data[%d]", pos.Index)
}

// squadAnswer is one gold answer span.
type squadAnswer struct {
	text  string
	start int
}

// squadQA is one SQuAD question with what both layouts share.
type squadQA struct {
	id, title, context, question string
	answers                      []squadAnswer
}

// convertSquadV2 reads the release JSON (articles → paragraphs → questions, streamed
// one article at a time) or the Hub parquet (one row per question). The source id is
// the question's own id, present in both layouts.
func convertSquadV2(path string, e *Emitter) error {
	files, err := format.Files(path, isData(".json", ".parquet"))
	if err != nil {
		return err
	}
	for _, f := range files {
		split := SplitFromName(f)
		var err error
		if IsParquet(f) {
			err = EachRow(f, nil, format.CSVOptions{}, e, func(row format.Row) error {
				return squadHubRow(row, split, e)
			})
		} else {
			err = EachRow(f, []string{"data"}, format.CSVOptions{}, e, func(row format.Row) error {
				return squadArticle(row, split, e)
			})
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// squadArticle converts one article of the release JSON. A bad paragraph or question
// is reported through e.Handle so that lenient mode skips only it; errors name the
// nested position, e.g. "data[0].paragraphs[3].qas[2]".
func squadArticle(art format.Row, split string, e *Emitter) error {
	art.Pos.Key = readingDataKey(art.Pos)
	title, err := art.Str("title")
	if err != nil {
		return err
	}
	paras, err := art.List("paragraphs")
	if err != nil {
		return err
	}
	for i, pv := range paras {
		if err := e.Handle(squadParagraph(art, i, pv, title, split, e)); err != nil {
			return err
		}
	}
	return nil
}

func squadParagraph(art format.Row, i int, pv any, title, split string, e *Emitter) error {
	para, err := art.Sub(fmt.Sprintf("paragraphs[%d]", i), pv)
	if err != nil {
		return err
	}
	context, err := para.Str("context")
	if err != nil {
		return err
	}
	qas, err := para.List("qas")
	if err != nil {
		return err
	}
	for j, qv := range qas {
		if err := e.Handle(squadNativeQA(para, j, qv, title, context, split, e)); err != nil {
			return err
		}
	}
	return nil
}

func squadNativeQA(para format.Row, j int, qv any, title, context, split string, e *Emitter) error {
	qa, err := para.Sub(fmt.Sprintf("qas[%d]", j), qv)
	if err != nil {
		return err
	}
	q := squadQA{title: title, context: context}
	if q.id, err = qa.Str("id"); err != nil {
		return err
	}
	if q.question, err = qa.Str("question"); err != nil {
		return err
	}
	impossible, err := qa.Bool("is_impossible")
	if err != nil {
		return err
	}
	if q.answers, err = squadSpans(qa, "answers"); err != nil {
		return err
	}
	// The flag and the answers must agree: the Hub layout has no flag and reads an
	// empty answer list as unanswerable, so a disagreement would convert differently.
	switch {
	case impossible && len(q.answers) > 0:
		return qa.Errorf("answers", format.ErrValue, "is_impossible is true but %d answers are given", len(q.answers))
	case !impossible && len(q.answers) == 0:
		return qa.Errorf("answers", format.ErrValue, "is_impossible is false but no answer is given")
	}
	// plausible_answers is a decoy span, never gold; kept in meta for analysis only.
	plausible := ""
	if impossible && qa.Has("plausible_answers") {
		pl, err := squadSpans(qa, "plausible_answers")
		if err != nil {
			return err
		}
		if len(pl) > 0 {
			plausible = pl[0].text
		}
	}
	return squadEmit(qa.Pos, split, q, plausible, e)
}

// squadSpans reads a list of {text, answer_start} objects.
func squadSpans(qa format.Row, field string) ([]squadAnswer, error) {
	l, err := qa.List(field)
	if err != nil {
		return nil, err
	}
	out := make([]squadAnswer, 0, len(l))
	for k, av := range l {
		a, err := qa.Sub(fmt.Sprintf("%s[%d]", field, k), av)
		if err != nil {
			return nil, err
		}
		text, err := a.Str("text")
		if err != nil {
			return nil, err
		}
		start, err := a.Int("answer_start")
		if err != nil {
			return nil, err
		}
		out = append(out, squadAnswer{text, int(start)})
	}
	return out, nil
}

// squadHubRow converts one row of the Hub parquet: answers is a struct of two
// parallel lists, empty for an unanswerable question.
func squadHubRow(row format.Row, split string, e *Emitter) error {
	var q squadQA
	var err error
	for _, f := range []struct {
		name string
		dst  *string
	}{{"id", &q.id}, {"title", &q.title}, {"context", &q.context}, {"question", &q.question}} {
		if *f.dst, err = row.Str(f.name); err != nil {
			return err
		}
	}
	ans, err := row.Map("answers")
	if err != nil {
		return err
	}
	texts, err := ans.Strings("text")
	if err != nil {
		return readingInField(err, "answers")
	}
	starts, err := ans.List("answer_start")
	if err != nil {
		return readingInField(err, "answers")
	}
	if len(starts) != len(texts) {
		return ans.Errorf("answers", format.ErrValue, "%d texts but %d answer_start values", len(texts), len(starts))
	}
	for k, t := range texts {
		n, ok := format.AsInt(starts[k])
		if !ok {
			return &format.RowError{Pos: row.Pos, Field: fmt.Sprintf("answers.answer_start[%d]", k),
				Value: format.Render(starts[k]), Err: fmt.Errorf("%w: want integer, got %s", format.ErrType, format.TypeName(starts[k]))}
		}
		q.answers = append(q.answers, squadAnswer{t, int(n)})
	}
	return squadEmit(row.Pos, split, q, "", e)
}

// squadEmit builds the record both layouts share. Answerable: the answer is the first
// gold text (the original annotator's; dev questions add more references, often
// duplicates), trimmed; meta.answers keeps every distinct reference.
func squadEmit(pos format.Position, split string, q squadQA, plausible string, e *Emitter) error {
	if strings.TrimSpace(q.question) == "" {
		return format.Errorf(pos, "question", format.ErrValue, "empty question")
	}
	if strings.TrimSpace(q.context) == "" {
		return format.Errorf(pos, "context", format.ErrValue, "empty passage")
	}
	meta := map[string]any{
		"title":           q.title,
		"source_question": strings.TrimSpace(q.question),
		"unanswerable":    len(q.answers) == 0,
	}
	answer := squadNoAnswer
	if len(q.answers) > 0 {
		var distinct []string
		seen := map[string]bool{}
		for k, a := range q.answers {
			t := strings.TrimSpace(a.text)
			if t == "" {
				return format.Errorf(pos, fmt.Sprintf("answers[%d].text", k), format.ErrValue, "empty answer text")
			}
			if !seen[t] {
				seen[t] = true
				distinct = append(distinct, t)
			}
		}
		first := q.answers[0]
		answer = strings.TrimSpace(first.text)
		meta["final_answer"] = answer
		meta["answers"] = distinct
		// answer_start counts characters (code points); shift it past any leading space
		// trimmed off so that it still locates the answer in the passage.
		lead := len(first.text) - len(strings.TrimLeftFunc(first.text, unicode.IsSpace))
		meta["answer_start"] = first.start + utf8.RuneCountInString(first.text[:lead])
	} else if plausible != "" {
		meta["plausible_answer"] = plausible
	}
	return e.Emit(pos, split, q.id, record.Record{
		Question: readingQuestion(q.context, nil, q.question),
		Answer:   answer,
		Meta:     meta,
	})
}
