package source

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"qmix/lib/format"
	"qmix/lib/record"
)

func TestGorillaReal(t *testing.T) {
	layouts := map[string][]record.Record{}
	for _, layout := range []string{"gorilla-apibench/torchhub_eval.json", "gorilla-apibench/hub/default-test.parquet"} {
		t.Run(layout, func(t *testing.T) {
			recs := convertShared(t, "gorilla", layout)
			layouts[layout] = recs
			if len(recs) != 186 {
				t.Fatalf("got %d records, want 186", len(recs))
			}
			checkRecords(t, recs, []want{
				{"gorilla/test/torchhub_0", "What is an API that can be used to classify sports activities in videos?",
					"{'domain': 'Video Classification', 'api_call': 'model = torch.hub.load('facebookresearch/pytorchvideo', 'slow_r50'",
					"torch.hub.load(repo_or_dir='facebookresearch/pytorchvideo', model='slow_r50', pretrained=True)"},
				{"gorilla/test/torchhub_5", "Developers of a Virtual Reality event want to create a realistic digital crowd.",
					"{'domain': 'Image Generation', 'api_call': \"model = torch.hub.load('facebookresearch/pytorch_GAN_zoo:hub', 'PGAN'",
					"torch.hub.load(repo_or_dir='facebookresearch/pytorch_GAN_zoo:hub', model='PGAN', pretrained=True)"},
				// One of the three instructions with an "###Input:" part.
				{"gorilla/test/torchhub_88", "Find the species of an animal in a given photo using an API.\n\nInput: \"zebra.jpg\"",
					"{'domain': 'Classification', 'api_call': ", "torch.hub.load(repo_or_dir='pytorch/vision', model='wide_resnet50_2', pretrained=True)"},
			})
			for _, r := range recs {
				if r.Domain != record.ToolUse || r.Difficulty != record.Easy || r.License != "Apache-2.0" {
					t.Errorf("%s: domain/difficulty/license = %s/%s/%s", r.ID, r.Domain, r.Difficulty, r.License)
				}
				if strings.Contains(r.Question, "###") || strings.Contains(r.Answer, "###") || r.FinalAnswer() == "" {
					t.Errorf("%s: markers left or no final answer", r.ID)
				}
				if r.Meta["provider"] != "PyTorch" || r.Meta["api_hub"] != "torchhub" || r.Meta["api_name"] == nil || r.Meta["api_domain"] == nil {
					t.Errorf("%s: meta %v", r.ID, r.Meta)
				}
			}
			r := byID(recs)["gorilla/test/torchhub_0"]
			if r.Meta["api_name"] != "slow_r50" || r.Meta["api_domain"] != "Video Classification" || r.Meta["functionality"] != "3D ResNet" {
				t.Errorf("torchhub_0 meta %v", r.Meta)
			}
		})
	}
	gorillaSameRecords(t, layouts["gorilla-apibench/torchhub_eval.json"], layouts["gorilla-apibench/hub/default-test.parquet"], 186)
}

// gorillaSameRecords checks that two layouts gave the same records, in full.
func gorillaSameRecords(t *testing.T, a, b []record.Record, n int) {
	t.Helper()
	if len(a) != n || len(b) != n {
		t.Fatalf("layouts gave %d and %d records, want %d", len(a), len(b), n)
	}
	for i := range a {
		if !reflect.DeepEqual(a[i], b[i]) {
			t.Errorf("record %d differs between layouts:\n%+v\n%+v", i, a[i], b[i])
		}
	}
}

// gorillaHubRow is the Hub-style layout: the four fields as optional strings.
type gorillaHubRow struct {
	Code     *string `parquet:"code"`
	APICall  *string `parquet:"api_call"`
	Provider *string `parquet:"provider"`
	APIData  *string `parquet:"api_data"`
}

