package datasets_test

import (
	"crypto/sha256"
	"image/color"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/nifti"
)

func touch(t *testing.T, path string, data []byte) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func caseIDs(ds *datasets.Dataset) []string {
	var ids []string
	for _, c := range ds.Cases {
		ids = append(ids, c.ID)
	}
	return ids
}

// treeHash fingerprints every file under root, to prove reads never write.
// requireTreeUnchanged fails when reading changed or added a file under root.
func requireTreeUnchanged(t *testing.T, root string, before map[string][32]byte) {
	t.Helper()
	after := treeHash(t, root)
	for p, h := range before {
		if after[p] != h {
			t.Errorf("%s changed while reading", p)
		}
	}
	if len(after) != len(before) {
		t.Errorf("reading created files: %d before, %d after", len(before), len(after))
	}
}

func treeHash(t *testing.T, root string) map[string][32]byte {
	t.Helper()
	h := map[string][32]byte{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			h[p] = sha256.Sum256(data)
		}
		return nil
	})
	return h
}

// smallVolume writes a tiny NIfTI image and matching label map.
func smallVolume(t *testing.T, img, lab string, labelValue uint16) {
	t.Helper()
	v := &datasets.Volume{Grid: datasets.Grid{Dim: [3]int{4, 3, 2}, Spacing: [3]float64{1, 1, 2}, Affine: datasets.Affine{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 2, 0}, {0, 0, 0, 1}}}, DataType: datasets.Int16}
	v.Voxels = make([]float32, v.Len())
	os.MkdirAll(filepath.Dir(img), 0o755)
	if err := nifti.Write(img, v); err != nil {
		t.Fatal(err)
	}
	if lab != "" {
		l := datasets.NewLabelMap(v)
		l.Labels[5] = labelValue
		os.MkdirAll(filepath.Dir(lab), 0o755)
		if err := nifti.WriteLabels(lab, l); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := datasets.Open(filepath.Join(dir, "nope")); err == nil || !strings.Contains(err.Error(), "nope does not exist") {
		t.Errorf("missing path: %v", err)
	}
	touch(t, filepath.Join(dir, "junk", "notes.txt"), []byte("hi"))
	_, err := datasets.Open(filepath.Join(dir, "junk"))
	for _, want := range []string{"no dataset layout recognised", "FLARE22", "nnU-Net", "2-D image set", ".npz"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("unrecognised folder: error %v lacks %q", err, want)
		}
	}
	txt := touch(t, filepath.Join(dir, "a.txt"), []byte("x"))
	if _, err := datasets.Open(txt); err == nil || !strings.Contains(err.Error(), "unsupported file type") {
		t.Errorf("text file: %v", err)
	}
	png := saveImage(t, filepath.Join(dir, "one.png"), greyImage(2, 2, func(x, y int) uint8 { return 1 }))
	if _, err := datasets.OpenWithLabels(png, filepath.Join(dir, "missing.png")); err == nil || !strings.Contains(err.Error(), "label file") {
		t.Errorf("missing labels: %v", err)
	}
	if _, err := datasets.OpenWithLabels(filepath.Join(dir, "junk"), png); err == nil || !strings.Contains(err.Error(), "is a folder") {
		t.Errorf("labels for a folder: %v", err)
	}
	bad := touch(t, filepath.Join(dir, "bad.npz"), []byte("not a zip"))
	if _, err := datasets.Open(bad); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("corrupt npz file: %v", err)
	}
	touch(t, filepath.Join(dir, "nn", "imagesTr", "x_0000.nii.gz"), nil)
	if _, err := datasets.Open(filepath.Join(dir, "nn")); err == nil || !strings.Contains(err.Error(), "dataset.json") {
		t.Errorf("nnU-Net without dataset.json: %v", err)
	}
}

