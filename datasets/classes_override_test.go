package datasets_test

import (
	"image/color"
	"path/filepath"
	"testing"

	"github.com/segtui/segtui/datasets"
)

// --classes on a palette set renames classes but keeps the colours the
// masks are encoded in, and on an instance set still decodes mask names.
func TestUseClassTableKeepsDecoding(t *testing.T) {
	t.Run("palette", func(t *testing.T) {
		root := t.TempDir()
		saveImage(t, filepath.Join(root, "images", "GF2_PMS1.tif"), rgbImage(3, 2, func(x, y int) color.RGBA { return color.RGBA{uint8(x * 80), 90, 30, 255} }))
		saveImage(t, filepath.Join(root, "labels", "GF2_PMS1_label.tif"), rgbImage(3, 2, func(x, y int) color.RGBA {
			return []color.RGBA{{0, 0, 0, 255}, {0, 0, 255, 255}, {0, 255, 255, 255}}[x]
		}))
		ds, err := datasets.Open(root)
		if err != nil {
			t.Fatal(err)
		}
		ds.UseClassTable(datasets.ClassTable{Name: "mine", Classes: []datasets.Class{{5, "lake", color.RGBA{1, 2, 3, 255}}}})
		_, lab, err := ds.Load(ds.Cases[0])
		if err != nil || lab.Labels[1] != 5 || lab.Labels[2] != 3 {
			t.Fatalf("load: %v %v", err, lab)
		}
		tab := ds.ClassesFor(lab)
		if c, _ := tab.ByID(5); c.Name != "lake" || c.Color != (color.RGBA{0, 0, 255, 255}) {
			t.Errorf("id 5 %+v, want lake in GID's water blue", c)
		}
		if c, _ := tab.ByID(3); c.Name != "class 3" {
			t.Errorf("id 3 %+v", c)
		}
	})
	t.Run("instances", func(t *testing.T) {
		root := t.TempDir()
		saveImage(t, filepath.Join(root, "images", "ct_1.png"), greyImage(4, 2, func(x, y int) uint8 { return 50 }))
		saveImage(t, filepath.Join(root, "masks", "ct_1_Liver_000.png"), greyImage(4, 2, func(x, y int) uint8 { return uint8(255 * b2i(x == 0)) }))
		ds, err := datasets.Open(root)
		if err != nil {
			t.Fatal(err)
		}
		ds.UseClassTable(datasets.SIRSTClasses())
		_, lab, err := ds.Load(ds.Cases[0])
		if err != nil || lab.Labels[0] != 1 {
			t.Fatalf("load: %v", err)
		}
		if c, _ := ds.ClassesFor(lab).ByID(1); c.Name != "target" {
			t.Errorf("id 1 %+v", c)
		}
	})
}
