#!/usr/bin/env bash
# Fetches the ONNX Runtime CPU shared library (C API 1.24.1, the version
# onnxruntime_go v1.27.0 expects) from the npm package onnxruntime-node into lib/.
# The npm registry is the one source reachable from every machine we build on.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/lib/libonnxruntime.so.1"
version=1.24.1
if [[ -s $dest ]]; then exit 0; fi
command -v npm >/dev/null || { echo "fetch-ort: npm is needed to fetch ONNX Runtime (apt-get install npm)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "fetch-ort: downloading onnxruntime-node@$version (about 86 MB) ..." >&2
(cd "$tmp" && npm pack --silent "onnxruntime-node@$version" >/dev/null)
tar -xzf "$tmp"/onnxruntime-node-$version.tgz -C "$tmp" package/bin/napi-v6/linux/x64/libonnxruntime.so.1
mkdir -p "$root/lib"
mv "$tmp/package/bin/napi-v6/linux/x64/libonnxruntime.so.1" "$dest.part"
mv "$dest.part" "$dest"
echo "fetch-ort: installed $dest" >&2
