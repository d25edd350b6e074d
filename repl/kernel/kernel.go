package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"runtime"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
)

// Config is what a kernel serves and how.
type Config struct {
	Engine Engine
	// Render makes MIME bundles of cell results and displayed values; nil renders
	// everything as text/plain with fmt.
	Render Renderer
	// Log receives the kernel's own diagnostics (bad signatures, unknown
	// messages). It must not write to file descriptors 1 or 2 when CaptureFD is
	// set; NewKernel replaces a nil Log with one on a private copy of stderr.
	Log *log.Logger
	// CaptureFD redirects file descriptors 1 and 2 into the running cell's
	// stream messages, so output of compiled code is seen in the notebook.
	CaptureFD bool
	// HandleSignals makes SIGINT interrupt the running cell instead of killing
	// the kernel (jupyter_client's signal interrupt mode, and Ctrl-C in a
	// terminal running `jupyter console`).
	HandleSignals bool
	// Version is the implementation version in kernel_info; LanguageVersion the
	// Go dialect scripts are written in.
	Version, LanguageVersion string
	// Banner is shown by consoles at start.
	Banner string
	// WatchParent ends the kernel when the process that started it (the
	// notebook server, nbconvert) is gone, so a crashed client leaves no
	// orphaned kernel holding its memory.
	WatchParent bool
}

// Kernel is a running Jupyter kernel. Create one with NewKernel, then Serve it.
type Kernel struct {
	ci      ConnectionInfo
	cfg     Config
	sig     signer
	session string
	log     *log.Logger

	shell, control, stdin, iopub, hb zmq4.Socket
	shellMu, controlMu, iopubMu      sync.Mutex

	capture *fdCapture // nil when CaptureFD is off or unsupported

	ctx    context.Context
	cancel context.CancelFunc

	// State of the shell goroutine (never touched by control).
	count   int
	history []historyEntry

	cellMu sync.Mutex
	cell   *cellRun // the running cell, nil between cells

	engineMu sync.Mutex // one Engine call at a time; held across Execute

	shutdownOnce sync.Once
	restart      bool
}

// NewKernel binds the sockets the connection file names. Nothing is served
// until Serve.
func NewKernel(ci ConnectionInfo, cfg Config) (*Kernel, error) {
	if err := ci.check(); err != nil {
		return nil, err
	}
	if cfg.Engine == nil {
		return nil, errors.New("kernel: no engine")
	}
	k := &Kernel{ci: ci, cfg: cfg, sig: signer{key: []byte(ci.Key)}, session: newID(), log: cfg.Log}
	if k.log == nil {
		k.log = log.New(privateStderr(), "qmix kernel: ", log.LstdFlags)
	}
	if cfg.CaptureFD {
		c, err := newFDCapture()
		if err != nil {
			k.log.Printf("output of compiled code will not be captured: %v", err)
		} else {
			k.capture = c
		}
	}
	k.ctx, k.cancel = context.WithCancel(context.Background())
	opts := []zmq4.Option{zmq4.WithLogger(k.log)}
	k.shell = zmq4.NewRouter(k.ctx, opts...)
	k.control = zmq4.NewRouter(k.ctx, opts...)
	k.stdin = zmq4.NewRouter(k.ctx, opts...)
	k.iopub = zmq4.NewPub(k.ctx, opts...)
	k.hb = zmq4.NewRep(k.ctx, opts...)
	for _, s := range []struct {
		name string
		sock zmq4.Socket
		port int
	}{{"shell", k.shell, ci.ShellPort}, {"control", k.control, ci.ControlPort}, {"stdin", k.stdin, ci.StdinPort},
		{"iopub", k.iopub, ci.IOPubPort}, {"hb", k.hb, ci.HBPort}} {
		if err := s.sock.Listen(ci.endpoint(s.port)); err != nil {
			k.closeSockets()
			k.cancel()
			return nil, fmt.Errorf("kernel: %s socket: %w", s.name, err)
		}
	}
	return k, nil
}