func TestOpenFLARE22(t *testing.T) {
	root := t.TempDir()
	smallVolume(t, filepath.Join(root, "images", "FLARE22_Tr_0010_0000.nii.gz"), filepath.Join(root, "labels", "FLARE22_Tr_0010.nii.gz"), 3)
	smallVolume(t, filepath.Join(root, "images", "FLARE22_Tr_0002_0000.nii.gz"), "", 0)
	smallVolume(t, filepath.Join(root, "images", "FLARE22_Tr_0001_0000.nii.gz"), filepath.Join(root, "labels", "FLARE22_Tr_0001.nii.gz"), 13)
	touch(t, filepath.Join(root, "labels", "FLARE22_Tr_0099.nii.gz"), nil)
	before := treeHash(t, root)
	ds, err := datasets.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Layout != datasets.LayoutFLARE22 || ds.Classes.Name != "FLARE22" {
		t.Fatalf("layout %s classes %s", ds.Layout, ds.Classes.Name)
	}
	if got := strings.Join(caseIDs(ds), ","); got != "FLARE22_Tr_0001,FLARE22_Tr_0002,FLARE22_Tr_0010" {
		t.Errorf("case ids %s", got)
	}
	if ds.Cases[1].LabelPath != "" || !strings.HasSuffix(ds.Cases[2].LabelPath, "FLARE22_Tr_0010.nii.gz") {
		t.Errorf("label pairing: %+v", ds.Cases)
	}
	if len(ds.Warnings) != 1 || !strings.Contains(ds.Warnings[0], "FLARE22_Tr_0099.nii.gz has no image") {
		t.Errorf("warnings %v", ds.Warnings)
	}
	img, lab, err := ds.Load(ds.Cases[0])
	if err != nil {
		t.Fatal(err)
	}
	if img.Dim != [3]int{4, 3, 2} || lab == nil || lab.Counts()[13] != 1 {
		t.Errorf("loaded %v, labels %v", img.Dim, lab)
	}
	if _, lab, err := ds.Load(ds.Cases[1]); err != nil || lab != nil {
		t.Errorf("unlabelled case: labels %v err %v", lab, err)
	}
	requireTreeUnchanged(t, root, before)
}

func TestOpenNNUNet(t *testing.T) {
	root := t.TempDir()
	touch(t, filepath.Join(root, "dataset.json"), []byte(`{"name": "Dataset003_Liver", "labels": {"background": 0, "liver": 1, "tumour": 2}, "file_ending": ".nii.gz"}`))
	smallVolume(t, filepath.Join(root, "imagesTr", "liver_2_0000.nii.gz"), filepath.Join(root, "labelsTr", "liver_2.nii.gz"), 2)
	touch(t, filepath.Join(root, "imagesTr", "liver_2_0001.nii.gz"), nil) // second channel
	smallVolume(t, filepath.Join(root, "imagesTr", "liver_10_0000.nii.gz"), filepath.Join(root, "labelsTr", "liver_10.nii.gz"), 1)
	touch(t, filepath.Join(root, "labelsTr", "liver_7.nii.gz"), nil)
	smallVolume(t, filepath.Join(root, "imagesTs", "liver_200_0000.nii.gz"), "", 0)
	ds, err := datasets.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Layout != datasets.LayoutNNUNet || len(ds.Classes.Classes) != 2 || ds.Classes.Classes[1].Name != "tumour" {
		t.Fatalf("layout %s classes %+v", ds.Layout, ds.Classes)
	}
	if got := strings.Join(caseIDs(ds), ","); got != "liver_2,liver_10,liver_200" {
		t.Errorf("case ids %s (channel 1 must not be a case)", got)
	}
	if ds.Cases[2].LabelPath != "" || ds.Cases[0].LabelPath == "" {
		t.Errorf("labels: %+v", ds.Cases)
	}
	if len(ds.Warnings) != 1 || !strings.Contains(ds.Warnings[0], "liver_7.nii.gz has no image") {
		t.Errorf("warnings %v", ds.Warnings)
	}
	if _, lab, err := ds.Load(ds.Cases[0]); err != nil || lab.Counts()[2] != 1 {
		t.Errorf("load: %v", err)
	}
}

func TestOpenNPZFolderAndFile(t *testing.T) {
	root := t.TempDir()
	for _, n := range []string{"vol3d.npz", "rgb2d.npz"} {
		data, err := os.ReadFile(filepath.Join("npz", "testdata", n))
		if err != nil {
			t.Fatal(err)
		}
		touch(t, filepath.Join(root, "case_"+n), data)
	}
	touch(t, filepath.Join(root, "case_broken.npz"), []byte("garbage"))
	ds, err := datasets.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Layout != datasets.LayoutNPZ || strings.Join(caseIDs(ds), ",") != "case_broken,case_rgb2d,case_vol3d" {
		t.Fatalf("layout %s ids %v", ds.Layout, caseIDs(ds))
	}
	if len(ds.Warnings) != 1 || !strings.Contains(ds.Warnings[0], "case_broken.npz") {
		t.Errorf("warnings %v", ds.Warnings)
	}
	if _, _, err := ds.Load(ds.Cases[0]); err == nil || !strings.Contains(err.Error(), "not a readable npz") {
		t.Errorf("broken case load: %v", err)
	}
	img, lab, err := ds.Load(ds.Cases[2])
	if err != nil || !img.Prewindowed || lab.Counts()[2] != 1 {
		t.Errorf("vol3d load: %v", err)
	}
	single, err := datasets.Open(filepath.Join(root, "case_vol3d.npz"))
	if err != nil || single.Layout != datasets.LayoutFile || single.Cases[0].LabelPath != single.Cases[0].ImagePath {
		t.Fatalf("single npz: %v %+v", err, single)
	}
	if _, lab, err := single.Load(single.Cases[0]); err != nil || lab == nil {
		t.Errorf("single npz load: %v", err)
	}
}

