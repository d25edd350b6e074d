package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// stuckGrace is how long an interrupted cell may take to return before the
// kernel replies anyway: compiled code that ignores its context cannot be
// stopped, and the notebook must not hang on it.
const stuckGrace = 3 * time.Second

// cellRun is the cell being executed: where its output goes and how to stop it.
type cellRun struct {
	req         *Message
	silent      bool
	cancel      context.CancelFunc
	interrupted atomic.Bool
}

type executeRequest struct {
	Code         string `json:"code"`
	Silent       bool   `json:"silent"`
	StoreHistory *bool  `json:"store_history"`
	AllowStdin   bool   `json:"allow_stdin"`
	StopOnError  *bool  `json:"stop_on_error"`
}

// execute runs one execute_request to its reply; it reports whether the cell
// failed with stop_on_error set.
func (k *Kernel) execute(req *Message) (stop bool) {
	var c executeRequest
	if err := json.Unmarshal(req.Content, &c); err != nil {
		k.log.Printf("execute_request: content: %v", err)
	}
	// The spec's defaults: store_history true, stop_on_error true; silent
	// forces store_history off and keeps the counter.
	store := (c.StoreHistory == nil || *c.StoreHistory) && !c.Silent
	stopOnError := c.StopOnError == nil || *c.StopOnError
	if store {
		k.count++
	}
	if !c.Silent {
		k.publish(req, "execute_input", map[string]any{"code": c.Code, "execution_count": k.count})
	}

	value, ok, err := k.run(req, c)
	if store {
		k.history = append(k.history, historyEntry{line: k.count, input: c.Code})
	}
	if err != nil {
		ename, evalue, tb := describeError(err)
		if !c.Silent {
			k.publish(req, "error", map[string]any{"ename": ename, "evalue": evalue, "traceback": tb})
		}
		k.reply(k.shell, &k.shellMu, req, "execute_reply", map[string]any{
			"status": "error", "execution_count": k.count,
			"ename": ename, "evalue": evalue, "traceback": tb,
		})
		return stopOnError
	}
	if ok && !c.Silent {
		data, md := k.render(value)
		// How many values the cell showed, for `qmix export` (a call's
		// results can be passed to lib.Display only when there are some).
		n := 1
		if vs, ok := value.(Values); ok {
			n = len(vs)
		}
		md["qmix"] = map[string]any{"values": n}
		k.publish(req, "execute_result", map[string]any{"execution_count": k.count, "data": data, "metadata": md})
	}
	k.reply(k.shell, &k.shellMu, req, "execute_reply", map[string]any{
		"status": "ok", "execution_count": k.count, "user_expressions": map[string]any{},
	})
	return false
}

// errInterrupted is the error of a cell stopped by interrupt_request or SIGINT.
var errInterrupted = errors.New("interrupted")

type result struct {
	value any
	ok    bool
	err   error
}

// run executes the cell's code on the engine with output captured; it returns
// when the engine returns, or stuckGrace after an interrupt.
func (k *Kernel) run(req *Message, c executeRequest) (any, bool, error) {
	ctx, cancel := context.WithCancel(k.ctx)
	defer cancel()
	cell := &cellRun{req: req, silent: c.Silent, cancel: cancel}
	k.cellMu.Lock()
	k.cell = cell
	k.cellMu.Unlock()
	defer func() {
		k.cellMu.Lock()
		k.cell = nil
		k.cellMu.Unlock()
	}()

	var stdout, stderr io.Writer = os.Stdout, os.Stderr
	captured := false
	if k.capture != nil {
		if err := k.capture.start(k.streamSink(cell)); err != nil {
			k.log.Printf("capture: %v", err)
		} else {
			defer k.capture.stop()
			captured = true
		}
	}
	if !captured {
		stdout, stderr = &streamWriter{k: k, cell: cell, name: "stdout"}, &streamWriter{k: k, cell: cell, name: "stderr"}
	}

	done := make(chan result, 1)
	go func() {
		// The engine lock is held until Execute returns, so a cell the interrupt
		// could not stop keeps later cells (and completions) off the engine.
		k.engineMu.Lock()
		defer k.engineMu.Unlock()
		var r result
		defer func() {
			if p := recover(); p != nil {
				r = result{err: fmt.Errorf("panic: %v", p)}
			}
			done <- r
		}()
		if ctx.Err() != nil {
			r.err = ctx.Err()
			return
		}
		r.value, r.ok, r.err = k.cfg.Engine.Execute(ctx, c.Code, stdout, stderr)
	}()

	var r result
	select {
	case r = <-done:
	case <-ctx.Done():
		select {
		case r = <-done:
		case <-time.After(stuckGrace):
			r = result{err: fmt.Errorf("%w: the cell did not stop within %v (compiled code ignoring its context); it keeps running and later cells wait for it — restart the kernel to get it back", errInterrupted, stuckGrace)}
		}
	}
	if cell.interrupted.Load() && !errors.Is(r.err, errInterrupted) {
		r = result{err: errInterrupted}
	}
	return r.value, r.ok, r.err
}

