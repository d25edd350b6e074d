package demo

import (
	"flag"
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"testing"

	"qmix/lib/record"
	"qmix/lib/source"
)

var calibrate = flag.Bool("calibrate", false, "print the calibration table measured on ../shared/datasets")

// realFiles are the real release files each source is calibrated on (relative to
// ../shared/datasets), as sets converted together; sources without real files have
// none.
var realFiles = map[string][][]string{
	"humaneval":      {{"humaneval/HumanEval.jsonl.gz"}},
	"mbpp":           {{"mbpp/mbpp.jsonl"}},
	"gsm8k":          {{"gsm8k/test.jsonl"}},
	"math":           {{"math/MATH"}, {"math/prm800k_math_splits_test.jsonl"}},
	"mmlu":           {{"mmlu/data"}},
	"arc_challenge":  {{"arc-challenge/ARC-Challenge-Train.jsonl", "arc-challenge/ARC-Challenge-Dev.jsonl", "arc-challenge/ARC-Challenge-Test.jsonl"}},
	"hellaswag":      {{"hellaswag/hellaswag_train.jsonl", "hellaswag/hellaswag_val.jsonl", "hellaswag/hellaswag_test.jsonl"}},
	"squad_v2":       {{"squad-v2/dev-v2.0.first-2-articles.json"}},
	"drop":           {{"drop/drop_dataset_dev.json", "drop/drop_dataset_train.json"}},
	"coqa":           {{"coqa/coqa-dev-v1.0.json", "coqa/coqa-train-v1.0.json"}},
	"toolbench":      {{"toolbench/data_example"}},
	"gorilla":        {{"gorilla-apibench/torchhub_eval.json"}},
	"commonsense_qa": {{"commonsenseqa/dev_rand_split.jsonl"}},
	"piqa":           {{"piqa/valid.jsonl"}},
	"cnn_dailymail":  {{"cnn-dailymail/cnn_stories"}},
	"xsum":           {{"xsum/xsum-extracts-from-downloads"}},
	"alpaca":         {{"alpaca/alpaca_tiny.json"}},
}

// lengthStats are a source's measured lengths.
type lengthStats struct {
	n, answered   int
	q, a          float64
	qMedian, aMed int
}

func measure(recs []record.Record) lengthStats {
	var q, a []int
	for _, r := range recs {
		q = append(q, r.Tokens.Question)
		if r.Answer != "" {
			a = append(a, r.Tokens.Answer)
		}
	}
	return lengthStats{n: len(recs), answered: len(a), q: mean(q), a: mean(a), qMedian: median(q), aMed: median(a)}
}

// TestCalibration measures the real files and checks that calibration.go holds
// their figures (rounded to 0.1); with -calibrate it prints them as table rows.
// When an adapter's rendering changes, this test says to re-run the measurement.
func TestCalibration(t *testing.T) {
	dir := sharedDir(t)
	for _, name := range source.Names() {
		cal, ok := CalibrationOf(name)
		if !ok {
			t.Errorf("%s: no calibration", name)
			continue
		}
		sets, ok := realFiles[name]
		if !ok {
			if cal.Records != 0 {
				t.Errorf("%s: calibration says %d records measured, but the source has no real files", name, cal.Records)
			}
			if *calibrate {
				fmt.Printf("%-22s no real files: estimate q %.1f a %.1f\n", name, cal.Question, cal.Answer)
			}
			continue
		}
		var recs []record.Record
		for _, rel := range sets {
			var paths []string
			for _, r := range rel {
				paths = append(paths, filepath.Join(dir, r))
			}
			got, err := source.ConvertAll(name, paths, source.Options{})
			if err != nil {
				t.Fatal(err)
			}
			recs = append(recs, got...)
		}
		m := measure(recs)
		if *calibrate {
			fmt.Printf("{%q, %d, %.1f, %.1f, %d, %d, measured},  // answered %d\n", name, m.n, m.q, m.a, m.qMedian, m.aMed, m.answered)
		}
		if m.n != cal.Records || math.Abs(m.q-cal.Question) > 0.051 || math.Abs(m.a-cal.Answer) > 0.051 ||
			m.qMedian != cal.QuestionMedian || m.aMed != cal.AnswerMedian {
			t.Errorf("%s: measured n=%d question %.1f (median %d) answer %.1f (median %d); calibration.go has n=%d %.1f (%d) %.1f (%d): re-run with -calibrate",
				name, m.n, m.q, m.qMedian, m.a, m.aMed, cal.Records, cal.Question, cal.QuestionMedian, cal.Answer, cal.AnswerMedian)
		}
	}
}

func mean(x []int) float64 {
	if len(x) == 0 {
		return 0
	}
	s := 0
	for _, v := range x {
		s += v
	}
	return float64(s) / float64(len(x))
}

func median(x []int) int {
	if len(x) == 0 {
		return 0
	}
	y := append([]int(nil), x...)
	sort.Ints(y)
	return y[len(y)/2]
}
