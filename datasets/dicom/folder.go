package dicom

import (
	"fmt"
	"path/filepath"
	"sort"

	"github.com/segtui/segtui/datasets"
)

// Series is one series of DICOM image files found in a folder.
type Series struct {
	UID         string
	Description string // SeriesDescription, sanitised for printing
	Modality    string
	Number      int      // SeriesNumber, 0 when absent
	Files       []string // in folder order; slices are sorted by position when read
	slices      []*dicomSlice
}

// IsFile reports whether path is a DICOM Part 10 file: "DICM" after
// the 128-byte preamble, whatever the file is called.
func IsFile(path string) bool {
	// Only regular files: opening a named pipe blocks until a writer comes.
	f, err := datasets.OpenRegular(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var magic [4]byte
	n, _ := f.ReadAt(magic[:], dicomPreamble)
	return n == 4 && string(magic[:]) == "DICM"
}

// ScanFolder reads the headers of the DICOM files directly in dir
// and groups them by SeriesInstanceUID, ordered by SeriesNumber. Files
// that hold no image (DICOMDIR, reports, structure sets), a floating-point
// image, a transfer syntax segtui cannot decode, or that cannot be parsed
// (truncated, corrupt) are skipped with a warning naming them, so one bad
// file does not cost the series beside it. No DICOM files gives nil series
// and no error.
func ScanFolder(dir string) ([]Series, []string, error) {
	names, err := datasets.ListFiles(dir)
	if err != nil {
		return nil, nil, err
	}
	byUID := map[string]*Series{}
	var order []*Series
	var warnings []string
	for _, n := range names {
		path := filepath.Join(dir, n)
		if !IsFile(path) {
			continue
		}
		s, err := readDICOMSlice(path)
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("%v; skipped", err))
			continue
		}
		switch {
		case s.floatPixels != "":
			warnings = append(warnings, fmt.Sprintf("%s: DICOM image in %s, which segtui does not read; skipped", path, s.floatPixels))
			continue
		case !s.hasPixels && (s.rows > 0 || s.cols > 0):
			warnings = append(warnings, fmt.Sprintf("read DICOM %s: the header has Rows and Columns but the file ends before the Pixel Data (7FE0,0010): %v; skipped", path, errTruncated))
			continue
		case !s.hasPixels:
			warnings = append(warnings, fmt.Sprintf("%s: DICOM file with no Pixel Data (7FE0,0010) (a DICOMDIR, report or structure set?); skipped", path))
			continue
		case s.seriesUID == "":
			warnings = append(warnings, fmt.Sprintf("%s: DICOM image with no SeriesInstanceUID (0020,000E); skipped", path))
			continue
		}
		ser, ok := byUID[s.seriesUID]
		if !ok {
			ser = &Series{UID: s.seriesUID, Description: datasets.SanitizeName(s.description), Modality: datasets.SanitizeName(s.modality), Number: s.seriesNumber}
			byUID[s.seriesUID] = ser
			order = append(order, ser)
		}
		ser.Files = append(ser.Files, path)
		ser.slices = append(ser.slices, s)
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i].Number < order[j].Number })
	series := make([]Series, len(order))
	for i, s := range order {
		series[i] = *s
	}
	return series, warnings, nil
}

// ReadSeries reads series uid of the DICOM files in dir as a volume
// on a RAS+ grid; uid "" means the folder's only series.
func ReadSeries(dir, uid string) (*datasets.Volume, error) {
	series, warnings, err := ScanFolder(dir)
	if err != nil {
		return nil, err
	}
	if len(series) == 0 && len(warnings) > 0 {
		return nil, fmt.Errorf("%s: DICOM files but no images among them: %s", dir, warnings[0])
	}
	if len(series) == 0 {
		return nil, fmt.Errorf("%s: no DICOM image files (with \"DICM\" after a 128-byte preamble) in the folder", dir)
	}
	if uid == "" {
		if len(series) > 1 {
			return nil, fmt.Errorf("%s holds %d DICOM series; expected one, or a SeriesInstanceUID to choose", dir, len(series))
		}
		uid = series[0].UID
	}
	for _, s := range series {
		if s.UID == uid {
			v, err := assembleDICOM(s.slices)
			if err != nil {
				return nil, err
			}
			v.Path = dir
			return v, nil
		}
	}
	return nil, fmt.Errorf("%s: no DICOM series with SeriesInstanceUID %s (the folder changed since it was opened?)", dir, datasets.Clip(uid))
}

// ReadFiles reads files that together form one series (one file per
// slice, in any order).
func ReadFiles(paths []string) (*datasets.Volume, error) {
	slices := make([]*dicomSlice, 0, len(paths))
	for _, p := range paths {
		s, err := readDICOMSlice(p)
		if err != nil {
			return nil, err
		}
		slices = append(slices, s)
	}
	if len(slices) > 0 {
		uid := slices[0].seriesUID
		for _, s := range slices[1:] {
			if s.seriesUID != uid {
				return nil, fmt.Errorf("%s and %s belong to different series (SeriesInstanceUID %s and %s)",
					slices[0].path, s.path, datasets.Clip(uid), datasets.Clip(s.seriesUID))
			}
		}
	}
	return assembleDICOM(slices)
}
