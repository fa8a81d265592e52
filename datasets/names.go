package datasets

import (
	"path/filepath"
	"strings"
)

// stemOf is a file name without directory and extension: without its
// format's suffix (all of .nii.gz), else without what follows the last dot.
func stemOf(path string) string {
	base := filepath.Base(path)
	if _, suffix := lookup(base); suffix != "" {
		return base[:len(base)-len(suffix)]
	}
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// ParseInstanceMask splits the name of a per-instance mask (SAM-Med2D's
// "<stem>_<class>_<nnn>.png") for a given image stem; class names may
// contain underscores, nnn is all digits.
func ParseInstanceMask(stem, maskPath string) (class string, ok bool) {
	rest, found := strings.CutPrefix(stemOf(maskPath), stem+"_")
	if !found {
		return "", false
	}
	cut := strings.LastIndexByte(rest, '_')
	if cut <= 0 || cut == len(rest)-1 {
		return "", false
	}
	for _, r := range rest[cut+1:] {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	return rest[:cut], true
}
