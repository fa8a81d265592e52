package export_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/segtui/segtui/datasets"
	_ "github.com/segtui/segtui/datasets/all" // the readers datasets.Open uses
	"github.com/segtui/segtui/datasets/npz"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/onnx"
)

// shared is ../shared beside the repository: the official code and the
// real slices.
const shared = "../../shared"

// refDoc is what parity/reference.py writes: the prompts it ran and where
// its reference arrays are.
type refDoc struct {
	Kind  string    `json:"kind"`
	Cases []refCase `json:"cases"`
	Dir   string    `json:"-"`
	// lora
	Variants []string `json:"variants"`
}

type refCase struct {
	Name    string       `json:"name"`
	Variant string       `json:"variant"`
	Image   string       `json:"image"`
	Points  [][3]float64 `json:"points"` // x, y, 1 positive / 0 negative
	Box     []float64    `json:"box"`    // x0, y0, x1, y1 inclusive
	Prev    string       `json:"prev"`   // the case whose result refines this one
	Lowres  string       `json:"lowres"` // the reference's chosen low-res logits
	Mask    string       `json:"mask"`   // the reference's final mask (uint8), or label map (lora)
	Score   float64      `json:"score"`
	// Multimask is the rule the reference used (best: multimask_output=True
	// and the best score; single: multimask_output=False); empty: segtui's
	// default (auto).
	Multimask string `json:"multimask"`
	Token     int    `json:"token"`
	// lora: the model's input exactly as the reference gave it, and its
	// unmerged logits for that input.
	Input  string    `json:"input"`
	Logits string    `json:"logits"`
	Window []float64 `json:"window"` // CT window for HU slices (lora)
}

var pythonOnce struct {
	sync.Once
	py, why string
}

// python finds a python3 with PyTorch, ONNX, PyYAML, SciPy and scikit-image
// (Debian python3-torch python3-onnx python3-yaml python3-scipy
// python3-skimage), or says why there is none.
func python() (string, string) {
	pythonOnce.Do(func() {
		var errs []string
		for _, py := range []string{os.Getenv("SEGTUI_PYTHON"), "/usr/bin/python3", "python3"} {
			if py == "" {
				continue
			}
			out, err := exec.Command(py, "-c", "import torch, torchvision, onnx, yaml, scipy, skimage, PIL").CombinedOutput()
			if err == nil {
				pythonOnce.py = py
				return
			}
			errs = append(errs, py+": "+lastLine(out))
		}
		pythonOnce.why = strings.Join(errs, "; ")
	})
	return pythonOnce.py, pythonOnce.why
}

func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return lines[len(lines)-1]
}

// refRuns caches reference.py runs: the prompted kinds and the LoRAs export
// into one folder and one manifest, so a test can open them together.
var refRuns struct {
	sync.Mutex
	root string
	docs map[string]refDoc
	errs map[string]string
}

// sharedKinds export into the common folder; the others get their own.
var sharedKinds = map[string]bool{"sam": true, "medsam": true, "lora": true, "adapter": true}

func TestMain(m *testing.M) {
	code := m.Run()
	if refRuns.root != "" {
		os.RemoveAll(refRuns.root)
	}
	os.Exit(code)
}

