package tui

import (
	"bytes"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// linkWriter is the program's output. It embeds the terminal's *os.File
// (so Bubble Tea still reads the size from it) and learns what reached the
// terminal: each image overlay carries a token (an APC string the writer
// removes), and after a write that held one it asks for a device status
// report (CSI 5 n). The terminal answers CSI 0 n once it has read every
// byte before the query, so the answer tells the model that the image has
// arrived, how long it took, and whether output is backing up. Over SSH
// the sender's socket buffers hold megabytes: without this, a held key
// queues frames the user never sees.
type linkWriter struct {
	*os.File
	written atomic.Int64 // newest overlay token written
	mu      sync.Mutex
	waiting int       // status reports asked for and not answered
	sentAt  time.Time // when the oldest unanswered image went out
	sent    int       // its bytes
	frameKB float64   // bytes of the last image write, in KB
	mbit    float64   // delivered rate of recent images, Mbit/s (0: not known)
	seq     int       // image writes so far, to match timeouts to writes
	send    func(tea.Msg)
}

// ackTimeout is how long an unanswered status report holds images back:
// a terminal that does not answer costs this much per image, no more.
const ackTimeout = 2 * time.Second

// statusReport is the query written after an image; statusOK its answer.
const statusReport = "\x1b[5n"

// linkWakeMsg wakes the model when a report is answered or given up on.
type linkWakeMsg struct{}

const tokenStart, tokenEnd = "\x1b_segtui;", "\x1b\\"

// overlayToken is the marker the writer looks for and removes.
func overlayToken(n int64) string { return tokenStart + strconv.FormatInt(n, 10) + tokenEnd }

// overlayBegin opens overlay n. The view keeps a shown overlay in its last
// line, so that line does not change (and is not sent again) when the
// image arrives; when the line is rewritten for other reasons, the writer
// drops an overlay it already wrote.
const beginStart = "\x1b_segtui-begin;"

func overlayBegin(n int64) string { return beginStart + strconv.FormatInt(n, 10) + tokenEnd }

// dropWritten removes overlays numbered up to written, markers to end
// token, and the begin markers of the others.
func dropWritten(p []byte, written int64) []byte {
	i := bytes.Index(p, []byte(beginStart))
	if i < 0 {
		return p
	}
	var out []byte
	for i >= 0 {
		end := bytes.Index(p[i:], []byte(tokenEnd))
		if end < 0 {
			break
		}
		id := p[i+len(beginStart) : i+end]
		out = append(out, p[:i]...)
		p = p[i+end+len(tokenEnd):]
		if n, err := strconv.ParseInt(string(id), 10, 64); err == nil && n <= written {
			closing := []byte(overlayToken(n))
			if j := bytes.Index(p, closing); j >= 0 {
				p = p[j+len(closing):]
			}
		}
		i = bytes.Index(p, []byte(beginStart))
	}
	return append(out, p...)
}

func newLinkWriter(f *os.File) *linkWriter { return &linkWriter{File: f} }

func (w *linkWriter) Write(p []byte) (int, error) {
	n := len(p)
	out, tok := stripTokens(dropWritten(p, w.written.Load()))
	if tok == 0 {
		_, err := w.File.Write(out)
		return n, err
	}
	out = append(out, statusReport...)
	w.mu.Lock()
	w.seq++
	seq := w.seq
	if w.waiting == 0 {
		w.sentAt, w.sent = time.Now(), len(out)
	}
	w.waiting++
	w.frameKB = float64(len(out)) / 1000
	w.mu.Unlock()
	_, err := w.File.Write(out)
	if tok > w.written.Load() {
		w.written.Store(tok)
	}
	time.AfterFunc(ackTimeout, func() { w.timeout(seq) })
	return n, err
}

// stripTokens removes overlay tokens from p and returns the newest.
func stripTokens(p []byte) ([]byte, int64) {
	i := bytes.Index(p, []byte(tokenStart))
	if i < 0 {
		return p, 0
	}
	var out []byte
	var tok int64
	for i >= 0 {
		end := bytes.Index(p[i:], []byte(tokenEnd))
		if end < 0 {
			break
		}
		if v, err := strconv.ParseInt(string(p[i+len(tokenStart):i+end]), 10, 64); err == nil && v > tok {
			tok = v
		}
		out = append(out, p[:i]...)
		p = p[i+end+len(tokenEnd):]
		i = bytes.Index(p, []byte(tokenStart))
	}
	return append(out, p...), tok
}

// answered records the terminal's status report: the oldest image has
// arrived.
func (w *linkWriter) answered() {
	w.mu.Lock()
	if w.waiting > 0 {
		w.waiting--
		if took := time.Since(w.sentAt); w.sent >= 16<<10 && took > 0 {
			rate := float64(w.sent*8) / took.Seconds() / 1e6
			if w.mbit == 0 {
				w.mbit = rate
			} else {
				w.mbit = 0.5*w.mbit + 0.5*rate
			}
		}
		w.sentAt, w.sent = time.Now(), 0
	}
	w.mu.Unlock()
}

// timeout gives up on the report of image write seq if still unanswered.
func (w *linkWriter) timeout(seq int) {
	w.mu.Lock()
	stale := w.waiting > 0 && w.seq == seq
	if stale {
		w.waiting = 0
	}
	send := w.send
	w.mu.Unlock()
	if stale && send != nil {
		send(linkWakeMsg{})
	}
}

func (w *linkWriter) setSend(send func(tea.Msg)) {
	w.mu.Lock()
	w.send = send
	w.mu.Unlock()
}

// busy reports whether an image is still on its way to the terminal.
func (w *linkWriter) busy() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.waiting > 0
}

// stats are the last image's size and the delivered rate (0: unknown).
func (w *linkWriter) stats() (frameKB, mbit float64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.frameKB, w.mbit
}

// isStatusOK reports whether msg is the terminal's CSI 0 n, which Bubble
// Tea v1 delivers as an unexported unknown-CSI message.
func isStatusOK(msg tea.Msg) bool {
	s, ok := msg.(interface{ String() string })
	if !ok {
		return false
	}
	if _, key := msg.(tea.KeyMsg); key {
		return false
	}
	return s.String() == "?CSI[48 110]?" // "0n"
}
