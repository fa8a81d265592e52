package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/phantom"
)

// The fault-injection suite (make test-faults): the real binary on the
// demo in tmux, killed, hung up and terminated at random points of scripted
// sessions, and run with --out on a file system that fills, turns
// read-only or disappears. Every run ends with a restore (the code a
// restart runs) whose labels must equal those the screen had accepted,
// computed by an oracle: an in-process model given the same keys.

// faultsEnabled skips unless make test-faults asked for the suite.
func faultsEnabled(t *testing.T) {
	t.Helper()
	if os.Getenv("SEGTUI_FAULTS") == "" {
		t.Skip("the fault-injection suite runs with make test-faults (SEGTUI_FAULTS=1)")
	}
}

// faultRig holds the binary and the demo data for the suite's runs.
type faultRig struct {
	t         *testing.T
	dir, bin  string
	data      string // the demo dataset (segtui demo's layout)
	sessions  int
	runs      int
	editsLost int
}

func newFaultRig(t *testing.T) *faultRig {
	dir, bin := e2eBinary(t)
	r := &faultRig{t: t, dir: dir, bin: bin, data: filepath.Join(dir, "demo")}
	if _, _, err := phantom.Write(r.data, phantom.DefaultSeed); err != nil {
		t.Fatal(err)
	}
	return r
}

// faultSession is one run of the binary in its own tmux server.
type faultSession struct {
	r   *faultRig
	tm  *tmuxTerm
	pid int
}

// start runs the binary on the demo with --out out and waits for the case
// to open, answering y to a restore offer.
func (r *faultRig) start(out string) *faultSession {
	r.sessions++
	name := fmt.Sprintf("segtui-fault-%d-%d", os.Getpid(), r.sessions)
	tm, pidFile := startInTmux(r.t, r.dir, r.bin, name, "--graphics", "blocks", "--out", out, r.data)
	s := &faultSession{r: r, tm: tm, pid: readPid(r.t, pidFile)}
	screen := tm.waitFor("case opened", func(s string) bool {
		return strings.Contains(s, "opened PHANTOM_0001") || strings.Contains(s, "Journaled edits found")
	})
	if strings.Contains(screen, "Journaled edits found") {
		tm.keys("y")
		tm.waitFor("restore", func(s string) bool { return strings.Contains(msgLine(s), "restored") })
	}
	return s
}

var axialRE = regexp.MustCompile(`axial (\d+)/(\d+)`)

// slice is the axial slice (0-based) the status line shows.
func (s *faultSession) slice() int {
	st := statusOf(s.tm.screen())
	m := axialRE.FindStringSubmatch(st)
	if m == nil {
		s.r.t.Fatalf("no slice on the status line: %q", st)
	}
	n, _ := strconv.Atoi(m[1])
	return n - 1
}

// screenLines splits a captured screen, dropping the blank rows tmux
// leaves below the app when the pane is taller.
func screenLines(screen string) []string {
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// msgLine and statusOf are the screen's message line and status line.
func msgLine(screen string) string {
	l := screenLines(screen)
	if len(l) == 0 {
		return ""
	}
	return l[len(l)-1]
}

func statusOf(screen string) string {
	l := screenLines(screen)
	if len(l) < 2 {
		return ""
	}
	return l[len(l)-2]
}

// act presses key and waits for the app to finish with it: a slice move
// until the status line shows the slice, anything else until its message
// replaces the "prompts cleared" that esc leaves first.
func (s *faultSession) act(key string, wantSlice int) {
	switch key {
	case ".", ",", "<", ">":
		s.tm.keys(key)
		s.tm.waitFor(fmt.Sprintf("slice %d after %q", wantSlice+1, key), func(sc string) bool {
			m := axialRE.FindStringSubmatch(statusOf(sc))
			return m != nil && m[1] == strconv.Itoa(wantSlice+1)
		})
		return
	}
	s.tm.keysNamed("Escape")
	s.tm.waitFor("prompts cleared", func(sc string) bool { return strings.Contains(msgLine(sc), "prompts cleared") })
	s.send(key)
	s.tm.waitFor(fmt.Sprintf("%q done", key), func(sc string) bool {
		return !strings.Contains(msgLine(sc), "prompts cleared") && !strings.Contains(statusOf(sc), "⟳")
	})
}

// send presses key without waiting.
func (s *faultSession) send(key string) {
	if key == "ctrl+r" {
		s.tm.keysNamed("C-r")
		return
	}
	s.tm.keys(key)
}

// end stops the process: SIGKILL or SIGTERM, or SIGHUP the way a dropped
// terminal gives it (the tmux server goes away); it waits until the
// process is gone.
func (s *faultSession) end(sig syscall.Signal) {
	if sig == syscall.SIGHUP {
		s.tm.run("kill-server")
	} else if err := syscall.Kill(s.pid, sig); err != nil {
		s.r.t.Fatalf("kill %d: %v", s.pid, err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for syscall.Kill(s.pid, 0) == nil {
		if time.Now().After(deadline) {
			s.r.t.Fatalf("segtui (pid %d) still runs 30 s after %v", s.pid, sig)
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.tm.run("kill-server")
}

// restored is what a restart restores from out: the labels after y (or
// the label file alone when nothing is offered).
func (r *faultRig) restored(out string) []uint16 {
	m := r.model(out)
	defer m.Close()
	if m.restore != nil {
		press(m, "y")
	}
	return slices.Clone(m.sess.Edit.Labels)
}

// model opens the demo in process with the binary's configuration.
func (r *faultRig) model(out string) *Model {
	r.t.Helper()
	cfg, cleanup, err := BuildConfig(Options{Path: r.data, OutDir: out, Keys: r.noKeys()})
	if err != nil {
		r.t.Fatal(err)
	}
	r.t.Cleanup(cleanup)
	m := New(context.Background(), cfg, asciiRenderer())
	drive(m, sizeMsg(160, 48))
	drive(m, runCmd(m.Init())...)
	if m.sess == nil {
		r.t.Fatalf("in-process open failed: %s", m.msg)
	}
	return m
}

// oracle is an in-process model holding labels as its starting state (on
// slice n), with its journal and saves in a folder of its own.
func (r *faultRig) oracle(labels []uint16, n int) *Model {
	m := r.model(r.t.TempDir())
	if m.restore != nil {
		press(m, "n")
	}
	l := datasets.NewLabelMap(m.sess.Image)
	copy(l.Labels, labels)
	if err := m.sess.LoadLabels(l, map[sliceKey]classScope{}); err != nil {
		r.t.Fatal(err)
	}
	drive(m, runCmd(m.moveTo(datasets.Axial, n))...)
	return m
}

func (r *faultRig) noKeys() string {
	p := filepath.Join(r.dir, "keys.conf")
	if _, err := os.Stat(p); err != nil {
		os.WriteFile(p, []byte("# defaults\n"), 0o644)
	}
	return p
}

// check compares a restore with the oracle's labels before and after the
// action in flight when the process ended (either is right: the edit was
// journaled or not yet); it counts the slices that match neither.
func (r *faultRig) check(what string, got, pre, post []uint16, depth, plane int) {
	r.runs++
	if slices.Equal(got, pre) || slices.Equal(got, post) {
		return
	}
	lost := 0
	for k := range depth {
		g, p, q := got[k*plane:(k+1)*plane], pre[k*plane:(k+1)*plane], post[k*plane:(k+1)*plane]
		if !slices.Equal(g, p) && !slices.Equal(g, q) {
			lost++
		}
	}
	r.editsLost += lost
	r.t.Errorf("%s: the restore differs from the accepted labels on %d slices", what, lost)
}
