package sshlink

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// Kind is the terminal the client side pretends to be.
type Kind string

const (
	XTermSixel Kind = "sixel" // xterm -ti vt340: DA1 lists sixel (4)
	Kitty      Kind = "kitty" // kitty: answers the graphics query
	Plain      Kind = "plain" // a VT220-class terminal with no graphics
)

// Chunk is one read from the terminal's side of the PTY.
type Chunk struct {
	T time.Time
	B []byte
}

// Term runs a command (ssh) on a PTY as a terminal of kind Kind would:
// it answers device attribute, version, size, colour and graphics
// queries, and records every byte with the time it arrived.
type Term struct {
	Kind         Kind
	Cols, Rows   int
	CellW, CellH int
	master       *os.File
	cmd          *exec.Cmd
	mu           sync.Mutex
	rec          []Chunk
	last         time.Time
	done         chan struct{}
	waitErr      error
	replies      []reply // the simple queries' answers, built at the first query
}

// reply is a query the terminal answers with a fixed string.
type reply struct {
	q []byte
	a string
}

// StartTerm starts argv on a new PTY of cols x rows cells of cellW x cellH
// pixels.
func StartTerm(kind Kind, cols, rows, cellW, cellH int, env []string, argv ...string) (*Term, error) {
	m, s, err := openPTY()
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if err := setSize(s, cols, rows, cols*cellW, rows*cellH); err != nil {
		m.Close()
		return nil, fmt.Errorf("set pty size: %w", err)
	}
	t := &Term{Kind: kind, Cols: cols, Rows: rows, CellW: cellW, CellH: cellH, master: m, done: make(chan struct{})}
	t.cmd = exec.Command(argv[0], argv[1:]...)
	t.cmd.Env = env
	t.cmd.Stdin, t.cmd.Stdout, t.cmd.Stderr = s, s, s
	t.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := t.cmd.Start(); err != nil {
		m.Close()
		return nil, fmt.Errorf("start %s: %w", argv[0], err)
	}
	go t.read()
	go func() { t.waitErr = t.cmd.Wait(); close(t.done) }()
	return t, nil
}

func (t *Term) read() {
	var carry []byte
	buf := make([]byte, 64<<10)
	for {
		n, err := t.master.Read(buf)
		if n > 0 {
			now := time.Now()
			b := bytes.Clone(buf[:n])
			t.mu.Lock()
			t.rec = append(t.rec, Chunk{now, b})
			t.last = now
			t.mu.Unlock()
			carry = t.answer(append(carry, b...))
		}
		if err != nil {
			return
		}
	}
}

// answer replies to every complete query in b and returns the tail that
// may hold the start of one not complete yet.
func (t *Term) answer(b []byte) []byte {
	i := 0
	for {
		j := bytes.IndexByte(b[i:], 0x1b)
		if j < 0 {
			return nil
		}
		i += j
		rest := b[i:]
		reply, used, partial := t.query(rest)
		if partial {
			if len(rest) > 512 {
				return nil // not a query after all
			}
			return bytes.Clone(rest)
		}
		if reply != "" {
			_, _ = t.master.WriteString(reply)
		}
		i += max(used, 1)
	}
}

// query recognises a query at the start of b: the reply ("" for none),
// the bytes it spans, and whether b may be a query cut short.
func (t *Term) query(b []byte) (answer string, used int, partial bool) {
	if t.replies == nil {
		t.replies = t.simpleReplies() // only the read loop calls query
	}
	for _, s := range t.replies {
		if bytes.HasPrefix(b, s.q) {
			n := len(s.q)
			if s.q[1] == ']' { // OSC: through its terminator
				end := bytes.IndexAny(b, "\x07\\")
				if end < 0 {
					return "", 0, true
				}
				n = end + 1
			}
			return s.a, n, false
		}
		if len(b) < len(s.q) && bytes.HasPrefix(s.q, b) {
			return "", 0, true
		}
	}
	return t.graphicsQuery(b)
}

