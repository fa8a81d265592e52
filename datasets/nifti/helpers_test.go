package nifti

import (
	"bytes"
	"compress/gzip"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
)

// realData is the shared real-image folder, relative to this package.
const realData = "../../../shared/realdata"

// needRealData skips when the shared real data is absent (a user's clone).
func needRealData(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(realData, rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("real data %s not present (%v); it lives beside the project in shared/realdata", p, err)
	}
	return p
}

// testGrid is a small grid with an oblique, left-handed affine so axis
// mix-ups and sign errors show up.
func testGrid(d0, d1, d2 int) datasets.Grid {
	a := datasets.Affine{
		{-0.9, 0.1, 0.05, 12.5},
		{0.1, 0.95, -0.2, -30},
		{0.02, 0.3, 2.4, 7.25},
		{0, 0, 0, 1},
	}
	return datasets.Grid{Dim: [3]int{d0, d1, d2}, Spacing: datasets.SpacingFromAffine(a), Affine: a}
}

// writeRaw writes voxels with full control over the on-disk form and
// returns the header geometry it used.
func writeRaw[S float32 | uint16 | uint8](t *testing.T, path string, g datasets.Grid, src []S, spec niftiWriteSpec) datasets.NiftiGeometry {
	t.Helper()
	geom := geometryFromAffine(g.Affine)
	if err := writeNiftiData(path, g, geom, src, spec); err != nil {
		t.Fatalf("write %s: %v", path, err)
	}
	return geom
}

// patchFile rewrites bytes of a test file at off.
func patchFile(t *testing.T, path string, off int, b []byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	copy(data[off:], b)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// wantErr checks that err names the file and says what went wrong.
func wantErr(t *testing.T, err error, path string, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("reading %s: expected an error containing %q, got none", path, parts)
	}
	msg := err.Error()
	if os.Getenv("SHOWERR") != "" {
		t.Log(msg)
	}
	if !strings.Contains(msg, path) {
		t.Errorf("error %q does not name the file %s", msg, path)
	}
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			t.Errorf("error %q does not contain %q", msg, p)
		}
	}
}

func affineNear(a, b datasets.Affine, tol float64) bool { return affinesClose(a, b, tol) }

func sumFloat(vs []float32) float64 {
	s := 0.0
	for _, v := range vs {
		s += float64(v)
	}
	return s
}

func approxEq(a, b, rel float64) bool {
	return math.Abs(a-b) <= rel*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// asStored is geometry as a header of that version keeps it: NIfTI-1
// holds float32, NIfTI-2 float64.
func asStored(g datasets.NiftiGeometry, version int) datasets.NiftiGeometry {
	if version == 2 {
		return g
	}
	r := func(v *float64) { *v = float64(float32(*v)) }
	for i := range g.Pixdim {
		r(&g.Pixdim[i])
	}
	for _, p := range []*float64{&g.QuaternB, &g.QuaternC, &g.QuaternD, &g.QoffsetX, &g.QoffsetY, &g.QoffsetZ} {
		r(p)
	}
	for c := 0; c < 4; c++ {
		r(&g.SrowX[c])
		r(&g.SrowY[c])
		r(&g.SrowZ[c])
	}
	return g
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gunzipForTest(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func regzipForTest(t *testing.T, path string, raw []byte) {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(raw)
	zw.Close()
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// rigidTestGrid is oblique (30 degrees about z, 10 about x) and
// left-handed, but without shear, so a qform can hold it exactly.
func rigidTestGrid() datasets.Grid {
	cz, sz := math.Cos(math.Pi/6), math.Sin(math.Pi/6)
	cx, sx := math.Cos(math.Pi/18), math.Sin(math.Pi/18)
	rz := [3][3]float64{{cz, -sz, 0}, {sz, cz, 0}, {0, 0, 1}}
	rx := [3][3]float64{{1, 0, 0}, {0, cx, -sx}, {0, sx, cx}}
	sp := [3]float64{0.8, 0.9, -2.5} // negative: left-handed
	var a datasets.Affine
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			r := 0.0
			for k := 0; k < 3; k++ {
				r += rz[i][k] * rx[k][j]
			}
			a[i][j] = r * sp[j]
		}
	}
	a[0][3], a[1][3], a[2][3], a[3][3] = 100, -50, 20, 1
	return datasets.Grid{Dim: [3]int{6, 5, 4}, Spacing: datasets.SpacingFromAffine(a), Affine: a}
}
