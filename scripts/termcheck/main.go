// Command termcheck compares what real terminals showed (screenshots that
// scripts/term-matrix.sh took) with what segtui composed for the same
// state (the frames and screen.json of SEGTUI_FRAME_DUMP), and prints a
// table terminal x step -> pass/FAIL.
//
//	go run ./scripts/termcheck OUT TERMINAL...
//
// Each step passes when the image area matches the composed frame (PSNR
// at least 30 dB) and every cell that segtui left blank outside the image
// holds one colour: no pixels of an older image, no band over the text.
package main

import (
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
)

const minPSNR = 30.0

type screen struct {
	Frame  string   `json:"frame"`
	Col    int      `json:"col"`
	Row    int      `json:"row"`
	W      int      `json:"w"`
	H      int      `json:"h"`
	DrawW  int      `json:"draw_w"`
	DrawH  int      `json:"draw_h"`
	CellW  int      `json:"cell_w"`
	CellH  int      `json:"cell_h"`
	Lines  []string `json:"lines"`
	Graphx string   `json:"graphics"`
}

type step struct {
	name  string
	shot  *image.RGBA
	scr   screen
	frame *image.RGBA // scaled to the drawn size; nil without an image
}

type result struct {
	psnr  float64 // NaN without an image
	dirty int     // blank cells that are not one colour
	err   string
	where []string // the first dirty cells, "col,row" (0-based)
}

func (r result) pass() bool {
	return r.err == "" && r.dirty == 0 && (math.IsNaN(r.psnr) || r.psnr >= minPSNR)
}

func (r result) String() string {
	if r.err != "" {
		return "FAIL(" + r.err + ")"
	}
	s := "pass"
	if !r.pass() {
		s = "FAIL"
	}
	if !math.IsNaN(r.psnr) {
		s += fmt.Sprintf(" %.1fdB", r.psnr)
	}
	if r.dirty > 0 {
		s += fmt.Sprintf(" %d cells", r.dirty)
	}
	return s
}

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: termcheck OUT TERMINAL...")
		os.Exit(2)
	}
	out := os.Args[1]
	var names []string
	rows := map[string][]result{}
	protocol := map[string]string{}
	failed := false
	for _, t := range os.Args[2:] {
		steps, err := loadSteps(filepath.Join(out, t))
		if err != nil {
			fmt.Fprintf(os.Stderr, "termcheck: %s: %v\n", t, err)
			failed = true
			continue
		}
		if names == nil {
			for _, s := range steps {
				names = append(names, s.name)
			}
		}
		protocol[t] = steps[0].scr.Graphx
		res := checkTerminal(steps)
		if g := steps[0].scr.Graphx; g != "sixel" && g != "kitty" && g != "iterm" {
			// every terminal of the matrix shows images: text cells mean
			// detection missed it (tmux in xterm did before passthrough).
			res[0].err = "detected " + g
		}
		for _, r := range res {
			failed = failed || !r.pass()
		}
		rows[t] = res
	}
	printTable(out, os.Args[2:], names, rows, protocol)
	for _, t := range os.Args[2:] {
		for i, r := range rows[t] {
			if len(r.where) > 0 {
				fmt.Printf("%s %s: blank cells not blank at (col,row) %s\n", t, names[i], strings.Join(r.where, " "))
			}
		}
	}
	if failed {
		os.Exit(1)
	}
}

// loadSteps reads step-N-NAME.png with its .json and -frame.png, in step
// order (N is one digit, so the names sort).
func loadSteps(dir string) ([]step, error) {
	shots, _ := filepath.Glob(filepath.Join(dir, "step-*.png"))
	var steps []step
	for _, p := range shots {
		if strings.HasSuffix(p, "-frame.png") {
			continue
		}
		base := strings.TrimSuffix(p, ".png")
		s := step{name: strings.SplitN(filepath.Base(base), "-", 3)[2]}
		var err error
		if s.shot, err = readPNG(p); err != nil {
			return nil, err
		}
		b, err := os.ReadFile(base + ".json")
		if err != nil {
			return nil, fmt.Errorf("%s: no screen state beside the screenshot: %w", p, err)
		}
		if err := json.Unmarshal(b, &s.scr); err != nil {
			return nil, fmt.Errorf("%s.json: %w", base, err)
		}
		if s.scr.Frame != "" {
			f, err := readPNG(base + "-frame.png")
			if err != nil {
				return nil, err
			}
			s.frame = scale(f, s.scr.DrawW, s.scr.DrawH)
		}
		steps = append(steps, s)
	}
	if len(steps) == 0 {
		return nil, fmt.Errorf("no screenshots in %s", dir)
	}
	return steps, nil
}

func readPNG(p string) (*image.RGBA, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	rgba := image.NewRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	return rgba, nil
}

// scale resizes src to w x h by bilinear interpolation with pixel centres
// aligned, as kitty does when it fits a frame to whole cells.
func scale(src *image.RGBA, w, h int) *image.RGBA {
	sw, sh := src.Bounds().Dx(), src.Bounds().Dy()
	if w <= 0 || h <= 0 || (w == sw && h == sh) {
		return src
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		fy := math.Max(0, (float64(y)+0.5)*float64(sh)/float64(h)-0.5)
		y0 := min(int(fy), sh-1)
		y1, ty := min(y0+1, sh-1), fy-float64(y0)
		for x := 0; x < w; x++ {
			fx := math.Max(0, (float64(x)+0.5)*float64(sw)/float64(w)-0.5)
			x0 := min(int(fx), sw-1)
			x1, tx := min(x0+1, sw-1), fx-float64(x0)
			var c [4]float64
			for _, p := range []struct {
				x, y int
				w    float64
			}{{x0, y0, (1 - tx) * (1 - ty)}, {x1, y0, tx * (1 - ty)}, {x0, y1, (1 - tx) * ty}, {x1, y1, tx * ty}} {
				q := src.RGBAAt(p.x, p.y)
				c[0] += p.w * float64(q.R)
				c[1] += p.w * float64(q.G)
				c[2] += p.w * float64(q.B)
			}
			dst.SetRGBA(x, y, color.RGBA{uint8(c[0] + 0.5), uint8(c[1] + 0.5), uint8(c[2] + 0.5), 255})
		}
	}
	return dst
}

