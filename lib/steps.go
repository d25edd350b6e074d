package lib

import (
	"qmix/lib/balance"
	"qmix/lib/build"
	"qmix/lib/dedup"
	"qmix/lib/demo"
	"qmix/lib/label"
)

// Take is one line of a build recipe: how many records to take from a source.
type Take struct {
	Source string
	N      int
}

// Build steps and their options, re-exported so a script imports only lib.
type (
	Build          = build.Build
	BuildOptions   = build.Options
	DedupOptions   = dedup.Options
	RelabelOptions = label.Options
	BalanceOptions = balance.Options
	DemoSet        = demo.Summary
)

// NewBuild starts a batch build (see package build).
func NewBuild(opt BuildOptions) *Build { return build.New(opt) }

// DemoInputs returns the generated demo inputs in dir, generating them when absent
// or made with another seed.
func DemoInputs(dir string, seed int64) (DemoSet, error) {
	return demo.Ensure(dir, demo.Options{Seed: seed})
}
