package frame

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"
	"testing/quick"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"qmix/lib/record"
)

// awkward strings that dataframes and CSV-minded code like to mangle.
var awkward = []string{"", "NaN", "nan", "NA", "true", "0", "1e3", " padded ", "line\nbreak", "tab\there",
	"quote \" and , comma", "émoji 🧪 and 中文", "<b>html</b> & amp", "\\boxed{\\frac{1}{2}}", "null"}

func randString(r *rand.Rand) string {
	if r.Intn(3) == 0 {
		return awkward[r.Intn(len(awkward))]
	}
	b := make([]rune, r.Intn(40))
	for i := range b {
		b[i] = rune(32 + r.Intn(0x2000))
	}
	return string(b)
}

func randMeta(r *rand.Rand) map[string]any {
	m := map[string]any{}
	for i := r.Intn(5); i > 0; i-- {
		switch r.Intn(5) {
		case 0:
			m[randString(r)] = randString(r)
		case 1:
			m["level"] = r.Intn(1000) - 500
		case 2:
			m["choices"] = []string{randString(r), randString(r)}
		case 3:
			m["nested"] = map[string]any{"x": []any{1.5, true, nil, "s"}}
		case 4:
			m["big"] = int64(1) << 60
		}
	}
	return m
}

func randRecord(r *rand.Rand, i int) record.Record {
	return record.Record{
		ID: "src/test/" + randString(r) + string(rune('a'+i%26)), Question: randString(r), Answer: randString(r),
		Domain: record.Domains[r.Intn(len(record.Domains))], Difficulty: []string{record.Easy, record.Hard}[r.Intn(2)],
		Source: randString(r), SourceID: randString(r), License: randString(r),
		Tokens: record.Tokens{Question: r.Intn(5000), Answer: r.Intn(5000)}, Meta: randMeta(r),
	}
}

func encode(t *testing.T, recs []record.Record) []byte {
	var buf bytes.Buffer
	w := record.NewWriter(&buf)
	for _, r := range recs {
		if r.Question == "" {
			r.Question = "q" // Writer refuses empty questions; both sides get the same fix
		}
		if err := w.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	return buf.Bytes()
}

// TestRoundTripProperty: for random record sets, Records → DataFrame → Records gives
// records whose JSONL encoding is byte-identical to the original's.
func TestRoundTripProperty(t *testing.T) {
	prop := func(seed int64, size uint8) bool {
		r := rand.New(rand.NewSource(seed))
		recs := make([]record.Record, int(size)%50)
		for i := range recs {
			recs[i] = randRecord(r, i)
		}
		df, err := FromRecords(recs)
		if err != nil {
			t.Log(err)
			return false
		}
		if df.Nrow() != len(recs) {
			return false
		}
		back, err := ToRecords(df)
		if err != nil {
			t.Log(err)
			return false
		}
		return bytes.Equal(encode(t, recs), encode(t, back))
	}
	if err := quick.Check(prop, &quick.Config{MaxCount: 300, Rand: rand.New(rand.NewSource(1))}); err != nil {
		t.Fatal(err)
	}
}

func TestFromRecordsColumns(t *testing.T) {
	df, err := FromRecords([]record.Record{{ID: "a", Question: "q", Domain: "math", Difficulty: "easy",
		Tokens: record.Tokens{Question: 3, Answer: 4}}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(df.Names(), ",") != strings.Join(Columns, ",") {
		t.Errorf("columns %v, want %v", df.Names(), Columns)
	}
	for _, c := range []string{ColQuestionTokens, ColAnswerTokens, ColTokens} {
		if df.Col(c).Type() != series.Int {
			t.Errorf("column %s is %s, want int", c, df.Col(c).Type())
		}
	}
	if got := df.Col(ColTokens).Elem(0).Float(); got != 7 {
		t.Errorf("tokens = %v, want 7", got)
	}
}

func TestToRecordsErrors(t *testing.T) {
	tests := []struct {
		name string
		df   dataframe.DataFrame
		want string
	}{
		{"no id column", dataframe.New(series.New([]string{"q"}, series.String, ColQuestion)), `no "id" column`},
		{"token not integer", dataframe.New(
			series.New([]string{"a"}, series.String, ColID),
			series.New([]string{"q"}, series.String, ColQuestion),
			series.New([]string{"abc"}, series.String, ColQuestionTokens)), `row 0 column "question_tokens"`},
		{"meta not object", dataframe.New(
			series.New([]string{"a"}, series.String, ColID),
			series.New([]string{"q"}, series.String, ColQuestion),
			series.New([]string{"[1]"}, series.String, ColMeta)), `row 0 column "meta"`},
		{"id not string", dataframe.New(
			series.New([]int{1}, series.Int, ColID),
			series.New([]string{"q"}, series.String, ColQuestion)), `column "id" is int`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ToRecords(tt.df)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %s", err, tt.want)
			}
		})
	}
}
