package engine

import "fmt"

// Multimask says which of a SAM-style decoder's mask outputs becomes the
// result. Token 0 is the single-mask output; tokens 1-3 are the multimask
// outputs, among which the best predicted IoU is taken.
type Multimask string

const (
	// MultimaskAuto follows the reference evaluations: a box or several
	// points take token 0 (SAM's authors' advice for unambiguous prompts,
	// MedSAM's SAM baseline: predict(box, multimask_output=False)); one
	// point takes the best multimask token; the MedSAM family always takes
	// token 0, as MedSAM is trained and run (medsam_inference).
	MultimaskAuto   Multimask = "auto"
	MultimaskSingle Multimask = "single" // token 0 (SamPredictor multimask_output=False)
	MultimaskBest   Multimask = "best"   // best of tokens 1-3 (multimask_output=True, best score)
)

// ParseMultimask accepts auto, single and best.
func ParseMultimask(s string) (Multimask, error) {
	switch m := Multimask(s); m {
	case MultimaskAuto, MultimaskSingle, MultimaskBest:
		return m, nil
	}
	return "", fmt.Errorf("multimask %q, expected auto, single or best", s)
}

// multimaskFor is the rule a decode follows: the manifest's when it fixes
// one, else the prompt's, else auto.
func (v Variant) multimaskFor(p Prompt) Multimask {
	switch {
	case v.Multimask != "":
		return v.Multimask
	case p.Multimask != "":
		return p.Multimask
	}
	return MultimaskAuto
}

// chooseToken picks the output channel for a decode with predicted IoUs
// iou under rule m. A decoder with one output has no choice; a SAM 2
// export returns only multimask outputs, so single falls back to best there.
func chooseToken(iou []float32, fam Family, m Multimask, p Prompt) int {
	c := len(iou)
	if c <= 1 {
		return 0
	}
	hasSingle := c == 4 && fam != FamilySAM2
	single := m == MultimaskSingle
	if m == MultimaskAuto || m == "" {
		single = fam == FamilyMedSAM || p.Box != nil || len(p.Points) > 1
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
