package demo

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"qmix/lib/source"
)

// pyTask is a small Python programming task: what to write, a reference solution and
// a way to compute the expected result of a call, so that the generated tests hold.
type pyTask struct {
	what   tmpl                 // "find the sum of …" (after "Write a function to ")
	names  []string             // function name choices
	params []string             // parameter names
	body   string               // solution body, 4-space indented, \n line breaks
	long   string               // a longer, loop-based body ("" when body is one already)
	args   func(g *gen) []any   // random arguments
	eval   func(args []any) any // expected result
}

func intsArg(g *gen, lo, hi, n0, n1 int) []int {
	out := make([]int, g.intn(n0, n1))
	for i := range out {
		out[i] = g.intn(lo, hi)
	}
	return out
}

func wordsArg(g *gen, n0, n1 int) string {
	ws := make([]string, g.intn(n0, n1))
	for i := range ws {
		ws[i] = g.pick(lexicon["adj"])
		if i%2 == 1 {
			ws[i] = g.pick(lexicon["obj"])
		}
	}
	return strings.Join(ws, " ")
}

// pyTasks are the archetypes of the Python problems (MBPP, HumanEval, the existing
// set's coding questions). Each description has slots, so that two problems of one
// archetype read differently.
var pyTasks = []pyTask{
	{what: mustTmpl(`find the sum of the even numbers in a list of [{obj} counts|readings|scores|{adj} measurements]`),
		names: []string{"sum_even", "even_sum", "total_of_evens", "sum_of_even_values"}, params: []string{"nums"},
		body: "    return sum(x for x in nums if x % 2 == 0)",
		long: "    total = 0\n    for x in nums:\n        if x % 2 == 0:\n            total += x\n    return total",
		args: func(g *gen) []any { return []any{intsArg(g, -20, 99, 3, 8)} },
		eval: func(a []any) any {
			s := 0
			for _, x := range a[0].([]int) {
				if x%2 == 0 {
					s += x
				}
			}
			return s
		}},
	{what: mustTmpl(`count the vowels in a [given|{adj}] string [of {obj} names|typed by a {job}|]`),
		names: []string{"count_vowels", "vowel_count", "num_vowels"}, params: []string{"text"},
		body: "    return sum(1 for ch in text.lower() if ch in 'aeiou')",
		long: "    vowels = 'aeiou'\n    count = 0\n    for ch in text.lower():\n        if ch in vowels:\n            count += 1\n    return count",
		args: func(g *gen) []any { return []any{wordsArg(g, 1, 4)} },
		eval: func(a []any) any {
			n := 0
			for _, c := range strings.ToLower(a[0].(string)) {
				if strings.ContainsRune("aeiou", c) {
					n++
				}
			}
			return n
		}},
	{what: mustTmpl(`find the second largest distinct [number|value|{obj} count] in a list`),
		names: []string{"second_largest", "runner_up", "second_max"}, params: []string{"nums"},
		body: "    values = sorted(set(nums), reverse=True)\n    if len(values) < 2:\n        return None\n    return values[1]",
		long: "    largest = None\n    second = None\n    for x in nums:\n        if largest is None or x > largest:\n            second = largest\n            largest = x\n        elif x != largest and (second is None or x > second):\n            second = x\n    return second",
		args: func(g *gen) []any { return []any{intsArg(g, 1, 200, 3, 8)} },
		eval: func(a []any) any {
			set := map[int]bool{}
			var vs []int
			for _, x := range a[0].([]int) {
				if !set[x] {
					set[x] = true
					vs = append(vs, x)
				}
			}
			sort.Sort(sort.Reverse(sort.IntSlice(vs)))
			if len(vs) < 2 {
				return nil
			}
			return vs[1]
		}},
	{what: mustTmpl(`check whether a [given|{adj}] string is a palindrome, ignoring case[ and spaces| and punctuation|]`),
		names: []string{"is_palindrome", "palindrome_check", "reads_same_backwards"}, params: []string{"text"},
		body: "    cleaned = ''.join(ch.lower() for ch in text if ch.isalnum())\n    return cleaned == cleaned[::-1]",
		long: "    cleaned = []\n    for ch in text:\n        if ch.isalnum():\n            cleaned.append(ch.lower())\n    left, right = 0, len(cleaned) - 1\n    while left < right:\n        if cleaned[left] != cleaned[right]:\n            return False\n        left += 1\n        right -= 1\n    return True",
		args: func(g *gen) []any {
			w := g.pick(lexicon["obj"])
			if g.chance(0.5) {
				r := []rune(w)
				for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
					r[i], r[j] = r[j], r[i]
				}
				w = w + string(r)
			}
			return []any{w}
		},
		eval: func(a []any) any {
			var b []rune
			for _, c := range strings.ToLower(a[0].(string)) {
				if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
					b = append(b, c)
				}
			}
			for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
				if b[i] != b[j] {
					return false
				}
			}
			return true
		}},
	{what: mustTmpl(`reverse the order of the words in a [sentence|{adj} phrase|line written by a {job}]`),
		names: []string{"reverse_words", "flip_words", "words_backwards"}, params: []string{"sentence"},
		body: "    return ' '.join(reversed(sentence.split()))",
		long: "    words = sentence.split()\n    result = []\n    for i in range(len(words) - 1, -1, -1):\n        result.append(words[i])\n    return ' '.join(result)",
		args: func(g *gen) []any { return []any{wordsArg(g, 2, 5)} },
		eval: func(a []any) any {
			ws := strings.Fields(a[0].(string))
			for i, j := 0, len(ws)-1; i < j; i, j = i+1, j-1 {
				ws[i], ws[j] = ws[j], ws[i]
			}
			return strings.Join(ws, " ")
		}},
	{what: mustTmpl(`find the largest difference between two adjacent [elements|readings|{obj} prices] of a list`),
		names: []string{"max_adjacent_gap", "largest_step", "biggest_jump"}, params: []string{"nums"},
		body: "    return max(abs(b - a) for a, b in zip(nums, nums[1:]))",
		long: "    best = 0\n    for i in range(1, len(nums)):\n        diff = abs(nums[i] - nums[i - 1])\n        if diff > best:\n            best = diff\n    return best",
		args: func(g *gen) []any { return []any{intsArg(g, 0, 150, 3, 8)} },
		eval: func(a []any) any {
			xs := a[0].([]int)
			best := 0
			for i := 1; i < len(xs); i++ {
				d := xs[i] - xs[i-1]
				if d < 0 {
					d = -d
				}
				best = max(best, d)
			}
			return best
		}},
	{what: mustTmpl(`return the running totals of a list of [numbers|daily {obj} sales|deposits made by a {job}]`),
		names: []string{"running_total", "cumulative_sum", "prefix_sums"}, params: []string{"nums"},
		body: "    totals = []\n    acc = 0\n    for x in nums:\n        acc += x\n        totals.append(acc)\n    return totals",
		args: func(g *gen) []any { return []any{intsArg(g, -10, 60, 2, 7)} },
		eval: func(a []any) any {
			var out []int
			acc := 0
			for _, x := range a[0].([]int) {
				acc += x
				out = append(out, acc)
			}
			return out
		}},
	{what: mustTmpl(`remove duplicates from a list [of {obj} ids|of numbers|] while keeping the original order`),
		names: []string{"dedupe", "unique_in_order", "drop_repeats"}, params: []string{"items"},
		body: "    seen = set()\n    out = []\n    for x in items:\n        if x not in seen:\n            seen.add(x)\n            out.append(x)\n    return out",
		args: func(g *gen) []any { return []any{intsArg(g, 1, 9, 4, 9)} },
		eval: func(a []any) any {
			seen := map[int]bool{}
			out := []int{}
			for _, x := range a[0].([]int) {
				if !seen[x] {
					seen[x] = true
					out = append(out, x)
				}
			}
			return out
		}},
	{what: mustTmpl(`find the sum of the digits of a [non-negative|positive|{adj}] integer`),
		names: []string{"digit_sum", "sum_digits", "add_digits"}, params: []string{"n"},
		body: "    return sum(int(d) for d in str(n))",
		long: "    total = 0\n    while n > 0:\n        total += n % 10\n        n //= 10\n    return total",
		args: func(g *gen) []any { return []any{g.intn(10, 999999)} },
		eval: func(a []any) any {
			s := 0
			for _, c := range strconv.Itoa(a[0].(int)) {
				s += int(c - '0')
			}
			return s
		}},
	{what: mustTmpl(`count how many [numbers|{obj} weights|values] in a list are greater than a [given|{adj}] threshold`),
		names: []string{"count_above", "num_greater", "above_threshold"}, params: []string{"nums", "limit"},
		body: "    return sum(1 for x in nums if x > limit)",
		long: "    count = 0\n    for x in nums:\n        if x > limit:\n            count += 1\n    return count",
		args: func(g *gen) []any { return []any{intsArg(g, 0, 100, 3, 8), g.intn(10, 80)} },
		eval: func(a []any) any {
			n := 0
			for _, x := range a[0].([]int) {
				if x > a[1].(int) {
					n++
				}
			}
			return n
		}},
	{what: mustTmpl(`rotate a list [of {obj}|of numbers|] to the right by k positions`),
		names: []string{"rotate_right", "shift_right", "rotate_list"}, params: []string{"items", "k"},
		body: "    if not items:\n        return items\n    k %= len(items)\n    return items[-k:] + items[:-k]",
		long: "    if not items:\n        return items\n    k = k % len(items)\n    result = items[len(items) - k:] + items[:len(items) - k]\n    return result",
		args: func(g *gen) []any { return []any{intsArg(g, 1, 50, 3, 7), g.intn(1, 9)} },
		eval: func(a []any) any {
			xs := a[0].([]int)
			k := a[1].(int) % len(xs)
			out := append(append([]int{}, xs[len(xs)-k:]...), xs[:len(xs)-k]...)
			return out
		}},
	{what: mustTmpl(`multiply all the odd numbers in a list [of {obj} counts|of integers|] together`),
		names: []string{"product_of_odds", "odd_product", "multiply_odds"}, params: []string{"nums"},
		body: "    result = 1\n    for x in nums:\n        if x % 2:\n            result *= x\n    return result",
		args: func(g *gen) []any { return []any{intsArg(g, 1, 15, 3, 6)} },
		eval: func(a []any) any {
			p := 1
			for _, x := range a[0].([]int) {
				if x%2 != 0 {
					p *= x
				}
			}
			return p
		}},
}

