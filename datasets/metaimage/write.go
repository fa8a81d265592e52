package metaimage

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/klauspost/compress/zlib"
	"github.com/segtui/segtui/datasets"
)

// WriteLabels writes a label map as MetaImage: a single .mha file, or a
// .mhd header with its data in NAME.zraw beside it; zlib-compressed,
// little-endian, MET_UCHAR when every id fits in a byte, else MET_USHORT;
// geometry back in ITK's LPS. Files are replaced atomically.
func WriteLabels(path string, l *datasets.LabelMap) error {
	if len(l.Labels) != l.Len() {
		return fmt.Errorf("write MetaImage %s: %d labels for a %s grid", path, len(l.Labels), l.ShapeString())
	}
	typ := "MET_UCHAR"
	for _, v := range l.Labels {
		if v > 255 {
			typ = "MET_USHORT"
			break
		}
	}
	return write(path, l.Grid, typ, func(w io.Writer) error { return encodeLabels(w, l.Labels, typ) })
}

// Write writes an image volume as MetaImage, laid out as WriteLabels does:
// MET_SHORT when every value is a whole number in int16 range, else
// MET_FLOAT. Colour images are refused: MetaImage has no RGB type segtui
// reads back.
func Write(path string, v *datasets.Volume) error {
	switch {
	case v.RGB != nil:
		return fmt.Errorf("write MetaImage %s: a colour image; MetaImage is written for scalar volumes only", path)
	case len(v.Voxels) != v.Len():
		return fmt.Errorf("write MetaImage %s: %d voxels for a %s grid", path, len(v.Voxels), v.ShapeString())
	}
	typ := "MET_SHORT"
	for _, x := range v.Voxels {
		if x != float32(int16(x)) {
			typ = "MET_FLOAT"
			break
		}
	}
	return write(path, v.Grid, typ, func(w io.Writer) error { return encodeVoxels(w, v.Voxels, typ) })
}

// write compresses the data encode writes and stores it with its header.
func write(path string, g datasets.Grid, typ string, encode func(io.Writer) error) error {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".mha" && ext != ".mhd" {
		return fmt.Errorf("write MetaImage %s: expected a .mha or .mhd name", path)
	}
	var raw bytes.Buffer
	zw, err := zlib.NewWriterLevel(&raw, zlib.BestSpeed)
	if err != nil {
		return err
	}
	if err := encode(zw); err != nil {
		return fmt.Errorf("write MetaImage %s: %w", path, err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write MetaImage %s: %w", path, err)
	}
	dataFile := "LOCAL"
	if ext == ".mhd" {
		dataFile = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)) + ".zraw"
	}
	hdr := headerText(g, typ, raw.Len(), dataFile)
	if ext == ".mhd" {
		if err := datasets.WriteFileAtomic(filepath.Join(filepath.Dir(path), dataFile), func(w io.Writer) error {
			_, err := w.Write(raw.Bytes())
			return err
		}); err != nil {
			return err
		}
		return datasets.WriteFileAtomic(path, func(w io.Writer) error {
			_, err := io.WriteString(w, hdr)
			return err
		})
	}
	return datasets.WriteFileAtomic(path, func(w io.Writer) error {
		if _, err := io.WriteString(w, hdr); err != nil {
			return err
		}
		_, err := w.Write(raw.Bytes())
		return err
	})
}

// encodeVoxels writes voxels little-endian as MET_SHORT or MET_FLOAT.
func encodeVoxels(w io.Writer, voxels []float32, typ string) error {
	const chunk = 1 << 16
	buf := make([]byte, 0, 4*chunk)
	for i := 0; i < len(voxels); i += chunk {
		buf = buf[:0]
		for _, v := range voxels[i:min(i+chunk, len(voxels))] {
			if typ == "MET_SHORT" {
				buf = binary.LittleEndian.AppendUint16(buf, uint16(int16(v)))
			} else {
				buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(v))
			}
		}
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return nil
}

func encodeLabels(w io.Writer, labels []uint16, typ string) error {
	const chunk = 1 << 16
	buf := make([]byte, 0, 2*chunk)
	for i := 0; i < len(labels); i += chunk {
		buf = buf[:0]
		for _, v := range labels[i:min(i+chunk, len(labels))] {
			if typ == "MET_UCHAR" {
				buf = append(buf, byte(v))
			} else {
				buf = binary.LittleEndian.AppendUint16(buf, v)
			}
		}
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return nil
}

// headerText writes the keys in the order ITK writes them.
func headerText(g datasets.Grid, typ string, compressed int, dataFile string) string {
	spacing, matrix, origin := geometryOf(g)
	num := func(vs ...float64) string {
		s := make([]string, len(vs))
		for i, v := range vs {
			s[i] = strconv.FormatFloat(v, 'g', -1, 64)
		}
		return strings.Join(s, " ")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = False\n")
	fmt.Fprintf(&b, "CompressedData = True\nCompressedDataSize = %d\n", compressed)
	fmt.Fprintf(&b, "TransformMatrix = %s\n", num(matrix[:]...))
	fmt.Fprintf(&b, "Offset = %s\nCenterOfRotation = 0 0 0\n", num(origin[:]...))
	fmt.Fprintf(&b, "AnatomicalOrientation = %s\n", anatomicalOrientation(matrix))
	fmt.Fprintf(&b, "ElementSpacing = %s\n", num(spacing[:]...))
	fmt.Fprintf(&b, "DimSize = %d %d %d\nElementType = %s\nElementDataFile = %s\n", g.Dim[0], g.Dim[1], g.Dim[2], typ, dataFile)
	return b.String()
}
