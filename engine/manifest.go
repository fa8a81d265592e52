package engine

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/segtui/segtui/datasets"
	"gopkg.in/yaml.v3"
)

// Manifest lists the model variants a user can pick.
//
//	variants:
//	  - name: medsam-vit-b
//	    family: medsam            # sam | sam2 | medsam | semantic
//	    encoder: medsam_encoder.onnx   # relative to this file
//	    decoder: medsam_decoder.onnx   # not for semantic
//	    preprocess:               # optional overrides of the family defaults
//	      input_size: 1024
//	      aspect: stretch         # keep | stretch
//	      normalize: minmax       # sam | sam2 | minmax | none
//	      resize: skimage         # pil | skimage | zoom | bilinear
//	      window: {level: 40, width: 400}   # CT window to 0..255
//	    multimask: auto           # auto | single | best (mask choice; default: the caller's)
//	    activation: argmax        # semantic only: argmax | sigmoid
//	    classes: [{id: 1, name: liver}]   # semantic only, in channel order
type Manifest struct {
	Path     string    `yaml:"-"`
	Variants []Variant `yaml:"variants"`
}

// Variant is one model in a manifest. Encoder and Decoder are resolved to
// absolute paths by LoadManifest.
type Variant struct {
	Name       string         `yaml:"name"`
	Family     Family         `yaml:"family"`
	Encoder    string         `yaml:"encoder"`
	Decoder    string         `yaml:"decoder"`
	Preprocess PreprocessSpec `yaml:"preprocess"`
	Activation Activation     `yaml:"activation"`
	Classes    []ClassRef     `yaml:"classes"`
	// Multimask fixes the mask-choice rule for this variant (auto, single,
	// best); empty leaves it to the caller (segtui eval --multimask).
	Multimask Multimask `yaml:"multimask"`
	// Tile is how segtui eval and the TUI's auto-prompt split 2-D images
	// larger than a tile (default: tiles of the input size overlapping by
	// an eighth; engine/tile).
	Tile *TileSize `yaml:"tile"`
}

// TileSize is a manifest's tiling: tiles of Size pixels overlapping by
// Overlap; Size 0 turns tiling off for the variant.
type TileSize struct {
	Size    int `yaml:"size"`
	Overlap int `yaml:"overlap"`
}

// PreprocessSpec holds a manifest's overrides; zero values take the family's
// defaults (see Variant.Preprocessing).
type PreprocessSpec struct {
	InputSize int           `yaml:"input_size"`
	Aspect    Aspect        `yaml:"aspect"`
	Normalize Normalization `yaml:"normalize"`
	Window    *Window       `yaml:"window"`
	Resize    Resize        `yaml:"resize"`
}

// Aspect is how an image is fitted into the square model input.
type Aspect string

const (
	AspectKeep    Aspect = "keep"    // longest side to the input size, zero-pad bottom/right (SAM)
	AspectStretch Aspect = "stretch" // resize straight to the input size (SAM 2, MedSAM)
)

// Normalization is applied to the 0..255 RGB input after resizing.
type Normalization string

const (
	NormSAM    Normalization = "sam"    // (v - mean) / std, SAM's 0..255 statistics
	NormSAM2   Normalization = "sam2"   // v/255 then ImageNet mean/std
	NormMinMax Normalization = "minmax" // (v - min) / (max - min) over the image (MedSAM)
	NormNone   Normalization = "none"   // raw 0..255
)

// Resize is how an image is resampled into the model's input, named after
// the reference code each one reproduces.
type Resize string

const (
	ResizePIL      Resize = "pil"      // Pillow's bilinear, 8-bit (SamPredictor)
	ResizeSkimage  Resize = "skimage"  // scikit-image's anti-aliased cubic, 8-bit (MedSAM_Inference.py)
	ResizeZoom     Resize = "zoom"     // scipy.ndimage.zoom cubic in, labels back by nearest (SAMed's test_single_volume); semantic only
	ResizeBilinear Resize = "bilinear" // half-pixel bilinear on floats
)

// Activation turns semantic logits into labels.
type Activation string

const (
	ActivationArgmax  Activation = "argmax"
	ActivationSigmoid Activation = "sigmoid"
)

// maxManifestBytes bounds what LoadManifest reads: a manifest is a short list.
const maxManifestBytes = 1 << 20

