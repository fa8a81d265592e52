// Package dcmtest makes DICOM test data for the codec tests: uncompressed
// images written as Part 10 files, compressed by Debian's independent
// tools (dcmtk, gdcm, OpenJPEG), and their encapsulated pixel data read back.
package dcmtest

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
)

// Image is uncompressed pixel data as DICOM stores it: little-endian
// values of BitsAllocated bits, samples interleaved, frame after frame.
type Image struct {
	Name                      string
	Rows, Cols, Samples       int
	Frames                    int
	BitsAllocated, BitsStored int
	Signed                    bool
	Photometric               string
	Pixels                    []byte
	// Placed single-frame images get a SeriesInstanceUID and an axial
	// position at z mm, so a folder of them reads as one series.
	Placed bool
	Z      float64
}

// FrameBytes is the size of one uncompressed frame.
func (im Image) FrameBytes() int { return im.Rows * im.Cols * im.Samples * im.BitsAllocated / 8 }

// Value is sample i (counting across frames) as the DICOM header defines
// it: the stored bits, sign-extended when Signed.
func Value(raw []byte, i, bitsAllocated, bitsStored int, signed bool) int {
	var u uint32
	switch bitsAllocated {
	case 8:
		u = uint32(raw[i])
	case 16:
		u = uint32(binary.LittleEndian.Uint16(raw[2*i:]))
	default:
		u = binary.LittleEndian.Uint32(raw[4*i:])
	}
	u &= uint32(1)<<bitsStored - 1
	if signed && u>>(bitsStored-1) != 0 {
		return int(int64(u) - int64(1)<<bitsStored)
	}
	return int(u)
}

// Root is the repository root (the folder holding go.mod).
func Root(t testing.TB) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = up
	}
}

// RealCTFiles are the three uncompressed real CT slices (implicit VR,
// 512x512, int16) in ../shared/realdata; the test skips when absent.
func RealCTFiles(t testing.TB) []string {
	dir := filepath.Join(Root(t), "..", "shared", "realdata", "dcmqi-ct3")
	var files []string
	for _, n := range []string{"01.dcm", "02.dcm", "03.dcm"} {
		p := filepath.Join(dir, n)
		if _, err := os.Stat(p); err != nil {
			t.Skipf("real CT absent (%v); real-data tests run where ../shared/realdata exists (CI has it)", err)
		}
		files = append(files, p)
	}
	return files
}

// RealCT is the three real slices as one 3-frame image.
func RealCT(t testing.TB) Image {
	im := Image{Name: "ct16s", Rows: 512, Cols: 512, Samples: 1, Frames: 3, BitsAllocated: 16, BitsStored: 16, Signed: true, Photometric: "MONOCHROME2"}
	for _, p := range RealCTFiles(t) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		// Implicit VR: (7FE0,0010) then a 4-byte length; the pixels end the file.
		i := bytes.LastIndex(b, []byte{0xE0, 0x7F, 0x10, 0x00})
		if i < 0 || binary.LittleEndian.Uint32(b[i+4:]) != 512*512*2 || len(b)-i-8 != 512*512*2 {
			t.Fatalf("%s: no 512x512 16-bit Pixel Data element at the end", p)
		}
		im.Pixels = append(im.Pixels, b[i+8:]...)
	}
	return im
}

// Derive makes a smaller test image from a 16-bit greyscale one: a
// rows x cols crop at the centre of each frame, each value mapped by f.
func Derive(src Image, name string, rows, cols, bitsAllocated, bitsStored int, signed bool, f func(v int) int) Image {
	im := Image{Name: name, Rows: rows, Cols: cols, Samples: 1, Frames: src.Frames, BitsAllocated: bitsAllocated, BitsStored: bitsStored, Signed: signed, Photometric: "MONOCHROME2"}
	r0, c0 := (src.Rows-rows)/2, (src.Cols-cols)/2
	for fr := 0; fr < src.Frames; fr++ {
		for r := 0; r < rows; r++ {
			for c := 0; c < cols; c++ {
				i := fr*src.Rows*src.Cols + (r0+r)*src.Cols + c0 + c
				v := f(Value(src.Pixels, i, src.BitsAllocated, src.BitsStored, src.Signed))
				if bitsAllocated == 8 {
					im.Pixels = append(im.Pixels, byte(v))
				} else {
					im.Pixels = binary.LittleEndian.AppendUint16(im.Pixels, uint16(v))
				}
			}
		}
	}
	return im
}

