package source

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"qmix/lib/format"
	"qmix/lib/record"
)

func TestToolBenchReal(t *testing.T) {
	const ex = "toolbench/data_example"
	all6 := []string{"toolbench/train/G1_1", "toolbench/train/G1_2", "toolbench/train/G1_3", "toolbench/train/G1_4", "toolbench/train/G1_5", "toolbench/train/G1_10"}
	q1 := want{"toolbench/train/G1_1", "I'm working on a logistics project for my company and need to check the health of the SQUAKE API.", "", ""}
	q5 := want{"toolbench/train/G1_5", "I need to track a package sent through Correo Argentino. The tracking code is 'ABC123'.", "", ""}
	a10 := want{"toolbench/train/G1_10",
		"Can you retrieve the contact details of the 'Gondrand' customs agency in New Caledonia? I'm particularly interested",
		"The contact details of the 'Gondrand' customs agency in New Caledonia are as follows:\n\nName: ACT", ""}
	tests := []struct {
		name  string
		paths []string
		ids   []string
		wants []want
	}{
		{"data_example directory", []string{ex}, all6, []want{q1, q5, a10}},
		// The sibling answer tree has only query 10's answer, which is not in the
		// sample query file: the five queries have no answer, and 10 is not part of
		// this path.
		{"query file alone", []string{ex + "/instruction/G1_query.json"}, all6[:5], []want{q1, q5}},
		{"answer directory alone", []string{ex + "/answer"}, all6[5:], []want{a10}},
		{"both as two paths (no overlap here)", []string{ex + "/instruction/G1_query.json", ex + "/answer/G1_answer"}, all6, []want{q1, q5, a10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := convertShared(t, "toolbench", tt.paths...)
			var ids []string
			for _, r := range recs {
				ids = append(ids, r.ID)
				if r.Domain != record.ToolUse || r.Difficulty != record.Easy || r.License != "Apache-2.0" || r.Source != "toolbench" {
					t.Errorf("%s: domain/difficulty/license/source = %s/%s/%s/%s", r.ID, r.Domain, r.Difficulty, r.License, r.Source)
				}
				if r.Meta["group"] != "G1" {
					t.Errorf("%s: group %v", r.ID, r.Meta["group"])
				}
				if (r.Answer != "") != r.Meta["has_answer"] {
					t.Errorf("%s: answer %q but has_answer %v", r.ID, r.Answer, r.Meta["has_answer"])
				}
			}
			if !reflect.DeepEqual(ids, tt.ids) {
				t.Fatalf("ids %v, want %v", ids, tt.ids)
			}
			checkRecords(t, recs, tt.wants)
			m := byID(recs)
			if r, ok := m["toolbench/train/G1_1"]; ok {
				want := "I'm working on a logistics project for my company and need to check the health of the SQUAKE API. " +
					"Can you verify the API health by calling the 'Checkhealth' API endpoint? Additionally, I would like to " +
					"retrieve the list of projects using the 'Projects' API endpoint.\n\nAvailable APIs:\nSQUAKE:\n- Checkhealth\n- Projects"
				if r.Question != want {
					t.Errorf("G1_1 question:\n%q\nwant\n%q", r.Question, want)
				}
				rel := [][]string{{"SQUAKE", "Checkhealth"}, {"SQUAKE", "Projects"}}
				if !reflect.DeepEqual(r.Meta["relevant_apis"], rel) || r.Meta["query_id"] != 1 {
					t.Errorf("G1_1 meta %v", r.Meta)
				}
			}
			if r, ok := m["toolbench/train/G1_10"]; ok {
				if r.Meta["from_answer_file"] != true || r.Meta["finish_type"] != "give_answer" || r.Meta["answer_method"] != "ChatGPT_DFS_woFilter_w2" {
					t.Errorf("G1_10 meta %v", r.Meta)
				}
			}
		})
	}
}

