package dedup

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"case and spaces", "  What IS\tthe  Answer?\n", "what is the answer"},
		{"sentence punctuation", `He said: "yes, no; maybe!" ... ok.`, "he said yes no maybe ok"},
		{"curly quotes and dashes", "Janet’s ducks — “fresh” eggs…", "janet s ducks fresh eggs"},
		{"decimal point", "It costs 3.50 dollars.", "it costs 3.50 dollars"},
		{"thousands separator", "80,000 and 1,234,567 but 1,2,3 and 12,34", "80000 and 1234567 but 1 2 3 and 12 34"},
		{"operators are tokens", "x^2+3=5 and 2*3/4 < 7", "x ^ 2 + 3 = 5 and 2 * 3 / 4 < 7"},
		{"spacing around operators", "2 + 3", "2 + 3"},
		{"minus kept, hyphen dropped", "well-known n-1 -3 co-NP", "well known n - 1 - 3 co np"},
		{"letters and digits split", "5th o200k H2O", "5 th o 200 k h 2 o"},
		{"fullwidth", "ＡＢＣ１２３？", "abc 123"},
		{"ligature and diacritics", "ﬁne résumé Straße Œuvre", "fine resume strasse oeuvre"},
		{"decomposed accents", "re\u0301sume\u0301", "resume"},
		{"superscripts", "x² and H₂O", "x 2 and h 2 o"},
		{"greek and symbols", "Σ of π × 2 ≤ 7°", "σ of π × 2 ≤ 7 °"},
		{"zero-width and invalid", "ab\u200bcd e\xfff", "abcd e f"},
		{"brackets and code", "f(x) = [1, 2]", "f ( x ) = [ 1 2 ]"},
		{"empty", " ?!. ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNumbers(t *testing.T) {
	h := newHasher(DefaultSeed, 8)
	tests := []struct {
		name string
		a, b string
		same bool
	}{
		{"same numbers, other words", "Tom has 3 apples and 12 pears", "Tom owns 3 apples and 12 pears", true},
		{"order of numbers does not matter", "3 then 12", "12 then 3", true},
		{"number word equals digits", "three apples", "3 apples", true},
		{"thousands separator", "costs $80,000", "costs $80000", true},
		{"changed number", "Tom has 3 apples", "Tom has 4 apples", false},
		{"changed number word", "Give three tips", "Give five tips", false},
		{"one is not counted", "Which one of the following", "Which of the following", true},
		{"changed operator", "Q(sqrt(2) + sqrt(3))", "Q(sqrt(2), sqrt(3))", false},
		{"hyphen is not an operator", "a well-known fact", "a well known fact", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pr := preparer{h: h, bands: 1, rows: 1}
			var pa, pb prep
			ra, rb := rec("a", tt.a), rec("b", tt.b)
			pr.prepare(&ra, &pa)
			pr.prepare(&rb, &pb)
			if got := pa.numbers == pb.numbers; got != tt.same {
				t.Errorf("same numbers = %v, want %v", got, tt.same)
			}
		})
	}
}

// FuzzNormalize: normalising never panics, is idempotent, and prepare accepts any
// question with any options.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Janet’s ducks lay 16 eggs", "x^2-3=5, 80,000.5", "ＡＢＣ ﬁ é", "\xff\xfe", "a-b -c 1,2345"} {
		f.Add(s, "A")
	}
	h := newHasher(DefaultSeed, 16)
	f.Fuzz(func(t *testing.T, q, option string) {
		n := Normalize(q)
		if again := Normalize(n); again != n {
			t.Errorf("Normalize not idempotent: %q → %q → %q", q, n, again)
		}
		r := rec("f", q+"\n\nA. "+option+"\nB. x")
		r.Meta["choices"] = []any{option, "x"}
		r.Meta["source_question"] = option
		pr := preparer{h: h, bands: 4, rows: 4}
		var p prep
		pr.prepare(&r, &p)
	})
}
