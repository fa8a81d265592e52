package dicom

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/dicom/internal/dcmtest"
)

// compression is one Debian encoder run on a file: args hold "{in}" and
// "{out}". Lossy ones name the tool's own decoder, whose output (read by
// the uncompressed path) is what segtui must reproduce.
type compression struct {
	name, syntax string
	tool         string
	args         []string
	decoder      []string // tool and args with {in} and {out}; nil when lossless
}

var (
	rleDcmtk  = compression{"rle", "1.2.840.10008.1.2.5", "dcmcrle", []string{"{in}", "{out}"}, nil}
	rleGdcm   = compression{"rle-gdcm", "1.2.840.10008.1.2.5", "gdcmconv", []string{"--rle", "{in}", "{out}"}, nil}
	jpegSV1   = compression{"jpeg-sv1", "1.2.840.10008.1.2.4.70", "dcmcjpeg", []string{"+e1", "{in}", "{out}"}, nil}
	jpegP6    = compression{"jpeg-p6-fragments", "1.2.840.10008.1.2.4.57", "dcmcjpeg", []string{"+el", "+fs", "16", "{in}", "{out}"}, nil}
	jpegLS    = compression{"jpegls", "1.2.840.10008.1.2.4.80", "dcmcjpls", []string{"{in}", "{out}"}, nil}
	jpegLSNr  = compression{"jpegls-near3", "1.2.840.10008.1.2.4.81", "gdcmconv", []string{"--jpegls", "--lossy", "-e", "3", "{in}", "{out}"}, []string{"dcmdjpls", "{in}", "{out}"}}
	j2k       = compression{"j2k", "1.2.840.10008.1.2.4.90", "gdcmconv", []string{"--j2k", "{in}", "{out}"}, nil}
	j2kLossy  = compression{"j2k-lossy", "1.2.840.10008.1.2.4.91", "gdcmconv", []string{"--j2k", "--lossy", "-q", "40", "{in}", "{out}"}, []string{"gdcmconv", "--raw", "{in}", "{out}"}}
	deflDcmtk = compression{"deflate", "1.2.840.10008.1.2.1.99", "dcmconv", []string{"+td", "{in}", "{out}"}, nil}
	deflGdcm  = compression{"deflate-gdcm", "1.2.840.10008.1.2.1.99", "gdcmconv", []string{"--deflated", "{in}", "{out}"}, nil}
	baseline  = compression{"jpeg-baseline", "1.2.840.10008.1.2.4.50", "dcmcjpeg", []string{"+eb", "{in}", "{out}"}, []string{"dcmdjpeg", "{in}", "{out}"}}
	extended  = compression{"jpeg-extended", "1.2.840.10008.1.2.4.51", "dcmcjpeg", []string{"+ee", "{in}", "{out}"}, []string{"dcmdjpeg", "{in}", "{out}"}}
)

// run runs tool args with {in} and {out} replaced.
func run(t *testing.T, cmd []string, in, out string) {
	t.Helper()
	args := make([]string, len(cmd)-1)
	for i, a := range cmd[1:] {
		args[i] = strings.NewReplacer("{in}", in, "{out}", out).Replace(a)
	}
	dcmtest.Run(t, cmd[0], args...)
}

// compressInto runs c on each file into dir (same base names) and checks
// the tool wrote the syntax it should have.
func compressInto(t *testing.T, c compression, files []string, dir string) []string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		o := filepath.Join(dir, filepath.Base(f))
		run(t, append([]string{c.tool}, c.args...), f, o)
		s, err := readDICOMSlice(o)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if s.syntax != c.syntax {
			t.Fatalf("%s wrote %s in transfer syntax %s, want %s", c.tool, o, s.syntax, c.syntax)
		}
		out = append(out, o)
	}
	return out
}

// decodeWithTool runs a lossy case's decoder on each file into dir.
func decodeWithTool(t *testing.T, c compression, files []string, dir string) []string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		o := filepath.Join(dir, filepath.Base(f))
		run(t, c.decoder, f, o)
		out = append(out, o)
	}
	return out
}

// sameVolume fails unless got has want's grid, type and every voxel (and
// colour byte) exactly.
func sameVolume(t *testing.T, what string, got, want *datasets.Volume) {
	t.Helper()
	if got.Dim != want.Dim || !got.SameGrid(want.Grid) || got.DataType != want.DataType {
		t.Fatalf("%s: %v %s %v, want %v %s %v", what, got.Dim, got.DataType, got.Affine, want.Dim, want.DataType, want.Affine)
	}
	for i := range want.Voxels {
		if got.Voxels[i] != want.Voxels[i] {
			t.Fatalf("%s: voxel %d (%d,%d,%d) is %v, want %v", what, i, i%got.Dim[0], i/got.Dim[0]%got.Dim[1], i/(got.Dim[0]*got.Dim[1]), got.Voxels[i], want.Voxels[i])
		}
	}
	if len(got.RGB) != len(want.RGB) {
		t.Fatalf("%s: %d colour bytes, want %d", what, len(got.RGB), len(want.RGB))
	}
	for i := range want.RGB {
		if got.RGB[i] != want.RGB[i] {
			t.Fatalf("%s: colour byte %d is %d, want %d", what, i, got.RGB[i], want.RGB[i])
		}
	}
}

// lossyDiffers fails when a lossy case's decoded volume equals the
// original, which would make comparing with it check nothing.
func lossyDiffers(t *testing.T, what string, decoded, orig *datasets.Volume) {
	t.Helper()
	for i := range orig.Voxels {
		if decoded.Voxels[i] != orig.Voxels[i] {
			return
		}
	}
	t.Fatalf("%s: the tool's lossy output equals the original; choose a lower quality", what)
}

// TestReadCompressedSeries compresses the three real CT slices (implicit
// VR, GE private tags, signed 16-bit) file by file with dcmtk's and gdcm's
// encoders in every syntax that holds 16 bits, and opens each folder as a
// series: lossless syntaxes give exactly the uncompressed series' voxels
// and grid, lossy ones exactly what the tool's own decoder gives back.
func TestReadCompressedSeries(t *testing.T) {
	files := dcmtest.RealCTFiles(t)
	want, err := ReadFiles(files)
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	for _, c := range []compression{rleDcmtk, rleGdcm, jpegSV1, jpegP6, jpegLS, jpegLSNr, j2k, j2kLossy, deflDcmtk, deflGdcm} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(root, c.name)
			compressInto(t, c, files, dir)
			ds, err := datasets.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(ds.Cases) != 1 || len(ds.Warnings) != 0 {
				t.Fatalf("cases %+v warnings %q; want the one series", ds.Cases, ds.Warnings)
			}
			got, _, err := ds.Load(ds.Cases[0])
			if err != nil {
				t.Fatal(err)
			}
			ref := want
			if c.decoder != nil {
				if ref, err = ReadFiles(decodeWithTool(t, c, seriesFiles(t, dir), filepath.Join(root, c.name+"-decoded"))); err != nil {
					t.Fatal(err)
				}
				lossyDiffers(t, c.name, ref, want)
			}
			sameVolume(t, c.name, got, ref)
		})
	}
}

// seriesFiles lists the DICOM files of a one-series folder.
func seriesFiles(t *testing.T, dir string) []string {
	t.Helper()
	series, _, err := ScanFolder(dir)
	if err != nil || len(series) != 1 {
		t.Fatalf("%s: %d series, %v", dir, len(series), err)
	}
	return series[0].Files
}
