package main

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/nifti"
	"github.com/segtui/segtui/datasets/phantom"
)

// phantomFile writes the synthetic phantom and its labels as NIfTI.
func phantomFile(t *testing.T) (img, lab string) {
	dir := t.TempDir()
	v, l := phantom.New(1)
	img, lab = filepath.Join(dir, "ct.nii.gz"), filepath.Join(dir, "ct_seg.nii.gz")
	if err := nifti.Write(img, v); err != nil {
		t.Fatal(err)
	}
	l.Path = lab
	if err := nifti.WriteLabels(lab, l); err != nil {
		t.Fatal(err)
	}
	return img, lab
}

func TestSnapshotPNGKeepsPhysicalAspect(t *testing.T) {
	img, lab := phantomFile(t)
	v, err := nifti.Read(img)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "cor.png")
	if code := runSnapshot([]string{img, "--labels", lab, "--plane", "coronal", "--window", "abdomen", "--out", out}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pic, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	view := v.View(datasets.Coronal)
	wantRatio := (float64(view.Height) * view.PixelSpacing[1]) / (float64(view.Width) * view.PixelSpacing[0])
	b := pic.Bounds()
	if got := float64(b.Dy()) / float64(b.Dx()); got < wantRatio*0.98 || got > wantRatio*1.02 {
		t.Fatalf("coronal PNG %dx%d has height/width %.3f, physical ratio is %.3f", b.Dx(), b.Dy(), got, wantRatio)
	}
	if b.Dx() != 768 && b.Dy() != 768 {
		t.Fatalf("PNG %dx%d does not fill the 768-pixel box", b.Dx(), b.Dy())
	}
}

func TestSnapshotTerminalFormats(t *testing.T) {
	img, lab := phantomFile(t)
	for format, prefix := range map[string]string{"sixel": "\x1bP", "kitty": "\x1b_G", "iterm": "\x1b]1337;File=", "blocks": "\x1b[38;"} {
		out := captureStdout(t, func() {
			if code := runSnapshot([]string{img, "--labels", lab, "--slice", "30", "--format", format, "--cols", "60", "--rows", "30"}); code != 0 {
				t.Fatalf("%s: exit %d", format, code)
			}
		})
		if !strings.HasPrefix(out, prefix) {
			t.Errorf("%s output starts %q, want %q", format, out[:min(20, len(out))], prefix)
		}
		if format == "blocks" && strings.Count(out, "\n") > 31 {
			t.Errorf("blocks output has %d lines for 30 rows", strings.Count(out, "\n"))
		}
	}
}

func TestSnapshotErrors(t *testing.T) {
	img, _ := phantomFile(t)
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{img}, 2, "exactly one of --out"},
		{[]string{img, "--format", "png"}, 2, "unknown graphics protocol"},
		{[]string{img, "--format", "sixel", "--window", "soft"}, 2, "unknown window"},
		{[]string{img, "--format", "sixel", "--slice", "999"}, 1, "--slice 999"},
		{[]string{filepath.Join(t.TempDir(), "missing.nii"), "--format", "sixel"}, 1, "does not exist"},
		{[]string{"--help"}, 0, "Usage: segtui snapshot"},
	} {
		var code int
		stderr := captureStderr(t, func() { code = runSnapshot(c.args) })
		if code != c.code || !strings.Contains(stderr, c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d mentioning %q", c.args, code, stderr, c.code, c.msg)
		}
	}
}

// TestSnapshotRealMR renders the real big-endian MR volume.
func TestSnapshotRealMR(t *testing.T) {
	dir := "../../../shared/realdata/monai-bigendian"
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared/realdata not present (real-data tests run where the shared folder exists)")
	}
	out := filepath.Join(t.TempDir(), "mr.png")
	code := runSnapshot([]string{filepath.Join(dir, "anatomical.nii"), "--labels", filepath.Join(dir, "anatomical_label.nii.gz"), "--out", out})
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	if st, err := os.Stat(out); err != nil || st.Size() < 200 {
		t.Fatalf("no PNG written: %v", err)
	}
}

func captureStdout(t *testing.T, fn func()) string { return capture(t, &os.Stdout, fn) }
func captureStderr(t *testing.T, fn func()) string { return capture(t, &os.Stderr, fn) }

func capture(t *testing.T, f **os.File, fn func()) string {
	t.Helper()
	tmp, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	saved := *f
	*f = tmp
	defer func() { *f = saved }()
	fn()
	tmp.Close()
	b, _ := os.ReadFile(tmp.Name())
	return string(b)
}
