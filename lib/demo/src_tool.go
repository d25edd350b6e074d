package demo

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// --- ToolBench ---

// tbParam is a parameter of a RapidAPI endpoint.
type tbParam struct {
	name, typ, desc, def string
}

// tbAPI is one endpoint of a tool.
type tbAPI struct {
	category, tool, name, desc, method string
	required, optional                 []tbParam
}

// tbQuery is a ToolBench query's extra fields.
type tbQuery struct {
	group    int // 1, 2 or 3 (G1: one tool; G2: tools of one category; G3: any)
	apis     []tbAPI
	relevant [][2]string
	answer   string // the final answer, "" when the query has no answer file
}

var tbCategories = []string{"Data", "Finance", "Sports", "Weather", "Travel", "Food", "Music",
	"Logistics", "Email", "Translation", "Entertainment", "Business", "Health_and_Fitness",
	"Education", "Media", "eCommerce", "Tools", "Location", "Science", "Movies"}

var tbAPIDesc = mustTmpls(
	`[Returns|Gets|Fetches|Lists] [the|all] {A} [for|of|matching] a given {B}[, sorted by date| with pagination|].`,
	`[Search|Look up|Find] {A}s by {B} and [return|get] their [details|ids|latest status].`,
	`[Creates|Updates|Deletes] a {A} [record|entry] [linked to|owned by] the {B}.`,
	`[Convert|Translate|Validate] a {B} [into|to|against] the {A} [format|standard|schema].`,
	` `,
)

var tbQueryTmpl = mustTmpls(
	`I'm [planning|organizing|preparing] a {event} in {city} [for my company|with friends|for our club]. Can you [get|find|fetch] the {A} for {B}? [Also|Additionally|In addition], I'd like to [know|see|check] the {A2} [using|with|from] the '{API}' [API|endpoint].`,
	`[My|Our] {job} [team|friend|colleague] needs [the latest|a list of|details on] {A}s [related to|for|about] {B}. [Please|Could you] [call|use] '{API}' [and|then] [summarize|compare|list] the [results|top entries|key figures][ for {city}|].`,
	`Can you [check|verify|confirm] the {A} of the {B} and [tell me|let me know] [whether|if] it [matches|exceeds|differs from] the {A2}? [I'm working on|This is for] a {adj} {field} project.`,
	`I [want|need|would like] to [compare|track|monitor] {A}s [across|for|in] {#2-9} {B}s [this {month}|over the last week|today]. [Please|Kindly] [retrieve|gather|collect] [the data|them] [with|via] '{API}'[ and highlight anything {adj}|].`,
)

var tbAnswerTmpl = mustTmpls(
	`The {A} for {B} is [currently|now|reported as] {#2-900} [units|records|items][, and the {A2} is {#2-90}|]. [I used|Using] the '{API}' [API|endpoint] [to retrieve|to check|for] [this|these details].`,
	`Here [are|is] the [details|results|information] you asked for: {A} [{#100-999}|'{adj}'|'{brand}'], {A2} [{#1-99}|'{adj}']. [Let me know if you need anything else.|I hope this helps with your {event}.|]`,
	`[I could not find|There is no] {A} [for|matching] the {B}[ you gave|], but the {A2} [is|was] {#2-500}. [You may want to|Consider] [try|trying] another {B}.`,
)

// tbAPIFor invents an endpoint of tool in category.
func (g *gen) tbAPIFor(category, tool string) tbAPI {
	v := map[string]string{"A": g.pick(identNouns), "B": g.pick(identNouns)}
	a := tbAPI{category: category, tool: tool, name: camel(g.ident(2), false), desc: g.fill(tbAPIDesc, v),
		method: g.pick([]string{"GET", "GET", "GET", "POST"})}
	for k := g.intn(0, 2); k > 0; k-- {
		a.required = append(a.required, tbParam{name: g.pick(identNouns), typ: g.pick([]string{"STRING", "NUMBER", "STRING", "BOOLEAN"}),
			desc: g.fill(tbParamDesc, v), def: g.pick([]string{"", "1", "en", "10", "demo"})})
	}
	for k := g.intn(0, 3); k > 0; k-- {
		a.optional = append(a.optional, tbParam{name: g.pick(identNouns), typ: "STRING", desc: "", def: ""})
	}
	return a
}

