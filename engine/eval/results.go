package eval

import (
	"fmt"
	"sort"

	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/confidence"
)

// ResultsVersion is bumped when the JSON layout changes incompatibly.
const ResultsVersion = 1

// Results is the JSON file an evaluation writes (results.json) and that the
// TUI's review mode reads: the setup, every per-slice and per-case result
// with the prompts that produced it, and the summary tables.
type Results struct {
	Version int    `json:"version"`
	Dataset string `json:"dataset"` // the PATH given to eval
	// Split is the dataset's split list the run was narrowed to (--split),
	// "" for every case; review and --resume narrow the set the same way.
	Split string `json:"split,omitempty"`
	// Models is the model manifest the variants came from ("" for the
	// built-in engine alone), so review can reopen them.
	Models   string       `json:"models,omitempty"`
	Plane    string       `json:"plane"`    // axial, coronal or sagittal
	Protocol string       `json:"protocol"` // box, point, box+point, iterative:N[:point], propagate
	JitterPX float64      `json:"jitter_px"`
	Seed     uint64       `json:"seed"`
	Variants []string     `json:"variants"`
	Classes  []ClassInfo  `json:"classes"`
	Cases    []CaseResult `json:"cases"`
	// SlicesPerSecond is each variant's throughput over this run's work.
	SlicesPerSecond map[string]float64 `json:"slices_per_second"`
	// VariantClasses lists, for variants scored on a subset of the classes
	// (semantic models: their manifest classes), the ids they are scored
	// on; the other classes' cells are undefined for them.
	VariantClasses map[string][]uint16 `json:"variant_classes,omitempty"`
	Dice           TableJSON           `json:"dice"`
	NSD            TableJSON           `json:"nsd"`

	// BoxMarginPX is --box-margin: each GT box grown by it a side.
	BoxMarginPX float64 `json:"box_margin_px"`
	// Multimask is --multimask, the mask-choice rule (auto, single, best);
	// VariantMultimask the variants whose manifest fixes another.
	Multimask        string            `json:"multimask"`
	VariantMultimask map[string]string `json:"variant_multimask,omitempty"`
	// VariantTiles is each variant's tiling of 2-D images larger than a
	// tile ("1024/128": size/overlap); absent variants are not tiled.
	VariantTiles map[string]string `json:"variant_tiles,omitempty"`

	// PromptsFrom is the --prompts file whose prompts were replayed ("":
	// prompts from the ground truth by the protocol).
	PromptsFrom string `json:"prompts_from,omitempty"`

	// Confidence is, per variant, how well each confidence signal ranks
	// the results' real Dice (where ground truth exists).
	Confidence map[string][]confidence.Assessment `json:"confidence,omitempty"`
}

// ClassInfo is a scored class with its NSD tolerance.
type ClassInfo struct {
	ID          uint16  `json:"id"`
	Name        string  `json:"name"`
	ToleranceMM float64 `json:"tolerance_mm"`
}

// CaseResult is one case scored for one variant. For volumes Dice and NSD
// are 3-D over the case (FLARE22 conventions); for 2-D images they are the
// image's scores.
type CaseResult struct {
	Case           string        `json:"case"`
	Image          string        `json:"image"`
	Labels         string        `json:"labels"`
	Variant        string        `json:"variant"`
	BackgroundDice *float64      `json:"background_dice"`
	Classes        []CaseClass   `json:"classes"`
	Slices         []SliceResult `json:"slices"`
	Seconds        float64       `json:"seconds"`
	SlicesDone     int           `json:"slices_done"`
	// Propagation is, for the propagate protocol, how each class's run went.
	Propagation []PropagationRecord `json:"propagation,omitempty"`
}

// PropagationRecord is one class's propagation in a case. Slices index the
// plane in display orientation, from 0.
type PropagationRecord struct {
	Class uint16 `json:"class"`
	Start int    `json:"start"` // the slice prompted with the GT box
	// First and Last are the lowest and highest slices accepted (Start
	// itself when nothing was); -1 both when the start mask was empty.
	First int `json:"first"`
	Last  int `json:"last"`
	// StopUp and StopDown say why each direction ended (the TUI's words:
	// "61: 100% off-range", "end of stack").
	StopUp   string `json:"stop_up"`
	StopDown string `json:"stop_down"`
}

