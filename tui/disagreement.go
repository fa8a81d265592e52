package tui

import (
	"context"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/confidence"
)

// disagreeView is the confidence overlay (U): where the loaded variants,
// the decoder's candidate masks and the logit thresholds disagree on the
// current prompts, shaded over the slice.
type disagreeView struct {
	on     bool
	key    sliceKey // the slice the levels are for
	prompt string   // and the prompts (promptKey)
	levels []uint8  // render.FrameSpec.Disagreement levels; nil: none yet
	gen    int
	cancel context.CancelFunc
}

type disagreeMsg struct {
	gen    int
	levels []uint8
	note   string
	err    error
}

// promptKey identifies the prompts on screen, so shading computed for
// other prompts is never shown.
func (m *Model) promptKey() string {
	var b strings.Builder
	if m.box != nil {
		fmt.Fprintf(&b, "b%g,%g,%g,%g;", m.box.X0, m.box.Y0, m.box.X1, m.box.Y1)
	}
	for _, p := range m.points {
		fmt.Fprintf(&b, "p%g,%g,%v;", p.X, p.Y, p.Positive)
	}
	return b.String()
}

// toggleDisagreement turns the overlay on (computing it for the current
// prompts) or off.
func (m *Model) toggleDisagreement() tea.Cmd {
	if m.dis != nil && m.dis.on {
		m.dis.on = false
		if m.dis.cancel != nil {
			m.dis.cancel()
		}
		m.setMsg("disagreement overlay off")
		return m.refresh()
	}
	if m.dis == nil {
		m.dis = &disagreeView{}
	}
	m.dis.on = true
	return m.computeDisagreement()
}

// disagreeAfterDecode recomputes the overlay for a new proposal while it
// is on.
func (m *Model) disagreeAfterDecode(msg decodedMsg) tea.Cmd {
	if m.dis == nil || !m.dis.on || msg.err != nil || msg.mask == nil || m.proposal != msg.mask {
		return nil
	}
	return m.computeDisagreement()
}

// computeDisagreement runs every promptable variant on the current
// prompts and shades, per pixel, the most split of three sets of masks:
// the variants' masks, the active decoder's candidate masks, and the
// proposal at logit +1 and -1 where its logits are at image size.
func (m *Model) computeDisagreement() tea.Cmd {
	d := m.dis
	if m.sess == nil || (len(m.points) == 0 && m.box == nil) {
		m.setMsg("disagreement overlay on: place a prompt and it shades where the variants, candidates and thresholds disagree")
		return m.refresh()
	}
	if d.cancel != nil {
		d.cancel()
	}
	ctx, cancel := context.WithCancel(m.ctx)
	d.cancel, d.gen = cancel, d.gen+1
	d.key, d.prompt, d.levels = m.key(), m.promptKey(), nil
	p := engine.Prompt{Points: append([]engine.Point(nil), m.points...)}
	if m.box != nil {
		b := *m.box
		p.Box = &b
	}
	var own *engine.Mask
	if m.proposal != nil && !m.storedShown() {
		own = m.proposal
	}
	gen, k, img, slots := d.gen, embKey{m.opened, m.key()}, m.engineImage(), m.slots
	m.setMsg("disagreement: running %d variants on the prompts…", len(slots))
	return func() tea.Msg {
		levels, note, err := runDisagreement(ctx, slots, k, img, p, own)
		return disagreeMsg{gen: gen, levels: levels, note: note, err: err}
	}
}

func runDisagreement(ctx context.Context, slots []*engineSlot, k embKey, img *engine.Image, p engine.Prompt, own *engine.Mask) ([]uint8, string, error) {
	n := img.Width * img.Height
	var variants [][]bool
	var names []string
	for _, s := range slots {
		if s.semantic() {
			continue
		}
		mask, _, _, err := s.decode(ctx, k, img, p)
		if err != nil {
			return nil, "", err
		}
		variants = append(variants, mask.Pix)
		names = append(names, datasets.SanitizeName(s.entry.Name))
	}
	maps := [][]float32{confidence.Disagreement(variants)}
	var notes []string
	if len(variants) > 1 {
		notes = append(notes, fmt.Sprintf("%d variants (%s)", len(variants), strings.Join(names, ", ")))
	}
	if own != nil && len(own.Candidates) > 1 {
		var cands [][]bool
		for _, c := range own.Candidates {
			cands = append(cands, c.Pix)
		}
		maps = append(maps, confidence.Disagreement(cands))
		notes = append(notes, fmt.Sprintf("%d candidate masks", len(cands)))
	}
	if own != nil && own.LowRes != nil && len(own.LowRes.Logits) == n {
		lo, hi := make([]bool, n), make([]bool, n)
		for i, v := range own.LowRes.Logits {
			lo[i], hi[i] = v > -confidence.StabilityOffset, v > confidence.StabilityOffset
		}
		maps = append(maps, confidence.Disagreement([][]bool{lo, hi}))
		notes = append(notes, fmt.Sprintf("logit ±%g", confidence.StabilityOffset))
	}
	levels := make([]uint8, n)
	some, split := 0, 0
	for i := range levels {
		worst := float32(0)
		for _, mp := range maps {
			if mp != nil && mp[i] > worst {
				worst = mp[i]
			}
		}
		switch {
		case worst >= 0.99:
			levels[i] = 2
			split++
		case worst > 0:
			levels[i] = 1
			some++
		}
	}
	if len(notes) == 0 {
		return levels, "nothing to compare: one variant, one mask and no logits at image size", nil
	}
	return levels, fmt.Sprintf("%s: %d px split, %d px partly", strings.Join(notes, ", "), split, some), nil
}

func (m *Model) onDisagree(msg disagreeMsg) tea.Cmd {
	d := m.dis
	if d == nil || !d.on || msg.gen != d.gen {
		return nil
	}
	if msg.err != nil {
		m.setErr(fmt.Errorf("disagreement overlay: %w", msg.err))
		return nil
	}
	d.levels = msg.levels
	m.setMsg("disagreement: %s (orange: evenly split, blue: some disagree); %s hides", msg.note, m.km.Disagreement.Help().Key)
	return m.refresh()
}

// disagreeLevels is the overlay for the frame: the levels when on and
// computed for this slice and these prompts, else nil.
func (m *Model) disagreeLevels() []uint8 {
	d := m.dis
	if d == nil || !d.on || d.levels == nil || d.key != m.key() || d.prompt != m.promptKey() {
		return nil
	}
	return d.levels
}
