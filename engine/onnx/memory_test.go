package onnx

import (
	"context"
	"strings"
	"testing"

	"github.com/segtui/segtui/engine"
	ort "github.com/yalue/onnxruntime_go"
)

// TestSessionMemoryIsApplied proves on the real library that each session
// gets the CPU memory its plan says, the default plan included: a session
// has an arena exactly when a run that asks ORT to shrink the CPU arena
// succeeds, and a runner's run options carry the shrink entry exactly when
// they make a run on an arena-less session fail.
func TestSessionMemoryIsApplied(t *testing.T) {
	rt := testRuntime(t)
	v := fixtureVariant(t, "sam-fixture")
	img := ctImage(96, 80, -1000, disc{48, 40, 15, 60})
	p := engine.Prompt{Points: []engine.Point{{X: 48, Y: 40, Positive: true}}}
	shrinkOpts, err := rt.newRunOptions(map[string]string{runConfigArenaShrink: "cpu:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer shrinkOpts.Destroy()
	plans := []memoryPlan{{}, {memNoArena, memArena}, {memArenaShrink, memNoArena}, {memArena, memArenaShrink}, {memHugePages, memArena}}
	for _, plan := range plans {
		want := plan.resolve()
		t.Run("enc="+plan.enc.String()+",dec="+plan.dec.String(), func(t *testing.T) {
			eng, err := Open(v, rt, OpenOptions{Device: engine.DeviceCPU, Threads: 2, memory: plan})
			if err != nil {
				t.Fatal(err)
			}
			defer eng.Close()
			e := eng.(*onnxEngine)
			emb := encode(t, e, img) // the runners' own options work
			decode(t, e, emb, p)
			before := rt.huge.allocs()
			encode(t, e, img)
			if got := rt.huge.allocs() > before; got != (want.enc == memHugePages) {
				t.Errorf("encoder (%v): allocated through segtui's huge-page allocator = %v", want.enc, got)
			}
			runEnc := func() error { _, err := e.Encode(context.Background(), img); return err }
			runDec := func() error { _, err := e.Decode(context.Background(), emb, p); return err }
			encNames := [2][]string{{e.lay.encInput}, e.lay.embNames}
			decNames := [2][]string{e.decoderInputs(), e.decOutputs}
			checkMemory(t, rt, "encoder", e.enc, v.Encoder, encNames, want.enc, shrinkOpts, runEnc)
			checkMemory(t, rt, "decoder", e.dec, v.Decoder, decNames, want.dec, shrinkOpts, runDec)
		})
	}
}

const noArenaError = "Did not find an arena based allocator"

func checkMemory(t *testing.T, rt *Runtime, role string, r *runner, path string, names [2][]string, want cpuMemory, shrinkOpts *ort.RunOptions, run func() error) {
	t.Helper()
	wantArena := want == memArena || want == memArenaShrink
	wantShrink := want == memArenaShrink

	// Arena: ORT refuses to shrink a CPU arena the session does not have.
	own := r.opts
	r.opts = shrinkOpts
	err := run()
	r.opts = own
	if gotArena := err == nil; gotArena != wantArena {
		t.Errorf("%s (%v): arena on = %v, want %v (shrink-asking run: %v)", role, want, gotArena, wantArena, err)
	} else if err != nil && !strings.Contains(err.Error(), noArenaError) {
		t.Errorf("%s (%v): shrink-asking run failed for another reason: %v", role, want, err)
	}

	// Shrink entry: the runner's own options on an arena-less session of
	// the same model.
	cfg, err := rt.sessionConfig(engine.DeviceCPU, 2, memNoArena)
	if err != nil {
		t.Fatal(err)
	}
	defer cfg.destroy()
	bare, err := ort.NewDynamicAdvancedSession(path, names[0], names[1], cfg.so)
	if err != nil {
		t.Fatal(err)
	}
	defer bare.Destroy()
	own2 := r.sess
	r.sess = bare
	err = run()
	r.sess = own2
	gotShrink := err != nil && strings.Contains(err.Error(), noArenaError)
	if gotShrink != wantShrink {
		t.Errorf("%s (%v): run options ask for arena shrinkage = %v, want %v (run on an arena-less session: %v)", role, want, gotShrink, wantShrink, err)
	} else if err != nil && !gotShrink {
		t.Errorf("%s (%v): run on an arena-less session failed: %v", role, want, err)
	}
}
