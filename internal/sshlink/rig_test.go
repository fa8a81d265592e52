package sshlink

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The terminal: 160x48 cells of 10x20 pixels.
const (
	termCols, termRows = 160, 48
	cellW, cellH       = 10, 20
)

// rig is one sshd and one segtui build shared by a test's sessions.
type rig struct {
	sshd *SSHD
	bin  string
	dir  string
}

var buildOnce struct {
	sync.Once
	bin string
	err error
}

// segtuiBinary builds cmd/segtui once per test binary.
func segtuiBinary(t testing.TB) string {
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "segtui-ssh-bin-")
		if err != nil {
			buildOnce.err = err
			return
		}
		buildOnce.bin = filepath.Join(dir, "segtui")
		out, err := exec.Command("go", "build", "-o", buildOnce.bin, "../../cmd/segtui").CombinedOutput()
		if err != nil {
			buildOnce.err = fmt.Errorf("go build: %v: %s", err, out)
		}
	})
	if buildOnce.err != nil {
		t.Fatal(buildOnce.err)
	}
	return buildOnce.bin
}

func newRig(t testing.TB) *rig {
	t.Helper()
	if _, err := os.Stat(SSHDPath); err != nil {
		t.Skipf("%s is missing (apt-get install openssh-server): %v", SSHDPath, err)
	}
	dir := t.TempDir()
	s, err := StartSSHD(dir)
	if err != nil {
		t.Skipf("sshd cannot start here: %v", err)
	}
	t.Cleanup(s.Stop)
	return &rig{sshd: s, bin: segtuiBinary(t), dir: dir}
}

// session is segtui running over ssh -tt through a shaped relay.
type session struct {
	t     testing.TB
	relay *Relay
	term  *Term
	out   string // --out
}

// start runs segtui with args in a terminal of kind over link.
func (r *rig) start(t testing.TB, link Link, kind Kind, graphics, out string, args ...string) *session {
	t.Helper()
	return r.startEnv(t, link, kind, graphics, out, nil, args...)
}

// startEnv is start with environment settings for segtui on the server.
func (r *rig) startEnv(t testing.TB, link Link, kind Kind, graphics, out string, env []string, args ...string) *session {
	t.Helper()
	relay, err := StartRelay(r.sshd.Addr(), link, 15*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(relay.Close)
	remote := []string{"cd", shellQuote(r.dir), "&&", "exec", "env"}
	for _, e := range env {
		remote = append(remote, shellQuote(e))
	}
	remote = append(remote, shellQuote(r.bin), "--graphics", graphics, "--out", shellQuote(out))
	for _, a := range args {
		remote = append(remote, shellQuote(a))
	}
	clientEnv := []string{"TERM=xterm-256color", "COLORTERM=truecolor", "PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	term, err := StartTerm(kind, termCols, termRows, cellW, cellH, clientEnv, r.sshd.SSHArgs(relay.Port(), strings.Join(remote, " "))...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(term.Close)
	return &session{t: t, relay: relay, term: term, out: out}
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// measured is what one key (or burst) cost.
type measured struct {
	app    int           // bytes the terminal received
	wire   int64         // bytes the relay carried to the client (SSH framing included)
	images int           // images sent
	took   time.Duration // from the (last) key to the last byte
	out    []byte
}

// quietFor is how long the output must stay silent for a frame to count
// as complete: longer than any pause between a key's text and its image,
// or its image and a model's proposal.
func quietFor(link Link) time.Duration { return 700*time.Millisecond + link.RTT }

// press sends keys (spaced by gap) and measures from the last one until
// the output is quiet.
func (s *session) press(link Link, gap time.Duration, keys ...string) measured {
	return s.pressUntil(link, gap, "", keys...)
}

// pressUntil is press that first waits for text to arrive (a case opened),
// so a pause before it does not end the measurement.
func (s *session) pressUntil(link Link, gap time.Duration, text string, keys ...string) measured {
	s.settle(link)
	mark, wire0 := s.term.Mark(), s.relay.Down()
	var at time.Time
	for i, k := range keys {
		if i > 0 {
			time.Sleep(gap)
		}
		at = s.term.Send(k)
	}
	if text != "" && !s.term.WaitFor(mark, text, 60*time.Second) {
		s.t.Errorf("no %q within a minute of the keys", text)
	}
	last := s.term.WaitQuiet(at, quietFor(link), 60*time.Second)
	cs := s.term.Since(mark)
	b := Join(cs)
	m := measured{app: len(b), wire: s.relay.Down() - wire0, images: Images(b), out: b}
	if len(cs) > 0 {
		m.took = last.Sub(at)
	}
	if os.Getenv("SEGTUI_SSH_TIMELINE") != "" {
		for _, c := range cs {
			tail := ""
			if len(c.B) < 400 {
				tail = string(c.B)
			}
			s.t.Logf("timeline %q +%d ms %d bytes images %d %q", keys, c.T.Sub(at).Milliseconds(), len(c.B), Images(c.B), tail)
		}
	}
	return m
}

// settle waits until nothing is arriving.
func (s *session) settle(link Link) { s.term.WaitQuiet(time.Now(), quietFor(link), 60*time.Second) }

// waitScreen waits for text in the output from the start.
func (s *session) waitScreen(text string, limit time.Duration) {
	s.t.Helper()
	if !s.term.WaitFor(0, text, limit) {
		s.t.Fatalf("no %q on the screen after %s; the terminal got %d bytes:\n%q", text, limit, len(s.term.All()), tail(s.term.All(), 2000))
	}
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}
