package tui

import (
	"bytes"
	"context"
	"image"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-sixel"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/phantom"
)

// linkedModel is a sixel model whose output goes through a linkWriter to
// a pipe, as Run wires it to the terminal; the returned function writes
// the current view as Bubble Tea's renderer would and returns what
// reached the pipe.
func linkedModel(t *testing.T) (*Model, func() string) {
	t.Helper()
	m := newTestModel(t, GraphicsSixel, 160, 48)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(); w.Close() })
	m.link.w = newLinkWriter(w)
	got := make(chan []byte, 16)
	go func() {
		buf := make([]byte, 1<<20)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				got <- bytes.Clone(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}()
	drive(m, runCmd(m.refresh())...)
	flush := func() string {
		v := m.View()
		// What reaches the pipe: overlays already written are dropped.
		sent, _ := stripTokens(dropWritten([]byte(v), m.link.w.written.Load()))
		if _, err := m.link.w.Write([]byte(v)); err != nil {
			t.Fatal(err)
		}
		var out []byte
		for {
			select {
			case b := <-got:
				out = append(out, b...)
				if len(out) >= len(sent) || bytes.HasSuffix(out, []byte(statusReport)) {
					return string(out)
				}
			case <-time.After(2 * time.Second):
				return string(out)
			}
		}
	}
	return m, flush
}

var placeRe = regexp.MustCompile(`\x1b7\x1b\[(\d+);(\d+)H(\x1bP[^\x1b]*\x1b\\)`)

// TestLinkSendsEachImageOnceAndPatchesCursorMoves: the first view sends the
// whole frame with a status report after it; until the terminal answers,
// a new frame is held back; a cursor move then goes as a patch of a few
// cells which, pasted where it is placed over the first frame, gives the
// new frame's pixels exactly.
func TestLinkSendsEachImageOnceAndPatchesCursorMoves(t *testing.T) {
	m, flush := linkedModel(t)
	out := flush()
	if bytes.Contains([]byte(out), []byte(tokenStart)) {
		t.Fatal("the overlay token reached the terminal")
	}
	first := placeRe.FindStringSubmatch(out)
	if first == nil || !bytes.HasSuffix([]byte(out), []byte(statusReport)) {
		t.Fatalf("first view: want a placed sixel then %q; got %d bytes ending %q", statusReport, len(out), out[max(0, len(out)-40):])
	}
	if again := flush(); placeRe.MatchString(again) {
		t.Fatal("the same frame was sent twice")
	}
	old := m.frame.img

	drive(m, keyMsg("l"))
	if held := flush(); placeRe.MatchString(held) {
		t.Fatal("a frame went out before the terminal answered the last report")
	}
	m.link.w.answered()
	drive(m, linkWakeMsg{})
	out = flush()
	p := placeRe.FindStringSubmatch(out)
	if p == nil {
		t.Fatalf("no image after the answer: %q", out)
	}
	if len(p[3])*20 > len(first[3]) {
		t.Fatalf("cursor move sent %d bytes of sixel, the whole frame is %d: want a patch", len(p[3]), len(first[3]))
	}
	var dec image.Image
	if err := sixel.NewDecoder(bytes.NewReader([]byte(p[3]))).Decode(&dec); err != nil {
		t.Fatalf("decoding the patch: %v", err)
	}
	row, _ := strconv.Atoi(p[1])
	col, _ := strconv.Atoi(p[2])
	oc, or := m.imageOrigin()
	x0, y0 := (col-1-oc)*m.cfg.CellW, (row-1-or)*m.cfg.CellH
	cur := m.frame.img
	b := cur.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			want := cur.At(x, y)
			got := old.At(x, y)
			if pt := image.Pt(x-x0, y-y0); pt.In(dec.Bounds()) {
				got = dec.At(pt.X, pt.Y)
			}
			if !sameColour(got, want) {
				t.Fatalf("pixel (%d,%d) after the patch at (%d,%d) is %v, the new frame has %v", x, y, x0, y0, got, want)
			}
		}
	}
}

func sameColour(a, b interface{ RGBA() (r, g, b, a uint32) }) bool {
	r1, g1, b1, _ := a.RGBA()
	r2, g2, b2, _ := b.RGBA()
	near := func(p, q uint32) bool { return p>>8 <= q>>8+3 && q>>8 <= p>>8+3 } // percent registers round
	return near(r1, r2) && near(g1, g2) && near(b1, b2)
}

