package lib_test

import (
	"fmt"
	"os"
	"path/filepath"

	"qmix/lib"
)

func ExampleConvert() {
	df, err := lib.Convert("gsm8k", "source/testdata/gsm8k/ok-test.jsonl")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(df.Nrow(), "records")
	fmt.Println(df.Col("id").Records()[0])
	fmt.Println(df.Col("domain").Records()[0], df.Col("difficulty").Records()[0])
	fmt.Println(df.Col("meta").Records()[0])
	// Output:
	// 3 records
	// gsm8k/test/0
	// math easy
	// {"final_answer":"1000"}
}

func ExampleConvertLenient() {
	df, skipped, err := lib.ConvertLenient("gsm8k", "source/testdata/gsm8k/nan-test.jsonl")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(df.Nrow(), "records,", skipped.Nrow(), "skipped")
	fmt.Println(skipped.Col("line").Records()[0], skipped.Col("field").Records()[0])
	// Output:
	// 0 records, 1 skipped
	// 1 answer
}

func ExampleSave() {
	df, err := lib.Convert("gsm8k", "source/testdata/gsm8k/ok-test.jsonl")
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, _ := os.MkdirTemp("", "qmix-example")
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "gsm8k.jsonl")
	if err := lib.Save(df, out); err != nil {
		fmt.Println(err)
		return
	}
	back, err := lib.Load(out)
	if err != nil {
		fmt.Println(err)
		return
	}
	summary, _ := lib.Describe(back)
	fmt.Println(summary)
	// Output:
	// 3 records, 73 tokens (math 3)
}

func ExampleTokens() {
	n, _ := lib.Tokens("How many r's are in strawberry?")
	fmt.Println(n)
	// Output: 8
}
