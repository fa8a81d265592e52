package engine

import (
	"strings"
	"testing"
)

func TestChooseTokenFollowsTheReferenceRules(t *testing.T) {
	sam := []float32{0.95, 0.6, 0.9, 0.7} // token 0 scores highest; best multimask is 2
	one := Prompt{Points: []Point{{X: 1, Y: 1, Positive: true}}}
	two := Prompt{Points: []Point{{X: 1, Y: 1, Positive: true}, {X: 5, Y: 5}}}
	box := Prompt{Box: &Box{X1: 4, Y1: 4}}
	for _, c := range []struct {
		name string
		iou  []float32
		fam  Family
		m    Multimask
		p    Prompt
		want int
	}{
		{"auto, one point: best multimask", sam, FamilySAM, MultimaskAuto, one, 2},
		{"auto, two points: single", sam, FamilySAM, MultimaskAuto, two, 0},
		{"auto, box: single", sam, FamilySAM, MultimaskAuto, box, 0},
		{"empty is auto", sam, FamilySAM, "", box, 0},
		{"single, one point", sam, FamilySAM, MultimaskSingle, one, 0},
		{"best, box", sam, FamilySAM, MultimaskBest, box, 2},
		{"medsam auto, one point: token 0", sam, FamilyMedSAM, MultimaskAuto, one, 0},
		{"medsam best", sam, FamilyMedSAM, MultimaskBest, box, 2},
		{"one output", []float32{0.3}, FamilySAM, MultimaskBest, one, 0},
		{"sam2 has no single token", []float32{0.2, 0.8, 0.5}, FamilySAM2, MultimaskSingle, box, 1},
	} {
		if got := chooseToken(c.iou, c.fam, c.m, c.p); got != c.want {
			t.Errorf("%s: token %d, want %d", c.name, got, c.want)
		}
	}
	fixed := Variant{Multimask: MultimaskBest}
	if got := fixed.multimaskFor(Prompt{Multimask: MultimaskSingle}); got != MultimaskBest {
		t.Errorf("a manifest's multimask should win over the caller's: got %s", got)
	}
	if got := (Variant{}).multimaskFor(Prompt{Multimask: MultimaskSingle}); got != MultimaskSingle {
		t.Errorf("the caller's multimask applies when the manifest leaves it: got %s", got)
	}
}

// The fixture decoder draws one cone per token (radii 40, 24, 64, 32 in the
// 1024 frame; IoU 0.95, 0.6, 0.9, 0.7): a click takes token 2, single takes
// token 0, and the candidates are every token, the chosen one first.
func TestDecodeChoosesAndListsCandidates(t *testing.T) {
	e := openFixture(t, "sam-fixture")
	emb := encode(t, e, ctImage(256, 256, 40))
	click := Prompt{Points: []Point{{X: 128, Y: 128, Positive: true}}, Candidates: true}
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
	click.Multimask, click.Candidates = MultimaskSingle, false
	if m := decode(t, e, emb, click); m.Token != 0 || m.Candidates != nil {
		t.Errorf("single: token %d, %d candidates; want token 0 and none (not asked)", m.Token, len(m.Candidates))
	}
	med := openFixture(t, "medsam-fixture") // one output
	m = decode(t, med, encode(t, med, ctImage(256, 256, 40)), Prompt{Box: &Box{X0: 100, Y0: 100, X1: 150, Y1: 150}, Candidates: true})
	if m.Token != 0 || len(m.Candidates) != 0 {
		t.Errorf("one-output decoder: token %d, %d candidates; want 0 and none", m.Token, len(m.Candidates))
	}
}

func TestManifestMultimask(t *testing.T) {
	for body, want := range map[string]string{
		`{name: a, family: sam, encoder: e.onnx, decoder: d.onnx, multimask: often}`:                   `multimask "often", expected auto, single or best`,
		`{name: a, family: semantic, encoder: e.onnx, multimask: single, classes: [{id: 1, name: x}]}`: "multimask is for promptable models",
		`{name: a, family: medsam, encoder: e.onnx, decoder: d.onnx, multimask: best}`:                 "",
	} {
		m, err := LoadManifest(writeManifest(t, "variants:\n  - "+body+"\n"))
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", body, err)
		case want == "" && m.Variants[0].Multimask != MultimaskBest:
			t.Errorf("%s: multimask %q", body, m.Variants[0].Multimask)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: error %v, want %q", body, err, want)
		}
	}
}
