package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
)

// fakeEngine is a scripted engine for wire-level tests of the protocol layer
// only; the acceptance tests (jupyter_test.go) drive the real interpreter.
type fakeEngine struct{}

func (fakeEngine) Execute(ctx context.Context, code string, stdout, stderr io.Writer) (any, bool, error) {
	switch {
	case code == "block":
		<-ctx.Done()
		return nil, false, ctx.Err()
	case strings.HasPrefix(code, "print "):
		fmt.Fprint(stdout, strings.TrimPrefix(code, "print "))
		return nil, false, nil
	case code == "fail":
		return nil, false, fmt.Errorf("cell:1:1: undefined: fail\nsecond line")
	case code == "slow fail":
		// Long enough for the next request to be queued behind it.
		time.Sleep(300 * time.Millisecond)
		return nil, false, fmt.Errorf("slow failure")
	case code == "panic":
		panic("boom")
	}
	return "value of " + code, true, nil
}

func (fakeEngine) IsComplete(code string) (string, string) {
	if strings.HasSuffix(code, "{") {
		return "incomplete", "\t"
	}
	return "complete", ""
}

func (fakeEngine) Complete(code string, cursor int) ([]string, int, int) {
	return []string{"Println", "Printf"}, cursor - 3, cursor
}

func (fakeEngine) Inspect(code string, cursor, detail int) (string, bool) {
	return "func Println(a ...any) (n int, err error)", true
}

// freePorts reserves n distinct loopback ports (released before the kernel binds
// them; a clash is possible but unlikely).
func freePorts(t testing.TB, n int) []int {
	t.Helper()
	var ports []int
	var ls []net.Listener
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range ls {
		l.Close()
	}
	return ports
}

// client is a minimal Jupyter client over zmq4, enough to check the wire.
type client struct {
	t                        testing.TB
	sig                      signer
	shell, control, iopub    zmq4.Socket
	hb                       zmq4.Socket
	mu                       sync.Mutex
	pub                      []*Message // IOPub messages received so far
	pubCh                    chan struct{}
	shellReplies, ctlReplies chan *Message
}

// testConnection is a connection file on free loopback ports.
func testConnection(t testing.TB) ConnectionInfo {
	p := freePorts(t, 5)
	return ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", ShellPort: p[0], ControlPort: p[1], StdinPort: p[2],
		IOPubPort: p[3], HBPort: p[4], Key: "secret-key", SignatureScheme: "hmac-sha256"}
}

func startKernel(t *testing.T) (*client, chan error) {
	t.Helper()
	ci := testConnection(t)
	k, err := NewKernel(ci, Config{Engine: fakeEngine{}, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := k.Serve(context.Background()); done <- err }()
	c := dial(t, ci)
	if !c.ready(10 * time.Second) {
		t.Fatal("no IOPub traffic after 10s")
	}
	return c, done
}

// dial connects a client to a kernel's sockets.
func dial(t testing.TB, ci ConnectionInfo) *client {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	c := &client{t: t, sig: signer{key: []byte(ci.Key)}, pubCh: make(chan struct{}, 1<<16),
		shellReplies: make(chan *Message, 10), ctlReplies: make(chan *Message, 10)}
	c.shell = zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("test-shell")), zmq4.WithDialerMaxRetries(-1), zmq4.WithDialerRetry(5*time.Millisecond))
	c.control = zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("test-control")), zmq4.WithDialerMaxRetries(-1), zmq4.WithDialerRetry(5*time.Millisecond))
	c.iopub = zmq4.NewSub(ctx, zmq4.WithDialerMaxRetries(-1), zmq4.WithDialerRetry(5*time.Millisecond))
	c.hb = zmq4.NewReq(ctx, zmq4.WithDialerMaxRetries(-1), zmq4.WithDialerRetry(5*time.Millisecond))
	for _, d := range []struct {
		s    zmq4.Socket
		port int
	}{{c.shell, ci.ShellPort}, {c.control, ci.ControlPort}, {c.iopub, ci.IOPubPort}, {c.hb, ci.HBPort}} {
		if err := d.s.Dial(ci.endpoint(d.port)); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.iopub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	go c.read(c.iopub, func(m *Message) {
		c.mu.Lock()
		c.pub = append(c.pub, m)
		c.mu.Unlock()
		select {
		case c.pubCh <- struct{}{}:
		default:
		}
	})
	go c.read(c.shell, func(m *Message) { c.shellReplies <- m })
	go c.read(c.control, func(m *Message) { c.ctlReplies <- m })
	return c
}