// RGB makes an 8-bit colour image from a 16-bit greyscale one: a crop
// windowed to 0..255 in red, its gradient in green, a ramp in blue, so the
// three samples differ and have edges.
func RGB(src Image, rows, cols int) Image {
	g := Derive(src, "rgb", rows, cols, 8, 8, false, func(v int) int { return clamp((v+160)*255/400, 0, 255) })
	im := Image{Name: "rgb8", Rows: rows, Cols: cols, Samples: 3, Frames: g.Frames, BitsAllocated: 8, BitsStored: 8, Photometric: "RGB"}
	for fr := 0; fr < g.Frames; fr++ {
		for r := 0; r < rows; r++ {
			for c := 0; c < cols; c++ {
				i := fr*rows*cols + r*cols + c
				v := int(g.Pixels[i])
				dx := 0
				if c > 0 {
					dx = v - int(g.Pixels[i-1])
				}
				im.Pixels = append(im.Pixels, byte(v), byte(clamp(128+dx, 0, 255)), byte((r*255/rows+fr*40)&255))
			}
		}
	}
	return im
}

func clamp(v, lo, hi int) int { return max(lo, min(hi, v)) }

// Clamp limits v to lo..hi, for Derive's mappings.
func Clamp(v, lo, hi int) int { return clamp(v, lo, hi) }

type element struct {
	tag   uint32
	vr    string
	value []byte
}

// Write stores im as a Part 10 file in explicit VR little endian (a
// secondary capture; NumberOfFrames when it has several frames).
func Write(path string, im Image) error {
	const uidRoot = "1.2.826.0.1.3680043.9.7433.15."
	sop := uidRoot + strconv.Itoa(len(im.Pixels))
	str := func(s string, pad byte) []byte {
		b := []byte(s)
		if len(b)%2 == 1 {
			b = append(b, pad)
		}
		return b
	}
	// gdcm refuses several frames in a plain secondary capture; the
	// multi-frame SC classes fit each kind of test image.
	class := "1.2.840.10008.5.1.4.1.1.7"
	if im.Frames > 1 {
		switch {
		case im.Samples == 3:
			class += ".4"
		case im.BitsAllocated == 8:
			class += ".2"
		default:
			class += ".3"
		}
	}
	us := func(v int) []byte { return binary.LittleEndian.AppendUint16(nil, uint16(v)) }
	els := []element{
		{0x00080016, "UI", str(class, 0)},
		{0x00080018, "UI", str(sop, 0)},
		{0x00080060, "CS", str("OT", ' ')},
		{0x00280002, "US", us(im.Samples)},
		{0x00280004, "CS", str(im.Photometric, ' ')},
		{0x00280010, "US", us(im.Rows)},
		{0x00280011, "US", us(im.Cols)},
		{0x00280100, "US", us(im.BitsAllocated)},
		{0x00280101, "US", us(im.BitsStored)},
		{0x00280102, "US", us(im.BitsStored - 1)},
		{0x00280103, "US", us(map[bool]int{false: 0, true: 1}[im.Signed])},
	}
	if im.Samples > 1 {
		els = append(els, element{0x00280006, "US", us(0)})
	}
	if im.Placed {
		els = append(els,
			element{0x0020000E, "UI", str(uidRoot+"2", 0)},
			element{0x00200032, "DS", str("0\\0\\"+strconv.FormatFloat(im.Z, 'f', -1, 64), ' ')},
			element{0x00200037, "DS", str("1\\0\\0\\0\\1\\0", ' ')},
			element{0x00280030, "DS", str("0.8\\0.8", ' ')})
	}
	if im.Frames > 1 {
		els = append(els, element{0x00280008, "IS", str(strconv.Itoa(im.Frames), ' ')})
	}
	vr := "OW"
	if im.BitsAllocated == 8 {
		vr = "OB"
	}
	els = append(els, element{0x7FE00010, vr, str(string(im.Pixels), 0)})
	sort.Slice(els, func(a, b int) bool { return els[a].tag < els[b].tag })

	meta := []element{
		{0x00020001, "OB", []byte{0, 1}},
		{0x00020002, "UI", str(class, 0)},
		{0x00020003, "UI", str(sop, 0)},
		{0x00020010, "UI", str("1.2.840.10008.1.2.1", 0)},
		{0x00020012, "UI", str(uidRoot+"1", 0)},
	}
	var body bytes.Buffer
	for _, e := range meta {
		writeElement(&body, e)
	}
	var out bytes.Buffer
	out.Write(make([]byte, 128))
	out.WriteString("DICM")
	writeElement(&out, element{0x00020000, "UL", binary.LittleEndian.AppendUint32(nil, uint32(body.Len()))})
	out.Write(body.Bytes())
	for _, e := range els {
		writeElement(&out, e)
	}
	return os.WriteFile(path, out.Bytes(), 0o644)
}

