package eval

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/sys/unix"
)

// A bar wider than the terminal wraps, and each redraw's \r then returns
// to the wrapped line only: a narrow terminal (or a long case name) would
// scroll a new line per redraw. Every redraw must fit the width.
func TestProgressBarFitsTheTerminalWidth(t *testing.T) {
	master, slave := openPty(t)
	const cols = 60
	if err := unix.IoctlSetWinsize(int(slave.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 24, Col: cols}); err != nil {
		t.Fatal(err)
	}
	out := make(chan string, 1)
	go func() { out <- readAll(t, master) }()
	clk := &fakeClock{t: time.Unix(1000, 0)}
	p := newProgressAt(slave, 2, clk.now)
	long := "FLARE22_Tr_0001_" + strings.Repeat("x", 80)
	p.startCase(long, "sam-vit-b-with-a-long-variant-name", 3)
	for s := 0; s < 3; s++ {
		clk.advance(time.Second)
		p.sliceDone()
	}
	p.caseDone()
	p.finish()
	slave.Close()
	text := <-out
	redraws := 0
	for _, seg := range strings.Split(text, "\r") {
		seg = strings.TrimPrefix(strings.TrimSuffix(seg, "\n"), "\x1b[2K")
		if seg == "" {
			continue
		}
		redraws++
		if w := ansi.StringWidth(seg); w >= cols {
			t.Errorf("redraw is %d columns on a %d-column terminal: %q", w, cols, seg)
		}
	}
	if redraws < 3 {
		t.Errorf("%d redraws; want at least 3:\n%q", redraws, text)
	}
	if !strings.Contains(text, "100% 1/2") && !strings.Contains(text, " 50% 1/2") {
		t.Errorf("the bar's counts were cut:\n%q", text)
	}
}
