package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"text/tabwriter"

	"qmix/lib/hub"
)

func cmdFetch(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("fetch", "qmix fetch SOURCE... [--split S]... [--revision R] | qmix fetch --list [-v]", `
Downloads public sources from the Hugging Face Hub into the Hub's local cache, laid
out exactly as Python's huggingface_hub lays it out, so that files either tool
downloaded are reused by the other and builds run offline afterwards. Most sources
are fetched in the Hub's Parquet conversion (revision refs/convert/parquet, as the
datasets-server lists it); gorilla in its repository's JSON Lines files; toolbench is
not on the Hub. Run 'qmix sources' for the names.

Downloads run in parallel, resume after an interruption, are checked against their
size and SHA-256 before they enter the cache, and are retried on server errors. A
progress bar is drawn on a terminal. --list shows what the cache holds.

Environment (huggingface_hub's): HF_HOME, HF_HUB_CACHE (the cache; default
~/.cache/huggingface/hub), HF_ENDPOINT (a mirror), HF_TOKEN (gated datasets; else the
token 'huggingface-cli login' saved), HF_HUB_OFFLINE=1 (never touch the network:
report what is cached). qmix's own: QMIX_DATASETS_SERVER (the datasets-server; a
mirror without one is listed through the Hub's tree API), QMIX_HUB_LINKS (where the
build's split-named links to the cached Parquet files go).`, stderr)
	var splits listFlag
	fs.Var(&splits, "split", "fetch only this split (repeatable, or comma-separated); default: all the source's splits")
	revision := fs.String("revision", "", "Hub revision: a branch, tag or commit (default: refs/convert/parquet, or main for repository files)")
	list := fs.Bool("list", false, "list the datasets in the cache, with their revisions and sizes, and exit")
	verbose := fs.Bool("v", false, "with --list: every cached file")
	parallel := fs.Int("parallel", 4, "concurrent downloads")
	names, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	opt := hub.FromEnv()
	opt.Parallel = *parallel
	opt.Progress = stderr
	opt.Log = stderr
	if *list {
		if len(names) > 0 {
			fs.Usage()
			return errUsage
		}
		return listCache(hub.New(opt), opt, *verbose, stdout)
	}
	if len(names) == 0 {
		fs.Usage()
		return errUsage
	}
	var only []string
	for _, s := range splits {
		for _, part := range strings.Split(s, ",") {
			if part = strings.TrimSpace(part); part != "" {
				only = append(only, part)
			}
		}
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancel()
	c := hub.New(opt)
	var errs []error
	for _, name := range names {
		t, err := hub.Resolve(name, only, *revision)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		files, err := c.Fetch(ctx, t)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
			continue
		}
		var size int64
		got := 0
		for _, f := range files {
			size += f.Size
			if f.Downloaded {
				got++
			}
		}
		where := opt.CacheDir
		if len(files) > 0 {
			where = strings.TrimSuffix(files[0].Local, files[0].Path)
		}
		fmt.Fprintf(stdout, "%s: %d files, %s (%d downloaded, %d cached) from %s %s in %s\n",
			name, len(files), humanBytes(size), got, len(files)-got, t.Repo, t.Revision, strings.TrimSuffix(where, string(os.PathSeparator)))
	}
	return errors.Join(errs...)
}

// listCache prints the datasets in the cache.
func listCache(c *hub.Client, opt hub.Options, verbose bool, stdout io.Writer) error {
	repos, err := c.List()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "cache: %s\n", opt.CacheDir)
	if len(repos) == 0 {
		fmt.Fprintln(stdout, "no datasets cached; run 'qmix fetch SOURCE...'")
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DATASET\tSOURCES\tREVISION\tCOMMIT\tFILES\tSIZE\tPARTIAL")
	for _, r := range repos {
		sources := strings.Join(r.Sources, ",")
		if sources == "" {
			sources = "-"
		}
		partial := "-"
		if r.PartialFiles > 0 {
			partial = fmt.Sprintf("%d (%s)", r.PartialFiles, humanBytes(r.PartialBytes))
		}
		revs := make([]string, 0, len(r.Refs))
		for rev := range r.Refs {
			revs = append(revs, rev)
		}
		sort.Strings(revs)
		first := true
		for _, s := range r.Snapshots {
			rev := strings.Join(s.Revisions, ",")
			if rev == "" {
				rev = "(commit)"
			}
			size := "-"
			if first {
				size = humanBytes(r.BlobBytes)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", r.Repo, sources, rev, s.Commit[:12], len(s.Files), size, partial)
			first = false
		}
		if len(r.Snapshots) == 0 {
			fmt.Fprintf(tw, "%s\t%s\t%s\t-\t0\t%s\t%s\n", r.Repo, sources, strings.Join(revs, ","), humanBytes(r.BlobBytes), partial)
		}
	}
	tw.Flush()
	if verbose {
		for _, r := range repos {
			for _, s := range r.Snapshots {
				fmt.Fprintf(stdout, "\n%s @ %s (%s)\n", r.Repo, s.Commit, strings.Join(s.Revisions, ", "))
				for _, f := range s.Files {
					size := humanBytes(f.Size)
					if f.Size < 0 {
						size = "missing blob"
					}
					fmt.Fprintf(stdout, "  %-50s %s\n", f.Path, size)
				}
			}
		}
	}
	return nil
}

// humanBytes writes a byte count in SI units, as the Hub shows sizes.
func humanBytes(n int64) string {
	if n < 1000 {
		return fmt.Sprintf("%d B", n)
	}
	f, unit := float64(n), ""
	for _, u := range []string{"kB", "MB", "GB", "TB"} {
		f, unit = f/1000, u
		if f < 1000 {
			break
		}
	}
	return fmt.Sprintf("%.1f %s", f, unit)
}
