package format

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	pqformat "github.com/parquet-go/parquet-go/format"
)

// Go types of decoded values, as %T prints them.
const (
	tStr  = "string"
	tInt  = "int64"
	tList = "[]interface {}"
	tObj  = "map[string]interface {}"
)

// hubFiles are the Hub-layout files of the shared datasets with their row groups and
// column types, as their SOURCE.md files give them.
var hubFiles = []struct {
	dir, file string
	groups    []int
	columns   map[string]string
}{
	{"gsm8k", "main-test.parquet", []int{500, 500, 319}, map[string]string{"question": tStr, "answer": tStr}},
	{"math", "default-test.parquet", []int{140}, map[string]string{"problem": tStr, "level": tStr, "type": tStr, "solution": tStr}},
	{"humaneval", "openai_humaneval-test.parquet", []int{164}, map[string]string{"task_id": tStr, "prompt": tStr, "canonical_solution": tStr, "test": tStr, "entry_point": tStr}},
	{"mbpp", "full-test.parquet", []int{250, 250}, map[string]string{"task_id": tInt, "text": tStr, "code": tStr, "test_list": tList, "test_setup_code": tStr, "challenge_test_list": tList}},
	{"mmlu", "all-test.parquet", []int{476, 475}, map[string]string{"question": tStr, "subject": tStr, "choices": tList, "answer": tInt}},
	{"arc-challenge", "ARC-Challenge-test.parquet", []int{2}, map[string]string{"id": tStr, "question": tStr, "choices": tObj, "answerKey": tStr}},
	{"hellaswag", "default-validation.parquet", []int{2}, map[string]string{"ind": tInt, "activity_label": tStr, "ctx_a": tStr, "ctx_b": tStr, "ctx": tStr, "endings": tList, "source_id": tStr, "split": tStr, "split_type": tStr, "label": tStr}},
	{"squad-v2", "squad_v2-validation.parquet", []int{313, 313}, map[string]string{"id": tStr, "title": tStr, "context": tStr, "question": tStr, "answers": tObj}},
	{"drop", "default-validation.parquet", []int{2}, map[string]string{"section_id": tStr, "query_id": tStr, "passage": tStr, "question": tStr, "answers_spans": tObj}},
	{"coqa", "default-validation.parquet", []int{1}, map[string]string{"source": tStr, "story": tStr, "questions": tList, "answers": tObj}},
	{"gorilla-apibench", "default-test.parquet", []int{186}, map[string]string{"code": tStr, "api_call": tStr, "provider": tStr, "api_data": tStr}},
	{"commonsenseqa", "default-validation.parquet", []int{500, 500, 221}, map[string]string{"id": tStr, "question": tStr, "question_concept": tStr, "choices": tObj, "answerKey": tStr}},
	{"piqa", "plain_text-validation.parquet", []int{500, 500, 500, 338}, map[string]string{"goal": tStr, "sol1": tStr, "sol2": tStr, "label": tInt}},
	{"cnn-dailymail", "3.0.0-test.parquet", []int{10}, map[string]string{"article": tStr, "highlights": tStr, "id": tStr}},
	{"xsum", "default-test.parquet", []int{20}, map[string]string{"document": tStr, "summary": tStr, "id": tStr}},
	{"alpaca", "default-train.parquet", []int{100}, map[string]string{"instruction": tStr, "input": tStr, "output": tStr, "text": tStr}},
}

func hubPath(t testing.TB, dir, file string) string {
	return filepath.Join(sharedDir(t), dir, "hub", file)
}

// readParquet decodes a whole file in strict mode.
func readParquet(t testing.TB, path string) []Row {
	t.Helper()
	var rows []Row
	err := EachParquet(path, Options{}, func(r Row) error {
		rows = append(rows, r)
		return nil
	})
	if err != nil {
		t.Fatalf("EachParquet(%s): %v", path, err)
	}
	return rows
}

func TestEachParquetHubFiles(t *testing.T) {
	for _, tt := range hubFiles {
		t.Run(tt.dir, func(t *testing.T) {
			path := hubPath(t, tt.dir, tt.file)
			rows := readParquet(t, path)
			want := 0
			for _, n := range tt.groups {
				want += n
			}
			if len(rows) != want {
				t.Fatalf("got %d rows, want %d", len(rows), want)
			}
			// Positions run through the row groups in order: Row restarts at 0 in
			// every group, Index never does.
			i := 0
			for g, n := range tt.groups {
				for r := range n {
					wantPos := Position{File: path, RowGroup: g, Row: r, Index: i}
					if rows[i].Pos != wantPos {
						t.Fatalf("row %d: Pos = %+v, want %+v", i, rows[i].Pos, wantPos)
					}
					i++
				}
			}
			for _, row := range rows {
				if len(row.Fields) != len(tt.columns) {
					t.Fatalf("%s: fields %v, want %d columns", row.Pos, keys(row.Fields), len(tt.columns))
				}
				for col, typ := range tt.columns {
					if got := fmt.Sprintf("%T", row.Fields[col]); got != typ {
						t.Fatalf("%s: %s is %s, want %s", row.Pos, col, got, typ)
					}
				}
			}
		})
	}
}

func TestEachParquetRowGroupBoundary(t *testing.T) {
	path := hubPath(t, "gsm8k", "main-test.parquet")
	rows := readParquet(t, path)
	tests := []struct {
		index, group, row int
	}{
		{0, 0, 0}, {499, 0, 499}, {500, 1, 0}, {999, 1, 499}, {1000, 2, 0}, {1318, 2, 318},
	}
	for _, tt := range tests {
		p := rows[tt.index].Pos
		if p.RowGroup != tt.group || p.Row != tt.row || p.Index != tt.index || p.Line != 0 || p.File != path {
			t.Errorf("row %d: Pos = %+v, want row group %d row %d", tt.index, p, tt.group, tt.row)
		}
	}
	if got, want := rows[500].Pos.String(), path+": row group 1 row 0"; got != want {
		t.Errorf("Pos.String() = %q, want %q", got, want)
	}
	// The 501st row is the 501st record of the native file.
	native := readJSONLines(t, filepath.Join(sharedDir(t), "gsm8k", "test.jsonl"))
	for i, row := range rows {
		sameJSON(t, fmt.Sprintf("row %d", i), row.Fields, native[i])
	}
}

