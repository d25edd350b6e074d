package build

import (
	"bufio"
	"encoding/json"
	"io"

	"qmix/lib/record"
)

func writeDropLines(w io.Writer, drops []record.Drop) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, d := range drops {
		if err := enc.Encode(d); err != nil {
			return err
		}
	}
	return bw.Flush()
}
