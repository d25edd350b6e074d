package format

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Files expands a path into the files it names, in lexical order: a file is itself,
// a directory is every file below it whose name match accepts (nil accepts all), and a
// pattern with glob metacharacters is expanded with filepath.Glob (directories among
// the matches are walked too). It is an error when nothing matches.
func Files(path string, match func(name string) bool) ([]string, error) {
	var out []string
	roots := []string{path}
	if strings.ContainsAny(path, "*?[") {
		m, err := filepath.Glob(path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		roots = m
	}
	for _, root := range roots {
		info, err := os.Stat(root)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			out = append(out, root)
			continue
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			hidden := p != root && strings.HasPrefix(d.Name(), ".")
			if d.IsDir() {
				if hidden {
					return filepath.SkipDir
				}
				return nil
			}
			if hidden {
				return nil
			}
			if match == nil || match(d.Name()) {
				out = append(out, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no matching files", path)
	}
	sort.Strings(out)
	return out, nil
}

// Ext returns a file's format extension in lower case, looking through a trailing
// ".gz": "data.jsonl.gz" → ".jsonl".
func Ext(name string) string {
	name = strings.ToLower(name)
	name = strings.TrimSuffix(name, ".gz")
	return filepath.Ext(name)
}
