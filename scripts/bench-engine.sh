#!/usr/bin/env bash
# bench-engine: SAM ViT-B-shaped models (make bench-models) on a real
# 512x512 CT slice: encoder ms per slice, decoder ms per prompt and
# prompt-to-mask ms on a cached slice, segtui (Go, ONNX Runtime C API) next
# to onnxruntime-node with the SAM web demo's pre/post-processing, same
# files, same thread count, one run. With an NVIDIA GPU and the CUDA build
# (make setup-gpu) segtui's CUDA numbers are added (onnxruntime-node stays
# on CPU). Needs go, node/npm, python3.
# Env: BENCH_THREADS (default nproc), BENCH_ENC_RUNS (3), BENCH_DEC_RUNS (20).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
models=$root/bench/models
threads=${BENCH_THREADS:-$(nproc)}
enc_runs=${BENCH_ENC_RUNS:-3}
dec_runs=${BENCH_DEC_RUNS:-20}

[[ -s $models/models.yaml ]] || { echo "bench-engine: no $models/models.yaml: run make bench-models first" >&2; exit 1; }
[[ -s lib/libonnxruntime.so.1 ]] || ./scripts/fetch-ort.sh
if [[ ! -d bench/node_modules/onnxruntime-node ]]; then
  command -v npm >/dev/null || { echo "bench-engine: npm is needed (apt-get install -y npm)" >&2; exit 1; }
  # --ignore-scripts: the CPU binaries ship in the package; its install
  # script would try to download CUDA binaries from outside npm.
  (cd bench && npm install --ignore-scripts --no-audit --no-fund --silent)
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

slice=$(SEGTUI_BENCH_DIR=$dir go test ./engine/onnx -run '^TestBenchEngineWriteSlice$' -count=1 -v | grep '^BENCHSLICE' || true)
[[ -n $slice ]] || { echo "bench-engine: could not write the benchmark slice" >&2; exit 1; }
read -r _ width height px py <<<"$slice"

# gobench DEVICE LIB: the three Go benchmarks, encoder and decoder run counts apart.
gobench() {
  local env=(SEGTUI_BENCH_MODELS="$models/models.yaml" SEGTUI_BENCH_DEVICE="$1" SEGTUI_BENCH_THREADS="$threads" ONNXRUNTIME_LIB="$2")
  env "${env[@]}" go test ./engine/onnx -run '^$' -bench '^BenchmarkSAMViTBEncode$' -benchtime "${enc_runs}x" -count 1
  env "${env[@]}" go test ./engine/onnx -run '^$' -bench '^BenchmarkSAMViTB(Decode|PromptToMask)$' -benchtime "${dec_runs}x" -count 1
}
echo "bench-engine: segtui on CPU ($threads threads) ..." >&2
gobench cpu "$root/lib/libonnxruntime.so.1" >"$dir/go-cpu.txt"
if command -v nvidia-smi >/dev/null && nvidia-smi -L >/dev/null 2>&1; then
  if [[ -s lib/gpu/libonnxruntime.so ]]; then
    echo "bench-engine: segtui on CUDA ..." >&2
    gobench cuda "$root/lib/gpu/libonnxruntime.so" >"$dir/go-cuda.txt" || echo "bench-engine: CUDA run failed; see above" >&2
  else
    echo "bench-engine: a GPU is present but lib/gpu/ is empty: run make setup-gpu for CUDA numbers" >&2
  fi
fi
echo "bench-engine: onnxruntime-node on CPU ($threads threads) ..." >&2
node scripts/bench_engine_node.mjs --models "$models" --slice "$dir/slice.rgb" --width "$width" --height "$height" \
  --x "$px" --y "$py" --threads "$threads" --enc-runs "$enc_runs" --dec-runs "$dec_runs" >"$dir/node.json"

python3 - "$dir" "$width" "$height" "$threads" "$enc_runs" "$dec_runs" <<'PY'
import json, os, re, sys
d, w, h, threads, enc_runs, dec_runs = sys.argv[1:]
def go(path):
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return None
    text = open(path).read()
    ms = {}
    for name, key in (("Encode", "encoder_ms"), ("Decode", "decoder_ms"), ("PromptToMask", "prompt_ms")):
        m = re.search(r"BenchmarkSAMViTB" + name + r"(?:-\d+)?\s+\d+\s+([\d.]+) ns/op", text)
        ms[key] = float(m.group(1)) / 1e6 if m else None
    return ms
node = json.load(open(os.path.join(d, "node.json")))
cpu, cuda = go(os.path.join(d, "go-cpu.txt")), go(os.path.join(d, "go-cuda.txt"))
rows = (("encoder, ms per slice", "encoder_ms"), ("decoder, ms per prompt", "decoder_ms"),
        ("prompt to mask on a cached slice, ms", "prompt_ms"))
print(f"SAM ViT-B shapes, random weights; real CT slice {w}x{h}; {threads} intra-op threads both sides; "
      f"means of {enc_runs} encoder and {dec_runs} decoder runs after one warm-up; {node['runtime']} (CPU).\n")
head = "| | segtui CPU | onnxruntime-node CPU | node / segtui |"
sep = "|---|---|---|---|"
if cuda:
    head += " segtui CUDA | CPU / CUDA |"
    sep += "---|---|"
print(head)
print(sep)
for label, key in rows:
    g, n = cpu[key], node[key]
    line = f"| {label} | {g:.1f} | {n:.1f} | {n / g:.2f}x |"
    if cuda:
        c = cuda[key]
        line += f" {c:.1f} | {g / c:.1f}x |" if c else " n/a | |"
    print(line)
PY
