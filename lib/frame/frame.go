// Package frame is the bridge between records and Gota dataframes, the view scripts
// hold. The round trip Records → DataFrame → Records is lossless: every schema field
// has its own typed column and meta travels as compact JSON in a string column.
// The package also renders frames as tables for people (Text, HTML): the prompt,
// the Jupyter kernel and lib.Display share that one rendering.
package frame

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"qmix/lib/record"
)

// Column names of a records frame, in order.
const (
	ColID             = "id"
	ColQuestion       = "question"
	ColAnswer         = "answer"
	ColDomain         = "domain"
	ColDifficulty     = "difficulty"
	ColSource         = "source"
	ColSourceID       = "source_id"
	ColLicense        = "license"
	ColQuestionTokens = "question_tokens"
	ColAnswerTokens   = "answer_tokens"
	ColTokens         = "tokens" // question + answer, for sorting and stats; ignored on the way back
	ColMeta           = "meta"   // JSON object
)

// Columns lists the columns FromRecords produces.
var Columns = []string{ColID, ColQuestion, ColAnswer, ColDomain, ColDifficulty, ColSource, ColSourceID,
	ColLicense, ColQuestionTokens, ColAnswerTokens, ColTokens, ColMeta}

// FromRecords builds a frame with one row per record.
func FromRecords(recs []record.Record) (dataframe.DataFrame, error) {
	n := len(recs)
	str := func() []string { return make([]string, n) }
	id, q, a, dom, diff, src, sid, lic, meta := str(), str(), str(), str(), str(), str(), str(), str(), str()
	qt, at, tt := make([]int, n), make([]int, n), make([]int, n)
	for i, r := range recs {
		id[i], q[i], a[i], dom[i], diff[i] = r.ID, r.Question, r.Answer, r.Domain, r.Difficulty
		src[i], sid[i], lic[i] = r.Source, r.SourceID, r.License
		qt[i], at[i], tt[i] = r.Tokens.Question, r.Tokens.Answer, r.TotalTokens()
		m, err := marshalMeta(r.Meta)
		if err != nil {
			return dataframe.DataFrame{}, fmt.Errorf("record %q: meta: %w", r.ID, err)
		}
		meta[i] = m
	}
	df := dataframe.New(
		series.New(id, series.String, ColID),
		series.New(q, series.String, ColQuestion),
		series.New(a, series.String, ColAnswer),
		series.New(dom, series.String, ColDomain),
		series.New(diff, series.String, ColDifficulty),
		series.New(src, series.String, ColSource),
		series.New(sid, series.String, ColSourceID),
		series.New(lic, series.String, ColLicense),
		series.New(qt, series.Int, ColQuestionTokens),
		series.New(at, series.Int, ColAnswerTokens),
		series.New(tt, series.Int, ColTokens),
		series.New(meta, series.String, ColMeta),
	)
	return df, df.Err
}

// ToRecords reads records back from a frame that has at least the id and question
// columns; other schema columns are read when present. Every value is checked: a
// token count that is not an integer or meta that is not a JSON object is an error
// naming the row and column, never a silent zero.
func ToRecords(df dataframe.DataFrame) ([]record.Record, error) {
	if df.Err != nil {
		return nil, df.Err
	}
	names := map[string]bool{}
	for _, n := range df.Names() {
		names[n] = true
	}
	for _, c := range []string{ColID, ColQuestion} {
		if !names[c] {
			return nil, fmt.Errorf("frame: no %q column (have %v)", c, df.Names())
		}
	}
	n := df.Nrow()
	recs := make([]record.Record, n)
	strCol := func(name string, set func(*record.Record, string)) error {
		if !names[name] {
			return nil
		}
		s := df.Col(name)
		if s.Type() != series.String {
			return fmt.Errorf("frame: column %q is %s, want string", name, s.Type())
		}
		for i, v := range s.Records() {
			set(&recs[i], v)
		}
		return nil
	}
	intCol := func(name string, set func(*record.Record, int)) error {
		if !names[name] {
			return nil
		}
		s := df.Col(name)
		for i := 0; i < n; i++ {
			e := s.Elem(i)
			v, err := e.Int()
			if err != nil || e.IsNA() {
				return fmt.Errorf("frame: row %d column %q: %q is not an integer", i, name, e.String())
			}
			set(&recs[i], v)
		}
		return nil
	}
	steps := []error{
		strCol(ColID, func(r *record.Record, v string) { r.ID = v }),
		strCol(ColQuestion, func(r *record.Record, v string) { r.Question = v }),
		strCol(ColAnswer, func(r *record.Record, v string) { r.Answer = v }),
		strCol(ColDomain, func(r *record.Record, v string) { r.Domain = v }),
		strCol(ColDifficulty, func(r *record.Record, v string) { r.Difficulty = v }),
		strCol(ColSource, func(r *record.Record, v string) { r.Source = v }),
		strCol(ColSourceID, func(r *record.Record, v string) { r.SourceID = v }),
		strCol(ColLicense, func(r *record.Record, v string) { r.License = v }),
		intCol(ColQuestionTokens, func(r *record.Record, v int) { r.Tokens.Question = v }),
		intCol(ColAnswerTokens, func(r *record.Record, v int) { r.Tokens.Answer = v }),
	}
	for _, err := range steps {
		if err != nil {
			return nil, err
		}
	}
	if names[ColMeta] {
		for i, v := range df.Col(ColMeta).Records() {
			m, err := unmarshalMeta(v)
			if err != nil {
				return nil, fmt.Errorf("frame: row %d column %q: %w", i, ColMeta, err)
			}
			recs[i].Meta = m
		}
	}
	return recs, nil
}

func marshalMeta(m map[string]any) (string, error) {
	if len(m) == 0 {
		return "{}", nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return "", err
	}
	return string(bytes.TrimRight(buf.Bytes(), "\n")), nil
}

func unmarshalMeta(s string) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("not a JSON object: %v", err)
	}
	if m == nil {
		m = map[string]any{}
	}
	return m, nil
}
