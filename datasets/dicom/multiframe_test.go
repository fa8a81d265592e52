package dicom

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/dicom/internal/dcmtest"
)

// TestReadEnhancedCTFromGdcmtar turns the three real CT slices into one
// Enhanced CT file with gdcm's own converter (gdcmtar --enhance: per-frame
// PlanePositionSequence, shared orientation, pixel measures and rescale),
// compresses that file in each lossless syntax, and reads every version:
// each must give exactly the volume of the original series.
func TestReadEnhancedCTFromGdcmtar(t *testing.T) {
	files := dcmtest.RealCTFiles(t)
	dcmtest.Need(t, "gdcmtar")
	want, err := ReadFiles(files)
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	enhanced := gdcmtarEnhance(t, filepath.Dir(files[0]), root)
	if s, err := readDICOMSlice(enhanced); err != nil || s.frames != 3 || len(s.perFrame) != 3 {
		t.Fatalf("gdcmtar wrote %v frames and per-frame groups %v (%v); want 3 of each", s.frames, s.perFrame, err)
	}
	for _, c := range []compression{{name: "native"}, rleDcmtk, jpegSV1, jpegLS, j2k, deflDcmtk} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(root, c.name)
			if c.tool == "" {
				copyFile(t, enhanced, filepath.Join(dir, "enhanced.dcm"))
			} else {
				compressInto(t, c, []string{enhanced}, dir)
			}
			got, err := ReadSeries(dir, "")
			if err != nil {
				t.Fatal(err)
			}
			sameVolume(t, c.name, got, want)
		})
	}
}

// gdcmtarEnhance runs gdcmtar --enhance on a series folder and returns the
// enhanced file it writes (new.dcm, under study/series/frame-of-reference
// folders of out).
func gdcmtarEnhance(t *testing.T, series, out string) string {
	t.Helper()
	dcmtest.Run(t, "gdcmtar", "--enhance", "-i", series, "-o", filepath.Join(out, "gdcmtar"))
	var found []string
	filepath.WalkDir(filepath.Join(out, "gdcmtar"), func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Name() == "new.dcm" {
			found = append(found, p)
		}
		return nil
	})
	if len(found) != 1 {
		t.Fatalf("gdcmtar --enhance wrote %d new.dcm files: %v", len(found), found)
	}
	return found[0]
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	touch(t, to, b)
}

// enhancedFrame is one frame of a test Enhanced CT: where it lies, its
// rescale intercept and stored values.
type enhancedFrame struct {
	ipp       [3]float64
	intercept float64
	spacing   [2]float64 // per-frame PixelMeasures when set
	pixels    []byte     // little-endian int16
}

