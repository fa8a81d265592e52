package render

import (
	"bytes"
	"encoding/base64"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mattn/go-sixel"
	"github.com/segtui/segtui/datasets"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func decodeSixel(t *testing.T, data []byte) image.Image {
	t.Helper()
	var img image.Image
	if err := sixel.NewDecoder(bytes.NewReader(data)).Decode(&img); err != nil {
		t.Fatalf("decoding our sixel: %v", err)
	}
	return img
}

func checkSixelRoundTrip(t *testing.T, spec FrameSpec) {
	f, err := Compose(spec)
	if err != nil {
		t.Fatal(err)
	}
	data, err := Sixel(f.Image)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("\x1bP")) || !bytes.HasSuffix(data, []byte("\x1b\\")) {
		t.Fatalf("sixel is not a DCS ... ST sequence: %q...%q", data[:8], data[len(data)-4:])
	}
	img := decodeSixel(t, data)
	if p := psnr(f.Image, img); p < 35 {
		t.Errorf("decoded sixel vs composed frame: PSNR %.1f dB, want >= 35", p)
	}
	if p := psnr(f.TrueColor(), img); p < 35 {
		t.Errorf("decoded sixel vs true-colour frame: PSNR %.1f dB, want >= 35", p)
	}
}

func TestSixelDecodesToFrame(t *testing.T) {
	checkSixelRoundTrip(t, ctSpec())
}

// TestSixelRealCT runs the same check on a real abdominal CT slice (AMOS,
// stored as 8-bit grey PNG) with its liver mask as labels.
func TestSixelRealCT(t *testing.T) {
	dir := "../../shared/realdata/amos2d"
	imgs, _ := filepath.Glob(filepath.Join(dir, "images", "*.png"))
	if len(imgs) == 0 {
		t.Skip("../shared/realdata/amos2d not present (real-data tests run where the shared folder exists)")
	}
	stem := strings.TrimSuffix(filepath.Base(imgs[0]), ".png")
	src, err := readPNG(imgs[0])
	if err != nil {
		t.Fatal(err)
	}
	b := src.Bounds()
	grey := make([]float32, b.Dx()*b.Dy())
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			r, _, _, _ := src.At(b.Min.X+x, b.Min.Y+y).RGBA()
			grey[y*b.Dx()+x] = float32(r >> 8)
		}
	}
	spec := FrameSpec{View: datasets.SliceView{Width: b.Dx(), Height: b.Dy(), PixelSpacing: [2]float64{1, 1}},
		Grey: grey, Window: Auto(), MaxW: 768, MaxH: 768, FillOpacity: DefaultFillOpacity}
	masks, _ := filepath.Glob(filepath.Join(dir, "masks", stem+"_liver_*.png"))
	if len(masks) > 0 {
		m, err := readPNG(masks[0])
		if err != nil {
			t.Fatal(err)
		}
		spec.Labels = make([]uint16, len(grey))
		for i := range spec.Labels {
			if r, _, _, _ := m.At(i%b.Dx(), i/b.Dx()).RGBA(); r > 0x7fff {
				spec.Labels[i] = 1
			}
		}
		spec.GT = spec.Labels
	}
	checkSixelRoundTrip(t, spec)
}

// blocksFrame is a small frame for half blocks: 48x24 cells.
func blocksFrame(t *testing.T) *Frame {
	spec := ctSpec()
	spec.MaxW, spec.MaxH = 48, 48
	f, err := Compose(spec)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestBlocksGolden(t *testing.T) {
	f := blocksFrame(t)
	for _, c := range []struct {
		name string
		tc   bool
	}{{"blocks_truecolor.golden", true}, {"blocks_256.golden", false}} {
		got := Blocks(f.Image, c.tc)
		path := filepath.Join("testdata", c.name)
		if *update {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./render -run TestBlocksGolden -update)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs from the golden file (run with -update after checking the output by eye)", c.name)
		}
		if lines := strings.Count(got, "\n") + 1; lines != f.Map.H/2 {
			t.Errorf("%s: %d lines, want %d", c.name, lines, f.Map.H/2)
		}
	}
}