// pyLit renders a Go value as a Python literal.
func pyLit(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case bool:
		if x {
			return "True"
		}
		return "False"
	case int:
		return strconv.Itoa(x)
	case string:
		return "'" + strings.ReplaceAll(x, "'", `\'`) + "'"
	case []int:
		s := make([]string, len(x))
		for i, n := range x {
			s[i] = strconv.Itoa(n)
		}
		return "[" + strings.Join(s, ", ") + "]"
	}
	return fmt.Sprint(v)
}

// pyProblem is one generated Python problem.
type pyProblem struct {
	text  string   // "Write a function to …"
	what  string   // the task without the lead-in
	name  string   // function name
	sig   string   // "name(a, b)"
	code  string   // whole solution
	body  string   // body only
	long  string   // whole solution with the loop-based body
	lbody string   // the loop-based body
	tests []string // asserts
	calls [][2]string
}

// pyProblem generates a problem of a random archetype with three asserts.
func (g *gen) pyProblem() pyProblem {
	t := pyTasks[g.r.IntN(len(pyTasks))]
	name := g.pick(t.names)
	if g.chance(0.5) {
		name += "_" + g.pick(identNouns)
	}
	var b strings.Builder
	t.what.render(g, &b, nil)
	what := fixArticles(strings.Join(strings.Fields(b.String()), " "))
	text := g.fill(pyLead, nil) + " " + what + "."
	p := pyProblem{text: text, what: what, name: name, sig: name + "(" + strings.Join(t.params, ", ") + ")", body: t.body}
	p.code = "def " + p.sig + ":\n" + t.body
	p.lbody = t.long
	if p.lbody == "" {
		p.lbody = t.body
	}
	p.long = "def " + p.sig + ":\n" + p.lbody
	for i := 0; i < 3; i++ {
		args := t.args(g)
		lits := make([]string, len(args))
		for j, a := range args {
			lits[j] = pyLit(a)
		}
		call := name + "(" + strings.Join(lits, ", ") + ")"
		want := pyLit(t.eval(args))
		p.calls = append(p.calls, [2]string{call, want})
		if want == "None" || want == "True" || want == "False" {
			if want == "None" {
				p.tests = append(p.tests, "assert "+call+" is None")
			} else {
				p.tests = append(p.tests, "assert "+call+" == "+want)
			}
			continue
		}
		p.tests = append(p.tests, "assert "+call+" == "+want)
	}
	return p
}

