package onnx

import (
	"testing"

	"github.com/segtui/segtui/engine"
)

func TestChooseTokenFollowsTheReferenceRules(t *testing.T) {
	sam := []float32{0.95, 0.6, 0.9, 0.7} // token 0 scores highest; best multimask is 2
	one := engine.Prompt{Points: []engine.Point{{X: 1, Y: 1, Positive: true}}}
	two := engine.Prompt{Points: []engine.Point{{X: 1, Y: 1, Positive: true}, {X: 5, Y: 5}}}
	box := engine.Prompt{Box: &engine.Box{X1: 4, Y1: 4}}
	for _, c := range []struct {
		name string
		iou  []float32
		fam  engine.Family
		m    engine.Multimask
		p    engine.Prompt
		want int
	}{
		{"auto, one point: best multimask", sam, engine.FamilySAM, engine.MultimaskAuto, one, 2},
		{"auto, two points: single", sam, engine.FamilySAM, engine.MultimaskAuto, two, 0},
		{"auto, box: single", sam, engine.FamilySAM, engine.MultimaskAuto, box, 0},
		{"empty is auto", sam, engine.FamilySAM, "", box, 0},
		{"single, one point", sam, engine.FamilySAM, engine.MultimaskSingle, one, 0},
		{"best, box", sam, engine.FamilySAM, engine.MultimaskBest, box, 2},
		{"medsam auto, one point: token 0", sam, engine.FamilyMedSAM, engine.MultimaskAuto, one, 0},
		{"medsam best", sam, engine.FamilyMedSAM, engine.MultimaskBest, box, 2},
		{"one output", []float32{0.3}, engine.FamilySAM, engine.MultimaskBest, one, 0},
		{"sam2 has no single token", []float32{0.2, 0.8, 0.5}, engine.FamilySAM2, engine.MultimaskSingle, box, 1},
	} {
		if got := chooseToken(c.iou, c.fam, c.m, c.p); got != c.want {
			t.Errorf("%s: token %d, want %d", c.name, got, c.want)
		}
	}
}

// The fixture decoder draws one cone per token (radii 40, 24, 64, 32 in the
// 1024 frame; IoU 0.95, 0.6, 0.9, 0.7): a click takes token 2, single takes
// token 0, and the candidates are every token, the chosen one first.
func TestDecodeChoosesAndListsCandidates(t *testing.T) {
	e := openFixture(t, "sam-fixture")
	emb := encode(t, e, ctImage(256, 256, 40))
	click := engine.Prompt{Points: []engine.Point{{X: 128, Y: 128, Positive: true}}, Candidates: true}
	m := decode(t, e, emb, click)
	if m.Token != 2 || m.Score != 0.9 {
		t.Fatalf("one click: token %d score %g, want the best multimask token 2 (0.9)", m.Token, m.Score)
	}
	var order []int
	area := map[int]int{}
	for _, c := range m.Candidates {
		order = append(order, c.Token)
		for _, on := range c.Pix {
			if on {
				area[c.Token]++
			}
		}
		if c.LowRes == nil || len(c.LowRes.Logits) != 256*256 {
			t.Errorf("candidate %d has no low-res logits", c.Token)
		}
	}
	if len(order) != 4 || order[0] != 2 || order[1] != 0 || order[2] != 1 || order[3] != 3 {
		t.Fatalf("candidates %v, want [2 0 1 3]", order)
	}
	if !(area[1] < area[3] && area[3] < area[0] && area[0] < area[2]) {
		t.Errorf("candidate areas %v do not follow the radii 24 < 32 < 40 < 64", area)
	}
	click.Multimask, click.Candidates = engine.MultimaskSingle, false
	if m := decode(t, e, emb, click); m.Token != 0 || m.Candidates != nil {
		t.Errorf("single: token %d, %d candidates; want token 0 and none (not asked)", m.Token, len(m.Candidates))
	}
	med := openFixture(t, "medsam-fixture") // one output
	m = decode(t, med, encode(t, med, ctImage(256, 256, 40)), engine.Prompt{Box: &engine.Box{X0: 100, Y0: 100, X1: 150, Y1: 150}, Candidates: true})
	if m.Token != 0 || len(m.Candidates) != 0 {
		t.Errorf("one-output decoder: token %d, %d candidates; want 0 and none", m.Token, len(m.Candidates))
	}
}
