package render

import "testing"

func TestSixelFitHeight(t *testing.T) {
	for maxH := 0; maxH < 2000; maxH++ {
		h := SixelFitHeight(maxH)
		if band := (h + SixelBand - 1) / SixelBand * SixelBand; band > maxH || maxH-h >= SixelBand {
			t.Fatalf("SixelFitHeight(%d) = %d: draws %d rows", maxH, h, band)
		}
	}
}
