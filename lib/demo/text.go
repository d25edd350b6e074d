package demo

import (
	"strconv"
	"strings"
)

// This file holds the prose builders shared by the existing set and the stand-ins:
// news paragraphs, encyclopedic facts that carry their own questions and answer spans,
// and expository sentences for worked answers. Each builder grows text sentence by
// sentence until approxTokens reaches a target.

// newsSentences are the sentences of news articles (CNN/DailyMail, XSum, the existing
// set's summarization passages). {P} is the story's protagonist, {C} its city, {O} an
// organisation, {T} its topic, fixed per article so the article reads as one story.
var newsSentences = mustTmpls(
	`{P}, [a|the] {adj} {job} from {C}, said the {T} [would|could|might] [change|reshape|slow|delay] [plans for|work on|funding for] the {place} by {month}.`,
	`Officials at {O} [confirmed|announced|said] on {weekday} that [{#2-95} jobs|{#3-40} million dollars|{#2-12} projects] [were|had been] [linked to|set aside for|affected by] the {T}.`,
	`"[We have|I have|They have] [never seen|rarely seen|not yet seen] [anything like|a case like|numbers like] this," [said|added|explained] {name}, [who|a {job} who] [has worked|has lived|has volunteered] in {C} for {#2-40} years.`,
	`The {T} [began|started|first drew attention] in {month} {#1990-2023}, when [residents|local {job}s|volunteers] [noticed|reported|questioned] [a {adj} rise in|a shortage of|changes to] {obj} [near|around|outside] the {place}.`,
	`[According to|Figures from|A report by] {O}, [about|nearly|more than] {#2-98} percent of [households|businesses|schools|clinics] in {C} [were|have been|could be] [affected|consulted|surveyed].`,
	`[Critics|Supporters|Local leaders] [argue|say|have warned] that the {T} [will|could|may] [cost|save|require] [as much as|up to|roughly] {#2-900} [thousand|million] dollars [over|within|across] the next {#2-15} years.`,
	`{P} [told reporters|wrote in a statement|said in an interview] that [the decision|the plan|the delay] [reflected|followed|ignored] [months of|years of|weeks of] [talks|complaints|research] with {O}.`,
	`[In|By|During] {#1998-2023}, the {place} in {C} [had|reported|recorded] [{#12-990} visitors a day|{#3-60} staff|a budget of {#2-90} million dollars], [a figure|a number|a level] [that has since|which has since] [doubled|fallen by half|stayed flat].`,
	`[Police|Firefighters|Inspectors|Engineers] [were called to|arrived at|examined] the {place} [shortly after|just before|around] {#1-11} [a.m.|p.m.] on {weekday}, [the statement said|officials said|witnesses said].`,
	`The [next|final|first] [hearing|vote|review|meeting] on the {T} is [scheduled|expected|planned] for {month} {#1-28}, [when|after which] {O} [will|is expected to] [publish|release|present] [its findings|a revised plan|new figures].`,
	`[Meanwhile|Separately|Elsewhere], {name} [of|from] {O} [said|noted|pointed out] that [similar|comparable|related] [problems|projects|disputes] in {city} [took|lasted|ran for] {#2-30} months [to resolve|to finish|before a ruling].`,
	`[Many|Some|Several] [families|farmers|shop owners|students] in {C} [say|said|have said] they [are|feel|remain] {feeling} about [what comes next|the outcome|the timing], [and|but] [few|most|some] [expect|want|fear] [a quick|a lasting|any] [decision|fix|change].`,
	`The {adj} [{material}|{color}] [building|bridge|warehouse|pavilion] [at the center of|behind|involved in] the {T} [was|had been] [built|opened|renovated] in {#1880-2015} [by|for] {O}.`,
	`[A spokesperson|A lawyer|An adviser] for {P} [declined to comment|did not respond|could not be reached] [on|about] [the claims|the figures|the report] [on {weekday}|this week|before publication].`,
)

// newsTopic names what an article is about.
var newsTopic = mustTmpls(
	`[plan|proposal|decision] to [close|expand|move|rebuild] the {place}`,
	`[dispute|row|debate] over {adj} {obj} [rules|prices|imports]`,
	`[shortage|surplus|recall] of {obj}`,
	`[new|revised|delayed] {sport} [stadium|league|season] [plan|deal|schedule]`,
	`[flooding|drought|storm damage] [along|near|around] the [river|coast|valley] in {C}`,
	`[investigation|audit|inquiry] into {O}`,
	`[rise|fall|change] in [rents|fares|fees|wages] for {job}s`,
)

