package chart

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"qmix/lib/record"
	"qmix/lib/stats"
)

// publicSources are the recipe's public sources per domain (scripts/build60k.go),
// so that synthetic records have a realistic source mix.
var publicSources = map[string][]string{
	record.Coding: {"codesearchnet", "humaneval", "mbpp"}, record.Math: {"gsm8k", "math", "metamathqa"},
	record.ToolUse: {"toolbench", "gorilla"}, record.Reasoning: {"mmlu", "arc_challenge", "hellaswag"},
	record.Reading: {"squad_v2", "drop", "coqa"}, record.Summarization: {"cnn_dailymail", "xsum"},
	record.CommonSense: {"commonsense_qa", "piqa"}, record.Instruction: {"natural_instructions", "alpaca"},
}

// synthetic makes n records deterministically from seed: domains round robin,
// 60% from the existing set, 10% hard, log-normal token lengths around 150.
func synthetic(n int, seed uint64) []record.Record {
	rng := rand.New(rand.NewPCG(seed, 7))
	out := make([]record.Record, n)
	for i := range out {
		d := record.Domains[i%len(record.Domains)]
		src := "existing"
		if rng.Float64() >= 0.6 {
			ps := publicSources[d]
			src = ps[rng.IntN(len(ps))]
		}
		diff := record.Easy
		if rng.Float64() < 0.1 {
			diff = record.Hard
		}
		q := int(math.Round(60 * math.Exp(0.6*rng.NormFloat64())))
		a := int(math.Round(90 * math.Exp(0.8*rng.NormFloat64())))
		out[i] = record.Record{ID: fmt.Sprintf("%s/bench/%d", src, i), Question: "q", Domain: d, Difficulty: diff,
			Source: src, SourceID: fmt.Sprint(i), Tokens: record.Tokens{Question: q + 1, Answer: a}}
	}
	return out
}

// BenchmarkBuildReport computes every statistic (with its Markdown) and renders
// every chart (PNG) of a build the size of the plan's: 86,000 augmented records,
// 60,000 final ones, 3,000 duplicate drops. Target: under 2 s for "all".
func BenchmarkBuildReport(b *testing.B) {
	before := synthetic(86000, 1)
	after := before[:60000]
	rng := rand.New(rand.NewPCG(5, 6))
	drops := make([]record.Drop, 3000)
	for i := range drops {
		drops[i] = record.Drop{ID: fmt.Sprintf("gsm8k/bench/d%d", i), Reason: record.ReasonNearDuplicate,
			Similarity: 0.8 + 0.2*rng.Float64()}
		if i%3 == 0 {
			drops[i].Reason, drops[i].Similarity = record.ReasonExactDuplicate, 1
		}
	}
	dir := b.TempDir()
	summarize := func(b *testing.B) {
		if md := stats.Summarize(before, after, drops).Markdown(2); len(md) == 0 {
			b.Fatal("empty report")
		}
	}
	render := func(b *testing.B) {
		if _, err := RenderAll(dir, before, after, drops, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("stats", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			summarize(b)
		}
	})
	b.Run("charts", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			render(b)
		}
	})
	b.Run("all", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			summarize(b)
			render(b)
		}
	})
}
