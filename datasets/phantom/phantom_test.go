package phantom

import (
	"math"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/nifti"
)

// phantomOnce builds the default phantom once for the read-only tests.
var phantomOnce = sync.OnceValues(func() (*datasets.Volume, *datasets.LabelMap) { return New(DefaultSeed) })

// organStats gathers, per label, voxel count, mean HU, world centroid and
// the slices it occupies.
type organStat struct {
	n        int
	sumHU    float64
	centroid vec3
	slices   map[int]bool
}

func phantomStats(v *datasets.Volume, l *datasets.LabelMap) map[uint16]*organStat {
	stats := map[uint16]*organStat{}
	for k := 0; k < v.Dim[2]; k++ {
		for j := 0; j < v.Dim[1]; j++ {
			for i := 0; i < v.Dim[0]; i++ {
				idx := v.Index(i, j, k)
				id := l.Labels[idx]
				if id == 0 {
					continue
				}
				s := stats[id]
				if s == nil {
					s = &organStat{slices: map[int]bool{}}
					stats[id] = s
				}
				s.n++
				s.sumHU += float64(v.Voxels[idx])
				w := v.Affine.Apply(float64(i), float64(j), float64(k))
				s.centroid = s.centroid.add(vec3(w))
				s.slices[k] = true
			}
		}
	}
	for _, s := range stats {
		s.centroid = s.centroid.scale(1 / float64(s.n))
	}
	return stats
}

var flareNames = map[uint16]string{1: "liver", 2: "right kidney", 3: "spleen", 4: "pancreas", 5: "aorta",
	6: "IVC", 7: "right adrenal", 8: "left adrenal", 9: "gallbladder", 10: "esophagus", 11: "stomach",
	12: "duodenum", 13: "left kidney"}

func TestPhantomDeterministic(t *testing.T) {
	a, al := New(7)
	b, bl := New(7)
	c, cl := New(8)
	for i := range a.Voxels {
		if a.Voxels[i] != b.Voxels[i] || al.Labels[i] != bl.Labels[i] {
			t.Fatalf("seed 7 built twice differs at voxel %d: %v/%d vs %v/%d", i, a.Voxels[i], al.Labels[i], b.Voxels[i], bl.Labels[i])
		}
	}
	voxDiff, labDiff := 0, 0
	for i := range a.Voxels {
		if a.Voxels[i] != c.Voxels[i] {
			voxDiff++
		}
		if al.Labels[i] != cl.Labels[i] {
			labDiff++
		}
	}
	if voxDiff < len(a.Voxels)/2 || labDiff == 0 {
		t.Fatalf("seeds 7 and 8 differ in only %d voxel values and %d labels of %d", voxDiff, labDiff, len(a.Voxels))
	}
}

func TestPhantomGridAndValues(t *testing.T) {
	v, l := phantomOnce()
	if v.Dim != [3]int{256, 256, 64} || v.Spacing != [3]float64{1.4, 1.4, 3} {
		t.Fatalf("grid %s spacing %v, want 256x256x64 at 1.4x1.4x3 mm", v.ShapeString(), v.Spacing)
	}
	if got := v.Orientation(); got != "LPS" {
		t.Fatalf("orientation %s, want LPS (stored like most CT)", got)
	}
	if !v.SameGrid(l.Grid) {
		t.Fatal("label map is not on the image grid")
	}
	if v.DataType != datasets.Int16 || !fitsInt16(v.Voxels) {
		t.Fatal("phantom voxels must be whole int16 HU")
	}
	lo, hi := v.MinMax()
	if lo < -1024 || hi > 3071 || hi < 500 {
		t.Fatalf("HU range [%v, %v]: want within [-1024, 3071] with bone above 500", lo, hi)
	}
	// Display check: in the axial view the patient's right (the liver) is on
	// the screen's left and anterior is up.
	view := v.View(datasets.Axial)
	if view.ColFlip || view.RowFlip {
		t.Fatalf("LPS storage should display axially without flips, got %+v", view)
	}
}

func TestPhantomAirOutsideBody(t *testing.T) {
	v, _ := phantomOnce()
	nx, ny := v.Dim[0], v.Dim[1]
	for k := 0; k < v.Dim[2]; k++ {
		for _, ij := range [][2]int{{0, 0}, {nx - 1, 0}, {0, ny - 1}, {nx - 1, ny - 1}, {nx / 2, 0}, {nx / 2, ny - 1}, {0, ny / 2}} {
			if hu := v.Voxels[v.Index(ij[0], ij[1], k)]; hu > -900 {
				t.Fatalf("voxel %v of slice %d is %v HU, want air outside the body", ij, k, hu)
			}
		}
		// Front and back skin line up with the body: centre column goes
		// air -> tissue -> air.
		var inside int
		for j := 0; j < ny; j++ {
			if v.Voxels[v.Index(nx/2, j, k)] > -500 {
				inside++
			}
		}
		if mm := float64(inside) * v.Spacing[1]; mm < 180 || mm > 260 {
			t.Fatalf("slice %d: body is %.0f mm front to back at the midline, want 180-260", k, mm)
		}
	}
}

