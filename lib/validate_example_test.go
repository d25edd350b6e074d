package lib_test

import (
	"fmt"
	"strings"

	"qmix/lib"
)

func ExampleValidate() {
	// MATH problems, one with a solution that never boxes its final answer.
	df, err := lib.Convert("math", "source/testdata/math/MATH")
	if err != nil {
		fmt.Println(err)
		return
	}
	kept, drops, report, err := lib.Validate(df)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(kept.Nrow(), "kept,", drops.Nrow(), "dropped")
	fmt.Println(drops.Col("id").Records()[0], drops.Col("reason").Records()[0])
	fmt.Println(drops.Col("detail").Records()[0])
	fmt.Println(strings.Split(report, "\n")[0])
	// Output:
	// 4 kept, 1 dropped
	// math/test/b662371771f31d2409ad181a invalid
	// final_answer_unparseable: no \boxed{} answer in the solution
	// 5 records checked: 4 kept (0 of them flagged in `meta.validation_flags`), 1 dropped as `invalid`.
}

func ExampleValidationRules() {
	rules := lib.ValidationRules()
	fmt.Println(rules.Nrow(), "rules")
	fmt.Println(rules.Col("rule").Records()[0], rules.Col("action").Records()[0])
	// Output:
	// 12 rules
	// question_empty drop
}

func ExampleDecontaminate() {
	df, err := lib.Convert("gsm8k", "source/testdata/gsm8k/ok-test.jsonl")
	if err != nil {
		fmt.Println(err)
		return
	}
	// The records are GSM8K test items themselves: every one contaminates it.
	kept, drops, report, err := lib.Decontaminate(df, "gsm8k=source/testdata/gsm8k/ok-test.jsonl")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(kept.Nrow(), "kept,", drops.Nrow(), "dropped")
	fmt.Println(drops.Col("detail").Records()[0], drops.Col("duplicate_of").Records()[0])
	fmt.Println(strings.Split(report, "\n")[0])
	// Output:
	// 0 kept, 3 dropped
	// contaminates gsm8k/test gsm8k/test/0
	// > **Warning:** gsm8k: 3 of 3 records come from the test split; take GSM8K's train split instead.
}

func ExampleCost() {
	df, err := lib.Convert("gsm8k", "source/testdata/gsm8k/ok-test.jsonl")
	if err != nil {
		fmt.Println(err)
		return
	}
	report, err := lib.Cost(df)
	if err != nil {
		fmt.Println(err)
		return
	}
	// The scenario table: three GSM8K records cost cents even when regenerated.
	for _, line := range strings.Split(report, "\n") {
		if strings.HasPrefix(line, "| 1.") || strings.HasPrefix(line, "| 3.") && strings.HasSuffix(line, "$574–583 |") {
			fmt.Println(line)
		}
	}
	// Output:
	// | 1. Use existing answers | 3 | 0 | 0 | 0 | 0 | $0 | $0 | $39.00 | $39.00–$39.00 | $39–48 |
	// | 3. Regenerate all | 0 | 0 | 3 | 213 | 40 | $0 | $0 | $39.00 | $39.00–$39.00 | $574–583 |
}
