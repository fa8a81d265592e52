package nifti

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/klauspost/compress/gzip"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/internal/formatutil"
)

// niftiWriteSpec says how voxels go to disk. The public writers use
// NIfTI-1, little-endian, unscaled; tests vary the rest.
type niftiWriteSpec struct {
	version      int // 1 or 2
	bigEndian    bool
	datatype     int16
	slope, inter float64
	gzip         bool
}

// gzipWriteLevel is the speed-first level nibabel also uses by default:
// label maps and CT compress well at it, and saving stays interactive.
const gzipWriteLevel = gzip.BestSpeed

// Write writes an image volume as NIfTI-1 (gzip when path ends in
// .gz), atomically. Voxels are stored as int16 when every value is a whole
// number in int16 range, else float32; colour images are stored as RGB24.
// The source header geometry (v.Nifti) is copied when it still describes
// v's affine, else geometry is derived from the affine.
func Write(path string, v *datasets.Volume) error {
	if v == nil {
		return fmt.Errorf("write NIfTI %s: no volume", path)
	}
	if err := v.CheckSize(); err != nil {
		return fmt.Errorf("write NIfTI %s: %w", path, err)
	}
	spec := niftiWriteSpec{version: 1, slope: 1, gzip: strings.HasSuffix(path, ".gz")}
	geom := headerGeometry(v.Grid, v.Nifti)
	if v.RGB != nil {
		if len(v.RGB) != 3*v.Len() {
			return fmt.Errorf("write NIfTI %s: %d RGB bytes for %s voxels, expected %d", path, len(v.RGB), v.ShapeString(), 3*v.Len())
		}
		spec.datatype = dtRGB24
		return writeNiftiData(path, v.Grid, geom, v.RGB, spec)
	}
	if len(v.Voxels) != v.Len() {
		return fmt.Errorf("write NIfTI %s: %d voxels for a %s grid, expected %d", path, len(v.Voxels), v.ShapeString(), v.Len())
	}
	spec.datatype = dtFloat32
	if fitsInt16(v.Voxels) {
		spec.datatype = dtInt16
	}
	return writeNiftiData(path, v.Grid, geom, v.Voxels, spec)
}

// WriteLabels writes a label map as NIfTI-1 uint8 (all ids <= 255) or
// uint16, gzip when path ends in .gz, atomically, with the source image's
// header geometry so it overlays exactly in other viewers.
func WriteLabels(path string, l *datasets.LabelMap) error {
	if l == nil {
		return fmt.Errorf("write NIfTI labels %s: no label map", path)
	}
	if err := l.CheckSize(); err != nil {
		return fmt.Errorf("write NIfTI labels %s: %w", path, err)
	}
	if len(l.Labels) != l.Len() {
		return fmt.Errorf("write NIfTI labels %s: %d labels for a %s grid, expected %d", path, len(l.Labels), l.ShapeString(), l.Len())
	}
	spec := niftiWriteSpec{version: 1, slope: 1, datatype: dtUint8, gzip: strings.HasSuffix(path, ".gz")}
	for _, id := range l.Labels {
		if id > math.MaxUint8 {
			spec.datatype = dtUint16
			break
		}
	}
	return writeNiftiData(path, l.Grid, headerGeometry(l.Grid, l.Nifti), l.Labels, spec)
}

// fitsInt16 reports whether int16 storage loses nothing.
func fitsInt16(vs []float32) bool {
	for _, v := range vs {
		if !(v >= math.MinInt16 && v <= math.MaxInt16) || v != float32(int16(v)) {
			return false
		}
	}
	return true
}

// headerGeometry keeps the source file's geometry when it still yields the
// grid's affine (so qform/sform codes and quaternions survive verbatim) and
// derives fresh geometry otherwise.
func headerGeometry(g datasets.Grid, src *datasets.NiftiGeometry) datasets.NiftiGeometry {
	if src != nil && affinesClose(src.Affine(), g.Affine, 1e-4) {
		return *src
	}
	return geometryFromAffine(g.Affine)
}

// writeNiftiData writes a single-file NIfTI: header, extension flag, then
// the voxels converted chunk by chunk to spec.datatype.
func writeNiftiData[S float32 | uint16 | uint8](path string, g datasets.Grid, geom datasets.NiftiGeometry, src []S, spec niftiWriteSpec) error {
	t, ok := niftiTypes[spec.datatype]
	if !ok {
		return fmt.Errorf("write NIfTI %s: unsupported datatype %d", path, spec.datatype)
	}
	h := &niftiHeader{version: spec.version, bigEndian: spec.bigEndian, datatype: spec.datatype,
		bitpix: int16(8 * t.bytes), sclSlope: spec.slope, sclInter: spec.inter, geom: geom}
	h.dim = [8]int64{3, int64(g.Dim[0]), int64(g.Dim[1]), int64(g.Dim[2]), 1, 1, 1, 1}
	h.voxOffset = int64(h.size() + 4)
	body := func(w io.Writer) error {
		if _, err := w.Write(append(h.encode(), 0, 0, 0, 0)); err != nil {
			return err
		}
		return encodeVoxels(w, src, t, spec)
	}
	err := datasets.WriteFileAtomic(path, func(w io.Writer) error {
		if !spec.gzip {
			return body(w)
		}
		zw, err := gzip.NewWriterLevel(w, gzipWriteLevel)
		if err != nil {
			return err
		}
		if err := body(zw); err != nil {
			return err
		}
		return zw.Close()
	})
	if err != nil {
		return fmt.Errorf("write NIfTI: %w", err)
	}
	return nil
}

// encodeVoxels converts src to the stored type in chunks, in the file's
// byte order.
func encodeVoxels[S float32 | uint16 | uint8](w io.Writer, src []S, t niftiType, spec niftiWriteSpec) error {
	if spec.datatype == dtRGB24 { // RGB bytes go to disk as they are
		_, err := w.Write(any(src).([]uint8))
		return err
	}
	per := max(formatutil.ChunkBytes/t.bytes, 1)
	buf := make([]byte, min(per, len(src))*t.bytes)
	swap := spec.bigEndian != formatutil.HostBigEndian()
	for first := 0; first < len(src); first += per {
		part := src[first:min(first+per, len(src))]
		b := buf[:len(part)*t.bytes]
		switch spec.datatype {
		case dtUint8:
			castInto(formatutil.View[uint8](b), part)
		case dtInt8:
			castInto(formatutil.View[int8](b), part)
		case dtInt16:
			castInto(formatutil.View[int16](b), part)
		case dtUint16:
			castInto(formatutil.View[uint16](b), part)
		case dtInt32:
			castInto(formatutil.View[int32](b), part)
		case dtUint32:
			castInto(formatutil.View[uint32](b), part)
		case dtFloat32:
			castInto(formatutil.View[float32](b), part)
		case dtFloat64:
			castInto(formatutil.View[float64](b), part)
		}
		if swap && t.bytes > 1 {
			formatutil.SwapBytes(b, t.bytes)
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// castInto converts values; callers have checked that they fit.
func castInto[T formatutil.Number, S float32 | uint16 | uint8](dst []T, src []S) {
	dst = dst[:len(src)]
	for i, v := range src {
		dst[i] = T(v)
	}
}
