package hub

import (
	"errors"
	"syscall"
)

// isNoSpace reports a full device (or quota).
func isNoSpace(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}
