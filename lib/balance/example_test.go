package balance_test

import (
	"fmt"

	"qmix/lib/balance"
	"qmix/lib/record"
)

func ExampleBalance() {
	var recs []record.Record
	add := func(source, difficulty string, n, tokens int) {
		for i := range n {
			id := fmt.Sprintf("%s/%s/%d", source, difficulty, i)
			recs = append(recs, record.Record{ID: id, Question: "…", Domain: record.Reading, Difficulty: difficulty,
				Source: source, SourceID: id, Tokens: record.Tokens{Question: tokens + i}})
		}
	}
	add("existing", record.Easy, 40, 100) // 4,780 easy tokens
	add("existing", record.Hard, 2, 1926) // 3,853 hard tokens: 55.4% easy
	add("squad_v2", record.Easy, 30, 50)
	add("coqa", record.Easy, 10, 300)

	kept, drops, rep, err := balance.Balance(recs, balance.Options{Quota: map[string]int{record.Reading: 50}, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("kept %d, dropped %d; token balance %.1f/%.1f after %d swaps\n",
		len(kept), len(drops), rep.After.EasyShare, 100-rep.After.EasyShare, rep.Swaps)
	for _, s := range rep.Sources {
		fmt.Printf("%s %d of %d\n", s.Source, s.After, s.Before)
	}
	fmt.Println(drops[0].Reason, drops[0].Detail)
	// Output:
	// kept 50, dropped 32; token balance 60.0/40.0 after 3 swaps
	// coqa 2 of 10
	// existing 42 of 42
	// squad_v2 6 of 30
	// trimmed quota reading 50
}

func ExampleShuffle() {
	var recs []record.Record
	for _, d := range []string{record.Math, record.Coding} {
		for i := range 3 {
			id := fmt.Sprintf("%s/%d", d, i)
			recs = append(recs, record.Record{ID: id, Question: "…", Domain: d, Difficulty: record.Easy, Source: "s", SourceID: id})
		}
	}
	for _, r := range balance.Shuffle(recs, 1) {
		fmt.Print(r.Domain, " ")
	}
	fmt.Println()
	// Output: coding math coding math math coding
}
