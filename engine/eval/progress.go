package eval

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// progress draws a one-line bar on a terminal (carriage return, no
// scrolling): units of work are case-variant pairs, each split into its
// slices, so the ETA moves smoothly inside long cases.
type progress struct {
	mu         sync.Mutex
	w          io.Writer
	total      int // case-variant pairs
	done       int
	caseSlices int
	slicesIn   int
	slices     int // slices run in this process
	start      time.Time
	label      string
	last       time.Time
}

func newProgress(w io.Writer, total int) *progress {
	return &progress{w: w, total: total, start: time.Now()}
}

func (p *progress) startCase(caseID, variant string, slices int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.caseSlices, p.slicesIn = slices, 0
	p.label = fmt.Sprintf("%s %s", variant, caseID)
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
	p.caseSlices, p.slicesIn = 0, 0
	p.draw(true)
}

// skip counts work already done (resumed) or impossible (no labels).
func (p *progress) skip(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += n
	p.start = time.Now() // rate and ETA cover this run's work only
}

func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.w != nil {
		p.draw(true)
		fmt.Fprintln(p.w)
	}
}

// draw redraws at most ten times a second unless forced.
func (p *progress) draw(force bool) {
	if p.w == nil {
		return
	}
	now := time.Now()
	if !force && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	frac := float64(p.done)
	if p.caseSlices > 0 {
		frac += float64(p.slicesIn) / float64(p.caseSlices)
	}
	if p.total > 0 {
		frac /= float64(p.total)
	}
	const width = 24
	fill := int(frac * width)
	bar := strings.Repeat("=", fill) + strings.Repeat(" ", width-fill)
	elapsed := now.Sub(p.start).Seconds()
	rate, eta := 0.0, "?"
	if elapsed > 0 {
		rate = float64(p.slices) / elapsed
	}
	if frac > 0 && p.slices > 0 {
		// Fraction of this run's remaining work done so far sets the ETA.
		eta = (time.Duration(elapsed*(1-frac)/frac*float64(time.Second)) / time.Second * time.Second).String()
	}
	fmt.Fprintf(p.w, "\r\x1b[2K[%s] %3.0f%% %d/%d  %.1f slices/s  ETA %s  %s", bar, 100*frac, p.done, p.total, rate, eta, p.label)
}