var tbParamDesc = mustTmpls(`The {A} [id|code|name] [to look up|of the {B}|]`, `[Page|Limit|Offset] [number|size]`, ` `)

// tbQueryItem generates a query of group grp with its APIs.
func (g *gen) tbQueryItem(grp int) *item {
	nTools := 1
	if grp > 1 {
		nTools = g.intn(2, 3)
	}
	cat := g.pick(tbCategories)
	var apis []tbAPI
	var rel [][2]string
	for t := 0; t < nTools; t++ {
		if grp == 3 {
			cat = g.pick(tbCategories)
		}
		tool := g.brand()
		if g.chance(0.3) {
			tool += " " + g.pick([]string{"API", "Hub", "Data", "Pro"})
		}
		// Calibration: ToolBench questions average 177 tokens (median 79): a query
		// and the APIs it may call, a few per tool.
		for k := g.intn(1, 4); k > 0; k-- {
			api := g.tbAPIFor(cat, tool)
			apis = append(apis, api)
			if g.chance(0.7) || len(rel) == 0 {
				rel = append(rel, [2]string{tool, api.name})
			}
		}
	}
	v := map[string]string{"A": g.pick(identNouns), "A2": g.pick(identNouns), "B": g.pick(identNouns), "API": rel[0][1]}
	q := g.fill(tbQueryTmpl, v)
	if g.chance(0.35) {
		v["A"], v["API"] = g.pick(identNouns), rel[len(rel)-1][1]
		q += " " + g.fill(tbQueryTmpl, v)
	}
	x := tbQuery{group: grp, apis: apis, relevant: rel}
	// About a third of the queries come with a solution tree giving an answer.
	if g.chance(0.3) {
		// Final answers run to a few sentences (59 tokens in the sample).
		x.answer = g.fill(tbAnswerTmpl, v)
		for k := g.intn(1, 2); k > 0; k-- {
			v["A"], v["A2"] = g.pick(identNouns), g.pick(identNouns)
			x.answer += " " + g.fill(tbAnswerTmpl, v)
		}
	}
	return &item{q: q, a: x.answer, group: grp, x: x}
}

// tbGroups: the shares of G1, G2 and G3 queries.
var tbGroups = []float64{0.45, 0.35, 0.2}

func toolBenchSpec() *spec {
	return &spec{
		name: "toolbench",
		base: func(g *gen, n int) []*item {
			out := make([]*item, 0, n)
			seen := map[string]bool{}
			for grp := 1; grp <= 3; grp++ {
				k := int(float64(n) * tbGroups[grp-1])
				if grp == 3 {
					k = n - len(out)
				}
				for i := 0; i < k; {
					it := g.tbQueryItem(grp)
					if seen[it.q] {
						continue
					}
					seen[it.q] = true
					out = append(out, it)
					i++
				}
			}
			return out
		},
		write: func(w *writer, items []*item) ([]string, error) {
			queries := map[int][]any{}
			next := map[int]int{}
			for _, it := range items {
				x := it.x.(tbQuery)
				next[x.group]++
				qid := next[x.group]
				var list []any
				for _, a := range x.apis {
					list = append(list, kv{{"category_name", a.category}, {"tool_name", a.tool}, {"api_name", a.name},
						{"api_description", a.desc}, {"required_parameters", tbParams(a.required, true)},
						{"optional_parameters", tbParams(a.optional, false)}, {"method", a.method}})
				}
				rel := make([]any, len(x.relevant))
				for i, r := range x.relevant {
					rel[i] = []string{r[0], r[1]}
				}
				queries[x.group] = append(queries[x.group], kv{{"api_list", list}, {"query", it.q}, {"relevant APIs", rel}, {"query_id", qid}})
				it.id = w.id(fmt.Sprintf("G%d_%d", x.group, qid))
				if x.answer == "" {
					continue
				}
				b, err := tbAnswerFile(it.q, x)
				if err != nil {
					return nil, err
				}
				if err := w.file(fmt.Sprintf("answer/G%d_answer/%d_ChatGPT_DFS_woFilter_w2.json", x.group, qid), b); err != nil {
					return nil, err
				}
			}
			for grp := 1; grp <= 3; grp++ {
				if len(queries[grp]) == 0 {
					continue
				}
				b, err := jsonIndent(queries[grp], " ")
				if err != nil {
					return nil, err
				}
				if err := w.file(fmt.Sprintf("instruction/G%d_query.json", grp), b); err != nil {
					return nil, err
				}
			}
			// One directory holding instruction/ and answer/: the adapter matches
			// answers to queries among the files of one path.
			return []string{w.dir}, nil
		},
	}
}

