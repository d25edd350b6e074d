package kernel

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"time"
)

// ProtocolVersion is the Jupyter messaging protocol version the kernel speaks.
const ProtocolVersion = "5.3"

// delimiter separates ROUTER identities from the signed frames.
var delimiter = []byte("<IDS|MSG>")

// Header is a message header. A reply's parent header is the request's header,
// copied byte for byte (see Message.rawHeader).
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one Jupyter message as received: identities, header and the raw JSON
// of the other parts, so unknown fields pass through untouched.
type Message struct {
	Identities [][]byte
	Header     Header
	rawHeader  json.RawMessage
	Parent     json.RawMessage
	Metadata   json.RawMessage
	Content    json.RawMessage
	Buffers    [][]byte
}

// errSignature marks a message whose HMAC does not verify.
var errSignature = errors.New("bad signature")

// signer computes and checks HMAC-SHA256 signatures; a nil key disables both.
type signer struct {
	key []byte
}

func (s signer) mac() hash.Hash { return hmac.New(sha256.New, s.key) }

// sign returns the hex signature of the four signed frames.
func (s signer) sign(parts ...[]byte) []byte {
	if len(s.key) == 0 {
		return nil
	}
	m := s.mac()
	for _, p := range parts {
		m.Write(p)
	}
	out := make([]byte, hex.EncodedLen(m.Size()))
	hex.Encode(out, m.Sum(nil))
	return out
}

// decode parses the frames of a multipart message and verifies its signature in
// constant time (hmac.Equal).
func (s signer) decode(frames [][]byte) (*Message, error) {
	i := 0
	for i < len(frames) && !bytes.Equal(frames[i], delimiter) {
		i++
	}
	if i == len(frames) {
		return nil, fmt.Errorf("no %s delimiter among %d frames", delimiter, len(frames))
	}
	rest := frames[i+1:]
	if len(rest) < 5 {
		return nil, fmt.Errorf("%d frames after the delimiter, want at least 5", len(rest))
	}
	if len(s.key) > 0 {
		got := make([]byte, hex.DecodedLen(len(rest[0])))
		if _, err := hex.Decode(got, rest[0]); err != nil {
			return nil, errSignature
		}
		m := s.mac()
		for _, p := range rest[1:5] {
			m.Write(p)
		}
		if !hmac.Equal(got, m.Sum(nil)) {
			return nil, errSignature
		}
	}
	msg := &Message{
		Identities: frames[:i],
		rawHeader:  json.RawMessage(rest[1]),
		Parent:     json.RawMessage(rest[2]),
		Metadata:   json.RawMessage(rest[3]),
		Content:    json.RawMessage(rest[4]),
		Buffers:    rest[5:],
	}
	if err := json.Unmarshal(rest[1], &msg.Header); err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	if msg.Header.MsgType == "" {
		return nil, fmt.Errorf("header: no msg_type")
	}
	return msg, nil
}

// encode builds the frames of an outgoing message: identities (or an IOPub topic),
// delimiter, signature, header, parent header, metadata, content.
func (s signer) encode(prefix [][]byte, hdr Header, parent json.RawMessage, metadata, content any) ([][]byte, error) {
	h, err := json.Marshal(hdr)
	if err != nil {
		return nil, err
	}
	if len(parent) == 0 {
		parent = json.RawMessage("{}")
	}
	if metadata == nil {
		metadata = struct{}{}
	}
	md, err := json.Marshal(metadata)
	if err != nil {
		return nil, err
	}
	c, err := json.Marshal(content)
	if err != nil {
		return nil, fmt.Errorf("%s content: %w", hdr.MsgType, err)
	}
	frames := make([][]byte, 0, len(prefix)+6)
	frames = append(frames, prefix...)
	frames = append(frames, delimiter, s.sign(h, parent, md, c), h, parent, md, c)
	return frames, nil
}

// newID returns a random (version 4) UUID.
func newID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on Linux; no id is no protocol
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// now is the header date: ISO 8601 with microseconds and a zone, as jupyter_client
// writes it (mandatory since protocol 5.1).
func now() string {
	return time.Now().UTC().Format("2006-01-02T15:04:05.000000Z07:00")
}