// privateStderr is a copy of file descriptor 2 made before any capture, so the
// kernel's own logs reach the terminal (or Jupyter's log) while a cell runs.
func privateStderr() io.Writer {
	if f, err := dupFile(2, "stderr"); err == nil {
		return f
	}
	return os.Stderr
}

func (k *Kernel) closeSockets() {
	for _, s := range []zmq4.Socket{k.shell, k.control, k.stdin, k.iopub, k.hb} {
		if s != nil {
			s.Close()
		}
	}
}

// Serve answers requests until a shutdown_request arrives or ctx ends. It
// reports whether the client asked for a restart (the client then starts a new
// kernel process; this one only exits).
func (k *Kernel) Serve(ctx context.Context) (restart bool, err error) {
	defer k.closeSockets()
	stop := context.AfterFunc(ctx, k.shutdown)
	defer stop()

	if k.cfg.HandleSignals {
		sigs := make(chan os.Signal, 1)
		signal.Notify(sigs, os.Interrupt)
		defer signal.Stop(sigs)
		go func() {
			for {
				select {
				case <-sigs:
					k.Interrupt()
				case <-k.ctx.Done():
					return
				}
			}
		}()
	}

	if k.cfg.WatchParent {
		go k.watchParent(os.Getppid())
	}

	var wg sync.WaitGroup
	shellCh := make(chan *Message, 64)
	wg.Add(4)
	go func() { defer wg.Done(); k.heartbeat() }()
	go func() {
		defer wg.Done()
		k.receive("shell", k.shell, func(m *Message) { shellCh <- m })
		close(shellCh)
	}()
	go func() { defer wg.Done(); k.receive("control", k.control, k.handleControl) }()
	go func() {
		defer wg.Done()
		// allow_stdin is never honoured (scripts read EOF), so nothing is expected
		// here; the socket is bound because clients connect to it.
		k.receive("stdin", k.stdin, func(m *Message) { k.log.Printf("stdin: unexpected %s", m.Header.MsgType) })
	}()
	k.publish(nil, "status", map[string]string{"execution_state": "starting"})
	k.serveShell(shellCh)
	k.shutdown()
	wg.Wait()
	return k.restart, nil
}

// watchParent shuts the kernel down once its parent process has gone (the kernel
// is then re-parented, and its parent id changes).
func (k *Kernel) watchParent(ppid int) {
	if ppid <= 1 {
		return // started by init or a container's first process: nothing to watch
	}
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-k.ctx.Done():
			return
		case <-t.C:
			if os.Getppid() != ppid {
				k.log.Printf("parent process %d is gone; shutting down", ppid)
				k.shutdown()
				return
			}
		}
	}
}

// shutdown stops everything: the running cell, the loops, the sockets.
func (k *Kernel) shutdown() {
	k.shutdownOnce.Do(func() {
		k.Interrupt()
		// ZeroMQ's PUB socket sends from a queue; give the last status messages a
		// moment to leave before the connections close (libzmq's LINGER).
		time.Sleep(100 * time.Millisecond)
		k.cancel()
		k.closeSockets()
	})
}

// receive reads a socket until it closes, verifying signatures; messages that do
// not verify are logged and dropped without a reply.
func (k *Kernel) receive(name string, sock zmq4.Socket, handle func(*Message)) {
	for {
		raw, err := sock.Recv()
		if err != nil {
			if k.ctx.Err() != nil {
				return
			}
			k.log.Printf("%s: %v", name, err)
			time.Sleep(10 * time.Millisecond) // never spin on a broken socket
			continue
		}
		msg, err := k.sig.decode(raw.Frames)
		if err != nil {
			k.log.Printf("%s: message dropped: %v", name, err)
			continue
		}
		handle(msg)
	}
}

// heartbeat echoes every ping, on its own goroutine so a busy cell never looks
// like a dead kernel.
func (k *Kernel) heartbeat() {
	for {
		m, err := k.hb.Recv()
		if err != nil {
			if k.ctx.Err() != nil {
				return
			}
			continue
		}
		if err := k.hb.Send(m); err != nil && k.ctx.Err() == nil {
			k.log.Printf("heartbeat: %v", err)
		}
	}
}

