package hub

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"qmix/lib/source"
)

// Links returns, for each file, a path the source's adapter reads with the right
// split. The Hub names a converted file "<config>/<split>/0000.parquet", and the
// adapters take the split from the file's own name ("main-test.parquet", the
// registry's documented Hub layout), so each Parquet file gets a symlink named
// "<config>-<split>.parquet" ("<config>-<split>-0000.parquet" when the split has
// several shards) in LinksDir/<source>/<commit>/, pointing at its snapshot entry.
// The Hub cache itself stays exactly huggingface_hub's. Repository files keep their
// own names and are returned as they are.
func (c *Client) Links(files []File) ([]string, error) {
	shards := map[string]int{}
	for _, f := range files {
		if f.Config != "" {
			shards[f.Source+"\x00"+f.Split]++
		}
	}
	var out []string
	for _, f := range files {
		if f.Config == "" {
			out = append(out, f.Local)
			continue
		}
		if c.opt.LinksDir == "" {
			return nil, fmt.Errorf("no directory for the Parquet files' links: set %s", LinksEnv)
		}
		name := linkName(f, shards[f.Source+"\x00"+f.Split] > 1)
		link := filepath.Join(c.opt.LinksDir, f.Source, f.Commit, name)
		target, err := filepath.Abs(f.Local)
		if err != nil {
			return nil, err
		}
		if cur, err := os.Readlink(link); err != nil || cur != target {
			if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
				return nil, diskErr(link, err)
			}
			tmp := link + tmpSuffix()
			os.Remove(tmp)
			if err := os.Symlink(target, tmp); err != nil {
				return nil, diskErr(link, err)
			}
			if err := os.Rename(tmp, link); err != nil {
				return nil, diskErr(link, err)
			}
		}
		out = append(out, link)
	}
	return out, nil
}

// linkName is the adapter-readable name of a Parquet file. A config whose name holds
// a split word ("test_x") would mislead the adapter, so the split alone names it.
func linkName(f File, sharded bool) string {
	name := f.Config + "-" + f.Split
	switch f.Split {
	case source.Train, source.Validation, source.Test:
		if source.SplitFromName(name+".parquet") != f.Split {
			name = f.Split
		}
	}
	if sharded {
		name += "-" + strings.TrimSuffix(filepath.Base(f.Path), ".parquet")
	}
	return name + ".parquet"
}
