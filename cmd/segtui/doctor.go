package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/term"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/onnx"
	"github.com/segtui/segtui/render"
)

const doctorSynopsis = "segtui doctor [--ort-lib PATH]"

// runDoctor reports the ONNX Runtime library and version, whether CUDA
// works (and why not), and what graphics the terminal supports.
func runDoctor(args []string) int { return doctor(args, os.Stdin, os.Stdout, os.Stderr, os.Getenv) }

func doctor(args []string, stdin io.Reader, stdout, stderr io.Writer, env func(string) string) int {
	fs := newFlagSet("doctor", doctorSynopsis+"\n\nReports the ONNX Runtime library, CUDA support and terminal graphics.")
	fs.SetOutput(stderr)
	ortLib := fs.String("ort-lib", "", "path to libonnxruntime.so (default: $ONNXRUNTIME_LIB, then lib/)")
	pos, code, done := parseFlags(fs, args)
	if done {
		return code
	}
	if len(pos) > 0 {
		return usageError(stderr, "doctor", fmt.Errorf("unexpected arguments %q", pos))
	}
	rep := onnx.DiagnoseORT(onnx.RuntimeOptions{LibPath: *ortLib, Device: engine.DeviceAuto})
	status := exitOK
	if rep.Err != nil {
		fmt.Fprintf(stdout, "ONNX Runtime: NOT AVAILABLE: %s\n", datasets.SanitizeText(rep.Err.Error()))
		status = exitError
	} else {
		fmt.Fprintf(stdout, "ONNX Runtime: %s (version %s)\n", datasets.SanitizeText(rep.LibPath), datasets.SanitizeText(rep.Version))
	}
	switch {
	case rep.Err != nil:
		fmt.Fprintln(stdout, "CUDA: unknown (no ONNX Runtime library)")
	case rep.CUDAErr == nil:
		fmt.Fprintf(stdout, "CUDA: yes, %s (--device auto will use it)\n", datasets.SanitizeText(rep.CUDADevice))
	default:
		fmt.Fprintf(stdout, "CUDA: no: %s\n", datasets.SanitizeText(rep.CUDAErr.Error()))
	}
	if rep.GPUBuild != "" {
		fmt.Fprintf(stdout, "CUDA build: %s\n", datasets.SanitizeText(rep.GPUBuild))
	} else {
		fmt.Fprintln(stdout, "CUDA build: not installed (make setup-gpu fetches it into lib/gpu/)")
	}

	if memLimit != "" {
		fmt.Fprintf(stdout, "Go memory limit: %s\n", memLimit)
	}

	// Query the terminal only when stdout is one; otherwise report what
	// the environment says.
	var in io.Reader
	var out io.Writer
	if f, ok := stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		in, out = stdin, stdout
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	caps, err := render.Detect(ctx, in, out, env, render.DetectOptions{})
	fmt.Fprintf(stdout, "Graphics: %s", caps.Protocol)
	if caps.Terminal != "" {
		fmt.Fprintf(stdout, " (terminal %s)", datasets.SanitizeText(caps.Terminal))
	}
	fmt.Fprintf(stdout, ", truecolor %v, cell %dx%d px", caps.TrueColor, caps.CellW, caps.CellH)
	if caps.InTmux {
		fmt.Fprint(stdout, tmuxLine(caps))
	}
	if out == nil {
		fmt.Fprint(stdout, "; stdout is not a terminal, so only the environment was consulted")
	}
	fmt.Fprintln(stdout)
	if err != nil {
		fmt.Fprintf(stdout, "Graphics query failed: %s\n", datasets.SanitizeText(err.Error()))
	}
	return status
}