// LoadManifest reads and validates a manifest; model paths become absolute
// (relative ones are taken from the manifest's folder). It does not open the
// model files: see CheckVariant for that.
func LoadManifest(path string) (*Manifest, error) {
	f, err := datasets.OpenRegular(path)
	if err != nil {
		return nil, fmt.Errorf("model manifest: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxManifestBytes+1))
	if err != nil {
		return nil, fmt.Errorf("model manifest %s: %w", path, err)
	}
	if len(data) > maxManifestBytes {
		return nil, fmt.Errorf("model manifest %s is larger than %d bytes; expected a short YAML list of variants", path, maxManifestBytes)
	}
	var m Manifest
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("model manifest %s is empty; expected a 'variants:' list", path)
		}
		return nil, fmt.Errorf("model manifest %s: %w", path, err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("model manifest %s: %w", path, err)
	}
	m.Path = abs
	if len(m.Variants) == 0 {
		return nil, fmt.Errorf("model manifest %s lists no variants; expected a 'variants:' list", path)
	}
	dir := filepath.Dir(abs)
	seen := map[string]bool{}
	for i := range m.Variants {
		v := &m.Variants[i]
		if err := v.validate(); err != nil {
			return nil, fmt.Errorf("model manifest %s, variant %d (%q): %w", path, i+1, v.Name, err)
		}
		if seen[v.Name] {
			return nil, fmt.Errorf("model manifest %s: variant name %q is used twice", path, v.Name)
		}
		seen[v.Name] = true
		v.Encoder = resolve(dir, v.Encoder)
		v.Decoder = resolve(dir, v.Decoder)
	}
	return &m, nil
}

func resolve(dir, p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

// Variant returns the named variant, or an error listing the names there are.
func (m *Manifest) Variant(name string) (Variant, error) {
	names := make([]string, 0, len(m.Variants))
	for _, v := range m.Variants {
		if v.Name == name {
			return v, nil
		}
		names = append(names, v.Name)
	}
	return Variant{}, fmt.Errorf("model manifest %s has no variant %q; it has %s", m.Path, name, strings.Join(names, ", "))
}

func (v *Variant) validate() error {
	if strings.TrimSpace(v.Name) == "" {
		return errors.New("name is empty")
	}
	switch v.Family {
	case FamilySAM, FamilySAM2, FamilyMedSAM:
		if v.Decoder == "" {
			return fmt.Errorf("family %s needs a decoder path", v.Family)
		}
		if v.Activation != "" || len(v.Classes) > 0 {
			return fmt.Errorf("activation and classes are for semantic models, not family %s", v.Family)
		}
	case FamilySemantic:
		if v.Multimask != "" {
			return errors.New("multimask is for promptable models, not semantic ones")
		}
		if v.Decoder != "" {
			return errors.New("semantic models are one graph: give encoder only, no decoder")
		}
		if len(v.Classes) == 0 {
			return errors.New("semantic models need their classes listed in channel order")
		}
		switch v.Activation {
		case "":
			v.Activation = ActivationArgmax
		case ActivationArgmax, ActivationSigmoid:
		default:
			return fmt.Errorf("activation %q, expected argmax or sigmoid", v.Activation)
		}
		for _, c := range v.Classes {
			if c.ID == 0 {
				return fmt.Errorf("class %q has id 0, which is background", c.Name)
			}
		}
	case "":
		return errors.New("family is missing; expected sam, sam2, medsam or semantic")
	default:
		return fmt.Errorf("family %q, expected sam, sam2, medsam or semantic", v.Family)
	}
	if v.Encoder == "" {
		return errors.New("encoder path is missing")
	}
	if v.Multimask != "" {
		if _, err := ParseMultimask(string(v.Multimask)); err != nil {
			return err
		}
	}
	if t := v.Tile; t != nil && t.Size != 0 && (t.Size < 16 || t.Size > 16384 || t.Overlap < 0 || 2*t.Overlap >= t.Size) {
		return fmt.Errorf("tile {size: %d, overlap: %d}, expected a size of 16 to 16384 pixels (0: no tiling) and an overlap under half of it", t.Size, t.Overlap)
	}
	p := v.Preprocess
	if p.InputSize < 0 || p.InputSize > 4096 {
		return fmt.Errorf("input_size %d, expected 1..4096", p.InputSize)
	}
	switch p.Aspect {
	case "", AspectKeep, AspectStretch:
	default:
		return fmt.Errorf("aspect %q, expected keep or stretch", p.Aspect)
	}
	switch p.Normalize {
	case "", NormSAM, NormSAM2, NormMinMax, NormNone:
	default:
		return fmt.Errorf("normalize %q, expected sam, sam2, minmax or none", p.Normalize)
	}
	switch p.Resize {
	case "", ResizePIL, ResizeSkimage, ResizeBilinear:
	case ResizeZoom:
		if v.Family != FamilySemantic {
			return fmt.Errorf("resize zoom (SAMed's labels-back-by-nearest protocol) is for semantic models, not family %s", v.Family)
		}
	default:
		return fmt.Errorf("resize %q, expected pil, skimage, zoom or bilinear", p.Resize)
	}
	if p.Window != nil && p.Window.Width <= 0 {
		return fmt.Errorf("window width %g, expected a positive width", p.Window.Width)
	}
	return nil
}

// Preprocessing is a variant's effective preprocessing: the family's defaults
// (../shared/notes/models.md) with the manifest's overrides applied.
// InputSize 0 means "take it from the model's input shape".
func (v Variant) Preprocessing() PreprocessSpec {
	p := PreprocessSpec{InputSize: 1024}
	switch v.Family {
	case FamilySAM:
		p.Aspect, p.Normalize, p.Resize = AspectKeep, NormSAM, ResizePIL
	case FamilySAM2:
		p.Aspect, p.Normalize, p.Resize = AspectStretch, NormSAM2, ResizeBilinear
	case FamilyMedSAM:
		p.Aspect, p.Normalize, p.Resize = AspectStretch, NormMinMax, ResizeSkimage
		p.Window = &Window{Level: 40, Width: 400}
	case FamilySemantic:
		p.InputSize, p.Aspect, p.Normalize, p.Resize = 0, AspectStretch, NormMinMax, ResizeBilinear
	}
	o := v.Preprocess
	if o.InputSize != 0 {
		p.InputSize = o.InputSize
	}
	if o.Aspect != "" {
		p.Aspect = o.Aspect
	}
	if o.Normalize != "" {
		p.Normalize = o.Normalize
	}
	if o.Window != nil {
		w := *o.Window
		p.Window = &w
	}
	if o.Resize != "" {
		p.Resize = o.Resize
	}
	return p
}
