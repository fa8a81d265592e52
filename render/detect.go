package render

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/segtui/segtui/datasets"
	"golang.org/x/term"
)

// Capabilities is what Detect learned about the terminal.
type Capabilities struct {
	Protocol     Protocol
	TrueColor    bool
	CellW, CellH int  // pixels per cell
	InTmux       bool // running inside tmux
	// Passthrough: tmux's allow-passthrough is on, so image escapes wrapped
	// with TmuxWrap reach the outer terminal (which Detect then asked).
	Passthrough bool
	// TmuxSixel: tmux itself draws sixel (built with it), unwrapped.
	TmuxSixel bool
	// EraseClearsImages: the terminal keeps sixel pixels under cells
	// rewritten with the default background (Konsole); only erasing the
	// screen (ED 2) removes an image it left.
	EraseClearsImages bool
	Terminal          string // XTVERSION reply or environment hint, sanitised
}

// Wrap reports whether payloads of protocol p must be wrapped for tmux
// passthrough: inside tmux every image protocol is, whether detected or
// forced, except sixel that tmux draws itself.
func (c Capabilities) Wrap(p Protocol) bool {
	return c.InTmux && p != ProtoBlocks && !(p == ProtoSixel && c.TmuxSixel)
}

// DetectOptions tunes Detect; the zero value is ready to use.
type DetectOptions struct {
	// Timeout bounds the wait for replies; every batch ends with DA1, so
	// only a silent terminal waits this long. Default 250 ms.
	Timeout time.Duration
	// Tmux runs a tmux command against the server in $TMUX and returns its
	// output; nil runs the tmux binary.
	Tmux func(ctx context.Context, socket string, args ...string) (string, error)
}

// Default cell size when neither the kernel nor the terminal tells.
const defaultCellW, defaultCellH = 10, 20

// Queries: kitty graphics probe (a 1x1 query that is never displayed),
// XTVERSION, cell size in pixels, and DA1 last so the batch always ends
// with a reply every terminal sends.
const (
	queryKitty   = "\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\"
	queryVersion = "\x1b[>q"
	queryCell    = "\x1b[16t"
	queryDA1     = "\x1b[c"
)

var (
	reDA1     = regexp.MustCompile(`\x1b\[\?([0-9;]*)c`)
	reKittyOK = regexp.MustCompile(`\x1b_Gi=31;OK\x1b\\`)
	reCell    = regexp.MustCompile(`\x1b\[6;([0-9]+);([0-9]+)t`)
	reVersion = regexp.MustCompile(`\x1bP>\|([^\x1b]*)\x1b\\`)
)

// Detect works out how to show images: environment hints, then a query
// batch written to out with replies read from in (both the terminal; in is
// put in raw mode while reading when it is a tty). Call it before Bubble
// Tea starts reading stdin, or the replies arrive as key presses. It never
// blocks longer than the timeout; the error reports a failed query write,
// and the capabilities are usable either way.
func Detect(ctx context.Context, in io.Reader, out io.Writer, env func(string) string, opts DetectOptions) (Capabilities, error) {
	if env == nil {
		env = func(string) string { return "" }
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 250 * time.Millisecond
	}
	hint := envHints(env)
	caps := Capabilities{TrueColor: hint.trueColor, InTmux: env("TMUX") != "", Terminal: hint.name}
	if caps.InTmux {
		caps.Passthrough = tmuxPassthrough(ctx, env("TMUX"), opts)
	}
	caps.CellW, caps.CellH = winsizeCell(in, out)

	var r replies
	var err error
	if in != nil && out != nil && !redirected(in) && !redirected(out) {
		r, err = queryTerminal(ctx, in, out, &caps, opts.Timeout)
	}
	if r.version != "" {
		caps.Terminal = r.version
	}
	if caps.CellW == 0 && r.cellW >= 2 && r.cellH >= 4 {
		caps.CellW, caps.CellH = r.cellW, r.cellH
	}
	if caps.CellW == 0 {
		caps.CellW, caps.CellH = defaultCellW, defaultCellH
	}

	switch {
	case caps.InTmux && !caps.Passthrough:
		caps.Protocol = ProtoBlocks
		if caps.TmuxSixel {
			caps.Protocol = ProtoSixel
		}
	case r.kitty:
		caps.Protocol = ProtoKitty
	case hint.iterm:
		caps.Protocol = ProtoITerm
	case r.sixel || caps.TmuxSixel:
		caps.Protocol = ProtoSixel
	case hint.kitty:
		caps.Protocol = ProtoKitty
	case hint.sixel:
		caps.Protocol = ProtoSixel
	default:
		caps.Protocol = ProtoBlocks
	}
	caps.EraseClearsImages = hint.konsole || strings.HasPrefix(caps.Terminal, "Konsole")
	if caps.Protocol != ProtoBlocks {
		caps.TrueColor = caps.TrueColor || caps.Protocol == ProtoKitty || caps.Protocol == ProtoITerm
	}
	return caps, err
}

