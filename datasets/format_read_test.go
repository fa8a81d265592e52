package datasets_test

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/nifti"
	"github.com/segtui/segtui/datasets/phantom"
)

// formatSamples writes one small file per registered file format (the
// phantom for NIfTI, the committed fixtures for npz, hand-made NRRD,
// MetaImage and 2-D images) and returns their paths by a short name.
func formatSamples(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	img, _ := phantom.New(phantom.DefaultSeed)
	niiPath := filepath.Join(dir, "phantom.nii.gz")
	if err := nifti.Write(niiPath, img); err != nil {
		t.Fatal(err)
	}
	var nrrd bytes.Buffer
	nrrd.WriteString("NRRD0004\ntype: short\ndimension: 3\nsizes: 4 3 2\nspace: left-posterior-superior\n" +
		"space directions: (1,0,0) (0,2,0) (0,0,3)\nspace origin: (10,20,30)\nencoding: raw\nendian: little\n\n")
	for i := 0; i < 24; i++ {
		binary.Write(&nrrd, binary.LittleEndian, int16(i*10-100))
	}
	mha := "ObjectType = Image\nNDims = 3\nDimSize = 4 3 2\nElementSpacing = 1 2 3\nOffset = 10 20 30\n" +
		"TransformMatrix = 1 0 0 0 1 0 0 0 1\nElementType = MET_SHORT\nElementByteOrderMSB = False\nElementDataFile = LOCAL\n"
	var mhaData bytes.Buffer
	mhaData.WriteString(mha)
	for i := 0; i < 24; i++ {
		binary.Write(&mhaData, binary.LittleEndian, int16(i*10-100))
	}
	return map[string]string{
		"nifti":    niiPath,
		"mha":      touchFile(t, filepath.Join(dir, "ct.mha"), mhaData.Bytes()),
		"nrrd":     touchFile(t, filepath.Join(dir, "ct.nrrd"), nrrd.Bytes()),
		"npz 3-D":  filepath.Join("npz", "testdata", "vol3d.npz"),
		"npz 2-D":  filepath.Join("npz", "testdata", "rgb2d.npz"),
		"png grey": saveImage(t, filepath.Join(dir, "grey.png"), greyImage(64, 48, func(x, y int) uint8 { return uint8(x*x + 7*y) })),
		"png 16-bit": saveImage(t, filepath.Join(dir, "deep.png"), func() image.Image {
			m := image.NewGray16(image.Rect(0, 0, 4, 2))
			m.SetGray16(1, 1, color.Gray16{Y: 4000})
			return m
		}()),
		"tif colour": saveImage(t, filepath.Join(dir, "colour.tif"), rgbImage(3, 2, func(x, y int) color.RGBA { return color.RGBA{uint8(80 * x), 90, 30, 255} })),
		"jpg grey":   saveImage(t, filepath.Join(dir, "grey.jpg"), greyImage(8, 8, func(x, y int) uint8 { return uint8(30 * x) })),
	}
}

func touchFile(t *testing.T, path string, data []byte) string {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestReadHeaderAgreesWithReadImage: for every file format, the header-only
// read gives the grid and stored type the full read does.
func TestReadHeaderAgreesWithReadImage(t *testing.T) {
	for name, path := range formatSamples(t) {
		v, _, err := datasets.ReadImage(path)
		if err != nil {
			t.Errorf("%s: ReadImage: %v", name, err)
			continue
		}
		h, err := datasets.ReadHeader(path)
		if err != nil {
			t.Errorf("%s: ReadHeader: %v", name, err)
			continue
		}
		if h.Dim != v.Dim || h.Spacing != v.Spacing || h.Affine != v.Affine || h.DataType != v.DataType {
			t.Errorf("%s: header %v %v %v %s, full read %v %v %v %s", name, h.Dim, h.Spacing, h.Affine, h.DataType, v.Dim, v.Spacing, v.Affine, v.DataType)
		}
	}
}

// TestReadHeaderReadsNoVoxels: a .nii.gz cut off after its header and a
// 2-D image cut off after its size still give their header, while the full
// read refuses them.
func TestReadHeaderReadsNoVoxels(t *testing.T) {
	samples := formatSamples(t)
	dir := t.TempDir()
	for _, c := range []struct{ name, sample string }{{"cut.nii.gz", "nifti"}, {"cut.png", "png grey"}} {
		data, err := os.ReadFile(samples[c.sample])
		if err != nil {
			t.Fatal(err)
		}
		path := touchFile(t, filepath.Join(dir, c.name), data[:len(data)/3])
		if _, _, err := datasets.ReadImage(path); err == nil {
			t.Errorf("%s: ReadImage of a third of the file succeeded", c.name)
		}
		if h, err := datasets.ReadHeader(path); err != nil || h.Len() == 0 {
			t.Errorf("%s: ReadHeader: %+v %v", c.name, h, err)
		}
	}
	if _, err := datasets.ReadHeader(filepath.Join(dir, "scan.bmp")); err == nil || !strings.Contains(err.Error(), "unsupported image type; expected .mha, .mhd, .nii") {
		t.Errorf("ReadHeader of a .bmp: %v", err)
	}
}
