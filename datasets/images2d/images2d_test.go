package images2d

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"golang.org/x/image/tiff"
)

// saveImage encodes img by the path's extension.
func saveImage(t *testing.T, path string, img image.Image) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	var err error
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png":
		err = png.Encode(&buf, img)
	case ".jpg":
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 100})
	case ".tif":
		err = tiff.Encode(&buf, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// greyImage makes a w x h grey image with pixel (x,y) = f(x,y).
func greyImage(w, h int, f func(x, y int) uint8) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			g.SetGray(x, y, color.Gray{f(x, y)})
		}
	}
	return g
}

func rgbImage(w, h int, f func(x, y int) color.RGBA) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m.SetRGBA(x, y, f(x, y))
		}
	}
	return m
}

func TestReadImage2D(t *testing.T) {
	dir := t.TempDir()
	grey := saveImage(t, filepath.Join(dir, "grey.png"), greyImage(5, 3, func(x, y int) uint8 { return uint8(10*y + x) }))
	v, err := Read(grey)
	if err != nil {
		t.Fatal(err)
	}
	if v.Dim != [3]int{5, 3, 1} || v.RGB != nil || v.DataType != datasets.Uint8 || !v.Prewindowed || v.Orientation() != "LPS" {
		t.Fatalf("grey: dim %v rgb %v type %s orientation %s", v.Dim, v.RGB != nil, v.DataType, v.Orientation())
	}
	sl, view := v.Slice(datasets.Axial, 0)
	if view.Width != 5 || view.Height != 3 || sl[2*5+4] != 24 || sl[1] != 1 {
		t.Errorf("axial view must show the image as stored: %v", sl)
	}

	colour := func(x, y int) color.RGBA { return color.RGBA{uint8(50 * x), uint8(40 * y), 200, 255} }
	for _, ext := range []string{".png", ".tif"} {
		p := saveImage(t, filepath.Join(dir, "colour"+ext), rgbImage(4, 2, colour))
		v, err := Read(p)
		if err != nil {
			t.Fatal(err)
		}
		if v.DataType != datasets.RGB24 || v.RGB == nil {
			t.Fatalf("%s: colour image read as %s", ext, v.DataType)
		}
		o := v.Index(3, 1, 0)
		if got := v.RGB[3*o : 3*o+3]; !bytes.Equal(got, []byte{150, 40, 200}) {
			t.Errorf("%s: pixel (3,1) = %v", ext, got)
		}
		if want := float32(0.299*150 + 0.587*40 + 0.114*200); v.Voxels[o] < want-0.01 || v.Voxels[o] > want+0.01 {
			t.Errorf("%s: luma %g, want %g", ext, v.Voxels[o], want)
		}
	}
	// R=G=B stored as RGB (like the AMOS PNGs) is grey.
	p := saveImage(t, filepath.Join(dir, "greyrgb.png"), rgbImage(3, 3, func(x, y int) color.RGBA { return color.RGBA{uint8(x * 9), uint8(x * 9), uint8(x * 9), 255} }))
	if v, err := Read(p); err != nil || v.RGB != nil || v.Voxels[2] != 18 {
		t.Errorf("grey-as-RGB: err %v, rgb %v", err, v != nil && v.RGB != nil)
	}
	g16 := image.NewGray16(image.Rect(0, 0, 2, 2))
	g16.SetGray16(1, 1, color.Gray16{Y: 40000})
	p = saveImage(t, filepath.Join(dir, "g16.png"), g16)
	if v, err := Read(p); err != nil || v.DataType != datasets.Uint16 || v.Prewindowed || v.Voxels[3] != 40000 {
		t.Errorf("16-bit grey: err %v, %+v", err, v)
	}
	p = saveImage(t, filepath.Join(dir, "photo.jpg"), rgbImage(16, 16, func(x, y int) color.RGBA { return color.RGBA{200, 30, 30, 255} }))
	if v, err := Read(p); err != nil || v.RGB == nil || v.RGB[0] < 180 || v.RGB[1] > 60 {
		t.Errorf("JPEG: err %v", err)
	}
}

// pngWithSize returns a valid 1x1 PNG whose IHDR claims w x h.
func pngWithSize(t *testing.T, w, h uint32) []byte {
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 1, 1)))
	b := buf.Bytes()
	binary.BigEndian.PutUint32(b[16:], w)
	binary.BigEndian.PutUint32(b[20:], h)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	return b
}

func TestReadImage2DBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, data, 0o644)
		return p
	}
	cases := []struct{ path, want string }{
		{write("huge.png", pngWithSize(t, 100000, 100000)), "claims 100000x100000 pixels"},
		{write("text.png", []byte("hello, not an image")), "not a readable PNG, JPEG or TIFF"},
		{write("cut.png", pngWithSize(t, 1, 1)[:40]), "cannot decode png"},
	}
	for _, c := range cases {
		_, err := Read(c.path)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.path) {
			t.Errorf("%s: error %v, want %q and the path", c.path, err, c.want)
		}
	}
}

