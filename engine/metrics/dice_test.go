package metrics

import (
	"math"
	"strings"
	"testing"
)

// The expected values below were computed once, independently, with numpy:
//
//	/usr/bin/python3 -c "
//	import numpy as np
//	H,W=48,64
//	y,x=np.mgrid[:H,:W]
//	gt=(x-20)**2+(y-18)**2<=100
//	pred=(x>=12)&(x<30)&(y>=10)&(y<26)
//	print(gt.sum(),pred.sum(),(gt&pred).sum(), repr(2*(gt&pred).sum()/(gt.sum()+pred.sum())))
//	g=np.zeros((H,W),np.uint16); p=np.zeros((H,W),np.uint16)
//	g[gt]=1; g[(x>=40)&(x<60)&(y>=5)&(y<40)]=2; g[(x-50)**2+(y-40)**2<=16]=3
//	p[pred]=1; p[(x>=42)&(x<62)&(y>=8)&(y<44)]=2; p[y>=44]=4
//	for c in [1,2,3,4,5]:
//	  a=g==c;b=p==c; s=a.sum()+b.sum(); print(c,a.sum(),b.sum(),(a&b).sum(), repr(2*(a&b).sum()/s) if s else 'nan')
//	tot=[0,0,0]
//	for k in range(3):
//	  a=(x-20)**2+(y-18)**2<=(6+2*k)**2; b=(x-21)**2+(y-18)**2<=(7+k)**2
//	  tot[0]+=(a&b).sum(); tot[1]+=a.sum(); tot[2]+=b.sum()
//	print(tot, repr(2*tot[0]/(tot[1]+tot[2])))"
//
// which printed:
//
//	317 288 273 0.9024793388429752
//	1 317 288 273 0.9024793388429752
//	2 680 720 556 0.7942857142857143
//	3 49 0 0 0.0
//	4 0 256 0 0.0
//	5 0 0 0 nan
//	[546, 627, 599] 0.8907014681892332
const testW, testH = 64, 48

func shape(in func(x, y int) bool) []bool {
	out := make([]bool, testW*testH)
	for y := 0; y < testH; y++ {
		for x := 0; x < testW; x++ {
			out[y*testW+x] = in(x, y)
		}
	}
	return out
}

func disc(cx, cy, r int) func(x, y int) bool {
	return func(x, y int) bool { return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r }
}

func rect(x0, x1, y0, y1 int) func(x, y int) bool {
	return func(x, y int) bool { return x >= x0 && x < x1 && y >= y0 && y < y1 }
}

