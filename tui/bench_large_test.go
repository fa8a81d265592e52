package tui

import (
	"context"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/nifti"
	phantomdata "github.com/segtui/segtui/datasets/phantom"
	"github.com/segtui/segtui/keymap"
)

// Responsiveness on a full-size CT. A FLARE22 case is 512x512x~100-300
// int16; the demo phantom is 256x256x64. Each benchmark here runs on both,
// in the same run, so the Large/Phantom ratio is what a user on a real case
// feels beyond the demo:
//
//	go test ./tui -run '^$' -bench 'Large|PhantomPeer' -benchtime 5x
//
// The large case is the phantom upsampled to 512x512x300 (nearest
// neighbour plus fresh scanner noise, so it compresses like CT), written
// once per test binary as .nii.gz and read back through the dataset
// reader like any case.

const largeDepth = 300

// benchCases holds the two cases' folders and their loaded volumes for
// the whole run: writing the large one takes seconds.
var benchCases struct {
	once           sync.Once
	tmp            string
	phantom, large string
	err            error
	loadOnce       sync.Once
	largeImg       *datasets.Volume
	largeLab       *datasets.LabelMap
	phantomImg     *datasets.Volume
	phantomLab     *datasets.LabelMap
	loadErr        error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchCases.tmp != "" {
		os.RemoveAll(benchCases.tmp)
	}
	os.Exit(code)
}

// caseDirs writes the phantom and the large case, each a one-case FLARE22
// folder.
func caseDirs(b *testing.B) (phantom, large string) {
	b.Helper()
	c := &benchCases
	c.once.Do(func() {
		if c.tmp, c.err = os.MkdirTemp("", "segtui-bench-large-"); c.err != nil {
			return
		}
		c.phantom, c.large = c.tmp+"/phantom", c.tmp+"/large"
		if _, _, c.err = phantomdata.Write(c.phantom, phantomdata.DefaultSeed); c.err != nil {
			return
		}
		img, lab := largePhantom()
		imgPath, labPath := phantomdata.Paths(c.large)
		for _, d := range []string{c.large + "/images", c.large + "/labels"} {
			if c.err = os.MkdirAll(d, 0o755); c.err != nil {
				return
			}
		}
		if c.err = nifti.Write(imgPath, img); c.err == nil {
			c.err = nifti.WriteLabels(labPath, lab)
		}
	})
	if c.err != nil {
		b.Fatal(c.err)
	}
	return c.phantom, c.large
}

// loadedCases reads both cases from disk once (the step and prompt
// benchmarks share them; sessions never modify image or ground truth).
func loadedCases(b *testing.B) {
	b.Helper()
	phantomDir, largeDir := caseDirs(b)
	c := &benchCases
	c.loadOnce.Do(func() {
		read := func(dir string) (*datasets.Volume, *datasets.LabelMap, error) {
			ds, err := datasets.Open(dir)
			if err != nil {
				return nil, nil, err
			}
			return ds.Load(ds.Cases[0])
		}
		if c.phantomImg, c.phantomLab, c.loadErr = read(phantomDir); c.loadErr == nil {
			c.largeImg, c.largeLab, c.loadErr = read(largeDir)
		}
	})
	if c.loadErr != nil {
		b.Fatal(c.loadErr)
	}
}

// largePhantom upsamples the phantom to 512x512x300 over the same extent.
func largePhantom() (*datasets.Volume, *datasets.LabelMap) {
	src, srcLab := phantomdata.New(phantomdata.DefaultSeed)
	dim := [3]int{2 * src.Dim[0], 2 * src.Dim[1], largeDepth}
	g := datasets.Grid{Dim: dim, Affine: src.Affine}
	for a := 0; a < 3; a++ {
		f := float64(src.Dim[a]) / float64(dim[a])
		g.Spacing[a] = src.Spacing[a] * f
		for r := 0; r < 3; r++ {
			g.Affine[r][a] *= f
		}
	}
	img := &datasets.Volume{Grid: g, Voxels: make([]float32, g.Len()), DataType: datasets.Int16}
	lab := &datasets.LabelMap{Grid: g, Labels: make([]uint16, g.Len()), DataType: datasets.Uint8}
	rng := rand.New(rand.NewPCG(7, 300))
	o := 0
	for k := 0; k < dim[2]; k++ {
		sk := k * src.Dim[2] / dim[2]
		for j := 0; j < dim[1]; j++ {
			row := src.Index(0, j/2, sk)
			for i := 0; i < dim[0]; i++ {
				img.Voxels[o] = float32(math.Round(float64(src.Voxels[row+i/2]) + 8*rng.NormFloat64()))
				lab.Labels[o] = srcLab.Labels[row+i/2]
				o++
			}
		}
	}
	return img, lab
}

