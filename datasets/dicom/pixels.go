package dicom

import (
	"fmt"
	"io"
	"os"
)

// readPixels reads the slice's pixel data into out (rows*cols values) as
// physical values: stored bits masked and sign-extended as BitsStored,
// HighBit and PixelRepresentation say, then RescaleSlope/Intercept applied.
func (s *dicomSlice) readPixels(out []float32) error {
	n := s.rows * s.cols
	if len(out) != n {
		return fmt.Errorf("%s: %d pixels for a %dx%d slice", s.path, len(out), s.cols, s.rows)
	}
	f, err := os.Open(s.path)
	if err != nil {
		return err
	}
	defer f.Close()
	raw := make([]byte, n*s.bitsAlloc/8)
	if _, err := f.ReadAt(raw, s.pixelOffset); err != nil {
		if err == io.EOF {
			err = errTruncated
		}
		return fmt.Errorf("read DICOM %s: pixel data at byte %d (%d bytes): %w", s.path, s.pixelOffset, len(raw), err)
	}
	s.decode(raw, out)
	return nil
}

func (s *dicomSlice) decode(raw []byte, out []float32) {
	shift := uint(s.highBit + 1 - s.bitsStored)
	mask := uint32(1)<<uint(s.bitsStored) - 1
	sign := uint32(1) << uint(s.bitsStored-1)
	signed := s.pixelRep == 1
	for i := range out {
		var u uint32
		if s.bitsAlloc == 16 {
			u = uint32(s.order.Uint16(raw[2*i:]))
		} else {
			u = uint32(raw[i])
		}
		u = u >> shift & mask
		x := int64(u)
		if signed && u&sign != 0 {
			x -= int64(mask) + 1
		}
		out[i] = float32(float64(x)*s.slope + s.intercept)
	}
}
