package demo

import (
	"qmix/lib/internal/sharedtest"
	"testing"
)

// sharedDir finds ../shared/datasets beside the repository. Under CI a missing
// directory fails the test; elsewhere it skips.
func sharedDir(t testing.TB) string { return sharedtest.Dir(t) }
