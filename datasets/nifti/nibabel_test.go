package nifti

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/segtui/segtui/datasets"
)

const nibabelScript = "testdata/nibabel_check.py"

// nibabelFacts is what nibabel_check.py reports for one file.
type nibabelFacts struct {
	Version     int
	Endian      string
	Dtype       string
	Shape       []int
	Affine      [4][4]float64
	Qform       [4][4]float64
	QformCode   int `json:"qform_code"`
	SformCode   int `json:"sform_code"`
	Sum         float64
	Weighted    float64
	Orientation string
}

// runNibabel runs the checker with the Debian python3, skipping when it or
// nibabel is missing (CI installs python3-nibabel).
func runNibabel(t *testing.T, args ...string) map[string]nibabelFacts {
	t.Helper()
	const py = "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Skipf("%s not found: nibabel cross-check skipped", py)
	}
	if err := exec.Command(py, "-c", "import nibabel").Run(); err != nil {
		t.Skipf("nibabel not importable by %s (apt-get install python3-nibabel): %v", py, err)
	}
	out, err := exec.Command(py, append([]string{nibabelScript}, args...)...).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("nibabel_check.py %v: %v\n%s", args, err, ee.Stderr)
		}
		t.Fatal(err)
	}
	facts := map[string]nibabelFacts{}
	if err := json.Unmarshal(out, &facts); err != nil {
		t.Fatalf("nibabel_check.py output: %v\n%s", err, out)
	}
	return facts
}

// weighted mirrors the script's position-weighted checksum, which catches
// voxel-order mistakes a plain sum would not.
func weighted(vs []float32) float64 {
	s := 0.0
	for i, v := range vs {
		s += float64(v) * float64(i%97)
	}
	return s
}

func checkAgainstNibabel(t *testing.T, path string, f nibabelFacts, g datasets.Grid, voxels []float32) {
	t.Helper()
	if len(f.Shape) != 3 || [3]int{f.Shape[0], f.Shape[1], f.Shape[2]} != g.Dim {
		t.Errorf("%s: nibabel shape %v, ours %v", path, f.Shape, g.Dim)
	}
	if !affineNear(datasets.Affine(f.Affine), g.Affine, 1e-5) {
		t.Errorf("%s: nibabel affine %v, ours %v", path, f.Affine, g.Affine)
	}
	if f.Orientation != g.Orientation() {
		t.Errorf("%s: nibabel orientation %s, ours %s", path, f.Orientation, g.Orientation())
	}
	if !approxEq(f.Sum, sumFloat(voxels), 1e-6) || !approxEq(f.Weighted, weighted(voxels), 1e-6) {
		t.Errorf("%s: nibabel sums %v/%v, ours %v/%v", path, f.Sum, f.Weighted, sumFloat(voxels), weighted(voxels))
	}
}

