package validate

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"qmix/lib/record"
	"qmix/lib/source"
)

// AnswerOptional says whether a record may legitimately have an empty answer, and
// why. spec.md lets the answer be empty "only where the source has none"; these are
// the cases, taken from the adapters in lib/source:
//
//   - a source outside the registry (the existing synthetic set, or any file a
//     script builds): its answers are what plan step 4 generates;
//   - codesearchnet Challenge records (source ids "challenge-…", "query-…"): the
//     Challenge files hold queries and relevance judgements, no code;
//   - toolbench queries without an answer-giving solution tree (meta.has_answer is
//     absent or false): most instruction files ship without answers;
//   - alpaca records whose output was the "<nooutput>" placeholder (meta.no_output);
//   - the unlabelled test splits of hellaswag, commonsense_qa and piqa.
//
// Every other public record carries an answer; an empty one is a conversion or
// editing defect.
func AnswerOptional(r record.Record) (optional bool, why string) {
	if _, err := source.Lookup(r.Source); err != nil {
		return true, "not a public source: answers are generated in plan step 4"
	}
	switch r.Source {
	case "codesearchnet":
		if strings.HasPrefix(r.SourceID, "challenge-") || strings.HasPrefix(r.SourceID, "query-") {
			return true, "CodeSearchNet Challenge queries carry no code"
		}
	case "toolbench":
		if has, _ := metaBool(r.Meta, "has_answer"); !has {
			return true, "ToolBench query without an answer-giving solution tree"
		}
	case "alpaca":
		if no, _ := metaBool(r.Meta, "no_output"); no {
			return true, "Alpaca output was the <nooutput> placeholder"
		}
	case "hellaswag", "commonsense_qa", "piqa":
		if r.Split() == source.Test {
			return true, "unlabelled test split"
		}
	}
	return false, ""
}

func answerMissing(r record.Record) string {
	if strings.TrimSpace(r.Answer) != "" {
		return ""
	}
	if opt, _ := AnswerOptional(r); opt {
		return ""
	}
	return "empty answer; " + r.Source + " records carry one"
}

// finalAnswer checks the short final answers that benchmarks score: GSM8K's number
// (and MetaMathQA's GSM_* items'), MATH's \boxed{} content (and MetaMathQA's MATH_*
// items' "The answer is:" text).
func finalAnswer(r record.Record) string {
	if strings.TrimSpace(r.Answer) == "" {
		return "" // answer_missing speaks for it
	}
	final, has := metaString(r.Meta, "final_answer")
	final = strings.TrimSpace(final)
	switch r.Source {
	case "gsm8k":
		if !has || final == "" {
			return "no meta.final_answer"
		}
		n, ok := parseNumber(final)
		if !ok {
			return fmt.Sprintf("meta.final_answer %q is not a number", final)
		}
		if i := strings.LastIndex(r.Answer, "####"); i >= 0 {
			after := strings.TrimSpace(r.Answer[i+4:])
			m, ok := parseNumber(after)
			if !ok || m != n {
				return fmt.Sprintf("the answer's #### %q differs from meta.final_answer %q", short(after, 30), final)
			}
		}
	case "metamathqa":
		typ, _ := metaString(r.Meta, "type")
		if !has || final == "" {
			return `no final answer after "The answer is:"`
		}
		if strings.HasPrefix(typ, "GSM_") {
			if _, ok := parseNumber(final); !ok {
				return fmt.Sprintf("%s final answer %q is not a number", typ, short(final, 30))
			}
		}
	case "math":
		boxed, found, err := source.MATHBoxed(r.Answer)
		switch {
		case err != nil:
			return "solution: " + err.Error()
		case !found && (!has || final == ""):
			return `no \boxed{} answer in the solution`
		case !has || final == "":
			return "no meta.final_answer"
		case found && final != boxed:
			if given, ok := metaString(r.Meta, "given_answer"); !ok || given != final {
				return fmt.Sprintf(`meta.final_answer %q differs from \boxed{%s}`, short(final, 30), short(boxed, 30))
			}
		}
	}
	return ""
}

// number is what a GSM-style final answer may look like: an optional sign and
// dollar sign, digits with optional thousands separators and decimals, an optional
// fraction or percent sign.
var number = regexp.MustCompile(`^[-+−]?\$?(\d+(\.\d+)?|\.\d+)(/\d+)?%?\.?$`)

// parseNumber reads a final answer as a number, ignoring thousands separators; a
// fraction a/b is divided out.
func parseNumber(s string) (float64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if !number.MatchString(s) {
		return 0, false
	}
	s = strings.TrimSuffix(strings.TrimSuffix(s, "."), "%")
	s = strings.Replace(strings.Replace(s, "$", "", 1), "−", "-", 1)
	num, den, frac := strings.Cut(s, "/")
	v, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, false
	}
	if frac {
		d, err := strconv.ParseFloat(den, 64)
		if err != nil || d == 0 {
			return 0, false
		}
		v /= d
	}
	return v, true
}

// choicesMismatch checks multiple-choice records as the adapters write them
// (lib/source mcRecord): meta.choices holds the option texts, meta.labels the option
// labels where the source has its own (ARC, CommonsenseQA; else "A", "B", …),
// meta.final_answer the correct label and the answer "<label>. <option>".
func choicesMismatch(r record.Record) string {
	if _, present := r.Meta["choices"]; !present {
		return ""
	}
	choices := metaStrings(r.Meta, "choices")
	if len(choices) < 2 {
		return fmt.Sprintf("%d options in meta.choices; a multiple-choice item needs at least 2", len(choices))
	}
	labels := metaStrings(r.Meta, "labels")
	if labels == nil {
		if len(choices) > len(source.Letters) {
			return fmt.Sprintf("%d options, more than there are letters", len(choices))
		}
		labels = source.DefaultLabels(len(choices))
	}
	if len(labels) != len(choices) {
		return fmt.Sprintf("%d labels for %d options", len(labels), len(choices))
	}
	final, _ := metaString(r.Meta, "final_answer")
	final = strings.TrimSpace(final)
	answer := strings.TrimSpace(r.Answer)
	if final == "" && answer == "" {
		return "" // an unlabelled test item; answer_missing decides about it
	}
	idx := -1
	if final != "" {
		for i, l := range labels {
			if l == final {
				idx = i
			}
		}
		if idx < 0 {
			return fmt.Sprintf("answer label %q is not one of the options %s", short(final, 20), strings.Join(labels, ", "))
		}
	}
	if answer == "" {
		return ""
	}
	if idx < 0 {
		// No label in meta: the answer must still name one of the options.
		for i := range choices {
			if answerIsOption(answer, labels[i], choices[i]) {
				return ""
			}
		}
		return fmt.Sprintf("answer %q is none of the %d options", short(answer, 40), len(choices))
	}
	if !answerIsOption(answer, labels[idx], choices[idx]) {
		return fmt.Sprintf("answer %q is not option %s %q", short(answer, 40), labels[idx], short(choices[idx], 40))
	}
	return ""
}

// answerIsOption accepts "B. text", "B" and "text" for option B.
func answerIsOption(answer, label, choice string) bool {
	a, c := squash(answer), squash(choice)
	return a == squash(label+". "+choice) || a == label || a == c
}

// squash collapses white space, so that re-wrapped text still compares equal.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// short cuts s to n runes for a detail message.
func short(s string, n int) string {
	s = squash(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
