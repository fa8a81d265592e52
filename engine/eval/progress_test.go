package eval

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// fakeClock advances only when told, so rate and ETA are exact.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

// runPairs drives p like the runner: two resumed pairs, then three pairs
// of four slices, each slice taking a second, with an unlabelled case
// after the first.
func runPairs(p *progress, clk *fakeClock) {
	p.skip(2)
	for i, id := range []string{"case_1", "case_2", "case_3"} {
		p.startCase(id, "builtin", 4)
		for s := 0; s < 4; s++ {
			clk.advance(time.Second)
			p.sliceDone()
		}
		p.caseDone()
		if i == 0 {
			p.skip(1) // an unlabelled case between labelled ones
		}
	}
	p.finish()
}

func TestProgressToAFileWritesOneLinePerPair(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "eval.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	clk := &fakeClock{t: time.Unix(1000, 0)}
	runPairs(newProgressAt(f, 6, clk.now), clk)
	data, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	log := string(data)
	if strings.ContainsAny(log, "\r\x1b") {
		t.Fatalf("log holds carriage returns or escapes: %q", log)
	}
	// Rate and ETA cover this run's work only: after the first pair (4 s)
	// three are left as far as it knows (12 s); the unlabelled case then
	// drops one, and skipped pairs take no time.
	want := []string{
		"eval 3/6 builtin case_1: 4 slices in 4s, 1.0 slices/s, ETA 12s",
		"eval 5/6 builtin case_2: 4 slices in 4s, 1.0 slices/s, ETA 4s",
		"eval 6/6 builtin case_3: 4 slices in 4s, 1.0 slices/s, ETA 0s",
	}
	if got := strings.Split(strings.TrimSuffix(log, "\n"), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("log:\n%s\nwant:\n%s", log, strings.Join(want, "\n"))
	}
}

func TestProgressOnATerminalRedrawsABar(t *testing.T) {
	master, slave := openPty(t)
	clk := &fakeClock{t: time.Unix(1000, 0)}
	p := newProgressAt(slave, 6, clk.now)
	if !p.tty {
		t.Fatal("a pty slave is not seen as a terminal")
	}
	runPairs(p, clk)
	slave.Close()
	out := readAll(t, master)
	if n := strings.Count(out, "\r\x1b[2K["); n < 6 {
		t.Errorf("%d bar redraws, want one per case start and finish at least:\n%q", n, out)
	}
	for _, want := range []string{"[============            ]  50% 3/6  1.0 slices/s  ETA 12s  builtin case_1", "100% 6/6"} {
		if !strings.Contains(out, want) {
			t.Errorf("bar output lacks %q:\n%q", want, out)
		}
	}
	if strings.Contains(out, "eval 3/6") {
		t.Errorf("plain lines on a terminal:\n%q", out)
	}
}

func TestProgressNamesAreSanitized(t *testing.T) {
	var buf bytes.Buffer
	clk := &fakeClock{t: time.Unix(0, 0)}
	p := newProgressAt(&buf, 1, clk.now)
	p.startCase("case\x1b]0;owned\x07", "evil\rvariant", 1)
	clk.advance(time.Second)
	p.sliceDone()
	p.caseDone()
	if strings.ContainsAny(buf.String(), "\x1b\x07\r") {
		t.Errorf("control characters from names reached the output: %q", buf.String())
	}
}

// openPty returns a real pseudo-terminal pair.
func openPty(t *testing.T) (master, slave *os.File) {
	t.Helper()
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

// readAll reads the master until the closed slave gives EIO.
func readAll(t *testing.T, master *os.File) string {
	t.Helper()
	master.SetReadDeadline(time.Now().Add(10 * time.Second))
	var out bytes.Buffer
	_, err := io.Copy(&out, master)
	if err != nil && !errors.Is(err, syscall.EIO) {
		t.Fatalf("reading the pty: %v (got %q)", err, out.String())
	}
	return out.String()
}
