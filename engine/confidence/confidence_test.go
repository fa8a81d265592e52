package confidence

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/segtui/segtui/engine"
)

func TestStabilityScore(t *testing.T) {
	// A sharp mask (logits ±4) does not move; a soft ramp does.
	sharp := []float32{-4, -4, 4, 4}
	if s, ok := StabilityScore(sharp, 1); !ok || s != 1 {
		t.Fatalf("sharp: %v %v, want 1", s, ok)
	}
	ramp := []float32{-1.5, -0.5, 0.5, 1.5}
	if s, _ := StabilityScore(ramp, 1); s != 1.0/3 {
		t.Fatalf("ramp: %v, want 1/3 (one of three pixels above -1 is above +1)", s)
	}
	if _, ok := StabilityScore([]float32{-3, -3}, 1); ok {
		t.Fatal("all below -1: want undefined")
	}
}

func TestMultimaskAgreement(t *testing.T) {
	a := []bool{true, true, false, false}
	b := []bool{true, false, false, false}
	c := []engine.Candidate{{Pix: a}, {Pix: a}, {Pix: b}}
	got, ok := MultimaskAgreement(c)
	if !ok || got != 0.75 {
		t.Fatalf("got %v %v, want (1 + 0.5)/2", got, ok)
	}
	if _, ok := MultimaskAgreement(c[:1]); ok {
		t.Fatal("one candidate: want undefined")
	}
}

// disc draws a filled disc of radius r at (cx, cy).
func disc(w, h int, cx, cy, r float64) []bool {
	m := make([]bool, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m[y*w+x] = math.Hypot(float64(x)-cx, float64(y)-cy) <= r
		}
	}
	return m
}

func TestBoundaryContrastFollowsTheEdge(t *testing.T) {
	const w, h = 64, 64
	organ := disc(w, h, 32, 32, 12)
	rng := rand.New(rand.NewPCG(1, 2))
	grey := make([]float32, w*h)
	for i, in := range organ {
		grey[i] = float32(rng.NormFloat64() * 5)
		if in {
			grey[i] += 60
		}
	}
	onEdge, ok := BoundaryContrast(grey, organ, w, h, 2)
	if !ok {
		t.Fatal("undefined on a disc")
	}
	// A mask that leaks half way past the edge, and one inside the organ.
	leak, _ := BoundaryContrast(grey, disc(w, h, 32, 32, 18), w, h, 2)
	inside, _ := BoundaryContrast(grey, disc(w, h, 32, 32, 6), w, h, 2)
	if !(onEdge > 5*leak && onEdge > 5*inside) {
		t.Fatalf("contrast on the edge %.2f, leaking %.2f, inside %.2f: want the edge far ahead", onEdge, leak, inside)
	}
	if _, ok := BoundaryContrast(grey, make([]bool, w*h), w, h, 2); ok {
		t.Fatal("empty mask: want undefined")
	}
}

func TestSpearmanWithTies(t *testing.T) {
	// Ranks [1 2.5 2.5 4 5] and [1 2 3.5 3.5 5]: Pearson's r on them is
	// 8.75 / sqrt(9.5 * 9.5).
	rho, ok := Spearman([]float64{1, 2, 2, 3, 4}, []float64{10, 20, 30, 30, 50})
	if !ok || math.Abs(rho-8.75/9.5) > 1e-12 {
		t.Fatalf("rho %v, want 8.75/9.5", rho)
	}
	if _, ok := Spearman([]float64{1, 1, 1}, []float64{1, 2, 3}); ok {
		t.Fatal("constant signal: want undefined")
	}
}

func TestWorstShare(t *testing.T) {
	dice := []float64{0.1, 0.9, 0.95, 0.2, 0.8, 0.99, 0.97, 0.96, 0.94, 0.93}
	// A perfect signal finds the single worst (k = 1 of 10).
	if s, k := WorstShare(dice, dice, 0.1); s != 1 || k != 1 {
		t.Fatalf("perfect: %v of %d", s, k)
	}
	// Reversed finds none; a constant signal finds chance exactly.
	rev := make([]float64, len(dice))
	for i, d := range dice {
		rev[i] = -d
	}
	if s, _ := WorstShare(rev, dice, 0.1); s != 0 {
		t.Fatalf("reversed: %v", s)
	}
	if s, k := WorstShare(make([]float64, 10), dice, 0.2); s != 0.2 || k != 2 {
		t.Fatalf("constant: %v of %d, want chance 0.2 of 2", s, k)
	}
}