// TestEachParquetNestedValues compares the nested columns of the Hub files with the
// records they were converted from.
func TestEachParquetNestedValues(t *testing.T) {
	shared := sharedDir(t)
	native := func(parts ...string) string { return filepath.Join(append([]string{shared}, parts...)...) }

	t.Run("commonsenseqa choices", func(t *testing.T) {
		rows := readParquet(t, hubPath(t, "commonsenseqa", "default-validation.parquet"))
		recs := readJSONLines(t, native("commonsenseqa", "dev_rand_split.jsonl"))
		if len(rows) != len(recs) {
			t.Fatalf("%d rows, %d records", len(rows), len(recs))
		}
		for i, rec := range recs {
			q := rec["question"].(map[string]any)
			var labels, texts []any
			for _, c := range q["choices"].([]any) {
				labels = append(labels, c.(map[string]any)["label"])
				texts = append(texts, c.(map[string]any)["text"])
			}
			sameJSON(t, fmt.Sprintf("row %d", i), rows[i].Fields, map[string]any{
				"id": rec["id"], "question": q["stem"], "question_concept": q["question_concept"],
				"choices": map[string]any{"label": labels, "text": texts}, "answerKey": rec["answerKey"],
			})
		}
		// Spelled out once, so that the test does not only compare two conversions.
		want := map[string]any{"label": []any{"A", "B", "C", "D", "E"}, "text": []any{"bank", "library", "department store", "mall", "new york"}}
		if !reflect.DeepEqual(rows[0].Fields["choices"], want) {
			t.Errorf("row 0 choices = %#v", rows[0].Fields["choices"])
		}
	})

	t.Run("arc choices", func(t *testing.T) {
		rows := readParquet(t, hubPath(t, "arc-challenge", "ARC-Challenge-test.parquet"))
		recs := readJSONLines(t, native("arc-challenge", "ARC-Challenge-Test.jsonl"))
		for i, rec := range recs {
			q := rec["question"].(map[string]any)
			var labels, texts []any
			for _, c := range q["choices"].([]any) {
				labels = append(labels, c.(map[string]any)["label"])
				texts = append(texts, c.(map[string]any)["text"])
			}
			sameJSON(t, fmt.Sprintf("row %d", i), rows[i].Fields, map[string]any{
				"id": rec["id"], "question": q["stem"], "answerKey": rec["answerKey"],
				"choices": map[string]any{"text": texts, "label": labels},
			})
		}
	})

	t.Run("squad_v2 answers", func(t *testing.T) {
		rows := readParquet(t, hubPath(t, "squad-v2", "squad_v2-validation.parquet"))
		doc := readJSONFile(t, native("squad-v2", "dev-v2.0.first-2-articles.json"))
		i, empty := 0, 0
		for _, a := range doc["data"].([]any) {
			art := a.(map[string]any)
			for _, p := range art["paragraphs"].([]any) {
				par := p.(map[string]any)
				for _, q := range par["qas"].([]any) {
					qa := q.(map[string]any)
					texts, starts := []any{}, []any{}
					for _, an := range qa["answers"].([]any) {
						texts = append(texts, an.(map[string]any)["text"])
						starts = append(starts, an.(map[string]any)["answer_start"])
					}
					if len(texts) == 0 {
						empty++
						// Unanswerable questions have empty lists, not nulls.
						if got := rows[i].Fields["answers"]; !reflect.DeepEqual(got, map[string]any{"text": []any{}, "answer_start": []any{}}) {
							t.Fatalf("row %d: answers = %#v, want two empty lists", i, got)
						}
					}
					sameJSON(t, fmt.Sprintf("row %d", i), rows[i].Fields, map[string]any{
						"id": qa["id"], "title": art["title"], "context": par["context"], "question": qa["question"],
						"answers": map[string]any{"text": texts, "answer_start": starts},
					})
					i++
				}
			}
		}
		if i != len(rows) || empty != 333 {
			t.Fatalf("%d questions (%d unanswerable), %d rows", i, empty, len(rows))
		}
		want := map[string]any{"text": []any{"France", "France", "France", "France"}, "answer_start": []any{int64(159), int64(159), int64(159), int64(159)}}
		if !reflect.DeepEqual(rows[0].Fields["answers"], want) {
			t.Errorf("row 0 answers = %#v", rows[0].Fields["answers"])
		}
	})

	t.Run("drop answers_spans", func(t *testing.T) {
		rows := readParquet(t, hubPath(t, "drop", "default-validation.parquet"))
		doc := readJSONFile(t, native("drop", "drop_dataset_dev.json"))
		passage := doc["nfl_1184"].(map[string]any)["passage"]
		want := []map[string]any{
			{"query_id": "f37e81fa-ef7b-4583-b671-762fc433faa9", "spans": []any{"Chaz Schilens", "JaMarcus Russell"}, "types": []any{"span", "span"}},
			{"query_id": "ac6ba235-3024-4f63-a6ab-730a14def4cb", "spans": []any{"2", "3", "3", "3", "3"}, "types": []any{"number", "number", "number", "number", "number"}},
		}
		for i, w := range want {
			f := rows[i].Fields
			if f["section_id"] != "nfl_1184" || f["query_id"] != w["query_id"] || f["passage"] != passage {
				t.Errorf("row %d: section_id %v, query_id %v, passage matches %v", i, f["section_id"], f["query_id"], f["passage"] == passage)
			}
			got := f["answers_spans"]
			if !reflect.DeepEqual(got, map[string]any{"spans": w["spans"], "types": w["types"]}) {
				t.Errorf("row %d: answers_spans = %#v", i, got)
			}
		}
	})

	t.Run("coqa questions and answers", func(t *testing.T) {
		rows := readParquet(t, hubPath(t, "coqa", "default-validation.parquet"))
		doc := readJSONFile(t, native("coqa", "coqa-dev-v1.0.json"))
		story := doc["data"].([]any)[0].(map[string]any)
		var questions, texts, starts, ends []any
		for _, q := range story["questions"].([]any) {
			questions = append(questions, q.(map[string]any)["input_text"])
		}
		for _, a := range story["answers"].([]any) {
			am := a.(map[string]any)
			texts = append(texts, am["input_text"])
			starts = append(starts, am["span_start"])
			ends = append(ends, am["span_end"])
		}
		sameJSON(t, "row 0", rows[0].Fields, map[string]any{
			"source": story["source"], "story": story["story"], "questions": questions,
			"answers": map[string]any{"input_text": texts, "answer_start": starts, "answer_end": ends},
		})
		ans := rows[0].Fields["answers"].(map[string]any)
		if ans["answer_start"].([]any)[0] != int64(59) || ans["answer_end"].([]any)[0] != int64(93) || ans["input_text"].([]any)[0] != "white" {
			t.Errorf("first answer = %v %v %v", ans["input_text"].([]any)[0], ans["answer_start"].([]any)[0], ans["answer_end"].([]any)[0])
		}
	})

	t.Run("hellaswag endings", func(t *testing.T) {
		rows := readParquet(t, hubPath(t, "hellaswag", "default-validation.parquet"))
		recs := readJSONLines(t, native("hellaswag", "hellaswag_val.jsonl"))
		for i, rec := range recs {
			rec["label"] = fmt.Sprint(rec["label"]) // the loader's str(label)
			sameJSON(t, fmt.Sprintf("row %d", i), rows[i].Fields, rec)
		}
		if rows[1].Fields["ind"] != int64(92) {
			t.Errorf("row 1 ind = %#v", rows[1].Fields["ind"])
		}
	})

	t.Run("mbpp test lists", func(t *testing.T) {
		rows := readParquet(t, hubPath(t, "mbpp", "full-test.parquet"))
		recs := readJSONLines(t, native("mbpp", "mbpp.jsonl"))
		byID := map[int64]map[string]any{}
		for _, rec := range recs {
			byID[int64(rec["task_id"].(float64))] = rec
		}
		for i, row := range rows {
			id := row.Fields["task_id"].(int64)
			if id != int64(11+i) {
				t.Fatalf("row %d: task_id %d", i, id)
			}
			sameJSON(t, fmt.Sprintf("row %d", i), row.Fields, byID[id])
		}
	})

	t.Run("mmlu choices and answer", func(t *testing.T) {
		rows := readParquet(t, hubPath(t, "mmlu", "all-test.parquet"))
		f, err := os.Open(native("mmlu", "data", "test", "abstract_algebra_test.csv"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for i, rec := range recs {
			sameJSON(t, fmt.Sprintf("row %d", i), rows[i].Fields, map[string]any{
				"question": rec[0], "subject": "abstract_algebra",
				"choices": []any{rec[1], rec[2], rec[3], rec[4]}, "answer": strings.Index("ABCD", rec[5]),
			})
		}
	})

	t.Run("piqa labels", func(t *testing.T) {
		rows := readParquet(t, hubPath(t, "piqa", "plain_text-validation.parquet"))
		recs := readJSONLines(t, native("piqa", "valid.jsonl"))
		labels, err := os.ReadFile(native("piqa", "valid-labels.lst"))
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range strings.Fields(string(labels)) {
			recs[i]["label"] = map[string]int{"0": 0, "1": 1}[l]
			sameJSON(t, fmt.Sprintf("row %d", i), rows[i].Fields, recs[i])
		}
	})
}

// TestEachParquetNested covers what the Hub files do not: nulls at every level,
// empty lists, lists of structs holding lists, maps, bare repeated fields, the
// legacy 2-level list forms and MAP_KEY_VALUE, on files written here.
func TestEachParquetNested(t *testing.T) {
	schema := parquet.NewSchema("root", parquet.Group{
		"id":   parquet.Int(64),
		"tags": parquet.Optional(parquet.List(parquet.Optional(parquet.String()))),
		"items": parquet.Optional(parquet.List(parquet.Optional(parquet.Group{
			"name":   parquet.Optional(parquet.String()),
			"scores": parquet.Optional(parquet.List(parquet.Int(32))),
		}))),
		"meta":   parquet.Optional(parquet.Group{"a": parquet.Optional(parquet.String()), "b": parquet.Optional(parquet.List(parquet.String()))}),
		"attrs":  parquet.Optional(parquet.Map(parquet.String(), parquet.Optional(parquet.Int(64)))),
		"rep":    parquet.Repeated(parquet.Int(32)),
		"groups": parquet.Repeated(parquet.Group{"a": parquet.Int(64), "b": parquet.Optional(parquet.String())}),
		"matrix": parquet.Optional(parquet.List(parquet.Optional(parquet.List(parquet.Optional(parquet.Int(64)))))),
		// Written as plain groups and annotated afterwards (see patch below).
		"legacy": parquet.Optional(parquet.Group{"element": parquet.Repeated(parquet.String())}),
		"pairs":  parquet.Optional(parquet.Group{"array": parquet.Repeated(parquet.Group{"k": parquet.String(), "n": parquet.Int(64)})}),
		"one":    parquet.Optional(parquet.Group{"array": parquet.Repeated(parquet.Group{"s": parquet.String()})}),
		"oldmap": parquet.Optional(parquet.Group{"map": parquet.Repeated(parquet.Group{"key": parquet.String(), "value": parquet.Optional(parquet.String())})}),
	})
	b := rowBuilder{t: t, schema: schema}
	rows := []parquet.Row{
		b.row(
			lv{"id", int64(1), 0, 0},
			lv{"tags.list.element", "a", 0, 3}, lv{"tags.list.element", nil, 1, 2}, lv{"tags.list.element", "b", 1, 3},
			lv{"items.list.element.name", "x", 0, 4}, lv{"items.list.element.name", nil, 1, 2}, lv{"items.list.element.name", nil, 1, 3},
			lv{"items.list.element.scores.list.element", int32(1), 0, 5}, lv{"items.list.element.scores.list.element", int32(2), 2, 5},
			lv{"items.list.element.scores.list.element", nil, 1, 2}, lv{"items.list.element.scores.list.element", nil, 1, 4},
			lv{"meta.a", "A", 0, 2}, lv{"meta.b.list.element", "p", 0, 3},
			lv{"attrs.key_value.key", "k", 0, 2}, lv{"attrs.key_value.key", "z", 1, 2},
			lv{"attrs.key_value.value", int64(3), 0, 3}, lv{"attrs.key_value.value", nil, 1, 2},
			lv{"rep", int32(7), 0, 1}, lv{"rep", int32(8), 1, 1},
			lv{"groups.a", int64(1), 0, 1}, lv{"groups.a", int64(2), 1, 1},
			lv{"groups.b", "g1", 0, 2}, lv{"groups.b", nil, 1, 1},
			lv{"matrix.list.element.list.element", int64(1), 0, 5}, lv{"matrix.list.element.list.element", nil, 2, 4},
			lv{"matrix.list.element.list.element", nil, 1, 3}, lv{"matrix.list.element.list.element", nil, 1, 2},
			lv{"matrix.list.element.list.element", int64(4), 1, 5},
			lv{"legacy.element", "x", 0, 2}, lv{"legacy.element", "y", 1, 2},
			lv{"pairs.array.k", "k1", 0, 2}, lv{"pairs.array.k", "k2", 1, 2},
			lv{"pairs.array.n", int64(1), 0, 2}, lv{"pairs.array.n", int64(2), 1, 2},
			lv{"one.array.s", "s1", 0, 2},
			lv{"oldmap.map.key", "m", 0, 2}, lv{"oldmap.map.value", "v", 0, 3},
		),
		b.row(
			lv{"id", int64(2), 0, 0},
			lv{"tags.list.element", nil, 0, 0},
			lv{"items.list.element.name", nil, 0, 1}, lv{"items.list.element.scores.list.element", nil, 0, 1},
			lv{"meta.a", nil, 0, 0}, lv{"meta.b.list.element", nil, 0, 0},
			lv{"attrs.key_value.key", nil, 0, 0}, lv{"attrs.key_value.value", nil, 0, 0},
			lv{"rep", nil, 0, 0},
			lv{"groups.a", nil, 0, 0}, lv{"groups.b", nil, 0, 0},
			lv{"matrix.list.element.list.element", nil, 0, 0},
			lv{"legacy.element", nil, 0, 0},
			lv{"pairs.array.k", nil, 0, 0}, lv{"pairs.array.n", nil, 0, 0},
			lv{"one.array.s", nil, 0, 0},
			lv{"oldmap.map.key", nil, 0, 0}, lv{"oldmap.map.value", nil, 0, 0},
		),
		b.row(
			lv{"id", int64(3), 0, 0},
			lv{"tags.list.element", nil, 0, 1},
			lv{"items.list.element.name", nil, 0, 0}, lv{"items.list.element.scores.list.element", nil, 0, 0},
			lv{"meta.a", nil, 0, 1}, lv{"meta.b.list.element", nil, 0, 1},
			lv{"attrs.key_value.key", nil, 0, 1}, lv{"attrs.key_value.value", nil, 0, 1},
			lv{"rep", int32(5), 0, 1},
			lv{"groups.a", nil, 0, 0}, lv{"groups.b", nil, 0, 0},
			lv{"matrix.list.element.list.element", nil, 0, 1},
			lv{"legacy.element", nil, 0, 1},
			lv{"pairs.array.k", nil, 0, 1}, lv{"pairs.array.n", nil, 0, 1},
			lv{"one.array.s", nil, 0, 1},
			lv{"oldmap.map.key", nil, 0, 1}, lv{"oldmap.map.value", nil, 0, 1},
		),
	}
	data := writeParquet(t, schema, rows)
	data = patchSchema(t, data, func(els []pqformat.SchemaElement) {
		for i := range els {
			e := &els[i]
			switch e.Name {
			case "legacy", "pairs", "one":
				e.ConvertedType = thrift.New(deprecated.List)
			case "oldmap":
				e.ConvertedType = thrift.New(deprecated.Map)
			case "map":
				e.ConvertedType = thrift.New(deprecated.MapKeyValue)
			}
		}
	})
	path := filepath.Join(t.TempDir(), "nested.parquet")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	want := []map[string]any{
		{
			"id":     int64(1),
			"tags":   []any{"a", nil, "b"},
			"items":  []any{map[string]any{"name": "x", "scores": []any{int64(1), int64(2)}}, nil, map[string]any{"name": nil, "scores": []any{}}},
			"meta":   map[string]any{"a": "A", "b": []any{"p"}},
			"attrs":  map[string]any{"k": int64(3), "z": nil},
			"rep":    []any{int64(7), int64(8)},
			"groups": []any{map[string]any{"a": int64(1), "b": "g1"}, map[string]any{"a": int64(2), "b": nil}},
			"matrix": []any{[]any{int64(1), nil}, []any{}, nil, []any{int64(4)}},
			"legacy": []any{"x", "y"},
			"pairs":  []any{map[string]any{"k": "k1", "n": int64(1)}, map[string]any{"k": "k2", "n": int64(2)}},
			"one":    []any{map[string]any{"s": "s1"}},
			"oldmap": map[string]any{"m": "v"},
		},
		{
			"id": int64(2), "tags": nil, "items": []any{}, "meta": nil, "attrs": nil, "rep": []any{},
			"groups": []any{}, "matrix": nil, "legacy": nil, "pairs": nil, "one": nil, "oldmap": nil,
		},
		{
			"id": int64(3), "tags": []any{}, "items": nil, "meta": map[string]any{"a": nil, "b": nil}, "attrs": map[string]any{},
			"rep": []any{int64(5)}, "groups": []any{}, "matrix": []any{}, "legacy": []any{}, "pairs": []any{}, "one": []any{}, "oldmap": map[string]any{},
		},
	}
	got := readParquet(t, path)
	if len(got) != len(want) {
		t.Fatalf("got %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		for _, k := range slices.Sorted(maps.Keys(want[i])) {
			if !reflect.DeepEqual(got[i].Fields[k], want[i][k]) {
				t.Errorf("row %d: %s = %#v, want %#v", i, k, got[i].Fields[k], want[i][k])
			}
		}
		if len(got[i].Fields) != len(want[i]) {
			t.Errorf("row %d: fields %v", i, keys(got[i].Fields))
		}
	}
}

// TestEachParquetTypes checks the conversion of every physical and annotated type.
func TestEachParquetTypes(t *testing.T) {
	schema := parquet.NewSchema("root", parquet.Group{
		"bool":  parquet.Leaf(parquet.BooleanType),
		"i8":    parquet.Int(8),
		"i32":   parquet.Leaf(parquet.Int32Type),
		"u32":   parquet.Uint(32),
		"u64":   parquet.Uint(64),
		"f32":   parquet.Leaf(parquet.FloatType),
		"f64":   parquet.Leaf(parquet.DoubleType),
		"str":   parquet.String(),
		"enum":  parquet.Enum(),
		"json":  parquet.JSON(),
		"bin":   parquet.Leaf(parquet.ByteArrayType),
		"dec":   parquet.Decimal(2, 9, parquet.Int32Type),
		"dec64": parquet.Decimal(3, 18, parquet.Int64Type),
		"decfx": parquet.Decimal(4, 20, parquet.FixedLenByteArrayType(9)),
		"uuid":  parquet.UUID(),
		"date":  parquet.Date(),
	})
	b := rowBuilder{t: t, schema: schema}
	uuid := [16]byte{0x12, 0x3e, 0x45, 0x67, 0xe8, 0x9b, 0x12, 0xd3, 0xa4, 0x56, 0x42, 0x66, 0x14, 0x17, 0x40, 0x00}
	row := b.row(
		lv{"bool", true, 0, 0}, lv{"i8", int32(-8), 0, 0}, lv{"i32", int32(math.MinInt32), 0, 0},
		lv{"u32", uint32(math.MaxUint32), 0, 0}, lv{"u64", uint64(math.MaxUint64), 0, 0},
		lv{"f32", float32(1.5), 0, 0}, lv{"f64", 2.25, 0, 0},
		lv{"str", "héllo", 0, 0}, lv{"enum", "RED", 0, 0}, lv{"json", `{"a":1}`, 0, 0}, lv{"bin", []byte{0, 0xff}, 0, 0},
		lv{"dec", int32(-12345), 0, 0}, lv{"dec64", int64(5), 0, 0},
		lv{"decfx", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x85}, 0, 0}, // -123
		lv{"uuid", uuid[:], 0, 0}, lv{"date", int32(19000), 0, 0},
	)
	path := filepath.Join(t.TempDir(), "types.parquet")
	if err := os.WriteFile(path, writeParquet(t, schema, []parquet.Row{row}), 0o644); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"bool": true, "i8": int64(-8), "i32": int64(math.MinInt32), "u32": int64(math.MaxUint32),
		"u64": json.Number("18446744073709551615"), "f32": 1.5, "f64": 2.25,
		"str": "héllo", "enum": "RED", "json": `{"a":1}`, "bin": []byte{0, 0xff},
		"dec": json.Number("-123.45"), "dec64": json.Number("0.005"), "decfx": json.Number("-0.0123"),
		"uuid": "123e4567-e89b-12d3-a456-426614174000", "date": int64(19000),
	}
	got := readParquet(t, path)
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if !reflect.DeepEqual(got[0].Fields[k], want[k]) {
			t.Errorf("%s = %#v (%T), want %#v", k, got[0].Fields[k], got[0].Fields[k], want[k])
		}
	}
	if v, ok := AsInt(got[0].Fields["i32"]); !ok || v != math.MinInt32 {
		t.Errorf("AsInt(i32) = %d, %v", v, ok)
	}
}