// ready sends kernel_info until one is answered and its idle seen on IOPub (the
// subscription is then in place), as jupyter_client's wait_for_ready does.
func (c *client) ready(timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		id := c.send(c.shell, "kernel_info_request", map[string]any{})
		select {
		case m := <-c.shellReplies:
			if parentID(m) != id {
				continue
			}
		case <-time.After(time.Until(deadline)):
			return false
		}
		if c.waitIdle(id, 300*time.Millisecond) != nil {
			return true
		}
	}
	return false
}

// forget drops the IOPub messages received so far (long benchmarks).
func (c *client) forget() {
	c.mu.Lock()
	c.pub = c.pub[:0]
	c.mu.Unlock()
}

func (c *client) read(s zmq4.Socket, f func(*Message)) {
	for {
		m, err := s.Recv()
		if err != nil {
			return
		}
		msg, err := c.sig.decode(m.Frames)
		if err != nil {
			c.t.Errorf("client: %v", err)
			continue
		}
		f(msg)
	}
}

func (c *client) sendWith(s zmq4.Socket, sig signer, msgType string, content any) string {
	c.t.Helper()
	h := Header{MsgID: newID(), Session: "client", Username: "test", Date: now(), MsgType: msgType, Version: ProtocolVersion}
	frames, err := sig.encode(nil, h, nil, nil, content)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := s.Send(zmq4.NewMsgFrom(frames...)); err != nil {
		c.t.Fatal(err)
	}
	return h.MsgID
}

func (c *client) send(s zmq4.Socket, msgType string, content any) string {
	c.t.Helper()
	return c.sendWith(s, c.sig, msgType, content)
}

// reply waits for the reply to request id.
func (c *client) reply(ch chan *Message, id string) *Message {
	c.t.Helper()
	select {
	case m := <-ch:
		if p := parentID(m); p != id {
			c.t.Fatalf("reply %s has parent %s, want %s", m.Header.MsgType, p, id)
		}
		return m
	case <-time.After(10 * time.Second):
		c.t.Fatalf("no reply to %s", id)
	}
	return nil
}

func parentID(m *Message) string {
	var p Header
	json.Unmarshal(m.Parent, &p)
	return p.MsgID
}

// waitIdle returns the IOPub messages with parent id, once its idle arrived.
func (c *client) waitIdle(id string, timeout time.Duration) []*Message {
	deadline := time.After(timeout)
	for {
		c.mu.Lock()
		var got []*Message
		idle := false
		for _, m := range c.pub {
			if parentID(m) != id {
				continue
			}
			got = append(got, m)
			if m.Header.MsgType == "status" && strings.Contains(string(m.Content), `"idle"`) {
				idle = true
			}
		}
		c.mu.Unlock()
		if idle {
			return got
		}
		select {
		case <-c.pubCh:
		case <-deadline:
			return nil
		}
	}
}

func types(ms []*Message) []string {
	var out []string
	for _, m := range ms {
		t := m.Header.MsgType
		if t == "status" {
			var s struct {
				State string `json:"execution_state"`
			}
			json.Unmarshal(m.Content, &s)
			t += ":" + s.State
		}
		out = append(out, t)
	}
	return out
}