func writeElement(b *bytes.Buffer, e element) {
	_ = binary.Write(b, binary.LittleEndian, uint16(e.tag>>16))
	_ = binary.Write(b, binary.LittleEndian, uint16(e.tag))
	b.WriteString(e.vr)
	switch e.vr {
	case "OB", "OW", "SQ", "UN", "UT":
		_ = binary.Write(b, binary.LittleEndian, uint16(0))
		_ = binary.Write(b, binary.LittleEndian, uint32(len(e.value)))
	default:
		_ = binary.Write(b, binary.LittleEndian, uint16(len(e.value)))
	}
	b.Write(e.value)
}

// Need skips the test when a tool is not installed.
func Need(t testing.TB, tools ...string) {
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (Debian dcmtk, libgdcm-tools, libopenjp2-tools; .ci/run installs them): %v", tool, err)
		}
	}
}

// Run runs a tool and fails the test with its output when it fails.
func Run(t testing.TB, tool string, args ...string) {
	t.Helper()
	Need(t, tool)
	out, err := exec.Command(tool, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", tool, args, err, out)
	}
}

// Encapsulated returns the transfer syntax of a compressed Part 10 file and
// the value of its encapsulated Pixel Data element (from the Basic Offset
// Table item on). It scans for the element's explicit VR header rather than
// parsing, so it shares no code with the reader under test.
func Encapsulated(t testing.TB, path string) (syntax string, value []byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ts := []byte{0x02, 0x00, 0x10, 0x00, 'U', 'I'}
	i := bytes.Index(b, ts)
	if i < 0 {
		t.Fatalf("%s: no transfer syntax element", path)
	}
	n := int(binary.LittleEndian.Uint16(b[i+6:]))
	syntax = string(bytes.TrimRight(b[i+8:i+8+n], "\x00 "))
	hdr := []byte{0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF}
	j := bytes.LastIndex(b, hdr)
	if j < 0 {
		t.Fatalf("%s (%s): no encapsulated Pixel Data element", path, syntax)
	}
	return syntax, b[j+len(hdr):]
}

// Convert writes im to dir/NAME.dcm, runs the tool as tool args... in out,
// and returns the output path. "{in}" and "{out}" in args are replaced.
func Convert(t testing.TB, dir string, im Image, tag, tool string, args ...string) string {
	t.Helper()
	Need(t, tool)
	in := filepath.Join(dir, im.Name+".dcm")
	if _, err := os.Stat(in); err != nil {
		if err := Write(in, im); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, fmt.Sprintf("%s-%s.dcm", im.Name, tag))
	full := make([]string, len(args))
	for i, a := range args {
		switch a {
		case "{in}":
			a = in
		case "{out}":
			a = out
		}
		full[i] = a
	}
	Run(t, tool, full...)
	return out
}

// Images are the test images every codec test compresses: the real CT as
// three signed 16-bit frames, and odd-sized crops of it as 8-bit, 12-bit
// unsigned and signed, full-range 16-bit unsigned, and 8-bit RGB.
func Images(t testing.TB) []Image {
	ct := RealCT(t)
	return []Image{
		ct,
		Derive(ct, "u8", 97, 131, 8, 8, false, func(v int) int { return Clamp((v+1024)/8, 0, 255) }),
		Derive(ct, "u12", 193, 255, 16, 12, false, func(v int) int { return Clamp(v+1024, 0, 4095) }),
		Derive(ct, "s12", 129, 77, 16, 12, true, func(v int) int { return Clamp(v, -2048, 2047) }),
		Derive(ct, "u16", 64, 100, 16, 16, false, func(v int) int { return Clamp((v+2048)*13, 0, 65535) }),
		RGB(ct, 67, 101),
	}
}

// Frame returns frame k of an image's pixels.
func (im Image) Frame(k int) []byte {
	n := im.FrameBytes()
	return im.Pixels[k*n : (k+1)*n]
}

