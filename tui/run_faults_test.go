package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startInTmux runs the binary with args in a fresh tmux server (160x48)
// and returns the terminal and the file that will hold its pid; the pane
// prints SEGTUI-EXITED and the exit status when it ends.
func startInTmux(t *testing.T, dir, bin, name string, args ...string) (*tmuxTerm, string) {
	t.Helper()
	pidFile := filepath.Join(dir, name+".pid")
	tm := &tmuxTerm{t: t, name: name, sock: filepath.Join(dir, name+".sock")}
	inner := fmt.Sprintf("echo $$ > %s; XDG_CONFIG_HOME=%s exec %s %s", pidFile, filepath.Join(dir, "config"), bin, strings.Join(args, " "))
	tm.run("new-session", "-d", "-s", tm.name, "-x", "160", "-y", "48",
		fmt.Sprintf("cd %s && sh -c '%s'; echo SEGTUI-EXITED $?; sleep 60", dir, inner))
	t.Cleanup(func() { tm.run("kill-server") })
	return tm, pidFile
}

func readPid(t *testing.T, pidFile string) int {
	t.Helper()
	for range 100 {
		if b, err := os.ReadFile(pidFile); err == nil {
			if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
				return pid
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no pid in %s", pidFile)
	return 0
}

// SIGTERM with unsaved edits says where they are (the journal) and how to
// get them back, and exits 143 (128 + 15) rather than 0.
func TestSIGTERMSaysEditsAreInJournal(t *testing.T) {
	dir, bin := e2eBinary(t)
	out := filepath.Join(dir, "out")
	tm, pidFile := startInTmux(t, dir, bin, fmt.Sprintf("segtui-term-%d", os.Getpid()), "--graphics", "blocks", "--out", out)
	tm.waitFor("case opened", func(s string) bool { return strings.Contains(s, "opened PHANTOM_0001") })
	tm.keys("a")
	tm.waitFor("auto-prompt", func(s string) bool { return strings.Contains(s, "1 labelled slices") })
	if err := syscall.Kill(readPid(t, pidFile), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	s := tm.waitFor("exit", func(s string) bool { return strings.Contains(s, "SEGTUI-EXITED") })
	if !strings.Contains(s, "SEGTUI-EXITED 143") {
		t.Errorf("exit status after SIGTERM is not 143:\n%s", s)
	}
	if !strings.Contains(s, "in the journal") || !strings.Contains(s, ".journal") {
		t.Errorf("SIGTERM did not say the unsaved edit is in the journal:\n%s", s)
	}
}

// --out naming a file is refused at start with what is wrong, instead of
// every edit failing later with a journal error.
func TestOutIsAFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "labels.nii.gz")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // no user key overrides
	_, _, err := BuildConfig(Options{OutDir: file})
	if err == nil || !strings.Contains(err.Error(), "--out") || !strings.Contains(err.Error(), "not a folder") {
		t.Fatalf("BuildConfig with --out a file: %v; want an error saying --out is not a folder", err)
	}
}

// An unreadable default keys.conf (here a folder) does not stop start-up:
// the default keys are used and the message line says why; --keys naming
// it still stops.
func TestUnreadableDefaultKeysConf(t *testing.T) {
	xdg := t.TempDir()
	conf := filepath.Join(xdg, "segtui", "keys.conf")
	if err := os.MkdirAll(conf, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CONFIG_HOME", xdg)
	cfg, cleanup, err := BuildConfig(Options{OutDir: t.TempDir()})
	if err != nil {
		t.Fatalf("an unreadable default keys.conf stopped start-up: %v", err)
	}
	defer cleanup()
	m := startModel(t, cfg)
	if !strings.Contains(m.msg, "keys.conf") {
		t.Errorf("the message line does not say keys.conf was not read: %q", m.msg)
	}
	if _, _, err := BuildConfig(Options{OutDir: t.TempDir(), Keys: conf}); err == nil {
		t.Error("--keys naming an unreadable file should stop start-up")
	}
}
