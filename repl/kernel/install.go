package kernel

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"

	"qmix/lib/record"
)

// KernelName is the kernelspec directory name; notebooks name it in
// metadata.kernelspec.name.
const KernelName = "qmix"

// InstallOptions says where the kernelspec goes and what it starts.
type InstallOptions struct {
	// User installs for the current user (Jupyter's user data directory).
	User bool
	// Prefix installs under Prefix/share/jupyter (a virtualenv, a conda env).
	Prefix string
	// Executable is the absolute path of the qmix binary kernel.json starts;
	// empty means the running binary.
	Executable string
}

// KernelSpec is the content of kernel.json.
type KernelSpec struct {
	Argv          []string          `json:"argv"`
	DisplayName   string            `json:"display_name"`
	Language      string            `json:"language"`
	InterruptMode string            `json:"interrupt_mode"`
	Env           map[string]string `json:"env"`
	Metadata      map[string]any    `json:"metadata"`
}

// KernelsDir is the directory holding kernelspecs, by Jupyter's rules: Prefix
// wins, then $JUPYTER_DATA_DIR, then the user data directory with User, else the
// system directory.
func KernelsDir(opt InstallOptions) (string, error) {
	if opt.Prefix != "" {
		p, err := filepath.Abs(opt.Prefix)
		if err != nil {
			return "", err
		}
		return filepath.Join(p, "share", "jupyter", "kernels"), nil
	}
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		p, err := filepath.Abs(d)
		if err != nil {
			return "", err
		}
		return filepath.Join(p, "kernels"), nil
	}
	if !opt.User {
		if runtime.GOOS == "windows" {
			if pd := os.Getenv("PROGRAMDATA"); pd != "" {
				return filepath.Join(pd, "jupyter", "kernels"), nil
			}
		}
		return "/usr/local/share/jupyter/kernels", nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	switch runtime.GOOS {
	case "darwin":
		return filepath.Join(home, "Library", "Jupyter", "kernels"), nil
	case "windows":
		if ad := os.Getenv("APPDATA"); ad != "" {
			return filepath.Join(ad, "jupyter", "kernels"), nil
		}
	}
	data := os.Getenv("XDG_DATA_HOME")
	if data == "" {
		data = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(data, "jupyter", "kernels"), nil
}

// Spec is the kernelspec that starts exe.
func Spec(exe, version string) KernelSpec {
	return KernelSpec{
		Argv:          []string{exe, "kernel", "{connection_file}"},
		DisplayName:   "qmix (Go)",
		Language:      "go",
		InterruptMode: "message",
		Env:           map[string]string{},
		Metadata:      map[string]any{"qmix": map[string]any{"version": version}},
	}
}

// Install writes the kernelspec directory (kernel.json and the two logos) and
// returns its path. An existing qmix kernelspec is replaced.
func Install(opt InstallOptions, version string) (string, error) {
	exe := opt.Executable
	if exe == "" {
		e, err := os.Executable()
		if err != nil {
			return "", fmt.Errorf("kernel install: locating the qmix binary: %w", err)
		}
		exe = e
	}
	exe, err := filepath.Abs(exe)
	if err != nil {
		return "", err
	}
	if r, err := filepath.EvalSymlinks(exe); err == nil {
		exe = r
	}
	if fi, err := os.Stat(exe); err != nil || fi.IsDir() {
		return "", fmt.Errorf("kernel install: %s is not the qmix binary", exe)
	}
	kernels, err := KernelsDir(opt)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(kernels, KernelName)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		if errors.Is(err, os.ErrPermission) && !opt.User && opt.Prefix == "" {
			return "", fmt.Errorf("kernel install: %w (use --user, or --prefix DIR)", err)
		}
		return "", fmt.Errorf("kernel install: %w", err)
	}
	b, err := json.MarshalIndent(Spec(exe, version), "", "  ")
	if err != nil {
		return "", err
	}
	files := map[string][]byte{"kernel.json": append(b, '\n')}
	for _, size := range []int{32, 64} {
		png, err := Logo(size)
		if err != nil {
			return "", err
		}
		files[fmt.Sprintf("logo-%dx%d.png", size, size)] = png
	}
	for name, data := range files {
		// Through a temporary file and a rename: a notebook server reading
		// kernel.json never sees half of it.
		write := func(w io.Writer) error { _, err := w.Write(data); return err }
		if err := record.WriteAtomic(filepath.Join(dir, name), write); err != nil {
			return "", fmt.Errorf("kernel install: %w", err)
		}
	}
	return dir, nil
}