// Compare checks a decoded frame against the original's frame k: every
// sample within tol of the original value (0: exact). It returns the
// largest difference.
func Compare(t testing.TB, what string, im Image, k int, got []byte, tol int) int {
	t.Helper()
	want := im.Frame(k)
	if len(got) != len(want) {
		t.Fatalf("%s frame %d: %d bytes decoded, want %d", what, k, len(got), len(want))
	}
	n := im.Rows * im.Cols * im.Samples
	worst, bad := 0, -1
	for i := 0; i < n; i++ {
		d := Value(got, i, im.BitsAllocated, im.BitsStored, im.Signed) - Value(want, i, im.BitsAllocated, im.BitsStored, im.Signed)
		d = max(d, -d)
		if d > worst {
			worst = d
		}
		if d > tol && bad < 0 {
			bad = i
		}
	}
	if bad >= 0 {
		p := bad / im.Samples
		t.Errorf("%s frame %d: sample %d (row %d col %d) is %d, want %d (tolerance %d, largest difference %d)", what, k, bad%im.Samples, p/im.Cols, p%im.Cols,
			Value(got, bad, im.BitsAllocated, im.BitsStored, im.Signed), Value(want, bad, im.BitsAllocated, im.BitsStored, im.Signed), tol, worst)
	}
	return worst
}

// Native reads an uncompressed explicit VR little endian Part 10 file (as
// dcmdjpeg and gdcmconv --raw write them) into an Image: the few image
// attributes and the pixels. Sequences are skipped; it is a test helper,
// not a parser for arbitrary files.
func Native(t testing.TB, path string) Image {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 132 || string(b[128:132]) != "DICM" {
		t.Fatalf("%s: not a Part 10 file", path)
	}
	im := Image{Name: filepath.Base(path), Frames: 1}
	pos := 132
	for pos+8 <= len(b) {
		tag := uint32(binary.LittleEndian.Uint16(b[pos:]))<<16 | uint32(binary.LittleEndian.Uint16(b[pos+2:]))
		vr := string(b[pos+4 : pos+6])
		var n, hdr int
		switch vr {
		case "OB", "OW", "OF", "OD", "OL", "OV", "SQ", "UN", "UT", "UC", "UR", "SV", "UV":
			n, hdr = int(binary.LittleEndian.Uint32(b[pos+8:])), 12
		default:
			n, hdr = int(binary.LittleEndian.Uint16(b[pos+6:])), 8
		}
		v := pos + hdr
		if n == 0xFFFFFFFF { // undefined-length sequence: find its delimiter
			end := bytes.Index(b[v:], []byte{0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0})
			if end < 0 {
				t.Fatalf("%s: unterminated sequence (%08X)", path, tag)
			}
			pos = v + end + 8
			continue
		}
		if v+n > len(b) {
			t.Fatalf("%s: element (%08X) passes the end", path, tag)
		}
		val := b[v : v+n]
		u16 := func() int { return int(binary.LittleEndian.Uint16(val)) }
		switch tag {
		case 0x00020010:
			if s := string(bytes.TrimRight(val, "\x00 ")); s != "1.2.840.10008.1.2.1" {
				t.Fatalf("%s: transfer syntax %s, want explicit VR little endian", path, s)
			}
		case 0x00280002:
			im.Samples = u16()
		case 0x00280004:
			im.Photometric = string(bytes.TrimRight(val, "\x00 "))
		case 0x00280008:
			im.Frames, _ = strconv.Atoi(string(bytes.TrimSpace(bytes.TrimRight(val, "\x00"))))
		case 0x00280010:
			im.Rows = u16()
		case 0x00280011:
			im.Cols = u16()
		case 0x00280100:
			im.BitsAllocated = u16()
		case 0x00280101:
			im.BitsStored = u16()
		case 0x00280103:
			im.Signed = u16() == 1
		case 0x00280006:
			if u16() != 0 {
				t.Fatalf("%s: planar configuration %d, want 0 (write it with dcmdjpeg +px)", path, u16())
			}
		case 0x7FE00010:
			im.Pixels = val
		}
		pos = v + n
	}
	if im.Pixels == nil || len(im.Pixels) < im.Frames*im.FrameBytes() {
		t.Fatalf("%s: pixel data missing or short", path)
	}
	return im
}

// Photometric returns a Part 10 file's Photometric Interpretation, found
// by its explicit VR little endian element header.
func Photometric(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte{0x28, 0x00, 0x04, 0x00, 'C', 'S'})
	if i < 0 {
		t.Fatalf("%s: no Photometric Interpretation", path)
	}
	n := int(binary.LittleEndian.Uint16(b[i+6:]))
	return string(bytes.TrimRight(b[i+8:i+8+n], "\x00 "))
}

// Seeds returns the committed codestreams in a package's testdata folder
// (small frames made by dcmtk, gdcm and OpenJPEG; see each folder's README).
func Seeds(t testing.TB, pattern string) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", pattern))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no seeds testdata/%s: %v", pattern, err)
	}
	seeds := map[string][]byte{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		seeds[filepath.Base(p)] = b
	}
	return seeds
}
