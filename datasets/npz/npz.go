package npz

import (
	"archive/zip"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/internal/formatutil"
)

// npzMaxExpansion is the most deflate can expand data (about 1032:1); an
// entry claiming more is corrupt or hostile and is refused before reading.
const npzMaxExpansion = 1100

// npzArchive is an open .npz with its entries by key ("imgs" for imgs.npy).
type npzArchive struct {
	path    string
	size    int64 // bytes on disk, which no entry's compressed data can exceed
	zr      *zip.ReadCloser
	entries map[string]*zip.File
}

func openNPZ(path string) (*npzArchive, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, fmt.Errorf("%s: not a readable npz (zip) archive: %w", path, err)
	}
	a := &npzArchive{path: path, zr: zr, entries: map[string]*zip.File{}}
	if st, err := os.Stat(path); err == nil {
		a.size = st.Size()
	}
	for _, f := range zr.File {
		a.entries[strings.TrimSuffix(f.Name, ".npy")] = f
	}
	return a, nil
}

func (a *npzArchive) Close() error { return a.zr.Close() }

func (a *npzArchive) keys() string {
	var k []string
	for name := range a.entries {
		k = append(k, name)
	}
	sort.Strings(k)
	return strings.Join(k, ", ")
}

// read decodes one array, or returns nil when the key is absent.
func (a *npzArchive) read(key string) (*NpyArray, error) {
	return a.decode(key, ReadNpy)
}

// header decodes one array's header (no Data), or returns nil when the key
// is absent.
func (a *npzArchive) header(key string) (*NpyArray, error) {
	return a.decode(key, func(r io.Reader, size int64) (*NpyArray, error) {
		arr, _, _, err := readNpyHeader(r, size)
		return arr, err
	})
}

// decode opens one entry and reads it with read.
func (a *npzArchive) decode(key string, read func(r io.Reader, size int64) (*NpyArray, error)) (*NpyArray, error) {
	f, ok := a.entries[key]
	if !ok {
		return nil, nil
	}
	switch f.Method {
	case zip.Store, zip.Deflate:
	default:
		return nil, fmt.Errorf("%s: entry %s uses zip compression method %d; only stored (0) and deflate (8) are supported", a.path, f.Name, f.Method)
	}
	// The sizes are the archive's claims, which the npy reader sizes its
	// buffer by: a 300-byte file claiming 4 GiB of compressed data made it
	// allocate a gigabyte before reading failed.
	if f.CompressedSize64 > uint64(a.size) || (f.Method == zip.Store && f.UncompressedSize64 > f.CompressedSize64) {
		return nil, fmt.Errorf("%s: entry %s claims %d bytes (%d compressed) but the archive is %d bytes (corrupt archive)",
			a.path, f.Name, f.UncompressedSize64, f.CompressedSize64, a.size)
	}
	if f.UncompressedSize64 > (f.CompressedSize64+1)*npzMaxExpansion {
		return nil, fmt.Errorf("%s: entry %s claims %d bytes from %d compressed, an impossible ratio (corrupt archive)",
			a.path, f.Name, f.UncompressedSize64, f.CompressedSize64)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: entry %s: %w", a.path, f.Name, err)
	}
	defer rc.Close()
	arr, err := read(rc, int64(f.UncompressedSize64))
	if err != nil {
		return nil, fmt.Errorf("%s: entry %s: %w", a.path, f.Name, err)
	}
	return arr, nil
}

// HasLabels reports whether a MedSAM npz holds a gts array, reading only
// the zip directory.
func HasLabels(path string) (bool, error) {
	a, err := openNPZ(path)
	if err != nil {
		return false, err
	}
	defer a.Close()
	_, ok := a.entries["gts"]
	return ok, nil
}

// Read reads a MedSAM npz: imgs (D,H,W), (H,W) or (H,W,3); optional gts
// on the same spatial shape; optional spacing (x,y,z order), direction and
// origin (ITK LPS). Labels are nil when the file has no gts.
func Read(path string) (*datasets.Volume, *datasets.LabelMap, error) {
	a, err := openNPZ(path)
	if err != nil {
		return nil, nil, err
	}
	defer a.Close()
	imgs, err := a.read("imgs")
	if err != nil {
		return nil, nil, err
	}
	if imgs == nil {
		return nil, nil, fmt.Errorf("%s: no imgs array (found: %s); expected a MedSAM npz with imgs and gts", path, a.keys())
	}
	gts, err := a.read("gts")
	if err != nil {
		return nil, nil, err
	}
	vol, err := npzVolume(path, imgs, gts)
	if err != nil {
		return nil, nil, err
	}
	if err := npzGeometry(a, vol); err != nil {
		return nil, nil, err
	}
	if gts == nil {
		return vol, nil, nil
	}
	lab, err := npzLabels(path, gts, vol)
	if err != nil {
		return nil, nil, err
	}
	return vol, lab, nil
}

