package validate

import (
	"encoding/json"
	"errors"
	"flag"
	"reflect"
	"strings"
	"testing"

	"qmix/lib/golden"
	"qmix/lib/internal/realdata"
	"qmix/lib/record"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// ruleCase is one rule on one real record: edit (nil: the record as converted)
// makes the minimal change that should make rule fire, or not.
type ruleCase struct {
	name       string
	source     string
	path       string
	id         string // "" picks the first record matching pick
	pick       func(record.Record) bool
	edit       func(r *record.Record)
	rule       string // the rule under test
	fires      bool
	wantDetail string // substring of the detail when it fires
}

// ruleCases cover every built-in rule: each fires on a minimally edited (or real)
// record and stays silent on the clean record it was made from, or on a real record
// that looks suspicious but is fine.
var ruleCases = []ruleCase{
	// question_empty
	{name: "blank question", source: "gsm8k", path: "gsm8k/test.jsonl", id: "gsm8k/test/0",
		edit: func(r *record.Record) { r.Question = " \n\t" }, rule: RuleQuestionEmpty, fires: true, wantDetail: "empty question"},
	{name: "real question", source: "gsm8k", path: "gsm8k/test.jsonl", id: "gsm8k/test/0", rule: RuleQuestionEmpty},

	// placeholder_question
	{name: "alpaca instruction is a slot", source: "alpaca", path: "alpaca/alpaca_tiny.json", id: "alpaca/train/0",
		edit: func(r *record.Record) { r.Question = "{instruction}" }, rule: RulePlaceholder, fires: true, wantDetail: `only "{instruction}"`},
	{name: "angled placeholder", source: "alpaca", path: "alpaca/alpaca_tiny.json", id: "alpaca/train/0",
		edit: func(r *record.Record) { r.Question = "<placeholder>" }, rule: RulePlaceholder, fires: true},
	{name: "TODO stub", source: "gsm8k", path: "gsm8k/test.jsonl", id: "gsm8k/test/0",
		edit: func(r *record.Record) { r.Question = "TODO" }, rule: RulePlaceholder, fires: true},
	{name: "mmlu stem left as a slot", source: "mmlu", path: "mmlu/data", id: "mmlu/dev/abstract_algebra/0",
		edit: func(r *record.Record) {
			_, options, _ := strings.Cut(r.Question, "\n\n")
			r.Question = "[QUESTION]\n\n" + options
		}, rule: RulePlaceholder, fires: true, wantDetail: `paragraph of the question is only "[QUESTION]"`},
	{name: "squad passage left as a slot", source: "squad_v2", path: "squad-v2/dev-v2.0.first-2-articles.json", id: "squad_v2/validation/56ddde6b9a695914005b9628",
		edit: func(r *record.Record) {
			head, _, _ := strings.Cut(r.Question, "Passage:")
			_, tail, _ := strings.Cut(r.Question, "\n\nQuestion:")
			r.Question = head + "Passage:\n{passage}\n\nQuestion:" + tail
		}, rule: RulePlaceholder, fires: true, wantDetail: "{passage}"},
	{name: "MATH [asy] figure is no slot", source: "math", path: "math/MATH", id: "math/test/c17038a988e744b6cb91f195", rule: RulePlaceholder},
	{name: "MATH-500 [asy] figure is no slot", source: "math", path: "math/prm800k_math_splits_test.jsonl", id: "math/test/1e59b8cae8b19bb52556b1c9", rule: RulePlaceholder},
	{name: "humaneval code question", source: "humaneval", path: "humaneval/HumanEval.jsonl.gz", id: "humaneval/test/129", rule: RulePlaceholder},

	// question_too_short
	{name: "stub question", source: "gsm8k", path: "gsm8k/test.jsonl", id: "gsm8k/test/0",
		edit: func(r *record.Record) { r.Question = "Add." }, rule: RuleQuestionTooShort, fires: true, wantDetail: "< 5 for math"},
	{name: "summary without its article", source: "xsum", path: "xsum/xsum-extracts-from-downloads", id: "xsum/all/29604402",
		edit: func(r *record.Record) { r.Question = "Summarize the following article in one sentence." }, rule: RuleQuestionTooShort, fires: true, wantDetail: "for summarization"},
	{name: "shortest real alpaca instruction", source: "alpaca", path: "alpaca/alpaca_tiny.json",
		pick: func(r record.Record) bool { return r.Tokens.Question <= 6 }, rule: RuleQuestionTooShort},

	// question_too_long
	{name: "article pasted six times", source: "cnn_dailymail", path: "cnn-dailymail/cnn_stories", id: "cnn_dailymail/all/469c6ac05092ca5997728c9dfc19f9ab6b936e40",
		edit: func(r *record.Record) { r.Question = strings.Repeat(r.Question+"\n\n", 6) }, rule: RuleQuestionTooLong, fires: true, wantDetail: "> 8192 for summarization"},
	{name: "longest real article", source: "cnn_dailymail", path: "cnn-dailymail/cnn_stories", id: "cnn_dailymail/all/469c6ac05092ca5997728c9dfc19f9ab6b936e40", rule: RuleQuestionTooLong},

	// answer_missing
	{name: "gsm8k answer cleared", source: "gsm8k", path: "gsm8k/test.jsonl", id: "gsm8k/test/0",
		edit: func(r *record.Record) { r.Answer = "" }, rule: RuleAnswerMissing, fires: true, wantDetail: "gsm8k records carry one"},
	{name: "toolbench answer cleared where the tree gives one", source: "toolbench", path: "toolbench/data_example",
		pick: func(r record.Record) bool { b, _ := r.Meta["has_answer"].(bool); return b },
		edit: func(r *record.Record) { r.Answer = "" }, rule: RuleAnswerMissing, fires: true},
	{name: "codesearchnet challenge query has no code", source: "codesearchnet", path: "codesearchnet", id: "codesearchnet/test/challenge-go-2d0d760586c7eb382f683668", rule: RuleAnswerMissing},
	{name: "toolbench query without a tree", source: "toolbench", path: "toolbench/data_example", id: "toolbench/train/G1_1", rule: RuleAnswerMissing},
	{name: "alpaca <nooutput>", source: "alpaca", path: "alpaca/alpaca_tiny.json", id: "alpaca/train/8", rule: RuleAnswerMissing},
	{name: "hellaswag unlabelled test", source: "hellaswag", path: "hellaswag/*.jsonl", id: "hellaswag/test/14", rule: RuleAnswerMissing},
	{name: "hellaswag labelled item cleared", source: "hellaswag", path: "hellaswag/*.jsonl",
		pick: func(r record.Record) bool { return strings.HasPrefix(r.ID, "hellaswag/train/") },
		edit: func(r *record.Record) { r.Answer = ""; delete(r.Meta, "final_answer") }, rule: RuleAnswerMissing, fires: true},

	// answer_too_short
	{name: "one-word summary", source: "xsum", path: "xsum/xsum-extracts-from-downloads", id: "xsum/all/29604402",
		edit: func(r *record.Record) { r.Answer = "Books." }, rule: RuleAnswerTooShort, fires: true, wantDetail: "< 5 for summarization"},
	{name: "real one-token DROP answer", source: "drop", path: "drop/drop_dataset_train.json",
		pick: func(r record.Record) bool { return r.Tokens.Answer == 1 }, rule: RuleAnswerTooShort},
	{name: "real MMLU letter answer", source: "mmlu", path: "mmlu/data", id: "mmlu/dev/abstract_algebra/0", rule: RuleAnswerTooShort},

	// answer_too_long
	{name: "solution pasted sixty times", source: "humaneval", path: "humaneval/HumanEval.jsonl.gz", id: "humaneval/test/0",
		edit: func(r *record.Record) { r.Answer = strings.Repeat(r.Answer+"\n", 60) }, rule: RuleAnswerTooLong, fires: true, wantDetail: "> 8192 for coding"},
	{name: "real humaneval solution", source: "humaneval", path: "humaneval/HumanEval.jsonl.gz", id: "humaneval/test/0", rule: RuleAnswerTooLong},

	// final_answer_unparseable
	{name: "gsm8k final answer in words", source: "gsm8k", path: "gsm8k/test.jsonl", id: "gsm8k/test/0",
		edit: func(r *record.Record) { r.Meta["final_answer"] = "eighteen" }, rule: RuleFinalAnswer, fires: true, wantDetail: "not a number"},
	{name: "gsm8k #### disagrees", source: "gsm8k", path: "gsm8k/test.jsonl", id: "gsm8k/test/0",
		edit: func(r *record.Record) { r.Answer = strings.Replace(r.Answer, "#### 18", "#### 19", 1) }, rule: RuleFinalAnswer, fires: true, wantDetail: "differs"},
	{name: "gsm8k final answer lost", source: "gsm8k", path: "gsm8k/test.jsonl", id: "gsm8k/test/0",
		edit: func(r *record.Record) { delete(r.Meta, "final_answer") }, rule: RuleFinalAnswer, fires: true},
	{name: "real gsm8k with thousands", source: "gsm8k", path: "gsm8k/test.jsonl",
		pick: func(r record.Record) bool {
			return strings.Contains(r.Answer[strings.LastIndex(r.Answer, "####"):], ",")
		},
		rule: RuleFinalAnswer},
	{name: "MATH solution without its box", source: "math", path: "math/MATH", id: "math/test/a5140381f6885ffa55fa8cf5",
		edit: func(r *record.Record) {
			r.Answer = strings.Replace(r.Answer, `\boxed`, "", 1)
			delete(r.Meta, "final_answer")
		}, rule: RuleFinalAnswer, fires: true, wantDetail: `no \boxed{}`},
	{name: "MATH box never closed", source: "math", path: "math/MATH", id: "math/test/a5140381f6885ffa55fa8cf5",
		edit: func(r *record.Record) {
			i := strings.LastIndex(r.Answer, `\boxed{`)
			r.Answer = r.Answer[:i] + `\boxed{` + strings.ReplaceAll(r.Answer[i+7:], "}", "")
		}, rule: RuleFinalAnswer, fires: true, wantDetail: "unterminated"},
	{name: "MATH final answer edited", source: "math", path: "math/prm800k_math_splits_test.jsonl", id: "math/test/13bb5d32a5afacb3e2ae2e66",
		edit: func(r *record.Record) { r.Meta["final_answer"] = "(3, \\pi)" }, rule: RuleFinalAnswer, fires: true, wantDetail: "differs"},
	{name: "real MATH", source: "math", path: "math/prm800k_math_splits_test.jsonl", id: "math/test/13bb5d32a5afacb3e2ae2e66", rule: RuleFinalAnswer},

	// choices_mismatch
	{name: "mmlu key beyond the options", source: "mmlu", path: "mmlu/data", id: "mmlu/dev/abstract_algebra/0",
		edit: func(r *record.Record) { r.Meta["final_answer"] = "E" }, rule: RuleChoices, fires: true, wantDetail: `label "E" is not one of the options A, B, C, D`},
	{name: "mmlu answer text of another option", source: "mmlu", path: "mmlu/data", id: "mmlu/dev/abstract_algebra/0",
		edit: func(r *record.Record) { r.Answer = "B. 3" }, rule: RuleChoices, fires: true, wantDetail: "is not option B"},
	{name: "piqa option dropped from the list", source: "piqa", path: "piqa/valid.jsonl", id: "piqa/validation/0",
		edit: func(r *record.Record) { r.Meta["choices"] = metaStrings(r.Meta, "choices")[:1] }, rule: RuleChoices, fires: true, wantDetail: "1 options"},
	{name: "arc own labels", source: "arc_challenge", path: "arc-challenge/*.jsonl", id: "arc_challenge/validation/Mercury_SC_407695", rule: RuleChoices},
	{name: "commonsense_qa five options", source: "commonsense_qa", path: "commonsenseqa/dev_rand_split.jsonl", id: "commonsense_qa/validation/1afa02df02c908a558b4036e80242fac", rule: RuleChoices},
	{name: "mmlu after a JSON round trip", source: "mmlu", path: "mmlu/data", id: "mmlu/dev/abstract_algebra/0",
		edit: jsonRoundTrip, rule: RuleChoices},

	// encoding_broken
	{name: "replacement character", source: "gsm8k", path: "gsm8k/test.jsonl", id: "gsm8k/test/0",
		edit: func(r *record.Record) { r.Question = strings.Replace(r.Question, "’", "\uFFFD", 1) }, rule: RuleEncoding, fires: true, wantDetail: "U+FFFD"},
	{name: "UTF-8 read as Windows-1252", source: "gsm8k", path: "gsm8k/test.jsonl", id: "gsm8k/test/0",
		edit: func(r *record.Record) { r.Question = strings.Replace(r.Question, "’", "â€™", 1) }, rule: RuleEncoding, fires: true, wantDetail: "Latin-1"},
	{name: "invalid UTF-8 byte", source: "squad_v2", path: "squad-v2/dev-v2.0.first-2-articles.json", id: "squad_v2/validation/56ddde6b9a695914005b9628",
		edit: func(r *record.Record) { r.Answer = "Fran\xe7e" }, rule: RuleEncoding, fires: true, wantDetail: "invalid UTF-8"},
	{name: "real curly quote", source: "gsm8k", path: "gsm8k/test.jsonl", id: "gsm8k/test/0", rule: RuleEncoding},

	// control_characters
	{name: "form feed in code", source: "mbpp", path: "mbpp/mbpp.jsonl", id: "mbpp/prompt/1",
		edit: func(r *record.Record) { r.Answer = strings.Replace(r.Answer, "\n", "\n\f", 1) }, rule: RuleControl, fires: true, wantDetail: "U+000C"},
	{name: "NUL in question", source: "piqa", path: "piqa/valid.jsonl", id: "piqa/validation/0",
		edit: func(r *record.Record) { r.Question += "\x00" }, rule: RuleControl, fires: true, wantDetail: "U+0000"},
	{name: "C1 control", source: "xsum", path: "xsum/xsum-extracts-from-downloads", id: "xsum/all/29604402",
		edit: func(r *record.Record) { r.Answer = strings.Replace(r.Answer, "'", "\u0092", 1) }, rule: RuleControl, fires: true, wantDetail: "U+0092"},
	{name: "real code with tabs", source: "mbpp", path: "mbpp/mbpp.jsonl", id: "mbpp/prompt/1", rule: RuleControl},

	// not_english
	{name: "gsm8k question in Spanish", source: "gsm8k", path: "gsm8k/test.jsonl", id: "gsm8k/test/0",
		edit: func(r *record.Record) {
			r.Question = "Los patos de Janet ponen 16 huevos por día. Ella come tres en el desayuno todas las mañanas y hornea magdalenas para sus amigas todos los días con cuatro. Vende el resto en el mercado de agricultores diariamente a $2 por huevo fresco de pato. ¿Cuánto gana en dólares todos los días en el mercado de agricultores?"
		}, rule: RuleNotEnglish, fires: true, wantDetail: "Spanish function words"},
	{name: "gsm8k question in German", source: "gsm8k", path: "gsm8k/test.jsonl", id: "gsm8k/test/0",
		edit: func(r *record.Record) {
			r.Question = "Janets Enten legen 16 Eier pro Tag. Sie isst jeden Morgen drei zum Frühstück und backt jeden Tag mit vier Muffins für ihre Freunde. Den Rest verkauft sie täglich auf dem Bauernmarkt für 2 $ pro frischem Entenei. Wie viel verdient sie jeden Tag in Dollar auf dem Bauernmarkt?"
		}, rule: RuleNotEnglish, fires: true, wantDetail: "German function words"},
	{name: "gsm8k question in Chinese", source: "gsm8k", path: "gsm8k/test.jsonl", id: "gsm8k/test/0",
		edit: func(r *record.Record) {
			r.Question = "珍妮特的鸭子每天下16个蛋。她每天早上早餐吃三个，每天用四个给朋友烤松饼。她每天在农贸市场以每个新鲜鸭蛋2美元的价格出售剩下的蛋。她每天在农贸市场能赚多少美元？"
		}, rule: RuleNotEnglish, fires: true, wantDetail: "Han"},
	{name: "real MATH full of LaTeX", source: "math", path: "math/prm800k_math_splits_test.jsonl", id: "math/test/13bb5d32a5afacb3e2ae2e66", rule: RuleNotEnglish},
	{name: "real code prompt", source: "humaneval", path: "humaneval/HumanEval.jsonl.gz", id: "humaneval/test/129", rule: RuleNotEnglish},
	{name: "real reading passage", source: "squad_v2", path: "squad-v2/dev-v2.0.first-2-articles.json", id: "squad_v2/validation/56ddde6b9a695914005b9628", rule: RuleNotEnglish},
}

// jsonRoundTrip gives meta the types it has after a JSONL or frame round trip
// ([]any, json.Number).
func jsonRoundTrip(r *record.Record) {
	b, err := json.Marshal(r.Meta)
	if err != nil {
		panic(err)
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		panic(err)
	}
	r.Meta = m
}

func TestRules(t *testing.T) {
	rules := map[string]Rule{}
	for _, r := range Rules(Options{}) {
		rules[r.Name] = r
	}
	covered := map[string][2]bool{}
	for _, c := range ruleCases {
		t.Run(c.rule+"/"+c.name, func(t *testing.T) {
			r := pickRecord(t, c)
			if c.edit != nil {
				c.edit(&r)
				recount(t, &r)
			}
			rule, ok := rules[c.rule]
			if !ok {
				t.Fatalf("no rule %s", c.rule)
			}
			detail := rule.Check(r)
			if (detail != "") != c.fires {
				t.Fatalf("%s on %s: detail %q, want fires=%v", c.rule, r.ID, detail, c.fires)
			}
			if c.fires && !strings.Contains(detail, c.wantDetail) {
				t.Errorf("detail %q does not contain %q", detail, c.wantDetail)
			}
			// Through Validate, the record is dropped or flagged per the default action.
			kept, drops, rep := Validate([]record.Record{r}, Options{Actions: onlyRule(c.rule)})
			switch {
			case !c.fires && (len(kept) != 1 || len(drops) != 0 || kept[0].Meta[FlagsKey] != nil):
				t.Errorf("clean record not kept as is: kept %d, drops %v", len(kept), drops)
			case c.fires && rule.Action == Drop:
				if len(drops) != 1 || drops[0].Reason != record.ReasonInvalid || drops[0].Stage != Stage ||
					!strings.HasPrefix(drops[0].Detail, c.rule+": ") {
					t.Errorf("drops %+v, want one invalid drop naming %s", drops, c.rule)
				}
			case c.fires && rule.Action == Flag:
				if len(kept) != 1 || !reflect.DeepEqual(kept[0].Meta[FlagsKey], []string{c.rule}) {
					t.Errorf("kept %d, flags %v, want [%s]", len(kept), kept, c.rule)
				}
			}
			if c.fires && (rep.Rules[0].Fired != 1 || rep.Rules[0].BySource[c.source] != 1) {
				t.Errorf("report %+v", rep.Rules[0])
			}
		})
		v := covered[c.rule]
		if c.fires {
			v[0] = true
		} else {
			v[1] = true
		}
		covered[c.rule] = v
	}
	for _, name := range RuleNames() {
		if v := covered[name]; !v[0] || !v[1] {
			t.Errorf("rule %s: fires case %v, silent case %v; want both", name, v[0], v[1])
		}
	}
}

func pickRecord(t *testing.T, c ruleCase) record.Record {
	t.Helper()
	if c.id != "" {
		return byID(t, c.source, c.path, c.id)
	}
	for _, r := range realdata.Records(t, c.source, c.path) {
		if c.pick(r) {
			return byID(t, c.source, c.path, r.ID)
		}
	}
	t.Fatalf("no record in %s matches", c.path)
	return record.Record{}
}

// onlyRule turns every built-in rule off but name.
func onlyRule(name string) map[string]Action {
	m := map[string]Action{}
	for _, n := range RuleNames() {
		if n != name {
			m[n] = Off
		}
	}
	return m
}

// TestRealRecordsPass runs every rule over every real record: none fires. Together
// with TestRules it shows the rules catch defects without false alarms on the
// sources as published.
func TestRealRecordsPass(t *testing.T) {
	all := allReal(t)
	kept, drops, rep := Validate(all, Options{})
	if len(drops) != 0 || rep.Flagged != 0 || len(kept) != len(all) {
		for _, rs := range rep.Rules {
			for _, ex := range rs.Examples {
				t.Errorf("%s fired on %s: %s", rs.Rule, ex.ID, ex.Detail)
			}
		}
		t.Fatalf("%d real records: %d kept, %d dropped, %d flagged; want all kept unflagged", len(all), len(kept), len(drops), rep.Flagged)
	}
}

// edited is a small set of real records with one defect each, for the report and
// accounting tests.
func edited(t *testing.T) []record.Record {
	t.Helper()
	var recs []record.Record
	for _, c := range ruleCases {
		r := pickRecord(t, c)
		if c.edit != nil {
			c.edit(&r)
			recount(t, &r)
		}
		r.ID += "#" + c.name // ids stay unique though several cases edit one record
		recs = append(recs, r)
	}
	return recs
}

func TestValidateAccounting(t *testing.T) {
	recs := edited(t)
	before, err := json.Marshal(recs)
	if err != nil {
		t.Fatal(err)
	}
	kept, drops, rep := Validate(recs, Options{})
	after, _ := json.Marshal(recs)
	if string(before) != string(after) {
		t.Error("Validate modified its input records")
	}
	if len(kept)+len(drops) != len(recs) || rep.Kept != len(kept) || rep.Dropped != len(drops) || rep.Checked != len(recs) {
		t.Fatalf("%d in, %d kept + %d dropped; report %d/%d/%d", len(recs), len(kept), len(drops), rep.Checked, rep.Kept, rep.Dropped)
	}
	sum, perSource := 0, 0
	for _, rs := range rep.Rules {
		sum += rs.Dropped
	}
	for _, s := range rep.Sources {
		perSource += s.Dropped
	}
	if sum != rep.Dropped || perSource != rep.Dropped {
		t.Errorf("rule drops sum to %d, source drops to %d, want %d", sum, perSource, rep.Dropped)
	}
	// Order is kept: kept records appear in input order.
	pos := map[string]int{}
	for i, r := range recs {
		pos[r.ID] = i
	}
	for i := 1; i < len(kept); i++ {
		if pos[kept[i-1].ID] > pos[kept[i].ID] {
			t.Fatalf("kept records out of input order at %d", i)
		}
	}
}

func TestActionsOverride(t *testing.T) {
	r := byID(t, "gsm8k", "gsm8k/test.jsonl", "gsm8k/test/0")
	r.Answer = ""
	recount(t, &r)
	for _, c := range []struct {
		action    Action
		kept      int
		wantFlags any
	}{
		{Drop, 0, nil},
		{Flag, 1, []string{RuleAnswerMissing}},
		{Off, 1, nil},
	} {
		t.Run(string(c.action), func(t *testing.T) {
			kept, _, rep := Validate([]record.Record{r}, Options{Actions: map[string]Action{RuleAnswerMissing: c.action}})
			if len(kept) != c.kept {
				t.Fatalf("kept %d, want %d", len(kept), c.kept)
			}
			if c.kept == 1 && !reflect.DeepEqual(kept[0].Meta[FlagsKey], c.wantFlags) && !(c.wantFlags == nil && kept[0].Meta[FlagsKey] == nil) {
				t.Errorf("flags %v, want %v", kept[0].Meta[FlagsKey], c.wantFlags)
			}
			for _, rs := range rep.Rules {
				if rs.Rule == RuleAnswerMissing && c.action == Off {
					t.Error("an Off rule is in the report")
				}
			}
		})
	}
	if err := CheckActions(map[string]Action{"answer_mising": Drop}); err == nil || !strings.Contains(err.Error(), "answer_mising") {
		t.Errorf("misspelt rule: %v", err)
	}
	if err := CheckActions(map[string]Action{RuleAnswerMissing: "warn"}); err == nil {
		t.Error("unknown action accepted")
	}
	if err := CheckActions(map[string]Action{RuleAnswerMissing: Flag}); err != nil {
		t.Error(err)
	}
}

func TestLengthOverrides(t *testing.T) {
	r := byID(t, "gsm8k", "gsm8k/test.jsonl", "gsm8k/test/0")
	opt := Options{Lengths: map[string]Lengths{record.Math: {MinQuestion: r.Tokens.Question + 1}}}
	_, drops, _ := Validate([]record.Record{r}, opt)
	if len(drops) != 1 || !strings.HasPrefix(drops[0].Detail, RuleQuestionTooShort) {
		t.Errorf("drops %v, want question_too_short under the override", drops)
	}
}

// TestBatchRule plugs in a CheckAll rule, as package llm does: its findings merge in
// rule order and its error reaches the report while unchecked records pass.
func TestBatchRule(t *testing.T) {
	recs := realdata.Records(t, "gsm8k", "gsm8k/test.jsonl")[:5]
	extra := Rule{Name: "batch_judge", Action: Drop, CheckAll: func(rs []record.Record) ([]string, error) {
		out := make([]string, len(rs))
		out[1] = "judged bad"
		return out[:3], errors.New("cap reached after 3 records")
	}}
	kept, drops, rep := Validate(recs, Options{Extra: []Rule{extra}})
	if len(kept) != 4 || len(drops) != 1 || drops[0].ID != recs[1].ID || drops[0].Detail != "batch_judge: judged bad" {
		t.Errorf("kept %d, drops %+v", len(kept), drops)
	}
	if len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0], "batch_judge: cap reached") {
		t.Errorf("errors %v", rep.Errors)
	}
	if !strings.Contains(rep.Markdown(), "**Error:** batch_judge: cap reached") {
		t.Error("report does not show the error")
	}
}

func TestReportMarkdownGolden(t *testing.T) {
	_, _, rep := Validate(edited(t), Options{})
	golden.Check(t, "report_golden.md", rep.Markdown(), *update)
}