func TestOpen2DSets(t *testing.T) {
	t.Run("SIRST binary", func(t *testing.T) {
		root := t.TempDir()
		for _, id := range []string{"Misc_10", "Misc_2"} {
			saveImage(t, filepath.Join(root, "images", id+".png"), greyImage(6, 4, func(x, y int) uint8 { return uint8(x * 20) }))
		}
		saveImage(t, filepath.Join(root, "masks", "Misc_2.png"), greyImage(6, 4, func(x, y int) uint8 { return 0 }))
		saveImage(t, filepath.Join(root, "masks", "Misc_10.png"), greyImage(6, 4, func(x, y int) uint8 { return uint8(255 * b2i(x == 1 && y == 2)) }))
		saveImage(t, filepath.Join(root, "masks", "Orphan.png"), greyImage(6, 4, func(x, y int) uint8 { return 0 }))
		ds, err := datasets.Open(root)
		if err != nil {
			t.Fatal(err)
		}
		if ds.Layout != datasets.LayoutImages || ds.MaskKind != datasets.MaskBinary || ds.Classes.Name != "SIRST" {
			t.Fatalf("layout %s kind %s classes %s", ds.Layout, ds.MaskKind, ds.Classes.Name)
		}
		if strings.Join(caseIDs(ds), ",") != "Misc_2,Misc_10" {
			t.Errorf("ids %v", caseIDs(ds))
		}
		if len(ds.Warnings) != 1 || !strings.Contains(ds.Warnings[0], "Orphan.png has no image") {
			t.Errorf("warnings %v", ds.Warnings)
		}
		_, lab, err := ds.Load(ds.Cases[1])
		if err != nil || lab.Counts()[1] != 1 || lab.Labels[lab.Index(1, 2, 0)] != 1 {
			t.Errorf("load: %v", err)
		}
	})
	t.Run("GID palette in labels/", func(t *testing.T) {
		root := t.TempDir()
		saveImage(t, filepath.Join(root, "images", "GF2_PMS1.tif"), rgbImage(3, 2, func(x, y int) color.RGBA { return color.RGBA{uint8(x * 80), 90, 30, 255} }))
		saveImage(t, filepath.Join(root, "labels", "GF2_PMS1_label.tif"), rgbImage(3, 2, func(x, y int) color.RGBA {
			return []color.RGBA{{0, 0, 0, 255}, {0, 0, 255, 255}, {0, 255, 255, 255}}[x]
		}))
		ds, err := datasets.Open(root)
		if err != nil {
			t.Fatal(err)
		}
		if ds.MaskKind != datasets.MaskPalette || ds.Classes.Name != "GID" {
			t.Fatalf("kind %s classes %s", ds.MaskKind, ds.Classes.Name)
		}
		img, lab, err := ds.Load(ds.Cases[0])
		if err != nil || img.RGB == nil || lab.Labels[1] != 5 || lab.Labels[2] != 3 {
			t.Errorf("load: %v %v", err, lab)
		}
	})
	t.Run("label ids in gts/ with a size mismatch", func(t *testing.T) {
		root := t.TempDir()
		saveImage(t, filepath.Join(root, "images", "a.png"), greyImage(4, 4, func(x, y int) uint8 { return 9 }))
		saveImage(t, filepath.Join(root, "images", "b.jpg"), greyImage(4, 4, func(x, y int) uint8 { return 9 }))
		saveImage(t, filepath.Join(root, "gts", "a.png"), greyImage(4, 4, func(x, y int) uint8 { return uint8(x) }))
		bad := saveImage(t, filepath.Join(root, "gts", "b.png"), greyImage(5, 4, func(x, y int) uint8 { return 1 }))
		ds, err := datasets.Open(root)
		if err != nil {
			t.Fatal(err)
		}
		if ds.MaskKind != datasets.MaskLabelIDs || len(ds.Classes.Classes) != 3 || ds.Classes.Classes[2].Name != "class 3" {
			t.Fatalf("kind %s classes %+v", ds.MaskKind, ds.Classes)
		}
		if _, lab, err := ds.Load(ds.Cases[0]); err != nil || lab.Counts()[3] != 4 {
			t.Errorf("load a: %v", err)
		}
		_, _, err = ds.Load(ds.Cases[1])
		if err == nil || !strings.Contains(err.Error(), "mask "+bad+" is 5x4 but image") || !strings.Contains(err.Error(), "b.jpg is 4x4x1") {
			t.Errorf("size mismatch: %v", err)
		}
	})
	t.Run("instances with unknown classes", func(t *testing.T) {
		root := t.TempDir()
		saveImage(t, filepath.Join(root, "images", "ct_1.png"), greyImage(4, 2, func(x, y int) uint8 { return 50 }))
		saveImage(t, filepath.Join(root, "images", "ct_1_b.png"), greyImage(4, 2, func(x, y int) uint8 { return 50 }))
		saveImage(t, filepath.Join(root, "masks", "ct_1_Liver_000.png"), greyImage(4, 2, func(x, y int) uint8 { return uint8(255 * b2i(x == 0)) }))
		saveImage(t, filepath.Join(root, "masks", "ct_1_urinary_bladder_000.png"), greyImage(4, 2, func(x, y int) uint8 { return uint8(255 * b2i(x == 1)) }))
		saveImage(t, filepath.Join(root, "masks", "ct_1_b_prostate_001.png"), greyImage(4, 2, func(x, y int) uint8 { return uint8(255 * b2i(x == 2)) }))
		ds, err := datasets.Open(root)
		if err != nil {
			t.Fatal(err)
		}
		if ds.MaskKind != datasets.MaskInstance || len(ds.Classes.Classes) != 15 {
			t.Fatalf("kind %s, %d classes", ds.MaskKind, len(ds.Classes.Classes))
		}
		if c, _ := ds.Classes.Lookup("prostate"); c.ID != 14 {
			t.Errorf("prostate id %d, want 14 (sorted before urinary bladder)", c.ID)
		}
		if len(ds.Cases[1].MaskPaths) != 1 || !strings.HasSuffix(ds.Cases[1].MaskPaths[0], "ct_1_b_prostate_001.png") {
			t.Errorf("ct_1_b masks %v (the longest stem must own it)", ds.Cases[1].MaskPaths)
		}
		_, lab, err := ds.Load(ds.Cases[0])
		if err != nil || lab.Labels[0] != 1 || lab.Labels[1] != 15 || lab.Labels[2] != 0 {
			t.Errorf("merged %v %v", err, lab)
		}
	})
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestOpenRealAMOS2D(t *testing.T) {
	root := filepath.Join("..", "..", "shared", "realdata", "amos2d")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("real data not present (%v); CI has ../shared/realdata", err)
	}
	ds, err := datasets.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Layout != datasets.LayoutImages || ds.MaskKind != datasets.MaskInstance || strings.Join(caseIDs(ds), ",") != "amos_0004_75,amos_0006_90" {
		t.Fatalf("layout %s kind %s ids %v", ds.Layout, ds.MaskKind, caseIDs(ds))
	}
	if len(ds.Cases[0].MaskPaths) != 3 || len(ds.Cases[1].MaskPaths) != 4 || len(ds.Warnings) != 0 {
		t.Errorf("masks %d + %d, warnings %v", len(ds.Cases[0].MaskPaths), len(ds.Cases[1].MaskPaths), ds.Warnings)
	}
	// Counts from an independent numpy/zlib decode of the PNGs.
	want := []map[uint16]int{
		{0: 257951, 1: 3012, 5: 530, 6: 651},
		{0: 239306, 1: 20023, 3: 1473, 5: 713, 6: 629},
	}
	for i, c := range ds.Cases {
		img, lab, err := ds.Load(c)
		if err != nil {
			t.Fatal(err)
		}
		if img.Dim != [3]int{512, 512, 1} || img.RGB != nil || img.DataType != datasets.Uint8 {
			t.Errorf("%s: dim %v, rgb %v (R=G=B PNGs are grey)", c.ID, img.Dim, img.RGB != nil)
		}
		got := lab.Counts()
		if len(got) != len(want[i]) {
			t.Errorf("%s: counts %v, want %v", c.ID, got, want[i])
		}
		for id, n := range want[i] {
			if got[id] != n {
				t.Errorf("%s: class %d has %d pixels, want %d", c.ID, id, got[id], n)
			}
		}
	}
	if c, _ := ds.Classes.ByID(6); c.Name != "inferior vena cava" {
		t.Errorf("id 6 is %q", c.Name)
	}
}

func TestOpenSingleImageWithLabels(t *testing.T) {
	dir := t.TempDir()
	img := saveImage(t, filepath.Join(dir, "x.png"), greyImage(3, 3, func(x, y int) uint8 { return 1 }))
	lab := saveImage(t, filepath.Join(dir, "x_labels.png"), greyImage(3, 3, func(x, y int) uint8 { return uint8(7 * b2i(x == y)) }))
	ds, err := datasets.OpenWithLabels(img, lab)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Layout != datasets.LayoutFile || ds.Cases[0].ID != "x" || ds.Cases[0].LabelPath != lab {
		t.Fatalf("%+v", ds)
	}
	_, l, err := ds.Load(ds.Cases[0])
	if err != nil || l.Counts()[7] != 3 {
		t.Fatalf("load: %v", err)
	}
	if c, ok := ds.ClassesFor(l).ByID(7); !ok || c.Name != "class 7" {
		t.Errorf("ClassesFor: %+v", c)
	}
}