func tbParams(ps []tbParam, withDefault bool) []any {
	out := []any{}
	for _, p := range ps {
		o := kv{{"name", p.name}, {"type", p.typ}, {"description", p.desc}}
		if withDefault {
			o = append(o, kvPair{"default", p.def})
		}
		out = append(out, o)
	}
	return out
}

// tbAnswerFile writes a solution-tree file: the OpenAI function list the search
// used (the APIs and ToolBench's Finish), and the double-encoded final answer.
func tbAnswerFile(query string, x tbQuery) ([]byte, error) {
	var funcs []any
	for _, a := range x.apis {
		props := kv{}
		var req, opt []string
		for _, p := range a.required {
			props = append(props, kvPair{p.name, kv{{"type", strings.ToLower(p.typ)}, {"description", p.desc}, {"example_value", p.def}}})
			req = append(req, p.name)
		}
		for _, p := range a.optional {
			props = append(props, kvPair{p.name, kv{{"type", "string"}, {"description", p.desc}}})
			opt = append(opt, p.name)
		}
		if req == nil {
			req = []string{}
		}
		if opt == nil {
			opt = []string{}
		}
		funcs = append(funcs, kv{{"name", a.name + "_for_" + strings.ToLower(strings.ReplaceAll(a.tool, " ", "_"))},
			{"description", fmt.Sprintf("This is the subfunction for tool \"%s\", you can use this tool.The description of this function is: \"%s\"", a.tool, a.desc)},
			{"parameters", kv{{"type", "object"}, {"properties", props}, {"required", req}, {"optional", opt}}}})
	}
	funcs = append(funcs, kv{{"name", "Finish"}, {"description", "If you believe that you have obtained a result that can answer the task, please call this function to provide the final answer."},
		{"parameters", kv{{"type", "object"}, {"properties", kv{}}, {"required", []string{"return_type"}}}}})
	final, err := jsonIndent(kv{{"return_type", "give_answer"}, {"final_answer", x.answer}}, "  ")
	if err != nil {
		return nil, err
	}
	final = bytes.TrimRight(final, "\n")
	return jsonIndent(kv{{"win", true}, {"answer_generation", kv{{"valid_data", true}, {"query_count", len(x.apis) + 1},
		{"total_tokens", 1500 + 37*len(query)}, {"final_answer", string(final)}, {"function", funcs}, {"chain", []any{}},
		{"train_messages", []any{}}, {"query", query}, {"finish_type", "give_answer"}}}}, " ")
}

// --- Gorilla APIBench ---

// gorillaHubs are APIBench's three hubs: file stem, provider, share of the records
// (8,191 Hugging Face, 6,190 TensorFlow Hub and 837 Torch Hub training rows).
var gorillaHubs = []struct {
	file, provider string
	share          float64
}{{"huggingface", "Hugging Face Transformers", 0.54}, {"tensorflow", "TensorFlow Hub", 0.41}, {"torchhub", "PyTorch", 0.05}}

var gorillaDomains = [][]string{
	{"Natural Language Processing Text Classification", "Natural Language Processing Translation", "Computer Vision Image Classification",
		"Audio Automatic Speech Recognition", "Natural Language Processing Summarization", "Computer Vision Object Detection"},
	{"Image classification", "Text embedding", "Image feature vector", "Object detection", "Audio event classification"},
	{"Classification", "Semantic Segmentation", "Object Detection", "Video Classification", "Audio Separation"},
}

var gorillaInstr = mustTmpls(
	`[I want to|We need to|Help me] [build|create|design] [an app|a tool|a service] that can {task2} [for|in] [our|my] {adj} {place}[ in {city}|].`,
	`[Which|What] API [can|should] I use to {task2} [for my {adj} {place}|at the {place} in {city}|for a {job} in {city}]?`,
	`[Our|My] {job} [team|client|friend] [wants|needs] to {task2} [from|using|on] [a collection of|thousands of|a few] {obj} [photos|recordings|documents|reviews].`,
	`[Recommend|Suggest|Find] [an|a pretrained] [API|model] [that|which] [can|will] {task2} [for a {job} in {city}|in our {adj} {place}|before the {event}].`,
)