// queryTerminal sends the query batch and parses the replies. Inside tmux
// it first asks tmux (whose own DA1 tells whether it draws sixel); with
// passthrough on it then asks the outer terminal through it, and those
// replies (which tmux hands to the pane unchanged) are the ones that say
// what the images will meet.
func queryTerminal(ctx context.Context, in io.Reader, out io.Writer, caps *Capabilities, timeout time.Duration) (replies, error) {
	cell := ""
	if caps.CellW == 0 {
		cell = queryCell
	}
	if !caps.InTmux {
		b, err := query(ctx, in, out, queryKitty+queryVersion+cell+queryDA1, timeout)
		return parseReplies(b), err
	}
	// tmux would swallow the kitty probe; its XTVERSION names tmux, which
	// the outer terminal's replaces when passthrough reaches one.
	b, err := query(ctx, in, out, queryVersion+cell+queryDA1, timeout)
	inner := parseReplies(b)
	caps.TmuxSixel = inner.sixel
	if err != nil || !caps.Passthrough {
		return inner, err
	}
	b, err = query(ctx, in, out, TmuxWrap([]byte(queryKitty+queryVersion+cell+queryDA1)), timeout)
	outer := parseReplies(b)
	if outer.cellW == 0 {
		outer.cellW, outer.cellH = inner.cellW, inner.cellH
	}
	if outer.version == "" {
		outer.version = inner.version
	}
	return outer, err
}

type envHint struct {
	kitty, iterm, sixel, trueColor bool
	konsole                        bool
	name                           string
}

func envHints(env func(string) string) envHint {
	var h envHint
	t, prog := env("TERM"), env("TERM_PROGRAM")
	ct := strings.ToLower(env("COLORTERM"))
	h.trueColor = ct == "truecolor" || ct == "24bit" || strings.HasSuffix(t, "-direct")
	switch {
	case env("KITTY_WINDOW_ID") != "" || t == "xterm-kitty":
		h.kitty, h.name = true, "kitty"
	case t == "xterm-ghostty" || prog == "ghostty":
		h.kitty, h.name = true, "ghostty"
	case prog == "iTerm.app" || env("LC_TERMINAL") == "iTerm2":
		h.iterm, h.name = true, "iTerm2"
	case env("WEZTERM_EXECUTABLE") != "" || prog == "WezTerm":
		h.iterm, h.name = true, "WezTerm" // WezTerm's best-supported protocol
	case t == "foot" || strings.HasPrefix(t, "foot-"):
		h.sixel, h.name = true, "foot"
	case env("WT_SESSION") != "":
		h.sixel, h.name = true, "Windows Terminal"
	}
	if env("KONSOLE_VERSION") != "" {
		h.konsole = true // XTVERSION names Konsole too, where this variable is lost (SSH)
	}
	if h.name != "" && h.name != "Windows Terminal" {
		h.trueColor = true
	}
	return h
}

