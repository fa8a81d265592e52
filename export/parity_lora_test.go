package export_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	ort "github.com/yalue/onnxruntime_go"
)

// writeNpy writes a float32 array as .npy (what the reference reads).
func writeNpy(t *testing.T, path string, data []float32, shape ...int) {
	t.Helper()
	dims := ""
	for _, d := range shape {
		dims += fmt.Sprintf("%d, ", d)
	}
	header := fmt.Sprintf("{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }", dims)
	for (10+len(header)+1)%64 != 0 {
		header += " "
	}
	header += "\n"
	buf := append([]byte("\x93NUMPY\x01\x00"), byte(len(header)), byte(len(header)>>8))
	buf = append(buf, header...)
	for _, v := range data {
		buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(v))
	}
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Fatal(err)
	}
}

// ctSlice is the real DICOM CT's middle slice in Hounsfield units, as
// datasets reads it for eval and the TUI.
func ctSlice(t *testing.T) *engine.Image {
	t.Helper()
	dir := filepath.Join(shared, "realdata", "dcmqi-ct3")
	d, err := datasets.Open(dir)
	if err != nil {
		t.Skipf("real DICOM CT absent (%v); CI has ../shared/realdata", err)
	}
	vol, _, err := d.Load(d.Cases[0])
	if err != nil {
		t.Fatal(err)
	}
	img := engine.SliceImage(vol, datasets.Axial, 1, vol.LooksCT(), nil)
	if !img.CT {
		t.Fatalf("%s does not read as CT", dir)
	}
	return img
}

// SAMed LoRA fine-tunes at rank 1, 4 (LoRA in the mask decoder too) and 8,
// merged into their base by the kit, vs SAMed's own LoRA_Sam forward and
// test_single_volume (resize to the network, argmax, resize back) on two
// real 8-bit CT slices (one 512x317) and a real HU slice with SAMed's
// window; and the merged export vs the unmerged model on one input.
func TestParityLoRASAMed(t *testing.T) {
	doc := reference(t, "lora")
	ct := ctSlice(t)
	if len(doc.Variants) != 3 {
		t.Fatalf("reference exported %v, want three LoRA variants", doc.Variants)
	}
	ctx := context.Background()
	for _, name := range doc.Variants {
		e, ok := openVariant(t, doc, name).(engine.Semantic)
		if !ok {
			t.Fatalf("%s does not open as a semantic (promptless) model", name)
		}
		for _, c := range doc.Cases {
			if c.Variant != name {
				continue
			}
			img := ct
			if filepath.Ext(c.Image) != ".npy" {
				img = loadSlice(t, c.Image)
			}
			emb, err := e.Encode(ctx, img)
			if err != nil {
				t.Fatal(err)
			}
			labels, err := e.Labels(ctx, emb)
			if err != nil {
				t.Fatal(err)
			}
			ref := readNpy(t, doc.Dir, c.Mask)
			if ref.Len() != len(labels) {
				t.Fatalf("%s: %d labels, reference %d", c.Name, len(labels), ref.Len())
			}
			differ, classes := 0, map[uint16]bool{}
			for i, l := range labels {
				if float64(l) != ref.At(i) {
					differ++
				}
				classes[l] = true
			}
			agree := 1 - float64(differ)/float64(len(labels))
			t.Logf("%-24s argmax agrees on %.5f of %d pixels (%d differ); %d labels present", c.Name, agree, len(labels), differ, len(classes))
			if agree < 0.999 {
				t.Errorf("%s: labels agree with SAMed on %.5f of the pixels, want at least 0.999", c.Name, agree)
			}
			if c.Input != "" {
				mergedVsUnmerged(t, doc, name, c)
			}
		}
	}
}

// mergedVsUnmerged runs the exported graph on the reference's own input
// and compares its logits with LoRA_Sam's (W and BA kept apart).
func mergedVsUnmerged(t *testing.T, doc refDoc, variant string, c refCase) {
	t.Helper()
	runtime(t) // the ONNX Runtime environment
	m, err := engine.LoadManifest(filepath.Join(doc.Dir, "models.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	v, err := m.Variant(variant)
	if err != nil {
		t.Fatal(err)
	}
	in, want := readNpy(t, doc.Dir, c.Input), readNpy(t, doc.Dir, c.Logits)
	x, err := ort.NewTensor(ort.NewShape(1, 3, 512, 512), in.Float32s())
	if err != nil {
		t.Fatal(err)
	}
	defer x.Destroy()
	sess, err := ort.NewDynamicAdvancedSession(v.Encoder, []string{"image"}, []string{"logits"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Destroy()
	out := []ort.Value{nil}
	if err := sess.Run([]ort.Value{x}, out); err != nil {
		t.Fatal(err)
	}
	defer out[0].Destroy()
	got := out[0].(*ort.Tensor[float32]).GetData()
	if len(got) != want.Len() {
		t.Fatalf("%s: export gives %d logits, LoRA_Sam %d", variant, len(got), want.Len())
	}
	diff := maxAbsDiff(got, want.Float32s())
	t.Logf("%s: merged export vs unmerged LoRA_Sam logits max|Δ| %.1e", variant, diff)
	if diff > 1e-4 {
		t.Errorf("%s: the merged export's logits differ from the unmerged model's by %.2e, want at most 1e-4", variant, diff)
	}
}
