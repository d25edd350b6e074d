package demo

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"qmix/lib/source"
)

// gsmProblem is a grade-school word problem with its worked solution: steps in
// GSM8K's style ("… = <<a*b=c>>c …") and the final number.
type gsmProblem struct {
	question string
	steps    []string
	final    int
}

// solution renders the steps and the "#### N" line as GSM8K writes answers.
func (p gsmProblem) solution() string {
	return strings.Join(p.steps, "\n") + "\n#### " + strconv.Itoa(p.final)
}

// plain is the solution without calculator notes and with MetaMathQA's closing line.
func (p gsmProblem) plain() string {
	var b strings.Builder
	for _, s := range p.steps {
		b.WriteString(calcNote(s))
		b.WriteByte('\n')
	}
	b.WriteString("The answer is: " + strconv.Itoa(p.final))
	return b.String()
}

// calcNote removes "<<…>>" calculator annotations.
func calcNote(s string) string {
	for {
		i := strings.Index(s, "<<")
		if i < 0 {
			return s
		}
		j := strings.Index(s[i:], ">>")
		if j < 0 {
			return s
		}
		s = s[:i] + s[i+j+2:]
	}
}

// calc renders "a op b = <<a op b=r>>r".
func calc(a int, op string, b int, r int) string {
	return fmt.Sprintf("%d %s %d = <<%d%s%d=%d>>%d", a, op, b, a, strings.TrimSpace(op), b, r, r)
}

// gsmIntro opens a problem with some scene-setting, as many GSM8K problems do.
var gsmIntro = mustTmpls(
	`{P} is getting ready for the {event} at the {place}.`,
	`[Every|Each] {weekday}, {P} [helps out|volunteers|works] at the {place} in {city}.`,
	`{P} and {P2} are [planning|organizing|saving up for] a trip to {city}.`,
	`The {place} [is running|has started|announced] a {adj} promotion this {month}.`,
	`{P} [loves|enjoys|has taken up] {sport} and [keeps track of|writes down|budgets] every expense.`,
	`[Last|This] {month}, {P} [started|opened|took over] a small stand selling {obj}.`,
	`{P2} [asked|challenged|bet] {P} to [work out|figure out|calculate] the numbers [below|for the {event}].`,
)

// gsmQ are the question templates of gsmTemplates, by index.
var gsmQ = mustTmpls(
	`{P} buys {A} {obj} for ${B} each and sells [all of them|every one of them] for ${C} each at the {place}. [The stall costs|Renting a table costs|The market charges] ${D} for the day. How much profit does {P} make?`,
	`{P} [is reading|borrowed] a [novel|book|biography] with {T} pages. [For the first|During the first] {D} days, {P} reads {R} pages a day, and then {S} pages a day for the next {E} days. How many pages [are left to read|does {P} still have to read]?`,
	`{P} has {A} {obj}. [{P} gives|After giving] 1/{K} of them to {P2}[, and then|, {P}] buys {B} packs of {obj} with {C} in each pack. How many {obj} does {P} have now?`,
	`{P} [drives|cycles|rides the bus] to {city} at {S1} miles per hour for {H1} hours, then [slows down|speeds up|changes pace] to {S2} miles per hour for {H2} more hours. How many miles [does {P} travel|is the trip] in total?`,
	`{P} earns ${W} an hour [at the {place}|babysitting|tutoring] and works {H} hours a week. {P} saves 1/{K} of [this money|the pay|each week's pay] for a {adj} [bike|laptop|guitar|camera] that costs ${X}. How many weeks [does {P} need to save|will it take {P} to afford it]?`,
	`[Tickets|Entry passes] for the {event} cost ${A} for adults and ${C} for children. {P} [buys tickets for|brings] {N} adults and {M} children. [How much does {P} pay|What is the total cost]?`,
	`{P} plants {R} rows of {adj} seedlings with {Q} seedlings in each row. [A frost|Hungry {animal}|A dry spell] [kills|ruins|destroys] 1/{K} of them. How many seedlings [are left|survive]?`,
	`{P} is {A} years old. {P2} is {B} years older than twice {P}'s age. How old will {P2} be in {C} years?`,
	`A {adj} [jacket|lamp|backpack|toaster] normally costs ${X} at the {place}. [This week|During the sale|On {weekday}] it is {D}% off. How much [does {P} pay|would {P} spend] for {N} of them?`,
)

