package kernel

import (
	"encoding/json"
	"unicode/utf8"
)

// serveShell handles shell requests one at a time, in arrival order, until the
// shell socket closes.
func (k *Kernel) serveShell(in <-chan *Message) {
	for req := range in {
		failed := false
		k.busy(req, func() { failed = k.handleShell(req) })
		if failed {
			k.abortQueued(in)
		}
	}
}

// abortQueued answers the execute requests already waiting behind a cell that
// failed with stop_on_error, with status "aborted" (what "Run All" in JupyterLab
// expects); other queued requests are served normally.
func (k *Kernel) abortQueued(in <-chan *Message) {
	for {
		select {
		case req, ok := <-in:
			if !ok {
				return
			}
			k.busy(req, func() {
				if req.Header.MsgType == "execute_request" {
					k.reply(k.shell, &k.shellMu, req, "execute_reply", map[string]any{
						"status": "aborted", "execution_count": k.count})
					return
				}
				k.handleShell(req)
			})
		default:
			return
		}
	}
}

// handleShell dispatches one shell request; it reports whether an execute
// request failed with stop_on_error set.
func (k *Kernel) handleShell(req *Message) (stop bool) {
	switch req.Header.MsgType {
	case "execute_request":
		return k.execute(req)
	case "kernel_info_request":
		k.reply(k.shell, &k.shellMu, req, "kernel_info_reply", k.kernelInfo())
	case "is_complete_request":
		k.isComplete(req)
	case "complete_request":
		k.complete(req)
	case "inspect_request":
		k.inspect(req)
	case "history_request":
		k.historyReply(req)
	case "comm_info_request":
		k.reply(k.shell, &k.shellMu, req, "comm_info_reply", map[string]any{"status": "ok", "comms": map[string]any{}})
	case "comm_open":
		// No comm targets exist: close the comm at once, as the spec asks.
		var c struct {
			CommID string `json:"comm_id"`
		}
		json.Unmarshal(req.Content, &c)
		k.publish(req, "comm_close", map[string]any{"comm_id": c.CommID, "data": map[string]any{}})
	case "comm_msg", "comm_close":
	case "shutdown_request": // deprecated on shell since 5.4, still sent by old clients
		k.handleShutdown(k.shell, &k.shellMu, req)
	default:
		k.log.Printf("shell: ignoring %s", req.Header.MsgType)
	}
	return false
}

// tryEngine runs f with the engine lock when the engine is free; completion and
// inspection must not wait behind (or run beside) a cell the interrupt left
// running.
func (k *Kernel) tryEngine(f func()) bool {
	if !k.engineMu.TryLock() {
		return false
	}
	defer k.engineMu.Unlock()
	f()
	return true
}

func (k *Kernel) isComplete(req *Message) {
	var c struct {
		Code string `json:"code"`
	}
	json.Unmarshal(req.Content, &c)
	status, indent := "unknown", ""
	k.tryEngine(func() { status, indent = k.cfg.Engine.IsComplete(c.Code) })
	content := map[string]any{"status": status}
	if status == "incomplete" {
		content["indent"] = indent
	}
	k.reply(k.shell, &k.shellMu, req, "is_complete_reply", content)
}

func (k *Kernel) complete(req *Message) {
	var c struct {
		Code   string `json:"code"`
		Cursor *int   `json:"cursor_pos"`
	}
	json.Unmarshal(req.Content, &c)
	cursor := len(c.Code)
	if c.Cursor != nil {
		cursor = byteOffset(c.Code, *c.Cursor)
	}
	matches, start, end := []string{}, cursor, cursor
	k.tryEngine(func() {
		m, s, e := k.cfg.Engine.Complete(c.Code, cursor)
		if m != nil {
			matches, start, end = m, s, e
		}
	})
	k.reply(k.shell, &k.shellMu, req, "complete_reply", map[string]any{
		"status":       "ok",
		"matches":      matches,
		"cursor_start": runeOffset(c.Code, start),
		"cursor_end":   runeOffset(c.Code, end),
		"metadata":     map[string]any{},
	})
}

func (k *Kernel) inspect(req *Message) {
	var c struct {
		Code   string `json:"code"`
		Cursor *int   `json:"cursor_pos"`
		Detail int    `json:"detail_level"`
	}
	json.Unmarshal(req.Content, &c)
	cursor := len(c.Code)
	if c.Cursor != nil {
		cursor = byteOffset(c.Code, *c.Cursor)
	}
	doc, found := "", false
	k.tryEngine(func() { doc, found = k.cfg.Engine.Inspect(c.Code, cursor, c.Detail) })
	data := map[string]any{}
	if found {
		data["text/plain"] = doc
	}
	k.reply(k.shell, &k.shellMu, req, "inspect_reply", map[string]any{
		"status": "ok", "found": found, "data": data, "metadata": map[string]any{}})
}

// byteOffset converts a cursor in Unicode code points (protocol 5.2+) to a byte
// offset, clamped to the code.
func byteOffset(s string, runes int) int {
	if runes <= 0 {
		return 0
	}
	i := 0
	for n := 0; n < runes && i < len(s); n++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

// runeOffset converts a byte offset back to code points.
func runeOffset(s string, bytes int) int {
	if bytes > len(s) {
		bytes = len(s)
	}
	if bytes < 0 {
		bytes = 0
	}
	return utf8.RuneCountInString(s[:bytes])
}
