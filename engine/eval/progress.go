package eval

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/term"

	"github.com/segtui/segtui/datasets"
)

// progress reports eval progress. On a terminal it redraws a one-line bar
// (carriage return, no scrolling) whose units of work are case-variant
// pairs, each split into its slices, so the ETA moves smoothly inside long
// cases. Anywhere else (a log file, a pipe, a buffer) a bar would leave
// hundreds of \r-joined redraws, so it writes one plain line per finished
// pair instead.
type progress struct {
	mu         sync.Mutex
	w          io.Writer
	tty        bool
	cols       func() int // the terminal's width now; 0 when unknown
	now        func() time.Time
	total      int // case-variant pairs
	done       int // pairs finished, skipped ones included
	skipped    int // pairs resumed or without labels: no work in this run
	caseSlices int
	slicesIn   int
	slices     int // slices run in this process
	start      time.Time
	caseStart  time.Time
	label      string
	last       time.Time
	unit       string // what one unit of work is: "slices", or "classes" when propagating
}

func newProgress(w io.Writer, total int) *progress {
	return newProgressAt(w, total, time.Now)
}

// newProgressAt takes the clock, so tests can check rate and ETA.
func newProgressAt(w io.Writer, total int, now func() time.Time) *progress {
	return &progress{w: w, tty: isTerminal(w), cols: terminalCols(w), now: now, total: total, start: now()}
}

// terminalCols reads the width at each redraw, so a resized window is
// followed.
func terminalCols(w io.Writer) func() int {
	return func() int {
		f, ok := w.(*os.File)
		if !ok {
			return 0
		}
		c, _, err := term.GetSize(int(f.Fd()))
		if err != nil {
			return 0
		}
		return c
	}
}

func (p *progress) units() string {
	if p.unit == "" {
		return "slices"
	}
	return p.unit
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func (p *progress) startCase(caseID, variant string, slices int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.caseSlices, p.slicesIn = slices, 0
	p.label = datasets.SanitizeName(variant + " " + caseID) // manifest and file names reach the terminal
	p.caseStart = p.now()
	p.draw(true)
}

func (p *progress) sliceDone() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.slicesIn++
	p.slices++
	p.draw(false)
}

func (p *progress) caseDone() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	slices := p.caseSlices
	p.caseSlices, p.slicesIn = 0, 0
	if !p.tty && p.w != nil {
		p.line(slices)
	}
	p.draw(true)
}

// skip counts work already done (resumed) or impossible (no labels); rate
// and ETA leave it out, as this run spends no time on it.
func (p *progress) skip(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += n
	p.skipped += n
}

func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.w != nil && p.tty {
		p.draw(true)
		fmt.Fprintln(p.w)
	}
}

// stats returns the fraction of all pairs done (slices of the current pair
// counted), this run's slices per second and its ETA ("?" before any work).
func (p *progress) stats(now time.Time) (frac, rate float64, eta string) {
	done := float64(p.done)
	if p.caseSlices > 0 {
		done += float64(p.slicesIn) / float64(p.caseSlices)
	}
	frac = 1
	if p.total > 0 {
		frac = done / float64(p.total)
	}
	elapsed := now.Sub(p.start).Seconds()
	if elapsed > 0 {
		rate = float64(p.slices) / elapsed
	}
	eta = "?"
	runDone, runTotal := done-float64(p.skipped), float64(p.total-p.skipped)
	if runDone > 0 && p.slices > 0 && runTotal > 0 {
		// The share of this run's work done so far sets the ETA.
		left := elapsed * (runTotal - runDone) / runDone
		eta = (time.Duration(left*float64(time.Second)) / time.Second * time.Second).String()
	}
	return frac, rate, eta
}

// line writes the plain record of the pair just finished.
func (p *progress) line(slices int) {
	now := p.now()
	_, rate, eta := p.stats(now)
	took := now.Sub(p.caseStart).Round(100 * time.Millisecond)
	fmt.Fprintf(p.w, "eval %d/%d %s: %d %s in %s, %.1f %s/s, ETA %s\n", p.done, p.total, p.label, slices, p.units(), took, rate, p.units(), eta)
}

// draw redraws the bar at most ten times a second unless forced; off a
// terminal it draws nothing.
func (p *progress) draw(force bool) {
	if p.w == nil || !p.tty {
		return
	}
	now := p.now()
	if !force && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	frac, rate, eta := p.stats(now)
	const width = 24
	fill := min(width, max(0, int(frac*width)))
	bar := strings.Repeat("=", fill) + strings.Repeat(" ", width-fill)
	line := fmt.Sprintf("[%s] %3.0f%% %d/%d  %.1f %s/s  ETA %s  %s", bar, 100*frac, p.done, p.total, rate, p.units(), eta, p.label)
	// A line that wraps makes every redraw scroll (\r returns to the
	// wrapped part only); the last column is left free for terminals that
	// wrap on reaching it.
	if cols := p.cols(); cols > 1 {
		line = ansi.Truncate(line, cols-1, "…")
	}
	fmt.Fprintf(p.w, "\r\x1b[2K%s", line)
}