// gsmTemplates generate one problem each from a variables map holding P, P2, obj.
var gsmTemplates = []func(g *gen, v map[string]string) gsmProblem{
	func(g *gen, v map[string]string) gsmProblem { // buy, sell, fee
		a, b := g.intn(6, 60), g.intn(2, 15)
		c := b + g.intn(1, 9)
		d := g.intn(5, 40)
		cost, rev := a*b, a*c
		for rev-cost-d <= 0 {
			d = d / 2
		}
		q := g.fill(gsmQ[0:1], mapWith(v, "A", a, "B", b, "C", c, "D", d))
		return gsmProblem{q, []string{
			fmt.Sprintf("[{P}] spends %s dollars on the %s.", calc(a, "*", b, cost), v["obj"]),
			fmt.Sprintf("Selling them brings in %s dollars.", calc(a, "*", c, rev)),
			fmt.Sprintf("After paying for the stall, the profit is %d - %d - %d = <<%d-%d-%d=%d>>%d dollars.", rev, cost, d, rev, cost, d, rev-cost-d, rev-cost-d),
		}, rev - cost - d}
	},
	func(g *gen, v map[string]string) gsmProblem { // pages left
		r, d := g.intn(8, 40), g.intn(3, 9)
		s, e := g.intn(5, 30), g.intn(2, 8)
		read := r*d + s*e
		total := read + g.intn(10, 300)
		q := g.fill(gsmQ[1:2], mapWith(v, "T", total, "D", d, "R", r, "S", s, "E", e))
		return gsmProblem{q, []string{
			fmt.Sprintf("In the first %d days [{P}] reads %s pages.", d, calc(r, "*", d, r*d)),
			fmt.Sprintf("In the next %d days [{P}] reads %s pages.", e, calc(s, "*", e, s*e)),
			fmt.Sprintf("That is %s pages in all.", calc(r*d, "+", s*e, read)),
			fmt.Sprintf("So %s pages are left.", calc(total, "-", read, total-read)),
		}, total - read}
	},
	func(g *gen, v map[string]string) gsmProblem { // give a fraction, buy packs
		k := g.intn(2, 5)
		a := k * g.intn(4, 30)
		b, c := g.intn(2, 6), g.intn(3, 12)
		give := a / k
		left := a - give
		q := g.fill(gsmQ[2:3], mapWith(v, "A", a, "K", k, "B", b, "C", c))
		return gsmProblem{q, []string{
			fmt.Sprintf("[{P}] gives away %d / %d = <<%d/%d=%d>>%d %s.", a, k, a, k, give, give, v["obj"]),
			fmt.Sprintf("That leaves %s.", calc(a, "-", give, left)),
			fmt.Sprintf("The packs hold %s more.", calc(b, "*", c, b*c)),
			fmt.Sprintf("Now [{P}] has %s %s.", calc(left, "+", b*c, left+b*c), v["obj"]),
		}, left + b*c}
	},
	func(g *gen, v map[string]string) gsmProblem { // distance at two speeds
		s1, h1 := g.intn(20, 70), g.intn(1, 5)
		s2, h2 := g.intn(10, 60), g.intn(1, 4)
		q := g.fill(gsmQ[3:4], mapWith(v, "S1", s1, "H1", h1, "S2", s2, "H2", h2))
		return gsmProblem{q, []string{
			fmt.Sprintf("The first part covers %s miles.", calc(s1, "*", h1, s1*h1)),
			fmt.Sprintf("The second part covers %s miles.", calc(s2, "*", h2, s2*h2)),
			fmt.Sprintf("In total that is %s miles.", calc(s1*h1, "+", s2*h2, s1*h1+s2*h2)),
		}, s1*h1 + s2*h2}
	},
	func(g *gen, v map[string]string) gsmProblem { // weeks of saving
		w, h := g.intn(8, 25), g.intn(4, 20)
		k := g.intn(2, 5)
		week := w * h
		save := week / k
		price := save*g.intn(3, 12) - g.intn(0, save-1)
		weeks := (price + save - 1) / save
		q := g.fill(gsmQ[4:5], mapWith(v, "W", w, "H", h, "K", k, "X", price))
		return gsmProblem{q, []string{
			fmt.Sprintf("Each week [{P}] earns %s dollars.", calc(w, "*", h, week)),
			fmt.Sprintf("[{P}] saves %d / %d = <<%d/%d=%d>>%d dollars a week.", week, k, week, k, save, save),
			fmt.Sprintf("%d / %d is %.2f, so it takes %d weeks.", price, save, float64(price)/float64(save), weeks),
		}, weeks}
	},
	func(g *gen, v map[string]string) gsmProblem { // tickets
		a, c := g.intn(8, 30), g.intn(3, 15)
		n, m := g.intn(2, 9), g.intn(2, 12)
		q := g.fill(gsmQ[5:6], mapWith(v, "A", a, "C", c, "N", n, "M", m))
		return gsmProblem{q, []string{
			fmt.Sprintf("The adult tickets cost %s dollars.", calc(a, "*", n, a*n)),
			fmt.Sprintf("The children's tickets cost %s dollars.", calc(c, "*", m, c*m)),
			fmt.Sprintf("Together that is %s dollars.", calc(a*n, "+", c*m, a*n+c*m)),
		}, a*n + c*m}
	},
	func(g *gen, v map[string]string) gsmProblem { // garden rows
		r, p := g.intn(3, 15), g.intn(4, 20)
		k := g.intn(2, 6)
		total := r * p
		for total%k != 0 {
			p++
			total = r * p
		}
		lost := total / k
		q := g.fill(gsmQ[6:7], mapWith(v, "R", r, "Q", p, "K", k))
		return gsmProblem{q, []string{
			fmt.Sprintf("[{P}] plants %s seedlings.", calc(r, "*", p, total)),
			fmt.Sprintf("%d / %d = <<%d/%d=%d>>%d are lost.", total, k, total, k, lost, lost),
			fmt.Sprintf("So %s survive.", calc(total, "-", lost, total-lost)),
		}, total - lost}
	},
	func(g *gen, v map[string]string) gsmProblem { // ages
		a, b, c := g.intn(5, 30), g.intn(1, 9), g.intn(2, 15)
		other := 2*a + b
		q := g.fill(gsmQ[7:8], mapWith(v, "A", a, "B", b, "C", c))
		return gsmProblem{q, []string{
			fmt.Sprintf("Twice [{P}]'s age is %s years.", calc(2, "*", a, 2*a)),
			fmt.Sprintf("[{P2}] is %s years old.", calc(2*a, "+", b, other)),
			fmt.Sprintf("In %d years [{P2}] will be %s years old.", c, calc(other, "+", c, other+c)),
		}, other + c}
	},
	func(g *gen, v map[string]string) gsmProblem { // discount
		x := 10 * g.intn(2, 30)
		d := []int{10, 20, 25, 50}[g.r.IntN(4)]
		n := g.intn(2, 8)
		off := x * d / 100
		q := g.fill(gsmQ[8:9], mapWith(v, "X", x, "D", d, "N", n))
		return gsmProblem{q, []string{
			fmt.Sprintf("The discount is %d * %d / 100 = <<%d*%d/100=%d>>%d dollars.", x, d, x, d, off, off),
			fmt.Sprintf("Each one costs %s dollars.", calc(x, "-", off, x-off)),
			fmt.Sprintf("For %d of them [{P}] pays %s dollars.", n, calc(x-off, "*", n, (x-off)*n)),
		}, (x - off) * n}
	},
}

