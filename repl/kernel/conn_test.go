package kernel

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadConnectionFile(t *testing.T) {
	const ok = `{"transport":"tcp","ip":"127.0.0.1","shell_port":1,"control_port":2,"stdin_port":3,"iopub_port":4,"hb_port":5,"key":"k","signature_scheme":"hmac-sha256","kernel_name":"qmix"}`
	tests := []struct {
		name, json, err, endpoint string
	}{
		{"ok", ok, "", "tcp://127.0.0.1:1"},
		{"ipv6", strings.Replace(ok, `"127.0.0.1"`, `"::1"`, 1), "", "tcp://[::1]:1"},
		{"ipc unsupported", strings.Replace(ok, `"tcp"`, `"ipc"`, 1), "field transport", ""},
		{"missing port", strings.Replace(ok, `"hb_port":5`, `"hb_port":0`, 1), "field hb_port", ""},
		{"unknown scheme", strings.Replace(ok, "hmac-sha256", "hmac-md5", 1), "field signature_scheme", ""},
		{"no ip", strings.Replace(ok, `"127.0.0.1"`, `""`, 1), "field ip", ""},
		{"not json", `{"ip":`, "conn.json", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "conn.json")
			os.WriteFile(p, []byte(tt.json), 0o600)
			ci, err := ReadConnectionFile(p)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want it to mention %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := ci.endpoint(ci.ShellPort); got != tt.endpoint {
				t.Errorf("endpoint %s, want %s", got, tt.endpoint)
			}
		})
	}
}
