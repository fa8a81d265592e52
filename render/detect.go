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
	CellW, CellH int    // pixels per cell
	InTmux       bool   // running inside tmux
	Passthrough  bool   // wrap image payloads for tmux passthrough (see TmuxWrap)
	Terminal     string // XTVERSION reply or environment hint, sanitised
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
	passthrough := false
	if caps.InTmux {
		passthrough = tmuxPassthrough(ctx, env("TMUX"), opts)
	}
	caps.CellW, caps.CellH = winsizeCell(in, out)

	var replies []byte
	var err error
	if in != nil && out != nil && !redirected(in) && !redirected(out) {
		q := queryKitty + queryVersion
		if caps.InTmux {
			q = queryVersion // tmux would swallow the kitty probe
		}
		if caps.CellW == 0 {
			q += queryCell
		}
		replies, err = query(ctx, in, out, q+queryDA1, opts.Timeout)
	}
	r := parseReplies(replies)
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
	case caps.InTmux && r.sixel:
		caps.Protocol = ProtoSixel // tmux built with sixel draws it itself
	case caps.InTmux && !passthrough:
		caps.Protocol = ProtoBlocks
	case r.kitty:
		caps.Protocol = ProtoKitty
	case hint.iterm:
		caps.Protocol = ProtoITerm
	case r.sixel:
		caps.Protocol = ProtoSixel
	case hint.kitty:
		caps.Protocol = ProtoKitty
	case hint.sixel:
		caps.Protocol = ProtoSixel
	default:
		caps.Protocol = ProtoBlocks
	}
	caps.Passthrough = caps.InTmux && passthrough && caps.Protocol != ProtoBlocks && !r.sixel
	if caps.Protocol != ProtoBlocks {
		caps.TrueColor = caps.TrueColor || caps.Protocol == ProtoKitty || caps.Protocol == ProtoITerm
	}
	return caps, err
}

type envHint struct {
	kitty, iterm, sixel, trueColor bool
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