// mapWith copies v and adds the key/value pairs (values as decimal text).
func mapWith(v map[string]string, kvs ...any) map[string]string {
	out := make(map[string]string, len(v)+len(kvs)/2)
	for k, x := range v {
		out[k] = x
	}
	for i := 0; i+1 < len(kvs); i += 2 {
		out[kvs[i].(string)] = fmt.Sprint(kvs[i+1])
	}
	return out
}

// gsm generates one word problem.
func (g *gen) gsm() gsmProblem {
	v := map[string]string{"P": g.word("first"), "P2": g.word("first"), "obj": g.word("obj")}
	p := gsmTemplates[g.r.IntN(len(gsmTemplates))](g, v)
	// Calibration: GSM8K questions average 58 tokens, so most get a scene or two.
	if g.chance(0.9) {
		p.question = g.fill(gsmIntro, v) + " " + p.question
	}
	if g.chance(0.45) {
		p.question = g.fill(gsmIntro, v) + " " + p.question
	}
	for i, s := range p.steps {
		p.steps[i] = fillVars(s, v)
	}
	// GSM8K solutions often open by saying what to find first.
	// Calibration: GSM8K solutions average 79 tokens.
	if g.chance(0.95) {
		p.steps = append([]string{g.fill(gsmLead, v)}, p.steps...)
	}
	if g.chance(0.9) {
		p.steps = append(p.steps, g.fill(gsmClose, mapWith(v, "N", p.final)))
	}
	return p
}

