// Package onnx runs the manifest's SAM-family variants through ONNX
// Runtime (github.com/yalue/onnxruntime_go, which loads the library at run
// time): the process's Runtime, each family's contract check, sessions,
// pre- and post-processing, the CUDA plugin route and the huge-page
// allocator (a small cgo shim calls what onnxruntime_go does not wrap).
// Open returns an engine.Engine; callers wire it at the edges (tui/run.go,
// cmd/segtui), so engine and everything that needs only the interface
// build without cgo.
package onnx
