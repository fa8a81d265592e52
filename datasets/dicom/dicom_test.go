package dicom

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/nifti"
)

// decoys are elements nested in sequences that share tags with the ones
// the reader keeps; taking them for top-level values would break geometry.
func decoys(e *dcmEncoder) {
	e.us(0x00280010, 7)
	e.ds(0x00200032, 99, 99, 99)
}

// privateSequences writes undefined-length sequences nested two deep, a
// defined-length one and (explicit VR) an undefined-length UN, all holding decoys.
func privateSequences(e *dcmEncoder) {
	e.undefinedSeq(0x00091010, "SQ", func(in *dcmEncoder) {
		decoys(in)
		in.undefinedSeq(0x00091011, "SQ", decoys, decoys)
		in.str(0x00091012, "LO", "private")
	}, decoys)
	e.definedSeq(0x00091020, decoys)
	e.undefinedSeq(0x00091030, "UN", decoys)
}

// TestReadDICOMSeriesEachSyntax writes a sagittal series in each readable
// transfer syntax, files named and numbered out of position order, and
// checks geometry, slice order and HU values voxel by voxel.
func TestReadDICOMSeriesEachSyntax(t *testing.T) {
	const rows, cols = 3, 4
	// file name, InstanceNumber, x position (the normal is -x, so the
	// sorted order is c, a, b).
	files := []struct {
		name string
		inst int
		x    float64
	}{{"a.dcm", 3, 3}, {"b", 1, 1}, {"c.IMA", 2, 5}}
	wantOrder := []int{2, 0, 1}
	for _, syntax := range []string{uidImplicitLE, uidExplicitLE, uidExplicitBE} {
		t.Run(syntax, func(t *testing.T) {
			dir := t.TempDir()
			for f, file := range files {
				s := ctSpec(syntax, rows, cols, 0)
				s.ipp = [3]float64{file.x, -20, 30}
				s.iop = [6]float64{0, 1, 0, 0, 0, -1}
				s.instance, s.slope, s.intercept = file.inst, 2, -1024
				for j := 0; j < rows; j++ {
					for i := 0; i < cols; i++ {
						s.pixels[j*cols+i] = 1000*f + 10*j + i - 500
					}
				}
				s.extra = privateSequences
				writeDICOM(t, filepath.Join(dir, file.name), s)
			}
			before := treeHash(t, dir)
			v, err := ReadSeries(dir, "")
			if err != nil {
				t.Fatal(err)
			}
			requireTreeUnchanged(t, dir, before)
			if v.Dim != [3]int{cols, rows, 3} || v.DataType != datasets.Int16 {
				t.Fatalf("dim %v type %s", v.Dim, v.DataType)
			}
			// LPS columns: i along row dir (0,1,0)*0.75, j along (0,0,-1)*0.5,
			// k the step (-2,0,0); origin the first sorted slice (5,-20,30).
			want := datasets.Affine{{0, 0, 2, -5}, {-0.75, 0, 0, 20}, {0, -0.5, 0, 30}, {0, 0, 0, 1}}
			for r := range want {
				for c := range want[r] {
					if !closeTo(v.Affine[r][c], want[r][c]) {
						t.Fatalf("affine\n%v\nwant\n%v", v.Affine, want)
					}
				}
			}
			if v.Spacing != [3]float64{0.75, 0.5, 2} || v.Orientation() != "PIR" {
				t.Errorf("spacing %v orientation %s", v.Spacing, v.Orientation())
			}
			for k, f := range wantOrder {
				for j := 0; j < rows; j++ {
					for i := 0; i < cols; i++ {
						hu := float32(2*(1000*f+10*j+i-500) - 1024)
						if got := v.Voxels[v.Index(i, j, k)]; got != hu {
							t.Fatalf("voxel (%d,%d,%d) = %v, want %v (file %s)", i, j, k, got, hu, files[f].name)
						}
					}
				}
			}
		})
	}
}

