package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/build"
	"go/doc"
	"go/format"
	"go/parser"
	"go/printer"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
)

// maxDoc bounds a documentation text: :doc shows the contract, not a treatise.
const maxDoc = 1500

// entry is one documented symbol.
type entry struct{ key, sig, text string }

// docTable writes Docs: for every exported function, method, type, constant and
// variable of the packages, its declaration and doc comment, keyed
// "import/path.Name" and "import/path.Type.Method".
func docTable(paths []string) ([]byte, error) {
	var all []entry
	for _, path := range paths {
		es, err := docPackage(path)
		if err != nil {
			return nil, fmt.Errorf("doc %s: %w", path, err)
		}
		all = append(all, es...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].key < all[j].key })
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s gen (repl/symbols/gen). DO NOT EDIT.\n\npackage symbols\n\n", header)
	fmt.Fprintf(&b, "// Docs documents the exported symbols of Packages and of the packages whose\n// types lib re-exports, keyed \"import/path.Name\" and \"import/path.Type.Method\".\nvar Docs = map[string]Doc{\n")
	for _, e := range all {
		fmt.Fprintf(&b, "\t%q: {Sig: %q, Text: %q},\n", e.key, e.sig, e.text)
	}
	fmt.Fprintf(&b, "}\n")
	return format.Source(b.Bytes())
}

func docPackage(path string) ([]entry, error) {
	bp, err := build.Default.Import(path, ".", 0)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range bp.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(bp.Dir, name), nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	p, err := doc.NewFromFiles(fset, files, path)
	if err != nil {
		return nil, err
	}
	out := []entry{{key: path, sig: "package " + p.Name, text: trimDoc(p.Doc)}}
	add := func(key string, node any, text string) error {
		sig, err := render(fset, node)
		if err != nil {
			return err
		}
		out = append(out, entry{path + "." + key, sig, trimDoc(text)})
		return nil
	}
	values := func(vs []*doc.Value) error {
		for _, v := range vs {
			for _, spec := range v.Decl.Specs {
				vs := spec.(*ast.ValueSpec)
				text := v.Doc
				if vs.Doc != nil {
					text = vs.Doc.Text()
				} else if vs.Comment != nil {
					text = vs.Comment.Text()
				}
				for _, n := range vs.Names {
					if !n.IsExported() {
						continue
					}
					one := &ast.GenDecl{Tok: v.Decl.Tok, Specs: []ast.Spec{&ast.ValueSpec{Names: []*ast.Ident{n}, Type: vs.Type, Values: valueOf(vs, n)}}}
					if err := add(n.Name, one, text); err != nil {
						return err
					}
				}
			}
		}
		return nil
	}
	funcs := func(prefix string, fs []*doc.Func) error {
		for _, f := range fs {
			d := *f.Decl
			d.Body, d.Doc = nil, nil
			if err := add(prefix+f.Name, &d, f.Doc); err != nil {
				return err
			}
		}
		return nil
	}
	if err := values(p.Consts); err != nil {
		return nil, err
	}
	if err := values(p.Vars); err != nil {
		return nil, err
	}
	if err := funcs("", p.Funcs); err != nil {
		return nil, err
	}
	for _, t := range p.Types {
		decl := *t.Decl
		decl.Doc = nil
		if err := add(t.Name, &decl, t.Doc); err != nil {
			return nil, err
		}
		if err := values(t.Consts); err != nil {
			return nil, err
		}
		if err := values(t.Vars); err != nil {
			return nil, err
		}
		if err := funcs("", t.Funcs); err != nil {
			return nil, err
		}
		if err := funcs(t.Name+".", t.Methods); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// trimDoc bounds a doc text at maxDoc bytes, cutting at a space.
func trimDoc(text string) string {
	text = strings.TrimSpace(text)
	if len(text) > maxDoc {
		text = strings.TrimSpace(text[:strings.LastIndex(text[:maxDoc], " ")]) + " …"
	}
	return text
}

// valueOf is the value expression of name n in a spec, when it has one per name.
func valueOf(vs *ast.ValueSpec, n *ast.Ident) []ast.Expr {
	for i, m := range vs.Names {
		if m == n && i < len(vs.Values) && len(vs.Values) == len(vs.Names) {
			return []ast.Expr{vs.Values[i]}
		}
	}
	return nil
}

func render(fset *token.FileSet, node any) (string, error) {
	var b bytes.Buffer
	cfg := printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 4}
	if err := cfg.Fprint(&b, fset, node); err != nil {
		return "", err
	}
	return b.String(), nil
}
