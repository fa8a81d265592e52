package datasets

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// SplitList is a list of case names shipped beside a dataset, one per
// line, e.g. SIRST-5K's 50_50/test.txt or NUAA-SIRST's idx_427/test.txt.
type SplitList struct {
	// Name is the file's stem ("test"), or folder/stem ("50_50/test")
	// when another list found has the same stem.
	Name string
	Path string
	// IDs are the cases the list names, in the dataset's (natural) order,
	// each once.
	IDs []string
	// Names counts the list's non-empty, non-comment lines.
	Names int
	// Missing counts names that match no case; MissingExamples holds the
	// first few of them, sanitised.
	Missing         int
	MissingExamples []string
}

// Limits that keep split discovery cheap and bounded on any folder.
const (
	maxSplitFileBytes = 8 << 20
	maxSplitDirs      = 64 // immediate subfolders looked into
	maxSplitFiles     = 64 // .txt files read, root and subfolders together
	missingExamples   = 5
)

// splitFile is a candidate .txt file: its folder under the root ("" for
// the root itself) and its stem.
type splitFile struct{ dir, stem, path string }

// findSplits records the split lists at ds.Root and one folder down. A
// .txt file counts only when more than half of its names are cases, so
// README.txt and notes are not taken for splits; such files are kept
// aside so an unknown --split can say why they were not used.
func findSplits(ds *Dataset) {
	files := splitCandidates(ds.Root)
	if len(files) == 0 {
		return
	}
	index := caseIndex(ds.Cases)
	stems := map[string]int{}
	var lists []SplitList
	for _, f := range files {
		s, err := readSplit(f.path, ds.Cases, index)
		if err != nil {
			ds.Warnings = append(ds.Warnings, fmt.Sprintf("split list %s: %v", f.path, err))
			continue
		}
		if len(s.IDs) == 0 || 2*len(s.IDs) <= s.Names {
			ds.rejectedSplits = append(ds.rejectedSplits, s)
			continue
		}
		stems[f.stem]++
		lists = append(lists, s)
	}
	for i, f := range acceptedFiles(files, lists) {
		name := f.stem
		if f.dir != "" && stems[f.stem] > 1 {
			name = f.dir + "/" + f.stem
		}
		lists[i].Name = SanitizeName(name)
	}
	sortSplits(lists)
	ds.Splits = lists
}

// acceptedFiles returns the candidates behind lists, in the same order.
func acceptedFiles(files []splitFile, lists []SplitList) []splitFile {
	byPath := map[string]splitFile{}
	for _, f := range files {
		byPath[f.path] = f
	}
	out := make([]splitFile, len(lists))
	for i, s := range lists {
		out[i] = byPath[s.Path]
	}
	return out
}

// splitCandidates lists the visible .txt files at root and in its
// visible immediate subfolders, root first, within the limits above.
func splitCandidates(root string) []splitFile {
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil
	}
	var files []splitFile
	var dirs []string
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, "."):
		case e.IsDir():
			dirs = append(dirs, name)
		case isSplitFile(name):
			files = append(files, splitFile{stem: stemOf(name), path: filepath.Join(root, name)})
		}
	}
	sortNatural(dirs)
	if len(dirs) > maxSplitDirs {
		dirs = dirs[:maxSplitDirs]
	}
	for _, d := range dirs {
		sub, err := os.ReadDir(filepath.Join(root, d))
		if err != nil {
			continue
		}
		for _, e := range sub {
			if name := e.Name(); !strings.HasPrefix(name, ".") && !e.IsDir() && isSplitFile(name) {
				files = append(files, splitFile{dir: d, stem: stemOf(name), path: filepath.Join(root, d, name)})
			}
		}
	}
	if len(files) > maxSplitFiles {
		files = files[:maxSplitFiles]
	}
	return files
}

func isSplitFile(name string) bool { return strings.EqualFold(filepath.Ext(name), ".txt") }

// readSplit reads one list and matches its names against the cases.
func readSplit(path string, cases []Case, index map[string]int) (SplitList, error) {
	s := SplitList{Path: path}
	// Stat before opening: opening a named pipe blocks until a writer comes.
	if st, err := os.Stat(path); err != nil {
		return s, err
	} else if !st.Mode().IsRegular() || st.Size() > maxSplitFileBytes {
		// Not a list of names: skip it without reading.
		return s, nil
	}
	f, err := OpenRegular(path)
	if err != nil {
		return s, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSplitFileBytes))
	if err != nil {
		return s, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // UTF-8 BOM, as Windows editors write
	seen := make([]bool, len(cases))
	for _, line := range strings.Split(string(data), "\n") {
		name := strings.TrimSpace(line) // also drops the \r of CRLF
		if name == "" || strings.HasPrefix(name, "#") {
			continue
		}
		s.Names++
		i, ok := matchCase(name, index)
		if !ok {
			s.Missing++
			if len(s.MissingExamples) < missingExamples {
				s.MissingExamples = append(s.MissingExamples, SanitizeName(name))
			}
			continue
		}
		seen[i] = true
	}
	for i, c := range cases {
		if seen[i] {
			s.IDs = append(s.IDs, c.ID)
		}
	}
	return s, nil
}

