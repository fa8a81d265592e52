package tui

import (
	"strings"
	"testing"
)

// Keys remapped in keys.conf reach the image pane and the class panel
// (tui/imagepane, tui/classpanel) through the app: the new key acts, the
// default it replaced does nothing, and the hint line names the new key.
func TestRemappedImageAndClassKeys(t *testing.T) {
	cfg := phantomConfig(t, GraphicsBlocks)
	conf := "positive = i\nclass-2 = @\nnext-class = }\nzoom-in = ]\ntoggle-gt = G\n"
	if err := cfg.Keys.Apply(strings.NewReader(conf), "keys.conf"); err != nil {
		t.Fatal(err)
	}
	m := newTestModelCfg(t, cfg)
	press(m, " ")
	if len(m.points) != 0 {
		t.Fatalf("space still adds a point after positive = i: %v", m.points)
	}
	press(m, "i")
	if len(m.points) != 1 || !m.points[0].Positive || int(m.points[0].X) != m.cx || int(m.points[0].Y) != m.cy {
		t.Fatalf("i adds no positive point at the cursor (%d,%d): %v", m.cx, m.cy, m.points)
	}
	if h := m.hintBindings()[0].Help(); h.Key != "i" || h.Desc != "positive point" {
		t.Errorf("the hint line's first key is %+v, want i positive point", h)
	}
	class := m.class
	press(m, "2")
	if m.class != class {
		t.Errorf("2 chose class %d after class-2 = @", m.class)
	}
	press(m, "@")
	if m.class != 1 {
		t.Errorf("@ chose class %d, want 1 (class 2)", m.class)
	}
	press(m, "}")
	if m.class != 2 {
		t.Errorf("} chose class %d, want 2", m.class)
	}
	press(m, "]")
	if m.class != 2 || m.pane.Zoom().Factor() != 1.5 {
		t.Errorf("] after zoom-in = ]: class %d zoom %gx, want class 2 at 1.5x", m.class, m.pane.Zoom().Factor())
	}
	press(m, "g")
	if !m.pane.ShowGT() {
		t.Error("g still hides the ground truth after toggle-gt = G")
	}
	press(m, "G")
	if m.pane.ShowGT() {
		t.Error("G does not hide the ground truth")
	}
}