// CaseClass is a class's per-case score; nil means not defined.
type CaseClass struct {
	ID   uint16   `json:"id"`
	Dice *float64 `json:"dice"`
	NSD  *float64 `json:"nsd"`
}

// SliceResult is one class on one slice (promptable variants) or one class
// of a semantic variant's labelling of the slice. Slice indexes the plane
// in display orientation, as the TUI shows it.
type SliceResult struct {
	Slice int      `json:"slice"`
	Class uint16   `json:"class"`
	Dice  *float64 `json:"dice"`
	NSD   *float64 `json:"nsd"`
	// Prompts lists the prompt of every round, first prompt first; empty
	// for semantic variants. Coordinates are slice pixels.
	Prompts []PromptRecord `json:"prompts"`
	// Mask is the final predicted mask, run-length encoded (see RLE).
	Mask RLE `json:"mask"`
	// Signals are the mask's quality signals that need no ground truth
	// (engine/confidence names them; higher is more confident), computed
	// from the decode, the image and the other results, never from Dice.
	Signals map[string]float64 `json:"signals,omitempty"`
}

// PromptRecord is one round's prompt.
type PromptRecord struct {
	Box    *engine.Box    `json:"box,omitempty"`
	Points []engine.Point `json:"points,omitempty"`
}

// RLE is a row-major binary mask as alternating run lengths, starting with
// a run of false (possibly 0).
type RLE struct {
	Width  int   `json:"width"`
	Height int   `json:"height"`
	Runs   []int `json:"runs"`
}

// EncodeRLE run-length encodes a mask.
func EncodeRLE(m []bool, w, h int) RLE {
	r := RLE{Width: w, Height: h}
	cur, n := false, 0
	for _, v := range m {
		if v != cur {
			r.Runs = append(r.Runs, n)
			cur, n = v, 0
		}
		n++
	}
	r.Runs = append(r.Runs, n)
	return r
}

// Decode expands the mask, checking that the runs cover it exactly.
func (r RLE) Decode() ([]bool, error) {
	n := r.Width * r.Height
	if r.Width <= 0 || r.Height <= 0 || n > 1<<28 {
		return nil, fmt.Errorf("mask is %dx%d: expected a positive size", r.Width, r.Height)
	}
	m := make([]bool, n)
	pos, v := 0, false
	for _, run := range r.Runs {
		if run < 0 || pos+run > n {
			return nil, fmt.Errorf("mask runs cover more than its %dx%d pixels", r.Width, r.Height)
		}
		if v {
			for i := pos; i < pos+run; i++ {
				m[i] = true
			}
		}
		pos += run
		v = !v
	}
	if pos != n {
		return nil, fmt.Errorf("mask runs cover %d of its %dx%d pixels", pos, r.Width, r.Height)
	}
	return m, nil
}

// TableJSON is a summary table (rows background, classes, Average; one
// column per variant); nil cells are not defined.
type TableJSON struct {
	Columns []string     `json:"columns"`
	Rows    []TableRowJS `json:"rows"`
}

// TableRowJS is one row of TableJSON.
type TableRowJS struct {
	Name   string     `json:"name"`
	Values []*float64 `json:"values"`
}

// FailureRef points at one per-slice result.
type FailureRef struct {
	Case    int // index into Results.Cases
	Slice   int // index into that case's Slices
	Variant string
	Dice    float64
}

// WorstFirst lists every per-slice result with a defined Dice, lowest
// Dice first (ties in file order), for the review mode's n / N.
func (r *Results) WorstFirst() []FailureRef {
	var out []FailureRef
	for ci, c := range r.Cases {
		for si, s := range c.Slices {
			if s.Dice != nil {
				out = append(out, FailureRef{Case: ci, Slice: si, Variant: c.Variant, Dice: *s.Dice})
			}
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Dice < out[b].Dice })
	return out
}
