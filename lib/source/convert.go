package source

import (
	"fmt"

	"qmix/lib/format"
	"qmix/lib/internal/stop"
	"qmix/lib/record"
	"qmix/lib/token"
)

// Options control a conversion.
type Options struct {
	// Lenient skips bad rows instead of failing on the first; each is passed to Skip.
	Lenient bool
	Skip    func(*format.RowError)
	// Counter counts tokens; nil means token.Default() (o200k_base).
	Counter *token.Counter
	// Split, when set, replaces the split in every record's id: "demo" marks the
	// generated stand-ins of the embedded default, so that no demo record can pass
	// for a real one ("gsm8k/demo/17").
	Split string
}

// convertBatch bounds how many records wait for parallel token counting.
const convertBatch = 1024

// Convert reads every path with the named source's adapter and passes each record,
// with its token counts, to fn in input order. Ids must be unique across all paths.
func Convert(name string, paths []string, opt Options, fn func(record.Record) error) error {
	a, err := Lookup(name)
	if err != nil {
		return err
	}
	if opt.Lenient && opt.Skip == nil {
		return fmt.Errorf("source: lenient mode needs Options.Skip to report skipped rows")
	}
	counter := opt.Counter
	if counter == nil {
		if counter, err = token.Default(); err != nil {
			return err
		}
	}
	seen := map[string]string{}
	var batch []record.Record
	emitted := 0
	flush := func() error {
		texts := make([]string, 0, 2*len(batch))
		for _, r := range batch {
			texts = append(texts, r.Question, r.Answer)
		}
		n := counter.CountAll(texts)
		for i := range batch {
			batch[i].Tokens = record.Tokens{Question: n[2*i], Answer: n[2*i+1]}
			if err := fn(batch[i]); err != nil {
				return err
			}
		}
		batch = batch[:0]
		return nil
	}
	for _, path := range paths {
		e := &Emitter{adapter: a, opt: format.Options{Lenient: opt.Lenient, Skip: opt.Skip}, split: opt.Split}
		e.emit = func(pos format.Position, r record.Record) error {
			if emitted++; emitted%stop.Every == 0 {
				if err := stop.Err(); err != nil {
					return fmt.Errorf("stopped at %s line %d after %d records: %w", pos.File, pos.Line, emitted-1, err)
				}
			}
			if first, dup := seen[r.ID]; dup {
				hint := ""
				if IsParquet(first) != IsParquet(pos.File) {
					hint = " (are the release files and the Hub parquet of the same split both given? convert one layout)"
				}
				return &format.RowError{Pos: pos, Field: "id", Value: r.ID,
					Err: fmt.Errorf("%w: first produced from %s%s", format.ErrDuplicate, first, hint)}
			}
			seen[r.ID] = pos.File
			batch = append(batch, r)
			if len(batch) >= convertBatch {
				return flush()
			}
			return nil
		}
		if err := a.Convert(path, e); err != nil {
			return fmt.Errorf("%s: %w", a.Name, err)
		}
	}
	if err := flush(); err != nil {
		return err
	}
	// Persist new counts so that the next run does not re-tokenize.
	return counter.Save()
}

// ConvertAll is Convert collecting the records in a slice.
func ConvertAll(name string, paths []string, opt Options) ([]record.Record, error) {
	var out []record.Record
	err := Convert(name, paths, opt, func(r record.Record) error {
		out = append(out, r)
		return nil
	})
	return out, err
}
