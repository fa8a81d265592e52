package tui

import (
	"context"
	"fmt"
	"syscall"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine/propagate"
	"github.com/segtui/segtui/engine/region"
	"github.com/segtui/segtui/keymap"
	"github.com/segtui/segtui/tui/browser"
	"github.com/segtui/segtui/tui/classpanel"
	"github.com/segtui/segtui/tui/compare"
	"github.com/segtui/segtui/tui/review"
)

// Minimum terminal size the layout supports.
const minW, minH = 100, 30

type focusPane int

const (
	focusImage focusPane = iota
	focusBrowser
)

// Model is the whole TUI. It is used through a pointer so the engine
// slots and session are shared with the commands it starts.
type Model struct {
	cfg Config
	km  keymap.KeyMap
	st  Styles
	ctx context.Context

	w, h  int
	focus focusPane

	browser browser.Model // the case list (tui/browser)
	opened  int           // case index open, -1 before the first load

	// Open case and view.
	sess    *Session
	journal *Journal
	jh      journalHealth // whether edits reach the journal
	labels  labelsFile    // the case's label file
	loadGen int
	loading string
	class   int // index into cfg.Classes.Classes

	promptState // prompts, proposals and the model call in flight (prompts.go)

	propState // the propagation running, if any (propagate.go)

	// Models.
	slots  []*engineSlot
	engine int
	encDur time.Duration
	decDur time.Duration

	messageLine // the message or hint line (message_line.go)

	// Modal overlays.
	help     bool
	quitAsk  bool
	restore  *pendingJournal
	compare  *compare.Model // the comparison table (tui/compare); nil: closed
	quitting bool
	// terminated is the signal that ended the program (0: none).
	terminated syscall.Signal

	// review steps through evaluation results (segtui review, R); nil: none.
	review *review.Model
	// dis is the disagreement overlay (U); nil until first used.
	dis *disagreeView

	imagePane // frames, zoom and resends (image_pane.go)

	// classPanel is the class and Dice pane (tui/classpanel); its keys
	// choose the active class.
	classPanel classpanel.Model

	// stableStatus hides timings and cache counts (golden tests).
	stableStatus bool
	needs        layoutNeeds   // text widths the panes would like
	link         linkState     // what reached the terminal (a real one only)
	cases        *casePrefetch // the neighbouring cases, read ahead
}

// New builds the model; call Init (via tea.Program) to load the first case.
func New(ctx context.Context, cfg Config, r *lipgloss.Renderer) *Model {
	if cfg.OutDir == "" {
		cfg.OutDir = "segtui-out"
	}
	if cfg.CellW <= 0 || cfg.CellH <= 0 {
		cfg.CellW, cfg.CellH = 10, 20
	}
	st := NewStyles(r)
	m := &Model{
		cfg: cfg, km: cfg.Keys, st: st, ctx: ctx,
		browser:   browser.New(caseIDs(cfg.Cases), browser.NewKeyMap(cfg.Keys), st),
		opened:    -1,
		slots:     newSlots(cfg.Engines),
		needs:     measureLayout(cfg),
		imagePane: newImagePane(cfg.Keys),
		propState: propState{propRule: propagate.DefaultRule()},
	}
	m.classPanel = classpanel.New(st)
	m.classPanel.KeyMap = classpanel.NewKeyMap(cfg.Keys)
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

// visibleCases returns the indices of cases matching the browser's filter.
func (m *Model) visibleCases() []int { return m.browser.Visible() }

func caseIDs(cases []CaseEntry) []string {
	ids := make([]string, len(cases))
	for i, c := range cases {
		ids[i] = c.ID
	}
	return ids
}

// clearPrompts forgets points, box and proposal, and makes any running
// decode stale (and cancels it).
func (m *Model) clearPrompts() {
	m.points, m.corner, m.box, m.proposal, m.semProp = nil, nil, nil, nil, nil
	m.propRegion = region.Rect{}
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
	wasZoomed := m.zoomedHere()
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
	m.noteZoomReset(wasZoomed && planeChanged)
	return tea.Batch(m.refresh(), m.prefetch())
}
