package datasets

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Kind says what a format's files hold, which decides the layouts that
// discovery finds them in.
type Kind int

const (
	// KindVolume files are volumes with geometry (NIfTI, NRRD): loose in a
	// folder, in FLARE22 and nnU-Net layouts, labels beside the image.
	KindVolume Kind = iota + 1
	// KindBundle files hold an image and, optionally, its labels (MedSAM
	// npz); a folder of them is a dataset.
	KindBundle
	// KindImage2D files are 2-D pictures (PNG, JPEG, TIFF) whose label
	// files are mask images of a MaskKind.
	KindImage2D
	// KindSeries images are folders of files, one per slice (DICOM), found
	// by content rather than by name.
	KindSeries
)

// LabelOptions is what reading a label file needs beyond the file itself:
// 2-D mask images say nothing of how they encode classes. Volume formats
// ignore it.
type LabelOptions struct {
	MaskKind MaskKind   // "" reads grey values as class ids
	Classes  ClassTable // the palette of MaskPalette masks
}

// Header is what a file says about its image without its voxels, as
// image.Config is to image.Image: enough to describe or refuse an image
// before allocating it.
type Header struct {
	Grid
	// DataType is the stored type the header declares. A 2-D colour image
	// whose pixels all turn out grey reads as grey (Uint8) in full.
	DataType DataType
}

// Series is one series of a KindSeries format found in a folder.
type Series struct {
	UID         string
	Description string // sanitised for printing
	Modality    string
	Number      int      // 0 when absent
	Files       []string // in folder order
}

// Format is one file format's readers. Each format's package registers
// its Format in init (as image/png does with image.RegisterFormat), and
// the core finds readers only through the registry, so adding a format is
// adding a package and importing it (datasets/all imports every one).
// Writers are not registered: callers choose a format and call its
// package (nifti.Write, images2d.WriteMask), as Go calls png.Encode.
type Format struct {
	// Name names the format in messages ("NIfTI").
	Name string
	Kind Kind
	// Suffixes are the lower-case name endings of the format's files, with
	// the dot (".nii.gz"). A name takes the format of its longest matching
	// suffix, in any letter case.
	Suffixes []string
	// Magic, when set, recognises files whose names say nothing (DICOM):
	// the file's first len(Magic) bytes, where '?' matches any byte.
	Magic string

	// ReadImage reads an image file; KindBundle formats return the labels
	// stored with it too (nil when absent), others nil labels.
	ReadImage func(path string) (*Volume, *LabelMap, error)
	// ReadImageBands, for formats with images of more than three bands
	// (4-band TIFF), reads one showing the three bands given (from 0);
	// nil when the format has no band choice.
	ReadImageBands func(path string, bands []int) (*Volume, error)
	// ReadLabels reads a label map; nil when the format holds none. img is
	// the image the labels belong to (nil when unknown), which 2-D masks
	// take their grid from; volumes carry their own grid and leave the
	// check to the caller (CheckGrid).
	ReadLabels func(path string, img *Volume, o LabelOptions) (*LabelMap, error)
	// ReadHeader reads a file's grid and stored type without its voxels
	// (image.DecodeConfig's counterpart); KindSeries formats read their
	// headers with ScanFolder instead.
	ReadHeader func(path string) (Header, error)

	// HasLabels (KindBundle) reports whether a file holds labels, reading
	// as little as it can.
	HasLabels func(path string) (bool, error)
	// DetectMaskKind (KindImage2D) decides how a set of masks encodes
	// classes from the first few files, returning the grey ids seen for
	// MaskLabelIDs.
	DetectMaskKind func(paths []string) (MaskKind, []uint16, error)
	// MergeInstanceMasks (KindImage2D) paints per-instance masks
	// (<stem>_<class>_<nnn>, see ParseInstanceMask) into one label map on
	// img's grid.
	MergeInstanceMasks func(img *Volume, imageStem string, masks []string, classes ClassTable) (*LabelMap, error)
	// ScanFolder (KindSeries) groups the files directly in dir into series,
	// with warnings for files it skipped; no files of the format gives nil
	// series and no error.
	ScanFolder func(dir string) ([]Series, []string, error)
	// ReadSeries (KindSeries) reads series uid of dir as a volume; uid ""
	// means the folder's only series.
	ReadSeries func(dir, uid string) (*Volume, error)
}

