package demo

import (
	"fmt"
	"strconv"
	"strings"
)

// --- CNN/DailyMail ---

// cnnStory is a story's highlights; the item's q is the article (paragraphs joined
// by blank lines, as the .story file has them).
type cnnStory struct{ highlights []string }

// highlightMore lengthens a highlight (real ones average about 12 tokens).
var highlightMore = mustTmpls(`[after|despite|amid] [months of|weeks of|renewed] [talks|protests|delays] [in {C}|with {O}|]`, `, [officials say|sources say|{P} says]`)

func cnnSpec() *spec {
	return &spec{
		name: "cnn_dailymail",
		base: func(g *gen, n int) []*item {
			out := make([]*item, n)
			for i := range out {
				// Calibration: CNN questions average 826 tokens with the 17-token
				// prompt; articles are long and vary a lot in length.
				a := g.newsArticle(g.lengthAround(790, 0.4, 150))
				a.paragraphs[0] = strings.ToUpper(a.vars["C"]) + " (CNN) -- " + a.paragraphs[0]
				var hl []string
				for k := g.intn(3, 5); k > 0; k-- {
					h := g.fill(highlightTmpl, a.vars)
					if g.chance(0.4) {
						h += " " + g.fill(highlightMore, a.vars)
					}
					hl = append(hl, h)
				}
				out[i] = &item{q: strings.Join(a.paragraphs, "\n\n"), a: strings.Join(hl, "\n"), x: cnnStory{hl}}
			}
			return out
		},
		write: func(w *writer, items []*item) ([]string, error) {
			for i, it := range items {
				var b strings.Builder
				b.WriteString(it.q)
				for _, h := range it.x.(cnnStory).highlights {
					b.WriteString("\n\n@highlight\n\n" + h)
				}
				b.WriteString("\n")
				// The file name is the story's id; the directory name holds no split
				// word, so the adapter gives the records the split "all" (or "demo").
				id := fmt.Sprintf("demo-cnn-%06d", i)
				if err := w.file("stories/"+id+".story", []byte(b.String())); err != nil {
					return nil, err
				}
				it.id = w.id(id)
			}
			return []string{w.path("stories")}, nil
		},
	}
}

// --- XSum ---

// xsumDoc is an XSum article's extra fields: its summary is the item's a; q is the
// body, one paragraph per line.
type xsumDoc struct{ section string }

var summaryMore = mustTmpls(`, [a move|a decision|a finding] [critics say|which officials say|that campaigners warn] [could|will|may] [cost|affect|delay] [local {job}s|the {place}|plans for {C}].`)

var bbcSections = []string{"news/uk", "news/world", "news/business", "news/science-environment", "sport/football", "news/entertainment-arts", "news/health"}

func xsumSpec() *spec {
	return &spec{
		name: "xsum",
		base: func(g *gen, n int) []*item {
			out := make([]*item, n)
			for i := range out {
				// Calibration: XSum questions average 408 tokens (median 330) with the
				// 9-token prompt.
				a := g.newsArticle(g.lengthAround(395, 0.55, 60))
				var lines []string
				for _, p := range a.paragraphs {
					// BBC bodies put each sentence on a line of its own.
					lines = append(lines, strings.ReplaceAll(p, ". ", ".\n"))
				}
				sum := g.fill(summarySentence, a.vars)
				if g.chance(0.5) {
					// One sentence of about 25 tokens, often with a second clause.
					sum = strings.TrimSuffix(sum, ".") + g.fill(summaryMore, a.vars)
				}
				out[i] = &item{q: strings.Join(lines, "\n"), a: sum, x: xsumDoc{g.pick(bbcSections)}}
			}
			return out
		},
		write: func(w *writer, items []*item) ([]string, error) {
			for i, it := range items {
				id := fmt.Sprintf("demo-%06d", i)
				url := fmt.Sprintf("http://web.archive.org/web/20160101000000/http://www.bbc.co.uk/%s-demo-%06d", it.x.(xsumDoc).section, i)
				body := "[XSUM]URL[XSUM]\n" + url + "\n\n[XSUM]INTRODUCTION[XSUM]\n" + it.a + "\n\n[XSUM]RESTBODY[XSUM]\n" + it.q + "\n"
				if err := w.file("bbc-articles/"+id+".data", []byte(body)); err != nil {
					return nil, err
				}
				it.id = w.id(id)
			}
			return []string{w.path("bbc-articles")}, nil
		},
	}
}

