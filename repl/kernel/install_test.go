package kernel

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func TestKernelsDir(t *testing.T) {
	tmp := t.TempDir()
	tests := []struct {
		name    string
		opt     InstallOptions
		dataDir string
		xdg     string
		want    string
	}{
		{"JUPYTER_DATA_DIR", InstallOptions{User: true}, filepath.Join(tmp, "jd"), "", filepath.Join(tmp, "jd", "kernels")},
		{"prefix beats JUPYTER_DATA_DIR", InstallOptions{Prefix: filepath.Join(tmp, "venv")}, filepath.Join(tmp, "jd"), "", filepath.Join(tmp, "venv", "share", "jupyter", "kernels")},
		{"user with XDG_DATA_HOME", InstallOptions{User: true}, "", filepath.Join(tmp, "xdg"), filepath.Join(tmp, "xdg", "jupyter", "kernels")},
		{"system", InstallOptions{}, "", "", "/usr/local/share/jupyter/kernels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("JUPYTER_DATA_DIR", tt.dataDir)
			t.Setenv("XDG_DATA_HOME", tt.xdg)
			got, err := KernelsDir(tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("KernelsDir = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestInstall(t *testing.T) {
	data := t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", data)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := Install(InstallOptions{User: true}, "v-test")
	if err != nil {
		t.Fatal(err)
	}
	if dir != filepath.Join(data, "kernels", "qmix") {
		t.Errorf("installed in %s", dir)
	}
	b, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec KernelSpec
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	wantExe, _ := filepath.EvalSymlinks(exe)
	if len(spec.Argv) != 3 || spec.Argv[0] != wantExe || spec.Argv[1] != "kernel" || spec.Argv[2] != "{connection_file}" {
		t.Errorf("argv %q", spec.Argv)
	}
	if spec.InterruptMode != "message" || spec.Language != "go" || spec.DisplayName != "qmix (Go)" {
		t.Errorf("spec %+v", spec)
	}
	for _, size := range []int{32, 64} {
		name := filepath.Join(dir, fmt.Sprintf("logo-%dx%d.png", size, size))
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if r := img.Bounds(); r.Dx() != size || r.Dy() != size {
			t.Errorf("%s is %v", name, r)
		}
	}
	// Reinstalling replaces the spec in place.
	if _, err := Install(InstallOptions{User: true}, "v-test"); err != nil {
		t.Fatal(err)
	}
}

func TestLogoDeterministic(t *testing.T) {
	a, _ := Logo(64)
	b, _ := Logo(64)
	if !bytes.Equal(a, b) {
		t.Error("logo differs between runs")
	}
}