var gsmClose = mustTmpls(`[So|Therefore|Thus] [the answer is|the result is|{P} ends up with] {N}.`, `[Checking|Adding it up] again [gives|confirms] {N}.`)

var gsmLead = mustTmpls(
	`[First|To start], [find|work out|figure out] [how much|how many] [{P} has to deal with|there is] [at each step|in each part].`,
	`[We|Let's] [break|split] the problem into [its parts|smaller steps] [and add them up|one at a time].`,
)

// fillVars replaces "[{X}]" markers in solution steps with variables.
func fillVars(s string, v map[string]string) string {
	for k, x := range v {
		s = strings.ReplaceAll(s, "[{"+k+"}]", x)
	}
	return s
}

// mathProblem is a competition problem in MATH's style.
type mathProblem struct {
	problem, solution, answer string
	subject                   string // directory name
	level                     int
}

// mathSubjects are MATH's seven subjects: directory name, "type" as the release
// writes it.
var mathSubjects = [][2]string{
	{"algebra", "Algebra"}, {"counting_and_probability", "Counting & Probability"},
	{"geometry", "Geometry"}, {"intermediate_algebra", "Intermediate Algebra"},
	{"number_theory", "Number Theory"}, {"prealgebra", "Prealgebra"}, {"precalculus", "Precalculus"},
}

// mathLevels are cumulative shares of Levels 1–5 in MATH's test split (437, 894,
// 1131, 1214 and 1324 of 5000 problems): Levels 4–5, the hard ones, are about half.
var mathLevels = []float64{0.087, 0.266, 0.492, 0.735, 1}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	if a < 0 {
		return -a
	}
	return a
}

// frac renders p/q reduced, as LaTeX.
func frac(p, q int) string {
	d := gcd(p, q)
	p, q = p/d, q/d
	if q < 0 {
		p, q = -p, -q
	}
	if q == 1 {
		return strconv.Itoa(p)
	}
	return fmt.Sprintf(`\frac{%d}{%d}`, p, q)
}