// orgTmpl names an organisation.
var orgTmpl = mustTmpls(
	`the {C} [City Council|Transport Authority|Health Board|Port Authority|Arts Trust]`,
	`{brand} [Group|Holdings|Labs|Partners|Foundation|Cooperative]`,
	`the [Ministry|Department] of [Transport|Health|Culture|Agriculture|Housing]`,
	`the {adj} {job}s' [union|association|guild]`,
)

// article is one generated news article.
type article struct {
	vars       map[string]string
	paragraphs []string // each one to three sentences
}

// newsVars picks the fixed cast of one article.
func (g *gen) newsVars() map[string]string {
	v := map[string]string{"P": g.word("name"), "C": g.word("city")}
	v["O"] = g.fill(orgTmpl, v)
	v["T"] = g.fill(newsTopic, v)
	return v
}

// newsArticle writes paragraphs until the article is about tokens long.
func (g *gen) newsArticle(tokens int) article {
	a := article{vars: g.newsVars()}
	n := 0
	for n < tokens {
		k := 1 + g.r.IntN(3)
		var p []string
		for i := 0; i < k && n < tokens; i++ {
			s := g.fill(newsSentences, a.vars)
			n += approxTokens(s) + 1
			p = append(p, s)
		}
		a.paragraphs = append(a.paragraphs, strings.Join(p, " "))
	}
	return a
}

// highlightTmpl are the highlight lines of a news story (no closing period, as the
// real highlights have none).
var highlightTmpl = mustTmpls(
	`{P} [says|warns|claims] the {T} [could|will|may] [affect|delay|reshape] [the {place}|plans in {C}|local {job}s]`,
	`[Officials|Residents|Critics] in {C} [question|welcome|oppose] the {T}`,
	`[A|The] [report|review|vote] [is due|is expected|comes] in {month}`,
	`{O} [confirms|denies|reviews] [its role in|the cost of|the timing of] the {T}`,
	`[About|Nearly|More than] {#2-98} percent of [households|businesses|schools] [affected|surveyed|consulted]`,
	`[Costs|Savings|Delays] [could reach|may top|are put at] {#2-900} [thousand|million] dollars`,
)

// summarySentence is a one-sentence summary of an article (XSum style).
var summarySentence = mustTmpls(
	`[Plans|A proposal|A decision] [about|concerning|over] the {T} [have|has] [divided|angered|reassured] [residents|officials|businesses] in {C}, [according to|says|reports] {O}.`,
	`{P} has [warned|said|claimed] that the {T} [could|will|may] [cost|affect|delay] [hundreds of|thousands of|dozens of] [jobs|homes|projects] in {C}.`,
	`The {T} [in|across|around] {C} [has been|was] [put on hold|approved|referred for review] [after|following|despite] [months of|a year of|weeks of] [talks|protests|delays].`,
	`[An inquiry|A review|An investigation] into the {T} [has found|has concluded|says] [serious|minor|widespread] [failings|errors|problems] at {O}.`,
)

// fact is one sentence of an encyclopedic passage together with the questions it
// answers; every answer is a variable that the sentence contains verbatim, so that
// it is a span of the passage.
type fact struct {
	sentence tmpl
	qas      []factQA
}

type factQA struct {
	q      tmpl
	answer string // variable name
}

func mustFact(sentence string, qas ...string) fact {
	f := fact{sentence: mustTmpl(sentence)}
	for i := 0; i+1 < len(qas); i += 2 {
		f.qas = append(f.qas, factQA{q: mustTmpl(qas[i]), answer: qas[i+1]})
	}
	return f
}

