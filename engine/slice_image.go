package engine

import "github.com/segtui/segtui/datasets"

// SliceImage is slice n of plane p as the engines take it. ct says the
// volume is in Hounsfield units (Volume.LooksCT, computed once per case);
// win is the user's display window, nil for auto.
func SliceImage(vol *datasets.Volume, p datasets.Plane, n int, ct bool, win *Window) *Image {
	grey, view := vol.Slice(p, n)
	return &Image{
		Width: view.Width, Height: view.Height, Grey: grey, RGB: vol.SliceRGB(p, n),
		CT: ct, PixelSpacing: view.PixelSpacing, Window: win, Prewindowed: vol.Prewindowed,
	}
}
