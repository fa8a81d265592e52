package main

import (
	"flag"
	"fmt"

	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/eval"
	"github.com/segtui/segtui/engine/tile"
)

// tileFlags are eval's tiling flags for large 2-D images (issue 16).
type tileFlags struct {
	mode          *string
	size, overlap *int
}

func addTileFlags(fs *flag.FlagSet) tileFlags {
	return tileFlags{
		mode:    fs.String("tile", "auto", "2-D images larger than a tile: auto (tiles at native resolution, prompts per tile, masks stitched) or off (the whole image through the model's input, as before)"),
		size:    fs.Int("tile-size", 0, "tile side in pixels (default: the manifest's tile, else the model's input size, 1024 for builtin)"),
		overlap: fs.Int("tile-overlap", -1, "pixels neighbouring tiles share (default: the manifest's, else an eighth of the tile)"),
	}
}

// check validates the flags on their own.
func (f tileFlags) check() error {
	if *f.mode != "auto" && *f.mode != "off" {
		return fmt.Errorf("--tile %q: expected auto or off", *f.mode)
	}
	if *f.size != 0 {
		s := tile.Spec{Size: *f.size, Overlap: max(*f.overlap, 0)}
		if err := s.Check(); err != nil {
			return fmt.Errorf("--tile-size/--tile-overlap: %w", err)
		}
	}
	if *f.overlap < -1 {
		return fmt.Errorf("--tile-overlap %d: expected 0 or more pixels", *f.overlap)
	}
	return nil
}

// apply sets each variant's tiling: off with --tile off; else the flags,
// then the manifest's tile, then the model's input size (1024 for engines
// without one), with an eighth of the size as overlap unless given.
func (f tileFlags) apply(vs []eval.Variant, manifest map[string]*engine.TileSize) error {
	for i := range vs {
		if *f.mode == "off" {
			vs[i].Tile = tile.Spec{}
			continue
		}
		size := 0
		if s, ok := vs[i].Engine.(engine.InputSizer); ok {
			size = s.InputSize()
		}
		spec := tile.Default(size)
		if m := manifest[vs[i].Name]; m != nil {
			spec = tile.Spec{Size: m.Size, Overlap: m.Overlap}
		}
		if *f.size > 0 {
			spec = tile.Spec{Size: *f.size, Overlap: *f.size / 8}
		}
		if *f.overlap >= 0 && !spec.Off() {
			spec.Overlap = *f.overlap
		}
		if err := spec.Check(); err != nil {
			return fmt.Errorf("variant %s: %w", vs[i].Name, err)
		}
		vs[i].Tile = spec
	}
	return nil
}