// facts describe a subject {S}; the variables are drawn fresh for every sentence by
// factVars.
var facts = []fact{
	mustFact(`{S} was [founded|established|first recorded] in {Y} by {P}, [a|an] {adj} {job} from {C}.`,
		`When was {S} [founded|established]?`, "Y", `Who founded {S}?`, "P", `[Where|Which city] was the founder of {S} from?`, "C"),
	mustFact(`[By|In] {Y}, {S} [had grown to|counted|employed] {N} [members|workers|residents], [most of them|many of them|nearly all] {job}s.`,
		`How many [members|people] did {S} [have|count] in {Y}?`, "N", `[What|Which] year did {S} [reach|count] {N} [members|people]?`, "Y"),
	mustFact(`The [main|oldest|largest] [hall|building|site] of {S} is made of {X} and [stands|sits|lies] [near|beside|above] the {R} river.`,
		`What is the [main|oldest|largest] [hall|building] of {S} made of?`, "X", `[Which|What] river [is|lies] near {S}?`, "R"),
	mustFact(`In {Y}, {P} [led|organised|funded] a [campaign|study|survey] of {S} that [lasted|ran for] {D} years.`,
		`Who [led|organised] the [campaign|study|survey] of {S}?`, "P", `How long did the [campaign|study|survey] of {S} last?`, "D"),
	mustFact(`{S} is [best known|famous|widely known] for its {ADJ} {OBJ}, which [visitors|scholars|traders] [from|across] {CO} [still|often] [seek out|study|buy].`,
		`What is {S} best known for?`, "OBJ", `[Visitors|People] from which country [seek out|study] the {OBJ} of {S}?`, "CO"),
	mustFact(`A [fire|flood|storm] in {M} {Y} [destroyed|damaged|closed] [part|most|half] of {S}, and [repairs|rebuilding] [took|lasted] {D} years.`,
		`In which month did the [fire|flood|storm] [hit|strike] {S}?`, "M", `How many years did [repairs|rebuilding] [of|at] {S} take?`, "D"),
	mustFact(`The [current|first|longest-serving] [director|chair|head] of {S}, {P}, [studied|trained|worked] in {C} before [joining|taking over] in {Y}.`,
		`Who is the [current|first] [director|chair|head] of {S}?`, "P", `When did {P} [join|take over]?`, "Y"),
	mustFact(`[Each|Every] {M}, {S} [holds|hosts|organises] a {EV} that [draws|attracts] about {N} [guests|visitors|people].`,
		`What does {S} [hold|host] every {M}?`, "EV", `How many [guests|visitors|people] does the {EV} [draw|attract]?`, "N"),
	mustFact(`[Unlike|In contrast to] [its neighbours|other sites|similar groups], {S} [kept|used|relied on] {X} [tools|roofs|records] until {Y}.`,
		`Until [when|which year] did {S} [keep|use] {X} [tools|roofs|records]?`, "Y"),
	mustFact(`{S} [lies|sits|stands] {N} kilometres [north|south|east|west] of {C}, on the road to {C2}.`,
		`How far is {S} from {C}?`, "N", `Which [town|city] [is|lies] on the road from {S}?`, "C2"),
}

// factVars draws a fresh set of the variables facts use.
func (g *gen) factVars(subject string) map[string]string {
	return map[string]string{
		"S": subject, "Y": strconv.Itoa(g.intn(1620, 2019)), "P": g.word("name"),
		"C": g.word("city"), "C2": g.word("city"), "CO": g.word("country"),
		"N": strconv.Itoa(g.intn(12, 9800)), "D": strconv.Itoa(g.intn(2, 38)),
		"X": g.word("material"), "R": g.brand(), "ADJ": g.word("adj"), "OBJ": g.word("obj"),
		"M": g.word("month"), "EV": g.word("event"), "job": g.word("job"),
	}
}

// subjectTmpl names the subject of an encyclopedic passage.
var subjectTmpl = mustTmpls(
	`the {brand} [Museum|Library|Observatory|Abbey|Conservatory]`,
	`the village of {brand}`,
	`the {brand} [Company|Guild|Society|Orchestra|Cooperative]`,
	`{brand} [College|Academy|Institute]`,
	`the {brand} [Bridge|Canal|Lighthouse|Market]`,
)

// qa is a question with its answer span and where the span starts in the passage.
type qa struct {
	question, answer string
	template         int // which fact question made it (fact*8 + question)
	start            int // byte offset of answer in the passage
	sentence         int // index of the sentence holding the answer
}

// passage is an encyclopedic passage with the questions its facts answer.
type passage struct {
	title     string
	sentences []string
	text      string
	qas       []qa
}

