package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestEvalMultimaskAndBoxMarginFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--multimask", "often", "x"}, `--multimask: multimask "often", expected auto, single or best`},
		{[]string{"--box-margin", "-3", "x"}, "--box-margin -3: expected 0 to 1000 pixels"},
	} {
		var o, e bytes.Buffer
		if code := evalMain(c.args, &o, &e); code != exitUsage || !strings.Contains(e.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, e.String(), exitUsage, c.want)
		}
	}
	var o, e bytes.Buffer
	evalMain([]string{"--help"}, &o, &e)
	for _, f := range []string{"--multimask", "--box-margin"} {
		if !strings.Contains(e.String(), f) {
			t.Errorf("eval --help does not mention %s", f)
		}
	}
}