// gorillaHubFixture writes the rows of a JSONL fixture as the Hub-style parquet, with
// api_data as the object's JSON text sliced from the line; edit may change rows.
func gorillaHubFixture(t *testing.T, jsonl string, edit func([]gorillaHubRow)) string {
	t.Helper()
	f, err := os.Open(jsonl)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []gorillaHubRow
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(sc.Bytes(), &raw); err != nil {
			t.Fatal(err)
		}
		str := func(k string) *string {
			var s string
			if err := json.Unmarshal(raw[k], &s); err != nil {
				t.Fatal(err)
			}
			return &s
		}
		data := string(raw["api_data"])
		rows = append(rows, gorillaHubRow{str("code"), str("api_call"), str("provider"), &data})
	}
	if edit != nil {
		edit(rows)
	}
	path := filepath.Join(t.TempDir(), "default-test.parquet")
	if err := parquet.WriteFile(path, rows); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestGorillaFixtures(t *testing.T) {
	dir := filepath.Join("testdata", "gorilla")
	native := filepath.Join(dir, "torchhub_eval.json")
	tests := []struct {
		name string
		path string
		ids  []string
	}{
		{"JSON Lines named .json", native, []string{"gorilla/test/torchhub_0", "gorilla/test/torchhub_1"}},
		{"a JSON array is read too", filepath.Join(dir, "array_eval.json"), []string{"gorilla/test/torchhub_0", "gorilla/test/torchhub_1"}},
		{"ids count rows per API hub", filepath.Join(dir, "mixed_eval.json"),
			[]string{"gorilla/test/torchhub_0", "gorilla/test/tensorflow_0", "gorilla/test/torchhub_1", "gorilla/test/torchhub_2"}},
		{"Hub-style parquet", gorillaHubFixture(t, native, nil), []string{"gorilla/test/torchhub_0", "gorilla/test/torchhub_1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, err := ConvertAll("gorilla", []string{tt.path}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, r := range recs {
				ids = append(ids, r.ID)
			}
			if !reflect.DeepEqual(ids, tt.ids) {
				t.Fatalf("ids %v, want %v", ids, tt.ids)
			}
			r := recs[0]
			if r.Question != "Suggest a pretrained model that labels the kind of bird in a photo." ||
				!strings.HasPrefix(r.Answer, "{'domain': 'Image Classification', 'api_call': \"model = torch.hub.load(") ||
				!strings.HasSuffix(r.Answer, "pretrained=True)'}") ||
				r.FinalAnswer() != "torch.hub.load(repo_or_dir='example/birdnets', model='birdnet_s', pretrained=True)" {
				t.Errorf("first record %+v", r)
			}
			wantMeta := map[string]any{"final_answer": r.FinalAnswer(), "provider": "PyTorch", "api_hub": "torchhub",
				"api_domain": "Image Classification", "api_name": "birdnet_s", "functionality": "Bird Classification", "framework": "PyTorch"}
			if !reflect.DeepEqual(r.Meta, wantMeta) {
				t.Errorf("meta %v\nwant %v", r.Meta, wantMeta)
			}
		})
	}
	mixed, _ := ConvertAll("gorilla", []string{filepath.Join(dir, "mixed_eval.json")}, Options{})
	if q := mixed[3].Question; q != "Tell which kind of bird is in the photo.\n\nInput: \"heron.jpg\"" {
		t.Errorf("question with an input part: %q", q)
	}
	a, _ := ConvertAll("gorilla", []string{native}, Options{})
	b, _ := ConvertAll("gorilla", []string{gorillaHubFixture(t, native, nil)}, Options{})
	gorillaSameRecords(t, a, b, 2)
}

func TestGorillaBadInput(t *testing.T) {
	bad := filepath.Join("testdata", "gorilla", "bad")
	native := filepath.Join("testdata", "gorilla", "torchhub_eval.json")
	tests := []struct {
		name    string
		path    string
		wantErr error
		field   string
		row     bool // positioned at the second row (line 2, or parquet row 1)
	}{
		{"api_call is a number", filepath.Join(bad, "type_eval.json"), format.ErrType, "api_call", true},
		{"no code", filepath.Join(bad, "missing_eval.json"), format.ErrMissing, "code", true},
		{"no ###Output", filepath.Join(bad, "nooutput_eval.json"), format.ErrValue, "code", true},
		{"unknown provider", filepath.Join(bad, "provider_eval.json"), format.ErrValue, "provider", true},
		{"api_data as text in the JSON layout", filepath.Join(bad, "apidata_eval.json"), format.ErrType, "api_data", true},
		{"api_name is a list", filepath.Join(bad, "apiname_eval.json"), format.ErrType, "api_data.api_name", true},
		{"no split in the file name", filepath.Join(bad, "torchhub_api.json"), format.ErrValue, "", false},
		{"parquet api_data not JSON", gorillaHubFixture(t, native, func(r []gorillaHubRow) {
			s := "{'domain': 'python dict'}"
			r[1].APIData = &s
		}), format.ErrSyntax, "api_data", true},
		{"parquet null api_call", gorillaHubFixture(t, native, func(r []gorillaHubRow) { r[1].APICall = nil }), format.ErrMissing, "api_call", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ConvertAll("gorilla", []string{tt.path}, Options{})
			var re *format.RowError
			if !errors.Is(err, tt.wantErr) || !errors.As(err, &re) {
				t.Fatalf("err = %v, want a RowError wrapping %v", err, tt.wantErr)
			}
			if re.Field != tt.field || re.Pos.File == "" {
				t.Errorf("error field %q, want %q: %v", re.Field, tt.field, err)
			}
			if tt.row && re.Pos.Line != 2 && re.Pos.Row != 1 {
				t.Errorf("error at %+v, want the second row: %v", re.Pos, err)
			}
			if !tt.row {
				return
			}
			var skipped int
			recs, err := ConvertAll("gorilla", []string{tt.path}, Options{Lenient: true, Skip: func(*format.RowError) { skipped++ }})
			if err != nil || len(recs) != 1 || skipped != 1 {
				t.Errorf("lenient: %d records, %d skipped, err %v", len(recs), skipped, err)
			}
		})
	}
}

// FuzzGorilla feeds arbitrary bytes to the adapter as an APIBench file.
func FuzzGorilla(f *testing.F) {
	// Compact seeds: the engine minimizes every new input, which takes long from the
	// kilobyte lines of the fixtures.
	f.Add([]byte(`{"code":"###Instruction: q\n###Output: {'a': 'b'}","api_call":"c","provider":"PyTorch","api_data":{"domain":"d","api_name":"n"}}` + "\n" +
		`{"code":"###Instruction: q\n###Input: i\n###Output: o","api_call":"c","provider":"TensorFlow Hub","api_data":{}}`))
	f.Add([]byte(`[{"code":"###Instruction: q ###Output: o","api_call":"c","provider":"Hugging Face","api_data":{"functionality":1}}]`))
	f.Add([]byte(`{"code":"###Output: x ###Instruction: y","api_call":"c","provider":"PyTorch","api_data":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "torchhub_eval.json")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		toolbenchFuzzConvert(t, "gorilla", path)
	})
}
