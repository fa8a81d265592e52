package render

import (
	"image/png"
	"os"
	"testing"
)

func TestComposeLook(t *testing.T) {
	f, err := Compose(ctSpec())
	if err != nil {
		t.Fatal(err)
	}
	if out := os.Getenv("SEGTUI_RENDER_LOOK"); out != "" {
		w, _ := os.Create(out)
		png.Encode(w, f.Image)
		w.Close()
	}
	t.Logf("%dx%d, %d colours", f.Map.W, f.Map.H, len(f.Image.Palette))
}
