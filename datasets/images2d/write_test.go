package images2d

import (
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
)

// sceneLabels is a 40x24 label map of up to three classes placed
// off-symmetric (a flipped or transposed write shows): a disk of a, a bar
// of b and a corner block of c; zero ids leave a shape out.
func sceneLabels(a, b, c uint16) *datasets.LabelMap {
	const w, h = 40, 24
	l := &datasets.LabelMap{Grid: image2DGrid(w, h), Labels: make([]uint16, w*h), DataType: datasets.Uint8}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dx, dy := x-10, y-9
			switch {
			case dx*dx+dy*dy <= 36:
				l.Labels[y*w+x] = a
			case x >= 22 && x < 36 && y >= 3 && y < 8:
				l.Labels[y*w+x] = b
			case x >= 30 && y >= 17:
				l.Labels[y*w+x] = c
			}
		}
	}
	return l
}

// pngHeader returns the IHDR bit depth and colour type of a PNG file.
func pngHeader(t *testing.T, path string) (depth, colourType byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) < 26 || string(data[12:16]) != "IHDR" {
		t.Fatalf("%s: not a PNG with IHDR first", path)
	}
	return data[24], data[25]
}

// TestWriteMask2DKinds writes each mask kind and reads the file back the
// ways the app does: ReadMask with the set's kind, and dropped into an
// images/ + masks/ folder that discovery must recognise as that kind.
func TestWriteMask2DKinds(t *testing.T) {
	gid := datasets.GIDClasses()
	for _, tc := range []struct {
		name       string
		labels     *datasets.LabelMap
		kind       datasets.MaskKind
		classes    datasets.ClassTable
		readAs     datasets.MaskKind // the kind the saved file is read as
		format     string
		depth, ctp byte // PNG bit depth and colour type (0 grey, 2 RGB)
	}{
		{"label ids 8-bit", sceneLabels(1, 2, 7), datasets.MaskLabelIDs, datasets.GenericClasses([]uint16{1, 2, 7}), datasets.MaskLabelIDs, "label-id PNG, 8-bit", 8, 0},
		{"label ids 16-bit", sceneLabels(1, 300, 65535), datasets.MaskLabelIDs, datasets.GenericClasses([]uint16{1, 300, 65535}), datasets.MaskLabelIDs, "label-id PNG, 16-bit", 16, 0},
		{"binary", sceneLabels(1, 1, 0), datasets.MaskBinary, datasets.SIRSTClasses(), datasets.MaskBinary, "binary 0/255 PNG", 8, 0},
		{"palette", sceneLabels(1, 5, 3), datasets.MaskPalette, gid, datasets.MaskPalette, "GID palette RGB PNG", 8, 2},
		{"instance", sceneLabels(1, 6, 13), datasets.MaskInstance, datasets.FLARE22Classes(), datasets.MaskLabelIDs,
			"label-id PNG, 8-bit (one file of class ids, not per-instance masks)", 8, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			w, h := tc.labels.Dim[0], tc.labels.Dim[1]
			imgPath := saveImage(t, filepath.Join(root, "images", "tile_3.png"), greyImage(w, h, func(x, y int) uint8 { return uint8(x * 5) }))
			img, err := Read(imgPath)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(root, "masks"), 0o755); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(root, "masks", "tile_3.png")
			format, err := WriteMask(path, tc.labels, tc.kind, tc.classes)
			if err != nil {
				t.Fatal(err)
			}
			if format != tc.format {
				t.Errorf("format %q, want %q", format, tc.format)
			}
			if d, c := pngHeader(t, path); d != tc.depth || c != tc.ctp {
				t.Errorf("PNG bit depth %d colour type %d, want %d and %d", d, c, tc.depth, tc.ctp)
			}
			got, err := ReadMask(path, tc.readAs, tc.classes, img)
			if err != nil {
				t.Fatal(err)
			}
			samePixels(t, "ReadMask", got, tc.labels)

			ds, err := datasets.Open(root)
			if err != nil {
				t.Fatal(err)
			}
			if ds.MaskKind != tc.readAs {
				t.Fatalf("the set holding the saved mask opened as %q, want %q", ds.MaskKind, tc.readAs)
			}
			_, lab, err := ds.Load(ds.Cases[0])
			if err != nil {
				t.Fatal(err)
			}
			samePixels(t, "the set's loader", lab, tc.labels)
		})
	}
}

