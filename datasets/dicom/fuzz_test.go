package dicom

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// FuzzReadDICOM feeds mutated Part 10 files to the reader: it must return
// a volume or an error, never panic, hang or allocate beyond what the file
// holds. Seeds cover each uncompressed syntax, deflate, RLE, nested
// undefined-length sequences, an enhanced multi-frame image and the bit
// layouts.
func FuzzReadDICOM(f *testing.F) {
	dir := f.TempDir()
	for _, syntax := range []string{uidImplicitLE, uidExplicitLE, uidExplicitBE} {
		s := ctSpec(syntax, 2, 3, 0)
		s.pixels = []int{-1, 0, 1, 1000, -1000, 32767}
		s.extra = privateSequences
		f.Add(encodeDICOM(s))
	}
	s := ctSpec(uidExplicitLE, 2, 2, 0)
	s.bitsAlloc, s.bitsStored, s.highBit, s.pixelRep, s.photometric, s.modality = 8, 6, 6, 0, "MONOCHROME1", "MR"
	f.Add(encodeDICOM(s))
	s.pixels = []int{0, 10, 20, 30}
	f.Add(encodeDeflated(f, s))
	f.Add(encodeRLE(s))
	frames := []enhancedFrame{{ipp: [3]float64{0, 0, 1}, intercept: -1024, pixels: []byte{1, 0, 2, 0}}, {ipp: [3]float64{0, 0, 0}, intercept: -1000, pixels: []byte{3, 0, 4, 0}}}
	f.Add(encodeEnhanced(1, 2, [6]float64{1, 0, 0, 0, 1, 0}, frames, 2))
	f.Fuzz(func(t *testing.T, data []byte) {
		// One file per worker process, reused (see FuzzReadNifti).
		p := filepath.Join(dir, fmt.Sprintf("fuzz-%d.dcm", os.Getpid()))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if v, err := ReadFiles([]string{p}); err == nil {
			if len(v.Voxels) != v.Len() || v.CheckSize() != nil {
				t.Fatalf("inconsistent volume %v with %d voxels", v.Dim, len(v.Voxels))
			}
		}
	})
}