func (k *Kernel) header(msgType string) Header {
	return Header{MsgID: newID(), Session: k.session, Username: "qmix", Date: now(), MsgType: msgType, Version: ProtocolVersion}
}

// publish sends an IOPub message with the given parent header.
func (k *Kernel) publish(parent *Message, msgType string, content any) {
	var ph json.RawMessage
	if parent != nil {
		ph = parent.rawHeader
	}
	topic := []byte("kernel." + k.session + "." + msgType)
	frames, err := k.sig.encode([][]byte{topic}, k.header(msgType), ph, nil, content)
	if err != nil {
		k.log.Printf("iopub: %v", err)
		return
	}
	k.iopubMu.Lock()
	defer k.iopubMu.Unlock()
	if err := k.iopub.Send(zmq4.NewMsgFrom(frames...)); err != nil && k.ctx.Err() == nil {
		k.log.Printf("iopub %s: %v", msgType, err)
	}
}

// reply answers req on the socket it came from.
func (k *Kernel) reply(sock zmq4.Socket, mu *sync.Mutex, req *Message, msgType string, content any) {
	frames, err := k.sig.encode(req.Identities, k.header(msgType), req.rawHeader, nil, content)
	if err != nil {
		k.log.Printf("%s: %v", msgType, err)
		return
	}
	mu.Lock()
	defer mu.Unlock()
	if err := sock.Send(zmq4.NewMsgFrom(frames...)); err != nil && k.ctx.Err() == nil {
		k.log.Printf("%s: %v", msgType, err)
	}
}

// busy brackets the handling of a request with status busy and idle on IOPub,
// both with the request as parent (nbclient ends a cell on that idle).
func (k *Kernel) busy(req *Message, handle func()) {
	k.publish(req, "status", map[string]string{"execution_state": "busy"})
	defer k.publish(req, "status", map[string]string{"execution_state": "idle"})
	handle()
}

// kernelInfo is the kernel_info_reply content.
func (k *Kernel) kernelInfo() map[string]any {
	lv := k.cfg.LanguageVersion
	if lv == "" {
		lv = runtime.Version()
	}
	return map[string]any{
		"status":                 "ok",
		"protocol_version":       ProtocolVersion,
		"implementation":         "qmix",
		"implementation_version": k.cfg.Version,
		"language_info": map[string]any{
			"name":               "go",
			"version":            lv,
			"mimetype":           "text/x-go",
			"file_extension":     ".go",
			"pygments_lexer":     "go",
			"codemirror_mode":    "go",
			"nbconvert_exporter": "script",
		},
		"banner":     k.cfg.Banner,
		"help_links": []any{},
	}
}

// handleControl serves the control channel on the control goroutine: it never
// waits for a running cell.
func (k *Kernel) handleControl(req *Message) {
	k.busy(req, func() {
		switch req.Header.MsgType {
		case "kernel_info_request":
			k.reply(k.control, &k.controlMu, req, "kernel_info_reply", k.kernelInfo())
		case "interrupt_request":
			k.Interrupt()
			k.reply(k.control, &k.controlMu, req, "interrupt_reply", map[string]string{"status": "ok"})
		case "shutdown_request":
			k.handleShutdown(k.control, &k.controlMu, req)
		default:
			k.log.Printf("control: ignoring %s", req.Header.MsgType)
		}
	})
}

func (k *Kernel) handleShutdown(sock zmq4.Socket, mu *sync.Mutex, req *Message) {
	var c struct {
		Restart bool `json:"restart"`
	}
	json.Unmarshal(req.Content, &c)
	k.restart = c.Restart
	content := map[string]any{"status": "ok", "restart": c.Restart}
	k.reply(sock, mu, req, "shutdown_reply", content)
	// Protocol 5.4 also broadcasts the reply, so every client learns of it.
	k.publish(req, "shutdown_reply", content)
	go k.shutdown()
}

// Interrupt cancels the running cell, if any. Safe from any goroutine.
func (k *Kernel) Interrupt() {
	k.cellMu.Lock()
	c := k.cell
	k.cellMu.Unlock()
	if c != nil {
		c.interrupted.Store(true)
		c.cancel()
	}
}
