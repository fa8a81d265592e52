package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// splitSet writes a SIRST-5K-like set: six 32x32 infrared frames with a
// bright square target and its 0/255 mask, 50_50/train.txt (BOM, CRLF),
// 50_50/test.txt naming one missing stem, and a README.txt.
func splitSet(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for i := 1; i <= 6; i++ {
		id := fmt.Sprintf("%06d", i)
		img, mask := image.NewGray(image.Rect(0, 0, 32, 32)), image.NewGray(image.Rect(0, 0, 32, 32))
		for y := 0; y < 32; y++ {
			for x := 0; x < 32; x++ {
				img.SetGray(x, y, color.Gray{Y: uint8(20 + (x+y)%7)})
				if x >= 4*i && x < 4*i+8 && y >= 10 && y < 18 {
					img.SetGray(x, y, color.Gray{Y: 220})
					mask.SetGray(x, y, color.Gray{Y: 255})
				}
			}
		}
		writePNG(t, filepath.Join(root, "images", id+".png"), img)
		writePNG(t, filepath.Join(root, "masks", id+".png"), mask)
	}
	writeText(t, filepath.Join(root, "50_50", "train.txt"), "\xef\xbb\xbf000001\r\n000002\r\n000003\r\n")
	writeText(t, filepath.Join(root, "50_50", "test.txt"), "000004\n000005.png\n000006\n000099\n")
	writeText(t, filepath.Join(root, "README.txt"), "SIRST-like test set\n000001 to 000006, masks 0/255\n")
	return root
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	writeText(t, path, b.String())
}

