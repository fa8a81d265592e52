package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets/phantom"
	"github.com/segtui/segtui/engine/eval"
)

// segtui eval --prompt propagate on the whole phantom with the builtin
// engine: the table prints, and results.json records each class's run.
func TestEvalCLIPropagate(t *testing.T) {
	data := t.TempDir()
	if _, _, err := phantom.Write(data, phantom.DefaultSeed); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "res")
	var stdout, stderr bytes.Buffer
	if code := evalMain([]string{"--prompt", "propagate", "--out", out, data}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{"Protocol propagate", "| liver", "| Average"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, stdout.String())
		}
	}
	// The progress line (stderr is not a terminal here) counts classes,
	// the unit of work of this protocol, not slices.
	if !strings.Contains(stderr.String(), "13 classes in") || !strings.Contains(stderr.String(), "classes/s") {
		t.Errorf("progress should count the 13 propagated classes: %q", stderr.String())
	}
	raw, err := os.ReadFile(filepath.Join(out, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	var res eval.Results
	if err := json.Unmarshal(raw, &res); err != nil {
		t.Fatal(err)
	}
	if res.Protocol != "propagate" || len(res.Cases) != 1 || len(res.Cases[0].Propagation) != 13 {
		t.Fatalf("results.json: protocol %q, %d cases: want propagate with 13 class runs", res.Protocol, len(res.Cases))
	}
	liver := res.Cases[0].Propagation[0]
	if liver.Class != 1 || liver.Last-liver.First < 20 || liver.StopUp == "" || liver.StopDown == "" {
		t.Errorf("liver run %+v: want 20+ slices and both stop reasons", liver)
	}
}