func TestEachParquetNoRows(t *testing.T) {
	schema := parquet.NewSchema("root", parquet.Group{"a": parquet.String()})
	path := writeTemp(t, "norows.parquet", writeParquet(t, schema, nil))
	rows, _, err := collectParquet(t, path, false)
	if err != nil || len(rows) != 0 {
		t.Fatalf("got %d rows, err %v; want none and no error", len(rows), err)
	}
}

func TestFloat16(t *testing.T) {
	tests := []struct {
		h    uint16
		want float64
	}{
		{0x3c00, 1}, {0xc000, -2}, {0x7bff, 65504}, {0x0001, math.Ldexp(1, -24)}, {0x3555, 0.333251953125}, {0x0000, 0},
		{0x7c00, math.Inf(1)}, {0xfc00, math.Inf(-1)},
	}
	for _, tt := range tests {
		if got := float16(tt.h); got != tt.want {
			t.Errorf("float16(%#04x) = %v, want %v", tt.h, got, tt.want)
		}
	}
	if !math.IsNaN(float16(0x7e00)) {
		t.Error("float16(0x7e00) is not NaN")
	}
}

func TestEachParquetInvalidUTF8(t *testing.T) {
	schema := parquet.NewSchema("root", parquet.Group{
		"s":    parquet.Optional(parquet.String()),
		"tags": parquet.Optional(parquet.List(parquet.String())),
	})
	b := rowBuilder{t: t, schema: schema}
	rows := []parquet.Row{
		b.row(lv{"s", "ok", 0, 1}, lv{"tags.list.element", "t", 0, 2}),
		b.row(lv{"s", "bad \xff", 0, 1}, lv{"tags.list.element", "t", 0, 2}),
		b.row(lv{"s", "ok", 0, 1}, lv{"tags.list.element", "a", 0, 2}, lv{"tags.list.element", "\xc3", 1, 2}),
		b.row(lv{"s", "ok", 0, 1}, lv{"tags.list.element", nil, 0, 0}),
	}
	path := filepath.Join(t.TempDir(), "utf8.parquet")
	if err := os.WriteFile(path, writeParquet(t, schema, rows), 0o644); err != nil {
		t.Fatal(err)
	}

	_, _, err := collectParquet(t, path, false)
	var re *RowError
	if !errors.As(err, &re) || !errors.Is(err, ErrEncoding) || re.Field != "s" || re.Pos.Row != 1 || re.Pos.Index != 1 {
		t.Fatalf("strict: err = %v, want ErrEncoding in field s at row 1", err)
	}

	got, skipped, err := collectParquet(t, path, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Pos.Index != 0 || got[1].Pos.Index != 3 {
		t.Fatalf("lenient: got %d rows %v", len(got), got)
	}
	if len(skipped) != 2 || skipped[0].Field != "s" || skipped[1].Field != "tags" || skipped[1].Pos.Row != 2 || !errors.Is(skipped[1], ErrEncoding) {
		t.Fatalf("lenient: skipped %v", skipped)
	}
}

func TestEachParquetCallbackError(t *testing.T) {
	path := hubPath(t, "piqa", "plain_text-validation.parquet")
	stop := errors.New("stop")
	n := 0
	err := EachParquet(path, Options{}, func(r Row) error {
		n++
		if r.Pos.Index == 700 {
			return stop
		}
		return nil
	})
	if err != stop || n != 701 {
		t.Fatalf("err = %v after %d rows, want stop after 701", err, n)
	}

	// In lenient mode a RowError from the callback skips the row; another error stops.
	var skipped []*RowError
	n = 0
	err = EachParquet(path, Options{Lenient: true, Skip: func(e *RowError) { skipped = append(skipped, e) }}, func(r Row) error {
		n++
		if r.Pos.Index%100 == 0 {
			return r.Errorf("label", ErrValue, "no")
		}
		return nil
	})
	if err != nil || n != 1838 || len(skipped) != 19 || skipped[5].Pos.RowGroup != 1 || skipped[5].Pos.Row != 0 {
		t.Fatalf("lenient: err %v, %d rows, %d skipped", err, n, len(skipped))
	}

	if err := EachParquet(path, Options{Lenient: true}, func(Row) error { return nil }); err == nil {
		t.Fatal("lenient mode without Skip accepted")
	}
}

func TestEachParquetDamaged(t *testing.T) {
	src := hubPath(t, "commonsenseqa", "default-validation.parquet")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	md := parquetMetadata(t, data)
	chunk := md.RowGroups[1].Columns[3].MetaData // choices.label of row group 1
	corrupt := bytes.Clone(data)
	for i := range 16 {
		corrupt[chunk.DataPageOffset+int64(i)] = 0xff
	}
	// A page whose compressed bytes are damaged past its header.
	badPage := bytes.Clone(data)
	headerEnd := chunk.DataPageOffset + 40
	for i := range 64 {
		badPage[headerEnd+int64(i)] ^= 0x5a
	}

	tests := []struct {
		name    string
		data    []byte
		want    error
		group   int
		anyErr  bool // the damage may be reported as more than one kind
		minRows int
	}{
		{name: "empty", data: nil, want: ErrEmpty},
		{name: "not parquet", data: []byte("id,question\n1,what?\n"), want: ErrSyntax},
		{name: "json", data: []byte(`{"PAR1": 1}`), want: ErrSyntax},
		{name: "magic only", data: []byte("PAR1"), want: ErrTruncated},
		{name: "cut after magic", data: data[:100], want: ErrTruncated},
		{name: "cut in first column chunk", data: data[:md.RowGroups[0].Columns[0].MetaData.DataPageOffset+50], want: ErrTruncated},
		{name: "cut in middle", data: data[:len(data)/2], want: ErrTruncated},
		{name: "cut in footer", data: data[:len(data)-100], want: ErrTruncated},
		{name: "cut before last magic", data: data[:len(data)-2], want: ErrTruncated},
		{name: "chunks cut, footer kept", data: append(bytes.Clone(data[:len(data)/2]), data[len(data)-8-footerSize(data):]...), want: ErrTruncated, group: 1},
		{name: "footer length too large", data: append(bytes.Clone(data[:len(data)-8]), 0xff, 0xff, 0xff, 0x00, 'P', 'A', 'R', '1'), want: ErrTruncated},
		{name: "corrupt page header", data: corrupt, want: ErrTruncated, group: 1, minRows: 500},
		{name: "corrupt page data", data: badPage, anyErr: true, minRows: 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := write(strings.ReplaceAll(tt.name, " ", "_")+".parquet", tt.data)
			n := 0
			err := EachParquet(path, Options{}, func(Row) error { n++; return nil })
			t.Logf("%d rows, then: %v", n, err)
			var re *RowError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v (%T), want a *RowError", err, err)
			}
			if re.Pos.File != path || !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the file", err)
			}
			if !tt.anyErr && !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if re.Pos.RowGroup != tt.group && !tt.anyErr {
				t.Errorf("error at row group %d, want %d: %v", re.Pos.RowGroup, tt.group, err)
			}
			if n < tt.minRows {
				t.Errorf("%d rows before the error, want at least %d", n, tt.minRows)
			}
			if _, err := FeaturesJSON(path); err == nil && n == 0 {
				t.Errorf("FeaturesJSON accepted the file")
			}
		})
	}
}