func TestPhantomOrganVolumesAndHU(t *testing.T) {
	v, l := phantomOnce()
	stats := phantomStats(v, l)
	voxML := v.Spacing[0] * v.Spacing[1] * v.Spacing[2] / 1000
	// Plausible adult volumes (ml; aorta, IVC and esophagus only within the
	// scanned range) and the HU each organ is painted at.
	want := map[uint16]struct{ minML, maxML, hu float64 }{
		1: {1000, 2500, 60}, 2: {100, 260, 150}, 3: {100, 400, 50}, 4: {30, 130, 45},
		5: {20, 90, 180}, 6: {15, 90, 120}, 7: {1, 10, 30}, 8: {1, 10, 30}, 9: {15, 70, 10},
		10: {3, 30, 40}, 11: {100, 700, 30}, 12: {20, 130, 40}, 13: {100, 260, 150},
	}
	for id := uint16(1); id <= 13; id++ {
		s := stats[id]
		name := flareNames[id]
		if s == nil {
			t.Errorf("%s (label %d) is missing", name, id)
			continue
		}
		ml := float64(s.n) * voxML
		mean := s.sumHU / float64(s.n)
		w := want[id]
		t.Logf("%-14s %7.1f ml  mean %6.1f HU  %2d slices  centroid %.0f", name, ml, mean, len(s.slices), s.centroid)
		if ml < w.minML || ml > w.maxML {
			t.Errorf("%s is %.1f ml, want %.0f-%.0f", name, ml, w.minML, w.maxML)
		}
		if math.Abs(mean-w.hu) > 25 {
			t.Errorf("%s mean is %.1f HU, want %.0f +- 25", name, mean, w.hu)
		}
		if len(s.slices) < 3 {
			t.Errorf("%s spans %d slices, want at least 3", name, len(s.slices))
		}
	}
	if t.Failed() {
		return
	}
	for id, s := range stats {
		if id != 1 && s.n >= stats[1].n {
			t.Errorf("%s (%d voxels) is not smaller than the liver (%d)", flareNames[id], s.n, stats[1].n)
		}
		if id != 7 && id != 8 && (s.n <= stats[7].n || s.n <= stats[8].n) {
			t.Errorf("%s (%d voxels) is not larger than the adrenals (%d, %d)", flareNames[id], s.n, stats[7].n, stats[8].n)
		}
	}
}

func TestPhantomAnatomyPositions(t *testing.T) {
	v, l := phantomOnce()
	stats := phantomStats(v, l)
	for id := uint16(1); id <= 13; id++ {
		if stats[id] == nil {
			t.Fatalf("%s is missing", flareNames[id])
		}
	}
	c := func(id uint16) vec3 { return stats[id].centroid }
	// Vertebral bodies: bone near the midline, measured from the image.
	var spine vec3
	var nb int
	for k := 0; k < v.Dim[2]; k++ {
		for j := 0; j < v.Dim[1]; j++ {
			for i := 0; i < v.Dim[0]; i++ {
				w := vec3(v.Affine.Apply(float64(i), float64(j), float64(k)))
				if math.Abs(w[0]) < 15 && v.Voxels[v.Index(i, j, k)] > 200 && l.Labels[v.Index(i, j, k)] == 0 {
					spine = spine.add(w)
					nb++
				}
			}
		}
	}
	if nb == 0 {
		t.Fatal("no bone near the midline")
	}
	spine = spine.scale(1 / float64(nb))
	// RAS+: x > 0 is the patient's right, y > 0 anterior, z > 0 superior.
	checks := []struct {
		ok   bool
		what string
	}{
		{c(1)[0] > 20, "liver on the patient's right (x > 0)"},
		{c(3)[0] < -40, "spleen on the left"},
		{c(2)[0] > 30 && c(13)[0] < -30, "right kidney right, left kidney left"},
		{c(2)[2] < c(13)[2], "right kidney lower than the left"},
		{c(2)[1] < c(4)[1] && c(13)[1] < c(4)[1] && c(2)[1] < c(1)[1], "kidneys posterior to pancreas and liver"},
		{c(5)[0] < spine[0] && c(5)[1] > spine[1], "aorta left of and anterior to the spine"},
		{c(6)[0] > c(5)[0], "IVC right of the aorta"},
		{c(7)[0] > 0 && c(8)[0] < 0, "adrenals on their own sides"},
		{c(7)[2] > c(2)[2] && c(8)[2] > c(13)[2], "adrenals above the kidney centres"},
		{c(9)[0] > 0 && c(9)[1] > c(2)[1] && c(9)[2] < c(1)[2], "gallbladder right, anterior, below the liver centre"},
		{c(10)[2] > c(4)[2] && c(10)[0] < c(6)[0], "esophagus high and left of the IVC"},
		{c(11)[0] < 0 && c(11)[2] > c(12)[2], "stomach left upper, above the duodenum"},
		{c(12)[0] > c(11)[0], "duodenum right of the stomach"},
		{c(4)[1] > spine[1], "pancreas anterior to the spine"},
	}
	for _, ch := range checks {
		if !ch.ok {
			t.Errorf("not plausible: %s", ch.what)
		}
	}
	t.Logf("spine centroid %.0f", spine)
}

