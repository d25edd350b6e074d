// Package kernel is qmix's Jupyter kernel: the Jupyter messaging protocol (5.3) over
// ZeroMQ (github.com/go-zeromq/zmq4, pure Go), serving one interpreter Engine to
// JupyterLab, VS Code and `jupyter nbconvert --execute`.
//
// The contract, from the protocol checklist in the research notes: the kernel binds
// the five sockets its connection file names (shell, control and stdin ROUTERs, an
// IOPub PUB and a heartbeat REP), signs every message with HMAC-SHA256 and drops
// requests whose signature does not verify; it publishes status busy … idle on IOPub
// around every request with the request's header as parent; it serves control on its
// own goroutine so interrupt and shutdown work while a cell runs, and an interrupted
// cell still gets its execute_reply and idle. Output written to file descriptors 1
// and 2 while a cell runs — compiled library code included — is captured and sent as
// stream messages of that cell. Values become MIME bundles through a Renderer, and
// every bundle carries text/plain.
//
// The package also installs the kernelspec (Install) and turns a notebook's code
// cells back into a Go program (Export).
package kernel
