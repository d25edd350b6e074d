package demo

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"qmix/lib/token"
)

// TestEncodeJSON checks the direct JSON writer against encoding/json (HTML escaping
// off): byte for byte for strings and flat values, and with indentation.
func TestEncodeJSON(t *testing.T) {
	strs := []string{"", "plain", `quote " and \ back`, "tab\tnl\nret\r", "\x00\x1f ctrl", "<b>&amp;</b>",
		"é ü 漢字", "line\u2028sep\u2029", "bad \xff utf8", "emoji 😀"}
	for _, s := range strs {
		var got bytes.Buffer
		jsonString(&got, s)
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got.String() != strings.TrimSuffix(want.String(), "\n") {
			t.Errorf("%q: got %s, want %s", s, got.String(), want.String())
		}
	}
	v := kv{{"b", "x"}, {"a", []any{kv{{"n", 3}, {"t", true}, {"z", nil}}, []string{"p", "q"}, []any{}, kv{}}}, {"l", []string{}}}
	// encoding/json writes map keys sorted; this object's keys are written in order,
	// so compare the decoded values and the indented layout of an equivalent value.
	for _, indent := range []string{"", "  ", "    "} {
		got, err := jsonIndent(v, indent)
		if err != nil {
			t.Fatal(err)
		}
		var back any
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("indent %q: invalid JSON %s: %v", indent, got, err)
		}
		var want bytes.Buffer
		if indent == "" {
			if err := json.Compact(&want, got); err != nil {
				t.Fatal(err)
			}
		} else if err := json.Indent(&want, bytes.TrimSpace(got), "", indent); err != nil {
			t.Fatal(err)
		}
		if string(bytes.TrimSpace(got)) != want.String() {
			t.Errorf("indent %q:\n%s\nwant layout\n%s", indent, got, want.String())
		}
	}
	if _, err := jsonIndent(kv{{"x", 1.5}}, ""); err == nil {
		t.Error("a float was accepted; the writer knows no floats")
	}
}

func TestEdits(t *testing.T) {
	g := newGen(1, "test/edits")
	texts := []string{
		"A bakery sells 24 muffins every morning and 18 in the afternoon. How many does it sell in a week?",
		"Solve for $x$: $3x + 5 = 20$. Express your answer as an integer.",
		"Write a Python function `sum_even_values` that adds the even numbers of a list.",
	}
	for _, e := range textEdits {
		t.Run(e, func(t *testing.T) {
			for _, s := range texts {
				got, ok := g.applyEdit(s, e)
				if !ok {
					t.Fatalf("%q: edit failed", s)
				}
				if got == s {
					t.Fatalf("%q: unchanged", s)
				}
				// Formulas and identifiers stay intact.
				for _, keep := range []string{"$3x + 5 = 20$", "`sum_even_values`"} {
					if strings.Contains(s, keep) && !strings.Contains(got, keep) && e != EditCase {
						t.Errorf("%s broke %q: %q", e, keep, got)
					}
				}
				if e == EditWhitespace && strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(s), " ") {
					t.Errorf("whitespace edit changed words: %q", got)
				}
			}
		})
	}
	t.Run("reorder", func(t *testing.T) {
		ch := []string{"red", "green", "blue", "gray"}
		out, key, ok := g.reorder(ch, 2)
		if !ok || out[key] != "blue" || strings.Join(out, ",") == strings.Join(ch, ",") {
			t.Errorf("reorder: %v key %d", out, key)
		}
		if _, _, ok := g.reorder([]string{"same", "same"}, 0); ok {
			t.Error("reordered identical options")
		}
	})
	t.Run("short text", func(t *testing.T) {
		if _, ok := g.applyEdit("Hi", EditDroppedWord); ok {
			t.Error("dropped the only word")
		}
	})
}

func TestTemplates(t *testing.T) {
	g := newGen(1, "test/tmpl")
	tm := mustTmpl("[a|b [c|d]] {x} {^x} {#3-3} {color}")
	for i := 0; i < 20; i++ {
		var b strings.Builder
		tm.render(g, &b, map[string]string{"x": "val"})
		s := b.String()
		if !strings.Contains(s, " val Val 3 ") {
			t.Fatalf("render: %q", s)
		}
		if !(strings.HasPrefix(s, "a ") || strings.HasPrefix(s, "b c ") || strings.HasPrefix(s, "b d ")) {
			t.Fatalf("alternation: %q", s)
		}
	}
	for _, bad := range []string{"{open", "[a|b", "{#5-1}", "{#x-y}"} {
		if _, rest, err := parseTmpl(bad, false); err == nil && rest == "" {
			t.Errorf("%q parsed", bad)
		}
	}
	// Every slot of every compiled template names a lexicon list or is a variable
	// its callers set; rendering all of them with no variables must not panic for
	// lexicon-only templates.
	for _, ts := range [][]tmpl{csqaStem, csqaAnswers, piqaGoal, piqaSol, hellaEnding, alpacaInstr, alpacaWithInput, reviewSentence} {
		for _, tm := range ts {
			var b strings.Builder
			tm.render(g, &b, nil)
			if b.Len() == 0 {
				t.Error("empty render")
			}
		}
	}
}

func TestApproxTokens(t *testing.T) {
	// The estimate only sizes text; on generated prose it stays within 10% of the
	// exact count (sizeHard and the calibration tests measure exactly).
	c, err := token.New("")
	if err != nil {
		t.Fatal(err)
	}
	g := newGen(1, "test/approx")
	for _, flavour := range []string{"general", "coding", "math"} {
		s := g.explain(flavour, 2000)
		got, exact := approxTokens(s), c.Count(s)
		if r := float64(got) / float64(exact); r < 0.9 || r > 1.1 {
			t.Errorf("%s: estimate %d, exact %d", flavour, got, exact)
		}
	}
	a := g.newsArticle(2000)
	text := strings.Join(a.paragraphs, "\n\n")
	if r := float64(approxTokens(text)) / float64(c.Count(text)); r < 0.9 || r > 1.1 {
		t.Errorf("news: estimate off by %.0f%%", 100*(r-1))
	}
	if approxTokens("") != 0 || approxTokens("hello world") != 2 {
		t.Error("approxTokens of trivial text")
	}
}

func TestFixArticles(t *testing.T) {
	for in, want := range map[string]string{
		"a ancient tool":          "an ancient tool",
		"A empty box":             "An empty box",
		"an loud nurse and a cat": "a loud nurse and a cat",
		"an apple":                "an apple",
		"data is a list":          "data is a list",
		"(a orange)":              "(an orange)",
		"banana a":                "banana a",
	} {
		if got := fixArticles(in); got != want {
			t.Errorf("fixArticles(%q) = %q, want %q", in, got, want)
		}
	}
}
