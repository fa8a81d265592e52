package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/tui/imagepane"
)

// Update routes messages: results of background work first, then keys by
// the modal state and the focused pane.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		m.takeLinkNote()
		m.resend() // a resize wipes images: send the frame again
		m.link.clear++
		return m, m.refresh()
	case linkWakeMsg:
		return m, nil // the view sends a held image
	case tea.KeyMsg, tea.MouseMsg:
		m.takeLinkNote()
	default:
		if isStatusOK(msg) && m.link.w != nil {
			m.link.w.answered()
			return m, nil
		}
	}
	switch msg := msg.(type) {
	case caseLoadedMsg:
		return m, tea.Batch(m.onCaseLoaded(msg), m.reviewAfterLoad(msg))
	case prefetchMsg:
		return m, m.onPrefetch(msg)
	case progressMsg:
		return m, m.onProgress(msg)
	case decodedMsg:
		cmd := m.onDecoded(msg)
		m.reviewAfterDecode(msg)
		return m, tea.Batch(cmd, m.disagreeAfterDecode(msg))
	case disagreeMsg:
		return m, m.onDisagree(msg)
	case autoMsg:
		return m, m.onAuto(msg)
	case propStepMsg:
		return m, m.onPropStep(msg)
	case semanticMsg:
		return m, m.onSemantic(msg)
	case compareMsg:
		m.onCompare(msg)
		return m, nil
	case frameMsg:
		m.imagePane.onFrame(msg)
		return m, nil
	case terminatedMsg:
		return m, m.onTerminated(msg)
	case tea.MouseMsg:
		return m, m.onMouse(msg)
	case tea.KeyMsg:
		// Bubble Tea v1 delivers runes that arrive together (key repeat,
		// a slow SSH link) as one message; split them so "..." is three
		// slice steps, not an unknown key. Pastes stay whole.
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste && !m.browser.Filtering() {
			var cmds []tea.Cmd
			for _, r := range msg.Runes {
				cmds = append(cmds, m.onKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}))
			}
			return m, tea.Batch(cmds...)
		}
		return m, m.onKey(msg)
	}
	return m, nil
}

func (m *Model) onKey(msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, m.km.ForceQuit) {
		return m.quit()
	}
	switch {
	case m.restore != nil:
		return m.onRestoreKey(msg)
	case m.quitAsk:
		return m.onQuitKey(msg)
	case m.help:
		m.help = false
		m.resend()
		return nil
	case m.compare != nil:
		var closed bool
		if *m.compare, closed = m.compare.Update(msg); closed {
			m.compare = nil
			m.resend()
		}
		return nil
	case m.browser.Filtering():
		return m.onBrowserKey(msg)
	}
	switch {
	case key.Matches(msg, m.km.Help):
		m.help = true
		return nil
	case key.Matches(msg, m.km.Quit):
		if m.sess != nil && m.sess.Dirty() > 0 {
			m.quitAsk = true
			return nil
		}
		return m.quit()
	case key.Matches(msg, m.km.Focus):
		if m.focus == focusImage {
			m.focus = focusBrowser
		} else {
			m.focus = focusImage
		}
		return nil
	case key.Matches(msg, m.km.Save):
		m.save()
		return nil
	}
	if m.prop != nil && key.Matches(msg, m.km.Cancel) {
		return m.propCancel() // whichever pane has focus
	}
	if cmd, ok := m.onReviewKey(msg); ok {
		return cmd
	}
	if m.focus == focusBrowser {
		return m.onBrowserKey(msg)
	}
	if m.sess == nil {
		return nil
	}
	return m.onImageKey(msg)
}

// onBrowserKey passes a key to the browser and opens the case it asks for.
func (m *Model) onBrowserKey(msg tea.KeyMsg) tea.Cmd {
	var cmd tea.Cmd
	open := -1
	m.browser, cmd, open = m.browser.Update(msg)
	if open >= 0 {
		m.focus = focusImage
		return m.openCase(open)
	}
	return cmd
}