var pyLead = mustTmpls(`Write a [python |Python |]function to`, `Write a function that will`, `Create a [python |]function to`)

// --- MBPP ---

// mbppTask is an MBPP record's extra fields.
type mbppTask struct {
	code  string
	tests []string
}

func mbppSpec() *spec {
	return &spec{
		name: "mbpp",
		base: func(g *gen, n int) []*item {
			out := make([]*item, 0, n)
			seen := map[string]bool{}
			for len(out) < n {
				p := g.pyProblem()
				key := p.text + strings.Join(p.tests, "")
				if seen[key] {
					continue
				}
				seen[key] = true
				// MBPP solutions are plain loops more often than one-liners (58 tokens on average).
				code := p.long
				if g.chance(0.6) {
					code = strings.Replace(code, ":\n", ":\n    \"\"\""+capFirst(p.what)+".\"\"\"\n", 1)
				}
				out = append(out, &item{q: p.text, a: code, x: mbppTask{code: code, tests: p.tests}})
			}
			return out
		},
		write: func(w *writer, items []*item) ([]string, error) {
			var buf bytes.Buffer
			for i, it := range items {
				t := it.x.(mbppTask)
				id := i + 1 // MBPP's task ids start at 1
				// The release's solutions use \r\n line breaks; so do these.
				err := jsonLine(&buf, kv{{"text", it.q}, {"code", strings.ReplaceAll(t.code, "\n", "\r\n")},
					{"task_id", id}, {"test_setup_code", ""}, {"test_list", t.tests}, {"challenge_test_list", []string{}}})
				if err != nil {
					return nil, err
				}
				it.id = w.id(strconv.Itoa(id))
			}
			return []string{w.path("mbpp.jsonl")}, w.file("mbpp.jsonl", buf.Bytes())
		},
	}
}

