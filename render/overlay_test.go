package render

import (
	"image/color"
	"math"
	"testing"

	"github.com/segtui/segtui/datasets"
)

// squareSpec is a 40x40 uniform slice (HU 40 -> mid-grey in the abdomen
// window) with class 1 a square at 10..29 and the frame at 2x, so every
// expected pixel is easy to name.
func squareSpec() FrameSpec {
	n := 40
	grey := make([]float32, n*n)
	for i := range grey {
		grey[i] = 40
	}
	return FrameSpec{
		View: datasets.SliceView{Width: n, Height: n, PixelSpacing: [2]float64{1, 1}},
		Grey: grey, Window: presets[0], MaxW: 80, MaxH: 80,
		Classes: datasets.ClassTable{Classes: []datasets.Class{{ID: 1, Name: "liver", Color: color.RGBA{220, 40, 40, 255}}}},
	}
}

func rgbAt(f *Frame, x, y int) color.RGBA {
	r, g, b, _ := f.Image.At(x, y).RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 255}
}

func near(a, b color.RGBA, tol int) bool {
	d := func(p, q uint8) bool { return math.Abs(float64(p)-float64(q)) <= float64(tol) }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B)
}

func TestGTOutlineIsOnePixelInClassColour(t *testing.T) {
	spec := squareSpec()
	spec.GT = squareLabels()
	f, err := Compose(spec)
	if err != nil {
		t.Fatal(err)
	}
	liver := spec.Classes.Classes[0].Color
	// Square 10..29 at 2x covers frame pixels 20..59: boundary at 20 and 59.
	for _, p := range [][2]int{{20, 30}, {59, 30}, {40, 20}, {40, 59}, {20, 20}} {
		if c := rgbAt(f, p[0], p[1]); !near(c, liver, 2) {
			t.Errorf("boundary pixel %v is %v, want class colour %v", p, c, liver)
		}
	}
	// One pixel in or out of the boundary is the plain grey image.
	grey := rgbAt(f, 5, 5)
	if grey.R != grey.G || grey.G != grey.B {
		t.Fatalf("background %v is not grey", grey)
	}
	for _, p := range [][2]int{{21, 30}, {19, 30}, {40, 21}, {40, 40}} {
		if c := rgbAt(f, p[0], p[1]); c != grey {
			t.Errorf("pixel %v is %v, want untouched grey %v (GT is outline only)", p, c, grey)
		}
	}
}

func squareLabels() []uint16 {
	lab := make([]uint16, 40*40)
	for y := 10; y < 30; y++ {
		for x := 10; x < 30; x++ {
			lab[y*40+x] = 1
		}
	}
	return lab
}

func TestFillBlendsAtOpacity(t *testing.T) {
	for _, alpha := range []float64{0.25, 0.5, 0.8} {
		spec := squareSpec()
		spec.Labels = squareLabels()
		spec.FillOpacity = alpha
		f, err := Compose(spec)
		if err != nil {
			t.Fatal(err)
		}
		grey := rgbAt(f, 5, 5)
		liver := spec.Classes.Classes[0].Color
		want := blend(float32(grey.R), liver, float32(alpha))
		// Inside the fill: the blend, within palette shading and sixel
		// percent steps.
		if c := rgbAt(f, 40, 40); !near(c, want, 8) {
			t.Errorf("alpha %.2f: fill pixel %v, want about %v", alpha, c, want)
		}
		if c := rgbAt(f, 20, 40); !near(c, liver, 2) {
			t.Errorf("alpha %.2f: prediction outline %v, want %v", alpha, c, liver)
		}
		ref := f.TrueColor()
		r, g, b, _ := ref.At(40, 40).RGBA()
		bg, _, _, _ := ref.At(5, 5).RGBA()
		exact := blend(float32(bg>>8), liver, float32(alpha))
		if !near(color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 255}, exact, 3) {
			t.Errorf("alpha %.2f: true-colour fill %v %v %v, want %v", alpha, r>>8, g>>8, b>>8, exact)
		}
	}
	spec := squareSpec()
	spec.Labels = squareLabels()
	spec.FillOpacity = 0
	f, _ := Compose(spec)
	if c, g := rgbAt(f, 40, 40), rgbAt(f, 5, 5); c != g {
		t.Errorf("opacity 0: inside %v differs from background %v", c, g)
	}
}

func TestProposalPromptsAndCursor(t *testing.T) {
	spec := squareSpec()
	prop := make([]bool, 40*40)
	for y := 12; y < 20; y++ {
		for x := 12; x < 20; x++ {
			prop[y*40+x] = true
		}
	}
	spec.Proposal = prop
	spec.FillOpacity = 0.5
	spec.Points = []Point{{X: 5, Y: 5, Positive: true}, {X: 34, Y: 5}}
	spec.DraftBox = &Box{X0: 2, Y0: 30, X1: 37, Y1: 37}
	spec.Cursor = &Point{X: 20, Y: 34}
	f, err := Compose(spec)
	if err != nil {
		t.Fatal(err)
	}
	if c := rgbAt(f, 24, 30); !near(c, ColorProposal, 2) {
		t.Errorf("proposal outline %v, want %v", c, ColorProposal)
	}
	if c := rgbAt(f, 11, 11); !near(c, ColorPositive, 2) {
		t.Errorf("positive point %v, want green %v", c, ColorPositive)
	}
	if c := rgbAt(f, 69, 11); !near(c, ColorNegative, 2) {
		t.Errorf("negative point %v, want red %v", c, ColorNegative)
	}
	// Draft box top edge at frame y=60 from x=4: dashed, so both box
	// colour and background occur along it.
	var on, off int
	for x := 4; x < 76; x++ {
		if near(rgbAt(f, x, 60), ColorBox, 2) {
			on++
		} else {
			off++
		}
	}
	if on < 20 || off < 20 {
		t.Errorf("draft box edge has %d box pixels and %d gaps, want a dashed line", on, off)
	}
	// Crosshair arms around (41, 69), centre left clear.
	if c := rgbAt(f, 41+4, 69); !near(c, ColorCursor, 2) {
		t.Errorf("crosshair arm %v, want %v", c, ColorCursor)
	}
	if c := rgbAt(f, 41, 69); near(c, ColorCursor, 2) {
		t.Error("crosshair covers the pixel under the cursor")
	}
}

func TestComposeRejectsBadInput(t *testing.T) {
	spec := squareSpec()
	spec.Grey = spec.Grey[:10]
	if _, err := Compose(spec); err == nil {
		t.Error("short grey slice accepted")
	}
	spec = squareSpec()
	spec.GT = make([]uint16, 3)
	if _, err := Compose(spec); err == nil {
		t.Error("mismatched ground truth accepted")
	}
	spec = squareSpec()
	spec.MaxW = 0
	if _, err := Compose(spec); err == nil {
		t.Error("zero target size accepted")
	}
}

func TestManyClassesStayWithinPalette(t *testing.T) {
	spec := squareSpec()
	lab := make([]uint16, 40*40)
	for i := range lab {
		lab[i] = uint16(i%120 + 1)
	}
	spec.Labels, spec.GT, spec.FillOpacity = lab, lab, 0.5
	f, err := Compose(spec)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(f.Image.Palette); n > 256 {
		t.Fatalf("palette has %d colours", n)
	}
	for _, p := range f.Image.Pix {
		if int(p) >= len(f.Image.Palette) {
			t.Fatalf("pixel index %d beyond palette of %d", p, len(f.Image.Palette))
		}
	}
}