// Labels form a partition with a fat plane between different organs: no
// two organs touch, in-plane or across slices.
func TestPhantomOrgansSeparated(t *testing.T) {
	_, l := phantomOnce()
	nx, nxy := l.Dim[0], l.Dim[0]*l.Dim[1]
	for k := 1; k < l.Dim[2]-1; k++ {
		for j := 1; j < l.Dim[1]-1; j++ {
			for i := 1; i < l.Dim[0]-1; i++ {
				v := l.Index(i, j, k)
				a := l.Labels[v]
				if a == 0 {
					continue
				}
				for _, d := range []int{1, nx, nx + 1, nx - 1, nxy} {
					if b := l.Labels[v+d]; b != 0 && b != a {
						t.Fatalf("%s touches %s at voxel (%d,%d,%d)", flareNames[a], flareNames[b], i, j, k)
					}
				}
			}
		}
	}
}

func TestWritePhantomRoundTrip(t *testing.T) {
	dir := t.TempDir()
	imgPath, labPath, err := Write(dir, DefaultSeed)
	if err != nil {
		t.Fatal(err)
	}
	if wantI, wantL := Paths(dir); imgPath != wantI || labPath != wantL ||
		!strings.HasSuffix(imgPath, "images/PHANTOM_0001_0000.nii.gz") || !strings.HasSuffix(labPath, "labels/PHANTOM_0001.nii.gz") {
		t.Fatalf("paths %s, %s", imgPath, labPath)
	}
	img, err := nifti.Read(imgPath)
	if err != nil {
		t.Fatal(err)
	}
	lab, err := nifti.ReadLabels(labPath)
	if err != nil {
		t.Fatal(err)
	}
	v, l := phantomOnce()
	if !img.SameGrid(v.Grid) || !lab.SameGrid(v.Grid) || img.Orientation() != "LPS" {
		t.Fatalf("read back %s %v (%s), want %s %v", img.ShapeString(), img.Affine, img.Orientation(), v.ShapeString(), v.Affine)
	}
	if img.DataType != datasets.Int16 {
		t.Errorf("image stored as %s, want int16", img.DataType)
	}
	for i := range v.Voxels {
		if img.Voxels[i] != v.Voxels[i] || lab.Labels[i] != l.Labels[i] {
			t.Fatalf("voxel %d read back as %v/%d, written %v/%d", i, img.Voxels[i], lab.Labels[i], v.Voxels[i], l.Labels[i])
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("left behind in %s: %v", dir, entries)
	}
}

func TestWritePhantomKeepsIdenticalRefusesDifferent(t *testing.T) {
	dir := t.TempDir()
	imgPath, labPath, err := Write(dir, 3)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(imgPath)
	if _, _, err := Write(dir, 3); err != nil {
		t.Fatalf("rewriting the same phantom: %v", err)
	}
	after, _ := os.Stat(imgPath)
	if !after.ModTime().Equal(before.ModTime()) {
		t.Error("an identical phantom file was replaced")
	}
	labBytes, _ := os.ReadFile(labPath)
	_, _, err = Write(dir, 4)
	if err == nil || !strings.Contains(err.Error(), "refusing to overwrite") || !strings.Contains(err.Error(), imgPath) {
		t.Fatalf("writing seed 4 over seed 3: got %v, want a refusal naming %s", err, imgPath)
	}
	if now, _ := os.ReadFile(labPath); string(now) != string(labBytes) {
		t.Error("label file changed although the write was refused")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("left behind in %s: %v", dir, entries)
	}
}

func TestWritePhantomUnwritableDir(t *testing.T) {
	file := t.TempDir() + "/not-a-dir"
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Write(file, 1); err == nil || !strings.Contains(err.Error(), "not-a-dir") {
		t.Fatalf("writing under a file: got %v, want an error naming it", err)
	}
}