// --- HumanEval ---

// humanEvalTask is a HumanEval record's extra fields.
type humanEvalTask struct {
	prompt, solution, test, entry string
}

var humanEvalImports = []string{"", "from typing import List\n\n\n", "from typing import List, Optional\n\n\n", "import math\n\n\n"}

func (g *gen) humanEval() humanEvalTask {
	p := g.pyProblem()
	var doc strings.Builder
	doc.WriteString("    \"\"\" ")
	doc.WriteString(capFirst(p.what) + ".")
	// HumanEval docstrings explain the task at some length and give examples.
	doc.WriteString("\n    " + wrapText(g.explain("coding", g.lengthAround(45, 0.5, 10)), 76, "    "))
	for _, c := range p.calls[:2] {
		doc.WriteString("\n    >>> " + c[0] + "\n    " + c[1])
	}
	doc.WriteString("\n    \"\"\"\n")
	prompt := g.pick(humanEvalImports) + "def " + p.sig + ":\n" + doc.String()
	var test strings.Builder
	test.WriteString("\n\nMETADATA = {\n    'author': 'demo',\n    'dataset': 'demo'\n}\n\n\ndef check(candidate):\n")
	for _, c := range p.calls {
		test.WriteString("    assert candidate" + strings.TrimPrefix(c[0], p.name) + " == " + c[1] + "\n")
	}
	return humanEvalTask{prompt: prompt, solution: p.lbody + "\n", test: test.String(), entry: p.name}
}