// gorillaTasks are task phrases by a word of the API domain, tried in order (a
// domain such as "… Text Classification" matches its most specific word first).
var gorillaTasks = []struct {
	word  string
	tasks []tmpl
}{
	{"Translation", mustTmpls("translate {adj} [product descriptions|emails|menus] into [French|Spanish|German|Japanese]", "turn [English|Italian] [menus|signs|manuals] about {obj} into [Spanish|Polish|Korean]")},
	{"Speech", mustTmpls("transcribe [voice notes|interviews|calls] [from|with] a {job}", "turn [meeting|lecture|podcast] recordings about {field} into text")},
	{"Summarization", mustTmpls("summarize [long|{adj}] [reports|papers|emails] about {field}", "shorten [articles|reviews|minutes] about {obj} into a few sentences")},
	{"Text Classification", mustTmpls("classify [customer|hotel|app] reviews of {obj} by sentiment", "detect the topic of [news headlines|forum posts|emails] about {field}", "group [support tickets|complaints|requests] from {job}s by subject")},
	{"Detection", mustTmpls("find and count {obj} in [warehouse|shelf|drone] images", "locate {animal} in [camera trap|satellite|trail] photos")},
	{"embedding", mustTmpls("compare the meaning of [two sentences|short answers|product titles] about {obj}", "find similar [questions|posts|recipes] in a {field} forum")},
	{"feature", mustTmpls("extract features from [images|scans|photos] of {obj} for a [search engine|catalog|recommender]")},
	{"Segmentation", mustTmpls("separate the [road|field|water] from the sky in [street|aerial|{city}] photos", "outline {obj} in [product|catalog|{adj}] photos")},
	{"Video", mustTmpls("recognize the {sport} [moves|drills|plays] in [short videos|training clips|match recordings]")},
	{"Audio", mustTmpls("separate the [vocals|drums|speech] from a [music track|recording|podcast]", "recognize {animal} [calls|songs|sounds] in [field|night|forest] recordings")},
	{"", mustTmpls("sort [photos|pictures|scans] of {obj} into categories", "tell apart [pictures|photos] of {animal} [and|from] {animal}", "label [product|inventory|{adj}] images of {obj} automatically")},
}

// gorillaTaskFor picks a task phrase fitting an API domain.
func (g *gen) gorillaTaskFor(domain string) string {
	for _, t := range gorillaTasks {
		if strings.Contains(domain, t.word) {
			return g.fill(t.tasks, nil)
		}
	}
	return ""
}

// gorillaRow is an APIBench row's extra fields.
type gorillaRow struct {
	hub                               int
	domain, apiName, apiCall, explain string
	code                              string
}

func (g *gen) gorillaItem(hub int) *item {
	domain := g.pick(gorillaDomains[hub])
	model := strings.ToLower(g.brand()) + "-" + g.pick([]string{"base", "large", "small", "v2", "tiny"})
	var call, code string
	switch hub {
	case 0:
		task := strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(strings.TrimPrefix(domain, "Natural Language Processing "), "Computer Vision "), " ", "-"))
		call = fmt.Sprintf("pipeline('%s', model='demo-org/%s')", task, model)
		code = fmt.Sprintf("from transformers import pipeline\nclassifier = %s\nresult = classifier(%s)", call, g.pick([]string{"text", "image_path", "audio_file"}))
	case 1:
		call = fmt.Sprintf("hub.KerasLayer('https://tfhub.dev/demo/%s/%d')", model, g.intn(1, 5))
		code = fmt.Sprintf("import tensorflow_hub as hub\nmodel = tf.keras.Sequential([%s])\npredictions = model(inputs)", call)
	default:
		call = fmt.Sprintf("torch.hub.load(repo_or_dir='demo/%s', model='%s', pretrained=True)", strings.ToLower(g.brand()), model)
		code = fmt.Sprintf("import torch\nmodel = %s\nmodel.eval()", call)
	}
	task := g.gorillaTaskFor(domain)
	instr := g.fill(gorillaInstr, map[string]string{"task2": task})
	// Calibration: APIBench instructions average 25 tokens; some carry a setting.
	if g.chance(0.75) {
		instr = g.fill(gorillaScene, nil) + " " + instr
	}
	explain := g.explainAPI(domain, model)
	return &item{q: instr, group: hub, x: gorillaRow{hub: hub, domain: domain, apiName: model, apiCall: call, explain: explain, code: code}}
}

