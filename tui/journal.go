package tui

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/segtui/segtui/datasets"
)

// The journal is an append-only file of JSON lines, one per accepted edit
// (and per undo or redo), each fsynced before the UI moves on, so a crash,
// kill or dropped SSH session loses at most the edit being written. Each
// record holds the whole slice after the change, run-length encoded, so
// replaying records in order rebuilds the labels without the undo stack.
type journalHeader struct {
	Journal string `json:"segtui_journal"` // format version
	Root    string `json:"root"`
	Case    string `json:"case"`
	Shape   [3]int `json:"shape"`
	Created string `json:"created"`
}

type journalRecord struct {
	Op       string         `json:"op"` // accept, undo, redo, saved
	Plane    datasets.Plane `json:"plane"`
	N        int            `json:"n"`
	Labelled bool           `json:"labelled"`
	// Classes the slice is labelled for; absent means all of them, as in
	// journals written before slices had a class scope.
	Classes []uint16 `json:"classes,omitempty"`
	RLE     []uint32 `json:"rle,omitempty"` // value, run, value, run...
	Time    string   `json:"time"`
	File    string   `json:"file,omitempty"` // for saved
}

const journalVersion = "1"

// maxJournalLine bounds one record (a 2048x2048 slice of alternating
// labels would still fit) so a corrupt file cannot exhaust memory.
const maxJournalLine = 64 << 20

// Journal appends edit records for one case.
type Journal struct {
	path string
	f    *os.File
	// Cut is how many bytes of a torn last record (a crash or a full disk
	// mid-write) were cut when the journal opened, so that new records
	// start on a line of their own; 0 when the file ended on a record.
	Cut int64
	// torn is set when a failed write could not be taken back: the next
	// write cuts the file back to its last whole record first.
	torn bool
	// opened identifies the file opened, to notice it unlinked (onDisk).
	opened os.FileInfo
}

// journalPath is stable for a dataset root and case: the hash keeps two
// datasets with the same case ids apart.
func journalPath(outDir, root, caseID string) string {
	return filepath.Join(outDir, ".journal", safeFileName(caseID)+"-"+caseHash(root, caseID)+".jsonl")
}

// OpenJournal opens (creating) the journal for a case.
func OpenJournal(outDir, root, caseID string, shape [3]int) (*Journal, error) {
	p := journalPath(outDir, root, caseID)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	f, err := os.OpenFile(p, os.O_CREATE|os.O_RDWR|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	j := &Journal{path: p, f: f}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = fmt.Errorf("it is not a regular file")
		}
		return nil, fmt.Errorf("journal %s: %w", p, err)
	}
	j.opened = st
	if j.Cut, err = endOnRecord(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("journal %s: cutting a torn last record: %w", p, err)
	}
	if err := keepOnlyOwnHeader(f, caseID, shape); err != nil {
		f.Close()
		return nil, fmt.Errorf("journal %s: %w", p, err)
	}
	if st, err := f.Stat(); err == nil && st.Size() == 0 {
		h := journalHeader{journalVersion, root, caseID, shape, time.Now().UTC().Format(time.RFC3339)}
		if err := j.writeLine(h); err != nil {
			f.Close()
			return nil, err
		}
	}
	return j, nil
}

// Path is the journal file.
func (j *Journal) Path() string { return j.path }

// Append records a slice state (labels and scope) and syncs it to disk.
func (j *Journal) Append(op string, k sliceKey, labels []uint16, scope classScope) error {
	return j.writeLine(journalRecord{Op: op, Plane: k.Plane, N: k.N, Labelled: scope.Labelled(), Classes: scope.journalClasses(),
		RLE: encodeRLE(labels), Time: now()})
}

// Saved records that the labels were written to file.
func (j *Journal) Saved(file string) error {
	return j.writeLine(journalRecord{Op: "saved", Time: now(), File: file})
}

func now() string { return time.Now().UTC().Format(time.RFC3339) }