// encodeEnhanced writes an Enhanced CT in explicit VR little endian with
// defined-length functional group sequences: orientation and pixel
// measures shared, position and rescale per frame.
func encodeEnhanced(rows, cols int, iop [6]float64, frames []enhancedFrame, perFrameItems int) []byte {
	meta := newEncoder(uidExplicitLE)
	meta.elem(0x00020001, "OB", []byte{0, 1})
	meta.str(0x00020002, "UI", "1.2.840.10008.5.1.4.1.1.2.1")
	meta.str(0x00020010, "UI", uidExplicitLE)
	var out bytes.Buffer
	out.Write(make([]byte, dicomPreamble))
	out.WriteString("DICM")
	head := newEncoder(uidExplicitLE)
	head.elem(0x00020000, "UL", binary.LittleEndian.AppendUint32(nil, uint32(meta.buf.Len())))
	out.Write(head.buf.Bytes())
	out.Write(meta.buf.Bytes())

	e := newEncoder(uidExplicitLE)
	e.str(0x00080060, "CS", "CT")
	e.str(0x0008103E, "LO", "enhanced")
	e.str(0x00100020, "LO", "PID-1")
	e.str(0x0020000E, "UI", "1.2.3.4.5")
	// Decoys: top-level placement that the functional groups override.
	e.ds(0x00200032, 99, 99, 99)
	e.us(0x00280002, 1)
	e.str(0x00280004, "CS", "MONOCHROME2")
	e.str(0x00280008, "IS", strconv.Itoa(len(frames)))
	e.us(0x00280010, rows)
	e.us(0x00280011, cols)
	e.us(0x00280100, 16)
	e.us(0x00280101, 16)
	e.us(0x00280102, 15)
	e.us(0x00280103, 1)
	e.definedSeq(tagSharedGroups, func(it *dcmEncoder) {
		it.definedSeq(0x00209116, func(m *dcmEncoder) { m.ds(0x00200037, iop[:]...) })
		it.definedSeq(0x00289110, func(m *dcmEncoder) {
			m.ds(0x00180050, 1.25)
			m.ds(0x00280030, 0.810547, 0.810547)
		})
		it.definedSeq(0x00209111, func(m *dcmEncoder) { m.str(0x00209157, "UL", "1") }) // a macro segtui skips
	})
	var items []func(*dcmEncoder)
	for _, f := range frames[:perFrameItems] {
		items = append(items, func(it *dcmEncoder) {
			it.definedSeq(0x00209113, func(m *dcmEncoder) { m.ds(0x00200032, f.ipp[:]...) })
			it.definedSeq(0x00289145, func(m *dcmEncoder) {
				m.ds(0x00281052, f.intercept)
				m.ds(0x00281053, 1)
			})
			if f.spacing != [2]float64{} {
				it.definedSeq(0x00289110, func(m *dcmEncoder) { m.ds(0x00280030, f.spacing[:]...) })
			}
		})
	}
	e.definedSeq(tagPerFrameGroups, items...)
	var px []byte
	for _, f := range frames {
		px = append(px, f.pixels...)
	}
	e.elem(tagPixelData, "OW", px)
	out.Write(e.buf.Bytes())
	return out.Bytes()
}

// TestReadEnhancedCTBuilt builds an Enhanced CT from the real slices with
// its frames stored out of position order and each frame's own rescale
// (stored values shifted by 100 per frame, the intercept by -100), so the
// frames must be placed by their PlanePositionSequence and scaled by
// their PixelValueTransformationSequence to give the original series.
// Broken variants get the series' errors, naming the frames.
func TestReadEnhancedCTBuilt(t *testing.T) {
	files := dcmtest.RealCTFiles(t)
	want, err := ReadFiles(files)
	if err != nil {
		t.Fatal(err)
	}
	ct := dcmtest.RealCT(t)
	var frames []enhancedFrame
	var iop [6]float64
	for _, k := range []int{1, 2, 0} {
		s, err := readDICOMSlice(files[k])
		if err != nil {
			t.Fatal(err)
		}
		iop = s.iop
		px := append([]byte(nil), ct.Frame(k)...)
		for i := 0; i < len(px); i += 2 {
			binary.LittleEndian.PutUint16(px[i:], uint16(int16(binary.LittleEndian.Uint16(px[i:]))+int16(100*k)))
		}
		frames = append(frames, enhancedFrame{ipp: s.ipp, intercept: s.intercept - float64(100*k), pixels: px})
	}
	write := func(t *testing.T, frames []enhancedFrame, items int) string {
		dir := t.TempDir()
		touch(t, filepath.Join(dir, "enhanced"), encodeEnhanced(512, 512, iop, frames, items))
		return dir
	}
	got, err := ReadSeries(write(t, frames, 3), "")
	if err != nil {
		t.Fatal(err)
	}
	sameVolume(t, "built enhanced CT", got, want)

	dup := append([]enhancedFrame(nil), frames...)
	dup[2].ipp = dup[0].ipp
	odd := append([]enhancedFrame(nil), frames...)
	odd[1].spacing = [2]float64{0.9, 0.810547}
	for name, tc := range map[string]struct {
		frames []enhancedFrame
		items  int
		want   []string
	}{
		"same position":  {dup, 3, []string{"enhanced frame 1 and ", "enhanced frame 3 are at the same position"}},
		"pixel spacing":  {odd, 3, []string{"enhanced frame 2 has PixelSpacing [0.9 0.810547]", "one pixel spacing"}},
		"too few groups": {frames, 2, []string{"PerFrameFunctionalGroupsSequence (5200,9230) has 2 items but NumberOfFrames is 3"}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ReadSeries(write(t, tc.frames, tc.items), "")
			for _, w := range tc.want {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Fatalf("got %v; want an error mentioning %q", err, w)
				}
			}
		})
	}
}

