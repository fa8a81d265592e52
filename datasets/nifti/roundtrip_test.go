package nifti

import (
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/segtui/segtui/datasets"
)

// typeCases gives, for each stored type, extreme values it must carry
// exactly into float32 voxels.
var typeCases = []struct {
	code    int16
	name    datasets.DataType
	extreme []float32
}{
	{dtUint8, datasets.Uint8, []float32{0, 255, 128, 1}},
	{dtInt8, datasets.Int8, []float32{-128, 127, -1, 0}},
	{dtInt16, datasets.Int16, []float32{-32768, 32767, -1, 0}},
	{dtUint16, datasets.Uint16, []float32{0, 65535, 40000, 1}},
	{dtInt32, datasets.Int32, []float32{-16777216, 16777216, -1, 0}},
	{dtUint32, datasets.Uint32, []float32{0, 16777216, 65536, 1}},
	{dtFloat32, datasets.Float32, []float32{-1.5, 3.25e30, float32(math.Inf(-1)), 1e-20}},
	{dtFloat64, datasets.Float64, []float32{-1.5, 3.25e30, float32(math.Inf(1)), 1e-20}},
}

// typedValues fills a grid with a type's extremes, then 0, 1, 2, ... so
// that any reordering of voxels is caught.
func typedValues(extreme []float32, n int) []float32 {
	vs := make([]float32, n)
	for i := range vs {
		if i < len(extreme) {
			vs[i] = extreme[i]
		} else {
			vs[i] = float32((i - len(extreme)) % 100)
		}
	}
	return vs
}

func TestNiftiRoundTripEveryTypeOrderVersion(t *testing.T) {
	g := testGrid(4, 3, 5)
	for _, tc := range typeCases {
		for _, version := range []int{1, 2} {
			for _, be := range []bool{false, true} {
				for _, gz := range []bool{false, true} {
					name := fmt.Sprintf("%s_v%d_be%v_gz%v", tc.name, version, be, gz)
					t.Run(name, func(t *testing.T) {
						path := filepath.Join(t.TempDir(), "img.nii")
						if gz {
							path += ".gz"
						}
						want := typedValues(tc.extreme, g.Len())
						geom := writeRaw(t, path, g, want, niftiWriteSpec{version: version, bigEndian: be, datatype: tc.code, slope: 1, gzip: gz})
						v, err := Read(path)
						if err != nil {
							t.Fatal(err)
						}
						if v.DataType != tc.name || v.Dim != g.Dim {
							t.Fatalf("got %s %v, want %s %v", v.DataType, v.Dim, tc.name, g.Dim)
						}
						for i := range want {
							if v.Voxels[i] != want[i] {
								t.Fatalf("voxel %d: got %v, want %v", i, v.Voxels[i], want[i])
							}
						}
						if geom = asStored(geom, version); *v.Nifti != geom {
							t.Errorf("geometry changed:\n got %+v\nwant %+v", *v.Nifti, geom)
						}
						if !affineNear(v.Affine, g.Affine, 1e-5) {
							t.Errorf("affine %v, want %v", v.Affine, g.Affine)
						}
						// The same file read as labels where the extremes are ids.
						labels := typedValues(nil, g.Len())
						lpath := filepath.Join(t.TempDir(), "lab.nii")
						writeRaw(t, lpath, g, labels, niftiWriteSpec{version: version, bigEndian: be, datatype: tc.code, slope: 1})
						l, err := ReadLabels(lpath)
						if err != nil {
							t.Fatal(err)
						}
						for i := range labels {
							if float32(l.Labels[i]) != labels[i] {
								t.Fatalf("label %d: got %d, want %v", i, l.Labels[i], labels[i])
							}
						}
					})
				}
			}
		}
	}
}

// A volume bigger than one decode chunk crosses chunk boundaries.
func TestNiftiRoundTripMultiChunk(t *testing.T) {
	g := testGrid(256, 200, 13) // 665600 int16 voxels, 1.3 MB: two chunks
	v := &datasets.Volume{Grid: g, Voxels: make([]float32, g.Len())}
	for i := range v.Voxels {
		v.Voxels[i] = float32(i%65536 - 32768)
	}
	for _, name := range []string{"big.nii", "big.nii.gz"} {
		path := filepath.Join(t.TempDir(), name)
		if err := Write(path, v); err != nil {
			t.Fatal(err)
		}
		got, err := Read(path)
		if err != nil {
			t.Fatal(err)
		}
		if got.DataType != datasets.Int16 {
			t.Errorf("%s stored as %s, want int16 for whole numbers in range", name, got.DataType)
		}
		for i := range v.Voxels {
			if got.Voxels[i] != v.Voxels[i] {
				t.Fatalf("%s voxel %d: got %v, want %v", name, i, got.Voxels[i], v.Voxels[i])
			}
		}
	}
}