// wrapText wraps s at width, indenting continuation lines.
func wrapText(s string, width int, indent string) string {
	var b strings.Builder
	col := 0
	for _, w := range strings.Fields(s) {
		if col > 0 && col+1+len(w) > width {
			b.WriteString("\n" + indent)
			col = 0
		} else if col > 0 {
			b.WriteByte(' ')
			col++
		}
		b.WriteString(w)
		col += len(w)
	}
	return b.String()
}

func humanEvalSpec() *spec {
	return &spec{
		name: "humaneval",
		base: func(g *gen, n int) []*item {
			out := make([]*item, n)
			for i := range out {
				t := g.humanEval()
				out[i] = &item{q: t.prompt, a: t.prompt + t.solution, x: t}
			}
			return out
		},
		write: func(w *writer, items []*item) ([]string, error) {
			var buf bytes.Buffer
			for i, it := range items {
				t := it.x.(humanEvalTask)
				// "HumanEval/demo-<n>": the adapter's source id is what follows the
				// slash, so the id itself says demo.
				sid := fmt.Sprintf("demo-%d", i)
				err := jsonLine(&buf, kv{{"task_id", "HumanEval/" + sid}, {"prompt", t.prompt},
					{"entry_point", t.entry}, {"canonical_solution", t.solution}, {"test", t.test}})
				if err != nil {
					return nil, err
				}
				it.id = w.id(sid)
			}
			return []string{w.path("HumanEval.jsonl.gz")}, w.gzipFile("HumanEval.jsonl.gz", buf.Bytes())
		},
	}
}

// --- CodeSearchNet ---

// csnLangs are CodeSearchNet's six languages with their shares of the corpus's
// functions with documentation (python 45%, java 22%, go 16%, php 6%, javascript
// 6%, ruby 5%, rounded).
var csnLangs = []struct {
	name  string
	share float64
}{{"python", 0.45}, {"java", 0.22}, {"go", 0.16}, {"php", 0.06}, {"javascript", 0.06}, {"ruby", 0.05}}

// csnFunc is a CodeSearchNet corpus record's extra fields.
type csnFunc struct {
	lang, repo, path, name, code string
}

// csnDoc describes what a function does.
var csnDoc = mustTmpls(
	`[Returns|Builds|Computes|Loads] the {A} for the given {B}[, or an error if the {B} is invalid| and caches the result|].`,
	`[Validates|Normalizes|Parses|Serializes] a {B} [into|from] its {A} [representation|form|fields].`,
	`[Sends|Schedules|Retries|Flushes] the pending {A} [to|for] the {B} [service|queue|store][ using the configured timeout| in batches|].`,
	`[Checks whether|Reports whether|Tests if] the {B} [has|contains|exceeds] a {adj} {A}.`,
	`[Merges|Groups|Sorts|Filters] {A} entries by {B}[ and drops duplicates| keeping the newest first|].`,
)

// csnDetail lengthens documentation, as real docstrings describe arguments and
// results.
var csnDetail = mustTmpls(
	`The {A} is [read|taken|derived] from the {B} [header|table|file|cache] when [present|available|set].`,
	`[If|When] the {B} is [empty|missing|stale], [a default|nothing|an empty {A}] is returned.`,
	`This [method|function|helper] is [safe|not safe] for concurrent use[ by multiple workers|].`,
	`[Callers|Clients] should [close|release|reuse] the {A} [after use|when done|between calls].`,
)

