package tui

import (
	"context"

	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/region"
)

// promptState is the prompts for the active class on the current slice and
// what the model made of them. It is embedded in Model (m.points reads as
// before); the image pane draws it, the status line counts it, and every
// model result checks promptGen (with the case and slice) before it lands.
type promptState struct {
	points    []engine.Point
	corner    *[2]int // first box corner
	box       *engine.Box
	proposal  *engine.Mask
	semProp   *semanticProposal // a promptless model's labels, all classes
	promptGen int               // bumped when the prompts change: older results are stale
	busy      string            // what a running model call is doing

	// callCancel cancels the model call in flight (see newCall).
	callCancel context.CancelFunc

	// propRegion is the slice region the prompts went to (tui/region.go);
	// empty before the first decode.
	propRegion region.Rect
}