// mathCore returns a problem statement, its key computation and the answer for a
// subject.
func (g *gen) mathCore(subject int) (problem, work, answer string) {
	switch subject {
	case 0: // algebra
		if g.chance(0.5) {
			a, x, b := g.intn(2, 12), g.intn(-15, 20), g.intn(-30, 30)
			c := a*x + b
			return fmt.Sprintf("Solve for $x$: $%dx %+d = %d$.", a, b, c),
				fmt.Sprintf("Subtracting $%d$ from both sides gives $%dx = %d$, and dividing by $%d$ gives $x = %d$.", b, a, c-b, a, x),
				strconv.Itoa(x)
		}
		r1, r2 := g.intn(-9, 12), g.intn(-9, 12)
		return fmt.Sprintf("What is the sum of the roots of $x^2 %+dx %+d = 0$?", -(r1 + r2), r1*r2),
			fmt.Sprintf("By Vieta's formulas the sum of the roots of $x^2 + bx + c$ is $-b$, here $%d$; indeed the polynomial factors as $(x %+d)(x %+d)$.", r1+r2, -r1, -r2),
			strconv.Itoa(r1 + r2)
	case 1: // counting and probability
		if g.chance(0.5) {
			n, k := g.intn(5, 12), g.intn(2, 4)
			c := 1
			for i := 0; i < k; i++ {
				c = c * (n - i) / (i + 1)
			}
			return fmt.Sprintf("In how many ways can a committee of %d be chosen from a club of %d %s?", k, n, g.word("job")+"s"),
				fmt.Sprintf("Order does not matter, so the count is $\\binom{%d}{%d} = %d$.", n, k, c),
				strconv.Itoa(c)
		}
		r, b := g.intn(2, 9), g.intn(2, 9)
		return fmt.Sprintf("A bag holds %d %s marbles and %d %s marbles. Two marbles are drawn without replacement. What is the probability that both are %s? Express your answer as a common fraction.", r, g.word("color"), b, g.word("color"), "of the first colour"),
			fmt.Sprintf("The probability is $\\frac{%d}{%d} \\cdot \\frac{%d}{%d}$.", r, r+b, r-1, r+b-1),
			frac(r*(r-1), (r+b)*(r+b-1))
	case 2: // geometry
		t := [][3]int{{3, 4, 5}, {5, 12, 13}, {8, 15, 17}, {7, 24, 25}, {20, 21, 29}, {9, 40, 41}}[g.r.IntN(6)]
		k := g.intn(1, 6)
		if g.chance(0.5) {
			return fmt.Sprintf("A right triangle has legs of length $%d$ and $%d$ units. What is the length of its hypotenuse, in units?", k*t[0], k*t[1]),
				fmt.Sprintf("By the Pythagorean theorem the hypotenuse is $\\sqrt{%d^2 + %d^2} = \\sqrt{%d}$.", k*t[0], k*t[1], k*k*t[2]*t[2]),
				strconv.Itoa(k * t[2])
		}
		r := g.intn(2, 15)
		return fmt.Sprintf("A circle has a diameter of $%d$ centimeters. What is its area, in square centimeters? Express your answer in terms of $\\pi$.", 2*r),
			fmt.Sprintf("The radius is $%d$, so the area is $\\pi \\cdot %d^2$.", r, r),
			fmt.Sprintf(`%d\pi`, r*r)
	case 3: // intermediate algebra
		if g.chance(0.5) {
			a, d := g.intn(2, 40), g.intn(2, 6)
			return fmt.Sprintf("Evaluate the infinite geometric series $%d + \\frac{%d}{%d} + \\frac{%d}{%d} + \\cdots$.", a, a, d, a, d*d),
				fmt.Sprintf("The first term is $%d$ and the ratio is $\\frac{1}{%d}$, so the sum is $\\frac{%d}{1 - 1/%d}$.", a, d, a, d),
				frac(a*d, d-1)
		}
		c, p, q, r := g.intn(-5, 6), g.intn(1, 6), g.intn(-9, 9), g.intn(-20, 20)
		rem := p*c*c*c + q*c + r
		return fmt.Sprintf("Find the remainder when $%dx^3 %+dx %+d$ is divided by $x %+d$.", p, q, r, -c),
			fmt.Sprintf("By the remainder theorem the remainder is the value at $x = %d$.", c),
			strconv.Itoa(rem)
	case 4: // number theory
		if g.chance(0.5) {
			a, n, m := g.intn(2, 9), g.intn(5, 60), g.intn(5, 13)
			r := 1
			for i := 0; i < n; i++ {
				r = r * a % m
			}
			return fmt.Sprintf("What is the remainder when $%d^{%d}$ is divided by $%d$?", a, n, m),
				fmt.Sprintf("The powers of $%d$ modulo $%d$ repeat, and reducing the exponent gives the residue.", a, m),
				strconv.Itoa(r)
		}
		d := g.intn(2, 30)
		a, b := d*g.intn(2, 25), d*g.intn(2, 25)
		return fmt.Sprintf("What is the greatest common divisor of $%d$ and $%d$?", a, b),
			"The Euclidean algorithm reduces the pair step by step until the remainder is zero.",
			strconv.Itoa(gcd(a, b))
	case 5: // prealgebra
		if g.chance(0.5) {
			a, b, c, d := g.intn(1, 9), g.intn(2, 12), g.intn(1, 9), g.intn(2, 12)
			return fmt.Sprintf("Simplify $\\frac{%d}{%d} + \\frac{%d}{%d}$.", a, b, c, d),
				fmt.Sprintf("Over the common denominator $%d$ the sum is $\\frac{%d}{%d}$.", b*d, a*d+c*b, b*d),
				frac(a*d+c*b, b*d)
		}
		xs := make([]string, g.intn(4, 7))
		sum := 0
		for i := range xs {
			x := g.intn(50, 99)
			sum += x
			xs[i] = strconv.Itoa(x)
		}
		return fmt.Sprintf("%s's scores on %d %s quizzes were %s. What was the mean score?", g.word("first"), len(xs), g.word("field"), strings.Join(xs, ", ")),
			fmt.Sprintf("The scores add up to $%d$; dividing by $%d$ gives the mean.", sum, len(xs)),
			frac(sum, len(xs))
	default: // precalculus
		if g.chance(0.5) {
			a, b, c, d := g.intn(-9, 9), g.intn(-9, 9), g.intn(-9, 9), g.intn(-9, 9)
			return fmt.Sprintf("Compute $\\begin{vmatrix} %d & %d \\\\ %d & %d \\end{vmatrix}$.", a, b, c, d),
				fmt.Sprintf("The determinant is $(%d)(%d) - (%d)(%d)$.", a, d, b, c),
				strconv.Itoa(a*d - b*c)
		}
		u := []int{g.intn(-6, 6), g.intn(-6, 6), g.intn(-6, 6)}
		w := []int{g.intn(-6, 6), g.intn(-6, 6), g.intn(-6, 6)}
		return fmt.Sprintf("Compute $\\begin{pmatrix} %d \\\\ %d \\\\ %d \\end{pmatrix} \\cdot \\begin{pmatrix} %d \\\\ %d \\\\ %d \\end{pmatrix}$.", u[0], u[1], u[2], w[0], w[1], w[2]),
			fmt.Sprintf("The dot product is $(%d)(%d) + (%d)(%d) + (%d)(%d)$.", u[0], w[0], u[1], w[1], u[2], w[2]),
			strconv.Itoa(u[0]*w[0] + u[1]*w[1] + u[2]*w[2])
	}
}

