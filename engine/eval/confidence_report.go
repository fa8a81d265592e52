package eval

import (
	"fmt"
	"strings"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine/confidence"
	"github.com/segtui/segtui/engine/metrics"
)

// confidenceMarkdown is results.md's table of how each confidence signal
// ranks the real failures, per variant; "" when no result has a Dice.
func (r *Results) confidenceMarkdown() string {
	if len(r.Confidence) == 0 {
		for _, c := range r.Cases {
			for _, s := range c.Slices {
				if len(s.Signals) > 0 {
					return "\nNo result has ground truth, so the confidence signals (results_signals.csv) cannot be assessed here; `segtui review` on this folder visits the least confident results first.\n"
				}
			}
		}
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nConfidence without ground truth: how well each signal ranks the real failures. "+
		"Spearman ρ of the signal with slice Dice, and the share of the worst %.0f%% of slices by Dice found among the %.0f%% least confident "+
		"(chance: that share for a random order). No signal reads the ground truth; \"combined\" is the mean of the signals' ranks.\n\n",
		100*confidence.WorstFrac, 100*confidence.WorstFrac)
	b.WriteString("| variant | signal | results | Spearman ρ | worst 10% found | chance | verdict |\n|---|---|---|---|---|---|---|\n")
	for _, v := range r.Variants {
		for _, a := range r.Confidence[v] {
			name := datasets.SanitizeName(v)
			if a.N == 0 {
				fmt.Fprintf(&b, "| %s | %s | 0 | - | - | - | not available for this variant |\n", name, a.Signal)
				continue
			}
			rho := "-"
			if a.RhoOK {
				rho = fmt.Sprintf("%.3f", a.Rho)
			}
			fmt.Fprintf(&b, "| %s | %s | %d | %s | %.0f%% of %d | %.0f%% | %s |\n",
				name, a.Signal, a.N, rho, 100*a.Share, a.K, 100*a.Chance, verdict(a))
		}
	}
	return b.String()
}

func verdict(a confidence.Assessment) string {
	switch {
	case a.N < 3:
		return "too few results to tell"
	case !a.RhoOK:
		return "constant: no better than chance"
	case a.Better:
		return "better than chance"
	case a.Rho < 0:
		return "no better than chance (ranks backwards)"
	}
	return "no better than chance"
}

// signalsCSV is results_signals.csv: one row per slice result with its
// Dice (empty without ground truth) and every signal (empty where not
// computed), for analysis elsewhere.
func (r *Results) signalsCSV() string {
	var b strings.Builder
	b.WriteString("case,variant,slice,class,dice")
	for _, s := range confidence.Order {
		b.WriteString("," + s)
	}
	b.WriteString("\n")
	for _, c := range r.Cases {
		for _, s := range c.Slices {
			fmt.Fprintf(&b, "%s,%s,%d,%d,", metrics.CSVField(c.Case), metrics.CSVField(c.Variant), s.Slice, s.Class)
			if s.Dice != nil {
				fmt.Fprintf(&b, "%.6g", *s.Dice)
			}
			for _, name := range confidence.Order {
				b.WriteString(",")
				if x, ok := s.Signals[name]; ok {
					fmt.Fprintf(&b, "%.6g", x)
				}
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}
