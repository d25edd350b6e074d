package validate

import (
	"fmt"
	"strings"

	"qmix/lib/record"
)

// Lengths are the token bounds (o200k_base, as record.Tokens counts them) of one
// domain's questions and answers. A bound of 0 is not checked.
type Lengths struct {
	MinQuestion int `json:"min_question"`
	MaxQuestion int `json:"max_question"`
	MinAnswer   int `json:"min_answer"` // checked only on a non-empty answer
	MaxAnswer   int `json:"max_answer"`
}

// DefaultLengths are the per-domain bounds. Why these numbers:
//
//   - Minimum question: the shortest real questions of the public sources (measured
//     on ../shared/datasets) are 6 tokens (MATH-500 "Compute $\dbinom{8}{4}$."-like
//     items, Alpaca "Give three tips for staying healthy." is 7), so 3–5 tokens only
//     catches stubs. Reading and summarization questions carry their passage or
//     article: under 20/30 tokens the passage is missing (the shortest real ones,
//     SQuAD 51, XSum 44, include the instruction line).
//   - Maximum question: 4,096 tokens, 8,192 where a passage or article is part of
//     the question (the longest real CNN/DailyMail article is 1,440 tokens, XSum's
//     demo stand-ins reach 3,300); past that a record is a document, not a question.
//   - Minimum answer: 1 token where a single letter, number or span is a complete
//     answer (multiple choice, DROP numbers, SQuAD spans, MATH "2"); 3 for code
//     (a shorter "function" is a stub) and tool calls, 5 for a summary.
//   - Maximum answer: 8,192 tokens — half of GPT-4o-mini's 16,384-token output limit;
//     an answer past it cannot be reproduced by the plan's teachers in one reply.
//
// The length rules flag by default (too-short questions drop): lengths say more
// about a source than about a record's validity, and the balancer needs long hard
// records.
var DefaultLengths = map[string]Lengths{
	record.Coding:        {MinQuestion: 5, MaxQuestion: 4096, MinAnswer: 3, MaxAnswer: 8192},
	record.Math:          {MinQuestion: 5, MaxQuestion: 4096, MinAnswer: 1, MaxAnswer: 8192},
	record.ToolUse:       {MinQuestion: 5, MaxQuestion: 4096, MinAnswer: 3, MaxAnswer: 8192},
	record.Reasoning:     {MinQuestion: 5, MaxQuestion: 4096, MinAnswer: 1, MaxAnswer: 8192},
	record.Reading:       {MinQuestion: 20, MaxQuestion: 8192, MinAnswer: 1, MaxAnswer: 8192},
	record.Summarization: {MinQuestion: 30, MaxQuestion: 8192, MinAnswer: 5, MaxAnswer: 8192},
	record.CommonSense:   {MinQuestion: 5, MaxQuestion: 4096, MinAnswer: 1, MaxAnswer: 8192},
	record.Instruction:   {MinQuestion: 3, MaxQuestion: 4096, MinAnswer: 1, MaxAnswer: 8192},
}

// lengthsFor returns the bounds of a domain: the override, else the default, else
// no bounds (an unknown domain cannot come out of record.Reader).
func (o Options) lengthsFor(domain string) Lengths {
	if l, ok := o.Lengths[domain]; ok {
		return l
	}
	return DefaultLengths[domain]
}

func questionEmpty(r record.Record) string {
	if strings.TrimSpace(r.Question) == "" {
		return "empty question"
	}
	return ""
}

func questionTooShort(opt Options) func(record.Record) string {
	return func(r record.Record) string {
		l := opt.lengthsFor(r.Domain)
		if strings.TrimSpace(r.Question) != "" && l.MinQuestion > 0 && r.Tokens.Question < l.MinQuestion {
			return fmt.Sprintf("%d question tokens < %d for %s", r.Tokens.Question, l.MinQuestion, r.Domain)
		}
		return ""
	}
}

func questionTooLong(opt Options) func(record.Record) string {
	return func(r record.Record) string {
		l := opt.lengthsFor(r.Domain)
		if l.MaxQuestion > 0 && r.Tokens.Question > l.MaxQuestion {
			return fmt.Sprintf("%d question tokens > %d for %s", r.Tokens.Question, l.MaxQuestion, r.Domain)
		}
		return ""
	}
}

func answerTooShort(opt Options) func(record.Record) string {
	return func(r record.Record) string {
		l := opt.lengthsFor(r.Domain)
		if strings.TrimSpace(r.Answer) != "" && l.MinAnswer > 0 && r.Tokens.Answer < l.MinAnswer {
			return fmt.Sprintf("%d answer tokens < %d for %s", r.Tokens.Answer, l.MinAnswer, r.Domain)
		}
		return ""
	}
}

func answerTooLong(opt Options) func(record.Record) string {
	return func(r record.Record) string {
		l := opt.lengthsFor(r.Domain)
		if l.MaxAnswer > 0 && r.Tokens.Answer > l.MaxAnswer {
			return fmt.Sprintf("%d answer tokens > %d for %s", r.Tokens.Answer, l.MaxAnswer, r.Domain)
		}
		return ""
	}
}
