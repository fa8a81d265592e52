#!/usr/bin/env bash
# Fetches the CUDA build of ONNX Runtime into lib/gpu/ (make setup-gpu):
# libonnxruntime.so from the Unity package com.github.asus4.onnxruntime and
# the CUDA execution provider (libonnxruntime_providers_cuda.so,
# libonnxruntime_providers_shared.so) from
# com.github.asus4.onnxruntime.linux-x64-gpu, both from the npm registry.
# segtui prefers lib/gpu/libonnxruntime.so with --device auto|cuda unless
# --ort-lib or $ONNXRUNTIME_LIB names another library. That ORT (1.29) has
# no built-in CUDA EP: segtui registers the provider as a plugin execution
# provider (engine/onnx/cuda*.go). The provider needs the NVIDIA driver and
# the CUDA 13 runtime (libcublas.so.13, libcublasLt.so.13, libcudart.so.13,
# libcurand.so.10; cuDNN 9 for convolutions); segtui doctor names any missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/lib/gpu"
version=0.4.9
want=(libonnxruntime.so libonnxruntime_providers_cuda.so libonnxruntime_providers_shared.so)
have=1
for f in "${want[@]}"; do [[ -s $dest/$f ]] || have=0; done
if (( have )); then exit 0; fi
command -v npm >/dev/null || { echo "fetch-ort-gpu: npm is needed (apt-get install npm)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$dest"
# extract PACKAGE FILE...: copies each named file (found anywhere in the
# package's Linux x64 plugin folders) into lib/gpu/.
extract() {
	local pkg=$1; shift
	echo "fetch-ort-gpu: downloading $pkg@$version ..." >&2
	local tgz
	tgz=$(cd "$tmp" && npm pack --silent "$pkg@$version")
	for f in "$@"; do
		local path
		path=$(tar -tzf "$tmp/$tgz" | grep -E "(^|/)Linux/x64/$f\$" | head -n1 || true)
		if [[ -z $path ]]; then
			echo "fetch-ort-gpu: $pkg@$version has no Linux/x64/$f; its files are:" >&2
			tar -tzf "$tmp/$tgz" | grep -i linux >&2 || true
			exit 1
		fi
		tar -xzf "$tmp/$tgz" -C "$tmp" "$path"
		mv "$tmp/$path" "$dest/$f.part"
		mv "$dest/$f.part" "$dest/$f"
		echo "fetch-ort-gpu: installed $dest/$f" >&2
	done
}
extract com.github.asus4.onnxruntime libonnxruntime.so
extract com.github.asus4.onnxruntime.linux-x64-gpu libonnxruntime_providers_cuda.so libonnxruntime_providers_shared.so
echo "fetch-ort-gpu: done; check with: segtui doctor" >&2
