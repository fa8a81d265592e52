package images2d

import (
	"image/color"
	"os"

	"github.com/segtui/segtui/datasets"
)

// ReadHeader reads a 2-D image's size and pixel type from its header
// (image.DecodeConfig). A colour file whose pixels all turn out grey
// reads as grey in full, so its header says RGB24 where Read says Uint8.
func ReadHeader(path string) (datasets.Header, error) {
	f, err := os.Open(path)
	if err != nil {
		return datasets.Header{}, err
	}
	defer f.Close()
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