func caseIndex(cases []Case) map[string]int {
	index := make(map[string]int, len(cases))
	for i, c := range cases {
		index[c.ID] = i
	}
	return index
}

// matchCase finds the case a list line names: the id itself, a file
// name or path with the extension, or an nnU-Net channel file (_0000).
func matchCase(name string, index map[string]int) (int, bool) {
	base := filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	stem := stemOf(base)
	for _, try := range []string{name, base, stem, strings.TrimSuffix(stem, "_0000")} {
		if i, ok := index[SanitizeName(try)]; ok {
			return i, true
		}
	}
	return 0, false
}

func sortSplits(lists []SplitList) {
	sort.SliceStable(lists, func(i, j int) bool { return NaturalLess(lists[i].Name, lists[j].Name) })
}

// Split returns the dataset narrowed to the cases of the named split list,
// in the dataset's order; "" returns d itself. name is a list's Name, its
// folder/stem form, or its stem when only one list has it (".txt" may be
// given). Names in the list that match no case do not fail: the result
// carries a warning with their count and the first few.
func (d *Dataset) Split(name string) (*Dataset, error) {
	if name == "" {
		return d, nil
	}
	s, err := d.findSplit(name)
	if err != nil {
		return nil, err
	}
	keep := map[string]bool{}
	for _, id := range s.IDs {
		keep[id] = true
	}
	out := *d
	out.Cases = nil
	for _, c := range d.Cases {
		if keep[c.ID] {
			out.Cases = append(out.Cases, c)
		}
	}
	out.SplitName = s.Name
	out.Warnings = append([]string(nil), d.Warnings...)
	if w := s.MissingWarning(); w != "" {
		out.Warnings = append(out.Warnings, w)
	}
	return &out, nil
}

// MissingWarning says how many of the list's names match no case and
// which, or "" when all do.
func (s SplitList) MissingWarning() string {
	if s.Missing == 0 {
		return ""
	}
	more := ""
	if s.Missing > len(s.MissingExamples) {
		more = ", ..."
	}
	return fmt.Sprintf("split %s (%s): %d of %d names match no case: %s%s",
		s.Name, s.Path, s.Missing, s.Names, strings.Join(s.MissingExamples, ", "), more)
}

func (d *Dataset) findSplit(name string) (SplitList, error) {
	want := strings.TrimSuffix(strings.ReplaceAll(strings.TrimSpace(name), `\`, "/"), ".txt")
	var byStem []SplitList
	for _, s := range d.Splits {
		if s.Name == want || splitQualified(d.Root, s.Path) == want {
			return s, nil
		}
		if stemOf(s.Path) == want {
			byStem = append(byStem, s)
		}
	}
	if len(byStem) == 1 {
		return byStem[0], nil
	}
	if len(byStem) > 1 {
		return SplitList{}, fmt.Errorf("split %q is ambiguous in %s: name one of %s", name, d.Root, splitNames(byStem))
	}
	msg := fmt.Sprintf("no split %q in %s", name, d.Root)
	if len(d.Splits) == 0 {
		msg = fmt.Sprintf("%s offers no split lists (%q asked for): a split is a .txt file at the root or one folder down whose lines name its cases", d.Root, name)
	} else {
		msg += "; splits: " + splitNames(d.Splits)
	}
	for _, r := range d.rejectedSplits {
		if stemOf(r.Path) == path.Base(want) {
			msg += fmt.Sprintf("; %s is not taken as a split: only %d of its %d names are cases", r.Path, len(r.IDs), r.Names)
		}
	}
	return SplitList{}, errors.New(msg)
}

// splitQualified is a list's folder/stem name, or its stem at the root.
func splitQualified(root, listPath string) string {
	rel, err := filepath.Rel(root, listPath)
	if err != nil {
		return stemOf(listPath)
	}
	return strings.TrimSuffix(filepath.ToSlash(rel), filepath.Ext(rel))
}

func splitNames(lists []SplitList) string {
	parts := make([]string, len(lists))
	for i, s := range lists {
		parts[i] = fmt.Sprintf("%s (%d cases)", s.Name, len(s.IDs))
	}
	return strings.Join(parts, ", ")
}
