// Package engine turns a slice plus prompts into masks behind one interface
// used by the TUI and by evaluation: the interface and its optional
// extensions, prompts, the model manifest, the embedding cache and the
// precompute service. The engines live below it (engine/onnx runs
// SAM-family models through ONNX Runtime, engine/builtin is the weight-free
// classical engine), as do metrics, propagation and evaluation.
package engine

import (
	"context"
	"errors"
)

// Image is one display-oriented slice handed to an engine.
type Image struct {
	Width, Height int
	Grey          []float32  // physical values (Hounsfield units for CT), row-major
	RGB           []uint8    // 3*Width*Height bytes for colour images, else nil
	CT            bool       // Grey is in Hounsfield units (window before use)
	PixelSpacing  [2]float64 // mm per pixel along x and y
	// Window is the display window the user chose, used to map grey values
	// to 0..255 for models that take 8-bit input unless the model's manifest
	// fixes its own; nil means the default (CT: level 40, width 400; other
	// grey images: the slice's min..max).
	Window *Window
	// Prewindowed says Grey already holds 0..255 values (an 8-bit image, a
	// MedSAM npz): with no Window they reach the model as they are, as the
	// reference pipelines read such files, not stretched to min..max.
	Prewindowed bool
}

// Window maps grey values to 0..255: Level-Width/2 is 0, Level+Width/2 255.
type Window struct{ Level, Width float64 }

// Point is a click in image pixel coordinates (pixel centres at +0.5 are not
// assumed: x=3 means column 3).
type Point struct {
	X, Y     float64
	Positive bool
}

// Box is a rectangle in image pixel coordinates, corners inclusive.
type Box struct{ X0, Y0, X1, Y1 float64 }

// Prompt is what a user or an evaluation protocol gives a promptable model.
type Prompt struct {
	Points []Point
	Box    *Box
	// Prev is the previous result's low-resolution logits for refinement
	// (SAM's mask_input); nil for a first prompt.
	Prev *LowRes
	// Prior is the same object's mask on a neighbouring slice, at this
	// image's size (Width, Height, Pix; Score and LowRes are not read): a
	// shape the result should stay near, where Prev is this slice's own
	// earlier result. Propagation sets it. Engines that cannot weigh a
	// prior ignore it; the SAM-family decoders never receive it as
	// mask_input, which they were trained to read as their own output on
	// the same image.
	Prior *Mask
	// Multimask is the mask-choice rule for SAM-style decoders with several
	// outputs ("" is auto); a variant's manifest may fix its own instead.
	Multimask Multimask
	// Candidates asks the decoder to return every mask output in
	// Mask.Candidates (the TUI lets the user pick one).
	Candidates bool
}

// LowRes is a model's low-resolution mask logits, fed back for refinement.
type LowRes struct {
	Width, Height int
	Logits        []float32
}

// Mask is a binary mask at image size with the model's confidence.
type Mask struct {
	Width, Height int
	Pix           []bool
	Score         float32
	LowRes        *LowRes
	// Token is the decoder output channel this mask is (0 for one-output
	// decoders and other engines).
	Token int
	// Candidates holds every output of the decode, the chosen one first,
	// when the prompt asked for them; nil otherwise.
	Candidates []Candidate
}

// Candidate is one decoder output: its mask, predicted IoU and low-res
// logits (for refinement when it is the one accepted).
type Candidate struct {
	Token  int
	Pix    []bool
	Score  float32
	LowRes *LowRes
}

// Embedding is an encoded slice; its size lets caches budget memory.
type Embedding interface {
	Bytes() int64
}

// Engine is a segmentation model variant.
type Engine interface {
	Name() string
	Family() Family
	// Encode runs the image encoder once per slice.
	Encode(ctx context.Context, img *Image) (Embedding, error)
	// Decode runs a prompt against an embedding (promptable families).
	Decode(ctx context.Context, emb Embedding, p Prompt) (*Mask, error)
	Close() error
}

// Semantic is implemented by promptless engines that label every class at once.
type Semantic interface {
	Engine
	// Classes lists the label ids the model predicts, in channel order.
	Classes() []ClassRef
	// Labels returns a label id per pixel for an encoded slice.
	Labels(ctx context.Context, emb Embedding) ([]uint16, error)
}

// BatchEncoder is implemented by engines that can encode several slices
// in one encoder run: ONNX variants (engine/onnx) whose encoder declares a
// dynamic batch dimension ([B,3,S,S] in, [B,...] out). Batching amortises
// the per-run overhead and fills a GPU; each slice's embedding is exactly
// what Encode would return for it.
type BatchEncoder interface {
	// MaxBatch is how many slices one EncodeBatch run takes; 1 when the
	// model's batch dimension is fixed.
	MaxBatch() int
	// EncodeBatch encodes the images (any sizes) in runs of at most
	// MaxBatch, returning one embedding per image in order.
	EncodeBatch(ctx context.Context, imgs []*Image) ([]Embedding, error)
}

// DeviceReporter is implemented by engines that choose a device
// (engine/onnx), so the status bar can show where a model runs and why it
// is not on the GPU.
type DeviceReporter interface {
	Device() Device
	// DeviceNotice is non-empty when auto fell back to CPU, saying why.
	DeviceNotice() string
}

// InputSizer is implemented by engines with a fixed input size (the ONNX
// families: the side S of their [1,3,S,S] input), so a region or tile can
// be chosen and reported at the model's own scale. Engines without one
// (the built-in) work at the slice's resolution.
type InputSizer interface {
	InputSize() int
}

// ClassRef names a class a semantic model predicts.
type ClassRef struct {
	ID   uint16
	Name string
}

// Family is a model family with its own input/output contract.
type Family string

const (
	FamilySAM      Family = "sam"
	FamilySAM2     Family = "sam2"
	FamilyMedSAM   Family = "medsam"
	FamilySemantic Family = "semantic"
	FamilyBuiltin  Family = "builtin"
)

// ErrPromptless is returned by Decode on semantic engines.
var ErrPromptless = errors.New("this model is promptless: it labels all classes at once")
