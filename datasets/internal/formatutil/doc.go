// Package formatutil holds what several format packages share (as
// image/internal/imageutil does for Go's codecs): voxel conversions, the
// gzip source, RGB luma and the geometry of ITK's default orientation.
package formatutil