// mathContext lengthens some problems with a setting, as longer MATH problems have.
var mathContext = mustTmpls(
	`[At|During] the {event} [in|near] {city}, {name} [posed|wrote down|presented] the following [puzzle|question|problem].`,
	`[A|The] {adj} {job} [is studying|keeps notes on|is modelling] [a|the] {W} [for a|in a] [report|project|class].`,
	`[Consider|Suppose|Assume] [the|a] {W} described below, where every quantity is [a whole number|positive|measured in the same units].`,
)

var mathGiven = mustTmpls(`[All|Each of the] {W}s [are|is] [distinct|labeled|counted once], and [no two|none] of them [share|repeat] [a value|a label|a position] [in this setting|here|below].`,
	`[Throughout|In what follows], [assume|suppose] that [every|each] {W} [is|has been] [fixed|chosen] [in advance|at random|once and for all].`)

var mathTail = mustTmpls(`Express your answer [as a common fraction|in simplest form|as an integer|in simplest radical form].`, `[Give|Enter] your answer [as a decimal to the nearest tenth|in lowest terms|as a whole number].`)

// math generates a MATH-style problem; longer solutions go with higher levels.
func (g *gen) mathProblem() mathProblem {
	s := g.r.IntN(len(mathSubjects))
	problem, work, ans := g.mathCore(s)
	u := g.r.Float64()
	level := 1
	for level < 5 && u > mathLevels[level-1] {
		level++
	}
	// Calibration: MATH problems average 67 tokens (median 49): most have some
	// setting around the computation, some ask for a form of the answer.
	w := map[string]string{"W": g.pick(expositoryW)}
	if g.chance(0.95) {
		problem = g.fill(mathContext, w) + " " + problem
	}
	if g.chance(0.7) {
		problem = g.fill(mathContext, w) + " " + problem
	}
	if g.chance(0.6) {
		problem = g.fill(mathGiven, w) + " " + problem
	}
	if g.chance(0.5) && !strings.Contains(problem, "Express") {
		problem += " " + g.fill(mathTail, nil)
	}
	// Calibration: MATH solutions average 207 tokens (median 152), growing with level.
	filler := g.lengthAround(60+28*float64(level), 0.7, 10)
	sol := work + " " + g.explain("math", filler) + " Therefore, the answer is $\\boxed{" + ans + "}$."
	return mathProblem{problem: problem, solution: sol, answer: ans, subject: mathSubjects[s][0], level: level}
}