var gorillaScene = mustTmpls(`[We run|I manage|Our team maintains] a {adj} {place} in {city}.`, `[As a|I am a] {job}[ with little time| on a small budget|].`)

var gorillaExplain = mustTmpls(
	`[Load|Use|Import] the [pretrained|fine-tuned|{adj}] {M} model [for|to perform] {D}[, which was trained on {#10-900} thousand {obj} examples|].`,
	`[The model|It] [returns|outputs|produces] [scores|labels|embeddings] [for each|per] [input|image|sentence|clip], [which|and these] [can be|are] [ranked|compared|thresholded] [to|in order to] {task2}.`,
	`[Pass|Feed|Send] the [preprocessed|raw|resized] [inputs|images|texts] to the model and [read|take|keep] the [top|highest scoring|first] [prediction|result|class].`,
)

// explainAPI writes the explanation of an APIBench output.
func (g *gen) explainAPI(domain, model string) string {
	v := map[string]string{"M": model, "D": strings.ToLower(domain), "task2": g.gorillaTaskFor(domain)}
	var parts []string
	for k := g.intn(2, 3); k > 0; k-- {
		parts = append(parts, g.fill(gorillaExplain, v))
	}
	return strings.Join(parts, " ")
}

func gorillaSpec() *spec {
	return &spec{
		name: "gorilla",
		base: func(g *gen, n int) []*item {
			out := make([]*item, 0, n)
			seen := map[string]bool{}
			for h := range gorillaHubs {
				k := int(float64(n) * gorillaHubs[h].share)
				if h == 0 {
					k = n
					for _, o := range gorillaHubs[1:] {
						k -= int(float64(n) * o.share)
					}
				}
				for i := 0; i < k; {
					it := g.gorillaItem(h)
					if seen[it.q] {
						continue
					}
					seen[it.q] = true
					out = append(out, it)
					i++
				}
			}
			return out
		},
		fromText: func(g *gen, text string, _ *item) *item {
			it := g.gorillaItem(0)
			it.q = text
			return it
		},
		write: func(w *writer, items []*item) ([]string, error) {
			bufs := make([]bytes.Buffer, len(gorillaHubs))
			counts := make([]int, len(gorillaHubs))
			for _, it := range items {
				r := it.x.(gorillaRow)
				h := gorillaHubs[r.hub]
				output := fmt.Sprintf("{'domain': '%s', 'api_call': \"%s\", 'api_provider': '%s', 'explanation': '%s', 'code': '%s'}",
					r.domain, r.apiCall, h.provider, r.explain, r.code)
				code := "###Instruction: " + it.q + "\n###Output: " + output + "\n"
				data := kv{{"domain", r.domain}, {"framework", h.provider}, {"functionality", r.domain},
					{"api_name", r.apiName}, {"api_call", r.apiCall}, {"api_arguments", kv{{"pretrained", "True"}}},
					{"python_environment_requirements", []string{"demo"}}, {"example_code", strings.Split(r.code, "\n")},
					{"performance", kv{{"dataset", "demo"}, {"accuracy", "demo"}}}, {"description", r.explain}}
				if err := jsonLine(&bufs[r.hub], kv{{"code", code}, {"api_call", r.apiCall}, {"provider", h.provider}, {"api_data", data}}); err != nil {
					return nil, err
				}
				it.id = w.id(h.file + "_" + strconv.Itoa(counts[r.hub]))
				counts[r.hub]++
			}
			var paths []string
			for h, hub := range gorillaHubs {
				if counts[h] == 0 {
					continue
				}
				name := hub.file + "_train.json"
				if err := w.file(name, bufs[h].Bytes()); err != nil {
					return nil, err
				}
				paths = append(paths, w.path(name))
			}
			return paths, nil
		},
	}
}