// csnStmts are statement templates per language, with «V» «W» local variables,
// «F» a helper name, «A» «B» nouns and «Type» a class name. Code is full of the
// brackets and braces templates use, so these are filled by plain replacement.
var csnStmts = map[string][]string{
	"python": {
		"«V» = self._«F»(«W»)", "if not «W»:\n        raise ValueError(\"«B» is required\")",
		"for item in «W»:\n        «V».append(item.«F»())", "«V» = {k: v for k, v in «W».items() if v is not None}",
		"logger.debug(\"«F»: %s\", «W»)", "with open(«W», \"r\") as fh:\n        «V» = json.load(fh)",
		"«V» = [x for x in «W» if x.«A»]", "self.«A»_cache[«W»] = «V»"},
	"go": {
		"«V», err := s.«F»(ctx, «W»)\n\tif err != nil {\n\t\treturn nil, err\n\t}", "if «W» == nil {\n\t\treturn nil, errors.New(\"«B» is required\")\n\t}",
		"for _, item := range «W» {\n\t\t«V» = append(«V», item.«F»())\n\t}", "s.mu.Lock()\n\tdefer s.mu.Unlock()",
		"«V» := make(map[string]int, len(«W»))", "log.Printf(\"«F»: %v\", «W»)"},
	"java": {
		"«Type» «V» = this.«F»(«W»);", "if («W» == null) {\n            throw new IllegalArgumentException(\"«B» is required\");\n        }",
		"for («Type» item : «W») {\n            «V».add(item.«F»());\n        }", "LOG.debug(\"«F»: {}\", «W»);",
		"Map<String, «Type»> «V» = new HashMap<>();", "synchronized (this.lock) {\n            this.«A»Count++;\n        }"},
	"javascript": {
		"const «V» = this.«F»(«W»);", "if (!«W») {\n    throw new Error('«B» is required');\n  }",
		"«W».forEach((item) => {\n    «V».push(item.«F»());\n  });", "const «V» = Object.assign({}, «W», options);",
		"debug('«F» %o', «W»);", "return Promise.resolve(«V»);"},
	"php": {
		"$«V» = $this->«F»($«W»);", "if (empty($«W»)) {\n            throw new \\InvalidArgumentException('«B» is required');\n        }",
		"foreach ($«W» as $item) {\n            $«V»[] = $item->«F»();\n        }", "$this->logger->debug('«F»', ['«B»' => $«W»]);",
		"$«V» = array_filter($«W»);"},
	"ruby": {
		"«V» = «F»(«W»)", "raise ArgumentError, '«B» is required' if «W».nil?",
		"«W».each do |item|\n      «V» << item.«F»\n    end", "@«A»_cache[«W»] ||= «V»", "logger.debug(\"«F»: #{«W»}\")"},
}

// fillCode replaces «name» placeholders with vars.
func fillCode(s string, v map[string]string) string {
	for k, x := range v {
		s = strings.ReplaceAll(s, "«"+k+"»", x)
	}
	return s
}

// camel turns snake_case into lowerCamelCase, or UpperCamelCase when upper.
func camel(s string, upper bool) string {
	parts := strings.Split(s, "_")
	for i, p := range parts {
		if i > 0 || upper {
			parts[i] = capFirst(p)
		}
	}
	return strings.Join(parts, "")
}

// csnFunction writes a function in lang with its documentation.
func (g *gen) csnFunction(lang string) (name, doc, code string) {
	snake := g.ident(2 + g.r.IntN(2))
	v := map[string]string{"A": g.pick(identNouns), "B": g.pick(identNouns), "V": g.pick(identNouns) + "s",
		"W": g.pick(identNouns), "F": g.ident(2), "Type": capFirst(g.pick(identNouns))}
	doc = g.fill(csnDoc, v)
	for k := g.lengthAround(3, 0.5, 1); k > 0; k-- {
		doc += " " + g.fill(csnDetail, v)
	}
	stmts := csnStmts[lang]
	nst := g.lengthAround(9, 0.45, 3)
	indent := map[string]string{"python": "    ", "go": "\t", "java": "        ", "javascript": "  ", "php": "        ", "ruby": "    "}[lang]
	var body strings.Builder
	for i := 0; i < nst; i++ {
		if lang == "go" || lang == "java" || lang == "php" {
			v["F"] = camel(g.ident(2), lang == "go")
		} else {
			v["F"] = g.ident(2)
		}
		body.WriteString(indent + fillCode(g.pick(stmts), v) + "\n")
	}
	w, ret := v["W"], v["V"]
	switch lang {
	case "python":
		name = snake
		code = fmt.Sprintf("def %s(self, %s):\n    \"\"\"%s\"\"\"\n%s    return %s", name, w, wrapText(doc, 76, "    "), body.String(), ret)
	case "go":
		name = camel(snake, true)
		code = fmt.Sprintf("func (s *%sStore) %s(ctx context.Context, %s []%s) ([]%s, error) {\n%s\treturn %s, nil\n}", v["Type"], name, w, v["Type"], v["Type"], body.String(), ret)
	case "java":
		name = camel(snake, false)
		code = fmt.Sprintf("public List<%s> %s(List<%s> %s) {\n%s        return %s;\n    }", v["Type"], name, v["Type"], w, body.String(), ret)
	case "javascript":
		name = camel(snake, false)
		code = fmt.Sprintf("function %s(%s, options) {\n%s  return %s;\n}", name, w, body.String(), ret)
	case "php":
		name = camel(snake, false)
		code = fmt.Sprintf("public function %s($%s)\n    {\n%s        return $%s;\n    }", name, w, body.String(), ret)
	case "ruby":
		name = snake
		code = fmt.Sprintf("def %s(%s)\n%s    %s\n  end", name, w, body.String(), ret)
	}
	return name, doc, code
}

