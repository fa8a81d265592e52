package main

import (
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/onnx"
)

const modelsSynopsis = "segtui models [--models FILE] [--ort-lib PATH]"

// runModels lists a manifest's variants and checks each one's files: they
// exist, ONNX Runtime loads them, and they meet their family's contract.
func runModels(args []string) int { return models(args, os.Stdout, os.Stderr) }

func models(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("models", modelsSynopsis+"\n\nLists the model variants in a manifest and checks each file.")
	fs.SetOutput(stderr)
	manifest := fs.String("models", "", "model manifest (YAML) listing variants")
	ortLib := fs.String("ort-lib", "", "path to libonnxruntime.so (default: $ONNXRUNTIME_LIB, then lib/)")
	pos, code, done := parseFlags(fs, args)
	if done {
		return code
	}
	if len(pos) > 0 {
		return usageError(stderr, "models", fmt.Errorf("unexpected arguments %q; give the manifest with --models FILE", pos))
	}
	if *manifest == "" {
		fmt.Fprintln(stdout, "builtin  builtin  ok (needs no model files)")
		fmt.Fprintln(stdout, "No manifest given: pass --models FILE to list and check ONNX variants.")
		return exitOK
	}
	m, err := engine.LoadManifest(*manifest)
	if err != nil {
		return runtimeError(stderr, "models", err)
	}
	rt, rtErr := onnx.NewRuntime(onnx.RuntimeOptions{LibPath: *ortLib, Device: engine.DeviceCPU})
	if rtErr == nil {
		defer rt.Close()
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VARIANT\tFAMILY\tSTATUS\tFILES")
	failed := 0
	for _, v := range m.Variants {
		status := "ok"
		switch {
		case rtErr != nil:
			status, failed = "not checked: ONNX Runtime unavailable", failed+1
		default:
			if err := onnx.CheckVariant(v, rt); err != nil {
				status, failed = "FAILED: "+err.Error(), failed+1
			}
		}
		files := v.Encoder
		if v.Decoder != "" {
			files += ", " + v.Decoder
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", datasets.SanitizeName(v.Name), v.Family, datasets.SanitizeText(status), datasets.SanitizeText(files))
	}
	tw.Flush()
	if rtErr != nil {
		fmt.Fprintf(stderr, "segtui models: %s\n", datasets.SanitizeText(rtErr.Error()))
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "segtui models: %d of %d variants failed their checks\n", failed, len(m.Variants))
		return exitError
	}
	return exitOK
}
