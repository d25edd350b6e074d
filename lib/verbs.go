package lib

import (
	"github.com/go-gota/gota/dataframe"

	"qmix/lib/balance"
	"qmix/lib/dedup"
	"qmix/lib/frame"
	"qmix/lib/label"
	"qmix/lib/record"
)

// Dedup removes exact and near duplicates from df, keep-first in row order, within
// df and against the reference frames (whose rows are never dropped). It returns
// the kept rows and one row per dropped record (id, stage, reason, duplicate_of,
// similarity, detail), and a one-line summary.
func Dedup(df dataframe.DataFrame, opt DedupOptions, against ...dataframe.DataFrame) (kept, drops dataframe.DataFrame, summary string, err error) {
	recs, err := frame.ToRecords(df)
	if err != nil {
		return kept, drops, "", err
	}
	var ref []record.Record
	for _, a := range against {
		r, err := frame.ToRecords(a)
		if err != nil {
			return kept, drops, "", err
		}
		ref = append(ref, r...)
	}
	k, ds, stats, err := dedup.Run(ref, recs, opt)
	if err != nil {
		return kept, drops, "", err
	}
	summary = "dedup: " + stats.String()
	kept, drops, _, err = keptAndDrops(k, ds, summary)
	return kept, drops, summary, err
}

// Relabel marks easy rows whose complexity score is above opt.HardAbove as hard
// (see package label) and returns the relabelled frame and a per-source table of
// what changed.
func Relabel(df dataframe.DataFrame, opt RelabelOptions) (dataframe.DataFrame, string, error) {
	recs, err := frame.ToRecords(df)
	if err != nil {
		return dataframe.DataFrame{}, "", err
	}
	out, rep, err := label.RelabelStoppable(recs, opt)
	if err != nil {
		return dataframe.DataFrame{}, "", err
	}
	res, err := frame.FromRecords(out)
	return res, rep.String(), err
}

// Balance selects rows to fill the per-domain quotas at the token balance (see
// package balance); drops lists the rows left out, as trimmed.
func Balance(df dataframe.DataFrame, opt BalanceOptions) (kept, drops dataframe.DataFrame, err error) {
	recs, err := frame.ToRecords(df)
	if err != nil {
		return kept, drops, err
	}
	k, ds, _, err := balance.Balance(recs, opt)
	if err != nil {
		return kept, drops, err
	}
	kept, drops, _, err = keptAndDrops(k, ds, "")
	return kept, drops, err
}

// Sample takes n rows, stratified by domain, source and difficulty, seeded.
func Sample(df dataframe.DataFrame, n int, seed int64) (dataframe.DataFrame, error) {
	recs, err := frame.ToRecords(df)
	if err != nil {
		return dataframe.DataFrame{}, err
	}
	taken, _ := balance.Sample(recs, n, seed)
	return frame.FromRecords(taken)
}

// Shuffle orders the rows so that domains are mixed in every batch of 64, seeded.
func Shuffle(df dataframe.DataFrame, seed int64) (dataframe.DataFrame, error) {
	recs, err := frame.ToRecords(df)
	if err != nil {
		return dataframe.DataFrame{}, err
	}
	return frame.FromRecords(balance.Shuffle(recs, seed))
}
