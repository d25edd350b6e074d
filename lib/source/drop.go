package source

import (
	"fmt"
	"strings"

	"qmix/lib/format"
	"qmix/lib/record"
)

func init() {
	register(&Adapter{
		Name:      "drop",
		Title:     "DROP",
		Domain:    record.Reading,
		HubID:     "ucinlp/drop",
		HubConfig: "default",
		Splits:    []string{Train, Validation},
		License:   "CC BY-SA 4.0",
		Formats: []string{"DROP JSON drop_dataset_{train,dev}.json (object keyed by passage id)",
			"Hub parquet default-{train,validation}.parquet"},
		Difficulty: "easy: every record — short number, date or span answers; the plan labels public records easy and leaves relabelling to complexity analysis",
		Convert:    convertDrop,
	})
}

// dropEntry is one gold answer value as the Hub loader flattens them: the text and its
// type, "number", "date" or "span".
type dropEntry struct{ text, typ string }

// Answer types in meta.answer_type: the loader's three, plus "spans" for several spans
// joined into one answer.
const (
	dropNumber = "number"
	dropDate   = "date"
	dropSpan   = "span"
	dropSpans  = "spans"
)

// convertDrop reads the release JSON (an object keyed by passage id, each passage with
// its qa_pairs) or the Hub parquet (one row per question). The source id is query_id,
// present in both layouts.
//
// Gold answers follow the Hub loader (ucinlp/drop, drop.py build_answers), so that
// both layouts derive the same answer: train uses the question's `answer`, validation
// its `validated_answers` (a release question without them — the loader would fail on
// it, so the Hub has none — falls back to its `answer`); every answer contributes its
// number, its date ("day month year", empty parts left out) or each of its spans, as
// one flat list. The dev release's own `answer` is kept as meta.original_answer. The answer is
// then chosen from that list by dropChoose. A question the loader would skip (an
// answer with more than one type, or no answer at all) is a RowError here, so lenient
// mode reports it instead of losing it silently.
func convertDrop(path string, e *Emitter) error {
	files, err := format.Files(path, isData(".json", ".parquet"))
	if err != nil {
		return err
	}
	for _, f := range files {
		split := SplitFromName(f)
		err := EachRow(f, nil, format.CSVOptions{}, e, func(row format.Row) error {
			if IsParquet(f) {
				return dropHubRow(row, split, e)
			}
			return dropPassage(row, split, e)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// dropPassage converts one passage of the release JSON; Pos.Key is the passage id, and
// each question's errors name "<passage id>.qa_pairs[i]".
func dropPassage(p format.Row, split string, e *Emitter) error {
	passageID := p.Pos.Key
	if passageID == "" {
		// An array of passages, or an empty key: the passage id is missing.
		return p.Errorf("", format.ErrValue, "want passages keyed by passage id")
	}
	passage, err := p.Str("passage")
	if err != nil {
		return err
	}
	wikiURL, err := p.OptStr("wiki_url")
	if err != nil {
		return err
	}
	qas, err := p.List("qa_pairs")
	if err != nil {
		return err
	}
	for i, qv := range qas {
		if err := e.Handle(dropNativeQA(p, i, qv, passageID, passage, wikiURL, split, e)); err != nil {
			return err
		}
	}
	return nil
}

func dropNativeQA(p format.Row, i int, qv any, passageID, passage, wikiURL, split string, e *Emitter) error {
	qa, err := p.Sub(fmt.Sprintf("qa_pairs[%d]", i), qv)
	if err != nil {
		return err
	}
	question, err := qa.Str("question")
	if err != nil {
		return err
	}
	queryID, err := qa.Str("query_id")
	if err != nil {
		return err
	}
	// The top-level answer is required in both splits: it is the original annotation.
	orig, err := qa.Map("answer")
	if err != nil {
		return err
	}
	origEntries, err := dropAnswerEntries(orig, "answer")
	if err != nil {
		return err
	}
	entries, single := origEntries, true
	meta := map[string]any{}
	if split != Train && qa.Has("validated_answers") {
		va, err := qa.List("validated_answers")
		if err != nil {
			return err
		}
		entries, single = nil, false
		for k, v := range va {
			field := fmt.Sprintf("validated_answers[%d]", k)
			a, err := qa.Sub(field, v)
			if err != nil {
				return err
			}
			got, err := dropAnswerEntries(a, field)
			if err != nil {
				return err
			}
			entries = append(entries, got...)
		}
		// The Hub layout keeps only the validated answers; the original annotation
		// is worth keeping where the release has it.
		origText, _ := dropChoose(origEntries, true)
		meta["original_answer"] = origText
	}
	if wikiURL != "" {
		meta["wiki_url"] = wikiURL
	}
	return dropEmit(qa.Pos, split, queryID, passageID, passage, question, entries, single, meta, e)
}

// dropAnswerEntries flattens one answer struct {number, date{day,month,year}, spans[]}
// the way the Hub loader does, enforcing its rule that exactly one type is filled.
func dropAnswerEntries(a format.Row, field string) ([]dropEntry, error) {
	number, err := a.Str("number")
	if err != nil {
		return nil, err
	}
	d, err := a.Map("date")
	if err != nil {
		return nil, err
	}
	var parts []string
	for _, k := range []string{"day", "month", "year"} {
		// The loader reads date parts with .get(k, ""): absent parts are allowed.
		s, err := d.OptStr(k)
		if err != nil {
			return nil, err
		}
		parts = append(parts, s)
	}
	spans, err := a.Strings("spans")
	if err != nil {
		return nil, err
	}
	// "day month year" with runs of spaces collapsed, as dropHubRow reads the
	// loader's string, so an empty day gives "May 1990" in both layouts.
	date := strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
	filled := 0
	for _, ok := range []bool{number != "", date != "", len(spans) > 0} {
		if ok {
			filled++
		}
	}
	switch {
	case filled == 0:
		return nil, a.Errorf(field, format.ErrValue, "answer has no number, date or span")
	case filled > 1:
		return nil, a.Errorf(field, format.ErrValue, "answer fills more than one of number, date and spans")
	case number != "":
		return []dropEntry{{number, dropNumber}}, nil
	case date != "":
		return []dropEntry{{date, dropDate}}, nil
	}
	out := make([]dropEntry, len(spans))
	for i, s := range spans {
		out[i] = dropEntry{s, dropSpan}
	}
	return out, nil
}

// dropHubRow converts one row of the Hub parquet: answers_spans is a struct of two
// parallel lists, spans and types.
func dropHubRow(row format.Row, split string, e *Emitter) error {
	var sectionID, queryID, passage, question string
	var err error
	for _, f := range []struct {
		name string
		dst  *string
	}{{"section_id", &sectionID}, {"query_id", &queryID}, {"passage", &passage}, {"question", &question}} {
		if *f.dst, err = row.Str(f.name); err != nil {
			return err
		}
	}
	as, err := row.Map("answers_spans")
	if err != nil {
		return err
	}
	spans, err := as.Strings("spans")
	if err != nil {
		return readingInField(err, "answers_spans")
	}
	types, err := as.Strings("types")
	if err != nil {
		return readingInField(err, "answers_spans")
	}
	if len(spans) != len(types) {
		return row.Errorf("answers_spans", format.ErrValue, "%d spans but %d types", len(spans), len(types))
	}
	entries := make([]dropEntry, len(spans))
	for i := range spans {
		switch types[i] {
		case dropNumber, dropSpan:
		case dropDate:
			// The loader joins day, month and year with spaces even when one is
			// empty ("5  1990"); runs of spaces are collapsed here as on the
			// release side, so both layouts give "5 1990".
			spans[i] = strings.Join(strings.Fields(spans[i]), " ")
		default:
			return &format.RowError{Pos: row.Pos, Field: fmt.Sprintf("answers_spans.types[%d]", i), Value: types[i],
				Err: fmt.Errorf("%w: want number, date or span", format.ErrValue)}
		}
		entries[i] = dropEntry{spans[i], types[i]}
	}
	// Train rows hold one answer; validation rows the flattened validated answers.
	return dropEmit(row.Pos, split, queryID, sectionID, passage, question, entries, split == Train, map[string]any{}, e)
}

// dropEmit builds the record both layouts share.
func dropEmit(pos format.Position, split, queryID, passageID, passage, question string,
	entries []dropEntry, single bool, meta map[string]any, e *Emitter) error {
	if strings.TrimSpace(question) == "" {
		return format.Errorf(pos, "question", format.ErrValue, "empty question")
	}
	if strings.TrimSpace(passage) == "" {
		return format.Errorf(pos, "passage", format.ErrValue, "empty passage")
	}
	for i := range entries {
		entries[i].text = strings.TrimSpace(entries[i].text)
		if entries[i].text == "" {
			return format.Errorf(pos, "answer", format.ErrValue, "empty answer value")
		}
	}
	if len(entries) == 0 {
		return format.Errorf(pos, "answer", format.ErrValue, "question has no gold answer")
	}
	answer, typ := dropChoose(entries, single)
	var distinct []string
	seen := map[string]bool{}
	for _, en := range entries {
		if !seen[en.text] {
			seen[en.text] = true
			distinct = append(distinct, en.text)
		}
	}
	meta["final_answer"] = answer
	meta["answer_type"] = typ
	meta["answers"] = distinct
	meta["passage_id"] = passageID
	meta["source_question"] = strings.TrimSpace(question)
	return e.Emit(pos, split, queryID, record.Record{
		Question: readingQuestion(passage, nil, question),
		Answer:   answer,
		Meta:     meta,
	})
}

// dropChoose picks the answer from the flat gold list. Only what both layouts hold is
// used — the list and whether it is one answer — so release and Hub agree.
//
//   - One answer (train): a number or date is the answer; several spans are one
//     multi-span answer, joined with ", ".
//   - Several validated answers (validation): the Hub layout cannot tell a multi-span
//     answer from alternative answers, so the answer is the annotators' majority: the
//     most frequent value, ties to the first. When two or more values tie at the top
//     with a count of 2 or more and all are spans, they were given together by
//     several annotators — a multi-span answer — and are joined with ", ". A lone
//     multi-span validated answer (every value once) yields its first span; meta.answers
//     keeps them all.
func dropChoose(entries []dropEntry, single bool) (answer, typ string) {
	if single {
		if len(entries) == 1 {
			return entries[0].text, entries[0].typ
		}
		texts := make([]string, len(entries))
		for i, en := range entries {
			texts[i] = en.text
		}
		return strings.Join(texts, ", "), dropSpans
	}
	count := map[string]int{}
	var order []dropEntry
	for _, en := range entries {
		if count[en.text] == 0 {
			order = append(order, en)
		}
		count[en.text]++
	}
	top := 0
	for _, en := range order {
		top = max(top, count[en.text])
	}
	var best []dropEntry
	allSpans := true
	for _, en := range order {
		if count[en.text] == top {
			best = append(best, en)
			allSpans = allSpans && en.typ == dropSpan
		}
	}
	if len(best) > 1 && top >= 2 && allSpans {
		texts := make([]string, len(best))
		for i, en := range best {
			texts[i] = en.text
		}
		return strings.Join(texts, ", "), dropSpans
	}
	return best[0].text, best[0].typ
}
