package dedup_test

import (
	"fmt"

	"qmix/lib/dedup"
	"qmix/lib/record"
)

func ExampleRun() {
	q := func(id, text string) record.Record {
		return record.Record{ID: id, Question: text, Domain: record.Math, Difficulty: record.Easy, Source: "demo"}
	}
	existing := []record.Record{
		q("existing/1", "A farmer keeps 12 cows in the north field and buys 7 more at the market; how many cows does he own now?"),
	}
	public := []record.Record{
		q("demo/1", "a farmer keeps 12 cows in the north field, and buys 7 more at the market. How many cows does he own now"),
		q("demo/2", "A farmer keeps 12 cows in the south field and buys 7 more at the market; how many cows does he own now?"),
		q("demo/3", "A farmer keeps 15 cows in the north field and buys 7 more at the market; how many cows does he own now?"),
		q("demo/4", "What is the capital of Peru?"),
	}
	kept, drops, stats, err := dedup.Run(existing, public, dedup.Options{})
	if err != nil {
		panic(err)
	}
	for _, d := range drops {
		fmt.Printf("%s: %s of %s (%.2f)\n", d.ID, d.Reason, d.DuplicateOf, d.Similarity)
	}
	fmt.Println("kept:", len(kept), "template variants:", stats.TemplateVariants)
	// Output:
	// demo/1: exact_duplicate of existing/1 (1.00)
	// demo/2: near_duplicate of existing/1 (0.92)
	// kept: 2 template variants: 1
}