// checkTerminal finds where the terminal's cell grid starts in its
// screenshots (window decorations differ) from the first image, then
// checks every step.
func checkTerminal(steps []step) []result {
	ox, oy, ok := origin(steps)
	res := make([]result, len(steps))
	for i, s := range steps {
		if !ok {
			res[i] = result{psnr: math.NaN(), err: "no image found"}
			continue
		}
		res[i] = checkStep(s, ox, oy)
	}
	return res
}

// origin searches offsets for the first step with an image and returns the
// one where the frame matches best (on a sample of its pixels).
func origin(steps []step) (int, int, bool) {
	for _, s := range steps {
		if s.frame == nil {
			continue
		}
		best, bx, by := math.Inf(1), 0, 0
		x0, y0 := s.scr.Col*s.scr.CellW, s.scr.Row*s.scr.CellH
		for dy := -8; dy <= 96; dy++ {
			for dx := -8; dx <= 48; dx++ {
				if e := mse(s.shot, s.frame, x0+dx, y0+dy, 5); e < best {
					best, bx, by = e, dx, dy
				}
			}
		}
		return bx, by, !math.IsInf(best, 1)
	}
	return 0, 0, false
}

// mse is the mean squared error of frame placed at (x, y) in shot, over
// every stride-th pixel; +Inf when it does not fit.
func mse(shot, frame *image.RGBA, x, y, stride int) float64 {
	fb := frame.Bounds()
	if x < 0 || y < 0 || x+fb.Dx() > shot.Bounds().Dx() || y+fb.Dy() > shot.Bounds().Dy() {
		return math.Inf(1)
	}
	var sum float64
	n := 0
	for j := 0; j < fb.Dy(); j += stride {
		for i := 0; i < fb.Dx(); i += stride {
			a, b := shot.RGBAAt(x+i, y+j), frame.RGBAAt(i, j)
			dr, dg, db := float64(a.R)-float64(b.R), float64(a.G)-float64(b.G), float64(a.B)-float64(b.B)
			sum += dr*dr + dg*dg + db*db
			n += 3
		}
	}
	return sum / float64(n)
}

func checkStep(s step, ox, oy int) result {
	r := result{psnr: math.NaN()}
	cw, ch := s.scr.CellW, s.scr.CellH
	var img image.Rectangle
	if s.frame != nil {
		x, y := ox+s.scr.Col*cw, oy+s.scr.Row*ch
		e := mse(s.shot, s.frame, x, y, 1)
		if math.IsInf(e, 1) {
			r.err = "image off screen"
			return r
		}
		r.psnr = 99
		if e > 0 {
			r.psnr = 10 * math.Log10(255*255/e)
		}
		img = image.Rect(x, y, x+s.frame.Bounds().Dx(), y+s.frame.Bounds().Dy())
	}
	for row, line := range s.scr.Lines {
		for col, c := range []rune(line) {
			if c != ' ' {
				continue
			}
			cell := image.Rect(ox+col*cw, oy+row*ch, ox+(col+1)*cw, oy+(row+1)*ch)
			if cell.Overlaps(img) || !cell.In(s.shot.Bounds()) {
				continue
			}
			if !uniform(s.shot, cell.Inset(1)) {
				r.dirty++
				if len(r.where) < 8 {
					r.where = append(r.where, fmt.Sprintf("%d,%d", col, row))
				}
			}
		}
	}
	return r
}

// uniform reports a cell of one colour: at most 3% of its pixels differ
// from its first pixel by more than 24 levels in a channel (a leftover
// image has texture and edges; a blank cell has none).
func uniform(img *image.RGBA, r image.Rectangle) bool {
	ref := img.RGBAAt(r.Min.X, r.Min.Y)
	off, n := 0, 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			p := img.RGBAAt(x, y)
			if absDiff(p.R, ref.R) > 24 || absDiff(p.G, ref.G) > 24 || absDiff(p.B, ref.B) > 24 {
				off++
			}
			n++
		}
	}
	return off*100 <= 3*n
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

func printTable(out string, terms, steps []string, rows map[string][]result, protocol map[string]string) {
	w := 14
	for _, t := range terms {
		for _, r := range rows[t] {
			w = max(w, len(r.String())+1)
		}
	}
	fmt.Printf("%-36s %-8s", "terminal", "images")
	for _, s := range steps {
		fmt.Printf(" %-*s", w, s)
	}
	fmt.Println()
	for _, t := range terms {
		v, _ := os.ReadFile(filepath.Join(out, t, "version"))
		label := strings.TrimSpace(string(v))
		if label == "" {
			label = t
		}
		fmt.Printf("%-36s %-8s", label, protocol[t])
		for _, r := range rows[t] {
			fmt.Printf(" %-*s", w, r.String())
		}
		fmt.Println()
	}
	fmt.Printf("screenshots and frames: %s/TERMINAL/step-*.png\n", out)
}