// The registry is written by init functions and read everywhere, so
// readers take a snapshot without locking, as image.RegisterFormat does;
// it is the one piece of package state that is not a constant table.
var (
	formatsMu     sync.Mutex
	atomicFormats atomic.Pointer[[]Format]
)

// RegisterFormat adds a format to the registry. It panics on a format
// without a name or a reader, or on a name or suffix already taken: both
// are programming errors that every test run would show.
func RegisterFormat(f Format) {
	formatsMu.Lock()
	defer formatsMu.Unlock()
	if err := f.check(); err != nil {
		panic(fmt.Sprintf("datasets: RegisterFormat(%q): %v", f.Name, err))
	}
	var old []Format
	if p := atomicFormats.Load(); p != nil {
		old = *p
	}
	for _, o := range old {
		if o.Name == f.Name {
			panic(fmt.Sprintf("datasets: format %s registered twice", f.Name))
		}
		for _, s := range f.Suffixes {
			if slices.Contains(o.Suffixes, s) {
				panic(fmt.Sprintf("datasets: suffix %s of %s is already %s's", s, f.Name, o.Name))
			}
		}
	}
	for _, s := range f.Suffixes {
		if s != strings.ToLower(s) || !strings.HasPrefix(s, ".") {
			panic(fmt.Sprintf("datasets: suffix %q of %s must be lower case and start with a dot", s, f.Name))
		}
	}
	all := append(slices.Clone(old), f)
	// Kind, then name: the order of every "expected ..." list, whatever
	// order the packages' init functions ran in.
	slices.SortStableFunc(all, func(a, b Format) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Name, b.Name))
	})
	atomicFormats.Store(&all)
}

// check refuses a format that lacks what the core calls for its kind.
func (f Format) check() error {
	missing := func(what string) error { return fmt.Errorf("a %s format needs %s", f.kindName(), what) }
	switch {
	case f.Name == "":
		return errors.New("a format needs a name")
	case len(f.Suffixes) == 0 && f.Magic == "":
		return errors.New("a format needs suffixes or magic")
	case f.Kind < KindVolume || f.Kind > KindSeries:
		return fmt.Errorf("unknown kind %d", f.Kind)
	case (f.ReadImage == nil || f.ReadHeader == nil) && f.Kind != KindSeries:
		return missing("ReadImage and ReadHeader")
	case f.Kind == KindBundle && (f.HasLabels == nil || f.ReadLabels == nil):
		return missing("ReadLabels and HasLabels")
	case f.Kind == KindImage2D && (f.ReadLabels == nil || f.DetectMaskKind == nil || f.MergeInstanceMasks == nil):
		return missing("ReadLabels, DetectMaskKind and MergeInstanceMasks")
	case f.Kind == KindSeries && (f.ScanFolder == nil || f.ReadSeries == nil):
		return missing("ScanFolder and ReadSeries")
	}
	return nil
}

func (f Format) kindName() string {
	switch f.Kind {
	case KindVolume:
		return "volume"
	case KindBundle:
		return "bundle"
	case KindImage2D:
		return "2-D image"
	case KindSeries:
		return "series"
	}
	return "unknown-kind"
}

// Formats lists the registered formats by kind, then name.
func Formats() []Format {
	if p := atomicFormats.Load(); p != nil {
		return slices.Clone(*p)
	}
	return nil
}

// FormatOf finds the format of a file name by its longest registered
// suffix, in any letter case.
func FormatOf(name string) (Format, bool) {
	f, suffix := lookup(name)
	return f, suffix != ""
}

// lookup finds the format of a name and the suffix that matched ("" when
// none did).
func lookup(name string) (best Format, suffix string) {
	lower := strings.ToLower(name)
	if p := atomicFormats.Load(); p != nil {
		for _, f := range *p {
			for _, s := range f.Suffixes {
				if len(s) > len(suffix) && strings.HasSuffix(lower, s) {
					best, suffix = f, s
				}
			}
		}
	}
	return best, suffix
}