func samePixels(t *testing.T, how string, got, want *datasets.LabelMap) {
	t.Helper()
	if got.Dim != want.Dim {
		t.Fatalf("%s: read back %s, want %s", how, got.ShapeString(), want.ShapeString())
	}
	for i, id := range got.Labels {
		if id != want.Labels[i] {
			t.Fatalf("%s: pixel (%d,%d) reads %d, wrote %d", how, i%want.Dim[0], i/want.Dim[0], id, want.Labels[i])
		}
	}
}

// TestWriteMask2DPaletteColours checks the file's pixels against GID's
// published palette, not against the table the writer used.
func TestWriteMask2DPaletteColours(t *testing.T) {
	l := &datasets.LabelMap{Grid: image2DGrid(6, 1), Labels: []uint16{0, 1, 2, 3, 4, 5}}
	path := filepath.Join(t.TempDir(), "gid.png")
	if _, err := WriteMask(path, l, datasets.MaskPalette, datasets.GIDClasses()); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	im, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	// unlabelled, built-up, farmland, forest, meadow, water
	want := []color.RGBA{{0, 0, 0, 255}, {255, 0, 0, 255}, {0, 255, 0, 255}, {0, 255, 255, 255}, {255, 255, 0, 255}, {0, 0, 255, 255}}
	for x, w := range want {
		if got := color.RGBAModel.Convert(im.At(x, 0)).(color.RGBA); got != w {
			t.Errorf("id %d written as %v, want %v", x, got, w)
		}
	}
}

// TestWriteMask2DRefusals: labels the set's mask kind cannot hold are
// refused with the classes named, and neither an existing file nor the
// folder is touched.
func TestWriteMask2DRefusals(t *testing.T) {
	shared := datasets.GIDClasses()
	shared.Classes = append(shared.Classes, datasets.Class{ID: 6, Name: "lake", Color: color.RGBA{0, 0, 255, 255}})
	twoSlices := &datasets.LabelMap{Grid: datasets.Grid{Dim: [3]int{4, 2, 2}}, Labels: make([]uint16, 16)}
	for _, tc := range []struct {
		name    string
		labels  *datasets.LabelMap
		kind    datasets.MaskKind
		classes datasets.ClassTable
		want    []string
	}{
		{"binary, two classes", sceneLabels(1, 2, 0), datasets.MaskBinary, datasets.SIRSTClasses(),
			[]string{"binary 0/255", "one class, target (1)", "labelled: target (1), class 2"}},
		{"binary, another class", sceneLabels(0, 0, 3), datasets.MaskBinary, datasets.SIRSTClasses(),
			[]string{"one class, target (1)", "labelled: class 3"}},
		{"palette, id without a colour", sceneLabels(1, 9, 7), datasets.MaskPalette, datasets.GIDClasses(),
			[]string{"GID palette", "no colour of its own for class 7, class 9"}},
		{"palette, shared colour", sceneLabels(5, 6, 0), datasets.MaskPalette, shared,
			[]string{"no colour of its own for water (5)"}},
		{"unknown kind", sceneLabels(1, 0, 0), datasets.MaskKind("rle"), datasets.SIRSTClasses(),
			[]string{`mask kind "rle" cannot be written`}},
		{"two slices", twoSlices, datasets.MaskLabelIDs, datasets.SIRSTClasses(),
			[]string{"needs one slice", "4x2x2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "tile_labels.png")
			old := []byte("earlier save")
			if err := os.WriteFile(path, old, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := WriteMask(path, tc.labels, tc.kind, tc.classes)
			if err == nil {
				t.Fatal("written; want a refusal")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if data, _ := os.ReadFile(path); string(data) != string(old) {
				t.Error("the existing file changed")
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("%d files in the folder, want only the earlier save", len(entries))
			}
		})
	}
}