// reference runs parity/reference.py KIND once per test binary and reads
// what it wrote; it skips when ../shared or PyTorch is absent.
func reference(t *testing.T, kind string) refDoc {
	t.Helper()
	for _, p := range []string{"thirdparty/segment-anything", "realdata/amos2d"} {
		if _, err := os.Stat(filepath.Join(shared, p)); err != nil {
			t.Skipf("%s is absent (the official code and real slices live beside the project in ../shared): %v", p, err)
		}
	}
	py, why := python()
	if py == "" {
		t.Skipf("no python3 with torch, torchvision, onnx, yaml, scipy, skimage and PIL (Debian python3-torch etc.; .ci/run installs them): %s", why)
	}
	refRuns.Lock()
	defer refRuns.Unlock()
	if doc, ok := refRuns.docs[kind]; ok {
		return doc
	}
	if msg, ok := refRuns.errs[kind]; ok {
		t.Fatal(msg)
	}
	if refRuns.root == "" {
		dir, err := os.MkdirTemp("", "segtui-parity-")
		if err != nil {
			t.Fatal(err)
		}
		refRuns.root, refRuns.docs, refRuns.errs = dir, map[string]refDoc{}, map[string]string{}
	}
	work := filepath.Join(refRuns.root, kind)
	if sharedKinds[kind] {
		work = filepath.Join(refRuns.root, "shared")
	}
	if err := os.MkdirAll(work, 0o755); err != nil {
		t.Fatal(err)
	}
	args := []string{"parity/reference.py", kind, work}
	if kind == "lora" {
		ct := ctSlice(t)
		path := filepath.Join(refRuns.root, "ct.npy")
		writeNpy(t, path, ct.Grey, ct.Height, ct.Width)
		args = append(args, path)
	}
	abs, err := filepath.Abs(shared)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, args...)
	cmd.Env = append(os.Environ(), "SEGTUI_SHARED="+abs, "OMP_NUM_THREADS=2")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		refRuns.errs[kind] = fmt.Sprintf("parity/reference.py %s: %v\n%s", kind, err, out.String())
		t.Fatal(refRuns.errs[kind])
	}
	t.Logf("reference.py %s:\n%s", kind, strings.TrimSpace(out.String()))
	b, err := os.ReadFile(filepath.Join(work, "cases-"+kind+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc refDoc
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	doc.Dir = work
	refRuns.docs[kind] = doc
	return doc
}

var rtOnce struct {
	sync.Once
	rt  *onnx.Runtime
	err error
}

func runtime(t *testing.T) *onnx.Runtime {
	t.Helper()
	rtOnce.Do(func() { rtOnce.rt, rtOnce.err = onnx.NewRuntime(onnx.RuntimeOptions{Device: engine.DeviceCPU}) })
	if rtOnce.err != nil {
		t.Fatalf("the parity tests need the real ONNX Runtime library (make lib): %v", rtOnce.err)
	}
	return rtOnce.rt
}

// openVariant loads a variant from the kit's manifest through segtui's
// manifest reader and contract check, as the TUI and eval do.
func openVariant(t *testing.T, doc refDoc, name string) engine.Engine {
	t.Helper()
	m, err := engine.LoadManifest(filepath.Join(doc.Dir, "models.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	v, err := m.Variant(name)
	if err != nil {
		t.Fatal(err)
	}
	e, err := onnx.Open(v, runtime(t), onnx.OpenOptions{Device: engine.DeviceCPU, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// loadSlice reads an image file or DICOM folder through datasets and hands
// back its first slice as eval and the TUI build it (auto window).
func loadSlice(t *testing.T, path string) *engine.Image {
	t.Helper()
	d, err := datasets.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	vol, _, err := d.Load(d.Cases[0])
	if err != nil {
		t.Fatal(err)
	}
	return engine.SliceImage(vol, datasets.Axial, 0, vol.LooksCT(), nil)
}

func readNpy(t *testing.T, dir, name string) *npz.NpyArray {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	a, err := npz.ReadNpy(f, st.Size())
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return a
}

// maskIoU compares a mask with a reference 0/1 array; both empty is 1.
func maskIoU(got []bool, ref *npz.NpyArray) (iou float64, differ int) {
	inter, union := 0, 0
	for i, g := range got {
		r := ref.At(i) > 0
		if g && r {
			inter++
		}
		if g || r {
			union++
		}
		if g != r {
			differ++
		}
	}
	if union == 0 {
		return 1, 0
	}
	return float64(inter) / float64(union), differ
}

func maxAbsDiff(got []float32, ref []float32) float64 {
	m := 0.0
	for i := range got {
		d := float64(got[i]) - float64(ref[i])
		if d < 0 {
			d = -d
		}
		m = max(m, d)
	}
	return m
}

func prompt(c refCase) engine.Prompt {
	var p engine.Prompt
	for _, pt := range c.Points {
		p.Points = append(p.Points, engine.Point{X: pt[0], Y: pt[1], Positive: pt[2] == 1})
	}
	if len(c.Box) == 4 {
		p.Box = &engine.Box{X0: c.Box[0], Y0: c.Box[1], X1: c.Box[2], Y1: c.Box[3]}
	}
	p.Multimask = engine.Multimask(c.Multimask)
	return p
}
