package sshlink

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// The links of issue 14: loopback, a good remote link, a poor one.
var benchLinks = []Link{
	Unlimited,
	{Name: "50 Mbit/s 20 ms", Mbit: 50, RTT: 20 * time.Millisecond},
	{Name: "10 Mbit/s 60 ms", Mbit: 10, RTT: 60 * time.Millisecond},
}

var benchProtocols = []struct {
	graphics string
	kind     Kind
}{{"sixel", XTermSixel}, {"kitty", Kitty}, {"blocks", Plain}}

// keyKind is one row of the table: keys to send (the last one timed)
// and keys that put the view back afterwards (not measured).
type keyKind struct {
	name   string
	keys   []string
	gap    time.Duration
	before []string
	after  []string
}

var demoKeys = []keyKind{
	{name: "cursor move (l)", keys: []string{"l"}},
	{name: "slice step (.)", keys: []string{"."}},
	{name: "held . x20", keys: repeat(".", 20), gap: 33 * time.Millisecond, before: []string{"<", "<", "<"}},
	{name: "zoom (+)", keys: []string{"+"}, after: []string{"0"}},
	{name: "plane (v)", keys: []string{"v"}, after: []string{"v", "v"}},
	{name: "point (space)", keys: []string{" "}, after: []string{"\x1b"}},
	{name: "box (b..b)", keys: []string{"b", "L", "J", "b"}, after: []string{"\x1b"}},
	{name: "auto prompt (a)", keys: []string{"a"}, after: []string{"\x1b"}},
}

func repeat(k string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = k
	}
	return out
}

// TestBenchSSH is make bench-ssh: segtui on the demo over ssh -tt through
// each shaped link, in each graphics protocol, timing each kind of key
// from the key to its frame's last byte.
func TestBenchSSH(t *testing.T) {
	if os.Getenv("SEGTUI_SSH_BENCH") == "" {
		t.Skip("set SEGTUI_SSH_BENCH=1 (make bench-ssh): minutes of real SSH sessions")
	}
	r := newRig(t)
	var rows []string
	only := os.Getenv("SEGTUI_SSH_BENCH_ONLY") // e.g. "sixel" or "10 Mbit"
	for _, p := range benchProtocols {
		for _, link := range benchLinks {
			if only != "" && !strings.Contains(p.graphics+" "+link.Name, only) {
				continue
			}
			s := r.start(t, link, p.kind, p.graphics, t.TempDir())
			s.waitScreen("axial", 30*time.Second)
			s.settle(link)
			// A user has looked around before the keys measured: the link
			// rate is known and the image quality chosen.
			for _, k := range []string{".", ",", "."} {
				s.press(link, 0, k)
			}
			for _, k := range demoKeys {
				for _, b := range k.before {
					s.press(link, 0, b)
				}
				_, before, depth := LastSlice(s.term.All())
				m := s.press(link, k.gap, k.keys...)
				if dir := os.Getenv("SEGTUI_SSH_BENCH_DUMP"); dir != "" {
					_ = os.WriteFile(fmt.Sprintf("%s/%s-%s-%d.out", dir, p.graphics, strings.Fields(link.Name)[0], len(rows)), m.out, 0o644)
				}
				note := ""
				if k.name == "held . x20" {
					_, got, _ := LastSlice(m.out)
					if want := min(before+20, depth); got != want {
						note = fmt.Sprintf(" ends on slice %d, want %d", got, want)
					}
				}
				rows = append(rows, fmt.Sprintf("| %s | %s | %s | %.1f | %.1f | %d | %d%s |", k.name, link.Name, p.graphics,
					float64(m.wire)/1000, float64(m.app)/1000, m.images, m.took.Milliseconds(), note))
				for _, a := range k.after {
					s.press(link, 0, a)
				}
			}
			s.term.Send("q")
			s.term.Send("y")
			_ = s.term.Wait(10 * time.Second)
			rows = append(rows, caseSwitch(t, r, link, p.graphics, p.kind, "")...)
		}
	}
	if only == "" || strings.Contains("sixel 10 Mbit", only) {
		// The peer: the same switch with no case read ahead.
		rows = append(rows, caseSwitch(t, r, benchLinks[2], "sixel", XTermSixel, "0")...)
	}
	fmt.Println("| key | link | graphics | wire KB | app KB | images | key to frame ms |")
	fmt.Println("|---|---|---|---:|---:|---:|---:|")
	fmt.Println(strings.Join(rows, "\n"))
}

// caseSwitch opens the first of the 512x512x300 cases, waits while the
// next one is read ahead, and times tab, j, enter: from enter to the new
// case's first complete frame. prefetch "0" turns reading ahead off.
func caseSwitch(t *testing.T, r *rig, link Link, graphics string, kind Kind, prefetch string) []string {
	data := largeDataset(t)
	var env []string
	name := "case switch (512x512x300)"
	if prefetch == "0" {
		env = append(env, "SEGTUI_CASE_PREFETCH=0")
		name += ", no read-ahead"
	}
	s := r.startEnv(t, link, kind, graphics, t.TempDir(), env, data)
	s.waitScreen("LARGE_0001", 60*time.Second)
	s.waitScreen("axial", 60*time.Second)
	s.settle(link)
	time.Sleep(5 * time.Second) // the neighbour's read (about a second) is done
	s.press(link, 0, "\t")
	s.press(link, 0, "j")
	m := s.pressUntil(link, 0, "opened LARGE_0002", "\r")
	if dir := os.Getenv("SEGTUI_SSH_BENCH_DUMP"); dir != "" {
		_ = os.WriteFile(fmt.Sprintf("%s/case-%s-%s-%s.out", dir, graphics, strings.Fields(link.Name)[0], prefetch), m.out, 0o644)
	}
	note := ""
	if i := bytes.Index(m.out, []byte("opened LARGE_0002")); i < 0 || Images(m.out[i:]) == 0 && graphics != "blocks" {
		note = " (no frame of LARGE_0002)"
	}
	s.term.Send("q")
	_ = s.term.Wait(10 * time.Second)
	return []string{fmt.Sprintf("| %s | %s | %s | %.1f | %.1f | %d | %d%s |", name, link.Name, graphics,
		float64(m.wire)/1000, float64(m.app)/1000, m.images, m.took.Milliseconds(), note)}
}