// winsizeCell returns the cell size from TIOCGWINSZ when the pixel fields
// are plausible (over SSH they are often 0), else 0, 0.
func winsizeCell(files ...any) (int, int) {
	for _, f := range files {
		if fd, ok := f.(*os.File); ok && term.IsTerminal(int(fd.Fd())) {
			cols, rows, xpix, ypix, err := winsize(int(fd.Fd()))
			if err == nil && cols > 0 && rows > 0 && xpix >= 2*cols && ypix >= 4*rows {
				return xpix / cols, ypix / rows
			}
		}
	}
	return 0, 0
}

type replies struct {
	kitty, sixel bool
	cellW, cellH int
	version      string
}

func parseReplies(b []byte) replies {
	var r replies
	if m := reDA1.FindSubmatch(b); m != nil {
		for _, p := range strings.Split(string(m[1]), ";") {
			r.sixel = r.sixel || p == "4"
		}
	}
	r.kitty = reKittyOK.Match(b)
	if m := reCell.FindSubmatch(b); m != nil {
		r.cellH, _ = strconv.Atoi(string(m[1]))
		r.cellW, _ = strconv.Atoi(string(m[2]))
	}
	if m := reVersion.FindSubmatch(b); m != nil {
		r.version = datasets.SanitizeName(string(m[1]))
	}
	return r
}

// query writes q and collects replies until the DA1 answer or the timeout.
func query(ctx context.Context, in io.Reader, out io.Writer, q string, timeout time.Duration) ([]byte, error) {
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if st, err := term.MakeRaw(int(f.Fd())); err == nil {
			defer term.Restore(int(f.Fd()), st)
		}
	}
	if _, err := io.WriteString(out, q); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var buf bytes.Buffer
	done := func() bool { return reDA1.Match(buf.Bytes()) }
	if f, ok := in.(*os.File); ok {
		if err := readPolled(ctx, f, &buf, done); err == nil {
			return buf.Bytes(), nil
		}
	}
	return readAsync(ctx, in, &buf, done), nil
}

// readAsync serves readers that cannot be polled (pipes in tests): a
// goroutine reads; on timeout it is abandoned and ends with the reader.
func readAsync(ctx context.Context, in io.Reader, buf *bytes.Buffer, done func() bool) []byte {
	chunks := make(chan []byte)
	go func() {
		defer close(chunks)
		for {
			b := make([]byte, 256)
			n, err := in.Read(b)
			if n > 0 {
				select {
				case chunks <- b[:n]:
				case <-ctx.Done():
					return
				}
			}
			if err != nil {
				return
			}
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return buf.Bytes()
		case b, ok := <-chunks:
			if !ok {
				return buf.Bytes()
			}
			buf.Write(b)
			if done() {
				return buf.Bytes()
			}
		}
	}
}

// tmuxPassthrough asks the tmux server in $TMUX whether passthrough is on.
func tmuxPassthrough(ctx context.Context, tmuxEnv string, opts DetectOptions) bool {
	socket, _, _ := strings.Cut(tmuxEnv, ",")
	run := opts.Tmux
	if run == nil {
		run = runTmux
	}
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	v, err := run(ctx, socket, "show", "-gv", "allow-passthrough")
	v = strings.TrimSpace(v)
	return err == nil && (v == "on" || v == "all")
}

func runTmux(ctx context.Context, socket string, args ...string) (string, error) {
	if socket != "" {
		args = append([]string{"-S", socket}, args...)
	}
	out, err := exec.CommandContext(ctx, "tmux", args...).Output()
	return string(out), err
}

// redirected reports an *os.File that is not a terminal (a pipe or a file):
// queries written there would end up in the output, and no reply can come.
func redirected(f any) bool {
	file, ok := f.(*os.File)
	return ok && !term.IsTerminal(int(file.Fd()))
}