// --- Natural Instructions ---

// niKind is a kind of task: its definitions and an instance maker.
type niKind struct {
	slug     string
	category string
	defs     []tmpl
	instance func(g *gen) (input, output string)
}

var reviewSentence = mustTmpls(
	`[The|These|Our] {obj} [arrived|looked|worked] [{adj}|{adv} {adj}] and [I|we|my {job} friend] [loved|hated|returned] [it|them].`,
	`[Service|Delivery|Support] at the {place} was [{adj}|{adv} {adj}][ and the staff were {feeling}|].`,
	`[I would|I'd never|We will] [buy|order|recommend] [this|these] {obj} [again|to anyone|for a {event}].`,
	`[Quality|Price|Packaging] [is|was] [not great|excellent|fine|terrible][ for what you pay| compared to {city} shops|].`,
	`I [bought|ordered|got] [a|the|two] {adj} {obj} from {brand} [last {month}|for my {job} friend|in {city}] and [it|they] [broke|arrived late|worked well|felt cheap] after {#2-30} [days|uses|weeks].`,
	`The {brand} {obj} [smells|looks|feels] {adj}, [but|and] the [price|size|color] of {#3-90} dollars [is|was] [fair|too high|a surprise].`,
	`[Customer service|The seller|{name}] [answered|replied|refunded me] [within|after] {#1-14} [hours|days][ and was {feeling}|].`,
)

// niKinds are the task kinds of the stand-in; each is written as several task files
// with differently worded definitions.
var niKinds = []niKind{
	{"review_sentiment", "Sentiment Analysis", mustTmpls(
		`In this task, you are given a [product|restaurant|hotel] review [written by a customer|from an online store|]. [Your task is to|You must] classify the review as "Positive" or "Negative" [based on|according to] its [overall tone|content|sentiment]. [A review is positive if the customer is satisfied with the {obj} or the service; otherwise it is negative.|Output only one of the two labels.|]`,
	), func(g *gen) (string, string) {
		var parts []string
		for k := g.intn(3, 6); k > 0; k-- {
			parts = append(parts, g.fill(reviewSentence, nil))
		}
		return strings.Join(parts, " "), g.pick([]string{"Positive", "Negative"})
	}},
	{"question_generation", "Question Generation", mustTmpls(
		`[Given|You are given] a [passage|paragraph|short text] [about a place or an organisation|from an encyclopedia|], [generate|write|construct] a question [that can be answered|whose answer can be found] [from|in] the passage. [The answer should be a short span of the passage.|Avoid questions that need outside knowledge.|Do not use yes/no questions.]`,
	), func(g *gen) (string, string) {
		p := g.encyclopedic(g.subject(), g.lengthAround(90, 0.3, 30))
		if len(p.qas) == 0 {
			return p.text, "What is this passage about?"
		}
		return p.text, p.qas[g.r.IntN(len(p.qas))].question
	}},
	{"answer_extraction", "Question Answering", mustTmpls(
		`[In this task|Here], you are given a passage and a question about it. [Answer the question with|Your answer must be] a [short span|phrase] [copied|taken] from the passage[, without changing any words|]. [Do not add explanations.|If several spans fit, choose the shortest.|]`,
	), func(g *gen) (string, string) {
		p := g.encyclopedic(g.subject(), g.lengthAround(80, 0.3, 30))
		if len(p.qas) == 0 {
			return "Passage: " + p.text + " Question: What is described?", p.title
		}
		x := p.qas[g.r.IntN(len(p.qas))]
		return "Passage: " + p.text + " Question: " + x.question, x.answer
	}},
	{"title_generation", "Title Generation", mustTmpls(
		`[Generate|Write|Create] [an appropriate|a short|a suitable] title for the [given|following] news [paragraph|text|article]. [The title should be|Titles must be] [under fifteen words|short and informative|a single line] and [mention|capture] [the main topic|what happened].`,
	), func(g *gen) (string, string) {
		a := g.newsArticle(g.lengthAround(100, 0.3, 25))
		return strings.Join(a.paragraphs, " "), capFirst(g.fill(highlightTmpl, a.vars)) + " " + g.fill(highlightMore, a.vars)
	}},
	{"grammar_correction", "Grammar Error Correction", mustTmpls(
		`[You are given|Given] a sentence [that contains|with] [a grammatical error|one mistake|an error in spelling or grammar]. [Rewrite|Correct] the sentence [so that it is grammatically correct|fixing the error][, changing as few words as possible|].`,
	), func(g *gen) (string, string) {
		v := g.newsVars()
		s := g.fill(newsSentences, v) + " " + g.fill(newsSentences, v)
		bad, _ := g.applyEdit(s, EditTypo)
		return bad, s
	}},
	{"one_sentence_summary", "Summarization", mustTmpls(
		`[Summarize|Write a one-sentence summary of] the [given|following] [news paragraph|report|text]. [The summary must be a single sentence.|Keep the names of people and places.|Do not add information that is not in the text.]`,
	), func(g *gen) (string, string) {
		a := g.newsArticle(g.lengthAround(110, 0.3, 30))
		return strings.Join(a.paragraphs, " "), strings.TrimSuffix(g.fill(summarySentence, a.vars), ".") + g.fill(summaryMore, a.vars)
	}},
	{"word_count", "Word Analogy", mustTmpls(
		`In this task, you need to count the number of words in [a|the given] sentence that start with the letter '{L}'. [Answer with a number.|Return the count as a digit.|The count is case-insensitive.]`,
	), nil}, // instance made by niWordCount, which needs the letter of the definition
	{"paraphrase_identification", "Text Matching", mustTmpls(
		`[Given|You are given] two sentences, [determine|decide] whether they [mean the same thing|are paraphrases of each other]. [Answer|Output] "Yes" if they [do|are] and "No" otherwise.`,
	), func(g *gen) (string, string) {
		v := g.newsVars()
		s1 := g.fill(newsSentences, v)
		if g.chance(0.5) {
			s2, _ := g.applyEdit(s1, EditChangedWord)
			return "Sentence 1: " + s1 + " Sentence 2: " + s2, "No"
		}
		s2, _ := g.applyEdit(s1, EditPunctuation)
		return "Sentence 1: " + s1 + " Sentence 2: " + s2, "Yes"
	}},
}