// TestReadClassicMultiFrame reads the codec tests' images (the real CT as
// three signed 16-bit frames, crops of it as 8-bit, 12-bit unsigned and
// signed, 16-bit unsigned, and 8-bit RGB) as classic multi-frame files
// with no position, native and compressed: frames are stacked in file
// order 1 mm apart, with the original's values (lossless) or the tool's
// own decoder's (lossy JPEG), colour kept as RGB with its luma as grey.
func TestReadClassicMultiFrame(t *testing.T) {
	root := t.TempDir()
	for _, im := range dcmtest.Images(t) {
		cases := []compression{{name: "native"}, rleDcmtk, jpegSV1, jpegLS, j2k}
		switch im.Name {
		case "u8", "rgb8":
			cases = append(cases, baseline)
		case "u12", "s12":
			cases = append(cases, extended)
		}
		for _, c := range cases {
			t.Run(im.Name+"/"+c.name, func(t *testing.T) {
				dir := filepath.Join(root, im.Name, c.name)
				src := filepath.Join(root, im.Name+".dcm")
				if err := dcmtest.Write(src, im); err != nil {
					t.Fatal(err)
				}
				path := src
				if c.tool != "" {
					path = compressInto(t, c, []string{src}, dir)[0]
				}
				got, err := ReadFiles([]string{path})
				if err != nil {
					t.Fatal(err)
				}
				if got.Dim != [3]int{im.Cols, im.Rows, im.Frames} || got.Spacing != [3]float64{1, 1, 1} {
					t.Fatalf("dim %v spacing %v; want %dx%dx%d at 1 mm", got.Dim, got.Spacing, im.Cols, im.Rows, im.Frames)
				}
				if c.decoder != nil {
					ref, err := ReadFiles(decodeWithTool(t, c, []string{path}, dir+"-decoded"))
					if err != nil {
						t.Fatal(err)
					}
					orig, _ := ReadFiles([]string{src})
					lossyDiffers(t, c.name, ref, orig)
					sameVolume(t, c.name, got, ref)
					return
				}
				per := im.Rows * im.Cols
				for i := 0; i < im.Frames*per; i++ {
					if im.Samples == 3 {
						if got.RGB[3*i] != im.Pixels[3*i] || got.RGB[3*i+1] != im.Pixels[3*i+1] || got.RGB[3*i+2] != im.Pixels[3*i+2] {
							t.Fatalf("pixel %d is RGB %v, want %v", i, got.RGB[3*i:3*i+3], im.Pixels[3*i:3*i+3])
						}
						continue
					}
					if v := dcmtest.Value(im.Pixels, i, im.BitsAllocated, im.BitsStored, im.Signed); got.Voxels[i] != float32(v) {
						t.Fatalf("voxel %d (frame %d) is %v, want %d", i, i/per, got.Voxels[i], v)
					}
				}
				if im.Samples == 3 && (got.DataType != datasets.RGB24 || got.Voxels[5] != 0.299*float32(im.Pixels[15])+0.587*float32(im.Pixels[16])+0.114*float32(im.Pixels[17])) {
					t.Errorf("colour: type %s, grey %v", got.DataType, got.Voxels[5])
				}
			})
		}
	}
}
