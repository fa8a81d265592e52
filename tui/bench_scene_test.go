package tui

import (
	"context"
	"os"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/images2d"
	"github.com/segtui/segtui/keymap"
)

// Pan and zoom frame times on a large remote-sensing scene (issue 16):
// SEGTUI_BENCH_SCENE names a 2-D image (scripts/bench-large.sh writes
// GID's 7200x6800 with scripts/gen_gid_scene.py); the phantom's 256x256
// slice is the peer measured in the same run, so the ratio says what a
// scene costs a frame beyond a small image:
//
//	SEGTUI_BENCH_SCENE=/tmp/scene.tif go test ./tui -run '^$' -bench 'Scene' -benchtime 5x

// openScene opens the scene (or, with peer, the phantom) at 4x zoom.
func openScene(b *testing.B, peer bool) *Model {
	path := os.Getenv("SEGTUI_BENCH_SCENE")
	if path == "" {
		b.Skip("SEGTUI_BENCH_SCENE names the scene (scripts/bench-large.sh sets it)")
	}
	var img *datasets.Volume
	if peer {
		img, _ = testPhantom()
	} else {
		var err error
		if img, err = images2d.Read(path); err != nil {
			b.Fatal(err)
		}
	}
	cfg := Config{
		Root: "bench-scene", Cases: []CaseEntry{{ID: "scene"}}, Classes: datasets.GIDClasses(),
		Load:    func(context.Context, int) (*datasets.Volume, *datasets.LabelMap, error) { return img, nil, nil },
		Engines: []EngineEntry{builtinEntry}, Graphics: GraphicsSixel, OutDir: b.TempDir(), Keys: keymap.Default(),
	}
	m := New(context.Background(), cfg, asciiRenderer())
	b.Cleanup(m.Close)
	drive(m, sizeMsg(160, 48))
	drive(m, runCmd(m.Init())...)
	if m.sess == nil {
		b.Fatalf("scene did not open: %s", m.msg)
	}
	return m
}

// benchPan times a cursor step of 8 pixels that pans the 4x view, to the
// rendered frame, walking right and back.
func benchPan(b *testing.B, peer bool) {
	m := openScene(b, peer)
	for m.pane.Zoom().Factor() < 4 {
		press(m, "+")
	}
	key, steps := "L", 0
	for b.Loop() {
		if steps++; steps%20 == 0 {
			key = map[string]string{"L": "H", "H": "L"}[key]
		}
		driveRendered(m, keyMsg(key))
	}
	if m.frame.err != nil {
		b.Fatal(m.frame.err)
	}
}

// benchZoom times zooming in one level and out again, each to its frame.
func benchZoom(b *testing.B, peer bool) {
	m := openScene(b, peer)
	for b.Loop() {
		driveRendered(m, keyMsg("+"))
		driveRendered(m, keyMsg("-"))
	}
	if m.frame.err != nil {
		b.Fatal(m.frame.err)
	}
}

func BenchmarkScenePan(b *testing.B)       { benchPan(b, false) }
func BenchmarkScenePanPeer(b *testing.B)   { benchPan(b, true) }
func BenchmarkSceneZoomInOut(b *testing.B) { benchZoom(b, false) }
func BenchmarkSceneZoomPeer(b *testing.B)  { benchZoom(b, true) }
