package tui

import "github.com/segtui/segtui/engine/metrics"

// classArea is the class mask of labels and its pixel count.
func classArea(labels []uint16, id uint16) ([]bool, int) {
	m := classMask(labels, id)
	return m, metrics.Area(m)
}

// paintFree writes id where pix is set and the pixel is unlabelled or
// already id, and clears id elsewhere: a propagation nobody watches does
// not take pixels other classes hold.
func paintFree(labels []uint16, id uint16, pix []bool) {
	for i, on := range pix {
		switch {
		case on && (labels[i] == 0 || labels[i] == id):
			labels[i] = id
		case !on && labels[i] == id:
			labels[i] = 0
		}
	}
}
