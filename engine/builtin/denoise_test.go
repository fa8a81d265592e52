package builtin

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/segtui/segtui/engine"
)

// TestNoiseSigmaEstimate: the estimate recovers the noise added to a flat
// image with a few strong edges, and ignores saturated (air) pixels.
func TestNoiseSigmaEstimate(t *testing.T) {
	const w, h = 200, 100
	rng := rand.New(rand.NewPCG(3, 4))
	img := make([]float32, w*h)
	for i := range img {
		x := i % w
		switch {
		case x < 40:
			img[i] = 0 // saturated: no noise
		case x%50 < 25:
			img[i] = 0.3 + float32(rng.NormFloat64()*0.03)
		default:
			img[i] = 0.7 + float32(rng.NormFloat64()*0.03)
		}
	}
	if got := noiseSigma(img, w, h); math.Abs(float64(got)-0.03) > 0.003 {
		t.Fatalf("noise estimate %.4f, want 0.030 +- 0.003", got)
	}
}

// TestSigmaFilterKeepsThinLine: a one-pixel dark line between two equal
// tissues survives the sigma filter (a Gaussian blur halves its contrast),
// while noise inside the tissue shrinks.
func TestSigmaFilterKeepsThinLine(t *testing.T) {
	const w, h = 64, 64
	rng := rand.New(rand.NewPCG(5, 6))
	img := make([]float32, w*h)
	for i := range img {
		v := float32(0.5)
		if i%w == 32 {
			v = 0.2
		}
		img[i] = v + float32(rng.NormFloat64()*0.02)
	}
	out := sigmaFilter(img, w, h, noiseSigma(img, w, h))
	line, tissue, sq := 0.0, 0.0, 0.0
	for y := 4; y < h-4; y++ {
		line += float64(out[y*w+32])
		v := float64(out[y*w+10])
		tissue += v
		sq += (v - 0.5) * (v - 0.5)
	}
	n := float64(h - 8)
	if line/n > 0.25 || math.Abs(tissue/n-0.5) > 0.01 {
		t.Errorf("line mean %.3f (want <= 0.25), tissue mean %.3f (want 0.5)", line/n, tissue/n)
	}
	if sd := math.Sqrt(sq / n); sd > 0.01 {
		t.Errorf("tissue noise after filtering %.4f, want under half of 0.02", sd)
	}
}

// TestSmallVesselKeepsRim: a 13-pixel vessel blurred by the scanner, as in
// the phantom, loses no ring of rim pixels (the half-way rule in settle.go;
// measured 0.968; with a Gaussian-smoothed unary and no rule, 0.929).
func TestSmallVesselKeepsRim(t *testing.T) {
	s := newScene(64, 64)
	s.fill(1, 40, inRect(0, 0, 63, 63))
	s.fill(2, -100, inDisc(32, 32, 9))
	s.fill(3, 160, inDisc(32, 32, 6))
	// Blur with a 3x3 box, a pixel's worth of scanner point spread.
	blurred := append([]float32(nil), s.hu...)
	for y := 1; y < 63; y++ {
		for x := 1; x < 63; x++ {
			sum := float32(0)
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					sum += s.hu[(y+dy)*64+x+dx]
				}
			}
			blurred[y*64+x] = sum / 9
		}
	}
	s.hu = blurred
	img := s.image(11)
	gt := s.mask(3)
	box, _ := tightBox(gt, 64)
	eng := New()
	emb, err := eng.Encode(context.Background(), img)
	if err != nil {
		t.Fatal(err)
	}
	m, err := eng.Decode(context.Background(), emb, engine.Prompt{Box: box})
	if err != nil {
		t.Fatal(err)
	}
	d := dice(t, gt, m.Pix)
	t.Logf("vessel Dice %.3f", d)
	if d < 0.95 {
		t.Errorf("vessel Dice %.3f, want >= 0.95 (%d predicted, %d true pixels)", d, count(m.Pix), count(gt))
	}
}
