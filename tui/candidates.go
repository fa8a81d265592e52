package tui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/metrics"
)

// A SAM-style decoder returns several masks (token 0 single-mask, tokens
// 1-3 multimask); the engine picks one by the mask-choice rule and the
// prompt asks for the others too. The candidate key shows the next one
// (the rule's choice first, then each other token) with its predicted IoU,
// as SAM's demos let people choose; accept takes the one shown, and later
// clicks refine it.

// nextCandidate replaces the proposal by the decode's next candidate.
func (m *Model) nextCandidate() tea.Cmd {
	p := m.proposal
	if p == nil {
		m.setMsg("no proposal yet: place a point (%s) or a box (%s) first", m.km.Positive.Help().Key, m.km.Box.Help().Key)
		return nil
	}
	if len(p.Candidates) < 2 {
		m.setMsg("%s gives one mask for this prompt; nothing to choose", m.activeModelName())
		return nil
	}
	i := 0
	for j, c := range p.Candidates {
		if c.Token == p.Token {
			i = (j + 1) % len(p.Candidates)
		}
	}
	c := p.Candidates[i]
	m.proposal = &engine.Mask{Width: p.Width, Height: p.Height, Pix: c.Pix, Score: c.Score, LowRes: c.LowRes,
		Token: c.Token, Candidates: p.Candidates}
	m.setMsg("candidate %d/%d: %s, predicted IoU %.3f, %d px; %s accepts, %s shows the next",
		i+1, len(p.Candidates), tokenName(c.Token, len(p.Candidates), i == 0), c.Score, metrics.Area(c.Pix),
		m.km.Accept.Help().Key, m.km.Candidate.Help().Key)
	return m.refresh()
}

// candidateHint tells the user other masks are there to choose from.
func (m *Model) candidateHint(mask *engine.Mask) string {
	if len(mask.Candidates) < 2 {
		return ""
	}
	return fmt.Sprintf(", %s shows the other %d masks", m.km.Candidate.Help().Key, len(mask.Candidates)-1)
}

// tokenName says which decoder output a candidate is.
func tokenName(token, n int, chosen bool) string {
	s := fmt.Sprintf("token %d", token)
	switch {
	case n == 4 && token == 0:
		s += " (single mask)"
	case n == 4:
		s += " (multimask)"
	}
	if chosen {
		s += ", the rule's choice"
	}
	return s
}

// activeModelName is the active variant's name for messages.
func (m *Model) activeModelName() string {
	if len(m.slots) == 0 {
		return "the model"
	}
	return datasets.SanitizeName(m.slots[m.engine].entry.Name)
}
