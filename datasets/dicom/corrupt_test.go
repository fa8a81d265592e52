package dicom

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
)

// One corrupt file (truncated in its pixels, or before them) is skipped
// with a warning naming it, as the README promises, and the rest of the
// real series opens; it used to refuse the whole series.
func TestCorruptDICOMFileSkipped(t *testing.T) {
	src := filepath.Join("..", "..", "..", "shared", "realdata", "dcmqi-ct3")
	if _, err := os.Stat(src); err != nil {
		t.Skipf("real data not present (%v); CI has ../shared/realdata", err)
	}
	for name, size := range map[string]int64{"pixels cut": 300000, "header only": 2000} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "ct")
			os.MkdirAll(dir, 0o755)
			for _, f := range []string{"01.dcm", "02.dcm", "03.dcm"} {
				b, err := os.ReadFile(filepath.Join(src, f))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Truncate(filepath.Join(dir, "03.dcm"), size); err != nil {
				t.Fatal(err)
			}
			ds, err := datasets.Open(dir)
			if err != nil {
				t.Fatalf("one corrupt file refused the series: %v", err)
			}
			if w := strings.Join(ds.Warnings, "\n"); !strings.Contains(w, "03.dcm") || !strings.Contains(w, "skipped") {
				t.Errorf("no warning names the skipped file: %q", w)
			}
			img, _, err := ds.Load(ds.Cases[0])
			if err != nil {
				t.Fatal(err)
			}
			if img.Dim != [3]int{512, 512, 2} {
				t.Errorf("series read as %s, want the 2 whole slices", img.ShapeString())
			}
		})
	}
}
