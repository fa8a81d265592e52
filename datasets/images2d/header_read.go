package images2d

import (
	"errors"
	"fmt"
	"image/color"

	"github.com/segtui/segtui/datasets"
)

// ReadHeader reads a 2-D image's size and pixel type from its header
// (image.DecodeConfig). A colour file whose pixels all turn out grey
// reads as grey in full, so its header says RGB24 where Read says Uint8.
func ReadHeader(path string) (datasets.Header, error) {
	f, err := datasets.OpenRegular(path)
	if err != nil {
		return datasets.Header{}, err
	}
	defer f.Close()
	if isTIFFName(path) {
		if st, err := f.Stat(); err == nil {
			if l, err := readTIFFLayout(f, st.Size()); err == nil {
				h := datasets.Header{Grid: image2DGrid(l.w, l.h), DataType: datasets.RGB24}
				if l.spp == 1 {
					h.DataType = datasets.Uint8
				}
				return h, nil
			} else if !errors.Is(err, errNotFast) {
				return datasets.Header{}, fmt.Errorf("%s: %w", path, err)
			}
		}
	}
	cfg, _, err := readConfig(f, path)
	if err != nil {
		return datasets.Header{}, err
	}
	h := datasets.Header{Grid: image2DGrid(cfg.Width, cfg.Height), DataType: datasets.RGB24}
	switch cfg.ColorModel {
	case color.GrayModel:
		h.DataType = datasets.Uint8
	case color.Gray16Model:
		h.DataType = datasets.Uint16
	}
	return h, nil
}