func TestWriteNiftiChoosesFloat32ForFractions(t *testing.T) {
	g := testGrid(3, 2, 2)
	v := &datasets.Volume{Grid: g, Voxels: typedValues([]float32{0.5, 40000, -1e6}, g.Len())}
	path := filepath.Join(t.TempDir(), "f.nii")
	if err := Write(path, v); err != nil {
		t.Fatal(err)
	}
	got, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.DataType != datasets.Float32 {
		t.Fatalf("stored as %s, want float32", got.DataType)
	}
	for i := range v.Voxels {
		if got.Voxels[i] != v.Voxels[i] {
			t.Fatalf("voxel %d: got %v, want %v", i, got.Voxels[i], v.Voxels[i])
		}
	}
}

func TestWriteNiftiLabelsPicksWidthAndKeepsGeometry(t *testing.T) {
	g := testGrid(5, 4, 3)
	// Source geometry with distinct qform and sform codes and a qform that
	// is not the sform, as scanners write: it must survive verbatim.
	src := geometryFromAffine(g.Affine)
	src.QformCode, src.SformCode = 1, 4
	src.Pixdim[4], src.XYZTUnits = 2.5, 10
	src.QoffsetX += 3
	for _, tc := range []struct {
		name string
		top  uint16
		want datasets.DataType
	}{{"lab8.nii.gz", 255, datasets.Uint8}, {"lab16.nii.gz", 256, datasets.Uint16}, {"lab16max.nii", 65535, datasets.Uint16}} {
		l := &datasets.LabelMap{Grid: g, Labels: make([]uint16, g.Len()), Nifti: &src}
		for i := range l.Labels {
			l.Labels[i] = uint16(i % 7)
		}
		l.Labels[17] = tc.top
		path := filepath.Join(t.TempDir(), tc.name)
		if err := WriteLabels(path, l); err != nil {
			t.Fatal(err)
		}
		got, err := ReadLabels(path)
		if err != nil {
			t.Fatal(err)
		}
		if got.DataType != tc.want {
			t.Errorf("%s stored as %s, want %s", tc.name, got.DataType, tc.want)
		}
		if *got.Nifti != asStored(src, 1) {
			t.Errorf("%s geometry:\n got %+v\nwant %+v", tc.name, *got.Nifti, asStored(src, 1))
		}
		if got.Dim != g.Dim || !affineNear(got.Affine, g.Affine, 1e-5) {
			t.Errorf("%s grid %v %v, want %v %v", tc.name, got.Dim, got.Affine, g.Dim, g.Affine)
		}
		for i := range l.Labels {
			if got.Labels[i] != l.Labels[i] {
				t.Fatalf("%s label %d: got %d, want %d", tc.name, i, got.Labels[i], l.Labels[i])
			}
		}
	}
}

// Geometry that no longer matches the grid (the grid was resampled) is
// replaced by geometry derived from the grid's affine.
func TestWriteNiftiIgnoresStaleGeometry(t *testing.T) {
	g := testGrid(3, 3, 3)
	stale := geometryFromAffine(datasets.IdentityAffine())
	l := &datasets.LabelMap{Grid: g, Labels: make([]uint16, g.Len()), Nifti: &stale}
	path := filepath.Join(t.TempDir(), "l.nii")
	if err := WriteLabels(path, l); err != nil {
		t.Fatal(err)
	}
	got, err := ReadLabels(path)
	if err != nil {
		t.Fatal(err)
	}
	if !affineNear(got.Affine, g.Affine, 1e-5) {
		t.Errorf("affine %v, want the grid's %v", got.Affine, g.Affine)
	}
}

