package tui

import (
	"context"
	"fmt"
	"strings"
	"syscall"
	"time"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/propagate"
	"github.com/segtui/segtui/keymap"
	"github.com/segtui/segtui/render"
)

// Minimum terminal size the layout supports.
const minW, minH = 100, 30

type focusPane int

const (
	focusImage focusPane = iota
	focusBrowser
)

var opacities = []float64{0.5, 0.75, 1, 0.25}

// Model is the whole TUI. It is used through a pointer so the engine
// slots and session are shared with the commands it starts.
type Model struct {
	cfg Config
	km  keymap.KeyMap
	st  Styles
	ctx context.Context

	w, h  int
	focus focusPane

	// Browser.
	filter    textinput.Model
	filtering bool
	bcursor   int // index into visibleCases()
	opened    int // case index open, -1 before the first load

	// Open case and view.
	sess     *Session
	journal  *Journal
	jh       journalHealth // whether edits reach the journal
	labels   labelsFile    // the case's label file
	loadGen  int
	loading  string
	plane    datasets.Plane
	n        int
	cx, cy   int
	windows  []render.Window
	win      int
	class    int // index into cfg.Classes.Classes
	showGT   bool
	showPred bool
	opacity  int

	// Prompts for the active class on the current slice.
	points    []engine.Point
	corner    *[2]int // first box corner
	box       *engine.Box
	proposal  *engine.Mask
	semProp   *semanticProposal // a promptless model's labels, all classes
	promptGen int
	busy      string // what a running model call is doing

	// callCancel cancels the model call in flight (see newCall).
	callCancel context.CancelFunc

	// Propagation of a class through the plane (P); nil when none runs.
	prop     *propagation
	propGen  int
	propRule propagate.Rule

	// Models.
	slots  []*engineSlot
	engine int
	encDur time.Duration
	decDur time.Duration

	// Messages and modal overlays.
	msg      string
	msgErr   bool
	notice   string // shown once, ahead of the next message
	help     bool
	quitAsk  bool
	restore  *pendingJournal
	compare  *compareTable
	quitting bool
	// terminated is the signal that ended the program (0: none).
	terminated syscall.Signal

	// review steps through evaluation results (segtui review, R); nil: none.
	review *reviewState
	// dis is the disagreement overlay (U); nil until first used.
	dis *disagreeView

	// Image pane.
	vp       viewport // zoom and pan
	frameGen int
	frame    frameResult
	epoch    int
	wipes    int     // image footprint changes; its parity picks the blank cells' form
	drag     *[2]int // mouse press position (slice pixels)
	bodyHash uint64
	// stableStatus hides timings and cache counts (golden tests).
	stableStatus bool
	needs        layoutNeeds // text widths the panes would like
	pane         *paneRenderer
}

// New builds the model; call Init (via tea.Program) to load the first case.
func New(ctx context.Context, cfg Config, r *lipgloss.Renderer) *Model {
	ti := textinput.New()
	ti.Prompt = "/"
	ti.Placeholder = "filter"
	ti.CharLimit = 64
	if cfg.OutDir == "" {
		cfg.OutDir = "segtui-out"
	}
	if cfg.CellW <= 0 || cfg.CellH <= 0 {
		cfg.CellW, cfg.CellH = 10, 20
	}
	m := &Model{
		cfg: cfg, km: cfg.Keys, st: NewStyles(r), ctx: ctx,
		filter: ti, opened: -1,
		windows: append(render.Presets(), render.Auto()),
		showGT:  true, showPred: true,
		slots: newSlots(cfg.Engines),
		needs: measureLayout(cfg),
		pane:  newPaneRenderer(),

		propRule: propagate.DefaultRule(),
	}
	for _, n := range cfg.Notices {
		m.addNotice(n)
	}
	if n := len(cfg.Warnings); n > 0 {
		more := ""
		if n > 1 {
			more = fmt.Sprintf(" (and %d more: segtui info lists them)", n-1)
		}
		m.addNotice("data: " + datasets.SanitizeText(cfg.Warnings[0]) + more)
	}
	return m
}

// addNotice queues a line to show once, ahead of the next message.
func (m *Model) addNotice(s string) {
	if m.notice != "" {
		s = m.notice + " · " + s
	}
	m.notice = s
}

// Init loads the first case.
func (m *Model) Init() tea.Cmd {
	if len(m.cfg.Cases) == 0 {
		m.setErr(fmt.Errorf("no cases to open"))
		return nil
	}
	if cmd, ok := m.reviewInit(); ok {
		return cmd
	}
	return m.openCase(0)
}

// Close releases the engines and the journal.
func (m *Model) Close() {
	m.cancelCall()
	for _, s := range m.slots {
		s.close()
	}
	if m.journal != nil {
		m.journal.Close()
	}
}

func (m *Model) setErr(err error) {
	m.msg, m.msgErr = errorLine(err), true
}

func (m *Model) setMsg(format string, a ...any) {
	m.msg, m.msgErr = fmt.Sprintf(format, a...), false
	if m.notice != "" {
		m.msg, m.notice = m.notice+" · "+m.msg, ""
	}
	if w := m.journalWarning(); w != "" {
		m.msg, m.msgErr = m.msg+" · "+w, true
	}
}

func (m *Model) key() sliceKey { return sliceKey{m.plane, m.n} }

func (m *Model) view() datasets.SliceView { return m.sess.Image.View(m.plane) }

func (m *Model) activeClass() (datasets.Class, bool) {
	if m.class < 0 || m.class >= len(m.cfg.Classes.Classes) {
		return datasets.Class{}, false
	}
	return m.cfg.Classes.Classes[m.class], true
}

// visibleCases returns the indices of cases matching the filter.
func (m *Model) visibleCases() []int {
	f := strings.ToLower(strings.TrimSpace(m.filter.Value()))
	var out []int
	for i, c := range m.cfg.Cases {
		if f == "" || strings.Contains(strings.ToLower(c.ID), f) {
			out = append(out, i)
		}
	}
	return out
}

// clearPrompts forgets points, box and proposal, and makes any running
// decode stale (and cancels it).
func (m *Model) clearPrompts() {
	m.points, m.corner, m.box, m.proposal, m.semProp = nil, nil, nil, nil, nil
	m.cancelCall()
	m.promptGen++
	m.busy = ""
}

// moveTo changes slice or plane, carrying the cursor through the voxel it
// points at.
func (m *Model) moveTo(p datasets.Plane, n int) tea.Cmd {
	if m.sess == nil {
		return nil
	}
	planeChanged := p != m.plane
	if planeChanged {
		ijk := m.view().Voxel(m.n, m.cx, m.cy)
		m.plane = p
		n, m.cx, m.cy = m.view().Pixel(ijk)
	}
	n = max(0, min(n, m.view().Depth-1))
	if n == m.n && !planeChanged {
		return nil
	}
	m.n = n
	m.clearPrompts()
	return tea.Batch(m.refresh(), m.prefetch())
}
