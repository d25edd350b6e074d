package kernel

import (
	"encoding/json"
	"regexp"
	"strings"
)

// historyEntry is one stored input of this kernel's session.
type historyEntry struct {
	line  int
	input string
}

// session is the history session number of this process: history is kept in
// memory only, so there is one session and it is the current one.
const session = 1

type historyRequest struct {
	Output  bool   `json:"output"`
	Raw     bool   `json:"raw"`
	Access  string `json:"hist_access_type"`
	Session int    `json:"session"`
	Start   int    `json:"start"`
	Stop    int    `json:"stop"`
	N       int    `json:"n"`
	Pattern string `json:"pattern"`
	Unique  bool   `json:"unique"`
}

// historyReply answers history_request (tail, range, search) from the inputs
// stored by execute requests with store_history.
func (k *Kernel) historyReply(req *Message) {
	var c historyRequest
	json.Unmarshal(req.Content, &c)
	k.reply(k.shell, &k.shellMu, req, "history_reply", map[string]any{
		"status": "ok", "history": k.historyFor(c)})
}

func (k *Kernel) historyFor(c historyRequest) [][]any {
	var picked []historyEntry
	switch c.Access {
	case "tail":
		picked = k.history
		if c.N >= 0 && c.N < len(picked) {
			picked = picked[len(picked)-c.N:]
		}
	case "range":
		// Session 0 (or this session, or a negative offset reaching back to it)
		// names the current session; others do not exist.
		if c.Session > 0 && c.Session != session {
			break
		}
		for _, h := range k.history {
			if h.line >= c.Start && (c.Stop <= 0 || h.line < c.Stop) {
				picked = append(picked, h)
			}
		}
	case "search":
		re := globRegexp(c.Pattern)
		seen := map[string]bool{}
		for i := len(k.history) - 1; i >= 0; i-- {
			h := k.history[i]
			if !re.MatchString(h.input) || (c.Unique && seen[h.input]) {
				continue
			}
			seen[h.input] = true
			picked = append([]historyEntry{h}, picked...)
		}
		if c.N > 0 && c.N < len(picked) {
			picked = picked[len(picked)-c.N:]
		}
	}
	out := make([][]any, 0, len(picked))
	for _, h := range picked {
		if c.Output {
			out = append(out, []any{session, h.line, []any{h.input, nil}})
		} else {
			out = append(out, []any{session, h.line, h.input})
		}
	}
	return out
}

// globRegexp turns IPython's history search pattern (a glob where * and ? are
// wildcards) into a regexp over the whole input.
func globRegexp(pattern string) *regexp.Regexp {
	if pattern == "" {
		pattern = "*"
	}
	var b strings.Builder
	b.WriteString(`(?s)^`)
	for _, r := range pattern {
		switch r {
		case '*':
			b.WriteString(`.*`)
		case '?':
			b.WriteString(`.`)
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString(`$`)
	return regexp.MustCompile(b.String())
}
