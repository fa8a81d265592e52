package eval

import (
	"bufio"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/segtui/segtui/datasets"
)

// The incremental log, results.jsonl: a first line with the run's setup,
// then one CaseResult per line, each written and synced as its case
// finishes. A torn last line (a run killed mid-write) is ignored.
const logName = "results.jsonl"

type setup struct {
	Version  int      `json:"version"`
	Dataset  string   `json:"dataset"`
	Split    string   `json:"split,omitempty"`
	Plane    string   `json:"plane"`
	Protocol string   `json:"protocol"`
	JitterPX float64  `json:"jitter_px"`
	Seed     uint64   `json:"seed"`
	Variants []string `json:"variants"`
	// Later fields are omitted at their defaults, so logs written before
	// they existed still resume.
	ToleranceMM float64 `json:"tolerance_mm,omitempty"` // --tolerance (0: FLARE22's)
	InclusiveZ  bool    `json:"inclusive_z,omitempty"`
	Models      string  `json:"models,omitempty"`
	ClassTable  string  `json:"class_table,omitempty"` // --classes as given
	// A shard records its place and what merge checks the shards share:
	// every labelled case's files (hashed for the cases it ran) and the
	// model files.
	Shard      *Shard       `json:"shard,omitempty"`
	Cases      []CaseFiles  `json:"cases,omitempty"`
	ModelFiles []ModelFiles `json:"model_files,omitempty"`
	// Absent in logs from before these flags: such a run used neither a
	// margin nor today's mask rule, so it is not resumed with them.
	BoxMarginPX      float64           `json:"box_margin_px,omitempty"`
	Multimask        string            `json:"multimask,omitempty"`
	VariantMultimask map[string]string `json:"variant_multimask,omitempty"`
	VariantTiles     map[string]string `json:"variant_tiles,omitempty"`
	PromptsFrom      string            `json:"prompts_from,omitempty"`
}

func setupOf(r *Results, cfg Config) setup {
	s := setup{Version: r.Version, Dataset: r.Dataset, Split: r.Split, Plane: r.Plane, Protocol: r.Protocol,
		JitterPX: r.JitterPX, Seed: r.Seed, Variants: r.Variants, ToleranceMM: cfg.Rules.All,
		InclusiveZ: cfg.Rules.InclusiveZ, Models: r.Models, ClassTable: cfg.ClassTable,
		BoxMarginPX: r.BoxMarginPX, Multimask: r.Multimask, VariantMultimask: r.VariantMultimask, VariantTiles: r.VariantTiles, PromptsFrom: r.PromptsFrom}
	if cfg.Shard.Sharded() {
		sh := cfg.Shard
		s.Shard = &sh
	}
	return s
}

type caseLog struct{ f *os.File }

// openLog starts results.jsonl, or with resume reads the finished cases of
// an earlier run with the same setup and continues after them.
func openLog(dir string, want setup, resume bool) (*caseLog, map[string]CaseResult, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, fmt.Errorf("output folder: %w", err)
	}
	path := filepath.Join(dir, logName)
	done := map[string]CaseResult{}
	var kept []CaseResult
	if _, err := os.Stat(path); err == nil {
		if !resume {
			return nil, nil, fmt.Errorf("%s already holds results: pass --resume to continue that run, or choose another --out", path)
		}
		got, cases, err := readLog(path)
		if err != nil {
			return nil, nil, err
		}
		if d := setupDiff(got, want); d != "" {
			return nil, nil, fmt.Errorf("%s was made with a different setup (protocol %s, jitter %g, box margin %g, multimask %s, seed %d, plane %s, variants %v, dataset %s%s); it differs in %s: resume it with the same flags, or choose another --out",
				path, got.Protocol, got.JitterPX, got.BoxMarginPX, cmp.Or(got.Multimask, "best (before --multimask)"), got.Seed, got.Plane, got.Variants, got.Dataset, splitNote(got.Split), d)
		}
		for _, c := range cases {
			done[key(c.Case, c.Variant)] = c
		}
		kept = cases
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, nil, err
	}
	// Rewrite the log without any torn line, then append to it.
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return nil, nil, err
	}
	l := &caseLog{f: f}
	if err := l.line(want); err != nil {
		f.Close()
		return nil, nil, err
	}
	for _, c := range kept {
		if err := l.line(c); err != nil {
			f.Close()
			return nil, nil, err
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		f.Close()
		return nil, nil, err
	}
	return l, done, nil
}