func content(t testing.TB, m *Message) map[string]any {
	t.Helper()
	var c map[string]any
	if err := json.Unmarshal(m.Content, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestProtocolWire(t *testing.T) {
	c, done := startKernel(t)

	t.Run("kernel_info on control", func(t *testing.T) {
		id := c.send(c.control, "kernel_info_request", map[string]any{})
		r := content(t, c.reply(c.ctlReplies, id))
		li, _ := r["language_info"].(map[string]any)
		if r["protocol_version"] != ProtocolVersion || li["name"] != "go" || li["mimetype"] != "text/x-go" || li["file_extension"] != ".go" {
			t.Errorf("kernel_info_reply: %v", r)
		}
		if got := strings.Join(types(c.waitIdle(id, 5*time.Second)), " "); got != "status:busy status:idle" {
			t.Errorf("iopub: %s", got)
		}
	})

	tests := []struct {
		name   string
		code   string
		status string
		iopub  string
		check  func(t *testing.T, reply map[string]any, pub []*Message)
	}{
		{"result", "x", "ok", "status:busy execute_input execute_result status:idle", func(t *testing.T, r map[string]any, pub []*Message) {
			data := content(t, pub[2])["data"].(map[string]any)
			if data["text/plain"] != "value of x" {
				t.Errorf("execute_result data %v", data)
			}
		}},
		{"stream", "print hello", "ok", "status:busy execute_input stream status:idle", func(t *testing.T, r map[string]any, pub []*Message) {
			s := content(t, pub[2])
			if s["name"] != "stdout" || s["text"] != "hello" {
				t.Errorf("stream %v", s)
			}
		}},
		{"error", "fail", "error", "status:busy execute_input error status:idle", func(t *testing.T, r map[string]any, pub []*Message) {
			tb, ok := r["traceback"].([]any)
			if !ok || len(tb) != 2 || r["ename"] != "Error" {
				t.Errorf("reply traceback %#v ename %v", r["traceback"], r["ename"])
			}
		}},
		{"panic is an error", "panic", "error", "status:busy execute_input error status:idle", func(t *testing.T, r map[string]any, pub []*Message) {
			if r["ename"] != "Panic" {
				t.Errorf("ename %v", r["ename"])
			}
		}},
	}
	for _, tt := range tests {
		t.Run("execute "+tt.name, func(t *testing.T) {
			id := c.send(c.shell, "execute_request", map[string]any{"code": tt.code, "silent": false, "store_history": true})
			r := content(t, c.reply(c.shellReplies, id))
			pub := c.waitIdle(id, 5*time.Second)
			if r["status"] != tt.status {
				t.Errorf("status %v, want %s: %v", r["status"], tt.status, r)
			}
			if got := strings.Join(types(pub), " "); got != tt.iopub {
				t.Fatalf("iopub %s, want %s", got, tt.iopub)
			}
			tt.check(t, r, pub)
		})
	}

	t.Run("silent keeps count and output", func(t *testing.T) {
		id := c.send(c.shell, "execute_request", map[string]any{"code": "print quiet", "silent": true})
		r := content(t, c.reply(c.shellReplies, id))
		if got := strings.Join(types(c.waitIdle(id, 5*time.Second)), " "); got != "status:busy status:idle" {
			t.Errorf("iopub %s", got)
		}
		if r["execution_count"] != float64(4) {
			t.Errorf("execution_count %v, want 4", r["execution_count"])
		}
	})

	t.Run("store_history false keeps count and history", func(t *testing.T) {
		id := c.send(c.shell, "execute_request", map[string]any{"code": "unstored", "store_history": false})
		r := content(t, c.reply(c.shellReplies, id))
		pub := c.waitIdle(id, 5*time.Second)
		if r["execution_count"] != float64(4) {
			t.Errorf("execution_count %v, want 4", r["execution_count"])
		}
		if got := strings.Join(types(pub), " "); got != "status:busy execute_input execute_result status:idle" {
			t.Errorf("iopub %s", got)
		}
		id = c.send(c.shell, "history_request", map[string]any{"hist_access_type": "search", "pattern": "unstored*"})
		if h, _ := content(t, c.reply(c.shellReplies, id))["history"].([]any); len(h) != 0 {
			t.Errorf("unstored input in history: %v", h)
		}
	})

	t.Run("bad signature dropped", func(t *testing.T) {
		bad := c.sendWith(c.shell, signer{key: []byte("wrong")}, "kernel_info_request", map[string]any{})
		good := c.send(c.shell, "kernel_info_request", map[string]any{})
		c.reply(c.shellReplies, good) // fails if the bad one was answered first
		if pub := c.waitIdle(bad, 300*time.Millisecond); pub != nil {
			t.Errorf("bad signature got IOPub %v", types(pub))
		}
	})

	t.Run("interrupt while running", func(t *testing.T) {
		id := c.send(c.shell, "execute_request", map[string]any{"code": "block"})
		time.Sleep(200 * time.Millisecond)
		iid := c.send(c.control, "interrupt_request", map[string]any{})
		if r := content(t, c.reply(c.ctlReplies, iid)); r["status"] != "ok" {
			t.Errorf("interrupt_reply %v", r)
		}
		r := content(t, c.reply(c.shellReplies, id))
		if r["status"] != "error" || r["ename"] != "Interrupted" {
			t.Errorf("interrupted execute_reply %v", r)
		}
		if c.waitIdle(id, 5*time.Second) == nil {
			t.Error("no idle after interrupt")
		}
	})

	t.Run("stop_on_error aborts queued cells", func(t *testing.T) {
		a := c.send(c.shell, "execute_request", map[string]any{"code": "slow fail", "stop_on_error": true})
		b := c.send(c.shell, "execute_request", map[string]any{"code": "x"})
		if r := content(t, c.reply(c.shellReplies, a)); r["status"] != "error" {
			t.Errorf("first %v", r)
		}
		if r := content(t, c.reply(c.shellReplies, b)); r["status"] != "aborted" {
			t.Errorf("queued %v, want aborted", r["status"])
		}
	})

	t.Run("complete, inspect, is_complete, history", func(t *testing.T) {
		id := c.send(c.shell, "complete_request", map[string]any{"code": "fmt.Pri", "cursor_pos": 7})
		r := content(t, c.reply(c.shellReplies, id))
		if r["cursor_start"] != float64(4) || r["cursor_end"] != float64(7) || len(r["matches"].([]any)) != 2 {
			t.Errorf("complete_reply %v", r)
		}
		id = c.send(c.shell, "inspect_request", map[string]any{"code": "fmt.Println", "cursor_pos": 5, "detail_level": 0})
		r = content(t, c.reply(c.shellReplies, id))
		if r["found"] != true || !strings.Contains(fmt.Sprint(r["data"]), "Println") {
			t.Errorf("inspect_reply %v", r)
		}
		id = c.send(c.shell, "is_complete_request", map[string]any{"code": "for {"})
		if r = content(t, c.reply(c.shellReplies, id)); r["status"] != "incomplete" {
			t.Errorf("is_complete_reply %v", r)
		}
		id = c.send(c.shell, "history_request", map[string]any{"hist_access_type": "tail", "n": 2, "output": false, "raw": true})
		r = content(t, c.reply(c.shellReplies, id))
		if h, _ := r["history"].([]any); len(h) != 2 {
			t.Errorf("history_reply %v", r)
		}
	})

	t.Run("heartbeat echoes", func(t *testing.T) {
		if err := c.hb.Send(zmq4.NewMsgString("ping")); err != nil {
			t.Fatal(err)
		}
		m, err := c.hb.Recv()
		if err != nil || string(m.Bytes()) != "ping" {
			t.Errorf("heartbeat %q %v", m.Bytes(), err)
		}
	})

	t.Run("shutdown", func(t *testing.T) {
		id := c.send(c.control, "shutdown_request", map[string]any{"restart": false})
		if r := content(t, c.reply(c.ctlReplies, id)); r["status"] != "ok" || r["restart"] != false {
			t.Errorf("shutdown_reply %v", r)
		}
		select {
		case err := <-done:
			if err != nil {
				t.Error(err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("kernel did not stop")
		}
	})
}

// detailed is an engine error with its own name and traceback.
type detailed struct{ tb []string }

func (d detailed) Error() string       { return "3:1: undefined: x" }
func (d detailed) ErrorName() string   { return "CompileError" }
func (d detailed) Traceback() []string { return d.tb }

func TestDescribeError(t *testing.T) {
	tests := []struct {
		name         string
		err          error
		ename, first string
		lines        int
	}{
		{"plain", errors.New("boom"), "Error", "Error: boom", 1},
		{"multi-line", errors.New("boom\nat a\nat b"), "Error", "Error: boom", 3},
		{"interrupted", context.Canceled, "Interrupted", "Interrupted: interrupted", 1},
		{"engine error", detailed{[]string{"3:1: undefined: x", "    at in[3]:3:1"}}, "CompileError", "CompileError: 3:1: undefined: x", 2},
		{"engine error, empty traceback", detailed{nil}, "CompileError", "CompileError: 3:1: undefined: x", 1},
		{"wrapped engine error", fmt.Errorf("cell: %w", detailed{[]string{"CompileError: named"}}), "CompileError", "CompileError: named", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ename, _, tb := describeError(tt.err)
			if ename != tt.ename || len(tb) != tt.lines || tb[0] != tt.first {
				t.Errorf("describeError = %q %q, want %q, %d lines starting %q", ename, tb, tt.ename, tt.lines, tt.first)
			}
		})
	}
}