// TestEachParquetHugeDeclaredSizes damages the sizes and counts a file declares
// (footer list lengths, page sizes, value counts): each is an ErrTruncated error
// found before the library allocates what was declared, which for a count in the
// billions is a fatal out-of-memory crash rather than a panic.
func TestEachParquetHugeDeclaredSizes(t *testing.T) {
	data, err := os.ReadFile(hubPath(t, "arc-challenge", "ARC-Challenge-test.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	const huge = 1<<31 - 1
	tests := []struct {
		name string
		data []byte
	}{
		{"footer schema count", hugeSchemaCount(t, data)},
		{"compressed page size", editFirstPage(t, data, func(h *pqformat.PageHeader) { h.CompressedPageSize = huge })},
		{"uncompressed page size", editFirstPage(t, data, func(h *pqformat.PageHeader) { h.UncompressedPageSize = huge })},
		{"page value count", editFirstPage(t, data, func(h *pqformat.PageHeader) {
			if h.DictionaryPageHeader.Valid {
				h.DictionaryPageHeader.V.NumValues = huge
			}
			if h.DataPageHeader.Valid {
				h.DataPageHeader.V.NumValues = huge
			}
		})},
		{"page header string length", editFirstPage(t, data, func(h *pqformat.PageHeader) {
			h.DataPageHeader = thrift.New(pqformat.DataPageHeader{NumValues: 2, Statistics: pqformat.Statistics{MaxValue: []byte("\x00")}})
		}, func(b []byte) []byte {
			// Make the 1-byte statistics value claim 2 GiB.
			i := bytes.LastIndex(b, []byte{0x01, 0x00})
			return append(append(bytes.Clone(b[:i]), 0xff, 0xff, 0xff, 0xff, 0x07), b[i+1:]...)
		})},
	}
	// The edit helper itself must leave a readable file.
	unchanged := editFirstPage(t, data, func(*pqformat.PageHeader) {})
	if got := readParquet(t, writeTemp(t, "unchanged.parquet", unchanged)); len(got) != 2 {
		t.Fatalf("unedited copy: %d rows", len(got))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "huge.parquet")
			if err := os.WriteFile(path, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			err := EachParquet(path, Options{}, func(Row) error { return nil })
			runtime.ReadMemStats(&after)
			if !errors.Is(err, ErrTruncated) {
				t.Fatalf("err = %v, want ErrTruncated", err)
			}
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
				t.Errorf("allocated %d MiB", grew>>20)
			}
			t.Log(err)
		})
	}
}

