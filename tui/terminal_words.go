package tui

// graphicsWord is the short name of the image protocol in use, shown in
// the model bar so a user knows why the image looks as it does: "sixel",
// "kitty", "blocks" (text cells), "sixel via tmux" (passthrough).
func (m *Model) graphicsWord() string {
	g := string(m.cfg.Graphics)
	if g == "" {
		g = string(GraphicsNone)
	}
	if m.cfg.Passthrough && m.usesGraphics() {
		g += " via tmux"
	}
	return g
}

// zoomedHere reports a zoom above 1x on the plane shown now.
func (m *Model) zoomedHere() bool {
	return m.vp.sess == m.sess && m.vp.plane == m.plane && m.vp.level > 0
}

// noteZoomReset replaces a zoom message that a plane change made stale:
// zoom is per plane, so the new plane starts at 1x.
func (m *Model) noteZoomReset(wasZoomed bool) {
	if wasZoomed && !m.zoomedHere() {
		m.setMsg("%s at 1x (zoom is per plane)", m.plane)
	}
}