func TestAssessCallsChance(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	n := 400
	dice, good, noise := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range dice {
		dice[i] = rng.Float64()
		good[i] = dice[i] + 0.2*rng.NormFloat64()
		noise[i] = rng.Float64()
	}
	g := Assess("good", good, dice)
	if !g.Better || g.Rho < 0.7 || g.Share < 0.4 {
		t.Fatalf("informative signal: %+v", g)
	}
	r := Assess("noise", noise, dice)
	if r.Better || math.Abs(r.Rho) > 0.15 {
		t.Fatalf("noise called better than chance: %+v", r)
	}
	c := Assess("constant", make([]float64, n), dice)
	if c.Better || c.RhoOK || c.Share != c.Chance {
		t.Fatalf("constant signal: %+v", c)
	}
}

func TestCombineReadsOnlySignals(t *testing.T) {
	recs := []map[string]float64{
		{PredIoU: 0.9, Contrast: 3},
		{PredIoU: 0.5, Contrast: 1},
		{PredIoU: 0.7},
		{Stability: 1}, // constant over the records that have it: ignored
		{Stability: 1, Contrast: 2},
	}
	Combine(recs)
	want := []float64{1, 0, 0.5, -1, 0.5}
	for i, r := range recs {
		got, ok := r[Combined]
		if want[i] < 0 {
			if ok {
				t.Fatalf("record %d has only a constant signal, got combined %v", i, got)
			}
			continue
		}
		if !ok || math.Abs(got-want[i]) > 1e-12 {
			t.Fatalf("record %d combined %v, want %v", i, got, want[i])
		}
	}
}

func TestDisagreement(t *testing.T) {
	a := []bool{true, true, false, true}
	b := []bool{true, false, false, true}
	c := []bool{true, false, false, false}
	d := Disagreement([][]bool{a, b, c})
	want := []float32{0, 1 - 1.0/3, 0, 1 - 1.0/3}
	for i := range want {
		if math.Abs(float64(d[i]-want[i])) > 1e-6 {
			t.Fatalf("pixel %d: %v, want %v", i, d[i], want[i])
		}
	}
	if Disagreement([][]bool{a}) != nil {
		t.Fatal("one mask: want nil")
	}
}

// Small samples are tested by permutation: with 5 pairs a perfect
// ranking happens by chance once in 120 orderings (p = 0.008), so it
// counts; two adjacent swaps (rho 0.8) are matched or beaten by 8 of the
// 120 (p = 0.067), so they do not, though the normal approximation
// (z = 0.8 * 2 = 1.6) is close to calling it.
func TestSignificantRanksSmallSamples(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5}
	if b, ok := SignificantRanks(x, []float64{10, 20, 30, 40, 50}); !ok || !b {
		t.Fatal("a perfect ranking of 5 is significant (1/120)")
	}
	if b, _ := SignificantRanks(x, []float64{20, 10, 40, 30, 50}); b {
		t.Fatal("rho 0.8 over 5 pairs (p = 0.067) called significant")
	}
	if b, _ := SignificantRanks(x, []float64{50, 40, 30, 20, 10}); b {
		t.Fatal("a reversed ranking called better than chance")
	}
	// 12 pairs go by random permutations: a near-perfect one counts.
	x12 := make([]float64, 12)
	y12 := make([]float64, 12)
	for i := range x12 {
		x12[i], y12[i] = float64(i), float64(i)
	}
	y12[0], y12[1] = y12[1], y12[0]
	if b, ok := SignificantRanks(x12, y12); !ok || !b {
		t.Fatal("rho 0.99 over 12 pairs is significant")
	}
}
