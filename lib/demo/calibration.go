package demo

// Calibration is the typical length of one source's records, in o200k_base tokens of
// the converted record (the question as the adapter renders it, prompt and options
// included, and the answer). The stand-ins are generated to these means; the tests
// check that every stand-in's mean question and answer lengths are within ±25%.
type Calibration struct {
	Source string
	// Records is how many real records were measured (0 for an estimate).
	Records int
	// Question and Answer are mean lengths; AnswerMedian and QuestionMedian medians.
	// Answer statistics are over records that have an answer.
	Question, Answer             float64
	QuestionMedian, AnswerMedian int
	// Basis says what the figures rest on.
	Basis string
}

// measured is the basis of figures measured by TestPrintCalibration (go test
// ./lib/demo -run TestPrintCalibration -calibrate) on ../shared/datasets, release
// layouts converted by lib/source.
const measured = "measured on ../shared/datasets"

// Calibrations are the per-source lengths, in the plan's order. Three sources have
// no real records in ../shared/datasets (its README: MetaMathQA and Natural
// Instructions missing, CodeSearchNet without its corpus); their figures are
// estimates, said so in Basis, and the tests hold the stand-ins to them all the same.
var Calibrations = []Calibration{
	{"codesearchnet", 0, 60, 180, 0, 0, "estimate: no corpus files; a one-to-three-sentence docstring after the 15-token request, and a function of about HumanEval's solution size (185)"},
	{"humaneval", 164, 160.1, 185.3, 146, 167, measured + " (HumanEval.jsonl.gz, all 164)"},
	{"mbpp", 974, 111.1, 57.7, 89, 44, measured + " (mbpp.jsonl, all 974)"},
	{"gsm8k", 1319, 58.5, 79.4, 55, 73, measured + " (test.jsonl)"},
	{"math", 640, 67.3, 207.1, 49, 152, measured + " (the 140-problem tree and MATH-500)"},
	{"metamathqa", 0, 61.9, 134, 0, 0, "estimate: no files; MetaMathQA rewrites GSM8K (61%) and MATH (39%) training problems, so the GSM8K and MATH means weighted so, plus the closing \"The answer is: X\" line"},
	{"mmlu", 1236, 72.9, 8.5, 61, 6, measured + " (57 dev and 5 test subject CSVs)"},
	{"arc_challenge", 7, 76.4, 6.9, 69, 7, measured + " (7 records: a small sample)"},
	{"hellaswag", 6, 83.3, 11.5, 84, 12, measured + " (6 records, 4 with labels: a small sample)"},
	{"squad_v2", 626, 153.7, 7.5, 142, 11, measured + " (2 dev articles; 53% unanswerable, whose answer is the 11-token abstention)"},
	{"drop", 7, 231.3, 2.1, 233, 2, measured + " (7 questions on 2 passages: a small sample)"},
	{"coqa", 32, 456.7, 3.9, 450, 3, measured + " (2 stories, 32 turns: a small sample)"},
	{"toolbench", 6, 177.0, 59.0, 79, 59, measured + " (data_example: 6 queries, 1 answered)"},
	{"gorilla", 186, 24.5, 118.0, 24, 116, measured + " (torchhub_eval.json)"},
	{"commonsense_qa", 1221, 37.2, 3.6, 36, 4, measured + " (dev_rand_split.jsonl)"},
	{"piqa", 1838, 66.2, 24.2, 52, 16, measured + " (valid.jsonl)"},
	{"cnn_dailymail", 20, 826.4, 48.9, 898, 51, measured + " (20 CNN stories)"},
	{"xsum", 20, 408.0, 24.7, 330, 25, measured + " (20 extraction-stage articles)"},
	{"natural_instructions", 0, 170, 15, 0, 0, "estimate: no task files; a task definition of 50-100 words plus one instance input (a sentence to a paragraph), and outputs that are mostly labels or one sentence"},
	{"alpaca", 100, 15.6, 63.6, 13, 51, measured + " (alpaca_tiny.json)"},
}

// CalibrationOf returns a source's calibration.
func CalibrationOf(sourceName string) (Calibration, bool) {
	for _, c := range Calibrations {
		if c.Source == sourceName {
			return c, true
		}
	}
	return Calibration{}, false
}
