package lib_test

import (
	"fmt"

	"qmix/lib"
)

func ExampleDedup() {
	// The same three GSM8K problems twice: the second copy is dropped as exact
	// duplicates of the reference frame.
	ref, err := lib.Convert("gsm8k", "source/testdata/gsm8k/ok-test.jsonl")
	if err != nil {
		fmt.Println(err)
		return
	}
	again, err := lib.Convert("gsm8k", "source/testdata/gsm8k/ok-test.jsonl")
	if err != nil {
		fmt.Println(err)
		return
	}
	kept, drops, summary, err := lib.Dedup(again, lib.DedupOptions{}, ref)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(summary)
	fmt.Println(kept.Nrow(), "kept;", drops.Col("reason").Records()[0], "of", drops.Col("duplicate_of").Records()[0])
	// Output:
	// dedup: 3 records against 3 reference: 0 kept, 3 exact and 0 near duplicates dropped, 0 template variants kept
	// 0 kept; exact_duplicate of gsm8k/test/0
}

func ExampleShuffle() {
	df, err := lib.Convert("gsm8k", "source/testdata/gsm8k/ok-test.jsonl")
	if err != nil {
		fmt.Println(err)
		return
	}
	a, _ := lib.Shuffle(df, 7)
	b, _ := lib.Shuffle(df, 7)
	fmt.Println(a.Nrow(), fmt.Sprint(a.Col("id").Records()) == fmt.Sprint(b.Col("id").Records()))
	// Output:
	// 3 true
}