// --- GSM8K ---

func gsm8kSpec() *spec {
	return &spec{
		name: "gsm8k",
		base: func(g *gen, n int) []*item {
			out := make([]*item, 0, n)
			seen := map[string]bool{}
			for len(out) < n {
				p := g.gsm()
				if seen[p.question] {
					continue
				}
				seen[p.question] = true
				out = append(out, &item{q: p.question, a: p.solution(), x: p})
			}
			return out
		},
		fromText: func(g *gen, text string, _ *item) *item {
			p := g.gsm()
			p.question = text
			return &item{q: text, a: p.solution(), x: p}
		},
		write: func(w *writer, items []*item) ([]string, error) {
			var buf bytes.Buffer
			for i, it := range items {
				if err := jsonLine(&buf, kv{{"question", it.q}, {"answer", it.a}}); err != nil {
					return nil, err
				}
				it.id = w.id(strconv.Itoa(i))
			}
			// "train" in the name: the adapter takes the split from it.
			return []string{w.path("train.jsonl")}, w.file("train.jsonl", buf.Bytes())
		},
	}
}

// --- MATH ---

func mathSpec() *spec {
	return &spec{
		name: "math",
		base: func(g *gen, n int) []*item {
			out := make([]*item, 0, n)
			seen := map[string]bool{}
			for len(out) < n {
				p := g.mathProblem()
				if seen[p.problem] {
					continue
				}
				seen[p.problem] = true
				out = append(out, &item{q: p.problem, a: p.solution, x: p})
			}
			return out
		},
		fromText: func(g *gen, text string, _ *item) *item {
			p := g.mathProblem()
			p.problem = text
			return &item{q: text, a: p.solution, x: p}
		},
		write: func(w *writer, items []*item) ([]string, error) {
			// The release tree: MATH/<split>/<subject>/<n>.json, one problem per file,
			// numbered per subject; the adapter's id is the hash of the problem.
			next := map[string]int{}
			for _, it := range items {
				p := it.x.(mathProblem)
				k := next[p.subject]
				next[p.subject]++
				typ := ""
				for _, s := range mathSubjects {
					if s[0] == p.subject {
						typ = s[1]
					}
				}
				b, err := jsonIndent(kv{{"problem", it.q}, {"level", fmt.Sprintf("Level %d", p.level)},
					{"type", typ}, {"solution", it.a}}, "    ")
				if err != nil {
					return nil, err
				}
				if err := w.file(fmt.Sprintf("MATH/train/%s/%d.json", p.subject, k), bytes.TrimRight(b, "\n")); err != nil {
					return nil, err
				}
				it.id = w.id(source.HashID(strings.TrimSpace(it.q)))
			}
			return []string{w.path("MATH/train")}, nil
		},
	}
}

// --- MetaMathQA ---

