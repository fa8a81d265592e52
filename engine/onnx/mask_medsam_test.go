package onnx

import "testing"

// Between a low-res logit of -1 and one of 10, 15% of the way along, the
// interpolated logit is positive (0.65) but the interpolated probability
// is 0.38: MedSAM's script (sigmoid, then bilinear, then > 0.5) leaves that
// pixel out.
func TestMedSAMMaskThresholdsProbabilities(t *testing.T) {
	const low = 2
	lr := []float32{-1, 10, -1, 10}
	// A 20-pixel-wide image spans the 2 low-res columns: pixel x samples
	// low-res column (x+0.5)/10-0.5, so x=6 is 15% past column 0's centre.
	f := frame{W: 20, H: 1, S: low, NW: low, NH: low}
	got := medsamMask(lr, low, f)
	logits := resampleToImage(lr, 1, low, low, f)
	if !(logits[6] > 0) {
		t.Fatalf("test setup: interpolated logit at x=6 is %g, want > 0", logits[6])
	}
	if got[6] {
		t.Errorf("x=6: in the mask; MedSAM's sigmoid-then-bilinear gives probability below 0.5 there")
	}
	if !got[19] || got[0] {
		t.Errorf("ends: %v ... %v, want out ... in", got[0], got[19])
	}
}
