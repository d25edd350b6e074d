package stop

import (
	"context"
	"errors"
	"testing"
)

func TestErr(t *testing.T) {
	t.Cleanup(func() { Set(nil) })
	ctx, cancel := context.WithCancel(context.Background())
	tests := []struct {
		name string
		set  func()
		want error
	}{
		{"unset", func() { Set(nil) }, nil},
		{"running", func() { Set(ctx) }, nil},
		{"cancelled", func() { Set(ctx); cancel() }, context.Canceled},
		{"cleared", func() { Set(nil) }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.set()
			if got := Err(); !errors.Is(got, tt.want) || (got == nil) != (tt.want == nil) {
				t.Fatalf("Err() = %v, want %v", got, tt.want)
			}
		})
	}
}