// niDefMore are the notes definitions add about inputs and output format.
var niDefMore = mustTmpls(
	`[Note that|Remember that|Keep in mind that] the input may contain {adj} [words|names|numbers] that are not relevant to the task.`,
	`[The|Each] input [comes from|was collected from|is taken from] [online reviews|news articles|a crowdsourcing platform|an encyclopedia] and [may|might] [contain typos|be informal|be long].`,
	`Your output [must|should] [follow|match] the format of the examples[ exactly|] and [must not|should not] include [any|additional] [explanations|text].`,
	`[If|When] [the input is ambiguous|more than one answer is possible|you are unsure], [choose|give] the [most likely|simplest|first] [answer|option].`,
)

// niWordCount makes a word-counting instance for letter l.
func (g *gen) niWordCount(l string) (string, string) {
	v := g.newsVars()
	s := g.fill(newsSentences, v) + " " + g.fill(newsSentences, v)
	n := 0
	for _, w := range strings.Fields(s) {
		if strings.HasPrefix(strings.ToLower(strings.TrimLeft(w, `"'(`)), l) {
			n++
		}
	}
	return "Sentence: '" + s + "'. Count the words that start with '" + l + "'.", strconv.Itoa(n)
}

// niTask is a task file's extra fields, shared by its instances.
type niTask struct {
	slug       string
	category   string
	definition string
}

// niInstance is an instance's extra fields.
type niInstance struct{ task *niTask }