func TestReadMask2DKinds(t *testing.T) {
	dir := t.TempDir()
	img, err := Read(saveImage(t, filepath.Join(dir, "img.png"), greyImage(4, 2, func(x, y int) uint8 { return 100 })))
	if err != nil {
		t.Fatal(err)
	}
	ids := saveImage(t, filepath.Join(dir, "ids.png"), greyImage(4, 2, func(x, y int) uint8 { return uint8(x + y) }))
	binMask := saveImage(t, filepath.Join(dir, "bin.png"), greyImage(4, 2, func(x, y int) uint8 { return uint8(255 * (x & 1)) }))
	gidColours := []color.RGBA{{0, 0, 0, 255}, {255, 0, 0, 255}, {0, 255, 0, 255}, {0, 255, 255, 255}, {255, 255, 0, 255}, {0, 0, 255, 255}}
	pal := saveImage(t, filepath.Join(dir, "gid.tif"), rgbImage(4, 2, func(x, y int) color.RGBA { return gidColours[(x+4*y)%6] }))

	for _, c := range []struct {
		path string
		kind datasets.MaskKind
	}{{ids, datasets.MaskLabelIDs}, {binMask, datasets.MaskBinary}, {pal, datasets.MaskPalette}} {
		if k, _, err := detectMaskKind([]string{c.path}); err != nil || k != c.kind {
			t.Errorf("detect %s: %s %v, want %s", c.path, k, err, c.kind)
		}
	}
	l, err := ReadMask(ids, datasets.MaskLabelIDs, datasets.GenericClasses(nil), img)
	if err != nil || l.Labels[l.Index(3, 1, 0)] != 4 || l.Labels[0] != 0 {
		t.Errorf("label ids: %v %v", err, l)
	}
	l, err = ReadMask(binMask, datasets.MaskBinary, datasets.SIRSTClasses(), img)
	if err != nil || l.Counts()[1] != 4 || l.Labels[1] != 1 || l.Labels[0] != 0 {
		t.Errorf("binary: %v %v", err, l)
	}
	l, err = ReadMask(pal, datasets.MaskPalette, datasets.GIDClasses(), img)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 8; i++ {
		if l.Labels[i] != uint16(i%6) {
			t.Fatalf("palette pixel %d = %d, want %d", i, l.Labels[i], i%6)
		}
	}

	bad := saveImage(t, filepath.Join(dir, "badpal.png"), rgbImage(4, 2, func(x, y int) color.RGBA {
		if x == 2 && y == 1 {
			return color.RGBA{12, 34, 56, 255}
		}
		return color.RGBA{255, 0, 0, 255}
	}))
	small := saveImage(t, filepath.Join(dir, "small.png"), greyImage(3, 2, func(x, y int) uint8 { return 0 }))
	grey7 := saveImage(t, filepath.Join(dir, "grey7.png"), greyImage(4, 2, func(x, y int) uint8 { return 7 }))
	errs := []struct {
		path string
		kind datasets.MaskKind
		want string
	}{
		{bad, datasets.MaskPalette, "pixel (2,1) has colour (12,34,56), which is not in the GID palette"},
		{small, datasets.MaskLabelIDs, "mask " + small + " is 3x2 but image " + img.Path + " is 4x2x1"},
		{grey7, datasets.MaskBinary, "pixel (0,0) has value 7; binary masks must be 0 or 255"},
		{grey7, datasets.MaskPalette, "colour (7,7,7), which is not in the GID palette"},
		{pal, datasets.MaskLabelIDs, "colour mask in a set of label-id masks"},
	}
	for _, e := range errs {
		_, err := ReadMask(e.path, e.kind, datasets.GIDClasses(), img)
		if err == nil || !strings.Contains(err.Error(), e.want) || !strings.Contains(err.Error(), e.path) {
			t.Errorf("%s as %s: error %v, want %q", e.path, e.kind, err, e.want)
		}
	}
}

func TestParseInstanceMask(t *testing.T) {
	cases := []struct {
		stem, file, class string
		ok                bool
	}{
		{"amos_0004_75", "amos_0004_75_inferior_vena_cava_000.png", "inferior_vena_cava", true},
		{"amos_0004_75", "amos_0004_75_liver_012.png", "liver", true},
		{"amos_0004", "amos_0004_75_liver_000.png", "75_liver", true}, // why discovery picks the longest stem
		{"amos_0004_75", "amos_0004_75_liver.png", "", false},
		{"amos_0004_75", "amos_0004_75_000.png", "", false},
		{"amos_0004_75", "other_liver_000.png", "", false},
	}
	for _, c := range cases {
		class, ok := datasets.ParseInstanceMask(c.stem, c.file)
		if class != c.class || ok != c.ok {
			t.Errorf("ParseInstanceMask(%q, %q) = %q %v, want %q %v", c.stem, c.file, class, ok, c.class, c.ok)
		}
	}
}