// onImageKey routes a key while the image pane has focus: the class
// panel's keys choose the class, the model keys act on the engines, and the
// image pane decodes the rest into an action applied here.
func (m *Model) onImageKey(msg tea.KeyMsg) tea.Cmd {
	// The pane first: its cursor and slice keys are the ones held down,
	// and each binding tried costs a key.Matches (which allocates). The
	// order is otherwise free: keymap.Conflicts refuses a key bound to two
	// image actions.
	var act imagepane.Action
	if m.pane, act = m.pane.Update(msg); act.Kind != imagepane.None {
		return m.applyImage(act)
	}
	if i, ok := m.classPanel.Update(msg, m.class); ok {
		return m.setClass(i)
	}
	switch {
	case key.Matches(msg, m.km.NextModel):
		return m.nextModel()
	case key.Matches(msg, m.km.Compare):
		return m.startCompare()
	}
	return nil
}

func (m *Model) setClass(i int) tea.Cmd {
	n := len(m.cfg.Classes.Classes)
	if n == 0 || i < 0 || i >= n {
		return nil
	}
	if i != m.class {
		m.class = i
		m.clearPrompts()
	}
	return m.refresh()
}

func (m *Model) addPoint(x, y int, positive bool) tea.Cmd {
	if m.activeSemantic() {
		m.refusePrompt()
		return nil
	}
	m.points = append(m.points, engine.Point{X: float64(x), Y: float64(y), Positive: positive})
	return tea.Batch(m.refresh(), m.runPrompt())
}

func (m *Model) boxCorner(x, y int) tea.Cmd {
	if m.activeSemantic() {
		m.refusePrompt()
		return nil
	}
	if m.corner == nil {
		m.corner = &[2]int{x, y}
		m.setMsg("box started at (%d,%d): move and press %s again", x, y, m.km.Box.Help().Key)
		return m.refresh()
	}
	c := *m.corner
	m.corner = nil
	m.box = &engine.Box{X0: float64(min(c[0], x)), Y0: float64(min(c[1], y)), X1: float64(max(c[0], x)), Y1: float64(max(c[1], y))}
	return tea.Batch(m.refresh(), m.runPrompt())
}

func (m *Model) nextModel() tea.Cmd {
	if len(m.slots) < 2 {
		m.setMsg("only one model variant is configured")
		return nil
	}
	m.engine = (m.engine + 1) % len(m.slots)
	m.setMsg("model: %s", m.slots[m.engine].entry.Name)
	if m.activeSemantic() {
		return tea.Batch(m.prefetch(), m.runSemantic(false)) // prompts do not apply
	}
	if m.semProp != nil {
		m.clearPrompts()
	}
	if len(m.points) == 0 && m.box == nil {
		m.proposal = nil
		return tea.Batch(m.refresh(), m.prefetch())
	}
	return m.runPrompt()
}

func (m *Model) quit() tea.Cmd {
	m.quitting = true
	return tea.Quit
}

func (m *Model) onQuitKey(msg tea.KeyMsg) tea.Cmd {
	switch msg.String() {
	case "y", "q":
		return m.quit()
	case "s":
		if m.save() {
			return m.quit()
		}
	}
	m.quitAsk = false
	m.resend()
	return nil
}

// onMouse passes a mouse event to the image pane, which maps it through
// the frame on screen (clicks, drags, wheel) into an action applied here.
func (m *Model) onMouse(msg tea.MouseMsg) tea.Cmd {
	if m.sess == nil || m.restore != nil || m.quitAsk {
		return nil // a question waits for its answer
	}
	if m.help || m.compare != nil {
		// An overlay covers the image: a click closes it, as a key does,
		// and places nothing behind it, where the user cannot see.
		if msg.Action == tea.MouseActionPress && (msg.Button == tea.MouseButtonLeft || msg.Button == tea.MouseButtonRight) {
			m.help, m.compare = false, nil
			m.resend()
		}
		return nil
	}
	m.pane.SetGeometry(m.paneGeometry())
	var act imagepane.Action
	m.pane, act = m.pane.Update(msg)
	return m.applyImage(act)
}
