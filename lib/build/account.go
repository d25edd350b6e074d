package build

import (
	"fmt"

	"qmix/lib/record"
)

// account checks that every one of inputs records ends exactly once: kept in final,
// or dropped. It returns the counts, and an error naming the first record seen twice
// or the gap when the numbers do not add up.
func account(inputs int, final []record.Record, drops []record.Drop) (Accounting, error) {
	acc := Accounting{Inputs: inputs, Kept: len(final), Dropped: len(drops), ByReason: map[string]int{}}
	seen := make(map[string]bool, inputs)
	for _, d := range drops {
		acc.ByReason[d.Reason]++
		if seen[d.ID] {
			return acc, fmt.Errorf("build: %s dropped twice", d.ID)
		}
		seen[d.ID] = true
	}
	for _, r := range final {
		if seen[r.ID] {
			return acc, fmt.Errorf("build: %s both kept and dropped", r.ID)
		}
		seen[r.ID] = true
	}
	acc.Balanced = acc.Inputs == acc.Kept+acc.Dropped && len(seen) == acc.Inputs
	if !acc.Balanced {
		return acc, fmt.Errorf("build: accounting does not balance: %d inputs, %d kept + %d dropped", acc.Inputs, acc.Kept, acc.Dropped)
	}
	return acc, nil
}
