package onnx

import "github.com/segtui/segtui/engine"

// chooseToken picks the output channel for a decode with predicted IoUs
// iou under rule m. A decoder with one output has no choice; a SAM 2
// export returns only multimask outputs, so single falls back to best there.
func chooseToken(iou []float32, fam engine.Family, m engine.Multimask, p engine.Prompt) int {
	c := len(iou)
	if c <= 1 {
		return 0
	}
	hasSingle := c == 4 && fam != engine.FamilySAM2
	single := m == engine.MultimaskSingle
	if m == engine.MultimaskAuto || m == "" {
		single = fam == engine.FamilyMedSAM || p.Box != nil || len(p.Points) > 1
	}
	if single && hasSingle {
		return 0
	}
	first := 0
	if hasSingle {
		first = 1
	}
	best := first
	for i := first; i < c; i++ {
		if iou[i] > iou[best] {
			best = i
		}
	}
	return best
}

// candidateOrder is the chosen token first, then the others in order: what
// the TUI cycles through.
func candidateOrder(chosen, c int) []int {
	order := []int{chosen}
	for i := 0; i < c; i++ {
		if i != chosen {
			order = append(order, i)
		}
	}
	return order
}
