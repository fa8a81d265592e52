package datasets

// Layout names how a dataset is organised on disk.
type Layout string

const (
	LayoutFile    Layout = "file"     // a single image file, labels optional via --labels
	LayoutFLARE22 Layout = "flare22"  // images/*_0000.nii.gz + labels/*.nii.gz
	LayoutNNUNet  Layout = "nnunet"   // imagesTr/labelsTr + dataset.json
	LayoutImages  Layout = "images2d" // images/ + masks|labels|gts/ in PNG, JPEG, TIFF
	LayoutNPZ     Layout = "npz"      // MedSAM npz files
	LayoutVolumes Layout = "volumes"  // loose NIfTI/NRRD volumes, labels beside them as X_seg, X_label(s), X_mask, X_gt
)

// Case is one image with its optional ground-truth label map.
type Case struct {
	ID        string
	ImagePath string
	LabelPath string   // "" when there is no ground truth
	MaskPaths []string // per-instance masks (SAM-Med2D style), when that is the label form
	// Series is the DICOM SeriesInstanceUID when ImagePath is a folder of
	// DICOM files; "" for every other image.
	Series string
}

// Dataset is what discovery found at a path.
type Dataset struct {
	Root    string
	Layout  Layout
	Cases   []Case
	Classes ClassTable
	// MaskKind says how 2-D mask images encode classes (images2d layout and
	// image label files); empty elsewhere.
	MaskKind MaskKind
	// Bands, when set, are the three bands (from 0) shown as red, green and
	// blue for multi-band 2-D images (RGB+NIR TIFF); nil: the first three.
	Bands []int
	// Warnings lists things discovery skipped, e.g. labels with no image.
	Warnings []string
	// Splits are the split lists found beside the data (see Split), and
	// SplitName the one this dataset was narrowed to ("" for all cases).
	Splits    []SplitList
	SplitName string
	// maskClasses is the table discovery found, kept for decoding masks
	// after UseClassTable replaced Classes; nil when it was not replaced.
	maskClasses *ClassTable
	// rejectedSplits are .txt files that looked like lists but name too
	// few cases, kept so an unknown split name can say why.
	rejectedSplits []SplitList
}
