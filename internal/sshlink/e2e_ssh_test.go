package sshlink

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// poorLink is the slow remote link.
var poorLink = Link{Name: "10 Mbit/s 60 ms", Mbit: 10, RTT: 60 * time.Millisecond}

// labelSession is the user's work in the e2e tests: auto-prompt and
// accept, two slices on, a box and accept.
var labelSession = [][]string{
	{"a"}, {"\r"}, {"."}, {"."}, {"b"}, {"H"}, {"K"}, {"b"}, {"\r"},
}

func needSSH(t *testing.T) {
	if os.Getenv("SEGTUI_SSH") == "" && os.Getenv("SEGTUI_SSH_BENCH") == "" {
		t.Skip("set SEGTUI_SSH=1 (make test-ssh): real SSH sessions take a minute")
	}
}

// savedLabels is the label file a session saved in out.
func savedLabels(t *testing.T, out string) []byte {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(out, "*_labels.*"))
	var files []string
	for _, f := range m {
		if !strings.HasSuffix(f, ".json") {
			files = append(files, f)
		}
	}
	if len(files) != 1 {
		t.Fatalf("%s holds label files %v, want exactly one", out, m)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// work presses the session's keys, each once the screen is quiet.
func (s *session) work(link Link, keys [][]string) {
	for _, k := range keys {
		s.press(link, 0, k...)
	}
}

// saveQuit saves and quits and waits for segtui (and ssh) to end.
func (s *session) saveQuit(t *testing.T, link Link) {
	t.Helper()
	mark := s.term.Mark()
	s.press(link, 0, "s")
	if !s.term.WaitFor(mark, "saved", 20*time.Second) {
		t.Fatalf("no \"saved\" after s:\n%q", tail(Join(s.term.Since(mark)), 3000))
	}
	s.term.Send("q")
	if err := s.term.Wait(30 * time.Second); err != nil {
		t.Fatalf("segtui over ssh did not quit cleanly: %v\n%q", err, tail(s.term.All(), 2000))
	}
}

// TestSSHE2EShapedLink labels the demo over ssh -tt through a 10 Mbit/s,
// 60 ms link with sixel, as a user would, and saves: the labels must be
// those of the same keys over plain loopback.
func TestSSHE2EShapedLink(t *testing.T) {
	needSSH(t)
	r := newRig(t)
	var saved [2][]byte
	for i, link := range []Link{poorLink, Unlimited} {
		out := t.TempDir()
		s := r.start(t, link, XTermSixel, "sixel", out)
		s.waitScreen("axial", 30*time.Second)
		s.work(link, labelSession)
		if !bytes.Contains(s.term.All(), []byte("accepted")) {
			t.Errorf("%s: no edit was accepted:\n%q", link.Name, tail(s.term.All(), 3000))
		}
		s.saveQuit(t, link)
		saved[i] = savedLabels(t, out)
	}
	if !bytes.Equal(saved[0], saved[1]) {
		t.Fatalf("labels saved over the shaped link (%d bytes) differ from the loopback run's (%d bytes)", len(saved[0]), len(saved[1]))
	}
}

// TestSSHDroppedLink kills the link in the middle of a session: the next
// session over a new link finds the journal, restores every accepted
// edit, and saves the same labels as a session that never dropped.
func TestSSHDroppedLink(t *testing.T) {
	needSSH(t)
	r := newRig(t)
	out := t.TempDir()
	s := r.start(t, poorLink, XTermSixel, "sixel", out)
	s.waitScreen("axial", 30*time.Second)
	s.work(poorLink, labelSession)
	s.relay.Close() // the link dies: ssh and sshd see the connection reset
	if err := s.term.Wait(30 * time.Second); err == nil {
		t.Log("ssh ended cleanly after the link dropped")
	}
	// segtui on the server gets SIGHUP; give it its moment to finish.
	time.Sleep(2 * time.Second)

	again := r.start(t, poorLink, XTermSixel, "sixel", out)
	again.waitScreen("Journaled edits found", 30*time.Second)
	if m := regexp.MustCompile(`(\d+) edits, (\d+) not saved`).FindSubmatch(again.term.All()); m == nil || string(m[1]) != "2" {
		t.Fatalf("the journal offered after the drop should hold the 2 accepted edits; the screen says %q", m)
	}
	again.press(poorLink, 0, "y")
	again.saveQuit(t, poorLink)
	restored := savedLabels(t, out)

	ref := t.TempDir()
	s2 := r.start(t, Unlimited, XTermSixel, "sixel", ref)
	s2.waitScreen("axial", 30*time.Second)
	s2.work(Unlimited, labelSession)
	s2.saveQuit(t, Unlimited)
	if want := savedLabels(t, ref); !bytes.Equal(restored, want) {
		t.Fatalf("labels restored from the journal after the dropped link (%d bytes) differ from a session that never dropped (%d bytes)", len(restored), len(want))
	}
}
