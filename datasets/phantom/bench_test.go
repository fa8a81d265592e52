package phantom

import "testing"

// BenchmarkPhantom times building the phantom, which segtui does at every
// start without arguments.
func BenchmarkPhantom(b *testing.B) {
	for b.Loop() {
		New(DefaultSeed)
	}
}
