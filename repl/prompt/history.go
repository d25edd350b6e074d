package prompt

import (
	"bufio"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// historySize is how many inputs the history file keeps.
const historySize = 1000

// DefaultHistoryFile is where the prompt keeps its history: qmix/history in the
// user's configuration directory ($XDG_CONFIG_HOME or ~/.config on Linux).
func DefaultHistoryFile() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "qmix", "history"), nil
}

// history is the persistent input history: one JSON string per line, so that
// multi-line inputs survive.
type history struct {
	path    string
	entries []string
}

// loadHistory reads the history file; a missing file is an empty history.
func loadHistory(path string) (*history, error) {
	h := &history{path: path}
	if path == "" {
		return h, nil
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return h, nil
	}
	if err != nil {
		return h, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	for sc.Scan() {
		var s string
		if json.Unmarshal(sc.Bytes(), &s) == nil && s != "" {
			h.entries = append(h.entries, s)
		}
	}
	if len(h.entries) > historySize {
		h.entries = h.entries[len(h.entries)-historySize:]
	}
	return h, sc.Err()
}

// add appends an input to the history and the file (right away, so that no exit
// path loses it); the file is rewritten when it has grown to twice the size kept.
func (h *history) add(input string) error {
	if input == "" || (len(h.entries) > 0 && h.entries[len(h.entries)-1] == input) {
		return nil
	}
	h.entries = append(h.entries, input)
	if h.path == "" {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(h.path), 0o755); err != nil {
		return err
	}
	if len(h.entries) > 2*historySize {
		h.entries = h.entries[len(h.entries)-historySize:]
		return h.rewrite()
	}
	f, err := os.OpenFile(h.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	b, _ := json.Marshal(input)
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (h *history) rewrite() error {
	tmp := h.path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, e := range h.entries {
		b, _ := json.Marshal(e)
		w.Write(append(b, '\n'))
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, h.path)
}
