package onnx

import (
	"math"
	"testing"

	"github.com/segtui/segtui/engine"
)

func TestFrameFollowsReferenceResize(t *testing.T) {
	for _, c := range []struct {
		w, h   int
		aspect engine.Aspect
		nw, nh int
	}{
		{512, 317, engine.AspectKeep, 1024, 634}, // int(317*2+0.5)
		{317, 512, engine.AspectKeep, 634, 1024},
		{1000, 333, engine.AspectKeep, 1024, 341}, // int(333*1.024+0.5) = 341
		{512, 317, engine.AspectStretch, 1024, 1024},
	} {
		f := newFrame(c.w, c.h, 1024, c.aspect)
		if f.NW != c.nw || f.NH != c.nh {
			t.Errorf("%dx%d %s: resized to %dx%d, want %dx%d", c.w, c.h, c.aspect, f.NW, f.NH, c.nw, c.nh)
		}
	}
	x, y := newFrame(512, 317, 1024, engine.AspectKeep).toModel(100, 80)
	if x != 200 || math.Abs(float64(y)-80*634.0/317) > 1e-4 {
		t.Errorf("toModel(100, 80) = %g, %g", x, y)
	}
}

func TestTo8bitWindows(t *testing.T) {
	ct := &engine.Image{Width: 4, Height: 1, Grey: []float32{-1000, -160, 40, 1000}, CT: true}
	got := to8bit(ct, nil) // default level 40 width 400
	want := []uint8{0, 0, 127, 255}
	for i := range want {
		if got[3*i] != want[i] || got[3*i+1] != want[i] || got[3*i+2] != want[i] {
			t.Errorf("CT default window: pixel %d = %v, want %d x3", i, got[3*i:3*i+3], want[i])
		}
	}
	ct.Window = &engine.Window{Level: 0, Width: 2000} // the user's window...
	if g := to8bit(ct, nil); g[3*2] != 132 {
		t.Errorf("user window: 40 HU -> %d, want 132", g[3*2])
	}
	if g := to8bit(ct, &engine.Window{Level: 40, Width: 400}); g[3*2] != 127 { // ...unless the model fixes one
		t.Errorf("model window: 40 HU -> %d, want 127", g[3*2])
	}
	mr := &engine.Image{Width: 3, Height: 1, Grey: []float32{10, 20, 30}}
	if g := to8bit(mr, &engine.Window{Level: 40, Width: 400}); g[0] != 0 || g[3] != 127 || g[6] != 255 {
		t.Errorf("non-CT min-max: %v", g)
	}
	rgb := &engine.Image{Width: 1, Height: 1, RGB: []uint8{1, 2, 3}}
	if g := to8bit(rgb, nil); g[0] != 1 || g[1] != 2 || g[2] != 3 {
		t.Errorf("RGB passes through: %v", g)
	}
}

func TestFillCHWMinMaxAndPadding(t *testing.T) {
	f := frame{W: 2, H: 1, S: 4, NW: 2, NH: 1}
	rgb := []float32{10, 10, 10, 30, 30, 30}
	dst := make([]float32, 3*16)
	for i := range dst {
		dst[i] = 99 // stale values from a previous slice must go
	}
	fillCHW(dst, rgb, f, engine.NormMinMax)
	for c := 0; c < 3; c++ {
		p := dst[c*16 : (c+1)*16]
		if p[0] != 0 || p[1] != 1 {
			t.Errorf("channel %d: %v, want 0, 1 then padding", c, p[:2])
		}
		for i := 2; i < 16; i++ {
			if p[i] != 0 {
				t.Fatalf("channel %d index %d = %g, want zero padding", c, i, p[i])
			}
		}
	}
}

func TestResampleToImageUndoesResizeAndPadding(t *testing.T) {
	// A 512x317 image kept in a 1024 frame: low-res 256 covers 4 model
	// pixels per cell, so image pixel x covers low-res column x/2.
	f := newFrame(512, 317, 1024, engine.AspectKeep)
	lr := make([]float32, 256*256)
	for v := 0; v < 256; v++ {
		for u := 0; u < 256; u++ {
			lr[v*256+u] = float32(u) // a ramp along x
		}
	}
	out := resampleToImage(lr, 1, 256, 256, f)
	for _, x := range []int{10, 100, 400} {
		want := (float64(x)+0.5)*0.5 - 0.5
		if got := out[100*512+x]; math.Abs(float64(got)-want) > 1e-4 {
			t.Errorf("x=%d: %g, want %g", x, got, want)
		}
	}
}