// describeError gives an error's name, value and traceback (a list of strings).
func describeError(err error) (string, string, []string) {
	var d ErrorDetail
	if errors.As(err, &d) {
		name := d.ErrorName()
		tb := append([]string(nil), d.Traceback()...)
		// Frontends show the traceback alone: make its first line say what
		// kind of error this is.
		if len(tb) == 0 {
			tb = []string{name + ": " + d.Error()}
		} else if !strings.HasPrefix(tb[0], name) {
			tb[0] = name + ": " + tb[0]
		}
		return name, d.Error(), tb
	}
	name := "Error"
	switch {
	case errors.Is(err, errInterrupted):
		name = "Interrupted"
	case errors.Is(err, context.Canceled):
		name, err = "Interrupted", errInterrupted
	case strings.HasPrefix(err.Error(), "panic: "):
		name = "Panic"
	}
	msg := err.Error()
	tb := []string{name + ": " + firstLine(msg)}
	if rest := strings.SplitAfterN(msg, "\n", 2); len(rest) == 2 {
		tb = append(tb, strings.Split(strings.TrimRight(rest[1], "\n"), "\n")...)
	}
	return name, msg, tb
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// render makes a bundle for v, always with text/plain.
func (k *Kernel) render(v any) (map[string]any, map[string]any) {
	var data, md map[string]any
	if k.cfg.Render != nil {
		data, md = k.cfg.Render(v)
	}
	if data == nil {
		data = map[string]any{}
	}
	if _, ok := data["text/plain"]; !ok {
		data["text/plain"] = fmt.Sprint(v)
	}
	if md == nil {
		md = map[string]any{}
	}
	return data, md
}

// Display publishes v as display_data of the running cell (lib.Display's hook in
// the kernel). Output printed before the call is flushed first, so the notebook
// shows both in the order the cell produced them. Outside a cell it is dropped.
func (k *Kernel) Display(v any) {
	k.cellMu.Lock()
	cell := k.cell
	k.cellMu.Unlock()
	if cell == nil {
		k.log.Printf("display outside a running cell dropped (%T)", v)
		return
	}
	if cell.silent {
		return
	}
	if k.capture != nil {
		k.capture.flush()
	}
	data, md := k.render(v)
	k.publish(cell.req, "display_data", map[string]any{"data": data, "metadata": md, "transient": map[string]any{}})
}

// streamSink publishes captured output as stream messages of cell.
func (k *Kernel) streamSink(cell *cellRun) func(name, text string) {
	return func(name, text string) {
		if cell.silent || text == "" {
			return
		}
		k.publish(cell.req, "stream", map[string]string{"name": name, "text": text})
	}
}

// streamWriter publishes writes as stream messages when file descriptors are not
// captured (tests, platforms without dup2).
type streamWriter struct {
	k    *Kernel
	cell *cellRun
	name string
	mu   sync.Mutex
}

func (w *streamWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.k.streamSink(w.cell)(w.name, string(p))
	return len(p), nil
}