// hugeSchemaCount rewrites the footer's schema list header to claim 2^31-1 elements:
// six bytes of damage.
func hugeSchemaCount(t testing.TB, data []byte) []byte {
	n, size := len(data), footerSize(data)
	footer := data[n-8-size : n-8]
	// Field 1 (version, i32 varint), then field 2 (schema, a list): its header.
	i := 1
	for footer[i]&0x80 != 0 {
		i++
	}
	i++
	if footer[i] != 0x19 {
		t.Fatalf("footer byte %d is %#x, want the schema field header", i, footer[i])
	}
	i++
	nf := append(bytes.Clone(footer[:i]), 0xfc, 0xff, 0xff, 0xff, 0xff, 0x07)
	nf = append(nf, footer[i+1:]...)
	out := append(bytes.Clone(data[:n-8-size]), nf...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(nf)))
	return append(out, "PAR1"...)
}

// editFirstPage re-encodes the first page header of the file's last column chunk
// after edit (optionally post-processing the encoded bytes), and grows the chunk in
// the footer by the bytes the header gained, so that only the edit is damage.
func editFirstPage(t testing.TB, data []byte, edit func(*pqformat.PageHeader), raw ...func([]byte) []byte) []byte {
	t.Helper()
	md := parquetMetadata(t, data)
	rg := &md.RowGroups[len(md.RowGroups)-1]
	cm := &rg.Columns[len(rg.Columns)-1].MetaData
	off := cm.DataPageOffset
	if cm.DictionaryPageOffset != 0 {
		off = cm.DictionaryPageOffset
	}
	if off+cm.TotalCompressedSize != int64(len(data)-8-footerSize(data)) {
		t.Fatal("the last column chunk does not end where the footer starts")
	}
	pr := new(thrift.CompactProtocol).NewReaderFromBytes(data[off:])
	var h pqformat.PageHeader
	if err := thrift.NewDecoder(pr).Decode(&h); err != nil {
		t.Fatal(err)
	}
	edit(&h)
	b, err := thrift.Marshal(new(thrift.CompactProtocol), &h)
	if err != nil {
		t.Fatal(err)
	}
	for _, fn := range raw {
		b = fn(b)
	}
	cm.TotalCompressedSize += int64(len(b) - pr.BytesRead())
	footer, err := thrift.Marshal(new(thrift.CompactProtocol), md)
	if err != nil {
		t.Fatal(err)
	}
	out := append(bytes.Clone(data[:off]), b...)
	out = append(out, data[int(off)+pr.BytesRead():len(data)-8-footerSize(data)]...)
	out = append(out, footer...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(footer)))
	return append(out, "PAR1"...)
}

