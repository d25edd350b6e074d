package chart

import (
	"bytes"
	"flag"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qmix/lib/record"
	"qmix/lib/stats"
)

var (
	update = flag.Bool("update", false, "rewrite the golden SVGs in testdata")
	pngDir = flag.String("png", "", "also write each golden chart as PNG into this directory, to look at")
)

// Fixed inputs of the golden charts, shaped like a real build: eight domains of
// 7,500 after balancing, a big existing share, a few public sources each.
var (
	before = stats.DomainCounts{{Domain: "coding", Records: 9398}, {Domain: "math", Records: 10459},
		{Domain: "tool_use", Records: 9751}, {Domain: "reasoning", Records: 10626}, {Domain: "reading", Records: 8832},
		{Domain: "summarization", Records: 9758}, {Domain: "common_sense", Records: 9768},
		{Domain: "instruction", Records: 11304}}
	after = stats.DomainCounts{final("coding", 6857, 643), final("math", 6777, 723), final("tool_use", 7100, 400),
		final("reasoning", 7093, 407), final("reading", 7417, 83), final("summarization", 7417, 83),
		final("common_sense", 7417, 83), final("instruction", 6603, 897)}
	sources = stats.SourceCounts{
		{Domain: "coding", Source: "codesearchnet", Records: 500}, {Domain: "coding", Source: "existing", Records: 6861},
		{Domain: "coding", Source: "humaneval", Records: 20}, {Domain: "coding", Source: "mbpp", Records: 119},
		{Domain: "math", Source: "existing", Records: 6861}, {Domain: "math", Source: "gsm8k", Records: 639},
		{Domain: "reading", Source: "coqa", Records: 314}, {Domain: "reading", Source: "drop", Records: 938},
		{Domain: "reading", Source: "existing", Records: 4999}, {Domain: "reading", Source: "squad_v2", Records: 1249},
		{Domain: "instruction", Source: "alpaca", Records: 1553}, {Domain: "instruction", Source: "existing", Records: 5000},
		{Domain: "instruction", Source: "natural_instructions", Records: 947}}
	shares = stats.Balance{Domains: []stats.Share{
		{Domain: "coding", Tokens: 100, EasyPercent: 56.9, HardPercent: 43.1},
		{Domain: "math", Tokens: 100, EasyPercent: 59.5, HardPercent: 40.5},
		{Domain: "tool_use", Tokens: 0},
		{Domain: "reasoning", Tokens: 100, EasyPercent: 57.6, HardPercent: 42.4},
		{Domain: "reading", Tokens: 100, EasyPercent: 65.5, HardPercent: 34.5},
		{Domain: "summarization", Tokens: 100, EasyPercent: 79.7, HardPercent: 20.3},
		{Domain: "common_sense", Tokens: 100, EasyPercent: 40.2, HardPercent: 59.8},
		{Domain: "instruction", Tokens: 100, EasyPercent: 51.6, HardPercent: 48.4}},
		Overall: stats.Share{Domain: stats.All, Tokens: 700, EasyPercent: 61.8, HardPercent: 38.2}}
)

// final is a domain of the final set: 7,500 records, 12.5% of 60,000.
func final(domain string, easy, hard int) stats.DomainCount {
	return stats.DomainCount{Domain: domain, Records: easy + hard, Easy: easy, Hard: hard, Percent: 12.5}
}

// lengths draws log-normal token lengths per domain from a seeded PCG, so that
// the golden histograms are the same on every run and platform. Medians differ
// by domain; summarization is left empty to draw its "no records" tile.
func lengths() map[string][]float64 {
	rng := rand.New(rand.NewPCG(1, 2))
	medians := map[string]float64{"coding": 150, "math": 140, "tool_use": 130, "reasoning": 130, "reading": 200,
		"common_sense": 50, "instruction": 120}
	out := map[string][]float64{"summarization": {}}
	for _, d := range record.Domains { // in order: one rng feeds every domain
		m, ok := medians[d]
		if !ok {
			continue
		}
		v := make([]float64, 2000)
		for i := range v {
			v[i] = math.Round(m * math.Exp(0.5*rng.NormFloat64()))
		}
		out[d] = v
	}
	return out
}

// similarities are candidate pairs as LSH finds them: a broad hump of
// unrelated pairs below the threshold and a mass of true duplicates near 1.
func similarities() []float64 {
	rng := rand.New(rand.NewPCG(3, 4))
	v := make([]float64, 900)
	for i := range v {
		if i < 300 {
			v[i] = 0.45 + 0.3*rng.Float64()*rng.Float64()
		} else {
			v[i] = 0.8 + 0.2*math.Sqrt(rng.Float64())
		}
	}
	return v
}

