package dicom

import (
	"encoding/binary"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/dicom/codec"
	"github.com/segtui/segtui/datasets/dicom/codec/encapsulated"
)

// frameBytes is the size of one frame in the native layout.
func (s *dicomSlice) frameBytes() int { return s.rows * s.cols * s.samples * s.bitsAlloc / 8 }

// fileFrames is a file's pixel data split into frames, loaded by the first
// of its frames to be decoded and dropped after the last: compressed
// frames for an encapsulated syntax, native ones for the deflated syntax
// (which must be inflated from the start). Native files need none: each
// frame is read where it lies.
type fileFrames struct {
	once   sync.Once
	frames [][]byte
	err    error
	left   atomic.Int32 // frames still to decode
}

// load reads the pixel data of s's file as frames.
func (s *dicomSlice) load() ([][]byte, error) {
	if s.deflated {
		f, d, _, err := openDICOM(s.path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		again := &dicomSlice{path: s.path, syntax: s.syntax, deflated: true}
		d.stopAtPixels = true
		if err := d.dataSet(again); err != nil {
			return nil, err
		}
		if !again.hasPixels || again.pixelOffset != s.pixelOffset || again.pixelLength != s.pixelLength {
			return nil, fmt.Errorf("the pixel data moved since the folder was scanned (the file changed?)")
		}
		raw := make([]byte, s.frames*s.frameBytes())
		if _, err := io.ReadFull(d.r, raw); err != nil {
			return nil, fmt.Errorf("pixel data at inflated byte %d (%d bytes): %w", s.pixelOffset, len(raw), d.streamError(err))
		}
		frames := make([][]byte, s.frames)
		for k := range frames {
			frames[k] = raw[k*s.frameBytes() : (k+1)*s.frameBytes()]
		}
		return frames, nil
	}
	value, err := readAt(s.path, s.pixelOffset, s.pixelLength)
	if err != nil {
		return nil, err
	}
	pd, err := encapsulated.Parse(value)
	if err != nil {
		return nil, err
	}
	return pd.Frames(s.frames, s.extOffsets)
}

// readAt reads n bytes at off of a file.
func readAt(path string, off, n int64) ([]byte, error) {
	f, err := datasets.OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := make([]byte, n)
	if _, err := f.ReadAt(b, off); err != nil {
		if err == io.EOF {
			err = errTruncated
		}
		return nil, fmt.Errorf("pixel data at byte %d (%d bytes): %w", off, n, err)
	}
	return b, nil
}

// framePixels returns frame s.frame in the native layout, its byte order,
// and its photometric interpretation (a codec may have turned YBR into RGB).
// scratch, when it is large enough, holds a decoded frame.
func (s *dicomSlice) framePixels(src *fileFrames, scratch []byte) ([]byte, binary.ByteOrder, string, error) {
	n := s.frameBytes()
	switch {
	case src == nil:
		raw, err := readAt(s.path, s.pixelOffset+int64(s.frame)*int64(n), int64(n))
		return raw, s.order, s.photometric, err
	case s.deflated:
		return src.frames[s.frame], binary.LittleEndian, s.photometric, nil
	}
	in := codec.Info{Rows: s.rows, Cols: s.cols, Samples: s.samples, BitsAllocated: s.bitsAlloc, BitsStored: s.bitsStored,
		Signed: s.pixelRep == 1, Photometric: s.photometric}
	raw := scratch
	if len(raw) != n {
		raw = make([]byte, n)
	}
	photometric, err := codec.DecodeFrame(s.syntax, src.frames[s.frame], in, raw)
	return raw, binary.LittleEndian, photometric, err
}

// readFrames decodes every record's frame into its slice k of grey (and
// rgb, for colour), spreading files and frames over the cores. Errors name
// the file and frame; the first in slice order is returned.
func readFrames(sorted []*dicomSlice, grey []float32, rgb []uint8) error {
	per := sorted[0].rows * sorted[0].cols
	sources := map[string]*fileFrames{}
	for _, s := range sorted {
		if !s.deflated && !s.encapsulated {
			continue
		}
		src := sources[s.path]
		if src == nil {
			src = &fileFrames{}
			sources[s.path] = src
		}
		src.left.Add(1)
	}
	errs := make([]error, len(sorted))
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(sorted)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			scratch := make([]byte, sorted[0].frameBytes())
			for !failed.Load() {
				k := int(next.Add(1) - 1)
				if k >= len(sorted) {
					return
				}
				s := sorted[k]
				var rgbK []uint8
				if rgb != nil {
					rgbK = rgb[3*k*per : 3*(k+1)*per]
				}
				if errs[k] = s.readFrame(sources[s.path], scratch, grey[k*per:(k+1)*per], rgbK); errs[k] != nil {
					failed.Store(true)
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// readFrame decodes one record's frame into physical values.
func (s *dicomSlice) readFrame(src *fileFrames, scratch []byte, grey []float32, rgb []uint8) error {
	if src != nil {
		src.once.Do(func() { src.frames, src.err = s.load() })
		defer func() {
			if src.left.Add(-1) == 0 {
				src.frames = nil // the last frame of the file is done
			}
		}()
		if src.err != nil {
			return fmt.Errorf("read DICOM %s: %w", s.path, src.err)
		}
	}
	raw, order, photometric, err := s.framePixels(src, scratch)
	if err != nil {
		return fmt.Errorf("read DICOM %s: %w", s.name(), err)
	}
	if s.samples == 3 {
		if err := s.colour(raw, photometric, grey, rgb); err != nil {
			return fmt.Errorf("read DICOM %s: %w", s.name(), err)
		}
		return nil
	}
	// Codecs other than RLE return the sample values themselves, not the
	// stored words with HighBit's shift.
	shift := s.highBit + 1 - s.bitsStored
	if s.encapsulated && s.syntax != uidRLE {
		shift = 0
	}
	s.decode(raw, order, uint(shift), grey)
	return nil
}

// decode turns a native frame into physical values: stored bits masked and
// sign-extended as BitsStored and PixelRepresentation say, then
// RescaleSlope/Intercept applied. One loop per word layout keeps byte
// order and width out of the per-pixel work.
func (s *dicomSlice) decode(raw []byte, order binary.ByteOrder, shift uint, out []float32) {
	p := pixelScale{shift: shift, mask: uint32(1)<<uint(s.bitsStored) - 1, signed: s.pixelRep == 1, slope: s.slope, inter: s.intercept}
	p.sign = (p.mask >> 1) + 1
	switch {
	case s.bitsAlloc == 8:
		for i, b := range raw[:len(out)] {
			out[i] = p.physical(uint32(b))
		}
	case order == binary.BigEndian:
		raw = raw[:2*len(out)]
		for i := range out {
			out[i] = p.physical(uint32(raw[2*i])<<8 | uint32(raw[2*i+1]))
		}
	default:
		raw = raw[:2*len(out)]
		for i := range out {
			out[i] = p.physical(uint32(raw[2*i]) | uint32(raw[2*i+1])<<8)
		}
	}
}

// pixelScale maps a stored word to its physical value.
type pixelScale struct {
	shift        uint
	mask, sign   uint32
	signed       bool
	slope, inter float64
}

func (p *pixelScale) physical(u uint32) float32 {
	u = u >> p.shift & p.mask
	x := int32(u)
	if p.signed && u&p.sign != 0 {
		x -= int32(p.mask) + 1
	}
	return float32(float64(x)*p.slope + p.inter)
}

// colour stores an 8-bit three-sample frame as interleaved RGB and its
// Rec. 601 luma as the grey value.
func (s *dicomSlice) colour(raw []byte, photometric string, grey []float32, rgb []uint8) error {
	n := len(grey)
	if s.planar == 1 && !s.encapsulated {
		// Colour-by-plane: all reds, then greens, then blues (codecs
		// return interleaved samples whatever the header says).
		for i := 0; i < n; i++ {
			rgb[3*i], rgb[3*i+1], rgb[3*i+2] = raw[i], raw[n+i], raw[2*n+i]
		}
	} else {
		copy(rgb, raw[:3*n])
	}
	switch photometric {
	case "RGB":
	case "YBR_FULL":
		ybrFullToRGB(rgb)
	default:
		return fmt.Errorf("colour pixels in photometric interpretation %q; expected RGB or YBR_FULL", photometric)
	}
	for i := range grey {
		p := rgb[3*i : 3*i+3]
		grey[i] = 0.299*float32(p[0]) + 0.587*float32(p[1]) + 0.114*float32(p[2])
	}
	return nil
}

// ybrFullToRGB converts full-range YCbCr (PS3.3 C.7.6.3.1.2) in place.
func ybrFullToRGB(px []uint8) {
	clamp := func(v float64) uint8 { return uint8(max(0, min(255, v+0.5))) }
	for i := 0; i+2 < len(px); i += 3 {
		y, cb, cr := float64(px[i]), float64(px[i+1])-128, float64(px[i+2])-128
		px[i], px[i+1], px[i+2] = clamp(y+1.402*cr), clamp(y-0.344136*cb-0.714136*cr), clamp(y+1.772*cb)
	}
}
