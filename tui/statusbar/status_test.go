package statusbar

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/render"
	"github.com/segtui/segtui/tui/common"
)

// A line that cannot fit even short ends at the last whole field.
func TestFitStatusEndsAtWholeField(t *testing.T) {
	f := make([]Field, stCount)
	f[stSlice].Forms = []string{"axial 1/64"}
	f[stWindow].Forms = []string{"abdomen W400/L40", "W400/L40"}
	f[stLatency].Forms = []string{"enc 900ms dec 30ms"}
	got := fitStatus(f, 30)
	if got != "axial 1/64 │ W400/L40" {
		t.Errorf("fitStatus at 30 = %q, want the window shortened and the latency dropped whole", got)
	}
}

func newBars(w int) Model {
	r := lipgloss.NewRenderer(nil)
	r.SetColorProfile(termenv.Ascii)
	m := New(common.NewStyles(r))
	m.SetSize(w)
	return m
}

func liverStatus() Status {
	return Status{Open: true, Plane: datasets.Axial, Slice: 50, Depth: 64,
		Window:  render.Window{Name: "abdomen", Width: 400, Level: 40},
		CursorX: 130, CursorY: 128, Voxel: [3]int{130, 128, 50}, Value: -78.4, CT: true,
		Enc: 900 * time.Millisecond, Dec: 30 * time.Millisecond, Link: " · img 12 KB",
		Precompute: "precompute 5/5 · cache 5", PrecomputeShort: "pre 5/5",
		Positive: 1, Corner: true}
}

// Every field shows from the snapshot; Stable (the goldens) hides the
// timings, the link and the precompute counts, which change run to run.
func TestStatusFromSnapshot(t *testing.T) {
	m := newBars(220)
	m.SetStatus(liverStatus())
	got := m.StatusView()
	want := " axial 51/64 │ abdomen W400/L40 │ cursor (130,128) voxel (130,128,50) -78 HU │ enc 900ms dec 30ms · img 12 KB │ precompute 5/5 · cache 5 │ prompts 1+ 0− box…"
	if !strings.HasPrefix(got, want) || strings.TrimRight(got, " ") != want {
		t.Errorf("status line\n%q\nwant\n%q", got, want)
	}
	if w := ansi.StringWidth(got); w != 220 {
		t.Errorf("status line is %d cells, want 220", w)
	}
	s := liverStatus()
	s.Stable, s.CT, s.Enc, s.Busy = true, false, 0, "comparing 2 models"
	m.SetStatus(s)
	got = strings.TrimRight(m.StatusView(), " ")
	want = " axial 51/64 │ abdomen W400/L40 │ cursor (130,128) voxel (130,128,50) -78 │ enc – dec – │ prompts 1+ 0− box… │ ⟳ comparing 2 models"
	if got != want {
		t.Errorf("stable status line\n%q\nwant\n%q", got, want)
	}
	m.SetStatus(Status{})
	if got := strings.TrimRight(m.StatusView(), " "); got != " no case open" {
		t.Errorf("with no case: %q", got)
	}
}

// The model bar marks the active variant, says where it runs (and that
// CUDA was wanted and missed), names the image protocol, and says "no
// model" when none is configured.
func TestBarView(t *testing.T) {
	m := newBars(160)
	m.SetBar(Bar{Models: []string{"sam-b", "med\asam"}, Active: 1, NoCUDA: true, Graphics: "sixel", ViaTmux: true, GT: true, Opacity: 0.75})
	got := strings.TrimRight(m.BarView(), " ")
	want := " segtui │ model sam-b ‹medsam› │ device CPU (no CUDA) │ img sixel via tmux │ GT on · pred off · opacity 75%"
	if got != want {
		t.Errorf("model bar\n%q\nwant\n%q", got, want)
	}
	m.SetBar(Bar{Graphics: "none", Pred: true, Opacity: 1})
	got = strings.TrimRight(m.BarView(), " ")
	want = " segtui │ no model │ img none │ GT off · pred on · opacity 100%"
	if got != want {
		t.Errorf("model bar without models\n%q\nwant\n%q", got, want)
	}
}

// The message line is the message, cut to the width.
func TestMessageView(t *testing.T) {
	m := newBars(20)
	m.SetMessage(Message{Text: "saved liver_0001.nii.gz as NIfTI", Err: true})
	if got := m.MessageView(); got != " saved liver_0001.ni" {
		t.Errorf("message line %q", got)
	}
}
