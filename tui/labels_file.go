package tui

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/images2d"
	"github.com/segtui/segtui/datasets/nifti"
)

// A case's label file is never replaced unseen. It is named after the case
// id, with a hash of the data root and case id when the id had to be made
// safe (so "liver 01" and "liver_01" differ) or when the plain name holds
// another dataset's labels (two datasets sharing segtui-out). A small
// owner file beside it (".NAME.segtui.json") says which data it belongs to
// and which slices were labelled; at open the case's own file is loaded as
// the starting labels, and at save a file there that the session did not
// load or write (another program's, or one it could not read) is renamed
// aside, never overwritten.

// labelsFile is what the session knows of its case's label file.
type labelsFile struct {
	path   string      // where s writes
	seen   os.FileInfo // the file as loaded or last written; nil: never seen
	loaded bool        // the session started from it
}

// caseHash names a data root and case id in 12 hex digits (the journal's
// file name uses it too).
func caseHash(root, caseID string) string {
	h := sha256.Sum256([]byte(root + "\x00" + caseID))
	return hex.EncodeToString(h[:6])
}

// labelsNames are the case's plain label file name and the one with the
// case hash; they are the same when the id had to be made safe.
func labelsNames(root, caseID string, img *datasets.Volume) (plain, hashed string) {
	safe, ext := safeFileName(caseID), labelsExt(img)
	hashed = safe + "-" + caseHash(root, caseID) + "_labels" + ext
	if safe != caseID {
		return hashed, hashed
	}
	return safe + "_labels" + ext, hashed
}

// labelsOwner is the owner file's content.
type labelsOwner struct {
	Version  string        `json:"segtui_labels"`
	Root     string        `json:"root"`
	Case     string        `json:"case"`
	Size     int64         `json:"size"`     // of the label file when written
	ModTime  int64         `json:"mtime_ns"` // likewise
	Labelled []ownerRecord `json:"labelled"`
}

// ownerRecord is a labelled slice and its classes (absent: all).
type ownerRecord struct {
	Plane   datasets.Plane `json:"plane"`
	N       int            `json:"n"`
	Classes []uint16       `json:"classes,omitempty"`
}

const labelsOwnerVersion = "1"

// maxOwnerBytes bounds an owner file read (a labelled entry per slice of
// three planes of a 2048-slice volume fits many times over).
const maxOwnerBytes = 16 << 20

func ownerPath(labels string) string {
	return filepath.Join(filepath.Dir(labels), "."+filepath.Base(labels)+".segtui.json")
}

// readOwner reads a label file's owner file; nil when there is none or it
// cannot be read (the file is then nobody's known).
func readOwner(labels string) *labelsOwner {
	f, err := datasets.OpenRegular(ownerPath(labels))
	if err != nil {
		return nil
	}
	defer f.Close()
	var o labelsOwner
	if err := json.NewDecoder(io.LimitReader(f, maxOwnerBytes)).Decode(&o); err != nil || o.Version != labelsOwnerVersion {
		return nil
	}
	return &o
}

func regularFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// resolveLabels finds where the case's labels go and whether the file
// there is this case's own (then it is loaded at open). note says why a
// file at the plain name is left alone.
func resolveLabels(outDir, root, caseID string, img *datasets.Volume) (path string, own bool, note string) {
	plainName, hashedName := labelsNames(root, caseID, img)
	plain, hashed := filepath.Join(outDir, plainName), filepath.Join(outDir, hashedName)
	if plain == hashed {
		return hashed, regularFile(hashed), ""
	}
	if _, err := os.Lstat(plain); err != nil {
		if regularFile(hashed) { // saved there while the plain name was taken
			return hashed, true, ""
		}
		return plain, false, "" // nothing saved yet
	}
	if o := readOwner(plain); o != nil && o.Root == root && o.Case == caseID {
		return plain, true, ""
	}
	if regularFile(hashed) {
		return hashed, true, ""
	}
	return hashed, false, fmt.Sprintf("%s holds labels not saved from this data (another dataset's, or an older segtui's): it is left as it is, and s saves to %s",
		plainName, datasets.SanitizeText(hashedName))
}

