package images2d

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // registers JPEG decoding
	_ "image/png"  // registers PNG decoding
	"io"
	"path/filepath"
	"strings"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/internal/formatutil"
	_ "golang.org/x/image/tiff" // registers TIFF decoding
)

// pixels is a decoded 2-D image: grey values, or RGB bytes for colour.
type pixels struct {
	w, h   int
	grey   []uint16 // w*h values when the image is grey (R=G=B counts as grey)
	rgb    []uint8  // 3*w*h bytes when it is colour
	bits16 bool     // grey came from a 16-bit image
}

// decodePixels reads an image file, refusing absurd sizes before decoding.
func decodePixels(path string) (*pixels, error) {
	f, err := datasets.OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	_, format, err := readConfig(f, path)
	if err != nil {
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	img, _, err := image.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot decode %s image: %w", path, format, err)
	}
	return toPixels(img), nil
}

// readConfig reads an image's header and refuses absurd sizes.
func readConfig(r io.Reader, path string) (image.Config, string, error) {
	cfg, format, err := image.DecodeConfig(r)
	if err != nil {
		return cfg, "", fmt.Errorf("%s: not a readable PNG, JPEG or TIFF image: %w", path, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > datasets.MaxVoxels {
		return cfg, "", fmt.Errorf("%s: %s image claims %dx%d pixels; expected a positive size of at most %d pixels",
			path, format, cfg.Width, cfg.Height, datasets.MaxVoxels)
	}
	return cfg, format, nil
}

func toPixels(img image.Image) *pixels {
	b := img.Bounds()
	p := &pixels{w: b.Dx(), h: b.Dy()}
	n := p.w * p.h
	switch m := img.(type) {
	case *image.Gray:
		p.grey = make([]uint16, n)
		for y := 0; y < p.h; y++ {
			row := m.Pix[y*m.Stride : y*m.Stride+p.w]
			for x, v := range row {
				p.grey[y*p.w+x] = uint16(v)
			}
		}
		return p
	case *image.Gray16:
		p.grey, p.bits16 = make([]uint16, n), true
		for y := 0; y < p.h; y++ {
			for x := 0; x < p.w; x++ {
				o := y*m.Stride + 2*x
				p.grey[y*p.w+x] = uint16(m.Pix[o])<<8 | uint16(m.Pix[o+1])
			}
		}
		return p
	}
	p.rgb = make([]uint8, 3*n)
	switch m := img.(type) {
	case *image.RGBA: // opaque in practice; alpha is ignored
		copyRGB(p, m.Pix, m.Stride, 4)
	case *image.NRGBA:
		copyRGB(p, m.Pix, m.Stride, 4)
	default:
		for y := 0; y < p.h; y++ {
			for x := 0; x < p.w; x++ {
				c := color.NRGBAModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.NRGBA)
				o := 3 * (y*p.w + x)
				p.rgb[o], p.rgb[o+1], p.rgb[o+2] = c.R, c.G, c.B
			}
		}
	}
	p.greyIfNeutral()
	return p
}

func copyRGB(p *pixels, pix []uint8, stride, step int) {
	for y := 0; y < p.h; y++ {
		row := pix[y*stride:]
		for x := 0; x < p.w; x++ {
			copy(p.rgb[3*(y*p.w+x):3*(y*p.w+x)+3], row[step*x:step*x+3])
		}
	}
}

// greyIfNeutral turns an RGB image whose pixels all have R=G=B into grey.
func (p *pixels) greyIfNeutral() {
	for i := 0; i < len(p.rgb); i += 3 {
		if p.rgb[i] != p.rgb[i+1] || p.rgb[i+1] != p.rgb[i+2] {
			return
		}
	}
	p.grey = make([]uint16, p.w*p.h)
	for i := range p.grey {
		p.grey[i] = uint16(p.rgb[3*i])
	}
	p.rgb = nil
}

// image2DGrid is a one-slice grid whose axial view shows the image as
// stored: i toward patient left, j toward posterior (diag(-1,-1,1)).
func image2DGrid(w, h int) datasets.Grid {
	return datasets.Grid{Dim: [3]int{w, h, 1}, Spacing: [3]float64{1, 1, 1}, Affine: formatutil.LPSDiagAffine([3]float64{1, 1, 1})}
}

// Read reads a PNG, JPEG or TIFF as a one-slice volume. Grey images
// (including RGB with R=G=B) have RGB nil; colour images keep RGB and get
// Rec. 601 luma as Voxels. 8-bit images are marked Prewindowed.
func Read(path string) (*datasets.Volume, error) {
	return ReadBands(path, nil)
}

// ReadBands is Read with a choice of bands for a TIFF of 3 or more
// samples per pixel (an RGB+NIR scene): the three bands (from 0) shown as
// red, green and blue; nil means the first three.
func ReadBands(path string, bands []int) (*datasets.Volume, error) {
	if isTIFFName(path) {
		v, err := readTIFFFast(path, bands)
		if !errors.Is(err, errNotFast) {
			return v, err
		}
		if bands != nil {
			return nil, fmt.Errorf("%s: a band choice needs an uncompressed 8-bit TIFF in strips; convert it (gdal_translate -co COMPRESS=NONE, or tifffile) first", path)
		}
	} else if bands != nil {
		return nil, fmt.Errorf("%s: a band choice is for TIFF images, not this file", path)
	}
	p, err := decodePixels(path)
	if err != nil {
		return nil, err
	}
	v := &datasets.Volume{Grid: image2DGrid(p.w, p.h), Path: path, Prewindowed: !p.bits16}
	switch {
	case p.rgb != nil:
		v.DataType = datasets.RGB24
		v.Voxels, v.RGB = formatutil.LumaFromRGB(p.rgb)
	default:
		v.DataType = datasets.Uint8
		if p.bits16 {
			v.DataType = datasets.Uint16
		}
		v.Voxels = make([]float32, len(p.grey))
		for i, g := range p.grey {
			v.Voxels[i] = float32(g)
		}
	}
	return v, nil
}

func isTIFFName(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".tif" || ext == ".tiff"
}
