package dicom

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
)

// Exam folders often hold a compressed object beside an uncompressed
// series (a JPEG dose report, a deflated structure set): it is skipped
// with a warning naming it, and the series still opens.
func TestOpenDICOMFolderSkipsCompressedObjects(t *testing.T) {
	dir := t.TempDir()
	for k := 0; k < 2; k++ {
		writeDICOM(t, filepath.Join(dir, "CT000"+string(rune('1'+k))), ctSpec(uidExplicitLE, 2, 3, float64(k)))
	}
	report := ctSpec("1.2.840.10008.1.2.4.50", 2, 2, 0)
	report.seriesUID, report.desc = "1.2.3.99", "Dose Report"
	reportPath := filepath.Join(dir, "DOSE0001")
	writeDICOM(t, reportPath, report)

	ds, err := datasets.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Layout != datasets.LayoutDICOM || len(ds.Cases) != 1 {
		t.Fatalf("layout %s, cases %+v; want the CT series alone", ds.Layout, ds.Cases)
	}
	if len(ds.Warnings) != 1 || !strings.Contains(ds.Warnings[0], reportPath) || !strings.Contains(ds.Warnings[0], "JPEG Baseline") ||
		!strings.Contains(ds.Warnings[0], "skipped") {
		t.Errorf("warnings %q; want one naming %s, its syntax and that it was skipped", ds.Warnings, reportPath)
	}
	img, _, err := ds.Load(ds.Cases[0])
	if err != nil || img.Dim != [3]int{3, 2, 2} {
		t.Fatalf("load: %v, dim %v", err, img)
	}
}
