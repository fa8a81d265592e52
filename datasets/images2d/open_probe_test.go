package images2d

import (
	"fmt"
	"os"
	"testing"
	"time"
)

// TestOpenProbe reads $SEGTUI_OPEN_PROBE once and prints how long it took,
// for scripts/bench-large.sh, which runs this test binary under
// /usr/bin/time for the peak resident memory (a process of its own, so
// nothing else is counted). Skipped without the variable.
func TestOpenProbe(t *testing.T) {
	path := os.Getenv("SEGTUI_OPEN_PROBE")
	if path == "" {
		t.Skip("SEGTUI_OPEN_PROBE names the image to read (scripts/bench-large.sh sets it)")
	}
	start := time.Now()
	v, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("open %s: %dx%d in %.0f ms\n", path, v.Dim[0], v.Dim[1], float64(time.Since(start).Microseconds())/1000)
}
