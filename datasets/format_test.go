package datasets_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/segtui/segtui/datasets"
	_ "github.com/segtui/segtui/datasets/all" // the external tests read every format
)

// TestRegisteredFormats pins the registry every dispatcher reads: the
// formats, their suffixes and the "expected ..." list built from them.
func TestRegisteredFormats(t *testing.T) {
	var got []string
	for _, f := range datasets.Formats() {
		got = append(got, f.Name+" "+strings.Join(f.Suffixes, ","))
	}
	want := []string{"MetaImage .mha,.mhd", "NIfTI .nii,.nii.gz", "NRRD .nrrd,.nhdr", "MedSAM npz .npz", "2-D image .png,.jpg,.jpeg,.tif,.tiff", "DICOM "}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("formats:\n got %q\nwant %q", got, want)
	}
	if s := datasets.ImageSuffixes(); s != ".mha, .mhd, .nii, .nii.gz, .nrrd, .nhdr, .npz, .png, .jpg, .jpeg, .tif or .tiff" {
		t.Errorf("ImageSuffixes = %q", s)
	}
	if s := datasets.LabelSuffixes(); s != ".mha, .mhd, .nii, .nii.gz, .nrrd, .nhdr, .npz, .png, .jpg, .jpeg, .tif or .tiff" {
		t.Errorf("LabelSuffixes = %q", s)
	}
}

func TestFormatOfTakesTheLongestSuffixInAnyCase(t *testing.T) {
	cases := []struct{ name, want string }{
		{"ct.nii.gz", "NIfTI"},
		{"CT.NII.GZ", "NIfTI"},
		{"ct.nii", "NIfTI"},
		{"dir.nii/seg.nrrd", "NRRD"},
		{"ct.MHA", "MetaImage"},
		{"ct.mhd", "MetaImage"},
		{"ct.zraw", ""}, // a .mhd's data file is not an image of its own
		{"scan.TIFF", "2-D image"},
		{"case.npz", "MedSAM npz"},
		{"notes.gz", ""},
		{"scan.bmp", ""}, // eval's list once named .bmp, which nothing decoded
		{"IM0001", ""},
	}
	for _, c := range cases {
		f, ok := datasets.FormatOf(c.name)
		if got := f.Name; got != c.want || ok != (c.want != "") {
			t.Errorf("FormatOf(%q) = %q %v, want %q", c.name, got, ok, c.want)
		}
	}
}

func TestSniffFormatReadsMagicOfRegularFilesOnly(t *testing.T) {
	dir := t.TempDir()
	dcm := filepath.Join(dir, "IM0001")
	head := make([]byte, 132)
	copy(head[128:], "DICM")
	if err := os.WriteFile(dcm, head, 0o644); err != nil {
		t.Fatal(err)
	}
	if f, ok := datasets.SniffFormat(dcm); !ok || f.Name != "DICOM" {
		t.Errorf("SniffFormat(DICOM file) = %q %v", f.Name, ok)
	}
	short := filepath.Join(dir, "short")
	if err := os.WriteFile(short, head[:100], 0o644); err != nil {
		t.Fatal(err)
	}
	if f, ok := datasets.SniffFormat(short); ok {
		t.Errorf("SniffFormat(100 bytes) = %q", f.Name)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	if _, ok := datasets.SniffFormat(fifo); ok { // and above all, no hang
		t.Error("a named pipe sniffed as a format")
	}
}

func TestRegisterFormatRefusesIncompleteAndDuplicateFormats(t *testing.T) {
	read := func(string) (*datasets.Volume, *datasets.LabelMap, error) { return nil, nil, nil }
	head := func(string) (datasets.Header, error) { return datasets.Header{}, nil }
	cases := []struct {
		name string
		f    datasets.Format
		want string
	}{
		{"no name", datasets.Format{Kind: datasets.KindVolume, Suffixes: []string{".x1"}, ReadImage: read, ReadHeader: head}, "needs a name"},
		{"no suffix", datasets.Format{Name: "x2", Kind: datasets.KindVolume, ReadImage: read, ReadHeader: head}, "suffixes or magic"},
		{"no kind", datasets.Format{Name: "x3", Suffixes: []string{".x3"}, ReadImage: read, ReadHeader: head}, "unknown kind"},
		{"no reader", datasets.Format{Name: "x4", Kind: datasets.KindVolume, Suffixes: []string{".x4"}}, "needs ReadImage and ReadHeader"},
		{"bundle without HasLabels", datasets.Format{Name: "x5", Kind: datasets.KindBundle, Suffixes: []string{".x5"}, ReadImage: read, ReadHeader: head}, "HasLabels"},
		{"upper-case suffix", datasets.Format{Name: "x6", Kind: datasets.KindVolume, Suffixes: []string{".X6"}, ReadImage: read, ReadHeader: head}, "lower case"},
		{"taken name", datasets.Format{Name: "NIfTI", Kind: datasets.KindVolume, Suffixes: []string{".x7"}, ReadImage: read, ReadHeader: head}, "registered twice"},
		{"taken suffix", datasets.Format{Name: "x8", Kind: datasets.KindVolume, Suffixes: []string{".nrrd"}, ReadImage: read, ReadHeader: head}, "already NRRD's"},
	}
	before := len(datasets.Formats())
	for _, c := range cases {
		func() {
			defer func() {
				r := recover()
				if msg, _ := r.(string); !strings.Contains(msg, c.want) {
					t.Errorf("%s: panic %v, want one saying %q", c.name, r, c.want)
				}
			}()
			datasets.RegisterFormat(c.f)
		}()
	}
	if n := len(datasets.Formats()); n != before {
		t.Errorf("a refused format was registered: %d formats, %d before", n, before)
	}
}

// TestEveryDispatcherNamesTheSameFormats: discovery, case loading and
// label reading refuse an unknown file with the registry's one list.
func TestEveryDispatcherNamesTheSameFormats(t *testing.T) {
	dir := t.TempDir()
	bmp := filepath.Join(dir, "scan.bmp")
	if err := os.WriteFile(bmp, []byte("BM"), 0o644); err != nil {
		t.Fatal(err)
	}
	list := datasets.ImageSuffixes()
	_, err := datasets.Open(bmp)
	if err == nil || !strings.Contains(err.Error(), "unsupported file type; expected "+list) {
		t.Errorf("Open: %v", err)
	}
	if _, _, err := datasets.ReadImage(bmp); err == nil || !strings.Contains(err.Error(), "unsupported image type; expected "+list) {
		t.Errorf("ReadImage: %v", err)
	}
	if _, err := datasets.ReadLabels(bmp, nil, datasets.LabelOptions{}); err == nil || !strings.Contains(err.Error(), "unsupported label type; expected "+datasets.LabelSuffixes()) {
		t.Errorf("ReadLabels: %v", err)
	}
}