// Half blocks must keep outlines usable: every class and prompt colour of
// the frame must reach the terminal as a distinct, non-grey code.
func TestBlocksKeepOverlayColours(t *testing.T) {
	f := blocksFrame(t)
	spec := ctSpec()
	for _, tc := range []bool{true, false} {
		out := Blocks(f.Image, tc)
		for _, c := range []uint16{1, 2, 3} {
			col := snapColor(ClassColor(spec.Classes, c))
			code := ""
			if tc {
				code = "2;" + itoa(col.R) + ";" + itoa(col.G) + ";" + itoa(col.B) + "m"
			} else {
				n := Xterm256(col.R, col.G, col.B)
				if n >= 232 {
					t.Errorf("class %d colour %v maps to grey ramp %d", c, col, n)
				}
				code = "5;" + itoa(uint8(n)) + "m"
			}
			if !strings.Contains(out, "38;"+code) && !strings.Contains(out, "48;"+code) {
				t.Errorf("truecolor=%v: class %d outline colour %q never drawn", tc, c, code)
			}
		}
	}
}

func itoa(v uint8) string { return strconv.Itoa(int(v)) }

var kittyChunkRE = regexp.MustCompile("\x1b_G([^;]*);([^\x1b]*)\x1b\\\\")

func TestKittyDecodesBack(t *testing.T) {
	f := blocksFrame(t)
	for _, format := range []KittyFormat{KittyPNG, KittyRGB} {
		data, err := Kitty(f.Image, KittyOptions{ID: 7, Cols: 10, Rows: 5, Format: format})
		if err != nil {
			t.Fatal(err)
		}
		chunks := kittyChunkRE.FindAllSubmatch(data, -1)
		if len(chunks) == 0 {
			t.Fatalf("no kitty escapes in %q", data[:min(40, len(data))])
		}
		head := string(chunks[0][1])
		for _, want := range []string{"a=T", "i=7", "q=2", "c=10", "r=5"} {
			if !strings.Contains(head, want) {
				t.Errorf("first chunk control %q lacks %s", head, want)
			}
		}
		var payload string
		for i, c := range chunks {
			last := i == len(chunks)-1
			if strings.Contains(string(c[1]), "m=1") == last {
				t.Errorf("chunk %d of %d has control %q", i+1, len(chunks), c[1])
			}
			if len(c[2]) > kittyChunk {
				t.Errorf("chunk %d holds %d bytes, protocol limit is 4096", i, len(c[2]))
			}
			payload += string(c[2])
		}
		raw, err := base64.StdEncoding.DecodeString(payload)
		if err != nil {
			t.Fatal(err)
		}
		var got image.Image
		if format == KittyPNG {
			if got, err = png.Decode(bytes.NewReader(raw)); err != nil {
				t.Fatal(err)
			}
		} else {
			w, h := f.Map.W, f.Map.H
			if len(raw) != 3*w*h {
				t.Fatalf("raw RGB is %d bytes, want %d", len(raw), 3*w*h)
			}
			rgba := image.NewRGBA(image.Rect(0, 0, w, h))
			for i := 0; i < w*h; i++ {
				copy(rgba.Pix[4*i:], []byte{raw[3*i], raw[3*i+1], raw[3*i+2], 255})
			}
			got = rgba
		}
		if p := psnr(f.Image, got); p < 100 {
			t.Errorf("format %d: decoded kitty image differs from the frame (PSNR %.1f)", format, p)
		}
	}
	if d := KittyDelete(7); d != "\x1b_Ga=d,d=I,q=2,i=7\x1b\\" {
		t.Errorf("delete command %q", d)
	}
}

func TestITermDecodesBack(t *testing.T) {
	f := blocksFrame(t)
	data, err := ITerm(f.Image, 10, 5)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("^\x1b\\]1337;File=([^:]*):([A-Za-z0-9+/=]*)\a$").FindSubmatch(data)
	if m == nil {
		t.Fatalf("not an OSC 1337 File sequence: %q", data[:min(60, len(data))])
	}
	raw, err := base64.StdEncoding.DecodeString(string(m[2]))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"inline=1", "width=10", "height=5", "size=" + strconv.Itoa(len(raw))} {
		if !strings.Contains(string(m[1]), want) {
			t.Errorf("arguments %q lack %s", m[1], want)
		}
	}
	got, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if p := psnr(f.Image, got); p < 100 {
		t.Errorf("decoded iTerm image differs from the frame (PSNR %.1f)", p)
	}
}

func TestPlaceAndTmuxWrap(t *testing.T) {
	payload := []byte("\x1bPq#0;2;0;0;0~\x1b\\")
	if got := Place(3, 5, payload, false); got != "\x1b7\x1b[3;5H"+string(payload)+"\x1b8" {
		t.Errorf("Place = %q", got)
	}
	got := Place(3, 5, payload, true)
	want := "\x1b7\x1b[3;5H\x1bPtmux;\x1b\x1bPq#0;2;0;0;0~\x1b\x1b\\\x1b\\\x1b8"
	if got != want {
		t.Errorf("Place in tmux = %q, want %q", got, want)
	}
}
