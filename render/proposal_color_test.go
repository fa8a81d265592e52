package render

import "testing"

// A proposal with ProposalColor set is outlined in that colour (review
// mode's stored prediction), not the live proposal's gold.
func TestProposalColorOverride(t *testing.T) {
	spec := squareSpec()
	prop := make([]bool, 40*40)
	for y := 12; y < 20; y++ {
		for x := 12; x < 20; x++ {
			prop[y*40+x] = true
		}
	}
	spec.Proposal = prop
	spec.FillOpacity = 0.5
	spec.ProposalColor = ColorStored
	f, err := Compose(spec)
	if err != nil {
		t.Fatal(err)
	}
	if c := rgbAt(f, 24, 30); !near(c, ColorStored, 2) {
		t.Errorf("stored proposal outline %v, want %v", c, ColorStored)
	}
	spec.ProposalColor = ColorStored
	spec.ProposalColor.A = 0
	f, err = Compose(spec)
	if err != nil {
		t.Fatal(err)
	}
	if c := rgbAt(f, 24, 30); !near(c, ColorProposal, 2) {
		t.Errorf("default proposal outline %v, want %v", c, ColorProposal)
	}
}
