package main

import (
	"strings"
	"testing"
)

// TestExtractFailsLoudly checks what `yaegi extract` does not: a package that
// cannot be extracted is an error, not a message and a missing table.
func TestExtractFailsLoudly(t *testing.T) {
	tests := []struct {
		name string
		pkg  pkg
		want string
	}{
		{"missing package", pkg{path: "qmix/lib/nosuchpackage"}, "package not found"},
		{"everything excluded", pkg{path: "gonum.org/v1/gonum/floats", exclude: []string{"."}}, "no exported symbols"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := extractPkg(tt.pkg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("extractPkg(%s) error = %v, want %q", tt.pkg.path, err, tt.want)
			}
		})
	}
	name, src, err := extractPkg(pkg{path: "gonum.org/v1/gonum/floats"})
	if err != nil || name != "gonum_org-v1-gonum-floats.go" || !strings.Contains(string(src), `"Sum":`) {
		t.Fatalf("extractPkg(floats) = %s, %d bytes, %v", name, len(src), err)
	}
	if strings.Contains(string(src), "+build") || strings.Contains(string(src), "go:build") {
		t.Error("a build constraint was left in the table")
	}
}
