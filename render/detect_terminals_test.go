package render

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// scriptedTerminal plays a terminal on a pty (Detect reads it as it reads
// a real one) that answers each query batch (everything written up to a
// DA1, plain or wrapped for tmux) with answer(batch); it returns the tty
// and what was written to it.
func scriptedTerminal(t *testing.T, answer func(batch string) string) (io.Reader, io.Writer, func() string) {
	master, slave := openPty(t)
	ws := unix.Winsize{Row: 48, Col: 160}
	if err := unix.IoctlSetWinsize(int(slave.Fd()), unix.TIOCSWINSZ, &ws); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var sent bytes.Buffer
	go func() {
		var batch bytes.Buffer
		b := make([]byte, 1024)
		for {
			n, err := master.Read(b)
			mu.Lock()
			sent.Write(b[:n])
			mu.Unlock()
			batch.Write(b[:n])
			if q := batch.String(); strings.HasSuffix(q, queryDA1) || strings.HasSuffix(q, "\x1b\x1b[c\x1b\\") {
				batch.Reset()
				master.WriteString(answer(q))
			}
			if err != nil {
				return
			}
		}
	}()
	return slave, slave, func() string { mu.Lock(); defer mu.Unlock(); return sent.String() }
}

// Replies recorded from the real terminals (term-shot, 160x48).
const (
	replyXTerm   = "\x1bP>|XTerm(379)\x1b\\\x1b[6;17;8t\x1b[?63;1;2;4;6;9;15;16;22;28c"
	replyKonsole = "\x1bP>|Konsole 22.12.3\x1b\\\x1b[6;17;8t\x1b[?62;1;4c"
	replyMlterm  = "\x1b[6;19;8t\x1b[?63;1;2;3;4;6;7;15;18;22;29c"
	replyTmux33  = "\x1bP>|tmux 3.3a\x1b\\\x1b[?1;2c"
)

// Konsole keeps sixel pixels under rewritten text; segtui must know so it
// erases the screen where xterm needs only overwritten cells.
func TestDetectKonsoleNeedsErase(t *testing.T) {
	for _, c := range []struct {
		name, reply string
		env         func(string) string
		erase       bool
	}{
		{"Konsole by XTVERSION", replyKonsole, envOf("TERM", "xterm-256color"), true},
		{"Konsole by environment", "\x1b[?62;1;4c", envOf("KONSOLE_VERSION", "221203"), true},
		{"xterm", replyXTerm, envOf("TERM", "xterm"), false},
		{"mlterm", replyMlterm, envOf("TERM", "mlterm"), false},
	} {
		in, out, _ := scriptedTerminal(t, func(string) string { return c.reply })
		caps, err := Detect(context.Background(), in, out, c.env, DetectOptions{Timeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		if caps.Protocol != ProtoSixel || caps.EraseClearsImages != c.erase {
			t.Errorf("%s: %+v, want sixel with EraseClearsImages %v", c.name, caps, c.erase)
		}
	}
}

// Inside tmux with allow-passthrough on, tmux answers DA1 for itself
// (no sixel); the outer terminal is asked through passthrough and its
// replies decide: xterm's sixel, wrapped. Seen in tmux 3.3a in xterm 379:
// the old detection chose half blocks and doctor said passthrough false.
func TestDetectThroughTmuxPassthrough(t *testing.T) {
	tmuxSays := func(v string) DetectOptions {
		return DetectOptions{Timeout: 5 * time.Second, Tmux: func(context.Context, string, ...string) (string, error) { return v + "\n", nil }}
	}
	env := envOf("TMUX", "/tmp/tmux-0/default,1,0", "TERM", "tmux-256color")
	outerAnswers := func(q string) string {
		if strings.HasPrefix(q, "\x1bPtmux;") {
			return replyXTerm // the outer terminal, through tmux
		}
		return replyTmux33
	}

	in, out, sent := scriptedTerminal(t, outerAnswers)
	caps, err := Detect(context.Background(), in, out, env, tmuxSays("on"))
	if err != nil {
		t.Fatal(err)
	}
	if caps.Protocol != ProtoSixel || !caps.Passthrough || caps.TmuxSixel || caps.Terminal != "XTerm(379)" || caps.CellH != 17 {
		t.Errorf("tmux 3.3a, passthrough on, in xterm: %+v; want sixel through passthrough from XTerm(379), 17 px cells", caps)
	}
	if !caps.Wrap(ProtoSixel) {
		t.Error("sixel inside tmux through passthrough is not wrapped")
	}
	if !strings.Contains(sent(), "\x1bPtmux;") || !strings.Contains(sent(), "\x1b\x1b[>q") {
		t.Errorf("the outer terminal was not asked through passthrough: %q", sent())
	}

	// Passthrough off: nothing is wrapped to the outer terminal; blocks,
	// but a forced sixel is still wrapped (tmux would draw it nowhere).
	in, out, sent = scriptedTerminal(t, outerAnswers)
	caps, _ = Detect(context.Background(), in, out, env, tmuxSays("off"))
	if caps.Protocol != ProtoBlocks || caps.Passthrough || strings.Contains(sent(), "\x1bPtmux;") {
		t.Errorf("passthrough off: %+v, queries %q; want blocks and no wrapped query", caps, sent())
	}
	if !caps.Wrap(ProtoSixel) || !caps.Wrap(ProtoKitty) || caps.Wrap(ProtoBlocks) {
		t.Error("inside tmux a forced image protocol must be wrapped, blocks never")
	}

	// tmux built with sixel draws it itself: sixel unwrapped, kitty wrapped.
	in, out, _ = scriptedTerminal(t, func(q string) string {
		if strings.HasPrefix(q, "\x1bPtmux;") {
			return replyXTerm
		}
		return "\x1bP>|tmux 3.4\x1b\\\x1b[?1;2;4c"
	})
	caps, _ = Detect(context.Background(), in, out, env, tmuxSays("on"))
	if caps.Protocol != ProtoSixel || !caps.TmuxSixel || caps.Wrap(ProtoSixel) || !caps.Wrap(ProtoKitty) {
		t.Errorf("tmux with sixel: %+v; want its own sixel unwrapped, kitty wrapped", caps)
	}

	// An outer terminal that never answers through passthrough costs the
	// timeout, not a hang, and leaves blocks.
	in, out, _ = scriptedTerminal(t, func(q string) string {
		if strings.HasPrefix(q, "\x1bPtmux;") {
			return ""
		}
		return replyTmux33
	})
	opts := tmuxSays("on")
	opts.Timeout = 200 * time.Millisecond
	start := time.Now()
	caps, _ = Detect(context.Background(), in, out, env, opts)
	if caps.Protocol != ProtoBlocks || time.Since(start) > 2*time.Second {
		t.Errorf("silent outer terminal: %+v after %v; want blocks within the timeout", caps, time.Since(start))
	}
}