// heapMB is the live heap after a collection.
func heapMB() float64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapAlloc) / (1 << 20)
}

// benchOpenCase times what the user waits for after choosing a case:
// reading the .nii.gz image and labels, LooksCT, the session and the first
// frame, with View rendered. No engine is configured, so no background
// precompute competes for the CPU. heap-MB is what the open case keeps.
func benchOpenCase(b *testing.B, dir string, g Graphics) {
	cfg := Config{Graphics: g, Keys: keymap.Default()}
	if err := openDataset(&cfg, Options{Path: dir}); err != nil {
		b.Fatal(err)
	}
	base := heapMB()
	var kept float64
	for b.Loop() {
		cfg.OutDir = b.TempDir() // no journal from the previous iteration
		m := New(context.Background(), cfg, asciiRenderer())
		drive(m, sizeMsg(160, 48))
		drive(m, runCmd(m.Init())...)
		if m.sess == nil || m.frame.err != nil || m.frame.mapping.W == 0 {
			b.Fatalf("no first frame: %s %v", m.msg, m.frame.err)
		}
		_ = m.View()
		b.StopTimer()
		kept = heapMB() - base
		m.Close()
		b.StartTimer()
	}
	b.ReportMetric(kept, "heap-MB")
}

func BenchmarkOpenCaseLargeBlocks(b *testing.B) {
	_, large := caseDirs(b)
	benchOpenCase(b, large, GraphicsBlocks)
}

func BenchmarkOpenCaseLargeSixel(b *testing.B) {
	_, large := caseDirs(b)
	benchOpenCase(b, large, GraphicsSixel)
}

func BenchmarkOpenCasePhantomPeerBlocks(b *testing.B) {
	phantom, _ := caseDirs(b)
	benchOpenCase(b, phantom, GraphicsBlocks)
}

func BenchmarkOpenCasePhantomPeerSixel(b *testing.B) {
	phantom, _ := caseDirs(b)
	benchOpenCase(b, phantom, GraphicsSixel)
}

// openLoaded opens an already-read case at 160x48 cells.
func openLoaded(b *testing.B, large bool, g Graphics, entries ...EngineEntry) *Model {
	loadedCases(b)
	c := &benchCases
	img, lab := c.phantomImg, c.phantomLab
	if large {
		img, lab = c.largeImg, c.largeLab
	}
	cfg := Config{
		Root:    "bench",
		Cases:   []CaseEntry{{ID: phantomdata.CaseID}},
		Classes: datasets.FLARE22Classes(),
		Load: func(context.Context, int) (*datasets.Volume, *datasets.LabelMap, error) {
			return img, lab, nil
		},
		Engines:  entries,
		Graphics: g,
		OutDir:   b.TempDir(),
		Keys:     keymap.Default(),
	}
	m := New(context.Background(), cfg, asciiRenderer())
	b.Cleanup(m.Close)
	drive(m, sizeMsg(160, 48))
	drive(m, runCmd(m.Init())...)
	if m.sess == nil {
		b.Fatalf("case did not open: %s", m.msg)
	}
	return m
}

// driveRendered is drive with View after every Update, as Bubble Tea's
// loop renders: a key to a frame is two renders (the key, the frame).
func driveRendered(m *Model, msgs ...tea.Msg) {
	queue := append([]tea.Msg(nil), msgs...)
	for len(queue) > 0 {
		msg := queue[0]
		queue = queue[1:]
		_, cmd := m.Update(msg)
		_ = m.View()
		queue = append(queue, runCmd(cmd)...)
	}
}

// benchStep times '.' to the next frame, rendered, on plane p, from a
// quarter of the way through the stack; at the end it jumps back untimed.
// Coronal and sagittal slices gather voxels a row or a plane apart.
func benchStep(b *testing.B, large bool, g Graphics, p datasets.Plane) {
	benchStepWindow(b, openLoaded(b, large, g), p)
}

// benchStepWindow steps with the window m has.
func benchStepWindow(b *testing.B, m *Model, p datasets.Plane) {
	for m.plane != p {
		press(m, "v")
	}
	start := m.view().Depth / 4
	drive(m, runCmd(m.moveTo(p, start))...)
	for b.Loop() {
		if m.n >= m.view().Depth-1 {
			b.StopTimer()
			drive(m, runCmd(m.moveTo(p, start))...)
			b.StartTimer()
		}
		driveRendered(m, keyMsg("."))
	}
	if m.frame.err != nil {
		b.Fatal(m.frame.err)
	}
	// What one frame puts on the wire (the pane's share of the screen).
	b.ReportMetric(float64(len(m.frame.payload)+len(strings.Join(m.frame.lines, "\n")))/1024, "frame-KB")
}

