package balance

import (
	"fmt"
	"math"
	"math/rand/v2"

	"qmix/lib/record"
)

// synthSource describes a public source for the synthetic plan-scale test: its
// domain, the plan's take, the fraction its adapter labels hard, and the mean
// question+answer tokens of its easy and hard records, measured on the real files
// under ../shared/datasets with lib/source (TestScoreOnRealData in lib/label logs
// the same files). Sources without real sample files there (MetaMathQA, Natural
// Instructions) get lengths like their neighbours (GSM8K-style solutions; Alpaca-like
// instructions with a task definition).
type synthSource struct {
	name, domain   string
	take           int
	hardFrac       float64
	easyMean, hard float64
}

var synthSources = []synthSource{
	{"codesearchnet", record.Coding, 2000, 0, 130, 0},
	{"humaneval", record.Coding, 164, 0, 345, 0},
	{"mbpp", record.Coding, 500, 0, 169, 0},
	{"gsm8k", record.Math, 2000, 0, 138, 0},
	{"math", record.Math, 1500, 0.52, 190, 360}, // Levels 4–5 hard: 262 of 500 real problems
	{"metamathqa", record.Math, 500, 0, 200, 0},
	{"mmlu", record.Reasoning, 2000, 0.12, 81, 95}, // college_*/professional_* subjects hard
	{"arc_challenge", record.Reasoning, 1500, 0, 83, 0},
	{"hellaswag", record.Reasoning, 500, 0, 91, 0},
	{"squad_v2", record.Reading, 2000, 0, 161, 0},
	{"drop", record.Reading, 1500, 0, 233, 0},
	{"coqa", record.Reading, 500, 0, 461, 0},
	{"toolbench", record.ToolUse, 1500, 0.6, 120, 300}, // G2/G3 multi-tool instructions hard
	{"gorilla", record.ToolUse, 1600, 0, 143, 0},
	{"commonsense_qa", record.CommonSense, 2500, 0, 41, 0},
	{"piqa", record.CommonSense, 2500, 0, 90, 0},
	{"cnn_dailymail", record.Summarization, 2500, 0, 875, 0},
	{"xsum", record.Summarization, 2500, 0, 433, 0},
	{"natural_instructions", record.Instruction, 2500, 0, 150, 0},
	{"alpaca", record.Instruction, 5000, 0, 79, 0},
}

// existingCounts is the plan's existing set per domain (47,442 records).
var existingCounts = map[string]int{
	record.Coding: 6861, record.Math: 6861, record.ToolUse: 6861, record.Reasoning: 6861,
	record.Reading: 4999, record.Summarization: 4999, record.CommonSense: 5000, record.Instruction: 5000,
}

// existingHard is 667 hard records spread over the domains (84 × 3 + 83 × 5).
const existingHard = 667

// hardRatio makes the existing set's balance 58.4/41.6: 46,775 easy records of mean
// N tokens and 667 hard ones of mean N·(41.6/58.4)·(46,775/667) ≈ 49.95·N.
const hardRatio = 41.6 / 58.4 * 46775 / 667

// synthetic generates the plan-scale input: the existing set with easy records of
// mean easyMean tokens, and every public source's plan take, lengths drawn from a
// log-normal (σ = 0.5, a typical spread of text lengths) around each mean.
func synthetic(seed uint64, easyMean float64) []record.Record {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	draw := func(mean float64) int {
		const sigma = 0.5
		n := int(math.Round(mean * math.Exp(sigma*rng.NormFloat64()-sigma*sigma/2)))
		return max(n, 1)
	}
	var out []record.Record
	add := func(id, domain, source, diff string, tokens int) {
		out = append(out, record.Record{ID: id, Question: "q", Domain: domain, Difficulty: diff, Source: source,
			SourceID: id, Tokens: record.Tokens{Question: tokens / 3, Answer: tokens - tokens/3}})
	}
	hardLeft := existingHard
	for di, d := range record.Domains {
		hard := 83
		if di < 3 {
			hard = 84
		}
		hardLeft -= hard
		for i := range existingCounts[d] {
			diff, mean := record.Easy, easyMean
			if i < hard {
				diff, mean = record.Hard, easyMean*hardRatio
			}
			add(fmt.Sprintf("existing/%s/%d", d, i), d, "existing", diff, draw(mean))
		}
	}
	if hardLeft != 0 {
		panic("existing hard count")
	}
	for _, s := range synthSources {
		for i := range s.take {
			diff, mean := record.Easy, s.easyMean
			if rng.Float64() < s.hardFrac {
				diff, mean = record.Hard, s.hard
			}
			add(fmt.Sprintf("%s/demo/%d", s.name, i), s.domain, s.name, diff, draw(mean))
		}
	}
	return out
}