// setupDiff names the first setting in which b differs from a, as
// "protocol: box vs point", or returns "" when they are the same run. File
// hashes are compared only where both have one (each shard hashes the
// files it read).
func setupDiff(a, b setup) string {
	diff := func(name string, x, y any) string { return fmt.Sprintf("%s: %v vs %v", name, x, y) }
	switch {
	case a.Version != b.Version:
		return diff("results version", a.Version, b.Version)
	case a.Dataset != b.Dataset:
		return diff("dataset", a.Dataset, b.Dataset)
	case a.Split != b.Split:
		return diff("split", orNone(a.Split), orNone(b.Split))
	case a.Plane != b.Plane:
		return diff("plane", a.Plane, b.Plane)
	case a.Protocol != b.Protocol:
		return diff("prompt protocol", a.Protocol, b.Protocol)
	case a.JitterPX != b.JitterPX:
		return diff("jitter", a.JitterPX, b.JitterPX)
	case a.Seed != b.Seed:
		return diff("seed", a.Seed, b.Seed)
	case a.BoxMarginPX != b.BoxMarginPX:
		return diff("--box-margin", a.BoxMarginPX, b.BoxMarginPX)
	case a.Multimask != b.Multimask:
		return diff("--multimask", cmp.Or(a.Multimask, "best (before --multimask)"), cmp.Or(b.Multimask, "best (before --multimask)"))
	case !maps.Equal(a.VariantMultimask, b.VariantMultimask):
		return diff("the manifest's multimask rules", a.VariantMultimask, b.VariantMultimask)
	case !maps.Equal(a.VariantTiles, b.VariantTiles):
		return diff("tiling (--tile, --tile-size, --tile-overlap, the manifest's tile)", a.VariantTiles, b.VariantTiles)
	case !slices.Equal(a.Variants, b.Variants):
		return diff("variants", a.Variants, b.Variants)
	case a.ToleranceMM != b.ToleranceMM:
		return diff("--tolerance", a.ToleranceMM, b.ToleranceMM)
	case a.InclusiveZ != b.InclusiveZ:
		return diff("--inclusive-z", a.InclusiveZ, b.InclusiveZ)
	case a.Models != b.Models && a.Models != "" && b.Models != "":
		// (Logs from before this field have none; the variants differ
		// anyway when one run has a manifest and the other not.)
		return diff("model manifest", a.Models, b.Models)
	case a.ClassTable != b.ClassTable:
		return diff("--classes", orNone(a.ClassTable), orNone(b.ClassTable))
	case (a.Shard == nil) != (b.Shard == nil) || a.Shard != nil && *a.Shard != *b.Shard:
		return diff("shard", shardName(a.Shard), shardName(b.Shard))
	}
	if d := filesDiff(a.Cases, b.Cases); d != "" {
		return d
	}
	return modelFilesDiff(a.ModelFiles, b.ModelFiles)
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func shardName(s *Shard) string {
	if s == nil {
		return "(whole run)"
	}
	return s.String()
}

func filesDiff(a, b []CaseFiles) string {
	if len(a) != len(b) {
		return fmt.Sprintf("labelled cases: %d vs %d", len(a), len(b))
	}
	for i := range a {
		if a[i].ID != b[i].ID {
			return fmt.Sprintf("case %d: %s vs %s", i+1, a[i].ID, b[i].ID)
		}
		if d := stampsDiff(a[i].Files, b[i].Files); d != "" {
			return fmt.Sprintf("case %s: %s", a[i].ID, d)
		}
	}
	return ""
}

func modelFilesDiff(a, b []ModelFiles) string {
	if len(a) != len(b) {
		return fmt.Sprintf("model variants with files: %d vs %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Variant != b[i].Variant {
			return fmt.Sprintf("model variant %d: %s vs %s", i+1, a[i].Variant, b[i].Variant)
		}
		if d := stampsDiff(a[i].Files, b[i].Files); d != "" {
			return fmt.Sprintf("variant %s: %s", a[i].Variant, d)
		}
	}
	return ""
}

func stampsDiff(a, b []FileStamp) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%d files vs %d", len(a), len(b))
	}
	for i, x := range a {
		y := b[i]
		switch {
		case x.Path != y.Path:
			return fmt.Sprintf("file %s vs %s", x.Path, y.Path)
		case x.Bytes != y.Bytes:
			return fmt.Sprintf("%s: %d bytes vs %d", x.Path, x.Bytes, y.Bytes)
		case x.SHA256 != "" && y.SHA256 != "" && x.SHA256 != y.SHA256:
			return fmt.Sprintf("%s: contents differ (SHA-256 %.12s… vs %.12s…)", x.Path, x.SHA256, y.SHA256)
		}
	}
	return ""
}

// splitNote names a run's split, or says it had none, for the setup message.
func splitNote(split string) string {
	if split == "" {
		return ", every case"
	}
	return ", split " + split
}

func readLog(path string) (setup, []CaseResult, error) {
	f, err := datasets.OpenRegular(path)
	if err != nil {
		return setup{}, nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	var s setup
	var cases []CaseResult
	first := true
	for sc.Scan() {
		if first {
			if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
				return setup{}, nil, fmt.Errorf("%s: first line is not an evaluation setup: %v", path, err)
			}
			first = false
			continue
		}
		var c CaseResult
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			break // torn write from an interrupted run: drop it and anything after
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		return setup{}, nil, fmt.Errorf("%s: %w", path, err)
	}
	if first {
		return setup{}, nil, fmt.Errorf("%s is empty: remove it or choose another --out", path)
	}
	return s, cases, nil
}

func (l *caseLog) line(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if _, err := l.f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("writing %s: %w", l.f.Name(), err)
	}
	return nil
}

// add appends a finished case and syncs, so a crash keeps it.
func (l *caseLog) add(c CaseResult) error {
	if err := l.line(c); err != nil {
		return err
	}
	return l.f.Sync()
}

func (l *caseLog) Close() error { return l.f.Close() }
