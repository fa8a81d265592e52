package images2d

import (
	"encoding/binary"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/segtui/segtui/datasets"
)

// A reader of its own for the TIFFs remote sensing ships (GID's 7200x6800
// scenes: uncompressed 8-bit strips, RGB or RGB+NIR): golang.org/x/image/tiff
// decodes into an RGBA image first and the generic path copies it twice,
// so opening a GID scene took 6-8 s and 880 MB against tifffile's 0.5-1.4 s
// and 180 MB (issue 16). This one reads each strip straight into the
// volume's RGB bytes and luma, and chooses three of four bands. Anything
// else (compression, tiles, planar, 16-bit, BigTIFF) is left to x/image/tiff.

// tiffLayout is what the fast path needs from a TIFF's first IFD.
type tiffLayout struct {
	w, h, spp    int
	rowsPerStrip int
	offsets      []int64
	counts       []int64
}

// errNotFast says the file needs the general decoder.
var errNotFast = fmt.Errorf("not an uncompressed 8-bit strip TIFF")

// maxStrips bounds the strip table a header may claim.
const maxStrips = 1 << 24

// readTIFFLayout parses the header and first IFD of a classic TIFF.
func readTIFFLayout(f io.ReaderAt, size int64) (*tiffLayout, error) {
	var head [8]byte
	if _, err := f.ReadAt(head[:], 0); err != nil {
		return nil, errNotFast
	}
	var bo binary.ByteOrder
	switch string(head[:4]) {
	case "II*\x00":
		bo = binary.LittleEndian
	case "MM\x00*":
		bo = binary.BigEndian
	default:
		return nil, errNotFast // BigTIFF or not a TIFF
	}
	ifd := int64(bo.Uint32(head[4:]))
	var nb [2]byte
	if _, err := f.ReadAt(nb[:], ifd); err != nil {
		return nil, errNotFast
	}
	n := int(bo.Uint16(nb[:]))
	ents := make([]byte, 12*n)
	if _, err := f.ReadAt(ents, ifd+2); err != nil {
		return nil, errNotFast
	}
	l := &tiffLayout{spp: 1}
	compression, planar, photometric := 1, 1, -1
	bits := []int64{8}
	for i := 0; i < n; i++ {
		e := ents[12*i : 12*i+12]
		tag, typ, count := bo.Uint16(e), bo.Uint16(e[2:]), int64(bo.Uint32(e[4:]))
		vals, err := tiffValues(f, bo, typ, count, e[8:12], size)
		if err != nil {
			return nil, err
		}
		first := int64(-1)
		if len(vals) > 0 {
			first = vals[0]
		}
		switch tag {
		case 256:
			l.w = int(first)
		case 257:
			l.h = int(first)
		case 258:
			bits = vals
		case 259:
			compression = int(first)
		case 262:
			photometric = int(first)
		case 273:
			l.offsets = vals
		case 277:
			l.spp = int(first)
		case 278:
			l.rowsPerStrip = int(first)
		case 279:
			l.counts = vals
		case 284:
			planar = int(first)
		case 317: // predictor
			if first != 1 {
				return nil, errNotFast
			}
		case 322, 323, 324, 325: // tiles
			return nil, errNotFast
		case 339: // sample format: unsigned only
			for _, v := range vals {
				if v != 1 {
					return nil, errNotFast
				}
			}
		}
	}
	for _, b := range bits {
		if b != 8 {
			return nil, errNotFast
		}
	}
	grey := l.spp == 1 && photometric == 1
	colour := (l.spp == 3 || l.spp == 4) && photometric == 2
	if compression != 1 || planar != 1 || !(grey || colour) || len(l.offsets) == 0 || len(l.offsets) != len(l.counts) {
		return nil, errNotFast
	}
	if l.w <= 0 || l.h <= 0 || int64(l.w)*int64(l.h) > datasets.MaxVoxels {
		return nil, fmt.Errorf("TIFF claims %dx%d pixels; expected a positive size of at most %d pixels", l.w, l.h, datasets.MaxVoxels)
	}
	if l.rowsPerStrip <= 0 || l.rowsPerStrip > l.h {
		l.rowsPerStrip = l.h
	}
	if want := (l.h + l.rowsPerStrip - 1) / l.rowsPerStrip; len(l.offsets) != want {
		return nil, fmt.Errorf("TIFF has %d strips, expected %d for %d rows of %d", len(l.offsets), want, l.h, l.rowsPerStrip)
	}
	return l, nil
}