// isKind reports whether a file name has the suffix of a format of one of
// the kinds.
func isKind(name string, kinds ...Kind) bool {
	f, ok := FormatOf(name)
	return ok && slices.Contains(kinds, f.Kind)
}

// isFormat reports whether a file name has a suffix of the named format.
func isFormat(name, format string) bool {
	f, ok := FormatOf(name)
	return ok && f.Name == format
}

// SniffFormat finds the format of a file by its content, for formats that
// register magic (a DICOM file may be called anything). Only regular files
// are opened: opening a named pipe would block until a writer came.
func SniffFormat(path string) (Format, bool) {
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
		return Format{}, false
	}
	p := atomicFormats.Load()
	if p == nil {
		return Format{}, false
	}
	var f *os.File
	for _, cand := range *p {
		if cand.Magic == "" {
			continue
		}
		if f == nil {
			var err error
			if f, err = OpenRegular(path); err != nil {
				return Format{}, false
			}
			defer f.Close()
		}
		head := make([]byte, len(cand.Magic))
		if n, _ := f.ReadAt(head, 0); n == len(head) && magicMatches(cand.Magic, head) {
			return cand, true
		}
	}
	return Format{}, false
}

func magicMatches(magic string, b []byte) bool {
	for i := 0; i < len(magic); i++ {
		if magic[i] != '?' && magic[i] != b[i] {
			return false
		}
	}
	return true
}

// seriesFormat is the registered format whose images are folders (DICOM).
func seriesFormat() (Format, bool) {
	for _, f := range Formats() {
		if f.Kind == KindSeries {
			return f, true
		}
	}
	return Format{}, false
}

// suffixList is the suffixes of the formats that have a reader, read by
// has, as "a, b or c" for "expected ..." messages.
func suffixList(has func(Format) bool) string {
	var all []string
	for _, f := range Formats() {
		if has(f) {
			all = append(all, f.Suffixes...)
		}
	}
	switch len(all) {
	case 0:
		return "none (no format is registered: import github.com/segtui/segtui/datasets/all)"
	case 1:
		return all[0]
	}
	return strings.Join(all[:len(all)-1], ", ") + " or " + all[len(all)-1]
}

func readsImages(f Format) bool { return f.ReadImage != nil }
func readsLabels(f Format) bool { return f.ReadLabels != nil }

// ImageSuffixes lists the file endings ReadImage accepts, for messages.
func ImageSuffixes() string { return suffixList(readsImages) }

// LabelSuffixes lists the file endings ReadLabels accepts, for messages.
func LabelSuffixes() string { return suffixList(readsLabels) }

// ReadImage reads an image file in any registered format, chosen by name;
// a bundle (MedSAM npz) returns its labels too.
func ReadImage(path string) (*Volume, *LabelMap, error) {
	f, ok := FormatOf(path)
	if !ok || f.ReadImage == nil {
		return nil, nil, fmt.Errorf("%s: unsupported image type; expected %s", path, ImageSuffixes())
	}
	return f.ReadImage(path)
}

// ReadLabels reads a label file in any registered format, chosen by name;
// img, when known, is the image it labels (2-D masks take its grid).
func ReadLabels(path string, img *Volume, o LabelOptions) (*LabelMap, error) {
	f, ok := FormatOf(path)
	if !ok || f.ReadLabels == nil {
		return nil, fmt.Errorf("%s: unsupported label type; expected %s", path, LabelSuffixes())
	}
	return f.ReadLabels(path, img, o)
}

// ReadHeader reads an image file's grid and stored type without its
// voxels, in any registered format, chosen by name.
func ReadHeader(path string) (Header, error) {
	f, ok := FormatOf(path)
	if !ok || f.ReadHeader == nil {
		return Header{}, fmt.Errorf("%s: unsupported image type; expected %s", path, suffixList(readsHeaders))
	}
	return f.ReadHeader(path)
}

func readsHeaders(f Format) bool { return f.ReadHeader != nil }
