package npz

import (
	"os"
	"path/filepath"
	"testing"
)

func BenchmarkReadNPZRealMedSAM(b *testing.B) {
	path := filepath.Join("..", "..", "..", "shared", "realdata", "medsam-npz", "CT_Lesion_000002_03_01_035-047.npz")
	if _, err := os.Stat(path); err != nil {
		b.Skipf("real data not present: %v", err)
	}
	for b.Loop() {
		if _, _, err := Read(path); err != nil {
			b.Fatal(err)
		}
	}
}
