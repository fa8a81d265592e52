package confidence

// WorstFrac is the share of results called "the worst" when assessing a
// signal: the worst 10% by Dice against the 10% least confident.
const WorstFrac = 0.10

// Assessment is how well one signal ranks the real failures of one
// variant's results.
type Assessment struct {
	Signal string  `json:"signal"`
	N      int     `json:"n"`                  // results with both the signal and a Dice
	Rho    float64 `json:"rho"`                // Spearman correlation of the signal with Dice
	RhoOK  bool    `json:"rho_ok"`             // false when undefined (constant signal, under 3 results)
	Share  float64 `json:"worst_share"`        // WorstShare at WorstFrac
	K      int     `json:"worst_k"`            // how many results the worst 10% is
	Chance float64 `json:"chance"`             // the share a random order finds on average: K/N
	Better bool    `json:"better_than_chance"` // rho is positive and significant (SignificantRanks)
}

// Assess measures a signal against Dice over the pairs where both exist.
func Assess(signal string, conf, dice []float64) Assessment {
	a := Assessment{Signal: signal, N: len(conf)}
	if a.N == 0 {
		return a
	}
	a.Rho, a.RhoOK = Spearman(conf, dice)
	a.Share, a.K = WorstShare(conf, dice, WorstFrac)
	a.Chance = float64(a.K) / float64(a.N)
	a.Better, _ = SignificantRanks(conf, dice)
	return a
}

// Disagreement maps, per pixel, how split a set of masks of one size is:
// 0 where they all agree, 1 where half say yes and half no (1 - |2p - 1|
// for p the share saying yes). nil for fewer than two masks.
func Disagreement(masks [][]bool) []float32 {
	if len(masks) < 2 {
		return nil
	}
	out := make([]float32, len(masks[0]))
	for i := range out {
		yes := 0
		for _, m := range masks {
			if m[i] {
				yes++
			}
		}
		p := float32(yes) / float32(len(masks))
		d := 2*p - 1
		if d < 0 {
			d = -d
		}
		out[i] = 1 - d
	}
	return out
}
