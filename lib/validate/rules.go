package validate

// Rule names, stable: they appear in drops.jsonl details, meta.validation_flags,
// Options.Actions and the report.
const (
	RuleQuestionEmpty    = "question_empty"
	RuleQuestionTooShort = "question_too_short"
	RuleQuestionTooLong  = "question_too_long"
	RuleAnswerTooShort   = "answer_too_short"
	RuleAnswerTooLong    = "answer_too_long"
	RuleAnswerMissing    = "answer_missing"
	RuleFinalAnswer      = "final_answer_unparseable"
	RuleEncoding         = "encoding_broken"
	RuleControl          = "control_characters"
	RuleChoices          = "choices_mismatch"
	RuleNotEnglish       = "not_english"
	RulePlaceholder      = "placeholder_question"
)

// Rules returns the built-in rules, bound to opt's thresholds, in the order they
// run, with their default actions. Drop is the default where the record is broken
// (nothing to ask, an answer the source should have but lacks, a final answer that
// cannot be scored, mangled text, an answer that is not one of the options); Flag
// where the rule is a heuristic about style or size that a person should look at
// (lengths other than a stub question, the language guess).
func Rules(opt Options) []Rule {
	eng := opt.English.withDefaults()
	return []Rule{
		{Name: RuleQuestionEmpty, Action: Drop, Check: questionEmpty,
			Doc: "the question is empty or only white space: nothing to ask"},
		{Name: RulePlaceholder, Action: Drop, Check: placeholderQuestion,
			Doc: `the question, or one of its paragraphs, is only a template slot ("{question}", "<placeholder>", "[INSERT]", "TODO")`},
		{Name: RuleQuestionTooShort, Action: Drop, Check: questionTooShort(opt),
			Doc: "fewer question tokens than the domain's minimum (DefaultLengths): a stub, or a passage missing"},
		{Name: RuleQuestionTooLong, Action: Flag, Check: questionTooLong(opt),
			Doc: "more question tokens than the domain's maximum (DefaultLengths)"},
		{Name: RuleAnswerMissing, Action: Drop, Check: answerMissing,
			Doc: "empty answer in a source whose records carry one (see AnswerOptional for the sources and cases without)"},
		{Name: RuleAnswerTooShort, Action: Flag, Check: answerTooShort(opt),
			Doc: "a non-empty answer with fewer tokens than the domain's minimum (DefaultLengths)"},
		{Name: RuleAnswerTooLong, Action: Flag, Check: answerTooLong(opt),
			Doc: "more answer tokens than the domain's maximum (DefaultLengths)"},
		{Name: RuleFinalAnswer, Action: Drop, Check: finalAnswer,
			Doc: "GSM8K/MetaMathQA-GSM final answer not a number or not the one after ####; MATH without a well-formed \\boxed{} answer"},
		{Name: RuleChoices, Action: Drop, Check: choicesMismatch,
			Doc: "multiple choice: the answer label is not one of the options, or the answer text is not the labelled option"},
		{Name: RuleEncoding, Action: Drop, Check: encodingBroken,
			Doc: "invalid UTF-8, U+FFFD replacement characters, a byte-order mark inside the text, or UTF-8 read as Latin-1 (\"Ã©\", \"â€™\")"},
		{Name: RuleControl, Action: Drop, Check: controlCharacters,
			Doc: "control characters other than tab, newline and carriage return (C0, DEL, C1)"},
		{Name: RuleNotEnglish, Action: Flag, Check: notEnglish(eng),
			Doc: "question not in English where the domain expects it: mostly non-Latin letters, or more stop words of another language than of English"},
	}
}