func (j *Journal) writeLine(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if j.torn {
		if _, err := endOnRecord(j.f); err != nil {
			return fmt.Errorf("journal %s: cutting a torn last record: %w", j.path, err)
		}
		j.torn = false
	}
	st, err := j.f.Stat()
	if err != nil {
		return fmt.Errorf("journal %s: %w", j.path, err)
	}
	if _, err := j.f.Write(append(b, '\n')); err != nil {
		// A full disk can take part of the record: take it back, or
		// have the next write do so, so no record is glued onto it.
		if terr := j.f.Truncate(st.Size()); terr != nil {
			j.torn = true
		}
		return fmt.Errorf("journal %s: %w", j.path, err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("journal %s: sync: %w", j.path, err)
	}
	return nil
}

// keepOnlyOwnHeader checks that a non-empty journal starts with this
// case's header. A file that is nothing but a bad first line (a header torn
// to a blank line) is emptied, so a fresh header is written; records after
// a bad header are another journal's and are refused.
func keepOnlyOwnHeader(f *os.File, caseID string, shape [3]int) error {
	st, err := f.Stat()
	if err != nil || st.Size() == 0 {
		return err
	}
	buf := make([]byte, min(st.Size(), 1<<16))
	if _, err := f.ReadAt(buf, 0); err != nil && err != io.EOF {
		return err
	}
	line := buf
	if i := bytes.IndexByte(buf, '\n'); i >= 0 {
		line = buf[:i]
	}
	var h journalHeader
	if json.Unmarshal(line, &h) == nil && h.Journal == journalVersion && h.Case == caseID && h.Shape == shape {
		return nil
	}
	if int64(len(line))+1 >= st.Size() {
		return f.Truncate(0)
	}
	return fmt.Errorf("line 1 is not this case's journal header; move the file aside to start a new journal")
}

// endOnRecord cuts f back to just after its last newline, so the next
// record appended starts on a line of its own; it returns the bytes cut.
func endOnRecord(f *os.File) (int64, error) {
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	size := st.Size()
	buf := make([]byte, 64<<10)
	for end := size; end > 0; {
		n := min(int64(len(buf)), end)
		if _, err := f.ReadAt(buf[:n], end-n); err != nil {
			return 0, err
		}
		if i := bytes.LastIndexByte(buf[:n], '\n'); i >= 0 {
			keep := end - n + int64(i) + 1
			if keep == size {
				return 0, nil
			}
			return size - keep, f.Truncate(keep)
		}
		end -= n
	}
	if size == 0 {
		return 0, nil
	}
	return size, f.Truncate(0) // not even the header is whole
}

// onDisk reports whether the journal's path still names the open file: a
// removed folder leaves the file unlinked, and appends would reach no disk.
func (j *Journal) onDisk() bool {
	st, err := os.Stat(j.path)
	return err == nil && os.SameFile(st, j.opened)
}

// Close closes the file.
func (j *Journal) Close() error { return j.f.Close() }

// Discard moves the journal aside (never deleting edits) so the next open
// starts fresh.
func (j *Journal) Discard() error {
	j.f.Close()
	return os.Rename(j.path, j.path+".discarded-"+time.Now().UTC().Format("20060102T150405"))
}

// pendingJournal describes a journal found when a case opens.
type pendingJournal struct {
	Path    string
	Records []journalRecord // slice records in order
	Unsaved int             // records after the last "saved"
	Saved   string          // the file of the last "saved" record
	Last    string          // time of the last record
	Warning string          // damaged lines skipped (a torn record), named
}

// readJournal loads a case's journal, checking it belongs to this data.
// A missing journal returns (nil, nil).
func readJournal(outDir, root, caseID string, shape [3]int) (*pendingJournal, error) {
	p := journalPath(outDir, root, caseID)
	f, err := datasets.OpenRegular(p)
	if os.IsNotExist(err) || errors.Is(err, syscall.ENOTDIR) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<16)
	pj := &pendingJournal{Path: p}
	var damaged []string // line numbers of records that do not parse
	torn := ""           // the last line, when it is torn
	for line := 1; ; line++ {
		b, err := readLine(r)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("journal %s line %d: %w", p, line, err)
		}
		if line == 1 {
			var h journalHeader
			if err := json.Unmarshal(b, &h); err != nil || h.Journal != journalVersion {
				if _, perr := r.Peek(1); perr == io.EOF && !json.Valid(b) {
					return nil, nil // torn in its header: the crash came before any edit
				}
				return nil, fmt.Errorf("journal %s: line 1 is not a segtui journal header (version %s)", p, journalVersion)
			}
			if h.Shape != shape || h.Case != caseID {
				return nil, fmt.Errorf("journal %s is for case %q of shape %v, but the open case %q is %v",
					p, datasets.SanitizeName(h.Case), h.Shape, caseID, shape)
			}
			continue
		}
		var rec journalRecord
		if err := json.Unmarshal(b, &rec); err != nil {
			// A crash or a full disk tears the record being written;
			// older versions then glued the next record onto it. Either
			// way the line is lost and the records around it are whole.
			if _, perr := r.Peek(1); perr == io.EOF {
				torn = fmt.Sprintf("skipped an incomplete last record (line %d)", line)
				break
			}
			damaged = append(damaged, strconv.Itoa(line))
			continue
		}
		pj.Last = rec.Time
		if rec.Op == "saved" {
			pj.Unsaved, pj.Saved = 0, rec.File
			continue
		}
		pj.Records = append(pj.Records, rec)
		pj.Unsaved++
	}
	var warn []string
	if len(damaged) > 0 {
		warn = append(warn, fmt.Sprintf("skipped damaged line %s (a torn record; the records around it are whole)", strings.Join(damaged, ", ")))
	}
	if torn != "" {
		warn = append(warn, torn)
	}
	pj.Warning = strings.Join(warn, "; ")
	if len(pj.Records) == 0 {
		return nil, nil
	}
	return pj, nil
}