// Files segtui writes read the same in nibabel.
func TestNiftiWrittenReadByNibabel(t *testing.T) {
	dir := t.TempDir()
	g := testGrid(9, 7, 5) // oblique, left-handed: exercises qfac and the quaternion
	vol := &datasets.Volume{Grid: g, Voxels: typedValues([]float32{-1024, 3071, 0.5}, g.Len())}
	lab := &datasets.LabelMap{Grid: g, Labels: make([]uint16, g.Len())}
	for i := range lab.Labels {
		lab.Labels[i] = uint16(i * 37 % 300)
	}
	labF := make([]float32, len(lab.Labels))
	for i, id := range lab.Labels {
		labF[i] = float32(id)
	}
	paths := map[string][]float32{}
	p := filepath.Join(dir, "vol.nii.gz")
	if err := Write(p, vol); err != nil {
		t.Fatal(err)
	}
	paths[p] = vol.Voxels
	p = filepath.Join(dir, "lab.nii.gz")
	if err := WriteLabels(p, lab); err != nil {
		t.Fatal(err)
	}
	paths[p] = labF
	ints := typedValues([]float32{-16777216, 16777216}, g.Len())
	for _, spec := range []niftiWriteSpec{
		{version: 1, bigEndian: true, datatype: dtInt32, slope: 1},
		{version: 2, bigEndian: false, datatype: dtFloat64, slope: 1, gzip: true},
		{version: 2, bigEndian: true, datatype: dtInt16, slope: 0.5, inter: 10},
	} {
		p := filepath.Join(dir, filepathFor(spec))
		writeRaw(t, p, g, ints[:], spec)
		v, err := Read(p)
		if err != nil {
			t.Fatal(err)
		}
		paths[p] = v.Voxels
	}
	rigidGrid := rigidTestGrid()
	rigid := filepath.Join(dir, "rigid.nii")
	rv := &datasets.Volume{Grid: rigidGrid, Voxels: typedValues([]float32{5, -5}, rigidGrid.Len())}
	if err := Write(rigid, rv); err != nil {
		t.Fatal(err)
	}
	paths[rigid] = rv.Voxels
	var args []string
	for p := range paths {
		args = append(args, p)
	}
	facts := runNibabel(t, append([]string{"describe"}, args...)...)
	for p, vox := range paths {
		f, ok := facts[p]
		if !ok {
			t.Fatalf("no nibabel facts for %s", p)
		}
		grid := g
		if p == rigid {
			grid = rigidGrid
		}
		checkAgainstNibabel(t, p, f, grid, vox)
		// testGrid is sheared, which a quaternion cannot hold: the qform is
		// its nearest rigid version. Both must compute it the same way.
		v, err := Read(p)
		if err != nil {
			t.Fatal(err)
		}
		if q := v.Nifti.QformAffine(); !affineNear(datasets.Affine(f.Qform), q, 1e-5) {
			t.Errorf("%s: nibabel qform %v, ours %v", p, f.Qform, q)
		}
	}
	// For a rigid oblique left-handed grid the qform alone is the affine.
	if f := facts[rigid]; !affineNear(datasets.Affine(f.Qform), rigidGrid.Affine, 1e-5) {
		t.Errorf("%s: nibabel qform %v, want %v", rigid, f.Qform, rigidGrid.Affine)
	}
	if f := facts[filepath.Join(dir, "lab.nii.gz")]; f.Dtype != "uint16" {
		t.Errorf("labels above 255 stored as %s, want uint16", f.Dtype)
	}
	if f := facts[filepath.Join(dir, "vol.nii.gz")]; f.Dtype != "float32" {
		t.Errorf("fractional volume stored as %s, want float32", f.Dtype)
	}
}

func filepathFor(s niftiWriteSpec) string {
	name := "v1"
	if s.version == 2 {
		name = "v2"
	}
	if s.bigEndian {
		name += "_be"
	}
	name += ".nii"
	if s.gzip {
		name += ".gz"
	}
	return name
}

// Files nibabel writes (NIfTI-2 big-endian, qform-only with qfac -1,
// scaled int16 with a sform that differs from the qform, big-endian uint16
// labels) read the same in segtui.
func TestNiftiNibabelWrittenReadByUs(t *testing.T) {
	facts := runNibabel(t, "make", t.TempDir())
	if len(facts) != 3 {
		t.Fatalf("expected 3 files from nibabel, got %d", len(facts))
	}
	for p, f := range facts {
		v, err := Read(p)
		if err != nil {
			t.Fatal(err)
		}
		checkAgainstNibabel(t, p, f, v.Grid, v.Voxels)
		if int(v.Nifti.QformCode) != f.QformCode || int(v.Nifti.SformCode) != f.SformCode {
			t.Errorf("%s: codes %d/%d, nibabel %d/%d", p, v.Nifti.QformCode, v.Nifti.SformCode, f.QformCode, f.SformCode)
		}
		if filepath.Base(p) == "labels_be.nii.gz" {
			l, err := ReadLabels(p)
			if err != nil {
				t.Fatal(err)
			}
			s := 0.0
			for _, id := range l.Labels {
				s += float64(id)
			}
			if s != f.Sum || l.DataType != datasets.Uint16 {
				t.Errorf("%s: label sum %v (%s), nibabel %v", p, s, l.DataType, f.Sum)
			}
		}
	}
}