// TestDICOMRefusesUndecodableSyntax: a syntax with no decoder (HTJ2K) and
// an unknown one are refused naming the syntax and how to convert; a file
// claiming a compressed syntax with native pixels is refused as corrupt.
func TestDICOMRefusesUndecodableSyntax(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "1.dcm")
	const htj2k = "1.2.840.10008.1.2.4.201"
	writeDICOM(t, path, ctSpec(htj2k, 2, 2, 0))
	_, err := datasets.Open(dir)
	for _, want := range []string{path, htj2k, "High-Throughput JPEG 2000 (Lossless Only)", "not supported", "gdcmconv"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("Open: %v; want an error mentioning %q", err, want)
		}
	}
	s := ctSpec("1.2.3.999", 2, 2, 0)
	writeDICOM(t, path, s)
	if _, err := ReadFiles([]string{path}); err == nil || !strings.Contains(err.Error(), `"1.2.3.999" is unknown`) {
		t.Fatalf("unknown syntax: %v", err)
	}
	writeDICOM(t, path, ctSpec(uidJPEG2000, 2, 2, 0))
	if _, err := ReadFiles([]string{path}); err == nil || !strings.Contains(err.Error(), "pixel data is 8 bytes of native pixels, but transfer syntax "+uidJPEG2000) {
		t.Fatalf("native pixels in a compressed syntax: %v", err)
	}
}

// TestDICOMTruncatedFiles cuts files inside the pixel data and inside the
// header, and makes the pixel data claim more bytes than the file has.
func TestDICOMTruncatedFiles(t *testing.T) {
	full := encodeDICOM(ctSpec(uidExplicitLE, 8, 8, 0))
	lying := append([]byte(nil), full...)
	// The 128 pixel bytes end the file; their 4-byte length comes just before.
	binary.LittleEndian.PutUint32(lying[len(lying)-128-4:], 0x7FFFFFF0)
	for name, data := range map[string][]byte{
		"pixels cut":                  full[:len(full)-10],
		"header cut":                  full[:301],
		"header cut between elements": full[:len(full)-128-12],
		"length lie":                  lying,
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "slice")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := datasets.Open(dir)
			if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "truncated") {
				t.Fatalf("got %v; want a truncation error naming %s", err, path)
			}
		})
	}
	// Pixel data present in full but shorter than Rows x Columns says.
	s := ctSpec(uidImplicitLE, 8, 8, 0)
	s.pixels = s.pixels[:10]
	dir := t.TempDir()
	writeDICOM(t, filepath.Join(dir, "short"), s)
	if _, err := ReadSeries(dir, ""); err == nil || !strings.Contains(err.Error(), "pixel data is 20 bytes; 8 x 8 pixels of 16 bits need 128") {
		t.Fatalf("short pixel data: %v", err)
	}
	// An absurd image size with a few bytes of pixels is refused before any allocation.
	s = ctSpec(uidImplicitLE, 2, 2, 0)
	s.rows, s.cols = 65535, 65535
	writeDICOM(t, filepath.Join(dir, "short"), s)
	if _, err := ReadSeries(dir, ""); err == nil || !strings.Contains(err.Error(), "65535 x 65535 pixels") {
		t.Fatalf("huge image: %v", err)
	}
}

// series writes one file per z position and returns the folder.
func series(t *testing.T, specs ...dcmSpec) string {
	t.Helper()
	dir := t.TempDir()
	for i, s := range specs {
		writeDICOM(t, filepath.Join(dir, "im"+string(rune('a'+i))), s)
	}
	return dir
}

func TestDICOMSeriesGeometryErrors(t *testing.T) {
	z := func(z float64) dcmSpec { return ctSpec(uidExplicitLE, 2, 2, z) }
	tilted := z(1)
	tilted.iop = [6]float64{0, 1, 0, 1, 0, 0}
	small := z(1)
	small.rows, small.pixels = 1, small.pixels[:2]
	for name, tc := range map[string]struct {
		specs []dcmSpec
		want  []string
	}{
		"orientation": {[]dcmSpec{z(0), tilted, z(2)}, []string{"ima", "imb", "a series must have one orientation"}},
		"gap":         {[]dcmSpec{z(0), z(1), z(3), z(4)}, []string{"not evenly spaced", "gaps along the normal 1, 2, 1 mm", "imb to ", "imc is 0.667 mm off the mean step"}},
		"duplicate":   {[]dcmSpec{z(0), z(1), z(1)}, []string{"same position", "imb", "imc"}},
		"size":        {[]dcmSpec{z(0), small}, []string{"imb is 2x1 pixels", "one image size"}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ReadSeries(series(t, tc.specs...), "")
			for _, w := range tc.want {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Fatalf("got %v; want an error mentioning %q", err, w)
				}
			}
		})
	}
	// Slices offset within their plane by the same step each time (gantry
	// tilt) are placed exactly: the step becomes the k column.
	var specs []dcmSpec
	for k := 0; k < 3; k++ {
		s := z(float64(k) * 1.5)
		s.ipp[1] += 0.2 * float64(k)
		specs = append(specs, s)
	}
	v, err := ReadSeries(series(t, specs...), "")
	if err != nil {
		t.Fatal(err)
	}
	if col := [3]float64{v.Affine[0][2], v.Affine[1][2], v.Affine[2][2]}; !closeTo(col[0], 0) || !closeTo(col[1], -0.2) || !closeTo(col[2], 1.5) {
		t.Errorf("tilted k column %v, want (0,-0.2,1.5)", col)
	}
}