// openLabels finds the case's label file and, when it is the case's own,
// starts the session from it; it returns a line for the message line.
func (m *Model) openLabels() string {
	id := m.cfg.Cases[m.opened].ID
	path, own, note := resolveLabels(m.cfg.OutDir, m.cfg.Root, id, m.sess.Image)
	m.labels = labelsFile{path: path}
	if !own {
		return note
	}
	st, err := os.Stat(path)
	if err == nil {
		err = m.loadLabels(path, st)
	}
	if err != nil {
		return fmt.Sprintf("could not load %s (%v): it will be kept under another name when you save", filepath.Base(path), err)
	}
	m.labels.seen, m.labels.loaded = st, true
	return fmt.Sprintf("loaded %d labelled slices from %s", m.sess.LabelledCount(), filepath.Base(path))
}

// loadLabels reads the label file onto the session, with the labelled
// slices its owner file records when that describes this very file, else
// every axial slice that has labels, for all classes.
func (m *Model) loadLabels(path string, st os.FileInfo) error {
	var l *datasets.LabelMap
	var err error
	if is2D(m.sess.Image) {
		l, err = images2d.ReadMask(path, images2d.SavedMaskKind(m.cfg.MaskKind), m.cfg.Classes, m.sess.Image)
	} else if l, err = nifti.ReadLabels(path); err == nil {
		err = datasets.CheckGrid(m.sess.Image, l)
	}
	if err != nil {
		return err
	}
	var scopes map[sliceKey]classScope
	if o := readOwner(path); o != nil && o.Size == st.Size() && o.ModTime == st.ModTime().UnixNano() {
		scopes = ownerScopes(o)
	}
	return m.sess.LoadLabels(l, scopes)
}

func ownerScopes(o *labelsOwner) map[sliceKey]classScope {
	out := make(map[sliceKey]classScope, len(o.Labelled))
	for _, r := range o.Labelled {
		sc, err := scopeFromJournal(true, r.Classes)
		if err != nil {
			return nil
		}
		out[sliceKey{r.Plane, r.N}] = sc
	}
	return out
}

// saveLabels writes the session's labels to the case's label file. A file
// there that the session did not load or write is first renamed aside
// (note says where); an input file is refused.
func (m *Model) saveLabels() (path, format, note string, err error) {
	lf := &m.labels
	inputs := m.cfg.Cases[m.opened].Inputs
	cleanStaleTemps(lf.path)
	if st, err := os.Stat(lf.path); err == nil && !sameStamp(lf.seen, st) {
		if isInput(st, inputs) {
			return "", "", "", fmt.Errorf("save: %s is an input file; choose another --out folder", lf.path)
		}
		aside := lf.path + ".kept-" + time.Now().UTC().Format("20060102T150405.000")
		if err := os.Rename(lf.path, aside); err != nil {
			return "", "", "", fmt.Errorf("save %s: a file this session did not load is there, and keeping it aside failed: %w", lf.path, err)
		}
		note = fmt.Sprintf("%s there was not the one loaded: kept as %s", filepath.Base(lf.path), filepath.Base(aside))
	}
	path, format, err = SaveLabels(lf.path, m.sess, m.cfg.MaskKind, inputs...)
	if err != nil {
		return "", "", note, err
	}
	st, err := os.Stat(path)
	if err != nil {
		return path, format, note, nil // written; the next save keeps it aside rather than guess
	}
	lf.seen = st
	if err := m.writeOwner(path, st); err != nil {
		note = joinNotes(note, fmt.Sprintf("labels saved, but their owner file was not: %v", err))
	}
	return path, format, note, nil
}

// writeOwner records whose labels path holds and which slices are
// labelled.
func (m *Model) writeOwner(path string, st os.FileInfo) error {
	o := labelsOwner{Version: labelsOwnerVersion, Root: m.cfg.Root, Case: m.cfg.Cases[m.opened].ID,
		Size: st.Size(), ModTime: st.ModTime().UnixNano()}
	for k, sc := range m.sess.labelled {
		o.Labelled = append(o.Labelled, ownerRecord{Plane: k.Plane, N: k.N, Classes: sc.journalClasses()})
	}
	b, err := json.Marshal(o)
	if err != nil {
		return err
	}
	return datasets.WriteFileAtomic(ownerPath(path), func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

func sameStamp(seen, now os.FileInfo) bool {
	return seen != nil && os.SameFile(seen, now) && seen.Size() == now.Size() && seen.ModTime().Equal(now.ModTime())
}

func isInput(st os.FileInfo, inputs []string) bool {
	for _, in := range inputs {
		if ist, err := os.Stat(in); in != "" && err == nil && os.SameFile(st, ist) {
			return true
		}
	}
	return false
}

func joinNotes(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}