func naturalInstructionsSpec() *spec {
	return &spec{
		name: "natural_instructions",
		base: func(g *gen, n int) []*item {
			out := make([]*item, 0, n)
			for t := 0; len(out) < n; t++ {
				kind := niKinds[t%len(niKinds)]
				letter := string(rune('a' + g.r.IntN(26)))
				def := g.fill(kind.defs, map[string]string{"L": letter})
				// Definitions spell the task out at some length (50-100 words).
				for k := g.intn(2, 4); k > 0; k-- {
					def += " " + g.fill(niDefMore, nil)
				}
				task := &niTask{slug: kind.slug, category: kind.category, definition: def}
				// Tasks hold tens to hundreds of instances; about 50 here.
				seen := map[string]bool{}
				for k := g.lengthAround(50, 0.5, 5); k > 0 && len(out) < n; k-- {
					var in, o string
					if kind.instance == nil {
						in, o = g.niWordCount(letter)
					} else {
						in, o = kind.instance(g)
					}
					if seen[in] {
						continue
					}
					seen[in] = true
					out = append(out, &item{q: in, a: o, group: t, x: niInstance{task}})
				}
			}
			return out
		},
		write: func(w *writer, items []*item) ([]string, error) {
			// Tasks are numbered from 9001 in file order (the release's numbers end
			// below 1700, so a demo task can never pass for a real one).
			var cur *niTask
			num := 9000
			var inst []any
			flush := func() error {
				if cur == nil {
					return nil
				}
				pos := items[0] // an example input of the task, as the release has
				for _, it := range items {
					if it.x.(niInstance).task == cur {
						pos = it
						break
					}
				}
				b, err := jsonIndent(kv{
					{"Contributors", []string{"qmix demo generator"}},
					{"Source", []string{"demo"}},
					{"URL", []string{"https://example.invalid/qmix-demo"}},
					{"Categories", []string{cur.category}},
					{"Reasoning", []string{}},
					{"Definition", []string{cur.definition}},
					{"Input_language", []string{"English"}},
					{"Output_language", []string{"English"}},
					{"Instruction_language", []string{"English"}},
					{"Domains", []string{"Demo"}},
					{"Positive Examples", []any{kv{{"input", pos.q}, {"output", pos.a}, {"explanation", "This is the expected output for the input."}}}},
					{"Negative Examples", []any{}},
					{"Instances", inst},
					{"Instance License", []string{"Apache 2.0"}},
				}, "    ")
				if err != nil {
					return err
				}
				inst = nil
				return w.file(fmt.Sprintf("tasks/task%d_demo_%s.json", num, cur.slug), b)
			}
			for i, it := range items {
				t := it.x.(niInstance).task
				if t != cur {
					if err := flush(); err != nil {
						return nil, err
					}
					cur = t
					num++
				}
				id := fmt.Sprintf("task%d-demo-%05d", num, i)
				inst = append(inst, kv{{"id", id}, {"input", it.q}, {"output", []string{it.a}}})
				it.id = w.id(id)
			}
			if err := flush(); err != nil {
				return nil, err
			}
			return []string{w.path("tasks")}, nil
		},
	}
}

// --- Alpaca ---

// alpacaRecord is an Alpaca record's input (the item's q is the instruction).
type alpacaRecord struct{ input string }

// alpacaKinds are instruction kinds: the instruction, an optional input maker, an
// output maker.
var alpacaInstr = mustTmpls(
	`Give three tips for [staying|keeping] {adj} [at work|while travelling|during a {event}].`,
	`Describe [a|the] {adj} {place} in [two|three|four] sentences.`,
	`Explain [why|how] {concept} [matters|works|affects {job}s].`,
	`Generate a list of [five|six|four] [names|slogans|ideas] for a {adj} {place}.`,
	`Write a [short|brief|two-line] poem about {animal} [in {month}|at the {place}|].`,
	`Summarize the [main|key] [benefits|risks|features] of {tech}s.`,
	`Suggest [a|an easy] way to {task}.`,
	`[Compare|Contrast] {field} and {field}.`,
	`What is the [capital|largest city] of {country}?`,
	`Name [three|four|two] {adj} [uses|alternatives|sources] of {material}.`,
	`Write a [tweet|headline|product description] [about|for] [a|the] {adj} {obj}.`,
	`Create [an analogy|a metaphor] [to explain|for] {sci}.`,
)

