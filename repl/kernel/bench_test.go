package kernel

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// startProcess starts `qmix kernel` on a fresh connection file and returns a
// client connected to it (not yet known to be ready) and the process.
func startProcess(b *testing.B, qmix string) (*client, *exec.Cmd) {
	b.Helper()
	ci := testConnection(b)
	raw, err := json.Marshal(ci)
	if err != nil {
		b.Fatal(err)
	}
	conn := filepath.Join(b.TempDir(), "kernel.json")
	if err := os.WriteFile(conn, raw, 0o600); err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(qmix, "kernel", conn)
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	return dial(b, ci), cmd
}

func stopProcess(b *testing.B, c *client, cmd *exec.Cmd) {
	b.Helper()
	id := c.send(c.control, "shutdown_request", map[string]any{"restart": false})
	c.reply(c.ctlReplies, id)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			b.Errorf("kernel exit: %v", err)
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		b.Error("kernel did not exit after shutdown_request")
	}
}

// BenchmarkKernelStart measures starting `qmix kernel` until its first
// kernel_info_reply arrives (the interpreter, its symbol tables and default
// imports included): what a notebook waits for when it opens. Target ≤ 1 s.
func BenchmarkKernelStart(b *testing.B) {
	qmix := qmixBinary(b)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		ci := testConnection(b)
		raw, _ := json.Marshal(ci)
		conn := filepath.Join(b.TempDir(), "kernel.json")
		os.WriteFile(conn, raw, 0o600)
		b.StartTimer()
		cmd := exec.Command(qmix, "kernel", conn)
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		c := dial(b, ci)
		id := c.send(c.shell, "kernel_info_request", map[string]any{})
		c.reply(c.shellReplies, id)
		b.StopTimer()
		stopProcess(b, c, cmd)
		b.StartTimer()
	}
}

// BenchmarkExecuteRoundTrip measures one trivial cell as nbclient sees it:
// execute_request sent, execute_reply received and the cell's idle status seen
// on IOPub. Target ≤ 20 ms.
func BenchmarkExecuteRoundTrip(b *testing.B) {
	c, cmd := startProcess(b, qmixBinary(b))
	defer stopProcess(b, c, cmd)
	if !c.ready(30 * time.Second) {
		b.Fatal("kernel not ready")
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id := c.send(c.shell, "execute_request", map[string]any{"code": "x := 1 + 1\nx", "silent": false, "store_history": true})
		if r := content(b, c.reply(c.shellReplies, id)); r["status"] != "ok" {
			b.Fatalf("execute_reply %v", r)
		}
		if c.waitIdle(id, 10*time.Second) == nil {
			b.Fatal("no idle")
		}
		c.forget()
	}
}
