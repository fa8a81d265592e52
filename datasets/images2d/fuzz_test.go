package images2d

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/segtui/segtui/datasets"
	"golang.org/x/image/tiff"
)

// FuzzReadImage2D feeds mutated PNG, JPEG and TIFF files to the image,
// header and mask readers: a result or an error, never a panic or an
// allocation past the size check.
func FuzzReadImage2D(f *testing.F) {
	dir := f.TempDir()
	grey := greyImage(6, 4, func(x, y int) uint8 { return uint8(40 * (x % 2)) })
	colour := rgbImage(5, 3, func(x, y int) color.RGBA { return color.RGBA{uint8(50 * x), 0, 255, 255} })
	deep := image.NewGray16(image.Rect(0, 0, 3, 3))
	deep.SetGray16(1, 1, color.Gray16{Y: 3000})
	for _, enc := range []func(*bytes.Buffer) error{
		func(b *bytes.Buffer) error { return png.Encode(b, grey) },
		func(b *bytes.Buffer) error { return png.Encode(b, colour) },
		func(b *bytes.Buffer) error { return png.Encode(b, deep) },
		func(b *bytes.Buffer) error { return jpeg.Encode(b, grey, nil) },
		func(b *bytes.Buffer) error { return tiff.Encode(b, colour, nil) },
	} {
		var b bytes.Buffer
		if err := enc(&b); err != nil {
			f.Fatal(err)
		}
		f.Add(b.Bytes())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// One file per worker process, reused (see FuzzReadNifti); the
		// decoders sniff the content, so .png serves every seed.
		p := filepath.Join(dir, fmt.Sprintf("fuzz-%d.png", os.Getpid()))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		v, err := Read(p)
		if err != nil {
			return
		}
		if len(v.Voxels) != v.Len() || (v.RGB != nil && len(v.RGB) != 3*v.Len()) {
			t.Fatalf("inconsistent image %v with %d voxels", v.Dim, len(v.Voxels))
		}
		if h, err := ReadHeader(p); err != nil || h.Dim != v.Dim {
			t.Fatalf("Read gave %v, ReadHeader %v (%v)", v.Dim, h.Dim, err)
		}
		for _, kind := range []datasets.MaskKind{datasets.MaskLabelIDs, datasets.MaskBinary, datasets.MaskPalette} {
			if l, err := ReadMask(p, kind, datasets.GIDClasses(), v); err == nil && len(l.Labels) != v.Len() {
				t.Fatalf("%s mask with %d ids on %v", kind, len(l.Labels), v.Dim)
			}
		}
	})
}
