package imagepane

// Kind is what the pane asks the root to do. Most of what it acts on, the
// cursor, the slice, the prompts and the zoom (which needs the slice and
// the pane's size), is state the root shares with the status line, review
// and the frames, so the pane decodes input into an Action and the root
// applies it. The display options are the pane's: it applies those itself
// and the root only redraws.
type Kind int

const (
	None Kind = iota
	// Move moves the cursor by DX, DY slice pixels (the root clamps it
	// to the slice and keeps it in a zoomed view).
	Move
	// Slice steps Step slices through the plane.
	Slice
	// NextPlane cycles the plane, through the voxel under the cursor.
	NextPlane
	// CycleWindow, ToggleGT, TogglePred and CycleOpacity change how the
	// slice is drawn; Update has applied them.
	CycleWindow
	ToggleGT
	TogglePred
	CycleOpacity
	// Point adds a prompt point, Positive or negative: at the cursor, or
	// for a click (Mouse) at X, Y, where the cursor moves.
	Point
	// BoxCorner places a box corner at the cursor; the second one closes
	// the box.
	BoxCorner
	// BoxDrag is a mouse drag from FromX, FromY to X, Y: a whole box
	// (the cursor moves to X, Y).
	BoxDrag
	// Cancel drops a half-made box, or else the prompts.
	Cancel
	Candidate
	Accept
	Undo
	Redo
	Auto
	Propagate
	// Zoom steps the zoom about the cursor: Step +1 in, -1 out, 0 fit.
	Zoom
	// WheelZoom steps the zoom by Step about the pixel under terminal
	// cell Col, Row (ctrl+wheel), which stays under the mouse.
	WheelZoom
	// Focus gives the image pane the keyboard (a press on the image).
	Focus
)

// Action is one request of the pane; the fields its Kind names are set.
type Action struct {
	Kind     Kind
	DX, DY   int  // Move
	Step     int  // Slice, Zoom, WheelZoom
	Positive bool // Point
	// Mouse says X, Y hold the slice pixel a click or drag ended on.
	Mouse        bool
	X, Y         int
	FromX, FromY int // BoxDrag: where the drag started
	Col, Row     int // WheelZoom: the terminal cell under the mouse
}
