package tui

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/metaimage"
	"github.com/segtui/segtui/datasets/phantom"
)

// An image that came as MetaImage gets its labels saved as MetaImage
// (.mha) on its grid, so ITK-based tools read them as they read the image.
func TestMetaImageSavesMetaImage(t *testing.T) {
	img, _ := phantom.New(phantom.DefaultSeed)
	src := filepath.Join(t.TempDir(), "abdomen.mhd")
	if err := metaimage.Write(src, img); err != nil {
		t.Fatal(err)
	}
	cfg := phantomConfig(t, GraphicsBlocks)
	cfg.Cases, cfg.Load = nil, nil
	if err := openDataset(&cfg, Options{Path: src}); err != nil {
		t.Fatal(err)
	}
	m := newTestModelCfg(t, cfg)
	if m.sess == nil {
		t.Fatalf("case did not open: %s", m.msg)
	}
	press(m, "b", "H", "H", "H", "K", "K", "K", "b", "enter", "s")
	if !strings.Contains(m.msg, "saved") || !strings.Contains(m.msg, "abdomen_labels.mha") {
		t.Fatalf("save message %q: want abdomen_labels.mha", m.msg)
	}
	lab, err := metaimage.ReadLabels(filepath.Join(cfg.OutDir, "abdomen_labels.mha"))
	if err != nil {
		t.Fatal(err)
	}
	if err := datasets.CheckGrid(m.sess.Image, lab); err != nil {
		t.Errorf("saved labels are not on the image's grid: %v", err)
	}
	if n := lab.Len() - lab.Counts()[0]; n == 0 {
		t.Error("the saved labels are empty; the box should have labelled voxels")
	}
}
