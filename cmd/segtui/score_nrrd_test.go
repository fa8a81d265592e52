package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/nrrd"
)

const dcmqi = "../../../shared/realdata/dcmqi-ct3/"

type scoreReport struct {
	Background struct{ Dice float64 }
	Classes    []struct {
		ID        uint16
		Dice, NSD float64
	}
}

func scoreJSON(t *testing.T, args ...string) scoreReport {
	t.Helper()
	var out, errb bytes.Buffer
	if code := score(append([]string{"--json"}, args...), &out, &errb); code != 0 {
		t.Fatalf("score %v: exit %d: %s", args, code, errb.String())
	}
	var rep scoreReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("%v in %s", err, out.String())
	}
	return rep
}

// writeShiftedNRRD writes lab moved by (3, -2, 0) voxels as a gzip,
// big-endian int16 NRRD with lab's header geometry (LPS), so the reader's
// byte swapping and the real file's grid are both exercised.
func writeShiftedNRRD(t *testing.T, lab *datasets.LabelMap) string {
	t.Helper()
	d := lab.Dim
	vals := make([]int16, lab.Len())
	for k := 0; k < d[2]; k++ {
		for j := 2; j < d[1]; j++ {
			for i := 0; i+3 < d[0]; i++ {
				vals[lab.Index(i+3, j-2, k)] = int16(lab.Labels[lab.Index(i, j, k)])
			}
		}
	}
	var b bytes.Buffer
	a := lab.Affine // RAS; the header is LPS, so x and y flip back
	fmt.Fprintf(&b, "NRRD0004\ntype: short\ndimension: 3\nspace: left-posterior-superior\nsizes: %d %d %d\n", d[0], d[1], d[2])
	fmt.Fprintf(&b, "space directions: (%v,0,0) (0,%v,0) (0,0,%v)\n", -a[0][0], -a[1][1], a[2][2])
	fmt.Fprintf(&b, "endian: big\nencoding: gzip\nspace origin: (%v,%v,%v)\n\n", -a[0][3], -a[1][3], a[2][3])
	zw := gzip.NewWriter(&b)
	binary.Write(zw, binary.BigEndian, vals)
	zw.Close()
	p := filepath.Join(t.TempDir(), "liver_shifted.nrrd")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestScoreNRRDAgreesWithReference compares segtui score on the dcmqi CT
// segmentations (gzip int16 LPS NRRD) with values computed once by
//
//	/usr/bin/python3 scripts/nsd_reference.py | grep dcmqi
//
// which reads the NRRD files with gzip + numpy.frombuffer and scores with
// scipy's exact EDT:
//
//	dcmqi liver vs liver shifted (3,-2,0) tol2: NSD 0.996458979694325 Dice 0.977786700031747
//	dcmqi score background Dice 0.990760115849532
//	dcmqi score class 1 tol5: NSD 1 Dice 1
//	dcmqi score class 2 tol3: NSD 0 Dice 0
//	dcmqi heart vs liver_spine background Dice 0.886716840973512
func TestScoreNRRDAgreesWithReference(t *testing.T) {
	if _, err := os.Stat(dcmqi); err != nil {
		t.Skipf("%s is absent (real test data lives in ../shared/realdata): %v", dcmqi, err)
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 5e-5 {
			t.Errorf("%s = %.6f, reference %.6f", what, got, want)
		}
	}
	// Label 1 (liver) is the same in both; label 2 (spine) only in the
	// prediction, so FLARE22's empty-GT rule scores it 0.
	rep := scoreJSON(t, dcmqi+"liver_seg.nrrd", dcmqi+"liver_spine_seg.nrrd")
	near("background Dice", rep.Background.Dice, 0.990760115849532)
	if len(rep.Classes) != 2 || rep.Classes[0].ID != 1 || rep.Classes[1].ID != 2 {
		t.Fatalf("classes %+v, want 1 and 2", rep.Classes)
	}
	near("class 1 Dice", rep.Classes[0].Dice, 1)
	near("class 1 NSD", rep.Classes[0].NSD, 1)
	near("class 2 Dice", rep.Classes[1].Dice, 0)
	near("class 2 NSD", rep.Classes[1].NSD, 0)

	rep = scoreJSON(t, dcmqi+"heart_seg.nrrd", dcmqi+"liver_spine_seg.nrrd")
	near("heart vs liver_spine background Dice", rep.Background.Dice, 0.886716840973512)

	liver, err := nrrd.ReadLabels(dcmqi + "liver_seg.nrrd")
	if err != nil {
		t.Fatal(err)
	}
	rep = scoreJSON(t, "--tolerance", "2", dcmqi+"liver_seg.nrrd", writeShiftedNRRD(t, liver))
	if len(rep.Classes) != 1 {
		t.Fatalf("classes %+v, want just 1", rep.Classes)
	}
	near("shifted liver Dice", rep.Classes[0].Dice, 0.977786700031747)
	near("shifted liver NSD@2mm", rep.Classes[0].NSD, 0.996458979694325)
}