// simpleReplies answers device attributes, version, sizes, cursor and
// status reports, and colours, as the terminal kind does.
func (t *Term) simpleReplies() []reply {
	simple := []struct{ q, a string }{
		{"\x1b[c", t.da1()},
		{"\x1b[0c", t.da1()},
		{"\x1b[>q", t.version()},
		{"\x1b[>0q", t.version()},
		{"\x1b[16t", "\x1b[6;" + strconv.Itoa(t.CellH) + ";" + strconv.Itoa(t.CellW) + "t"},
		{"\x1b[14t", "\x1b[4;" + strconv.Itoa(t.Rows*t.CellH) + ";" + strconv.Itoa(t.Cols*t.CellW) + "t"},
		{"\x1b[18t", "\x1b[8;" + strconv.Itoa(t.Rows) + ";" + strconv.Itoa(t.Cols) + "t"},
		{"\x1b[6n", "\x1b[1;1R"},
		{"\x1b[5n", "\x1b[0n"},
		{"\x1b]11;?", "\x1b]11;rgb:0000/0000/0000\x1b\\"},
		{"\x1b]10;?", "\x1b]10;rgb:ffff/ffff/ffff\x1b\\"},
	}
	out := make([]reply, len(simple))
	for i, s := range simple {
		out[i] = reply{[]byte(s.q), s.a}
	}
	return out
}

// graphicsQuery answers kitty's graphics query and the sixel ones.
func (t *Term) graphicsQuery(b []byte) (answer string, used int, partial bool) {
	if bytes.HasPrefix(b, []byte("\x1b_G")) {
		end := bytes.Index(b, []byte("\x1b\\"))
		if end < 0 {
			if len(b) < 8192 {
				return "", 0, true
			}
			return "", 1, false
		}
		ctl := b[3:end]
		if k := bytes.IndexByte(ctl, ';'); k >= 0 {
			ctl = ctl[:k]
		}
		if t.Kind == Kitty && bytes.Contains(ctl, []byte("a=q")) {
			id := "31"
			for _, kv := range bytes.Split(ctl, []byte(",")) {
				if bytes.HasPrefix(kv, []byte("i=")) {
					id = string(kv[2:])
				}
			}
			return "\x1b_Gi=" + id + ";OK\x1b\\", end + 2, false
		}
		return "", end + 2, false
	}
	if len(b) < 3 {
		return "", 0, true
	}
	return "", 1, false
}

func (t *Term) da1() string {
	if t.Kind == XTermSixel {
		return "\x1b[?63;1;2;4;6;9;15;16;22;28c"
	}
	return "\x1b[?62;22c"
}

func (t *Term) version() string {
	switch t.Kind {
	case XTermSixel:
		return "\x1bP>|XTerm(390)\x1b\\"
	case Kitty:
		return "\x1bP>|kitty(0.39.1)\x1b\\"
	}
	return ""
}

// Send types s and returns when it was written.
func (t *Term) Send(s string) time.Time {
	now := time.Now()
	_, _ = t.master.WriteString(s)
	return now
}

// Mark is the index of the next chunk to arrive.
func (t *Term) Mark() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.rec)
}

// Since returns the chunks from mark on.
func (t *Term) Since(mark int) []Chunk {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]Chunk(nil), t.rec[mark:]...)
}

// All is every byte received so far.
func (t *Term) All() []byte { return Join(t.Since(0)) }

// WaitQuiet waits until nothing has arrived for quiet since from (or the
// command ended, or limit passed) and returns when the last byte arrived.
func (t *Term) WaitQuiet(from time.Time, quiet, limit time.Duration) time.Time {
	end := time.Now().Add(limit)
	for {
		t.mu.Lock()
		last := t.last
		t.mu.Unlock()
		now := time.Now()
		ref := last
		if from.After(ref) {
			ref = from
		}
		if now.Sub(ref) >= quiet || now.After(end) {
			return last
		}
		select {
		case <-t.done:
			return last
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// WaitFor waits until the bytes since mark contain s.
func (t *Term) WaitFor(mark int, s string, limit time.Duration) bool {
	end := time.Now().Add(limit)
	var all []byte
	next := mark
	for time.Now().Before(end) {
		// Only what arrived since the last look is new; a match may start
		// in the bytes before it.
		cs := t.Since(next)
		next += len(cs)
		from := max(0, len(all)-len(s)+1)
		all = append(all, Join(cs)...)
		if bytes.Contains(all[from:], []byte(s)) {
			return true
		}
		select {
		case <-t.done:
			return false
		case <-time.After(20 * time.Millisecond):
		}
	}
	return false
}

// Wait waits for the command to end (at most limit) and returns its error.
func (t *Term) Wait(limit time.Duration) error {
	select {
	case <-t.done:
		return t.waitErr
	case <-time.After(limit):
		return fmt.Errorf("%s still running after %s", t.cmd.Path, limit)
	}
}

// Close kills the command and closes the PTY.
func (t *Term) Close() {
	if t.cmd.Process != nil {
		_ = t.cmd.Process.Kill()
	}
	select {
	case <-t.done:
	case <-time.After(5 * time.Second):
	}
	t.master.Close()
}