// tiffValues reads an entry's SHORT or LONG values (inline or at an offset).
func tiffValues(f io.ReaderAt, bo binary.ByteOrder, typ uint16, count int64, inline []byte, size int64) ([]int64, error) {
	var width int64
	switch typ {
	case 3:
		width = 2
	case 4:
		width = 4
	default:
		return nil, nil // other types: tags the fast path does not read
	}
	if count < 0 || count > maxStrips {
		return nil, fmt.Errorf("TIFF entry claims %d values", count)
	}
	raw := inline
	if count*width > 4 {
		off := int64(bo.Uint32(inline))
		if off+count*width > size {
			return nil, fmt.Errorf("TIFF entry of %d values at offset %d runs past the file's %d bytes", count, off, size)
		}
		raw = make([]byte, count*width)
		if _, err := f.ReadAt(raw, off); err != nil {
			return nil, err
		}
	}
	out := make([]int64, count)
	for i := range out {
		if width == 2 {
			out[i] = int64(bo.Uint16(raw[2*i:]))
		} else {
			out[i] = int64(bo.Uint32(raw[4*i:]))
		}
	}
	return out, nil
}

// Luma weights as formatutil.LumaFromRGB computes them, per byte value.
var lumaR, lumaG, lumaB = lumaTable(0.299), lumaTable(0.587), lumaTable(0.114)

func lumaTable(k float64) (t [256]float64) {
	for i := range t {
		t[i] = k * float64(i)
	}
	return t
}

// readTIFFFast reads an uncompressed 8-bit strip TIFF into a volume:
// grey as its values, colour as RGB bytes (bands picks which three of the
// samples, from 0; nil is the first three) with Rec. 601 luma as Voxels,
// grey again when every pixel has R=G=B, as Read does.
func readTIFFFast(path string, bands []int) (*datasets.Volume, error) {
	f, err := datasets.OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	l, err := readTIFFLayout(f, st.Size())
	if err != nil {
		return nil, err
	}
	if bands == nil {
		bands = []int{0, 1, 2}
	}
	if l.spp == 1 {
		bands = nil
	} else {
		for _, b := range bands {
			if b < 0 || b >= l.spp {
				return nil, fmt.Errorf("%s: band %d asked for, but the image has %d bands (1 to %d)", path, b+1, l.spp, l.spp)
			}
		}
	}
	w, h := l.w, l.h
	v := &datasets.Volume{Grid: image2DGrid(w, h), Path: path, Prewindowed: true, DataType: datasets.Uint8}
	v.Voxels = make([]float32, w*h)
	if bands != nil {
		v.DataType = datasets.RGB24
		v.RGB = make([]uint8, 3*w*h)
	}
	// Strips decode on every core, each worker a run of them.
	workers := min(runtime.NumCPU(), len(l.offsets))
	errs := make([]error, workers)
	mixed := make([]bool, workers)
	var wg sync.WaitGroup
	for k := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lo, hi := k*len(l.offsets)/workers, (k+1)*len(l.offsets)/workers
			mixed[k], errs[k] = l.readStrips(f, st.Size(), v, bands, lo, hi)
		}()
	}
	wg.Wait()
	neutral := true
	for k := range workers {
		if errs[k] != nil {
			return nil, fmt.Errorf("%s: %w", path, errs[k])
		}
		neutral = neutral && !mixed[k]
	}
	if bands != nil && neutral {
		v.RGB, v.DataType = nil, datasets.Uint8
	}
	return v, nil
}

// readStrips reads strips lo..hi-1 into v; mixed says some pixel had
// R, G and B not all equal.
func (l *tiffLayout) readStrips(f io.ReaderAt, size int64, v *datasets.Volume, bands []int, lo, hi int) (mixed bool, err error) {
	w, h, spp := l.w, l.h, l.spp
	rowBytes := w * spp
	buf := make([]byte, rowBytes*l.rowsPerStrip)
	for s := lo; s < hi; s++ {
		off := l.offsets[s]
		y0 := s * l.rowsPerStrip
		rows := min(l.rowsPerStrip, h-y0)
		need := int64(rows * rowBytes)
		if l.counts[s] < need || off < 0 || off+need > size {
			return false, fmt.Errorf("strip %d holds %d bytes at offset %d, expected %d within the file's %d bytes", s, l.counts[s], off, need, size)
		}
		b := buf[:need]
		if _, err := f.ReadAt(b, off); err != nil {
			return false, fmt.Errorf("strip %d: %w", s, err)
		}
		base := y0 * w
		if bands == nil {
			for i, g := range b {
				v.Voxels[base+i] = float32(g)
			}
			continue
		}
		rgb := v.RGB[3*base : 3*(base+rows*w)]
		luma := v.Voxels[base : base+rows*w]
		b0, b1, b2 := bands[0], bands[1], bands[2]
		for i := range luma {
			p := b[i*spp : i*spp+spp]
			r, g, bl := p[b0], p[b1], p[b2]
			rgb[3*i], rgb[3*i+1], rgb[3*i+2] = r, g, bl
			if r != g || g != bl {
				mixed = true
			}
			luma[i] = float32(lumaR[r] + lumaG[g] + lumaB[bl])
		}
	}
	return mixed, nil
}
