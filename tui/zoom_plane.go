package tui

// zoomedHere reports a zoom above 1x on the plane shown now.
func (m *Model) zoomedHere() bool {
	return m.pane.ZoomedOn(m.viewOwner())
}

// noteZoomReset replaces a zoom message that a plane change made stale:
// zoom is per plane, so the new plane starts at 1x. The message names no
// plane, so it stays true through further plane changes.
func (m *Model) noteZoomReset(wasZoomed bool) {
	if wasZoomed && !m.zoomedHere() {
		m.setMsg("zoom back to 1x (zoom is per plane)")
	}
}