var alpacaWithInput = mustTmpls(
	`Rewrite the following sentence [in the passive voice|to make it more formal|in simpler words].`,
	`Classify the following [items|words|objects] as {adj} or not.`,
	`Edit the [sentence|text] to correct [the|any] [spelling|grammar] [mistakes|errors].`,
	`Find the [main|odd] [idea|one out] in the [given|following] [text|list].`,
	`Convert the [given|following] [sentence|phrase] into a question.`,
)

// alpacaNoOutput are instructions a text model cannot carry out; Alpaca answers them
// with "<nooutput>".
var alpacaNoOutput = mustTmpls(`Draw a [picture|sketch] of [a|the] {adj} {obj}.`, `Play a [song|sound] of {animal}.`, `Open the website of {brand} [Labs|Group].`)

// alpacaItem generates an instruction with its output.
func (g *gen) alpacaItem() *item {
	if g.chance(0.005) {
		return &item{q: g.fill(alpacaNoOutput, nil), a: "<nooutput>", x: alpacaRecord{}}
	}
	var instr, input string
	// Calibration: Alpaca questions average 16 tokens: short instructions, a
	// third with a short input.
	if g.chance(0.3) {
		instr = g.fill(alpacaWithInput, nil)
		if strings.Contains(instr, "items") || strings.Contains(instr, "words") || strings.Contains(instr, "objects") || strings.Contains(instr, "list") {
			var xs []string
			for k := g.intn(3, 6); k > 0; k-- {
				xs = append(xs, g.word("obj"))
			}
			input = strings.Join(xs, ", ")
		} else {
			input = g.fill(reviewSentence, nil)
			if g.chance(0.5) {
				input += " " + g.fill(reviewSentence, nil)
			}
		}
	} else {
		instr = g.fill(alpacaInstr, nil)
	}
	// Calibration: Alpaca outputs average 64 tokens (median 51).
	out := g.alpacaOutput(instr, g.lengthAround(60, 0.7, 3))
	return &item{q: instr, a: out, x: alpacaRecord{input: input}}
}

// alpacaOutput writes an output of about tokens tokens: a numbered list for list-like
// instructions, prose otherwise.
func (g *gen) alpacaOutput(instr string, tokens int) string {
	lower := strings.ToLower(instr)
	if strings.Contains(lower, "list") || strings.Contains(lower, "tips") || strings.Contains(lower, "name ") {
		var b strings.Builder
		n := 0
		for i := 1; n < tokens; i++ {
			line := fmt.Sprintf("%d. %s", i, capFirst(g.fill(mcOption, map[string]string{"T2": g.word("concept")})))
			if i > 1 {
				b.WriteByte('\n')
			}
			b.WriteString(line)
			n += approxTokens(line) + 1
		}
		return b.String()
	}
	return g.explain("general", tokens)
}

func alpacaSpec() *spec {
	return &spec{
		name: "alpaca",
		base: func(g *gen, n int) []*item {
			out := make([]*item, 0, n)
			seen := map[string]bool{}
			for len(out) < n {
				it := g.alpacaItem()
				key := it.q + "\n" + it.x.(alpacaRecord).input
				if seen[key] {
					continue
				}
				seen[key] = true
				out = append(out, it)
			}
			return out
		},
		// From another source: an existing instruction becomes the instruction; a
		// Natural Instructions instance becomes definition (instruction) + input,
		// the text that was edited.
		fromText: func(g *gen, text string, from *item) *item {
			it := g.alpacaItem()
			if from != nil {
				if ni, ok := from.x.(niInstance); ok {
					it.q, it.a, it.x = ni.task.definition, from.a, alpacaRecord{input: text}
					return it
				}
			}
			it.q, it.x = text, alpacaRecord{}
			return it
		},
		write: func(w *writer, items []*item) ([]string, error) {
			arr := make([]any, len(items))
			for i, it := range items {
				arr[i] = kv{{"instruction", it.q}, {"input", it.x.(alpacaRecord).input}, {"output", it.a}}
				it.id = w.id(strconv.Itoa(i))
			}
			b, err := jsonIndent(arr, "    ")
			if err != nil {
				return nil, err
			}
			return []string{w.path("alpaca_data.json")}, w.file("alpaca_data.json", b)
		},
	}
}
