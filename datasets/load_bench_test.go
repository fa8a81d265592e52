package datasets_test

import (
	"path/filepath"
	"testing"

	"github.com/segtui/segtui/datasets"
)

func BenchmarkLoadRealAMOS2DInstances(b *testing.B) {
	root := filepath.Join("..", "..", "shared", "realdata", "amos2d")
	ds, err := datasets.Open(root)
	if err != nil {
		b.Skipf("real data not present: %v", err)
	}
	for b.Loop() {
		if _, _, err := ds.Load(ds.Cases[1]); err != nil {
			b.Fatal(err)
		}
	}
}