// TestLinkWriterStripsTokensAndCountsAnswers checks the writer alone.
func TestLinkWriterStripsTokensAndCountsAnswers(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	lw := newLinkWriter(w)
	frame := "text\x1bPq#0~\x1b\\" + overlayToken(7) + "more"
	go func() {
		_, _ = lw.Write(bytes.Repeat([]byte("x"), 20<<10))
		_, _ = lw.Write([]byte(frame))
		w.Close()
	}()
	all, _ := io.ReadAll(r)
	want := string(bytes.Repeat([]byte("x"), 20<<10)) + "text\x1bPq#0~\x1b\\more" + statusReport
	if string(all) != want {
		t.Fatalf("wrote %q..., want the frame without its token and with a status report", all[len(all)-40:])
	}
	if lw.written.Load() != 7 || !lw.busy() {
		t.Fatalf("written token %d busy %v, want 7 and busy", lw.written.Load(), lw.busy())
	}
	lw.answered()
	if lw.busy() {
		t.Fatal("still busy after the answer")
	}
	if kb, _ := lw.stats(); kb < 0.01 {
		t.Fatalf("frame KB %v", kb)
	}
}

// TestCasePrefetchReadsNeighboursOnce reads real NIfTI cases from disk:
// opening case 1 reads 0 and 2 ahead; getting 2 uses that read; a second
// get of 2 reads it again (each read is handed out once).
func TestCasePrefetchReadsNeighboursOnce(t *testing.T) {
	dir := t.TempDir()
	img, lab, err := phantom.Write(dir+"/one", phantom.DefaultSeed)
	if err != nil {
		t.Fatal(err)
	}
	reads := make(chan int, 16)
	load := func(ctx context.Context, i int) (*datasets.Volume, *datasets.LabelMap, error) {
		reads <- i
		v, _, err := datasets.ReadImage(img)
		if err != nil {
			return nil, nil, err
		}
		l, err := datasets.ReadLabels(lab, v, datasets.LabelOptions{})
		return v, l, err
	}
	c := &casePrefetch{load: load, entries: map[int]*prefetched{}}
	c.around(context.Background(), 1, 3)
	got := map[int]int{}
	for range 2 {
		select {
		case i := <-reads:
			got[i]++
		case <-time.After(30 * time.Second):
			t.Fatalf("neighbours not read: %v", got)
		}
	}
	if got[0] != 1 || got[2] != 1 {
		t.Fatalf("read ahead %v, want cases 0 and 2 once", got)
	}
	v, _, err := c.get(context.Background(), 2)
	if err != nil || v == nil {
		t.Fatalf("get 2: %v", err)
	}
	if len(reads) != 0 {
		t.Fatal("get read case 2 again instead of using the read ahead")
	}
	if _, _, err := c.get(context.Background(), 2); err != nil {
		t.Fatal(err)
	}
	if i := <-reads; i != 2 {
		t.Fatalf("second get read case %d", i)
	}
}

// The terminal's answer to an image must not change the screen: if the
// status line's link note followed the writer's figures live, every image
// would be followed one round trip later by a status line sent again (a
// cursor move over a 60 ms link took 140 ms to its last byte). The note
// moves with the next input instead.
func TestLinkAnswerLeavesTheScreenAlone(t *testing.T) {
	m, flush := linkedModel(t)
	press(m, "l")
	if out := flush(); !strings.Contains(out, statusReport) {
		t.Fatalf("no image went out for the first frame (%d bytes)", len(out))
	}
	raw := m.View()
	before := stripANSI(raw)
	m.link.w.answered()
	drive(m, linkWakeMsg{})
	if m.View() != raw {
		t.Fatal("the view's bytes changed with the answer: Bubble Tea would send its last line again")
	}
	if after := stripANSI(m.View()); after != before {
		t.Fatalf("the terminal's answer changed the screen:\nbefore %q\nafter  %q", statusRow(before), statusRow(after))
	}
	press(m, "l")
	if !strings.Contains(stripANSI(m.View()), "img ") {
		t.Fatal("after the next key the status line does not show the link note")
	}
}

func statusRow(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.Contains(lines[i], "enc ") {
			return lines[i]
		}
	}
	return lines[len(lines)-1]
}

// A line that still holds an overlay the terminal already has (rewritten
// because its text changed) goes out without the image.
func TestLinkWriterDropsOverlaysAlreadyWritten(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	lw := newLinkWriter(w)
	overlay := func(n int64) string { return overlayBegin(n) + "\x1bPq#0~\x1b\\" + overlayToken(n) }
	go func() {
		_, _ = lw.Write([]byte("hints" + overlay(1)))
		_, _ = lw.Write([]byte("new hints" + overlay(1)))
		_, _ = lw.Write([]byte("more" + overlay(2)))
		w.Close()
	}()
	all, _ := io.ReadAll(r)
	want := "hints\x1bPq#0~\x1b\\" + statusReport + "new hints" + "more\x1bPq#0~\x1b\\" + statusReport
	if string(all) != want {
		t.Fatalf("wrote %q, want %q", all, want)
	}
}