func paint(labels []uint16, id uint16, in func(x, y int) bool) {
	for i, v := range shape(in) {
		if v {
			labels[i] = id
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

func TestDiceMatchesNumpy(t *testing.T) {
	gt := shape(disc(20, 18, 10))
	pred := shape(rect(12, 30, 10, 26))
	o, err := Count(gt, pred)
	if err != nil {
		t.Fatal(err)
	}
	if o != (Overlap{Inter: 273, GT: 317, Pred: 288}) {
		t.Fatalf("counts %+v, numpy says inter 273, gt 317, pred 288", o)
	}
	d, ok := Dice(gt, pred)
	if !ok || !near(d, 0.9024793388429752) {
		t.Fatalf("Dice = %v, %v; want 0.9024793388429752, true", d, ok)
	}
}

func TestDiceEmptyConventions(t *testing.T) {
	empty := make([]bool, 10)
	some := make([]bool, 10)
	some[3] = true
	if d, ok := Dice(empty, empty); d != 1 || ok {
		t.Errorf("both empty: got %v, %v; want 1 (FLARE22) and ok=false so callers can show a dash", d, ok)
	}
	if d, ok := Dice(empty, some); d != 0 || !ok {
		t.Errorf("empty GT, non-empty prediction: got %v, %v; want 0, true", d, ok)
	}
	if d, ok := Dice(some, empty); d != 0 || !ok {
		t.Errorf("non-empty GT, empty prediction: got %v, %v; want 0, true", d, ok)
	}
	if d, ok := Dice(some, some); d != 1 || !ok {
		t.Errorf("identical: got %v, %v; want 1, true", d, ok)
	}
}

func TestCountLengthMismatch(t *testing.T) {
	_, err := Count(make([]bool, 4), make([]bool, 5))
	if err == nil || !strings.Contains(err.Error(), "4") || !strings.Contains(err.Error(), "5") {
		t.Fatalf("want an error naming both lengths, got %v", err)
	}
	if _, err := ClassDice(make([]uint16, 4), make([]uint16, 5), []uint16{1}); err == nil {
		t.Fatal("ClassDice accepted labels of different lengths")
	}
}

func classMaps() (gt, pred []uint16) {
	gt = make([]uint16, testW*testH)
	pred = make([]uint16, testW*testH)
	paint(gt, 1, disc(20, 18, 10))
	paint(gt, 2, rect(40, 60, 5, 40))
	paint(gt, 3, disc(50, 40, 4))
	paint(pred, 1, rect(12, 30, 10, 26))
	paint(pred, 2, rect(42, 62, 8, 44))
	paint(pred, 4, rect(0, testW, 44, testH))
	return gt, pred
}

func TestClassDiceMatchesNumpy(t *testing.T) {
	gt, pred := classMaps()
	got, err := ClassDice(gt, pred, []uint16{1, 2, 3, 4, 5})
	if err != nil {
		t.Fatal(err)
	}
	want := map[uint16]struct {
		o    Overlap
		dice float64
		ok   bool
	}{
		1: {Overlap{273, 317, 288}, 0.9024793388429752, true},
		2: {Overlap{556, 680, 720}, 0.7942857142857143, true},
		3: {Overlap{0, 49, 0}, 0, true},
		4: {Overlap{0, 0, 256}, 0, true},
		5: {Overlap{0, 0, 0}, 1, false},
	}
	for id, w := range want {
		o, present := got[id]
		if !present {
			t.Errorf("class %d missing from result", id)
			continue
		}
		if o != w.o {
			t.Errorf("class %d counts %+v, numpy %+v", id, o, w.o)
		}
		if d, ok := o.Dice(); !near(d, w.dice) || ok != w.ok {
			t.Errorf("class %d Dice %v,%v; want %v,%v", id, d, ok, w.dice, w.ok)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d classes, want %d", len(got), len(want))
	}
}

func discLabels(cx, cy, r int) []uint16 {
	l := make([]uint16, testW*testH)
	paint(l, 1, disc(cx, cy, r))
	return l
}

func TestCaseDiceAccumulatesCountsNotMeans(t *testing.T) {
	c := NewCaseDice([]uint16{1})
	for k := 0; k < 3; k++ {
		if err := c.SetSlice(k, discLabels(20, 18, 6+2*k), discLabels(21, 18, 7+k)); err != nil {
			t.Fatal(err)
		}
	}
	if c.Slices() != 3 {
		t.Fatalf("Slices() = %d, want 3", c.Slices())
	}
	if o := c.Overlap(1); o != (Overlap{546, 627, 599}) {
		t.Fatalf("summed counts %+v, numpy says {546 627 599}", o)
	}
	if d, ok := c.Dice(1); !ok || !near(d, 0.8907014681892332) {
		t.Fatalf("3-D Dice %v,%v; want 0.8907014681892332", d, ok)
	}
}

func TestCaseDiceRelabelReplaces(t *testing.T) {
	c := NewCaseDice([]uint16{1, 2})
	gt := discLabels(20, 18, 8)
	if err := c.SetSlice(7, gt, make([]uint16, len(gt))); err != nil {
		t.Fatal(err)
	}
	if d, ok := c.Dice(1); d != 0 || !ok {
		t.Fatalf("after an empty prediction Dice = %v,%v; want 0,true", d, ok)
	}
	// The user fixes slice 7: its first attempt must no longer count.
	if err := c.SetSlice(7, gt, gt); err != nil {
		t.Fatal(err)
	}
	if d, ok := c.Dice(1); d != 1 || !ok || c.Slices() != 1 {
		t.Fatalf("after re-labelling Dice = %v,%v over %d slices; want 1,true over 1", d, ok, c.Slices())
	}
	if _, ok := c.Dice(2); ok {
		t.Fatal("class 2 absent everywhere should report ok=false")
	}
	c.RemoveSlice(7)
	if c.Slices() != 0 || c.Overlap(1) != (Overlap{}) {
		t.Fatalf("after removal: %d slices, %+v", c.Slices(), c.Overlap(1))
	}
	if err := c.SetSlice(1, gt, gt[:10]); err == nil || !strings.Contains(err.Error(), "slice 1") {
		t.Fatalf("want an error naming the slice, got %v", err)
	}
}
