package eval

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/segtui/segtui/datasets"
)

// writeOutputs writes the summary files atomically: results.json (every
// result, for review), results.md (Dice and NSD tables, the confidence
// signals' assessment), results.csv (the Dice table), results_nsd.csv and
// results_signals.csv (every slice result's signals beside its Dice).
func writeOutputs(dir string, res *Results) error {
	files := map[string]func(io.Writer) error{
		"results.json": func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetIndent("", " ")
			return enc.Encode(res)
		},
		"results.md":          func(w io.Writer) error { _, err := io.WriteString(w, res.Markdown()); return err },
		"results.csv":         func(w io.Writer) error { _, err := io.WriteString(w, res.Dice.Table().CSV()); return err },
		"results_nsd.csv":     func(w io.Writer) error { _, err := io.WriteString(w, res.NSD.Table().CSV()); return err },
		"results_signals.csv": func(w io.Writer) error { _, err := io.WriteString(w, res.signalsCSV()); return err },
	}
	for name, write := range files {
		if err := datasets.WriteFileAtomic(filepath.Join(dir, name), write); err != nil {
			return err
		}
	}
	return nil
}

// Markdown is the run's report: setup, Dice table, NSD table, throughput.
func (r *Results) Markdown() string {
	var b strings.Builder
	if r.Split != "" {
		fmt.Fprintf(&b, "Split %s. ", datasets.SanitizeName(r.Split))
	}
	fmt.Fprintf(&b, "Protocol %s, jitter %g px, box margin %g px, multimask %s%s, seed %d, plane %s, %d case results.\n\n",
		r.Protocol, r.JitterPX, r.BoxMarginPX, r.Multimask, r.fixedMultimask(), r.Seed, r.Plane, len(r.Cases))
	if r.PromptsFrom != "" {
		fmt.Fprintf(&b, "Prompts replayed from %s.\n\n", datasets.SanitizeName(r.PromptsFrom))
	}
	b.WriteString("Dice (per case, mean over cases with the class)\n\n")
	b.WriteString(r.Dice.Table().Markdown())
	b.WriteString("\nNSD (FLARE22 tolerances unless --tolerance)\n\n")
	b.WriteString(r.NSD.Table().Markdown())
	b.WriteString("\n")
	for _, v := range r.Variants {
		if ids, ok := r.VariantClasses[v]; ok {
			fmt.Fprintf(&b, "%s is scored on its own classes only (%s); \"-\" elsewhere.\n", v, idList(ids))
		}
	}
	for _, v := range r.Variants {
		if s, ok := r.SlicesPerSecond[v]; ok {
			fmt.Fprintf(&b, "%s: %.2f slices/s\n", v, s)
		}
	}
	b.WriteString(r.confidenceMarkdown())
	return b.String()
}

func idList(ids []uint16) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprint(id)
	}
	return strings.Join(parts, ", ")
}

// fixedMultimask lists the variants whose manifest fixes another mask rule
// than the run's, for the protocol line.
func (r *Results) fixedMultimask() string {
	var parts []string
	for _, v := range r.Variants {
		if m, ok := r.VariantMultimask[v]; ok && m != r.Multimask {
			parts = append(parts, datasets.SanitizeName(v)+" "+m)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (manifest: " + strings.Join(parts, ", ") + ")"
}