// metaMath is a MetaMathQA record's extra fields.
type metaMath struct {
	typ, original string
}

// metaMathItem makes a MetaMathQA record of one of the dataset card's eight types
// from a GSM8K-style or MATH-style problem.
func (g *gen) metaMathItem() *item {
	fromGSM := g.chance(0.61) // 240K of the 395K records come from GSM8K, 155K from MATH
	var question, solution, final string
	if fromGSM {
		p := g.gsm()
		question, solution, final = p.question, p.plain(), strconv.Itoa(p.final)
	} else {
		p := g.mathProblem()
		question, final = p.problem, p.answer
		solution = p.solution + "\nThe answer is: " + p.answer
	}
	kind := []string{"AnsAug", "Rephrased", "SV", "FOBAR"}[g.r.IntN(4)]
	prefix := "MATH_"
	if fromGSM {
		prefix = "GSM_"
	}
	query := question
	switch kind {
	case "Rephrased":
		query = g.fill(rephraseLead, nil) + " " + lowerFirst(question)
	case "SV", "FOBAR":
		// Backward questions hide a number of the problem as x and give the answer.
		if num, ok := firstNumber(question); ok && fromGSM {
			query = strings.Replace(question, num, "x", 1)
			if kind == "FOBAR" {
				query += " If we know the answer to the above question is " + final + ", what is the value of unknown variable x?"
			} else {
				query += " The answer is " + final + ". What is the value of unknown variable x?"
			}
			solution = strings.TrimSuffix(solution, "The answer is: "+final) + "Solving for the unknown gives x = " + num + ".\nThe answer is: " + num
		} else {
			kind = "AnsAug"
		}
	}
	return &item{q: query, a: solution, x: metaMath{typ: prefix + kind, original: question}}
}

var rephraseLead = mustTmpls(`[Rephrased|In other words|Put differently|Restated]:`, `[Here is the problem again|Consider this problem]:`)

func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' || len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z' {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// firstNumber finds the first whole number of at least two digits in s.
func firstNumber(s string) (string, bool) {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) || i > 0 && (isDigit(s[i-1]) || s[i-1] == '.' || s[i-1] == '/') {
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j-i >= 2 && (j == len(s) || s[j] != '/' && s[j] != '%') {
			return s[i:j], true
		}
	}
	return "", false
}

func metaMathSpec() *spec {
	return &spec{
		name: "metamathqa",
		base: func(g *gen, n int) []*item {
			out := make([]*item, 0, n)
			seen := map[string]bool{}
			for len(out) < n {
				it := g.metaMathItem()
				if seen[it.q] {
					continue
				}
				seen[it.q] = true
				out = append(out, it)
			}
			return out
		},
		// A duplicate taken from GSM8K or MATH is an AnsAug record whose
		// original_question is the other source's problem: exactly how MetaMathQA
		// overlaps its parents.
		fromText: func(g *gen, text string, from *item) *item {
			it := g.metaMathItem()
			m := it.x.(metaMath)
			m.original = text
			if from != nil {
				switch p := from.x.(type) {
				case gsmProblem:
					m.typ, m.original, it.a = "GSM_AnsAug", p.question, p.plain()
				case mathProblem:
					m.typ, m.original, it.a = "MATH_AnsAug", p.problem, p.solution+"\nThe answer is: "+p.answer
				}
			}
			it.q, it.x = text, m
			return it
		},
		write: func(w *writer, items []*item) ([]string, error) {
			arr := make([]any, len(items))
			for i, it := range items {
				m := it.x.(metaMath)
				arr[i] = kv{{"query", it.q}, {"response", it.a}, {"type", m.typ}, {"original_question", m.original}}
				it.id = w.id(strconv.Itoa(i))
			}
			b, err := jsonIndent(arr, "    ")
			if err != nil {
				return nil, err
			}
			// The name says nothing of a split, so the adapter reads it as train, as
			// it does MetaMathQA-395K.json.
			return []string{w.path("MetaMathQA-demo.json")}, w.file("MetaMathQA-demo.json", b)
		},
	}
}
