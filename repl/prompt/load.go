package prompt

import (
	"go/ast"
	"go/parser"
	"go/token"
)

// stripPackage turns a Go file into session input: the package clause goes (the
// rest keeps its lines, so positions in errors stay those of the file), and
// hasMain tells whether it declares func main.
func stripPackage(src string) (input string, hasMain bool) {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.PackageClauseOnly)
	if err != nil || f.Name == nil {
		return src, false
	}
	end := int(f.Name.End()) - 1
	input = blank(src[:end]) + src[end:]
	full, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
	if err == nil {
		for _, d := range full.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" {
				hasMain = true
			}
		}
	}
	return input, hasMain
}

// blank replaces everything but newlines with spaces.
func blank(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c != '\n' {
			b[i] = ' '
		}
	}
	return string(b)
}
