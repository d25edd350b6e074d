// Command qmix is the analyst's workbench for LLM training question sets: it converts
// public datasets to one schema, counts tokens, and (in later steps) deduplicates,
// balances and writes reproducible builds. Run `qmix help` for the commands.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"text/tabwriter"

	"qmix/lib/build"
	"qmix/lib/dedup"
	"qmix/lib/format"
	"qmix/lib/progress"
	"qmix/lib/record"
	"qmix/lib/source"
)

const usage = `qmix — build LLM training question sets from public datasets, reproducibly.

Usage:
  qmix sources                          list the public sources qmix converts
  qmix convert SOURCE PATH... [-o OUT]  convert a source's files to schema JSONL
  qmix fetch SOURCE... [--split S] [--revision R] | --list
                                        download sources into the Hugging Face Hub cache
  qmix dedup IN.jsonl... -o OUT --drops DROPS [--against REF.jsonl]...
                                        remove exact and near duplicates, keep-first
  qmix why ID [--manifest out/manifest.json]
                                        the fate of one record in a build
  qmix cost FILE.jsonl... [--prices P.json] [--batch]
                                        answer plan and cost of the plan's three scenarios
  qmix kernel CONNECTION_FILE | install [--user|--prefix DIR]
                                        the Jupyter kernel, or install its kernelspec
  qmix export NOTEBOOK.ipynb [-o FILE.go]
                                        a notebook's code cells as a Go program
  qmix [prompt]                         the interactive Go prompt (qmix with no command)
  qmix run FILE.go [ARGS...]            run a Go program through the interpreter
  qmix help [COMMAND]                   show help

Run 'qmix COMMAND --help' for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		args = []string{"prompt"}
	}
	var err error
	switch args[0] {
	case "sources":
		err = cmdSources(args[1:], stdout, stderr)
	case "convert":
		err = cmdConvert(args[1:], stdout, stderr)
	case "fetch":
		err = cmdFetch(args[1:], stdout, stderr)
	case "dedup":
		err = cmdDedup(args[1:], stdout, stderr)
	case "why":
		err = cmdWhy(args[1:], stdout, stderr)
	case "cost":
		err = cmdCost(args[1:], stdout, stderr)
	case "prompt":
		err = runPrompt(args[1:])
	case "run":
		err = runScript(args[1:])
	case "kernel":
		err = runKernel(args[1:])
	case "export":
		err = runExport(args[1:])
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			return run([]string{args[1], "--help"}, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "qmix: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if errors.Is(err, errUsage) {
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "qmix %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

var errUsage = errors.New("usage")

// newFlags makes a subcommand's flag set whose -h prints the synopsis and details.
func newFlags(name, synopsis, details string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: %s\n\n%s\n", synopsis, strings.TrimSpace(details))
		var b strings.Builder
		fs.SetOutput(&b)
		fs.PrintDefaults()
		fs.SetOutput(stderr)
		if b.Len() > 0 {
			fmt.Fprintf(stderr, "\nFlags:\n%s", b.String())
		}
	}
	return fs
}

// parseInterleaved parses flags that may come before, between or after positional
// arguments ("convert mmlu data/ -o out.jsonl").
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func cmdSources(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sources", "qmix sources [-v] [NAME...]", `
Lists the public sources of the augmentation plan: registry name (used in ids,
'qmix convert' and scripts), domain, Hugging Face Hub id and config, license and the
file formats the converter reads. With -v, or with names, each source is shown in
full: the layouts it reads and its default-difficulty rule.`, stderr)
	verbose := fs.Bool("v", false, "show every field of every source")
	names, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	adapters := source.All()
	if len(names) > 0 {
		adapters = adapters[:0:0]
		for _, n := range names {
			a, err := source.Lookup(n)
			if err != nil {
				return err
			}
			adapters = append(adapters, a)
		}
		*verbose = true
	}
	if *verbose {
		for i, a := range adapters {
			if i > 0 {
				fmt.Fprintln(stdout)
			}
			fmt.Fprintf(stdout, "%s (%s, %s)\n", a.Name, a.Title, a.Domain)
			fmt.Fprintf(stdout, "  hub:        %s\n", hubName(a))
			fmt.Fprintf(stdout, "  license:    %s\n", a.License)
			for _, f := range a.Formats {
				fmt.Fprintf(stdout, "  format:     %s\n", f)
			}
			fmt.Fprintf(stdout, "  difficulty: %s\n", a.Difficulty)
		}
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tDOMAIN\tHUB ID (CONFIG)\tLICENSE\tFORMATS")
	for _, a := range adapters {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", a.Name, a.Domain, hubName(a), shorten(a.License, 26), strings.Join(fileKinds(a.Formats), ", "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "\nRun 'qmix sources NAME' for a source's layouts and difficulty rule.")
	return nil
}

func hubName(a *source.Adapter) string {
	if a.HubID == "" {
		return "-"
	}
	if a.HubConfig != "" {
		return a.HubID + " (" + a.HubConfig + ")"
	}
	return a.HubID
}

func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

var fileKind = regexp.MustCompile(`\.(jsonl|json|csv|tsv|parquet|story|data|summary|lst|gz)\b`)

// fileKinds lists the file extensions a source's format descriptions mention.
func fileKinds(formats []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range formats {
		for _, m := range fileKind.FindAllStringSubmatch(f, -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				out = append(out, m[1])
			}
		}
	}
	return out
}

func cmdConvert(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("convert", "qmix convert SOURCE PATH... [-o OUT.jsonl] [--lenient]", `
Converts a public source's files to schema JSONL (spec.md's record). A PATH is a
file, a directory read in the source's layout (MMLU's per-subject CSVs, PIQA's JSONL
with its labels file, MATH's per-problem JSON tree, a Hub parquet folder) or a glob.
Run 'qmix sources' for the source names. Without -o the records go to stdout.