func TestDICOMPixelFormats(t *testing.T) {
	one := func(mod func(*dcmSpec)) (*datasets.Volume, error) {
		s := ctSpec(uidExplicitLE, 1, 3, 0)
		mod(&s)
		return ReadSeries(series(t, s), "")
	}
	// 12 bits stored, signed, with overlay bits above them.
	v, err := one(func(s *dcmSpec) {
		s.bitsStored, s.highBit, s.intercept = 12, 11, 0
		s.pixels = []int{0xA805, 0x07FF, 0xF000}
	})
	if err != nil || v.Voxels[0] != -2043 || v.Voxels[1] != 2047 || v.Voxels[2] != 0 {
		t.Errorf("12-bit signed: %v %v", err, v)
	}
	// 8 bits stored high in a 16-bit word, unsigned.
	v, err = one(func(s *dcmSpec) {
		s.bitsStored, s.highBit, s.pixelRep, s.intercept = 8, 11, 0, 0
		s.pixels = []int{0x0AB0, 0xF00F, 0}
	})
	if err != nil || v.Voxels[0] != 171 || v.Voxels[1] != 0 || v.DataType != datasets.Uint16 {
		t.Errorf("8 of 16 bits at high bit 11: %v %v", err, v)
	}
	// 8-bit MONOCHROME1 MR is inverted so larger shows brighter.
	v, err = one(func(s *dcmSpec) {
		s.bitsAlloc, s.bitsStored, s.highBit, s.pixelRep, s.intercept = 8, 8, 7, 0, 0
		s.photometric, s.modality, s.pixels = "MONOCHROME1", "MR", []int{0, 10, 200}
	})
	if err != nil || v.Voxels[0] != 200 || v.Voxels[1] != 190 || v.Voxels[2] != 0 || v.DataType != datasets.Uint8 {
		t.Errorf("MONOCHROME1 MR: %v %v", err, v)
	}
	// MONOCHROME1 CT keeps its Hounsfield units: only the display differs.
	v, err = one(func(s *dcmSpec) { s.photometric, s.pixels = "MONOCHROME1", []int{0, 1024, 2024} })
	if err != nil || v.Voxels[0] != -1024 || v.Voxels[2] != 1000 {
		t.Errorf("MONOCHROME1 CT: %v %v", err, v)
	}
	for want, mod := range map[string]func(*dcmSpec){
		"SamplesPerPixel is 2":                   func(s *dcmSpec) { s.samples, s.photometric = 2, "RGB" },
		"segtui reads 8-bit colour only":         func(s *dcmSpec) { s.samples, s.photometric = 3, "RGB" },
		"PhotometricInterpretation is \"PALETTE": func(s *dcmSpec) { s.photometric = "PALETTE COLOR" },
		"BitsAllocated is 32; expected 8 or 16":  func(s *dcmSpec) { s.bitsAlloc = 32 },
		"HighBit is 3":                           func(s *dcmSpec) { s.highBit = 3 },
		"ends before the Pixel Data":             func(s *dcmSpec) { s.noPixels = true },
	} {
		if _, err := one(mod); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v; want an error mentioning %q", err, want)
		}
	}
}

