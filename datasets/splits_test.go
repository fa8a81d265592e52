package datasets_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
)

// splitSet writes a SIRST-5K-like binary-mask set of six images with the
// given extra files (path relative to root -> content).
func splitSet(t *testing.T, extra map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for i := 1; i <= 6; i++ {
		id := fmt.Sprintf("%06d", i)
		saveImage(t, filepath.Join(root, "images", id+".png"), greyImage(5, 4, func(x, y int) uint8 { return uint8(40 * x) }))
		saveImage(t, filepath.Join(root, "masks", id+".png"), greyImage(5, 4, func(x, y int) uint8 { return uint8(255 * b2i(x == i%5)) }))
	}
	for rel, content := range extra {
		touch(t, filepath.Join(root, rel), []byte(content))
	}
	return root
}

// sirstLists are SIRST-5K-style lists: train with a BOM and CRLF line
// ends, test naming files with and without extension, a Windows path,
// a missing stem and a hostile line, in no particular order; and a
// README that is not a split.
var sirstLists = map[string]string{
	"50_50/train.txt": "\xef\xbb\xbf000001\r\n000002\r\n000003\r\n",
	"50_50/test.txt":  "000006\n000004.png\n\n# held-out half\nimages\\000005.png\n000099\n\x1b]0;owned\x07gone\n",
	"README.txt":      "SIRST-5K\nImages are 000001.png to 000006.png.\nMasks are 0/255.\n",
}

func TestSplitsDiscovered(t *testing.T) {
	root := splitSet(t, sirstLists)
	ds, err := datasets.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Splits) != 2 {
		t.Fatalf("splits %+v, want test and train (README.txt is not one)", ds.Splits)
	}
	test, train := ds.Splits[0], ds.Splits[1]
	if test.Name != "test" || test.Path != filepath.Join(root, "50_50", "test.txt") {
		t.Errorf("first split %q at %s", test.Name, test.Path)
	}
	if strings.Join(test.IDs, ",") != "000004,000005,000006" || test.Names != 5 || test.Missing != 2 {
		t.Errorf("test: ids %v, %d names, %d missing", test.IDs, test.Names, test.Missing)
	}
	if strings.Join(test.MissingExamples, "|") != "000099|gone" {
		t.Errorf("missing examples %q: want the names sanitised", test.MissingExamples)
	}
	if train.Name != "train" || strings.Join(train.IDs, ",") != "000001,000002,000003" || train.Names != 3 || train.Missing != 0 {
		t.Errorf("train (BOM, CRLF): %+v", train)
	}
	if len(ds.Cases) != 6 || ds.SplitName != "" {
		t.Errorf("discovery narrowed the set: %d cases, split %q", len(ds.Cases), ds.SplitName)
	}
}

func TestSplitNarrowsDataset(t *testing.T) {
	root := splitSet(t, sirstLists)
	before := treeHash(t, root)
	ds, err := datasets.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"test", "50_50/test", "test.txt", `50_50\test`} {
		sub, err := ds.Split(name)
		if err != nil {
			t.Fatalf("Split(%q): %v", name, err)
		}
		if strings.Join(caseIDs(sub), ",") != "000004,000005,000006" || sub.SplitName != "test" {
			t.Errorf("Split(%q): cases %v, split %q", name, caseIDs(sub), sub.SplitName)
		}
		w := sub.Warnings[len(sub.Warnings)-1]
		if !strings.Contains(w, "2 of 5 names match no case: 000099, gone") || strings.ContainsRune(w, 0x1b) {
			t.Errorf("Split(%q) warning %q", name, w)
		}
		if sub.Cases[0].LabelPath != filepath.Join(root, "masks", "000004.png") || sub.MaskKind != datasets.MaskBinary {
			t.Errorf("Split(%q) lost the masks: %+v kind %s", name, sub.Cases[0], sub.MaskKind)
		}
	}
	if len(ds.Cases) != 6 || len(ds.Warnings) != 0 {
		t.Errorf("Split changed its receiver: %d cases, warnings %v", len(ds.Cases), ds.Warnings)
	}
	if same, err := ds.Split(""); err != nil || same != ds {
		t.Errorf("Split(\"\") = %p, %v; want the dataset itself", same, err)
	}
	train, err := ds.Split("train")
	if err != nil || len(train.Cases) != 3 || len(train.Warnings) != 0 {
		t.Errorf("train: %v, %v, warnings %v", err, caseIDs(train), train.Warnings)
	}
	requireTreeUnchanged(t, root, before)
}

func TestSplitErrors(t *testing.T) {
	ds, err := datasets.Open(splitSet(t, sirstLists))
	if err != nil {
		t.Fatal(err)
	}
	_, err = ds.Split("val")
	if err == nil || !strings.Contains(err.Error(), `no split "val"`) || !strings.Contains(err.Error(), "splits: test (3 cases), train (3 cases)") {
		t.Errorf("unknown split: %v", err)
	}
	_, err = ds.Split("README")
	if err == nil || !strings.Contains(err.Error(), "README.txt is not taken as a split: only 0 of its 3 names are cases") {
		t.Errorf("README as split: %v", err)
	}

	plain, err := datasets.Open(splitSet(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	if len(plain.Splits) != 0 {
		t.Errorf("splits in a set without lists: %+v", plain.Splits)
	}
	if _, err := plain.Split("test"); err == nil || !strings.Contains(err.Error(), "offers no split lists") {
		t.Errorf("no lists: %v", err)
	}
}

// NUAA-SIRST ships idx_427/test.txt and idx_320/test.txt: both get
// folder-qualified names and a bare "test" is ambiguous.
func TestSplitNamesQualifiedWhenStemsClash(t *testing.T) {
	ds, err := datasets.Open(splitSet(t, map[string]string{
		"idx_427/test.txt":     "000001\n000002\n",
		"idx_320/test.txt":     "000003\n",
		"idx_427/trainval.txt": "000004\n000005\n000006\n",
		"test.txt":             "000006\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range ds.Splits {
		names = append(names, s.Name)
	}
	if strings.Join(names, ",") != "idx_320/test,idx_427/test,test,trainval" {
		t.Fatalf("names %v", names)
	}
	if sub, err := ds.Split("idx_427/test"); err != nil || strings.Join(caseIDs(sub), ",") != "000001,000002" {
		t.Errorf("idx_427/test: %v %v", err, caseIDs(sub))
	}
	// The root list owns the bare name.
	if sub, err := ds.Split("test"); err != nil || strings.Join(caseIDs(sub), ",") != "000006" {
		t.Errorf("test: %v %v", err, caseIDs(sub))
	}

	clash, err := datasets.Open(splitSet(t, map[string]string{"a/test.txt": "000001\n", "b/test.txt": "000002\n"}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = clash.Split("test")
	if err == nil || !strings.Contains(err.Error(), `split "test" is ambiguous`) || !strings.Contains(err.Error(), "a/test (1 cases), b/test (1 cases)") {
		t.Errorf("ambiguous: %v", err)
	}
}

// A list where half the names or fewer are cases is notes, not a split.
func TestSplitNeedsMostNamesToBeCases(t *testing.T) {
	ds, err := datasets.Open(splitSet(t, map[string]string{
		"lists/half.txt": "000001\n000002\nfoo\nbar\n",
		"lists/most.txt": "000001\n000002\nfoo\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Splits) != 1 || ds.Splits[0].Name != "most" {
		t.Errorf("splits %+v", ds.Splits)
	}
}
