package kernel

import (
	"encoding/json"
	"errors"
	"regexp"
	"testing"
)

func TestSignerDecode(t *testing.T) {
	s := signer{key: []byte("k")}
	good, err := s.encode([][]byte{[]byte("peer")}, Header{MsgID: "1", MsgType: "execute_request"}, nil, nil, map[string]string{"code": "1"})
	if err != nil {
		t.Fatal(err)
	}
	tamper := func(i int, b string) [][]byte {
		f := append([][]byte(nil), good...)
		f[i] = []byte(b)
		return f
	}
	tests := []struct {
		name   string
		signer signer
		frames [][]byte
		err    error  // errors.Is target, or nil
		errRe  string // message pattern when err is nil and an error is wanted
	}{
		{"good", s, good, nil, ""},
		{"no key skips checks", signer{}, tamper(2, "not-a-signature"), nil, ""},
		{"wrong key", signer{key: []byte("other")}, good, errSignature, ""},
		{"tampered content", s, tamper(6, `{"code":"2"}`), errSignature, ""},
		{"signature not hex", s, tamper(2, "zz"), errSignature, ""},
		{"no delimiter", s, tamper(1, "x"), nil, "delimiter"},
		{"too few frames", s, good[:5], nil, "want at least 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := tt.signer.decode(tt.frames)
			switch {
			case tt.err != nil:
				if !errors.Is(err, tt.err) {
					t.Errorf("err %v, want %v", err, tt.err)
				}
			case tt.errRe != "":
				if err == nil || !regexp.MustCompile(tt.errRe).MatchString(err.Error()) {
					t.Errorf("err %v, want /%s/", err, tt.errRe)
				}
			case err != nil:
				t.Fatal(err)
			default:
				if string(m.Identities[0]) != "peer" || m.Header.MsgType != "execute_request" {
					t.Errorf("decoded %+v", m)
				}
				var c map[string]string
				json.Unmarshal(m.Content, &c)
				if c["code"] != "1" && tt.name == "good" {
					t.Errorf("content %s", m.Content)
				}
			}
		})
	}
}

func TestNewID(t *testing.T) {
	re := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		id := newID()
		if !re.MatchString(id) || seen[id] {
			t.Fatalf("bad or repeated id %q", id)
		}
		seen[id] = true
	}
}
