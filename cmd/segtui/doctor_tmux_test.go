package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestDoctorInTmuxHelper is segtui doctor run inside the tmux pane of
// TestDoctorThroughRealTmux (it skips anywhere else).
func TestDoctorInTmuxHelper(t *testing.T) {
	if os.Getenv("SEGTUI_DOCTOR_IN_TMUX") == "" {
		t.Skip("run by TestDoctorThroughRealTmux inside tmux")
	}
	doctor(nil, os.Stdin, os.Stdout, os.Stderr, os.Getenv)
}

// A real tmux 3.3 attached to a pty where the test plays xterm 379 (its
// recorded replies): with allow-passthrough on, doctor inside tmux asks
// xterm through tmux and reports sixel with passthrough on (it said half
// blocks and "passthrough false" before); with it off, blocks and how to
// turn it on.
func TestDoctorThroughRealTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux not installed")
	}
	for _, c := range []struct {
		setting string
		want    []string
	}{
		{"on", []string{"Graphics: sixel (terminal XTerm(379))", "cell 8x17 px", "passthrough on: images wrapped"}},
		{"off", []string{"Graphics: blocks", "passthrough off: images need `tmux set -g allow-passthrough on`"}},
	} {
		t.Run(c.setting, func(t *testing.T) {
			screen := doctorInTmux(t, c.setting)
			for _, w := range c.want {
				if !strings.Contains(screen, w) {
					t.Errorf("doctor in tmux (allow-passthrough %s) lacks %q:\n%s", c.setting, w, screen)
				}
			}
		})
	}
}

// doctorInTmux runs the helper in a tmux whose client terminal is a pty
// answered like xterm, and returns the pane's text.
func doctorInTmux(t *testing.T, passthrough string) string {
	dir := t.TempDir()
	sock, conf := filepath.Join(dir, "sock"), filepath.Join(dir, "tmux.conf")
	os.WriteFile(conf, []byte("set -g allow-passthrough "+passthrough+"\nset -g remain-on-exit on\nset -g status off\n"), 0o644)
	master, slave := openPTY(t)
	unix.IoctlSetWinsize(int(slave.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 48, Col: 160, Xpixel: 1280, Ypixel: 816})
	self, _ := os.Executable()
	helper := "SEGTUI_DOCTOR_IN_TMUX=1 " + self + " -test.run '^TestDoctorInTmuxHelper$'"
	cmd := exec.Command("tmux", "-S", sock, "-f", conf, "new-session", helper)
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "TMUX=")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		exec.Command("tmux", "-S", sock, "kill-server").Run()
		cmd.Process.Kill()
		cmd.Wait()
	})
	go playXTerm(master)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		out, _ := exec.Command("tmux", "-S", sock, "capture-pane", "-p", "-J").Output()
		if s := string(out); strings.Contains(s, "Graphics:") {
			return s
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatal("doctor printed no Graphics line in tmux within 20 s")
	return ""
}

// playXTerm answers what tmux forwards as xterm 379 in VT340 mode does
// (replies recorded with term-shot): DA1 with sixel, DA2, XTVERSION, cell
// size. tmux asks DA2 and XTVERSION itself at start and takes device
// attribute replies for its own until it has its answer.
func playXTerm(master *os.File) {
	var seen bytes.Buffer
	b := make([]byte, 4096)
	for {
		n, err := master.Read(b)
		if err != nil {
			return
		}
		seen.Write(b[:n])
		s := seen.String()
		var reply strings.Builder
		for _, q := range []struct{ query, answer string }{
			{"\x1b[>q", "\x1bP>|XTerm(379)\x1b\\"},
			{"\x1b[>c", "\x1b[>19;379;0c"},
			{"\x1b[16t", "\x1b[6;17;8t"},
			{"\x1b[c", "\x1b[?63;1;2;4;6;9;15;16;22;28c"},
		} {
			for strings.Contains(s, q.query) {
				i := strings.Index(s, q.query)
				s = s[:i] + s[i+len(q.query):]
				reply.WriteString(q.answer)
			}
		}
		// Keep only a tail that may hold a query cut in two.
		seen.Reset()
		if len(s) > 8 {
			s = s[len(s)-8:]
		}
		seen.WriteString(s)
		if reply.Len() > 0 {
			master.WriteString(reply.String())
		}
	}
}

func openPTY(t *testing.T) (master, slave *os.File) {
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no /dev/ptmx: %v", err)
	}
	fd := int(m.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	s, err := os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(); m.Close() })
	return m, s
}
