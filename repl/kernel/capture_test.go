//go:build unix

package kernel

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
)

func TestCaptureFD(t *testing.T) {
	c, err := newFDCapture()
	if err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("0123456789abcdef", 16<<10) // 256 KiB: four pipe buffers
	tests := []struct {
		name  string
		write func()
		want  map[string]string
	}{
		{"fmt to os.Stdout", func() { fmt.Println("hello") }, map[string]string{"stdout": "hello\n"}},
		{"raw write to fd 2", func() { syscall.Write(2, []byte("raw\n")) }, map[string]string{"stderr": "raw\n"}},
		{"both streams", func() { fmt.Fprint(os.Stdout, "a"); fmt.Fprint(os.Stderr, "b") }, map[string]string{"stdout": "a", "stderr": "b"}},
		{"more than a pipe holds", func() { fmt.Print(big) }, map[string]string{"stdout": big}},
		{"multi-byte characters split across writes", func() {
			b := []byte("é→✓")
			for i := range b {
				os.Stdout.Write(b[i : i+1])
			}
		}, map[string]string{"stdout": "é→✓"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			got := map[string]string{}
			err := c.start(func(name, text string) {
				mu.Lock()
				defer mu.Unlock()
				if strings.ContainsRune(text, '\uFFFD') {
					t.Errorf("%s: invalid UTF-8 chunk %q", name, text)
				}
				got[name] += text
			})
			if err != nil {
				t.Fatal(err)
			}
			tt.write()
			c.flush() // output before a flush arrives before it returns
			mu.Lock()
			flushed := fmt.Sprint(got)
			mu.Unlock()
			c.stop()
			if fmt.Sprint(got) != fmt.Sprint(tt.want) || flushed != fmt.Sprint(tt.want) {
				t.Errorf("captured %.200q (at flush %.200q), want %.200q", got, flushed, tt.want)
			}
		})
	}
}

func TestCompleteUTF8(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0}, {"abc", 3}, {"é", 2}, {"é"[:1], 0}, {"a→"[:2], 1}, {"a→"[:3], 1}, {"a→", 4},
		{"✓ok", 5}, {"\x80\x80\x80\x80", 4},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.in), func(t *testing.T) {
			if got := completeUTF8([]byte(tt.in)); got != tt.want {
				t.Errorf("completeUTF8(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}
