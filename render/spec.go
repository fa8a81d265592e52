package render

import (
	"image"
	"image/color"

	"github.com/segtui/segtui/datasets"
)

// Point is a prompt click in slice pixel coordinates (X=3 is column 3).
type Point struct {
	X, Y     float64
	Positive bool
}

// Box is a rectangle in slice pixel coordinates, corners inclusive.
type Box struct{ X0, Y0, X1, Y1 float64 }

// DefaultGreyLevels balances fidelity against sixel bytes, which grow with
// the colours used in each 6-row band: on a noisy 768x768 CT frame 32 levels
// give about 44 dB PSNR in under 200 KB (64 levels: 47 dB, 290 KB).
const DefaultGreyLevels = 32

// DefaultFillOpacity is the prediction fill's opacity until the user
// changes it.
const DefaultFillOpacity = 0.4

// FrameSpec is everything drawn in one frame. Label planes, Grey and RGB
// are display-oriented slices of View.Width x View.Height.
type FrameSpec struct {
	View   datasets.SliceView // size and pixel spacing of the slice
	Grey   []float32          // physical values (HU for CT)
	RGB    []uint8            // 3 bytes per pixel for colour images, shown as they are; else nil
	Window Window             // for Grey; Auto() resolves from this slice's percentiles

	Region      Rect    // the part of the slice shown (zoom/pan); zero: all of it
	MaxW, MaxH  int     // the box the frame must fit, in output pixels
	PixelAspect float64 // on-screen height/width of one output pixel; 0 means 1
	GreyLevels  int     // grey levels in the palette; 0 means DefaultGreyLevels

	Classes     datasets.ClassTable
	GT          []uint16 // ground truth: 1-px outline per class; nil: none
	Labels      []uint16 // prediction/edits: translucent fill plus outline; nil: none
	FillOpacity float64  // 0..1
	Proposal    []bool   // the active proposal, highlighted; nil: none
	// ProposalColor draws the proposal in another colour (review mode
	// shows a stored prediction in ColorStored); zero: ColorProposal.
	ProposalColor color.RGBA
	// Disagreement shades where several masks of the slice disagree (the
	// confidence overlay): 0 nowhere, 1 some disagree, 2 evenly split;
	// filled over the labels and proposal. nil: none.
	Disagreement []uint8

	Points   []Point
	Boxes    []Box
	DraftBox *Box   // the box being dragged, dashed
	Cursor   *Point // crosshair; nil: none
}

// Frame is a composed picture and how its pixels map to the slice.
type Frame struct {
	Image  *image.Paletted
	Map    Mapping
	Window Window // the window used, resolved when auto
	layers *layers
}
