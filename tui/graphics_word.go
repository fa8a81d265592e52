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