func TestToolBenchFixtures(t *testing.T) {
	dir := filepath.Join("testdata", "toolbench", "data")
	g1q1 := "What is the weather in Lisbon right now, and what will it be over the next three days?\n\nAvailable APIs:\n" +
		"Invented Weather:\n- current — Current conditions for a city. | required: city (STRING, City name) | optional: units\n" +
		"- forecast | required: city (STRING); days (NUMBER, 1 to 7)"
	type rec struct {
		id, question, answer, difficulty string
		hasAnswer                        bool
		finish                           any // nil: no answer file
	}
	r1 := rec{"toolbench/train/G1_1", g1q1, "Lisbon is sunny at 21 °C now.\nThe next three days stay dry, 19–23 °C.", "easy", true, "give_answer"}
	r2 := rec{"toolbench/train/G1_2", "Is it raining in Oslo?\n\n", "", "easy", false, "give_up"}
	r3 := rec{"toolbench/train/G1_3", "Tell me the temperature in Quito in imperial units.\n\nAvailable APIs:\nInvented Weather:\n- current — ", "", "easy", false, nil}
	r21 := rec{"toolbench/train/G2_1", "Find me a flight from LIS to OSL", "Flight EX123 leaves LIS at 09:10; Oslo is 4 °C and cloudy.", "hard", true, "give_answer"}
	r7 := rec{"toolbench/train/G1_7", "How windy is it in Porto today?\n\nAvailable APIs:\ninvented_weather:\n" +
		"- current_for_invented_weather — Current conditions for a city. | required: city (string, City name) | optional: units\n" +
		"- forecast_for_invented_weather | required: city (string)", "Porto has a light breeze of 12 km/h today.", "easy", true, "give_answer"}
	a1, a2, a21 := r1, r2, r21
	a1.question, a2.question, a21.question = "What is the weather in Lisbon", "Is it raining in Oslo?\n\nAvailable APIs:\ninvented_weather:", "Find me a flight"
	tests := []struct {
		name  string
		paths []string
		want  []rec
	}{
		{"data directory: queries, their answers, and an answer of its own", []string{dir}, []rec{r1, r2, r3, r21, r7}},
		{"glob over both trees", []string{filepath.Join(dir, "*")}, []rec{r1, r2, r3, r21, r7}},
		{"query file finds its sibling answers", []string{filepath.Join(dir, "instruction", "G1_query.json")}, []rec{r1, r2, r3}},
		{"instruction directory", []string{filepath.Join(dir, "instruction")}, []rec{r1, r2, r3, r21}},
		{"answer directory alone", []string{filepath.Join(dir, "answer")}, []rec{a1, a2, r7, a21}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := mustConvertToolBench(t, tt.paths...)
			if len(recs) != len(tt.want) {
				t.Fatalf("got %d records, want %d", len(recs), len(tt.want))
			}
			for i, w := range tt.want {
				r := recs[i]
				if r.ID != w.id || !hasPrefix(r.Question, w.question) || r.Answer != w.answer || r.Difficulty != w.difficulty {
					t.Errorf("record %d:\n got %s %q / %q / %s\nwant %s %q / %q / %s", i, r.ID, head(r.Question, len(w.question)+30), r.Answer, r.Difficulty,
						w.id, w.question, w.answer, w.difficulty)
				}
				if r.Meta["has_answer"] != w.hasAnswer || r.Meta["finish_type"] != w.finish || r.FinalAnswer() != "" {
					t.Errorf("%s: meta %v", r.ID, r.Meta)
				}
			}
		})
	}
	t.Run("test_instruction is the test split", func(t *testing.T) {
		recs := mustConvertToolBench(t, filepath.Join("testdata", "toolbench", "test_instruction"))
		if len(recs) != 1 || recs[0].ID != "toolbench/test/G1_1" {
			t.Fatalf("got %+v", recs)
		}
	})
	t.Run("query file and its answers as two paths repeat answered queries", func(t *testing.T) {
		_, err := ConvertAll("toolbench", []string{filepath.Join(dir, "instruction", "G1_query.json"), filepath.Join(dir, "answer", "G1_answer")}, Options{})
		if !errors.Is(err, format.ErrDuplicate) {
			t.Fatalf("err = %v, want ErrDuplicate", err)
		}
	})
}

