package tui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/dicom"
	"github.com/segtui/segtui/datasets/metaimage"
)

var voxelRE = regexp.MustCompile(`voxel \((\d+),(\d+),(\d+)\) (-?\d+) HU`)

// TestE2ETmuxOpensEachKind opens what issue 15 made readable in the TUI in
// a real terminal: the real CT series compressed as JPEG-LS by dcmtk, the
// same slices as one Enhanced CT (gdcmtar) compressed as RLE, and as
// MetaImage, a single .mha and a .mhd with its .zraw. For each, the case
// opens with the series' shape and the voxel under the cursor, read off
// the status line at two places, has the uncompressed series' value.
func TestE2ETmuxOpensEachKind(t *testing.T) {
	src := filepath.Join("..", "..", "shared", "realdata", "dcmqi-ct3")
	if _, err := os.Stat(src); err != nil {
		t.Skipf("real data not present (%v); CI has ../shared/realdata", err)
	}
	dir, bin := e2eBinary(t)
	want, err := dicom.ReadSeries(src, "")
	if err != nil {
		t.Fatal(err)
	}
	tool := func(t *testing.T, name string, args ...string) {
		t.Helper()
		if _, err := exec.LookPath(name); err != nil {
			t.Skipf("%s is not installed (dcmtk, libgdcm-tools; .ci/run installs them)", name)
		}
		if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
	}
	kinds := []struct {
		name, id string
		make     func(t *testing.T) string // returns the PATH to open
	}{
		{"jpegls-series", "ct-jpegls", func(t *testing.T) string {
			out := filepath.Join(dir, "ct-jpegls")
			os.MkdirAll(out, 0o755)
			for _, f := range []string{"01.dcm", "02.dcm", "03.dcm"} {
				tool(t, "dcmcjpls", filepath.Join(src, f), filepath.Join(out, f))
			}
			return out
		}},
		{"enhanced-rle", "ct-enhanced", func(t *testing.T) string {
			tool(t, "gdcmtar", "--enhance", "-i", src, "-o", filepath.Join(dir, "gdcmtar"))
			found, _ := filepath.Glob(filepath.Join(dir, "gdcmtar", "*", "*", "*", "new.dcm"))
			if len(found) != 1 {
				t.Fatalf("gdcmtar wrote %v", found)
			}
			out := filepath.Join(dir, "ct-enhanced")
			os.MkdirAll(out, 0o755)
			tool(t, "dcmcrle", found[0], filepath.Join(out, "enhanced.dcm"))
			return out
		}},
		{"mha", "ct", func(t *testing.T) string {
			p := filepath.Join(dir, "mha", "ct.mha")
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := metaimage.Write(p, want); err != nil {
				t.Fatal(err)
			}
			return p
		}},
		{"mhd-zraw", "ct", func(t *testing.T) string {
			p := filepath.Join(dir, "mhd", "ct.mhd")
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := metaimage.Write(p, want); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(filepath.Join(dir, "mhd", "ct.zraw")); err != nil {
				t.Fatal(err)
			}
			return p
		}},
	}
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			path := k.make(t)
			tm := &tmuxTerm{t: t, name: fmt.Sprintf("segtui-e2e-%s-%d", k.name, os.Getpid()), sock: filepath.Join(dir, k.name+".sock")}
			tm.run("new-session", "-d", "-s", tm.name, "-x", "160", "-y", "48",
				fmt.Sprintf("cd %s && XDG_CONFIG_HOME=%s %s --graphics blocks --out %s %s; echo SEGTUI-EXITED $?; sleep 30",
					dir, filepath.Join(dir, "config"), bin, filepath.Join(dir, "out-"+k.name), path))
			t.Cleanup(func() { tm.run("kill-server") })
			opened := fmt.Sprintf("opened %s (%s, %s)", k.id, want.ShapeString(), want.Orientation())
			tm.waitFor(opened, func(s string) bool { return strings.Contains(s, opened) })
			checkVoxelOnScreen(t, tm, want)
			tm.keys("L", "L", "j")
			tm.waitFor("cursor move", func(s string) bool { return !strings.Contains(s, "cursor (256,256)") })
			checkVoxelOnScreen(t, tm, want)
			tm.keys("q")
			tm.waitFor("exit", func(s string) bool { return strings.Contains(s, "SEGTUI-EXITED 0") })
		})
	}
}

// checkVoxelOnScreen reads "voxel (i,j,k) v HU" off the status line and
// compares v with the reference volume's voxel.
func checkVoxelOnScreen(t *testing.T, tm *tmuxTerm, want *datasets.Volume) {
	t.Helper()
	s := tm.waitFor("voxel on the status line", func(s string) bool { return voxelRE.MatchString(s) })
	m := voxelRE.FindStringSubmatch(s)
	var ijk [4]int
	for i := range ijk {
		ijk[i], _ = strconv.Atoi(m[i+1])
	}
	if v := int(want.Voxels[want.Index(ijk[0], ijk[1], ijk[2])]); v != ijk[3] {
		t.Errorf("voxel (%d,%d,%d) shows %d HU; the uncompressed series has %d\n%s", ijk[0], ijk[1], ijk[2], ijk[3], v, s)
	} else {
		t.Logf("voxel (%d,%d,%d) = %d HU, as in the uncompressed series", ijk[0], ijk[1], ijk[2], v)
	}
}
