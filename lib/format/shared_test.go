package format

import (
	"testing"

	"qmix/lib/internal/sharedtest"
)

// sharedDir finds ../shared/datasets beside the repository (see sharedtest.Dir).
func sharedDir(t testing.TB) string { return sharedtest.Dir(t) }