// subject names a new subject for encyclopedic passages.
func (g *gen) subject() string { return g.fill(subjectTmpl, nil) }

// encyclopedic writes an encyclopedic passage of about tokens tokens on subject, with
// one question per fact sentence (a random one of the fact's questions).
func (g *gen) encyclopedic(subject string, tokens int) passage {
	p := passage{title: capFirst(strings.TrimPrefix(subject, "the "))}
	n := 0
	var b strings.Builder
	for n < tokens {
		fi := g.r.IntN(len(facts))
		f := facts[fi]
		v := g.factVars(subject)
		var sb strings.Builder
		f.sentence.render(g, &sb, v)
		s := capFirst(fixArticles(sb.String()))
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		off := b.Len()
		b.WriteString(s)
		if len(f.qas) > 0 {
			xi := g.r.IntN(len(f.qas))
			x := f.qas[xi]
			ans := v[x.answer]
			if i := strings.Index(s, ans); i >= 0 {
				var qb strings.Builder
				x.q.render(g, &qb, v)
				p.qas = append(p.qas, qa{question: capFirst(fixArticles(qb.String())), answer: ans, start: off + i,
					sentence: len(p.sentences), template: fi*8 + xi})
			}
		}
		p.sentences = append(p.sentences, s)
		n += approxTokens(s) + 1
	}
	p.text = b.String()
	return p
}

// unanswerable asks about the passage's subject something the passage does not say.
var unanswerableTmpl = mustTmpls(
	`[What|Which] [instrument|colour|dish] [is|was] [associated with|served at|painted on] {S} [in {Y}|by {job}s|during the {EV}]?`,
	`Who [designed|painted|photographed] the {ADJ} [gate|roof|emblem] of {S} [in {Y}|for {P}|]?`,
	`How many {OBJ} [did|does] {S} [own|have|sell] [in {Y}|in {M}|before {Y}]?`,
	`In which year did {S} [win|lose|sell] its [first|last] {EV} [prize|title|contract]?`,
	`What did {P} [name|call|sell] the {OBJ} of {S}?`,
	`Which {job} from {C} [visited|studied|criticised] {S} [in {Y}|after the {EV}]?`,
)

