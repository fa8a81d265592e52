package onnx

import (
	"fmt"
	"reflect"
	"strings"
	"unsafe"

	ort "github.com/yalue/onnxruntime_go"
)

// sessionOptionsHandle returns the C OrtSessionOptions inside so, so that
// a plugin execution provider can be appended to options that
// onnxruntime_go then creates sessions with. onnxruntime_go v1.27 keeps the
// pointer in its one unexported field `o` and offers no accessor, so it is
// read through reflect. The layout is checked here (a changed struct gives
// an error, never a wild pointer), and TestSessionOptionsHandleIsTheRealOne
// proves that a config entry set through the handle is what onnxruntime_go
// reads back; replace this with an accessor if onnxruntime_go gains one.
func sessionOptionsHandle(so *ort.SessionOptions) (unsafe.Pointer, error) {
	if so == nil {
		return nil, fmt.Errorf("no session options")
	}
	return cHandle(reflect.ValueOf(so).Elem(), "OrtSessionOptions", "session options")
}

// runOptionsHandle is sessionOptionsHandle for RunOptions, whose config
// entries (AddRunConfigEntry) onnxruntime_go v1.27 cannot set either.
// TestSessionMemoryIsApplied proves the handle is the real one.
func runOptionsHandle(ro *ort.RunOptions) (unsafe.Pointer, error) {
	if ro == nil {
		return nil, fmt.Errorf("no run options")
	}
	return cHandle(reflect.ValueOf(ro).Elem(), "OrtRunOptions", "run options")
}

// cHandle reads the C pointer of an onnxruntime_go wrapper that is exactly
// one field o *C.<cType>, or says how the struct changed.
func cHandle(v reflect.Value, cType, what string) (unsafe.Pointer, error) {
	t := v.Type()
	if t.NumField() != 1 || t.Field(0).Name != "o" || t.Field(0).Type.Kind() != reflect.Pointer ||
		t.Field(0).Type.Elem().Name() != "_Ctype_struct_"+cType {
		return nil, fmt.Errorf("onnxruntime_go's %s is no longer one field o *C.%s (found struct {%s}); segtui cannot reach ONNX Runtime calls that onnxruntime_go does not wrap", t.Name(), cType, fieldList(t))
	}
	p := unsafe.Pointer(v.Field(0).Pointer())
	if p == nil {
		return nil, fmt.Errorf("%s already destroyed", what)
	}
	return p, nil
}

func fieldList(t reflect.Type) string {
	fs := make([]string, t.NumField())
	for i := range fs {
		fs[i] = t.Field(i).Name + " " + t.Field(i).Type.String()
	}
	return strings.Join(fs, "; ")
}