// csnTokens splits code or text into CodeSearchNet-style tokens (identifiers,
// numbers and single punctuation marks).
func csnTokens(s string) []string {
	var out []string
	cur := strings.Builder{}
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			cur.WriteRune(r)
		case r == ' ' || r == '\n' || r == '\t':
			flush()
		default:
			flush()
			out = append(out, string(r))
		}
	}
	flush()
	if out == nil {
		out = []string{}
	}
	return out
}

func codeSearchNetSpec() *spec {
	return &spec{
		name: "codesearchnet",
		base: func(g *gen, n int) []*item {
			out := make([]*item, 0, n)
			// Languages in file order, each a group; counts by share, the rest to python.
			for li, l := range csnLangs {
				k := int(float64(n) * l.share)
				if li == 0 {
					k = n
					for _, o := range csnLangs[1:] {
						k -= int(float64(n) * o.share)
					}
				}
				for i := 0; i < k; i++ {
					name, doc, code := g.csnFunction(l.name)
					repo := "demo-org/" + strings.ToLower(g.brand())
					path := strings.ToLower(g.pick(identNouns)) + "/" + strings.ToLower(g.pick(identNouns)) + map[string]string{
						"python": ".py", "java": ".java", "go": ".go", "javascript": ".js", "php": ".php", "ruby": ".rb"}[l.name]
					out = append(out, &item{q: doc, a: code, group: li,
						x: csnFunc{lang: l.name, repo: repo, path: path, name: name, code: code}})
				}
			}
			return out
		},
		write: func(w *writer, items []*item) ([]string, error) {
			bufs := map[string]*bytes.Buffer{}
			for i, it := range items {
				f := it.x.(csnFunc)
				sum := sha1.Sum([]byte(fmt.Sprintf("%s/%s/%d", f.repo, f.path, i)))
				sha := hex.EncodeToString(sum[:])
				line := 10 + i%400
				url := fmt.Sprintf("https://github.com/%s/blob/%s/%s#L%d-L%d", f.repo, sha, f.path, line, line+strings.Count(f.code, "\n"))
				b := bufs[f.lang]
				if b == nil {
					b = &bytes.Buffer{}
					bufs[f.lang] = b
				}
				err := jsonLine(b, kv{{"repo", f.repo}, {"path", f.path}, {"func_name", f.name},
					{"original_string", it.a}, {"language", f.lang}, {"code", it.a}, {"code_tokens", csnTokens(it.a)},
					{"docstring", it.q}, {"docstring_tokens", csnTokens(it.q)}, {"sha", sha}, {"url", url}, {"partition", "train"}})
				if err != nil {
					return nil, err
				}
				it.id = w.id(f.lang + "-" + source.HashID(url))
			}
			for _, l := range csnLangs {
				b := bufs[l.name]
				if b == nil {
					continue
				}
				if err := w.gzipFile(l.name+"_train_0.jsonl.gz", b.Bytes()); err != nil {
					return nil, err
				}
			}
			return []string{w.dir}, nil
		},
	}
}