func writeText(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestInfoShowsAndAppliesSplits(t *testing.T) {
	bin := buildBinary(t)
	root := splitSet(t)

	r := runBin(t, bin, "info", root)
	if r.code != exitOK {
		t.Fatalf("info: exit %d: %s", r.code, r.stderr)
	}
	testList := filepath.Join(root, "50_50", "test.txt")
	for _, want := range []string{
		"images2d layout, 6 case(s), classes: SIRST",
		"split test: 3 case(s), " + testList + " (1 of 4 names match no case, e.g. 000099)",
		"split train: 3 case(s), " + filepath.Join(root, "50_50", "train.txt") + "\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("info lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "split README") {
		t.Errorf("README.txt listed as a split:\n%s", r.stdout)
	}

	r = runBin(t, bin, "info", "--split", "test", root)
	if r.code != exitOK {
		t.Fatalf("info --split test: exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "3 case(s) in split test") || !strings.Contains(r.stdout, "warning: split test ("+testList+"): 1 of 4 names match no case: 000099") {
		t.Errorf("info --split test:\n%s", r.stdout)
	}
	if got := casesListed(r.stdout); got != "000004,000005,000006" {
		t.Errorf("info --split test lists cases %s", got)
	}

	r = runBin(t, bin, "info", "--json", root, "--split", "50_50/train")
	var info datasetInfo
	if err := json.Unmarshal([]byte(r.stdout), &info); err != nil || r.code != exitOK {
		t.Fatalf("info --json: exit %d, %v\n%s", r.code, err, r.stderr)
	}
	if info.Split != "train" || len(info.Cases) != 3 || info.Cases[0].ID != "000001" || len(info.Splits) != 2 {
		t.Errorf("json: split %q, %d cases, splits %+v", info.Split, len(info.Cases), info.Splits)
	}
	if s := info.Splits[0]; s.Name != "test" || s.Cases != 3 || s.Names != 4 || s.Missing != 1 || s.MissingExamples[0] != "000099" {
		t.Errorf("json test split %+v", s)
	}
}

func casesListed(text string) string {
	var ids []string
	for _, line := range strings.Split(text, "\n") {
		if id, ok := strings.CutPrefix(line, "case "); ok {
			ids = append(ids, id)
		}
	}
	return strings.Join(ids, ",")
}

func TestUnknownSplitIsAnError(t *testing.T) {
	bin := buildBinary(t)
	root := splitSet(t)
	for _, args := range [][]string{
		{"info", "--split", "val", root},
		{"eval", "--split", "val", "--out", filepath.Join(t.TempDir(), "res"), root},
		{"--split", "val", root},
	} {
		r := runBin(t, bin, args...)
		if r.code != exitError || !strings.Contains(r.stderr, `no split "val" in `+root+"; splits: test (3 cases), train (3 cases)") {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	r := runBin(t, bin, "info", "--split", "README", root)
	if !strings.Contains(r.stderr, "README.txt is not taken as a split: only 0 of its 2 names are cases") {
		t.Errorf("README as a split: %q", r.stderr)
	}
	r = runBin(t, bin, "--split", "test")
	if r.code != exitUsage || !strings.Contains(r.stderr, "--split needs a dataset PATH") {
		t.Errorf("--split without PATH: exit %d, %q", r.code, r.stderr)
	}
}

// evalResults is the part of results.json the split tests read.
type evalResults struct {
	Split string
	Cases []struct{ Case, Variant string }
}

func TestEvalSplitScoresOnlyThatSplit(t *testing.T) {
	root := splitSet(t)
	out := filepath.Join(t.TempDir(), "res")
	var stdout, stderr bytes.Buffer
	if code := evalMain([]string{"--split", "test", "--out", out, root}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "segtui eval: warning: split test ("+filepath.Join(root, "50_50", "test.txt")+"): 1 of 4 names match no case: 000099") {
		t.Errorf("no warning about the missing stem: %q", stderr.String())
	}
	if !strings.Contains(stdout.String(), "Split test. Protocol box") {
		t.Errorf("tables do not name the split:\n%s", stdout.String())
	}
	var res evalResults
	b, err := os.ReadFile(filepath.Join(out, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatal(err)
	}
	var cases []string
	for _, c := range res.Cases {
		cases = append(cases, c.Case+"/"+c.Variant)
	}
	if res.Split != "test" || strings.Join(cases, ",") != "000004/builtin,000005/builtin,000006/builtin" {
		t.Errorf("results.json: split %q, cases %v", res.Split, cases)
	}

	// --resume must be the same split: another one is a different setup.
	stdout.Reset()
	stderr.Reset()
	if code := evalMain([]string{"--split", "train", "--resume", "--out", out, root}, &stdout, &stderr); code != exitError ||
		!strings.Contains(stderr.String(), "was made with a different setup") || !strings.Contains(stderr.String(), "split test") {
		t.Errorf("resume with another split: exit %d, %q", code, stderr.String())
	}
	stderr.Reset()
	if code := evalMain([]string{"--resume", "--out", out, root}, &stdout, &stderr); code != exitError || !strings.Contains(stderr.String(), "split test") {
		t.Errorf("resume without the split: exit %d, %q", code, stderr.String())
	}
	stderr.Reset()
	if code := evalMain([]string{"--split", "test", "--resume", "--out", out, root}, &stdout, &stderr); code != exitOK {
		t.Errorf("resume with the same split: exit %d, %q", code, stderr.String())
	}

	// review narrows the data to the recorded split: with the list gone it
	// says so before taking the terminal, instead of showing every case.
	if err := os.Rename(filepath.Join(root, "50_50", "test.txt"), filepath.Join(root, "50_50", "test.bak")); err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	if code := reviewMain([]string{out}, &stderr); code != exitError || !strings.Contains(stderr.String(), `no split "test" in `+root+"; splits: train (3 cases)") {
		t.Errorf("review without the recorded split list: exit %d, %q", code, stderr.String())
	}
}

// The TUI browses only the split's cases, in a real terminal.
func TestTUISplitBrowsesOnlyThoseCases(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed; this test needs a real terminal")
	}
	bin := buildBinary(t)
	root := splitSet(t)
	dir := t.TempDir()
	sock, name := filepath.Join(dir, "tmux.sock"), fmt.Sprintf("segtui-split-%d", os.Getpid())
	tmux := func(args ...string) string {
		out, err := exec.Command("tmux", append([]string{"-S", sock}, args...)...).CombinedOutput()
		if err != nil && args[0] != "kill-server" {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	tmux("new-session", "-d", "-s", name, "-x", "160", "-y", "40",
		fmt.Sprintf("cd %s && XDG_CONFIG_HOME=%s %s --graphics blocks --split test --out %s %s; sleep 30", dir, dir, bin, filepath.Join(dir, "out"), root))
	t.Cleanup(func() { tmux("kill-server") })
	deadline := time.Now().Add(60 * time.Second)
	var screen string
	for {
		screen = tmux("capture-pane", "-p", "-t", name)
		if strings.Contains(screen, "opened 000004") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the first split case never opened; screen:\n%s", screen)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(screen, "Cases 3") || !strings.Contains(screen, "000005") || !strings.Contains(screen, "000006") {
		t.Errorf("browser does not list the 3 test cases:\n%s", screen)
	}
	for _, id := range []string{"000001", "000002", "000003"} {
		if strings.Contains(screen, id) {
			t.Errorf("train case %s is on screen:\n%s", id, screen)
		}
	}
}
