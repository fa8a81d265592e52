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

// MultimaskFor is the rule a decode follows: the manifest's when it fixes
// one, else the prompt's, else auto.
func (v Variant) MultimaskFor(p Prompt) Multimask {
	switch {
	case v.Multimask != "":
		return v.Multimask
	case p.Multimask != "":
		return p.Multimask
	}
	return MultimaskAuto
}