// npzVolume builds the image; arrays are (z,y,x) in C order, which is the
// Grid's i-fastest storage, so the bytes need no reordering.
func npzVolume(path string, imgs, gts *NpyArray) (*datasets.Volume, error) {
	v, rgb, err := npzLayout(path, imgs, gts)
	if err != nil {
		return nil, err
	}
	if !rgb {
		v.Voxels = imgs.Float32s()
		return v, nil
	}
	v.Voxels, v.RGB = formatutil.LumaFromRGB(imgs.Data)
	return v, nil
}

// npzLayout reads the image's grid and type from the arrays' headers:
// (D,H,W), (H,W), or (H,W,3) colour unless gts has that shape too, which
// makes the 3 a spatial axis.
func npzLayout(path string, imgs, gts *NpyArray) (_ *datasets.Volume, rgb bool, _ error) {
	s := imgs.Shape
	rgb = len(s) == 3 && s[2] == 3 && (gts == nil || equalShape(gts.Shape, s[:2]))
	var dim [3]int
	switch {
	case rgb:
		dim = [3]int{s[1], s[0], 1}
	case len(s) == 3:
		dim = [3]int{s[2], s[1], s[0]}
	case len(s) == 2:
		dim = [3]int{s[1], s[0], 1}
	default:
		return nil, false, fmt.Errorf("%s: imgs has shape %s; expected (D,H,W), (H,W) or (H,W,3)", path, shapeString(s))
	}
	if imgs.Kind == 'b' {
		return nil, false, fmt.Errorf("%s: imgs has dtype %s; expected uint8 (or another numeric type)", path, imgs.Descr)
	}
	v := &datasets.Volume{Path: path, DataType: npyDataType(imgs)}
	v.Dim, v.Spacing, v.Affine = dim, [3]float64{1, 1, 1}, formatutil.LPSDiagAffine([3]float64{1, 1, 1})
	if err := v.CheckSize(); err != nil {
		return nil, false, fmt.Errorf("%s: imgs: %w", path, err)
	}
	v.Prewindowed = imgs.Kind == 'u' && imgs.ItemSize == 1
	if rgb && !v.Prewindowed {
		return nil, false, fmt.Errorf("%s: colour imgs %s has dtype %s; expected uint8", path, shapeString(s), imgs.Descr)
	}
	if rgb {
		v.DataType = datasets.RGB24
	}
	return v, rgb, nil
}

func npzLabels(path string, gts *NpyArray, v *datasets.Volume) (*datasets.LabelMap, error) {
	want := []int{v.Dim[2], v.Dim[1], v.Dim[0]}
	if v.Dim[2] == 1 && len(gts.Shape) == 2 {
		want = want[1:]
	}
	if !equalShape(gts.Shape, want) {
		return nil, fmt.Errorf("%s: gts has shape %s but imgs needs %s", path, shapeString(gts.Shape), shapeString(want))
	}
	if gts.Kind == 'f' {
		return nil, fmt.Errorf("%s: gts has dtype %s; expected integer class ids (uint8)", path, gts.Descr)
	}
	l := &datasets.LabelMap{Grid: v.Grid, Labels: make([]uint16, gts.Len()), DataType: npyDataType(gts), Path: path}
	if gts.ItemSize == 1 && gts.Kind != 'i' {
		for i, b := range gts.Data {
			l.Labels[i] = uint16(b)
		}
		return l, nil
	}
	for i := range l.Labels {
		x := gts.At(i)
		if x < 0 || x > math.MaxUint16 {
			return nil, fmt.Errorf("%s: gts element %d is %g; class ids must be 0..65535", path, i, x)
		}
		l.Labels[i] = uint16(x)
	}
	return l, nil
}

func npyDataType(a *NpyArray) datasets.DataType {
	switch {
	case a.Kind == 'f' && a.ItemSize == 4:
		return datasets.Float32
	case a.Kind == 'f':
		return datasets.Float64
	case a.ItemSize == 1 && a.Kind == 'i':
		return datasets.Int8
	case a.ItemSize == 1:
		return datasets.Uint8
	case a.ItemSize == 2 && a.Kind == 'i':
		return datasets.Int16
	case a.ItemSize == 2:
		return datasets.Uint16
	case a.Kind == 'i':
		return datasets.Int32
	}
	return datasets.Uint32
}

func equalShape(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