func TestNiftiScaling(t *testing.T) {
	g := testGrid(4, 2, 2)
	raw := typedValues([]float32{-32768, 32767, 0, 1}, g.Len())
	cases := []struct {
		slope, inter float64
		scaled       bool
	}{{2, -1024, true}, {0.5, 0.25, true}, {0, 7, false}, {math.NaN(), 7, false}, {1, 0, false}}
	for _, c := range cases {
		path := filepath.Join(t.TempDir(), "s.nii")
		writeRaw(t, path, g, raw, niftiWriteSpec{version: 1, datatype: dtInt16, slope: c.slope, inter: c.inter})
		v, err := Read(path)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range raw {
			want := r
			if c.scaled {
				want = float32(float64(r)*c.slope + c.inter)
			}
			if v.Voxels[i] != want {
				t.Fatalf("slope %v inter %v voxel %d: got %v, want %v", c.slope, c.inter, i, v.Voxels[i], want)
			}
		}
	}
}

func TestNiftiLabelScaling(t *testing.T) {
	g := testGrid(3, 2, 1)
	path := filepath.Join(t.TempDir(), "l.nii")
	writeRaw(t, path, g, []uint16{0, 1, 2, 3, 4, 5}, niftiWriteSpec{version: 1, datatype: dtUint8, slope: 2, inter: 1})
	l, err := ReadLabels(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []uint16{1, 3, 5, 7, 9, 11} {
		if l.Labels[i] != want {
			t.Fatalf("label %d: got %d, want %d", i, l.Labels[i], want)
		}
	}
	writeRaw(t, path, g, []uint16{0, 1, 2, 3, 4, 5}, niftiWriteSpec{version: 1, datatype: dtUint8, slope: 0.5})
	_, err = ReadLabels(path)
	wantErr(t, err, path, "voxel (1,0,0)", "stored value 1", "0.5", "whole numbers")
}

// The standard's precedence: sform (code > 0), else qform, else pixdim.
func TestNiftiAffinePrecedence(t *testing.T) {
	g := testGrid(2, 2, 2)
	sform := datasets.Affine{{0, 0, 3, 1}, {2, 0, 0, 2}, {0, 1.5, 0, 3}, {0, 0, 0, 1}}
	geom := geometryFromAffine(g.Affine) // qform describes g.Affine
	geom.SrowX, geom.SrowY, geom.SrowZ = sform[0], sform[1], sform[2]
	geom.Pixdim[1], geom.Pixdim[2], geom.Pixdim[3] = -0.5, 0.75, 0 // abs, and 0 means 1 mm
	// The qform uses the pixdims as spacing: recompute what it should give.
	qg := geom
	qaff := qg.QformAffine()
	for _, c := range []struct {
		q, s int16
		want datasets.Affine
	}{
		{1, 2, sform},
		{0, 1, sform},
		{2, 0, qaff},
		{0, 0, datasets.Affine{{0.5, 0, 0, 0}, {0, 0.75, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}},
	} {
		geom.QformCode, geom.SformCode = c.q, c.s
		path := filepath.Join(t.TempDir(), "p.nii")
		if err := writeNiftiData(path, g, geom, make([]uint16, g.Len()), niftiWriteSpec{version: 1, datatype: dtUint8}); err != nil {
			t.Fatal(err)
		}
		v, err := Read(path)
		if err != nil {
			t.Fatal(err)
		}
		if !affineNear(v.Affine, c.want, 1e-5) {
			t.Errorf("qform_code %d sform_code %d: affine %v, want %v", c.q, c.s, v.Affine, c.want)
		}
		// |pixdim|; a pixdim of 0 is the sform's column length when the
		// sform is in force (issue 11: not 1 mm beside a 3 mm sform), else 1.
		wantSpacing := [3]float64{0.5, 0.75, 1}
		if c.s > 0 {
			wantSpacing[2] = 3
		}
		if v.Spacing != wantSpacing {
			t.Errorf("spacing %v, want %v", v.Spacing, wantSpacing)
		}
		if v.Nifti.QformCode != c.q || v.Nifti.SformCode != c.s {
			t.Errorf("codes %d/%d, want %d/%d", v.Nifti.QformCode, v.Nifti.SformCode, c.q, c.s)
		}
	}
}

// A 180-degree turn about z with qfac -1, worked by hand.
func TestQformByHand(t *testing.T) {
	g := datasets.NiftiGeometry{QformCode: 1, QuaternD: 1, Pixdim: [8]float64{-1, 2, 3, 4}, QoffsetX: 5, QoffsetY: 6, QoffsetZ: 7}
	want := datasets.Affine{{-2, 0, 0, 5}, {0, -3, 0, 6}, {0, 0, -4, 7}, {0, 0, 0, 1}}
	if got := g.Affine(); !affineNear(got, want, 1e-12) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// geometryFromAffine must give a quaternion that rebuilds the affine, on
// every branch of the matrix-to-quaternion conversion and both handednesses.
func TestQformFromAffineRoundTrip(t *testing.T) {
	rot := func(axis int, deg float64) [3][3]float64 {
		c, s := math.Cos(deg*math.Pi/180), math.Sin(deg*math.Pi/180)
		var r [3][3]float64
		i, j := (axis+1)%3, (axis+2)%3
		r[axis][axis] = 1
		r[i][i], r[i][j], r[j][i], r[j][j] = c, -s, s, c
		return r
	}
	for axis := 0; axis < 3; axis++ {
		for _, deg := range []float64{0, 30, 90, 150, 180, 210, 270} {
			for _, flip := range []float64{1, -1} {
				r := rot(axis, deg)
				sp := [3]float64{0.7, 1.3, 2.5 * flip}
				var a datasets.Affine
				for i := 0; i < 3; i++ {
					for j := 0; j < 3; j++ {
						a[i][j] = r[i][j] * sp[j]
					}
				}
				a[0][3], a[1][3], a[2][3], a[3][3] = -10, 20, 30.5, 1
				g := geometryFromAffine(a)
				if got := g.QformAffine(); !affineNear(got, a, 1e-9) {
					t.Errorf("axis %d %v deg flip %v: qform %v, want %v", axis, deg, flip, got, a)
				}
			}
		}
	}
}

func TestNiftiRGB24(t *testing.T) {
	g := datasets.Grid{Dim: [3]int{3, 2, 1}, Spacing: [3]float64{1, 1, 1}, Affine: datasets.IdentityAffine()}
	rgb := []uint8{255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 0, 0, 0, 255, 255, 255}
	v := &datasets.Volume{Grid: g, RGB: rgb, Voxels: make([]float32, 6)}
	path := filepath.Join(t.TempDir(), "rgb.nii.gz")
	if err := Write(path, v); err != nil {
		t.Fatal(err)
	}
	got, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.DataType != datasets.RGB24 || string(got.RGB) != string(rgb) {
		t.Fatalf("got %s %v, want rgb24 %v", got.DataType, got.RGB, rgb)
	}
	wantGrey := []float32{0.299 * 255, 0.587 * 255, 0.114 * 255, 0.299*10 + 0.587*20 + 0.114*30, 0, 255}
	for i, w := range wantGrey {
		if math.Abs(float64(got.Voxels[i]-w)) > 1e-3 {
			t.Errorf("grey %d: got %v, want %v", i, got.Voxels[i], w)
		}
	}
	_, err = ReadLabels(path)
	wantErr(t, err, path, "RGB24")
}

// Extra dimensions of size 1 (as in many 4-D-declared 3-D files) are fine;
// dim[0] below 3 makes the missing dimensions 1.
func TestNiftiSingletonAndLowDims(t *testing.T) {
	g := testGrid(4, 3, 1)
	path := filepath.Join(t.TempDir(), "d.nii")
	writeRaw(t, path, g, typedValues(nil, g.Len()), niftiWriteSpec{version: 1, datatype: dtInt16, slope: 1})
	for _, c := range []struct {
		dims []int16
		want [3]int
	}{
		{[]int16{4, 4, 3, 1, 1}, [3]int{4, 3, 1}},
		{[]int16{5, 4, 3, 1, 1, 1}, [3]int{4, 3, 1}},
		{[]int16{2, 4, 3, 99}, [3]int{4, 3, 1}}, // dim[3] past dim[0] is ignored
	} {
		b := make([]byte, 2*len(c.dims))
		for i, d := range c.dims {
			b[2*i], b[2*i+1] = byte(d), byte(d>>8)
		}
		patchFile(t, path, 40, b)
		v, err := Read(path)
		if err != nil {
			t.Fatalf("dims %v: %v", c.dims, err)
		}
		if v.Dim != c.want {
			t.Errorf("dims %v: got %v, want %v", c.dims, v.Dim, c.want)
		}
	}
}

// vox_offset 0 in a single file means "right after the header", as in the
// real SPM file in realdata; extensions before the data are skipped.
func TestNiftiVoxOffset(t *testing.T) {
	g := testGrid(2, 2, 2)
	path := filepath.Join(t.TempDir(), "o.nii")
	want := typedValues(nil, g.Len())
	writeRaw(t, path, g, want, niftiWriteSpec{version: 1, datatype: dtUint8, slope: 1})
	patchFile(t, path, 108, []byte{0, 0, 0, 0})
	v, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if v.Voxels[i] != want[i] {
			t.Fatalf("voxel %d: got %v, want %v", i, v.Voxels[i], want[i])
		}
	}
}

// A sheared affine cannot be a quaternion; the qform must still be a
// proper rigid transform with the grid's spacing, close to the affine.
func TestQformFromShearedAffine(t *testing.T) {
	a := testGrid(2, 2, 2).Affine
	q := geometryFromAffine(a).QformAffine()
	sp := datasets.SpacingFromAffine(a)
	for i := 0; i < 3; i++ {
		for j := i; j < 3; j++ {
			dot := 0.0
			for r := 0; r < 3; r++ {
				dot += q[r][i] * q[r][j]
			}
			want := 0.0
			if i == j {
				want = sp[i] * sp[i]
			}
			if math.Abs(dot-want) > 1e-9 {
				t.Errorf("qform columns %d,%d: dot %v, want %v", i, j, dot, want)
			}
		}
	}
	if !affineNear(q, a, 0.5) {
		t.Errorf("qform %v is far from the affine %v", q, a)
	}
	if (datasets.Grid{Affine: q}).Orientation() != (datasets.Grid{Affine: a}).Orientation() {
		t.Errorf("qform orientation %s, affine %s", datasets.Grid{Affine: q}.Orientation(), datasets.Grid{Affine: a}.Orientation())
	}
}

// TestNiftiGzipInPlaceEveryType reads .nii.gz files large enough for the
// voxels to be inflated into the volume's own memory and widened there
// (formatutil.TailBuffer), in every scalar type, both byte orders, scaled
// and not, and labels: each must read as its uncompressed twin does.
func TestNiftiGzipInPlaceEveryType(t *testing.T) {
	g := testGrid(64, 48, 9)
	dir := t.TempDir()
	for _, tc := range typeCases {
		for _, be := range []bool{false, true} {
			for _, slope := range []float64{1, 0.5} {
				want := typedValues(tc.extreme, g.Len())
				spec := niftiWriteSpec{version: 1, bigEndian: be, datatype: tc.code, slope: slope, inter: 1 - slope}
				name := fmt.Sprintf("%s_be%v_s%v.nii", tc.name, be, slope)
				writeRaw(t, filepath.Join(dir, name), g, want, spec)
				spec.gzip = true
				writeRaw(t, filepath.Join(dir, name+".gz"), g, want, spec)
				plain, err := Read(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				gz, err := Read(filepath.Join(dir, name+".gz"))
				if err != nil {
					t.Fatal(err)
				}
				for i := range plain.Voxels {
					if gz.Voxels[i] != plain.Voxels[i] && !(math.IsNaN(float64(gz.Voxels[i])) && math.IsNaN(float64(plain.Voxels[i]))) {
						t.Fatalf("%s: voxel %d is %v gzip, %v plain", name, i, gz.Voxels[i], plain.Voxels[i])
					}
				}
				if slope != 1 || tc.code == dtFloat32 || tc.code == dtFloat64 || tc.code == dtInt8 || tc.code == dtInt16 || tc.code == dtInt32 {
					continue // labels must be whole ids in 0..65535
				}
				lp, err := ReadLabels(filepath.Join(dir, name))
				if err != nil {
					continue // ids past 65535 (uint32 extremes): both refuse
				}
				lg, err := ReadLabels(filepath.Join(dir, name+".gz"))
				if err != nil {
					t.Fatal(err)
				}
				for i := range lp.Labels {
					if lg.Labels[i] != lp.Labels[i] {
						t.Fatalf("%s labels: %d is %d gzip, %d plain", name, i, lg.Labels[i], lp.Labels[i])
					}
				}
			}
		}
	}
}
