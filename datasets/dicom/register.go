package dicom

import (
	"strings"

	"github.com/segtui/segtui/datasets"
)

func init() {
	datasets.RegisterFormat(datasets.Format{
		Name: "DICOM",
		Kind: datasets.KindSeries,
		// DICOM Part 10 files may be called anything: "DICM" after the
		// 128-byte preamble says what they are.
		Magic:      strings.Repeat("?", dicomPreamble) + "DICM",
		ScanFolder: scanSeries,
		ReadSeries: ReadSeries,
	})
}

// scanSeries is ScanFolder for discovery, which needs only what
// names and counts the series.
func scanSeries(dir string) ([]datasets.Series, []string, error) {
	found, warnings, err := ScanFolder(dir)
	series := make([]datasets.Series, len(found))
	for i, s := range found {
		series[i] = datasets.Series{UID: s.UID, Description: s.Description, Modality: s.Modality, Number: s.Number, Files: s.Files}
	}
	return series, warnings, err
}
