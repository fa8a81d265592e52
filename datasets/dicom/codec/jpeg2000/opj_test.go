package jpeg2000

import (
	"encoding/binary"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets/dicom/internal/dcmtest"
)

// rawImage is a planar test image as OpenJPEG's raw format stores it.
type rawImage struct {
	w, h, nc, bits int
	signed         bool
	planes         [][]int
}

// synthetic makes an image with smooth gradients, sharp edges and noise,
// so every pass and band has work to do.
func synthetic(w, h, nc, bits int, signed bool, seed int64) rawImage {
	r := rand.New(rand.NewSource(seed))
	im := rawImage{w: w, h: h, nc: nc, bits: bits, signed: signed}
	lo, hi := 0, 1<<bits-1
	if signed {
		lo, hi = -(1 << (bits - 1)), 1<<(bits-1)-1
	}
	for c := 0; c < nc; c++ {
		p := make([]int, w*h)
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				v := lo + (hi-lo)*(x+2*y+c*7)/(w+2*h+21)
				if (x/9+y/7+c)%3 == 0 {
					v = hi - (v - lo)
				}
				v += r.Intn(1<<max(bits-5, 1)) - 1<<max(bits-6, 0)
				p[y*w+x] = min(max(v, lo), hi)
			}
		}
		im.planes = append(im.planes, p)
	}
	return im
}

func (im rawImage) write(path string) error {
	var b []byte
	for _, p := range im.planes {
		for _, v := range p {
			if im.bits <= 8 {
				b = append(b, byte(v))
			} else {
				b = binary.LittleEndian.AppendUint16(b, uint16(v))
			}
		}
	}
	return os.WriteFile(path, b, 0o644)
}

// readRaw reads opj_decompress's little-endian planar output.
func readRaw(t *testing.T, path string, w, h, nc, bits int, signed bool) [][]int {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n := w * h
	size := 1
	if bits > 8 {
		size = 2
	}
	if len(b) != n*nc*size {
		t.Fatalf("%s: %d bytes, want %d", path, len(b), n*nc*size)
	}
	planes := make([][]int, nc)
	for c := range planes {
		planes[c] = make([]int, n)
		for i := range planes[c] {
			j := c*n + i
			if size == 1 {
				planes[c][i] = int(b[j])
			} else {
				planes[c][i] = int(binary.LittleEndian.Uint16(b[2*j:]))
			}
			// opj_decompress writes signed samples in their own bit depth.
			planes[c][i] &= 1<<bits - 1
			if signed && planes[c][i] >= 1<<(bits-1) {
				planes[c][i] -= 1 << bits
			}
		}
	}
	return planes
}

func sample(f *Frame, i int) int {
	if f.Precision <= 8 {
		if f.Signed {
			return int(int8(f.Data[i]))
		}
		return int(f.Data[i])
	}
	u := binary.LittleEndian.Uint16(f.Data[2*i:])
	if f.Signed {
		return int(int16(u))
	}
	return int(u)
}

// TestMatchesOpenJPEG encodes synthetic images with opj_compress in every
// progression order, code-block style, precinct, tile, layer, offset, ROI
// and wavelet setting, and checks the decoding equals opj_decompress's
// (and, where lossless, the original).
func TestMatchesOpenJPEG(t *testing.T) {
	dcmtest.Need(t, "opj_compress", "opj_decompress")
	images := []rawImage{
		synthetic(61, 47, 3, 8, false, 1),
		synthetic(70, 53, 1, 12, true, 2),
		synthetic(45, 66, 1, 16, false, 3),
		synthetic(39, 35, 1, 8, true, 4),
	}
	options := []string{
		"",
		"-n 1",
		"-n 3 -b 16,16 -c [32,32],[16,16],[8,8]",
		"-p RLCP -n 4 -c [32,32],[16,16]",
		"-p RPCL -n 3 -c [32,32],[16,16] -t 40,30",
		"-p PCRL -n 3 -c [16,16] -t 32,32 -b 8,8",
		"-p CPRL -n 4 -c [32,16]",
		"-r 40,20,8,1",
		"-M 1", "-M 2", "-M 4", "-M 8", "-M 16", "-M 32", "-M 63", "-M 1 -r 30,10,1",
		"-SOP -EPH",
		"-n 3 -t 32,24 -TP R", "-n 3 -t 32,24 -TP L -r 20,5,1",
		"-d 5,3", "-n 3 -d 7,2 -t 32,32 -T 3,1",
		"-ROI c=0,U=4",
		"-I", "-I -r 12", "-I -r 30,10 -M 5 -n 4 -c [16,16]",
		"-mct 0",
	}
	dir := t.TempDir()
	for ii, im := range images {
		src := filepath.Join(dir, fmt.Sprintf("im%d.rawl", ii))
		if err := im.write(src); err != nil {
			t.Fatal(err)
		}
		sign := "u"
		if im.signed {
			sign = "s"
		}
		format := fmt.Sprintf("%d,%d,%d,%d,%s", im.w, im.h, im.nc, im.bits, sign)
		for oi, opt := range options {
			if strings.Contains(opt, "mct") && im.nc != 3 {
				continue
			}
			j2k := filepath.Join(dir, fmt.Sprintf("im%d-%d.j2k", ii, oi))
			args := append([]string{"-i", src, "-F", format, "-o", j2k}, strings.Fields(opt)...)
			dcmtest.Run(t, "opj_compress", args...)
			ref := strings.TrimSuffix(j2k, ".j2k") + ".rawl"
			dcmtest.Run(t, "opj_decompress", "-i", j2k, "-o", ref)
			want := readRaw(t, ref, im.w, im.h, im.nc, im.bits, im.signed)
			data, err := os.ReadFile(j2k)
			if err != nil {
				t.Fatal(err)
			}
			f, err := Decode(data)
			if err != nil {
				t.Errorf("image %d %q: %v", ii, opt, err)
				continue
			}
			if f.Width != im.w || f.Height != im.h || f.Components != im.nc || f.Signed != im.signed {
				t.Errorf("image %d %q: %dx%dx%d signed %v, want %dx%dx%d signed %v", ii, opt, f.Width, f.Height, f.Components, f.Signed, im.w, im.h, im.nc, im.signed)
				continue
			}
			lossless := !strings.Contains(opt, "-I") && (!strings.Contains(opt, "-r") || strings.HasSuffix(strings.Fields(opt)[len(strings.Fields(opt))-1], ",1"))
		check:
			for c := 0; c < im.nc; c++ {
				for i := 0; i < im.w*im.h; i++ {
					got := sample(f, i*im.nc+c)
					if got != want[c][i] {
						t.Errorf("image %d %q: component %d sample (%d,%d) is %d, opj_decompress gives %d", ii, opt, c, i%im.w, i/im.w, got, want[c][i])
						break check
					}
					if lossless && got != im.planes[c][i] {
						t.Errorf("image %d %q: component %d sample (%d,%d) is %d, the original %d", ii, opt, c, i%im.w, i/im.w, got, im.planes[c][i])
						break check
					}
				}
			}
		}
	}
}