Strict by default: the first bad row stops the conversion with an error naming file,
line (or parquet row group/row) and field. With --lenient bad rows are skipped and
each is reported on stderr with its reason.`, stderr)
	out := fs.String("o", "", "write records to this file (atomically) instead of stdout")
	lenient := fs.Bool("lenient", false, "skip bad rows, reporting each, instead of stopping")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		fs.Usage()
		return errUsage
	}
	name, paths := pos[0], pos[1:]
	if _, err := source.Lookup(name); err != nil {
		return err
	}
	skipped := 0
	opt := source.Options{Lenient: *lenient, Skip: func(e *format.RowError) {
		skipped++
		fmt.Fprintf(stderr, "skipped: %v\n", e)
	}}
	bar := progress.New(stderr, "converting "+name, -1, "records")
	var n, qTok, aTok int
	write := func(w io.Writer) error {
		rw := record.NewWriter(w)
		err := source.Convert(name, paths, opt, func(r record.Record) error {
			n++
			qTok += r.Tokens.Question
			aTok += r.Tokens.Answer
			bar.Add(1)
			return rw.Write(r)
		})
		if err != nil {
			return err
		}
		return rw.Flush()
	}
	if *out == "" {
		err = write(stdout)
	} else {
		err = record.WriteAtomic(*out, write)
	}
	bar.Finish()
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "%s: %d records, %d question + %d answer tokens (o200k_base), %d skipped\n",
		name, n, qTok, aTok, skipped)
	return nil
}

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func cmdDedup(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("dedup", "qmix dedup IN.jsonl... [--against REF.jsonl]... [--threshold 0.8] -o OUT.jsonl --drops DROPS.jsonl", `
Removes exact duplicates (on normalised text) and near duplicates (MinHash LSH,
verified) from schema JSONL files, keep-first in input order, within the inputs and
against the reference files, which are never dropped. Kept records go to -o; every
dropped record goes to --drops with the id it duplicates and the similarity.
Math problems that differ only in their numbers are kept apart ("template
variants") unless --merge-template-variants is given.`, stderr)
	var against listFlag
	fs.Var(&against, "against", "reference schema JSONL file (repeatable); its records are never dropped")
	threshold := fs.Float64("threshold", dedup.DefaultThreshold, "estimated Jaccard similarity at or above which a verified pair is a near duplicate")
	merge := fs.Bool("merge-template-variants", false, "drop math problems that differ only in their numbers as near duplicates")
	out := fs.String("o", "", "kept records (required)")
	dropsPath := fs.String("drops", "", "dropped records with their reasons (required)")
	inputs, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(inputs) == 0 || *out == "" || *dropsPath == "" {
		fs.Usage()
		return errUsage
	}
	var ref, recs []record.Record
	var refReader, inReader record.Reader
	for _, p := range against {
		if err := refReader.EachFile(p, func(r record.Record) error { ref = append(ref, r); return nil }); err != nil {
			return err
		}
	}
	for _, p := range inputs {
		if err := inReader.EachFile(p, func(r record.Record) error { recs = append(recs, r); return nil }); err != nil {
			return err
		}
	}
	kept, drops, stats, err := dedup.Run(ref, recs, dedup.Options{Threshold: *threshold, MergeTemplateVariants: *merge})
	if err != nil {
		return err
	}
	if err := record.WriteFile(*out, kept); err != nil {
		return err
	}
	if err := record.WriteDrops(*dropsPath, drops); err != nil {
		return err
	}
	fmt.Fprintln(stderr, "dedup:", stats)
	return nil
}

func cmdWhy(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("why", "qmix why ID... [--manifest out/manifest.json]", `
Tells the fate of records in a build: kept (with the output file and line) or
dropped (stage, reason, the record it duplicates and the similarity, the rule or
quota), from the manifest's build directory.`, stderr)
	manifest := fs.String("manifest", filepath.Join("out", build.ManifestFile), "the build's manifest")
	ids, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		fs.Usage()
		return errUsage
	}
	for _, id := range ids {
		fate, err := build.Why(*manifest, id)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, fate)
	}
	return nil
}