// savedTo reports whether the last save the journal records wrote the
// label file path (same name in the same --out folder), so the records
// before it are in that file.
func (pj *pendingJournal) savedTo(path string) bool {
	return pj.Saved != "" && filepath.Base(pj.Saved) == filepath.Base(path)
}

func readLine(r *bufio.Reader) ([]byte, error) {
	var buf bytes.Buffer
	for {
		chunk, err := r.ReadSlice('\n')
		buf.Write(chunk)
		if buf.Len() > maxJournalLine {
			return nil, fmt.Errorf("record longer than %d bytes", maxJournalLine)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF && buf.Len() > 0 {
			return bytes.TrimSpace(buf.Bytes()), nil
		}
		if err != nil {
			return nil, err
		}
		return bytes.TrimSpace(buf.Bytes()), nil
	}
}

// replay applies the journal's records to a session. A record that does
// not fit the case is skipped, not the journal: each record holds a whole
// slice, so the others stand on their own. The error names what was
// skipped; it returns how many records were applied.
func (pj *pendingJournal) replay(s *Session) (int, error) {
	var skipped []error
	applied := 0
	for i, rec := range pj.Records {
		if err := replayRecord(s, rec); err != nil {
			skipped = append(skipped, fmt.Errorf("record %d: %w", i+1, err))
			continue
		}
		applied++
	}
	if len(skipped) > 0 {
		return applied, fmt.Errorf("journal %s: skipped %d of %d records: %w", pj.Path, len(skipped), len(pj.Records), errors.Join(skipped...))
	}
	return applied, nil
}

func replayRecord(s *Session, rec journalRecord) error {
	if rec.Plane < datasets.Axial || rec.Plane > datasets.Sagittal { // View indexes by plane
		return fmt.Errorf("plane %d is not axial, coronal or sagittal", int(rec.Plane))
	}
	v := s.Image.View(rec.Plane)
	labels, err := decodeRLE(rec.RLE, v.Width*v.Height)
	if err != nil {
		return err
	}
	scope, err := scopeFromJournal(rec.Labelled, rec.Classes)
	if err != nil {
		return err
	}
	return s.Restore(sliceKey{rec.Plane, rec.N}, labels, scope)
}

func encodeRLE(labels []uint16) []uint32 {
	var out []uint32
	for i := 0; i < len(labels); {
		j := i
		for j < len(labels) && labels[j] == labels[i] {
			j++
		}
		out = append(out, uint32(labels[i]), uint32(j-i))
		i = j
	}
	return out
}

// decodeRLE expands runs, refusing anything that does not give exactly n
// labels (checked before allocating beyond n).
func decodeRLE(rle []uint32, n int) ([]uint16, error) {
	if len(rle)%2 != 0 {
		return nil, fmt.Errorf("run-length data has an odd count %d", len(rle))
	}
	out := make([]uint16, 0, n)
	for i := 0; i < len(rle); i += 2 {
		v, run := rle[i], int(rle[i+1])
		if v > 0xffff {
			return nil, fmt.Errorf("label %d does not fit 16 bits", v)
		}
		if run > n-len(out) {
			return nil, fmt.Errorf("runs cover more than the %d pixels of the slice", n)
		}
		for ; run > 0; run-- {
			out = append(out, uint16(v))
		}
	}
	if len(out) != n {
		return nil, fmt.Errorf("runs cover %d pixels, expected %d", len(out), n)
	}
	return out, nil
}

// safeFileName keeps letters, digits, '-', '_' and '.' so a case id can
// name a file without escaping the out folder.
func safeFileName(s string) string {
	b := []byte(datasets.SanitizeName(s))
	for i, c := range b {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
		if !ok {
			b[i] = '_'
		}
	}
	name := string(b)
	if name == "" || name == "." || name == ".." {
		name = "case"
	}
	return name
}
