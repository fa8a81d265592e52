package tui

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/segtui/segtui/datasets"
)

// openDataset fills the browser from a dataset path; cases load on demand.
func openDataset(cfg *Config, opts Options) error {
	ds, err := datasets.OpenWithLabels(opts.Path, opts.Labels)
	if err != nil {
		return err
	}
	if ds, err = ds.Split(opts.Split); err != nil {
		return err
	}
	ds.Bands = opts.Bands
	if opts.Classes != "" {
		t, err := datasets.LoadClassTable(opts.Classes)
		if err != nil {
			return fmt.Errorf("--classes: %w", err)
		}
		ds.UseClassTable(t)
	}
	if abs, err := filepath.Abs(ds.Root); err == nil {
		cfg.Root = abs
	} else {
		cfg.Root = ds.Root
	}
	cfg.Classes, cfg.MaskKind, cfg.Warnings = ds.Classes, ds.MaskKind, ds.Warnings
	for _, c := range ds.Cases {
		in := append([]string{c.ImagePath, c.LabelPath}, c.MaskPaths...)
		cfg.Cases = append(cfg.Cases, CaseEntry{ID: c.ID, Inputs: in})
	}
	cfg.Load = func(ctx context.Context, i int) (*datasets.Volume, *datasets.LabelMap, error) {
		return ds.Load(ds.Cases[i])
	}
	return nil
}