func mustConvertToolBench(t *testing.T, paths ...string) []record.Record {
	t.Helper()
	recs, err := ConvertAll("toolbench", paths, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestToolBenchBadInput(t *testing.T) {
	tests := []struct {
		dir      string
		wantErr  error
		field    string
		wantLine bool // the error has a line (else: a file-level error)
	}{
		{"type", format.ErrType, "query_id", true},
		{"missing", format.ErrMissing, "relevant APIs", true},
		{"pair", format.ErrValue, "relevant APIs[0]", true},
		{"final", format.ErrSyntax, "answer_generation.final_answer", true},
		{"returntype", format.ErrValue, "answer_generation.final_answer.return_type", true},
		{"mismatch", format.ErrValue, "answer_generation.query", true},
		{"notjson", format.ErrSyntax, "", true},
		{"name", format.ErrValue, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			path := filepath.Join("testdata", "toolbench", "bad", tt.dir)
			_, err := ConvertAll("toolbench", []string{path}, Options{})
			var re *format.RowError
			if !errors.Is(err, tt.wantErr) || !errors.As(err, &re) {
				t.Fatalf("err = %v, want a RowError wrapping %v", err, tt.wantErr)
			}
			if re.Field != tt.field || re.Pos.File == "" || (tt.wantLine && re.Pos.Line == 0) {
				t.Errorf("error at %v field %q, want field %q with a line: %v", re.Pos, re.Field, tt.field, err)
			}
			// Lenient mode reports the bad query (or answer) and keeps the rest.
			var skipped []*format.RowError
			recs, err := ConvertAll("toolbench", []string{path}, Options{Lenient: true, Skip: func(e *format.RowError) { skipped = append(skipped, e) }})
			if err != nil || len(skipped) != 1 || len(recs) == 0 {
				t.Errorf("lenient: %d records, %d skipped, err %v", len(recs), len(skipped), err)
			}
		})
	}
}

// FuzzToolBench feeds arbitrary bytes to the adapter as a query file and as an answer
// file of a data tree; it must never panic and every record must be valid.
func FuzzToolBench(f *testing.F) {
	// Compact seeds: the engine minimizes every new input, which takes long from the
	// kilobyte files of the fixtures.
	query := []byte(`[{"api_list":[{"tool_name":"t","api_name":"a","api_description":"d","required_parameters":[{"name":"p","type":"S"}],` +
		`"optional_parameters":[{"name":"o"}]}],"query":"q","relevant APIs":[["t","a"]],"query_id":1}]`)
	answer := []byte(`{"answer_generation":{"query":"q","finish_type":"give_answer","final_answer":"{\"return_type\":\"give_answer\",\"final_answer\":\"x\"}",` +
		`"function":[{"name":"a_for_t","description":"subfunction for tool \"t\" The description of this function is: \"d\"",` +
		`"parameters":{"properties":{"p":{"type":"string"}},"required":["p"],"optional":[]}},{"name":"Finish"}]}}`)
	f.Add(query)
	f.Add(answer)
	f.Add([]byte(`[{"api_list":[],"query":"q","relevant APIs":[],"query_id":1}]`))
	f.Add([]byte(`{"answer_generation":{"query":"q","final_answer":"{\"return_type\":\"give_answer\"}","function":[]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		put := func(rel string, b []byte) {
			p := filepath.Join(dir, rel)
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		put("a/instruction/G1_query.json", data)
		put("a/answer/G1_answer/1_ChatGPT_DFS_woFilter_w2.json", answer)
		put("b/instruction/G1_query.json", query)
		put("b/answer/G1_answer/1_ChatGPT_DFS_woFilter_w2.json", data)
		for _, p := range []string{"a", "b", "a/instruction/G1_query.json", "b/answer"} {
			toolbenchFuzzConvert(t, "toolbench", filepath.Join(dir, p))
		}
	})
}

// toolbenchFuzzConvert converts path strictly and leniently; neither may panic, and
// every record must pass record.Check. The fuzz tests of gorilla, cnn_dailymail and
// xsum use it too.
func toolbenchFuzzConvert(t *testing.T, source, path string) {
	t.Helper()
	for _, lenient := range []bool{false, true} {
		recs, _ := ConvertAll(source, []string{path}, Options{Lenient: lenient, Skip: func(*format.RowError) {}})
		for _, r := range recs {
			if field, err := r.Check(); err != nil {
				t.Fatalf("invalid record (%s: %v): %+v", field, err, r)
			}
		}
	}
}
