package tui

import (
	"os"
	"path/filepath"
	"time"
)

// staleTempAge is when a save's temporary file counts as left behind: a
// save writes its temporary file continuously and renames it within
// seconds, so one untouched this long belongs to a process that died
// mid-save (kill -9, a power cut).
const staleTempAge = time.Minute

// cleanStaleTemps removes what an interrupted save of the label file path
// left beside it: the atomic writer's ".NAME.tmp-*" and the NIfTI save's
// ".NAME.partial.nii.gz" (and its own temporary files). Label file names
// are safeFileName's, so they hold no pattern characters.
func cleanStaleTemps(path string) {
	dir, base := filepath.Split(path)
	for _, pattern := range []string{"." + base + ".tmp-*", "." + base + ".partial.nii.gz", ".." + base + ".partial.nii.gz.tmp-*"} {
		matches, _ := filepath.Glob(filepath.Join(dir, pattern))
		for _, p := range matches {
			if st, err := os.Lstat(p); err == nil && st.Mode().IsRegular() && time.Since(st.ModTime()) > staleTempAge {
				os.Remove(p)
			}
		}
	}
}
