package engine

import "fmt"

// Device is where models run.
type Device string

const (
	DeviceAuto Device = "auto" // CUDA when it works, else CPU with a notice
	DeviceCPU  Device = "cpu"
	DeviceCUDA Device = "cuda"
)

// ParseDevice accepts auto, cpu or cuda.
func ParseDevice(s string) (Device, error) {
	switch d := Device(s); d {
	case DeviceAuto, DeviceCPU, DeviceCUDA:
		return d, nil
	}
	return "", fmt.Errorf("device %q, expected auto, cpu or cuda", s)
}
