package onnx

import (
	"os"
	"testing"

	"github.com/segtui/segtui/engine"
	ort "github.com/yalue/onnxruntime_go"
)

// BenchmarkSAMViTBLoadSteps times each step of loading the ViT-B-shaped
// encoder, to tell file reads from ONNX Runtime's own work.
func BenchmarkSAMViTBLoadSteps(b *testing.B) {
	v, _, threads := benchVariant(b)
	rt := testRuntime(b)
	path := v.Encoder
	b.Run("read", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := os.ReadFile(path); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("scan-external", func(b *testing.B) {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if names := externalDataNames(data); len(names) != 0 {
				b.Fatalf("external data %v", names)
			}
		}
	})
	b.Run("info-from-path-no-optimisation", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, _, err := infoFromPath(path); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("inspect", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, _, err := inspectModel("encoder", path); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("info-from-bytes-default-options", func(b *testing.B) {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, _, err := ort.GetInputOutputInfoWithONNXData(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	lay, _, _, err := inspectVariant(v, rt)
	if err != nil {
		b.Fatal(err)
	}
	for _, fromBytes := range []bool{false, true} {
		name := "session-from-path"
		if fromBytes {
			name = "session-from-bytes"
		}
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				cfg, err := rt.sessionConfig(engine.DeviceCPU, threads, memNoArena)
				if err != nil {
					b.Fatal(err)
				}
				var s *ort.DynamicAdvancedSession
				if fromBytes {
					var data []byte
					if data, err = os.ReadFile(path); err != nil {
						b.Fatal(err)
					}
					s, err = ort.NewDynamicAdvancedSessionWithONNXData(data, []string{lay.encInput}, lay.embNames, cfg.so)
				} else {
					s, err = ort.NewDynamicAdvancedSession(path, []string{lay.encInput}, lay.embNames, cfg.so)
				}
				if err != nil {
					b.Fatal(err)
				}
				s.Destroy()
				cfg.destroy()
			}
		})
	}
	b.Run("open", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			e, err := Open(v, rt, OpenOptions{Device: engine.DeviceCPU, Threads: threads})
			if err != nil {
				b.Fatal(err)
			}
			e.Close()
		}
	})
}