// TestEachParquetTruncatedEverywhere cuts a small file at every offset: each cut is
// an ErrTruncated (or ErrSyntax when not even the magic number is left), never a panic.
func TestEachParquetTruncatedEverywhere(t *testing.T) {
	data, err := os.ReadFile(hubPath(t, "arc-challenge", "ARC-Challenge-test.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for cut := 0; cut < len(data); cut++ {
		path := filepath.Join(dir, fmt.Sprintf("cut%d.parquet", cut))
		if err := os.WriteFile(path, data[:cut], 0o644); err != nil {
			t.Fatal(err)
		}
		err := EachParquet(path, Options{}, func(Row) error { return nil })
		want := ErrTruncated
		if cut == 0 {
			want = ErrEmpty
		}
		if !errors.Is(err, want) {
			t.Fatalf("cut at %d: err = %v, want %v", cut, err, want)
		}
		os.Remove(path)
	}
}

func TestFeaturesJSON(t *testing.T) {
	got, err := FeaturesJSON(hubPath(t, "commonsenseqa", "default-validation.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	var features struct {
		Info struct {
			Features map[string]struct {
				Type    string         `json:"_type"`
				Feature map[string]any `json:"feature"`
			} `json:"features"`
		} `json:"info"`
	}
	if err := json.Unmarshal([]byte(got), &features); err != nil {
		t.Fatalf("features %q: %v", got, err)
	}
	if f := features.Info.Features["choices"]; f.Type != "Sequence" || f.Feature["label"] == nil {
		t.Errorf("choices feature = %+v", f)
	}

	schema := parquet.NewSchema("root", parquet.Group{"a": parquet.String()})
	path := filepath.Join(t.TempDir(), "plain.parquet")
	b := rowBuilder{t: t, schema: schema}
	if err := os.WriteFile(path, writeParquet(t, schema, []parquet.Row{b.row(lv{"a", "x", 0, 0})}), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := FeaturesJSON(path); got != "" || err != nil {
		t.Errorf("FeaturesJSON without metadata = %q, %v", got, err)
	}
	if _, err := FeaturesJSON(filepath.Join(t.TempDir(), "missing.parquet")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func FuzzParquet(f *testing.F) {
	for _, name := range []string{"arc-challenge/hub/ARC-Challenge-test.parquet", "coqa/hub/default-validation.parquet", "drop/hub/default-validation.parquet"} {
		data, err := os.ReadFile(filepath.Join(sharedDir(f), name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("PAR1"))
	f.Add([]byte("PAR1\x00\x00\x00\x00PAR1"))
	path := filepath.Join(f.TempDir(), "fuzz.parquet")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		var skipped []*RowError
		opt := Options{Lenient: true, Skip: func(e *RowError) { skipped = append(skipped, e) }}
		last := -1
		err := EachParquet(path, opt, func(r Row) error {
			// Skipped rows take an index too, so indexes only have to increase.
			if r.Pos.Index <= last || r.Pos.Row > r.Pos.Index {
				t.Fatalf("row after index %d has Pos %+v", last, r.Pos)
			}
			last = r.Pos.Index
			return nil
		})
		var re *RowError
		if err != nil && !errors.As(err, &re) {
			t.Fatalf("error is not a *RowError: %v", err)
		}
		if err != nil && !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrSyntax) && !errors.Is(err, ErrEmpty) {
			t.Fatalf("unexpected error kind: %v", err)
		}
		for _, s := range skipped {
			if !errors.Is(s, ErrEncoding) {
				t.Fatalf("skipped row for %v", s)
			}
		}
		FeaturesJSON(path)
	})
}

func BenchmarkEachParquet(b *testing.B) {
	path := hubPath(b, "piqa", "plain_text-validation.parquet")
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(info.Size())
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if err := EachParquet(path, Options{}, func(Row) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		if n != 1838 {
			b.Fatalf("%d rows", n)
		}
	}
}

// lv is one leaf value of a hand-built row: column path, value (nil for null), levels.
type lv struct {
	path string
	v    any
	r, d int
}

type rowBuilder struct {
	t      testing.TB
	schema *parquet.Schema
}

// row builds a parquet.Row from leaf values, sorted by column as the writer wants.
func (b rowBuilder) row(values ...lv) parquet.Row {
	b.t.Helper()
	var row parquet.Row
	for _, v := range values {
		leaf, ok := b.schema.Lookup(strings.Split(v.path, ".")...)
		if !ok {
			b.t.Fatalf("no column %s", v.path)
		}
		pv := parquet.NullValue()
		if v.v != nil {
			pv = parquet.ValueOf(v.v)
		}
		row = append(row, pv.Level(v.r, v.d, leaf.ColumnIndex))
	}
	slices.SortStableFunc(row, func(a, b parquet.Value) int { return a.Column() - b.Column() })
	return row
}

func writeParquet(t testing.TB, schema *parquet.Schema, rows []parquet.Row, opts ...parquet.WriterOption) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := parquet.NewWriter(&buf, append([]parquet.WriterOption{schema}, opts...)...)
	if _, err := w.WriteRows(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeTemp(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// footerSize is the length of the thrift footer, read from the end of the file.
func footerSize(data []byte) int { return int(binary.LittleEndian.Uint32(data[len(data)-8:])) }

func parquetMetadata(t testing.TB, data []byte) *pqformat.FileMetaData {
	t.Helper()
	n := len(data)
	size := int(binary.LittleEndian.Uint32(data[n-8:]))
	md := new(pqformat.FileMetaData)
	if err := thrift.Unmarshal(new(thrift.CompactProtocol), data[n-8-size:n-8], md); err != nil {
		t.Fatal(err)
	}
	return md
}

// patchSchema rewrites the footer of a Parquet file with edited schema elements:
// the way to get annotations (legacy LIST and MAP forms) the writer does not make.
func patchSchema(t testing.TB, data []byte, edit func([]pqformat.SchemaElement)) []byte {
	t.Helper()
	md := parquetMetadata(t, data)
	edit(md.Schema)
	footer, err := thrift.Marshal(new(thrift.CompactProtocol), md)
	if err != nil {
		t.Fatal(err)
	}
	n := len(data)
	size := int(binary.LittleEndian.Uint32(data[n-8:]))
	out := append(bytes.Clone(data[:n-8-size]), footer...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(footer)))
	return append(out, "PAR1"...)
}

func readJSONLines(t testing.TB, path string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []map[string]any
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, m)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func readJSONFile(t testing.TB, path string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

// sameJSON compares a decoded row with a native record through their JSON form, so
// that Parquet's int64 and encoding/json's float64 compare equal.
func sameJSON(t testing.TB, what string, got, want any) {
	t.Helper()
	g, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	w, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(g, w) {
		t.Fatalf("%s:\n got %s\nwant %s", what, Shorten(string(g), 400), Shorten(string(w), 400))
	}
}

func keys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }

// collectParquet decodes path with EachParquet and returns rows, skipped rows and error.
func collectParquet(t testing.TB, path string, lenient bool) ([]Row, []*RowError, error) {
	t.Helper()
	var rows []Row
	var skipped []*RowError
	opt := Options{Lenient: lenient, Skip: func(e *RowError) { skipped = append(skipped, e) }}
	err := EachParquet(path, opt, func(r Row) error {
		rows = append(rows, r)
		return nil
	})
	return rows, skipped, err
}