// expository sentences fill worked answers and explanations; {K} is the answer's key
// term, fixed per answer.
var expository = map[string][]tmpl{
	"general": mustTmpls(
		`[First|To begin|As a first step], [note|observe|recall] that the {K} [depends on|is limited by|changes with] the {adj} [inputs|conditions|constraints] [we were given|in the question|stated above].`,
		`[This|That] [means|implies|shows] that [each|every] {W} [contributes|adds|counts] [once|exactly once|in proportion to its size], [so|and therefore|which is why] the {K} [cannot|does not] [exceed|fall below] [the bound|the limit|that value].`,
		`[A common mistake|One easy error|A frequent slip] is to [ignore|double count|forget] the {W}; [checking|re-reading|testing] [each case|the edge cases|the assumptions] [avoids|prevents|catches] it.`,
		`[In practice|Concretely|For example], [if|when|suppose] the {W} [is|were] {#2-90}, the {K} [becomes|would be|works out to] {#3-400}, [which|and this] [matches|confirms|agrees with] [the estimate|our reasoning|the rule above].`,
		`[Putting these together|Combining the steps|Taken together], [we get|we obtain|it follows] that the {K} [is determined by|is fixed by|follows from] the {W} [alone|and nothing else|once the rest is known].`,
		`[It helps to|We can|A useful trick is to] [list|tabulate|sketch] the {W}s [in order|by size|one by one] [before|prior to|ahead of] [computing|estimating|choosing] the {K}.`,
		`[The reason|The key point|What matters] is that [a|the] {adj} {W} [behaves|acts|grows] [differently|predictably|linearly] [when|once|after] the {K} [is reached|is fixed|changes].`,
		`[Finally|Last|To finish], [we|one can] [verify|check|confirm] the [result|answer|claim] by [substituting|plugging in|recomputing with] [a small case|the original values|a second method].`,
		`[Note|Remember|Keep in mind] that [the|each] {W} [in|of] [this|the] [setting|problem|question] [is|must be] [counted|treated|handled] [separately|on its own|with care], [because|since|as] [it|the {K}] [interacts|overlaps|conflicts] with [the others|the rest|the remaining terms].`,
		`[Under|With|Given] [these|the stated|those] [assumptions|conditions|constraints], the {K} [stays|remains|is] [stable|bounded|well defined], [and|so] [no|further] [adjustment|correction|case split] is [needed|required].`,
	),
	"coding": mustTmpls(
		`[The function|The helper|This version] [walks|iterates over|scans] the {W} [once|a single time|in one pass], [so|which means] it [runs|finishes] in linear time [in|with respect to] the [input size|number of items|length of the input].`,
		`[We|It] [keep|keeps|store|stores] [a|the] {K} in a [dictionary|set|list|counter] [so that|because|since] [lookups|updates|membership tests] [take|cost] constant time.`,
		`[Edge cases|Corner cases|Special cases] [include|are] an empty {W}, a single {W} and [repeated|negative|very large] values; [each|all of them] [returns|return|is handled] [correctly|without error|as expected].`,
		`[A|The] [guard clause|early return|input check] [at the top|first|before the loop] [raises|returns|rejects] [a ValueError|None|an empty result] [for|when given] [invalid|malformed|missing] [input|arguments].`,
		`[Sorting|Grouping|Deduplicating] the {W}s [first|up front|beforehand] [costs|takes] O(n log n) [time|steps] but [makes|keeps] the [main loop|rest of the code|merge step] [simple|short|easy to test].`,
		`[Unit tests|A few asserts|Doctests] [should|can] [cover|check|exercise] [the typical case|the boundary values|an empty {W}] [and|as well as] [a|the] {adj} {W}.`,
		`[Using|With] a [generator|comprehension|helper function] [keeps|makes] the {K} [readable|lazy|memory efficient] [when|if] the {W} [is large|grows|comes from a file].`,
	),
	"math": mustTmpls(
		`[Let|Write|Define] $x$ [be|as|for] the {W}; [then|so|hence] the {K} [is|equals|becomes] $x + {#2-40}$ [by the first condition|from the statement|as given].`,
		`[Substituting|Plugging in|Using] $x = {#2-90}$ [gives|yields|shows] ${#3-900}$, [which|and this] [satisfies|meets|agrees with] [the second condition|every constraint|the check].`,
		`[Multiplying|Dividing|Adding] [both sides|each term|the two equations] by ${#2-12}$ [gives|leaves|produces] [an equation|a relation|a bound] [in|for] the {W} [alone|only|directly].`,
		`[By|From|Using] the [triangle inequality|pigeonhole principle|rule of products|quadratic formula], the {K} [is at most|is at least|equals] ${#2-99}$ [here|in this case|for these values].`,
		`[Since|Because|As] the {W} [is|must be] [an integer|positive|even|a multiple of {#2-9}], [only|just|exactly] {#2-6} [values|cases|options] [remain|survive|are possible].`,
		`[Checking|Testing|Trying] [each|every|all] [remaining|possible] [case|value|option] [confirms|shows|proves] that the {K} [is|equals] ${#2-500}$.`,
	),
}

// expositoryTerms are the {K} and {W} fillers of worked answers.
var expositoryK = phrases(`total|final count|answer|result|running sum|bound|cost|minimum|maximum|
	average|ratio|probability|remainder|output|score|estimate|difference|product`)
var expositoryW = phrases(`term|item|step|value|case|factor|part|entry|group|element|piece|
	record|row|element pair|interval|node|edge|choice`)

// explain writes expository sentences of the given flavour ("general", "coding",
// "math") until about tokens tokens, as paragraphs of two to five sentences.
func (g *gen) explain(flavour string, tokens int) string {
	ts := expository[flavour]
	gen := expository["general"]
	v := map[string]string{"K": g.pick(expositoryK), "W": g.pick(expositoryW)}
	var b strings.Builder
	n, inPara := 0, 0
	for n < tokens {
		t := ts
		if g.chance(0.4) {
			t = gen
		}
		s := g.fill(t, v)
		if b.Len() > 0 {
			if inPara >= 2+g.r.IntN(4) {
				b.WriteString("\n\n")
				inPara = 0
				if g.chance(0.3) {
					v["W"] = g.pick(expositoryW)
				}
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(s)
		inPara++
		n += approxTokens(s) + 1
	}
	return b.String()
}
