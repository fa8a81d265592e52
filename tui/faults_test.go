package tui

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// faultsSeed and faultsRuns come from SEGTUI_FAULTS_SEED (default 1) and
// SEGTUI_FAULTS_RUNS (default 50).
func faultsEnv(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// faultActions are the scripted session's keys, with their weights.
var faultActions = []struct {
	key    string
	weight int
}{{"a", 6}, {".", 3}, {",", 3}, {">", 1}, {"<", 1}, {"u", 2}, {"ctrl+r", 1}, {"s", 1}}

func pickAction(rng *rand.Rand) string {
	total := 0
	for _, a := range faultActions {
		total += a.weight
	}
	n := rng.IntN(total)
	for _, a := range faultActions {
		if n < a.weight {
			return a.key
		}
		n -= a.weight
	}
	return "a"
}

// TestFaultsKill runs seeded scripted sessions of the binary in tmux, each
// ended at a random point by SIGKILL, SIGTERM or a hang-up (the terminal
// going away), in chains of sessions sharing one --out so each start
// restores the last one's edits; after each, a restore must give the
// labels the screen had accepted.
func TestFaultsKill(t *testing.T) {
	faultsEnabled(t)
	seed, runs := faultsEnv("SEGTUI_FAULTS_SEED", 1), faultsEnv("SEGTUI_FAULTS_RUNS", 50)
	r := newFaultRig(t)
	rng := rand.New(rand.NewPCG(uint64(seed), 11))
	signals := []syscall.Signal{syscall.SIGKILL, syscall.SIGTERM, syscall.SIGHUP}
	const chain = 10 // sessions per --out folder
	var out string
	var want []uint16
	depth, plane := 0, 0
	start := time.Now()
	for run := range runs {
		if run%chain == 0 {
			out = filepath.Join(r.dir, fmt.Sprintf("out-%d", run/chain))
			m := r.model(t.TempDir())
			want = make([]uint16, len(m.sess.Edit.Labels))
			depth, plane = m.sess.Image.Dim[2], m.sess.Image.Dim[0]*m.sess.Image.Dim[1]
			m.Close()
		}
		s := r.start(out)
		o := r.oracle(want, s.slice())
		n := 3 + rng.IntN(6)
		stopAt, sig := rng.IntN(n), signals[rng.IntN(len(signals))]
		var script []string
		pre, post := want, want
		for i := range n {
			key := pickAction(rng)
			script = append(script, key)
			if i < stopAt {
				press(o, key)
				s.act(key, o.n)
				continue
			}
			pre = slices.Clone(o.sess.Edit.Labels)
			s.send(key)
			press(o, key)
			post = slices.Clone(o.sess.Edit.Labels)
			time.Sleep(time.Duration(rng.IntN(200)) * time.Millisecond)
			break
		}
		o.Close()
		s.end(sig)
		got := r.restored(out)
		r.check(fmt.Sprintf("run %d (%v after %q)", run+1, sig, script), got, pre, post, depth, plane)
		want = got
	}
	t.Logf("seed %d: %d sessions in %s", seed, runs, time.Since(start).Round(time.Second))
	fmt.Printf("faults (kill, hang-up, terminate): %d runs, %d edits lost\n", r.runs, r.editsLost)
}

// mountTmpfs mounts a size-limited tmpfs at dir, or says why it cannot.
func mountTmpfs(t *testing.T, dir, size string) error {
	os.MkdirAll(dir, 0o755)
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		return fmt.Errorf("%v: %s", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() {
		for range 50 { // the binary may still be letting go of it
			if exec.Command("umount", dir).Run() == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	return nil
}

// diskRun is one disk-fault session mirrored on an oracle.
type diskRun struct {
	r   *faultRig
	s   *faultSession
	o   *Model
	out string
}

func (r *faultRig) diskRun(out string) *diskRun {
	s := r.start(out)
	m := r.model(r.t.TempDir())
	zero := make([]uint16, len(m.sess.Edit.Labels))
	m.Close()
	return &diskRun{r: r, s: s, o: r.oracle(zero, s.slice()), out: out}
}

func (d *diskRun) keys(keys ...string) {
	for _, k := range keys {
		if k != "s" {
			press(d.o, k)
		}
		d.s.act(k, d.o.n)
	}
}

// screenSays fails unless the screen's status or message line holds each
// of parts.
func (d *diskRun) screenSays(when string, parts ...string) {
	sc := d.s.tm.screen()
	lines := statusOf(sc) + "\n" + msgLine(sc)
	for _, p := range parts {
		if !strings.Contains(lines, p) {
			d.r.t.Errorf("%s: the screen does not say %q:\n%s", when, p, lines)
		}
	}
}

// quitPromptSays presses q, checks the prompt, and stays (any other key).
func (d *diskRun) quitPromptSays(when, part string) {
	d.s.tm.keys("q")
	sc := d.s.tm.waitFor("quit prompt", func(s string) bool { return strings.Contains(s, "unsaved edits") })
	if !strings.Contains(sc, part) {
		d.r.t.Errorf("%s: the quit prompt does not say %q:\n%s", when, part, sc)
	}
	d.s.tm.keys("x")
	d.s.tm.waitFor("prompt closed", func(s string) bool { return !strings.Contains(s, "unsaved edits") })
}

// finish kills the binary and checks the restore against the oracle.
func (d *diskRun) finish(what string) {
	want := slices.Clone(d.o.sess.Edit.Labels)
	dim := d.o.sess.Image.Dim
	d.o.Close()
	d.s.end(syscall.SIGKILL)
	d.r.check(what, d.r.restored(d.out), want, want, dim[2], dim[0]*dim[1])
}

// TestFaultsDisk runs the TUI with --out on a 64 KiB tmpfs that fills
// mid-session, on one read-only until it is remounted read-write, and on a
// folder removed mid-session: the screen must
// say edits are not journaled while they are not, the quit prompt must not
// promise a journal, and once the fault clears a kill -9 loses nothing.
func TestFaultsDisk(t *testing.T) {
	faultsEnabled(t)
	r := newFaultRig(t)
	t.Run("full", func(t *testing.T) {
		r.t = t
		out := filepath.Join(r.dir, "full")
		if err := mountTmpfs(t, out, "64k"); err != nil {
			t.Logf("cannot mount a tmpfs here (%v): using the injected disk-full writer error instead", err)
			TestJournalWriteFailureStaysVisible(t)
			return
		}
		d := r.diskRun(out)
		d.keys("a", ".", "a")
		fill := filepath.Join(out, "fill")
		exec.Command("dd", "if=/dev/zero", "of="+fill, "bs=4k").Run() // fails once full, as meant
		d.keys(".", "a")
		d.screenSays("disk full", "not journaled", "no space left on device")
		d.keys(".", "a")
		d.screenSays("disk full, next edit", "not journaled", "no space left on device")
		d.quitPromptSays("disk full", "lose")
		d.keys("s")
		d.screenSays("save on a full disk", "no space left on device")
		os.Remove(fill)
		d.keys(".", "a")
		if st := statusOf(d.s.tm.screen()); strings.Contains(st, "not journaled") {
			t.Errorf("space freed: the warning stayed:\n%s", st)
		}
		d.finish("full, freed, no save")

		// The sequence: fill, edit, s fails, free, s, ., a, kill -9.
		os.RemoveAll(out + "/.journal")
		for _, f := range []string{"PHANTOM_0001_labels.nii.gz", ".PHANTOM_0001_labels.nii.gz.segtui.json"} {
			os.Remove(filepath.Join(out, f))
		}
		d = r.diskRun(out)
		d.keys("a", ".", "a")
		exec.Command("dd", "if=/dev/zero", "of="+fill, "bs=4k").Run()
		d.keys(".", "a", "s")
		d.screenSays("save on a full disk", "no space left on device")
		os.Remove(fill)
		d.keys("s", ".", "a")
		d.finish("full, the issue's sequence")
	})
	t.Run("read-only", func(t *testing.T) {
		r.t = t
		out := filepath.Join(r.dir, "ro")
		if err := mountTmpfs(t, out, "1m"); err != nil {
			t.Logf("cannot mount a tmpfs here (%v): using the injected disk-full writer error instead", err)
			TestJournalWriteFailureStaysVisible(t)
			return
		}
		// Read-only from the start: the kernel refuses to remount a file
		// system read-only while the journal is open for writing.
		if b, err := exec.Command("mount", "-o", "remount,ro", out).CombinedOutput(); err != nil {
			t.Fatalf("remount read-only: %v %s", err, b)
		}
		d := r.diskRun(out)
		d.keys("a", ".", "a")
		d.screenSays("read-only", "not journaled", "read-only file system")
		d.quitPromptSays("read-only", "lose")
		d.keys("s")
		d.screenSays("save on a read-only file system", "read-only file system")
		if b, err := exec.Command("mount", "-o", "remount,rw", out).CombinedOutput(); err != nil {
			t.Fatalf("remount read-write: %v %s", err, b)
		}
		d.keys(",", "a")
		d.finish("read-only")
	})
	t.Run("removed", func(t *testing.T) {
		r.t = t
		out := filepath.Join(r.dir, "removed")
		d := r.diskRun(out)
		d.keys("a", "s", ",", "a")
		if err := os.RemoveAll(out); err != nil {
			t.Fatal(err)
		}
		d.keys(",", "a", "u", "ctrl+r")
		d.finish("removed")
	})
	fmt.Printf("faults (disk full, read-only, removed): %d runs, %d edits lost\n", r.runs, r.editsLost)
}
