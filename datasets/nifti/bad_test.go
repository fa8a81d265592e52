package nifti

import (
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// goodFile writes a valid little-endian NIfTI-1 int16 file to corrupt.
func goodFile(t *testing.T, name string, d0, d1, d2 int) string {
	t.Helper()
	g := testGrid(d0, d1, d2)
	vs := make([]float32, g.Len())
	// Pseudo-random values so gzip cannot squeeze the data to nothing and
	// a cut lands inside the deflate stream.
	x := uint32(12345)
	for i := range vs {
		x = x*1664525 + 1013904223
		vs[i] = float32(int16(x >> 16))
	}
	path := filepath.Join(t.TempDir(), name)
	writeRaw(t, path, g, vs, niftiWriteSpec{version: 1, datatype: dtInt16, slope: 1, gzip: filepath.Ext(name) == ".gz"})
	return path
}

func readBoth(path string) (error, error) {
	_, errV := Read(path)
	_, errL := ReadLabels(path)
	return errV, errL
}

func truncateFile(t *testing.T, path string, n int64) {
	t.Helper()
	if err := os.Truncate(path, n); err != nil {
		t.Fatal(err)
	}
}

func TestNiftiBadTruncatedGzip(t *testing.T) {
	path := goodFile(t, "t.nii.gz", 64, 64, 8)
	st, _ := os.Stat(path)
	truncateFile(t, path, st.Size()/2)
	errV, errL := readBoth(path)
	wantErr(t, errV, path, "gzip stream truncated", "expected 65536 bytes")
	wantErr(t, errL, path, "gzip stream truncated")
}

// A cut in the 8-byte gzip trailer loses no voxels but the file is still
// damaged; the checksum pass after the voxels notices.
func TestNiftiBadTruncatedGzipTrailer(t *testing.T) {
	path := goodFile(t, "t.nii.gz", 8, 8, 8)
	st, _ := os.Stat(path)
	truncateFile(t, path, st.Size()-3)
	_, err := Read(path)
	wantErr(t, err, path, "gzip stream truncated after the voxel data")
}

func TestNiftiBadCorruptGzip(t *testing.T) {
	path := goodFile(t, "c.nii.gz", 64, 64, 8)
	st, _ := os.Stat(path)
	junk := make([]byte, 64)
	for i := range junk {
		junk[i] = 0xff
	}
	patchFile(t, path, int(st.Size()/2), junk)
	_, err := Read(path)
	wantErr(t, err, path, "corrupt gzip stream")

	// A damaged gzip header (compression method 7, not deflate).
	path = goodFile(t, "h.nii.gz", 4, 4, 4)
	patchFile(t, path, 2, []byte{7})
	_, err = Read(path)
	wantErr(t, err, path, "corrupt gzip stream")
}

func TestNiftiBadDataShorterThanHeaderSays(t *testing.T) {
	path := goodFile(t, "s.nii", 10, 10, 10) // 2000 bytes of voxels from offset 352
	truncateFile(t, path, 352+1500)
	errV, errL := readBoth(path)
	wantErr(t, errV, path, "2000 bytes", "only 1500", "10x10x10")
	wantErr(t, errL, path, "2000 bytes", "only 1500")

	// Plain data ends inside a gzip file whose stream is intact.
	g := testGrid(10, 10, 10)
	gz := filepath.Join(t.TempDir(), "short.nii.gz")
	writeRaw(t, gz, g, make([]float32, g.Len()), niftiWriteSpec{version: 1, datatype: dtInt16, slope: 1, gzip: true})
	// Claim twice the slices: the stream is valid but ends early.
	raw := gunzipForTest(t, mustRead(t, gz))
	binary.LittleEndian.PutUint16(raw[46:], 20)
	regzipForTest(t, gz, raw)
	_, err := Read(gz)
	wantErr(t, err, gz, "expected 4000 bytes", "found 2000", "the decompressed data ends there")
}

func TestNiftiBadAbsurdDimensions(t *testing.T) {
	path := goodFile(t, "a.nii", 2, 2, 2)
	dims := []int16{3, 30000, 30000, 30000}
	b := make([]byte, 8)
	for i, d := range dims {
		binary.LittleEndian.PutUint16(b[2*i:], uint16(d))
	}
	patchFile(t, path, 40, b)
	_, err := Read(path)
	wantErr(t, err, path, "30000x30000x30000", "voxel limit")

	// NIfTI-2 can claim 2^40 voxels along one axis.
	g := testGrid(2, 2, 2)
	p2 := filepath.Join(t.TempDir(), "a2.nii")
	writeRaw(t, p2, g, make([]float32, 8), niftiWriteSpec{version: 2, datatype: dtUint8, slope: 1})
	b8 := make([]byte, 8)
	binary.LittleEndian.PutUint64(b8, 1<<40)
	patchFile(t, p2, 16+8, b8)
	_, err = Read(p2)
	wantErr(t, err, p2, "dim[1] is 1099511627776")

	// Within the voxel limit, but far more than a tiny gzip can hold: refused
	// before the 4 GB output is allocated.
	gz := filepath.Join(t.TempDir(), "a.nii.gz")
	raw := gunzipForTest(t, mustRead(t, goodFile(t, "x.nii.gz", 2, 2, 2)))
	for i, d := range []int16{3, 1000, 1000, 1000} {
		binary.LittleEndian.PutUint16(raw[40+2*i:], uint16(d))
	}
	regzipForTest(t, gz, raw)
	_, err = Read(gz)
	wantErr(t, err, gz, "2000000000 bytes", "can hold at most")
}

func TestNiftiBadNonPositiveDims(t *testing.T) {
	for _, c := range []struct {
		axis int
		val  int16
		msg  string
	}{{2, 0, "dim[2] is 0"}, {1, -5, "dim[1] is -5"}, {0, 0, "dim[0] is 0"}, {0, 9, "dim[0] is 9"}} {
		path := goodFile(t, "n.nii", 2, 2, 2)
		b := make([]byte, 2)
		binary.LittleEndian.PutUint16(b, uint16(c.val))
		patchFile(t, path, 40+2*c.axis, b)
		errV, errL := readBoth(path)
		wantErr(t, errV, path, c.msg)
		wantErr(t, errL, path, c.msg)
	}
}

// segtui refuses several 3-D volumes rather than silently showing one.
func TestNiftiBadSeveralVolumes(t *testing.T) {
	path := goodFile(t, "4d.nii", 2, 2, 2)
	patchFile(t, path, 40, []byte{4, 0, 2, 0, 2, 0, 2, 0, 3, 0})
	_, err := Read(path)
	wantErr(t, err, path, "dim[4] is 3", "single 3-D volumes")
}

func TestNiftiBadDatatype(t *testing.T) {
	for _, c := range []struct {
		code int16
		msg  string
	}{{32, "datatype 32 (complex64)"}, {1024, "datatype 1024 (int64)"}, {9999, "datatype 9999 (not a NIfTI type)"}} {
		path := goodFile(t, "d.nii", 2, 2, 2)
		b := make([]byte, 2)
		binary.LittleEndian.PutUint16(b, uint16(c.code))
		patchFile(t, path, 70, b)
		errV, errL := readBoth(path)
		wantErr(t, errV, path, c.msg, "unsupported")
		wantErr(t, errL, path, c.msg)
	}
}

func TestNiftiBadMagic(t *testing.T) {
	path := goodFile(t, "m.nii", 2, 2, 2)
	patchFile(t, path, 344, []byte("n+3\x00"))
	_, err := Read(path)
	wantErr(t, err, path, "bad NIfTI-1 magic", `"n+3\x00"`)

	p2 := filepath.Join(t.TempDir(), "m2.nii")
	writeRaw(t, p2, testGrid(2, 2, 2), make([]float32, 8), niftiWriteSpec{version: 2, datatype: dtUint8, slope: 1})
	patchFile(t, p2, 4, []byte("n+2\x00\n\n\x1a\n")) // what a CRLF->LF transfer does
	_, err = Read(p2)
	wantErr(t, err, p2, "bad NIfTI-2 magic", "text-mode transfer")

	notNifti := filepath.Join(t.TempDir(), "notes.nii")
	os.WriteFile(notNifti, []byte("this is a text file, long enough to have a header's worth of bytes"), 0o644)
	_, err = Read(notNifti)
	wantErr(t, err, notNifti, "not a NIfTI file", "expected 348 (NIfTI-1) or 540 (NIfTI-2)")
}

func TestNiftiBadShortHeader(t *testing.T) {
	path := goodFile(t, "h.nii", 2, 2, 2)
	truncateFile(t, path, 100)
	_, err := Read(path)
	wantErr(t, err, path, "header truncated", "348")

	empty := filepath.Join(t.TempDir(), "empty.nii")
	os.WriteFile(empty, nil, 0o644)
	_, err = Read(empty)
	wantErr(t, err, empty, "too short for a NIfTI header")
}

func TestNiftiBadVoxOffsetPastEnd(t *testing.T) {
	path := goodFile(t, "o.nii", 2, 2, 2)
	b := make([]byte, 4)
	binary.LittleEndian.PutUint32(b, math.Float32bits(4096))
	patchFile(t, path, 108, b)
	_, err := Read(path)
	wantErr(t, err, path, "vox_offset is 4096", "ends after 368 bytes")

	binary.LittleEndian.PutUint32(b, math.Float32bits(352.5))
	patchFile(t, path, 108, b)
	_, err = Read(path)
	wantErr(t, err, path, "vox_offset 352.5")
}

func TestNiftiBadUnreadable(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.nii.gz")
	_, err := Read(missing)
	wantErr(t, err, missing, "no such file")

	dir := t.TempDir()
	_, err = ReadLabels(dir)
	wantErr(t, err, dir, "is a directory")

	if os.Geteuid() == 0 {
		t.Log("running as root: permission bits do not stop root, so the mode-000 case is not checked here")
		return
	}
	locked := goodFile(t, "locked.nii", 2, 2, 2)
	os.Chmod(locked, 0)
	_, err = Read(locked)
	wantErr(t, err, locked, "permission denied")
}

func TestNiftiBadLabelValues(t *testing.T) {
	g := testGrid(3, 2, 2)
	for _, c := range []struct {
		code int16
		vals []float32
		msg  string
	}{
		{dtInt16, []float32{0, 1, 2, 0, -3}, "voxel (1,1,0) has value -3"},
		{dtInt32, []float32{0, 70000}, "voxel (1,0,0) has value 70000"},
		{dtFloat32, []float32{0, 1, 1.5}, "voxel (2,0,0) has value 1.5"},
		{dtFloat64, []float32{0, 0, 0, 0, 0, 0, float32(math.NaN())}, "voxel (0,0,1) has value NaN"},
	} {
		vals := make([]float32, g.Len())
		copy(vals, c.vals)
		path := filepath.Join(t.TempDir(), "l.nii")
		writeRaw(t, path, g, vals, niftiWriteSpec{version: 1, datatype: c.code, slope: 1})
		_, err := ReadLabels(path)
		wantErr(t, err, path, c.msg, "whole numbers in 0..65535")
		if _, err := Read(path); err != nil {
			t.Errorf("the same file as an image should read: %v", err)
		}
	}
	// Integral floats are accepted as labels.
	path := filepath.Join(t.TempDir(), "f.nii")
	writeRaw(t, path, g, typedValues([]float32{65535, 0, 3}, g.Len()), niftiWriteSpec{version: 1, datatype: dtFloat32, slope: 1})
	l, err := ReadLabels(path)
	if err != nil {
		t.Fatal(err)
	}
	if l.Labels[0] != 65535 || l.Labels[2] != 3 {
		t.Errorf("float labels read as %v", l.Labels[:4])
	}
}

func TestNiftiPair(t *testing.T) {
	g := testGrid(3, 3, 2)
	dir := t.TempDir()
	single := filepath.Join(dir, "s.nii")
	want := typedValues([]float32{-7, 9}, g.Len())
	writeRaw(t, single, g, want, niftiWriteSpec{version: 1, datatype: dtInt16, slope: 1})
	data := mustRead(t, single)
	hdr := append([]byte(nil), data[:348]...)
	copy(hdr[344:], "ni1\x00")
	binary.LittleEndian.PutUint32(hdr[108:], math.Float32bits(0))
	os.WriteFile(filepath.Join(dir, "p.hdr"), hdr, 0o644)
	os.WriteFile(filepath.Join(dir, "p.img"), data[352:], 0o644)
	for _, name := range []string{"p.hdr", "p.img"} {
		v, err := Read(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i := range want {
			if v.Voxels[i] != want[i] {
				t.Fatalf("%s voxel %d: got %v, want %v", name, i, v.Voxels[i], want[i])
			}
		}
	}
	os.Remove(filepath.Join(dir, "p.img"))
	hp := filepath.Join(dir, "p.hdr")
	_, err := Read(hp)
	wantErr(t, err, hp, "p.img is missing")
}
