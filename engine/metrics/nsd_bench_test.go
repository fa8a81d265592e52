package metrics

import "testing"

// BenchmarkNSDLiverSized scores an organ-sized ellipsoid pair (about a
// FLARE22 liver's bounding box at 0.8 x 0.8 x 2.5 mm).
func BenchmarkNSDLiverSized(b *testing.B) {
	dim, s := [3]int{220, 200, 80}, [3]float64{0.8, 0.8, 2.5}
	g := ellipsoid(dim, s, [3]float64{110, 100, 40}, [3]float64{80, 70, 90})
	p := ellipsoid(dim, s, [3]float64{112, 98, 41}, [3]float64{78, 72, 88})
	b.ResetTimer()
	for b.Loop() {
		if _, err := ScoreMasks3D(g, p, dim, s, 5, false, false); err != nil {
			b.Fatal(err)
		}
	}
}