func BenchmarkStepLargeAxialBlocks(b *testing.B) { benchStep(b, true, GraphicsBlocks, datasets.Axial) }
func BenchmarkStepLargeCoronalBlocks(b *testing.B) {
	benchStep(b, true, GraphicsBlocks, datasets.Coronal)
}
func BenchmarkStepLargeSagittalBlocks(b *testing.B) {
	benchStep(b, true, GraphicsBlocks, datasets.Sagittal)
}
func BenchmarkStepLargeAxialSixel(b *testing.B) { benchStep(b, true, GraphicsSixel, datasets.Axial) }
func BenchmarkStepLargeCoronalSixel(b *testing.B) {
	benchStep(b, true, GraphicsSixel, datasets.Coronal)
}
func BenchmarkStepLargeSagittalSixel(b *testing.B) {
	benchStep(b, true, GraphicsSixel, datasets.Sagittal)
}

func BenchmarkStepPhantomPeerAxialBlocks(b *testing.B) {
	benchStep(b, false, GraphicsBlocks, datasets.Axial)
}
func BenchmarkStepPhantomPeerCoronalBlocks(b *testing.B) {
	benchStep(b, false, GraphicsBlocks, datasets.Coronal)
}
func BenchmarkStepPhantomPeerSagittalBlocks(b *testing.B) {
	benchStep(b, false, GraphicsBlocks, datasets.Sagittal)
}
func BenchmarkStepPhantomPeerAxialSixel(b *testing.B) {
	benchStep(b, false, GraphicsSixel, datasets.Axial)
}
func BenchmarkStepPhantomPeerCoronalSixel(b *testing.B) {
	benchStep(b, false, GraphicsSixel, datasets.Coronal)
}
func BenchmarkStepPhantomPeerSagittalSixel(b *testing.B) {
	benchStep(b, false, GraphicsSixel, datasets.Sagittal)
}

// mostOrgansSlice moves to the axial slice whose ground truth shows the
// most classes (all 13 on both cases) and returns how many.
func mostOrgansSlice(b *testing.B, m *Model) int {
	best, bestN := m.n, 0
	for n := 0; n < m.view().Depth; n++ {
		if c := len(m.sess.GTClassesOnSlice(sliceKey{datasets.Axial, n})); c > bestN {
			best, bestN = n, c
		}
	}
	drive(m, runCmd(m.moveTo(datasets.Axial, best))...)
	return bestN
}

// benchAuto times 'a' with the built-in engine on the slice with the most
// organs (its embedding cached by one untimed run); u undoes it untimed.
func benchAuto(b *testing.B, large bool) {
	m := openLoaded(b, large, GraphicsBlocks, builtinEntry)
	organs := mostOrgansSlice(b, m)
	press(m, "a", "u")
	benchKeys(b, m, "a", "u")
	b.ReportMetric(float64(organs), "organs")
}

func BenchmarkAutoLargeBuiltin(b *testing.B)       { benchAuto(b, true) }
func BenchmarkAutoPhantomPeerBuiltin(b *testing.B) { benchAuto(b, false) }

// benchPoint times a positive point in the liver on the cached slice.
func benchPoint(b *testing.B, large bool) {
	m := openLoaded(b, large, GraphicsBlocks, builtinEntry)
	mostOrgansSlice(b, m)
	liverCentreB(b, m)
	press(m, " ", "esc", "esc")
	benchKeys(b, m, " ", "esc", "esc")
}

func BenchmarkPointLargeBuiltin(b *testing.B)       { benchPoint(b, true) }
func BenchmarkPointPhantomPeerBuiltin(b *testing.B) { benchPoint(b, false) }

// The auto window (MR, PET: any volume not taken for CT) is resolved from
// the whole volume's percentiles so it stays put while scrolling.
func benchStepAuto(b *testing.B, large bool) {
	m := openLoaded(b, large, GraphicsBlocks)
	for !m.window().IsAuto() {
		press(m, "w")
	}
	benchStepWindow(b, m, datasets.Axial)
}

func BenchmarkStepLargeAxialAutoWindowBlocks(b *testing.B)       { benchStepAuto(b, true) }
func BenchmarkStepPhantomPeerAxialAutoWindowBlocks(b *testing.B) { benchStepAuto(b, false) }
