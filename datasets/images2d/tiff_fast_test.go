package images2d

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/image/tiff"
)

// writeStripTIFF writes a minimal uncompressed strip TIFF of spp 8-bit
// samples per pixel (photometric RGB for 3 or more, grey for 1), in either
// byte order, rowsPerStrip rows a strip.
func writeStripTIFF(t *testing.T, path string, w, h, spp, rowsPerStrip int, pix []byte, bo binary.ByteOrder) {
	t.Helper()
	var b bytes.Buffer
	if bo == binary.LittleEndian {
		b.WriteString("II*\x00")
	} else {
		b.WriteString("MM\x00*")
	}
	binary.Write(&b, bo, uint32(8))
	strips := (h + rowsPerStrip - 1) / rowsPerStrip
	type ent struct {
		tag, typ uint16
		vals     []uint32
	}
	photometric := uint32(1)
	if spp >= 3 {
		photometric = 2
	}
	bits := make([]uint32, spp)
	for i := range bits {
		bits[i] = 8
	}
	var offs, counts []uint32
	ents := []ent{{256, 4, []uint32{uint32(w)}}, {257, 4, []uint32{uint32(h)}}, {258, 3, bits}, {259, 3, []uint32{1}},
		{262, 3, []uint32{photometric}}, {273, 4, nil}, {277, 3, []uint32{uint32(spp)}}, {278, 4, []uint32{uint32(rowsPerStrip)}},
		{279, 4, nil}, {284, 3, []uint32{1}}}
	if spp == 4 {
		ents = append(ents, ent{338, 3, []uint32{0}})
	}
	// Layout: header, IFD, out-of-line values, pixels.
	ifdSize := 2 + 12*len(ents) + 4
	extra := 8 + ifdSize
	extraLen := 0
	for i := range ents {
		n := len(ents[i].vals)
		if ents[i].tag == 273 || ents[i].tag == 279 {
			n = strips
		}
		if size := n * map[uint16]int{3: 2, 4: 4}[ents[i].typ]; size > 4 {
			extraLen += size
		}
	}
	pixAt := extra + extraLen
	for s := range strips {
		rows := min(rowsPerStrip, h-s*rowsPerStrip)
		offs = append(offs, uint32(pixAt+s*rowsPerStrip*w*spp))
		counts = append(counts, uint32(rows*w*spp))
	}
	ents[5].vals, ents[8].vals = offs, counts
	binary.Write(&b, bo, uint16(len(ents)))
	var out bytes.Buffer
	next := extra
	for _, e := range ents {
		binary.Write(&b, bo, e.tag)
		binary.Write(&b, bo, e.typ)
		binary.Write(&b, bo, uint32(len(e.vals)))
		var v bytes.Buffer
		for _, x := range e.vals {
			if e.typ == 3 {
				binary.Write(&v, bo, uint16(x))
			} else {
				binary.Write(&v, bo, x)
			}
		}
		if v.Len() <= 4 {
			b.Write(append(v.Bytes(), make([]byte, 4-v.Len())...))
		} else {
			binary.Write(&b, bo, uint32(next))
			out.Write(v.Bytes())
			next += v.Len()
		}
	}
	binary.Write(&b, bo, uint32(0))
	b.Write(out.Bytes())
	b.Write(pix)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The strip reader gives exactly what the general decoder (x/image/tiff
// through image.Decode) gives: RGB, RGBA and grey from x/image/tiff's own
// encoder, uncompressed (fast path) and deflated (general path).
func TestTIFFFastMatchesGeneralDecoder(t *testing.T) {
	dir := t.TempDir()
	const w, h = 37, 23
	rgba := image.NewNRGBA(image.Rect(0, 0, w, h))
	grey := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			rgba.Set(x, y, color.NRGBA{uint8(x * 7), uint8(y * 11), uint8(x ^ y), 255})
			grey.Set(x, y, color.Gray{uint8(x*y + 3)})
		}
	}
	for name, img := range map[string]image.Image{"rgb": rgba, "grey": grey} {
		for _, comp := range []tiff.CompressionType{tiff.Uncompressed, tiff.Deflate} {
			path := filepath.Join(dir, name+".tif")
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := tiff.Encode(f, img, &tiff.Options{Compression: comp}); err != nil {
				t.Fatal(err)
			}
			f.Close()
			got, err := Read(path)
			if err != nil {
				t.Fatal(err)
			}
			p, err := decodePixels(path)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.RGB, p.rgb) {
				t.Errorf("%s compression %d: RGB differs from the general decoder's", name, comp)
			}
			for i, g := range p.grey {
				if got.Voxels[i] != float32(g) {
					t.Fatalf("%s compression %d: grey value %d is %g, want %d", name, comp, i, got.Voxels[i], g)
				}
			}
		}
	}
}

// A 4-band (RGB+NIR) TIFF in either byte order and strip height opens
// with its first three bands, or any three chosen; a band it lacks is an
// error that says how many it has.
func TestTIFFFourBandsWithBandChoice(t *testing.T) {
	dir := t.TempDir()
	const w, h = 19, 13
	pix := make([]byte, 4*w*h)
	for i := range w * h {
		pix[4*i], pix[4*i+1], pix[4*i+2], pix[4*i+3] = uint8(i), uint8(2*i), uint8(3*i), uint8(200-i%50)
	}
	for _, bo := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
		for _, rps := range []int{1, 5, h} {
			path := filepath.Join(dir, "nir.tif")
			writeStripTIFF(t, path, w, h, 4, rps, pix, bo)
			for _, bands := range [][]int{nil, {3, 0, 1}} {
				v, err := ReadBands(path, bands)
				if err != nil {
					t.Fatalf("%v rows %d bands %v: %v", bo, rps, bands, err)
				}
				want := bands
				if want == nil {
					want = []int{0, 1, 2}
				}
				for i := range w * h {
					for c := range 3 {
						if v.RGB[3*i+c] != pix[4*i+want[c]] {
							t.Fatalf("%v rows %d bands %v: pixel %d channel %d is %d, want band %d's %d", bo, rps, bands, i, c, v.RGB[3*i+c], want[c]+1, pix[4*i+want[c]])
						}
					}
				}
			}
			if _, err := ReadBands(path, []int{0, 1, 4}); err == nil || !strings.Contains(err.Error(), "has 4 bands") {
				t.Errorf("band 5 of 4: %v", err)
			}
		}
	}
}

// A strip table that points past the end of the file is an error naming
// the strip, not a panic or a huge allocation.
func TestTIFFFastTruncated(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cut.tif")
	writeStripTIFF(t, path, 50, 40, 3, 4, make([]byte, 3*50*40), binary.LittleEndian)
	b, _ := os.ReadFile(path)
	os.WriteFile(path, b[:len(b)-500], 0o644)
	if _, err := Read(path); err == nil || !strings.Contains(err.Error(), "strip") {
		t.Errorf("truncated TIFF: %v", err)
	}
}
