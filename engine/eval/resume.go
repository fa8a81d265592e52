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
	// Absent in logs from before these flags: such a run used neither a
	// margin nor today's mask rule, so it is not resumed with them.
	BoxMarginPX      float64           `json:"box_margin_px,omitempty"`
	Multimask        string            `json:"multimask,omitempty"`
	VariantMultimask map[string]string `json:"variant_multimask,omitempty"`
}

func setupOf(r *Results) setup {
	return setup{r.Version, r.Dataset, r.Split, r.Plane, r.Protocol, r.JitterPX, r.Seed, r.Variants,
		r.BoxMarginPX, r.Multimask, r.VariantMultimask}
}

type caseLog struct{ f *os.File }

// openLog starts results.jsonl, or with resume reads the finished cases of
// an earlier run with the same setup and continues after them.
func openLog(dir string, res *Results, resume bool) (*caseLog, map[string]CaseResult, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, fmt.Errorf("output folder: %w", err)
	}
	path := filepath.Join(dir, logName)
	want := setupOf(res)
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
		if !sameSetup(got, want) {
			return nil, nil, fmt.Errorf("%s was made with a different setup (protocol %s, jitter %g, box margin %g, multimask %s, seed %d, plane %s, variants %v, dataset %s%s): resume it with the same flags, or choose another --out",
				path, got.Protocol, got.JitterPX, got.BoxMarginPX, cmp.Or(got.Multimask, "best (before --multimask)"), got.Seed, got.Plane, got.Variants, got.Dataset, splitNote(got.Split))
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

func sameSetup(a, b setup) bool {
	if a.Version != b.Version || a.Dataset != b.Dataset || a.Split != b.Split || a.Plane != b.Plane || a.Protocol != b.Protocol ||
		a.JitterPX != b.JitterPX || a.Seed != b.Seed || len(a.Variants) != len(b.Variants) ||
		a.BoxMarginPX != b.BoxMarginPX || a.Multimask != b.Multimask || !maps.Equal(a.VariantMultimask, b.VariantMultimask) {
		return false
	}
	for i := range a.Variants {
		if a.Variants[i] != b.Variants[i] {
			return false
		}
	}
	return true
}

// splitNote names a run's split, or says it had none, for the setup message.
func splitNote(split string) string {
	if split == "" {
		return ", every case"
	}
	return ", split " + split
}

func readLog(path string) (setup, []CaseResult, error) {
	f, err := os.Open(path)
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
