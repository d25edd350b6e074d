package kernel

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"strconv"
)

// ConnectionInfo is a Jupyter connection file: where to bind and how to sign.
type ConnectionInfo struct {
	Transport       string `json:"transport"`
	IP              string `json:"ip"`
	ShellPort       int    `json:"shell_port"`
	ControlPort     int    `json:"control_port"`
	StdinPort       int    `json:"stdin_port"`
	IOPubPort       int    `json:"iopub_port"`
	HBPort          int    `json:"hb_port"`
	Key             string `json:"key"`
	SignatureScheme string `json:"signature_scheme"`
	KernelName      string `json:"kernel_name,omitempty"`
}

// ReadConnectionFile reads and checks a connection file.
func ReadConnectionFile(path string) (ConnectionInfo, error) {
	var ci ConnectionInfo
	b, err := os.ReadFile(path)
	if err != nil {
		return ci, err
	}
	if err := json.Unmarshal(b, &ci); err != nil {
		return ci, fmt.Errorf("%s: %w", path, err)
	}
	if err := ci.check(); err != nil {
		return ci, fmt.Errorf("%s: %w", path, err)
	}
	return ci, nil
}

func (ci *ConnectionInfo) check() error {
	if ci.Transport == "" {
		ci.Transport = "tcp"
	}
	if ci.Transport != "tcp" {
		// zmq4 also speaks ipc, but the ipc naming scheme (ip-port paths) is
		// not worth supporting until a client asks for it.
		return fmt.Errorf("field transport: %q is not supported (only tcp)", ci.Transport)
	}
	if ci.IP == "" {
		return fmt.Errorf("field ip: missing")
	}
	for _, p := range []struct {
		name string
		port int
	}{{"shell_port", ci.ShellPort}, {"control_port", ci.ControlPort}, {"stdin_port", ci.StdinPort},
		{"iopub_port", ci.IOPubPort}, {"hb_port", ci.HBPort}} {
		if p.port <= 0 || p.port > 65535 {
			return fmt.Errorf("field %s: %d is not a port", p.name, p.port)
		}
	}
	switch ci.SignatureScheme {
	case "hmac-sha256":
	case "":
		if ci.Key != "" {
			return fmt.Errorf("field signature_scheme: missing while a key is set")
		}
	default:
		return fmt.Errorf("field signature_scheme: %q is not supported (only hmac-sha256)", ci.SignatureScheme)
	}
	return nil
}

// endpoint is the ZeroMQ address of one of the connection's ports.
func (ci ConnectionInfo) endpoint(port int) string {
	return fmt.Sprintf("%s://%s", ci.Transport, net.JoinHostPort(ci.IP, strconv.Itoa(port)))
}