// TestOpenDICOMFolder checks discovery: one case per series ordered by
// SeriesNumber, ids from the descriptions with escapes stripped, files
// with no pixels skipped with a warning, volumes beside named.
func TestOpenDICOMFolder(t *testing.T) {
	dir := t.TempDir()
	for k := 0; k < 2; k++ {
		writeDICOM(t, filepath.Join(dir, "IM000"+string(rune('1'+k))), ctSpec(uidImplicitLE, 2, 3, float64(k)))
	}
	cor := ctSpec(uidExplicitLE, 4, 2, 0)
	cor.seriesUID, cor.seriesNumber, cor.desc = "1.2.3.5", 2, "COR \x1b[31mlung/soft"
	writeDICOM(t, filepath.Join(dir, "cor.dcm"), cor)
	dicomdir := ctSpec(uidExplicitLE, 0, 0, 0)
	dicomdir.noPixels = true
	writeDICOM(t, filepath.Join(dir, "DICOMDIR"), dicomdir)
	touch(t, filepath.Join(dir, "seg.nrrd"), []byte("NRRD0004\n"))
	touch(t, filepath.Join(dir, "notes.txt"), []byte("hello"))
	before := treeHash(t, dir)

	ds, err := datasets.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Layout != datasets.LayoutDICOM || len(ds.Cases) != 2 || ds.Cases[0].ID != "COR_lung_soft" || ds.Cases[1].ID != "AX_CT" {
		t.Fatalf("layout %s cases %+v", ds.Layout, ds.Cases)
	}
	if len(ds.Warnings) != 2 || !strings.Contains(ds.Warnings[0], "DICOMDIR: DICOM file with no Pixel Data") ||
		!strings.Contains(ds.Warnings[1], "the 1 NIfTI/NRRD files beside the DICOM series (seg.nrrd)") || !strings.Contains(ds.Warnings[1], "folder of its own") {
		t.Errorf("warnings %q", ds.Warnings)
	}
	for i, dim := range [][3]int{{2, 4, 1}, {3, 2, 2}} {
		img, lab, err := ds.Load(ds.Cases[i])
		if err != nil || lab != nil || img.Dim != dim {
			t.Errorf("case %s: %v, labels %v, dim %v want %v", ds.Cases[i].ID, err, lab, img.Dim, dim)
		}
	}
	if _, err := datasets.OpenWithLabels(dir, filepath.Join(dir, "seg.nrrd")); err == nil || !strings.Contains(err.Error(), "holds 2 DICOM series (COR_lung_soft, AX_CT)") {
		t.Errorf("labels on two series: %v", err)
	}
	if _, err := datasets.Open(filepath.Join(dir, "cor.dcm")); err == nil || !strings.Contains(err.Error(), "is one DICOM file; open the folder holding its series instead (segtui "+dir+")") {
		t.Errorf("one DICOM file: %v", err)
	}
	requireTreeUnchanged(t, dir, before)

	empty := t.TempDir()
	touch(t, filepath.Join(empty, "notes.txt"), []byte("hello"))
	if _, err := datasets.OpenWithLabels(empty, filepath.Join(dir, "seg.nrrd")); err == nil || !strings.Contains(err.Error(), "is a folder with no DICOM files") {
		t.Errorf("labels on a folder without DICOM: %v", err)
	}
}

// TestOpenDICOMSeriesWithLabels gives a one-series folder a label map on
// its grid through --labels: the case is named after the folder and loads
// with its labels.
func TestOpenDICOMSeriesWithLabels(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ct_0042")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for k := 0; k < 3; k++ {
		writeDICOM(t, filepath.Join(dir, "s"+string(rune('0'+k))), ctSpec(uidExplicitBE, 2, 3, 2.5*float64(k)))
	}
	img, err := ReadSeries(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	labels := filepath.Join(t.TempDir(), "truth.nii.gz")
	lab := datasets.NewLabelMap(img)
	lab.Labels[4] = 1
	if err := nifti.WriteLabels(labels, lab); err != nil {
		t.Fatal(err)
	}
	ds, err := datasets.OpenWithLabels(dir, labels)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Cases) != 1 || ds.Cases[0].ID != "ct_0042" || ds.Cases[0].LabelPath != labels || len(ds.Warnings) != 0 {
		t.Fatalf("%+v", ds)
	}
	_, got, err := ds.Load(ds.Cases[0])
	if err != nil || got.Counts()[1] != 1 {
		t.Fatalf("load with labels: %v %v", err, got)
	}
}