// candidates are what LSH verifies on a real build: many unrelated pairs around
// 0.4 and 150 duplicates above the threshold.
func candidates() []float64 {
	rng := rand.New(rand.NewPCG(5, 6))
	v := make([]float64, 60000)
	for i := range v {
		if i < 59850 {
			v[i] = math.Min(0.79, math.Max(0, 0.4+0.12*rng.NormFloat64()))
		} else {
			v[i] = 0.8 + 0.2*rng.Float64()*rng.Float64()
		}
	}
	return v
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name  string
		chart func() (*Chart, error)
	}{
		{"domain_counts", func() (*Chart, error) { return DomainCounts(before, after, 7500) }},
		{"domain_counts_no_quota", func() (*Chart, error) { return DomainCounts(before, after, 0) }},
		{"source_mix", func() (*Chart, error) { return SourceMix(sources) }},
		{"token_share", func() (*Chart, error) { return TokenShare(shares, 0.6, 0.025) }},
		{"token_lengths", func() (*Chart, error) { return LengthHistograms(lengths()) }},
		{"difficulty", func() (*Chart, error) { return Difficulty(after) }},
		{"near_duplicate_similarity", func() (*Chart, error) { return Similarity(similarities(), 0.8) }},
		{"near_duplicate_similarity_empty", func() (*Chart, error) { return Similarity(nil, 0.8) }},
		// Candidate pairs outnumber the drops 400 to 1: the y axis turns logarithmic.
		{"near_duplicate_similarity_log", func() (*Chart, error) { return Similarity(candidates(), 0.8) }},
		// A threshold off the 0.01 grid: bins still break at the threshold.
		{"near_duplicate_similarity_0.85", func() (*Chart, error) { return Similarity(similarities()[300:], 0.855) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tt.chart()
			if err != nil {
				t.Fatal(err)
			}
			svg, err := c.SVG()
			if err != nil {
				t.Fatal(err)
			}
			again, err := c.SVG()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(svg, again) {
				t.Fatal("two renderings of one chart differ")
			}
			checkPNG(t, c, tt.name)
			path := filepath.Join("testdata", tt.name+"_golden.svg")
			if *update {
				if err := os.WriteFile(path, svg, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test -update creates it)", err)
			}
			if !bytes.Equal(svg, want) {
				t.Errorf("%s differs from the rendering (%d bytes, golden %d); look at both, then go test -update",
					path, len(svg), len(want))
			}
		})
	}
}

// checkPNG renders c as PNG and checks its size; with -png it keeps the file.
func checkPNG(t *testing.T, c *Chart, name string) {
	t.Helper()
	b, err := c.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if s := img.Bounds().Size(); s.X != DefaultWidth || s.Y != DefaultHeight {
		t.Errorf("PNG is %dx%d, want %dx%d", s.X, s.Y, DefaultWidth, DefaultHeight)
	}
	if *pngDir != "" {
		if err := os.WriteFile(filepath.Join(*pngDir, name+".png"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name  string
		chart func() (*Chart, error)
		want  string
	}{
		{"negative quota", func() (*Chart, error) { return DomainCounts(before, after, -1) }, "negative quota -1"},
		{"target as percent", func() (*Chart, error) { return TokenShare(shares, 60, 0) }, "target 60 is not a fraction"},
		{"negative tolerance", func() (*Chart, error) { return TokenShare(shares, 0.6, -0.1) }, "tolerance -0.1"},
		{"threshold above 1", func() (*Chart, error) { return Similarity(nil, 1.5) }, "threshold 1.5 is not in (0, 1]"},
		{"similarity out of range", func() (*Chart, error) { return Similarity([]float64{0.9, 1.2}, 0.8) }, "1.2 is not in [0, 1]"},
		{"NaN length", func() (*Chart, error) {
			return LengthHistograms(map[string][]float64{"math": {3, math.NaN()}})
		}, "domain math: length NaN"},
		{"no domains", func() (*Chart, error) { return LengthHistograms(nil) }, "no domains"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.chart()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestSave(t *testing.T) {
	c, err := Difficulty(after)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	tests := []struct{ file, magic, err string }{
		{"d.png", "\x89PNG", ""},
		{"d.SVG", "<?xml", ""},
		{"d.jpg", "", `unknown image type ".jpg"`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			err := c.Save(path)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Save error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(b, []byte(tt.magic)) {
				t.Errorf("%s starts %q, want %q", tt.file, b[:min(8, len(b))], tt.magic)
			}
		})
	}
}

// TestRenderAll builds charts from records and drops and checks the files.
func TestRenderAll(t *testing.T) {
	recs := synthetic(400, 1)
	final := recs[:240]
	drops := []record.Drop{{ID: "gsm8k/x/1", Reason: record.ReasonNearDuplicate, Similarity: 0.9},
		{ID: "gsm8k/x/2", Reason: record.ReasonExactDuplicate, Similarity: 1},
		{ID: "mbpp/x/3", Reason: record.ReasonTrimmed}}
	dir := t.TempDir()
	paths, err := RenderAll(dir, recs, final, drops, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range paths {
		names = append(names, filepath.Base(p))
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if cfg.Width != DefaultWidth || cfg.Height != DefaultHeight {
			t.Errorf("%s is %dx%d", p, cfg.Width, cfg.Height)
		}
	}
	want := "domain_counts.png source_mix.png token_share.png token_lengths.png difficulty.png near_duplicate_similarity.png"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("wrote %s, want %s", got, want)
	}
}

// TestEmpty renders every chart from empty inputs: an empty build must still
// give pictures (that say so), never a panic.
func TestEmpty(t *testing.T) {
	empty := stats.ByDomain(nil)
	tests := []struct {
		name  string
		chart func() (*Chart, error)
	}{
		{"domain counts", func() (*Chart, error) { return DomainCounts(empty, empty, 7500) }},
		{"domain counts, no quota", func() (*Chart, error) { return DomainCounts(nil, nil, 0) }},
		{"source mix", func() (*Chart, error) { return SourceMix(nil) }},
		{"token share", func() (*Chart, error) { return TokenShare(stats.TokenBalance(nil), 0.6, 0.025) }},
		{"token lengths", func() (*Chart, error) { return LengthHistograms(stats.TokenLengths(nil)) }},
		{"difficulty", func() (*Chart, error) { return Difficulty(empty) }},
		{"difficulty, no domains", func() (*Chart, error) { return Difficulty(nil) }},
		{"render all", func() (*Chart, error) {
			_, err := RenderAll(t.TempDir(), nil, nil, nil, Options{})
			return nil, err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tt.chart()
			if err != nil {
				t.Fatal(err)
			}
			if c != nil {
				checkPNG(t, c, "empty_"+strings.NewReplacer(" ", "_", ",", "").Replace(tt.name))
			}
		})
	}
}
