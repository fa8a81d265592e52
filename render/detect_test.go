package render

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// fakeTerminal plays a terminal over pipes: it reads what Detect writes
// and, once the DA1 query arrives, answers with reply (nil: stays silent).
func fakeTerminal(t *testing.T, reply string, silent bool) (in io.Reader, out io.Writer, sent *bytes.Buffer) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	sent = &bytes.Buffer{}
	t.Cleanup(func() { inW.Close(); outR.Close() })
	go func() {
		b := make([]byte, 1024)
		for {
			n, err := outR.Read(b)
			sent.Write(b[:n])
			if strings.Contains(sent.String(), queryDA1) {
				if !silent {
					io.WriteString(inW, reply)
				}
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return inR, outW, sent
}

func envOf(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestDetectScriptedReplies(t *testing.T) {
	for _, c := range []struct {
		name, reply string
		want        Protocol
		cellW       int
	}{
		{"sixel", "\x1b[?62;4;22c", ProtoSixel, defaultCellW},
		{"kitty", "\x1b_Gi=31;OK\x1b\\\x1bP>|kitty(0.39.1)\x1b\\\x1b[6;22;11t\x1b[?62;22c", ProtoKitty, 11},
		{"kitty refuses", "\x1b_Gi=31;ENOTSUPPORTED:x\x1b\\\x1b[?62;22c", ProtoBlocks, defaultCellW},
		{"none", "\x1b[?1;2c", ProtoBlocks, defaultCellW},
	} {
		t.Run(c.name, func(t *testing.T) {
			in, out, sent := fakeTerminal(t, c.reply, false)
			caps, err := Detect(context.Background(), in, out, envOf(), DetectOptions{Timeout: 5 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			if caps.Protocol != c.want || caps.CellW != c.cellW {
				t.Fatalf("got %+v, want protocol %v, cell width %d", caps, c.want, c.cellW)
			}
			if !strings.HasSuffix(sent.String(), queryDA1) {
				t.Fatalf("query batch %q does not end with DA1", sent.String())
			}
			if c.name == "kitty" && (caps.Terminal != "kitty(0.39.1)" || caps.CellH != 22 || !caps.TrueColor) {
				t.Fatalf("kitty details: %+v", caps)
			}
		})
	}
}

// A silent terminal must cost the timeout and no more, never a hang; the
// environment then decides.
func TestDetectSilentTerminal(t *testing.T) {
	in, out, _ := fakeTerminal(t, "", true)
	done := make(chan Capabilities)
	go func() {
		caps, _ := Detect(context.Background(), in, out, envOf("LC_TERMINAL", "iTerm2"), DetectOptions{Timeout: 100 * time.Millisecond})
		done <- caps
	}()
	select {
	case caps := <-done:
		if caps.Protocol != ProtoITerm || caps.CellW != defaultCellW || caps.CellH != defaultCellH {
			t.Fatalf("silent terminal with LC_TERMINAL=iTerm2: %+v", caps)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Detect hung on a silent terminal")
	}
}

func TestDetectEnvironmentShortcuts(t *testing.T) {
	for _, c := range []struct {
		env  []string
		want Protocol
	}{
		{[]string{"KITTY_WINDOW_ID", "1"}, ProtoKitty},
		{[]string{"TERM", "xterm-kitty"}, ProtoKitty},
		{[]string{"TERM_PROGRAM", "iTerm.app"}, ProtoITerm},
		{[]string{"WEZTERM_EXECUTABLE", "/usr/bin/wezterm"}, ProtoITerm},
		{[]string{"TERM", "foot"}, ProtoSixel},
		{[]string{"WT_SESSION", "x"}, ProtoSixel},
		{[]string{"TERM", "xterm-256color"}, ProtoBlocks},
	} {
		caps, _ := Detect(context.Background(), nil, nil, envOf(c.env...), DetectOptions{})
		if caps.Protocol != c.want {
			t.Errorf("env %v: protocol %v, want %v", c.env, caps.Protocol, c.want)
		}
	}
	caps, _ := Detect(context.Background(), nil, nil, envOf("COLORTERM", "truecolor"), DetectOptions{})
	if !caps.TrueColor {
		t.Error("COLORTERM=truecolor not seen as truecolor")
	}
}

// openPty returns a real pseudo-terminal pair.
func openPty(t *testing.T) (master, slave *os.File) {
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

// TestDetectPty runs detection on a real tty: raw mode, poll-based reads,
// TIOCGWINSZ pixel sizes, and the CSI 16 t fallback when they are zero.
func TestDetectPty(t *testing.T) {
	for _, c := range []struct {
		name         string
		ws           unix.Winsize
		reply        string
		wantW, wantH int
	}{
		{"winsize pixels", unix.Winsize{Row: 40, Col: 120, Xpixel: 1080, Ypixel: 840}, "\x1b[?62;4c", 9, 21},
		{"CSI 16 t", unix.Winsize{Row: 40, Col: 120}, "\x1b[6;18;8t\x1b[?62;4c", 8, 18},
		{"default", unix.Winsize{Row: 40, Col: 120}, "\x1b[?62;4c", defaultCellW, defaultCellH},
	} {
		t.Run(c.name, func(t *testing.T) {
			master, slave := openPty(t)
			if err := unix.IoctlSetWinsize(int(slave.Fd()), unix.TIOCSWINSZ, &c.ws); err != nil {
				t.Fatal(err)
			}
			got := make(chan string, 1)
			go func() {
				var seen bytes.Buffer
				b := make([]byte, 256)
				for !strings.Contains(seen.String(), queryDA1) {
					n, err := master.Read(b)
					if err != nil {
						break
					}
					seen.Write(b[:n])
				}
				master.WriteString(c.reply)
				got <- seen.String()
			}()
			caps, err := Detect(context.Background(), slave, slave, envOf(), DetectOptions{Timeout: 5 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			if caps.Protocol != ProtoSixel || caps.CellW != c.wantW || caps.CellH != c.wantH {
				t.Fatalf("got %+v, want sixel with %dx%d cells", caps, c.wantW, c.wantH)
			}
			q := <-got
			if strings.Contains(q, queryCell) != (c.ws.Xpixel == 0) {
				t.Errorf("queries %q: CSI 16 t should be sent only without winsize pixels", q)
			}
		})
	}
}

// TestDetectTmux asks a real tmux server: passthrough off gives blocks,
// on gives the outer terminal's protocol wrapped for passthrough.
func TestDetectTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux not installed")
	}
	sock := t.TempDir() + "/tmux.sock"
	tmux := func(args ...string) string {
		out, err := exec.Command("tmux", append([]string{"-S", sock, "-f", "/dev/null"}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v %s", args, err, out)
		}
		return string(out)
	}
	tmux("new-session", "-d", "-s", "t", "sleep 60")
	t.Cleanup(func() { exec.Command("tmux", "-S", sock, "kill-server").Run() })
	env := envOf("TMUX", sock+",1,0", "LC_TERMINAL", "iTerm2")
	for _, c := range []struct {
		setting string
		want    Protocol
		pass    bool
	}{{"off", ProtoBlocks, false}, {"on", ProtoITerm, true}} {
		tmux("set", "-g", "allow-passthrough", c.setting)
		caps, _ := Detect(context.Background(), nil, nil, env, DetectOptions{})
		if !caps.InTmux || caps.Protocol != c.want || caps.Passthrough != c.pass {
			t.Errorf("allow-passthrough %s: %+v, want %v passthrough=%v", c.setting, caps, c.want, c.pass)
		}
	}
}

func TestParseProtocol(t *testing.T) {
	for _, p := range []Protocol{ProtoBlocks, ProtoSixel, ProtoKitty, ProtoITerm} {
		if got, err := ParseProtocol(p.String()); err != nil || got != p {
			t.Errorf("ParseProtocol(%q) = %v, %v", p.String(), got, err)
		}
	}
	if _, err := ParseProtocol("png"); err == nil {
		t.Error("unknown protocol accepted")
	}
}

// TestDetectSendsNoQueriesToARedirectedOutput: with stdout redirected to a
// file, the queries would corrupt the output and no reply can come back.
func TestDetectSendsNoQueriesToARedirectedOutput(t *testing.T) {
	out, err := os.CreateTemp(t.TempDir(), "stdout")
	if err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	env := map[string]string{"TERM": "xterm-256color"}
	caps, err := Detect(context.Background(), in, out, func(k string) string { return env[k] }, DetectOptions{})
	if err != nil {
		t.Fatalf("Detect: %v", err)
	}
	if st, _ := out.Stat(); st.Size() != 0 {
		t.Errorf("Detect wrote %d bytes of queries to a regular file", st.Size())
	}
	if caps.Protocol != ProtoBlocks || caps.CellW <= 0 || caps.CellH <= 0 {
		t.Errorf("want half blocks with a default cell size, got %+v", caps)
	}
}
