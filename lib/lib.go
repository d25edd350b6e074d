// Package lib is the facade scripts, the prompt and the notebooks use: flat,
// non-generic functions over Gota dataframes, so that an interpreted Go script can
// call every verb without implementing an interface. Heavy work happens in the
// packages below lib (format, record, token, source, frame); lib only wires them.
package lib

import (
	"fmt"
	"io"
	"strings"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"qmix/lib/format"
	"qmix/lib/frame"
	"qmix/lib/record"
	"qmix/lib/source"
	"qmix/lib/token"
)

// Sources returns the source registry as a frame: name, title, domain, Hub id,
// config, formats, license and the default-difficulty rule.
func Sources() dataframe.DataFrame {
	var name, title, domain, hub, config, formats, license, difficulty []string
	for _, a := range source.All() {
		name = append(name, a.Name)
		title = append(title, a.Title)
		domain = append(domain, a.Domain)
		hub = append(hub, a.HubID)
		config = append(config, a.HubConfig)
		formats = append(formats, strings.Join(a.Formats, "; "))
		license = append(license, a.License)
		difficulty = append(difficulty, a.Difficulty)
	}
	return dataframe.New(
		series.New(name, series.String, "name"),
		series.New(title, series.String, "title"),
		series.New(domain, series.String, "domain"),
		series.New(hub, series.String, "hub_id"),
		series.New(config, series.String, "hub_config"),
		series.New(formats, series.String, "formats"),
		series.New(license, series.String, "license"),
		series.New(difficulty, series.String, "difficulty_rule"),
	)
}

// Convert reads files of a public source (a file, a directory or a glob per path, in
// the source's release layout or the Hub's parquet) and returns its records as a
// frame. It stops at the first bad row with an error naming file, line and field.
func Convert(sourceName string, paths ...string) (dataframe.DataFrame, error) {
	recs, err := source.ConvertAll(sourceName, paths, source.Options{})
	if err != nil {
		return dataframe.DataFrame{}, err
	}
	return frame.FromRecords(recs)
}

// ConvertLenient is Convert that skips bad rows; the second frame lists each skipped
// row (file, line, row group, row, field, reason), so nothing is dropped silently.
func ConvertLenient(sourceName string, paths ...string) (dataframe.DataFrame, dataframe.DataFrame, error) {
	var skipped []*format.RowError
	recs, err := source.ConvertAll(sourceName, paths, source.Options{Lenient: true,
		Skip: func(e *format.RowError) { skipped = append(skipped, e) }})
	if err != nil {
		return dataframe.DataFrame{}, dataframe.DataFrame{}, err
	}
	df, err := frame.FromRecords(recs)
	if err != nil {
		return dataframe.DataFrame{}, dataframe.DataFrame{}, err
	}
	return df, SkippedFrame(skipped), nil
}

// SkippedFrame renders skipped rows as a frame.
func SkippedFrame(errs []*format.RowError) dataframe.DataFrame {
	var file, field, reason []string
	var line, group, row []int
	for _, e := range errs {
		file = append(file, e.Pos.File)
		line = append(line, e.Pos.Line)
		group = append(group, e.Pos.RowGroup)
		row = append(row, e.Pos.Row)
		field = append(field, e.Field)
		reason = append(reason, e.Err.Error())
	}
	return dataframe.New(
		series.New(file, series.String, "file"),
		series.New(line, series.Int, "line"),
		series.New(group, series.Int, "row_group"),
		series.New(row, series.Int, "row"),
		series.New(field, series.String, "field"),
		series.New(reason, series.String, "reason"),
	)
}

// Load reads schema JSONL files (gzip allowed) into one frame, strictly: ids must be
// unique across all files. Records without token counts get them counted.
func Load(paths ...string) (dataframe.DataFrame, error) {
	var recs []record.Record
	var rd record.Reader
	for _, p := range paths {
		files, err := format.Files(p, func(n string) bool { return format.Ext(n) == ".jsonl" })
		if err != nil {
			return dataframe.DataFrame{}, err
		}
		for _, f := range files {
			if err := rd.EachFile(f, func(r record.Record) error {
				recs = append(recs, r)
				return nil
			}); err != nil {
				return dataframe.DataFrame{}, err
			}
		}
	}
	return frame.FromRecords(recs)
}

// Save writes a records frame to path as schema JSONL, atomically. Every record is
// checked on the way out.
func Save(df dataframe.DataFrame, path string) error {
	recs, err := frame.ToRecords(df)
	if err != nil {
		return err
	}
	return record.WriteFile(path, recs)
}

// Write writes a records frame as schema JSONL to w.
func Write(df dataframe.DataFrame, w io.Writer) error {
	recs, err := frame.ToRecords(df)
	if err != nil {
		return err
	}
	rw := record.NewWriter(w)
	for _, r := range recs {
		if err := rw.Write(r); err != nil {
			return err
		}
	}
	return rw.Flush()
}

// Tokens counts the o200k_base tokens of text, as tiktoken does.
func Tokens(text string) (int, error) {
	c, err := token.Default()
	if err != nil {
		return 0, err
	}
	return c.Count(text), nil
}

// Domains lists the eight domains in the plan's order.
func Domains() []string { return append([]string(nil), record.Domains...) }

// Describe is a one-line summary of a records frame: rows, tokens, domains.
func Describe(df dataframe.DataFrame) (string, error) {
	recs, err := frame.ToRecords(df)
	if err != nil {
		return "", err
	}
	byDomain := map[string]int{}
	total := 0
	for _, r := range recs {
		byDomain[r.Domain]++
		total += r.TotalTokens()
	}
	var parts []string
	for _, d := range record.Domains {
		if n := byDomain[d]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", d, n))
		}
	}
	return fmt.Sprintf("%d records, %d tokens (%s)", len(recs), total, strings.Join(parts, ", ")), nil
}
