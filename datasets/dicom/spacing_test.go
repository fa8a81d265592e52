package dicom

import (
	"strings"
	"testing"
)

// PixelSpacing is a distance: zero would make a singular affine (and zero
// surface distances in eval), a negative one silently mirror the image.
func TestDICOMRefusesNonPositivePixelSpacing(t *testing.T) {
	for name, sp := range map[string][2]float64{"zero": {0, 0}, "negative": {-0.5, 0.75}, "zero column": {0.5, 0}} {
		t.Run(name, func(t *testing.T) {
			var specs []dcmSpec
			for k := 0; k < 2; k++ {
				s := ctSpec(uidExplicitLE, 2, 2, float64(k))
				s.spacing = sp
				specs = append(specs, s)
			}
			v, err := ReadSeries(series(t, specs...), "")
			if err == nil {
				t.Fatalf("read with PixelSpacing %v; spacing %v, affine %v", sp, v.Spacing, v.Affine)
			}
			for _, want := range []string{"ima", "PixelSpacing (0028,0030)", "expected two positive"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not mention %q", err, want)
				}
			}
		})
	}
}
