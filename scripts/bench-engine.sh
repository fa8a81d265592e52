#!/usr/bin/env bash
# bench-engine: SAM ViT-B-shaped models (make bench-models) on a real
# 512x512 CT slice: encoder ms per slice, decoder ms per prompt and
# prompt-to-mask ms on a cached slice, segtui (Go, ONNX Runtime C API) next
# to onnxruntime-node with the SAM web demo's pre/post-processing, same
# files, same thread count. The encoders run once each side; the decoders
# run in BENCH_ROUNDS rounds that alternate which side goes first, both on
# the one embedding segtui wrote, so that a busy machine weighs on both
# sides alike; the table gives the median of the rounds and every round's
# ratio. With an NVIDIA GPU and the CUDA build (make setup-gpu) segtui's
# CUDA numbers are added (onnxruntime-node stays on CPU). Needs go,
# node/npm, python3.
# Env: BENCH_MODELS (manifest, first variant; default bench/models/models.yaml),
# BENCH_THREADS (default nproc), BENCH_ENC_RUNS (3; 0 skips the encoders),
# BENCH_DEC_RUNS (20), BENCH_ROUNDS (3); BENCH_TORCH_CKPT (an official
# SAM checkpoint the manifest's variant was exported from, with
# BENCH_TORCH_TYPE, default vit_b) adds PyTorch's SamPredictor, once after
# the rounds (python3-torch and ../shared/thirdparty/segment-anything).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
manifest=$(realpath -m "${BENCH_MODELS:-$root/bench/models/models.yaml}")
threads=${BENCH_THREADS:-$(nproc)}
enc_runs=${BENCH_ENC_RUNS:-3}
dec_runs=${BENCH_DEC_RUNS:-20}
rounds=${BENCH_ROUNDS:-3}

[[ -s $manifest ]] || { echo "bench-engine: no $manifest: run make bench-models first (or set BENCH_MODELS)" >&2; exit 1; }
[[ -s lib/libonnxruntime.so.1 ]] || ./scripts/fetch-ort.sh
if [[ ! -d bench/node_modules/onnxruntime-node ]]; then
  command -v npm >/dev/null || { echo "bench-engine: npm is needed (apt-get install -y npm)" >&2; exit 1; }
  # --ignore-scripts: the CPU binaries ship in the package; its install
  # script would try to download CUDA binaries from outside npm.
  (cd bench && npm install --ignore-scripts --no-audit --no-fund --silent)
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

goenv=(SEGTUI_BENCH_MODELS="$manifest" SEGTUI_BENCH_THREADS="$threads" ONNXRUNTIME_LIB="$root/lib/libonnxruntime.so.1")
echo "bench-engine: writing the slice and segtui's embedding of it ..." >&2
info=$(env "${goenv[@]}" SEGTUI_BENCH_DIR="$dir" go test ./engine/onnx -run '^TestBenchEngineWriteSlice$' -count=1 -v | grep '^BENCH' || true)
slice=$(grep '^BENCHSLICE' <<<"$info" || true)
files=$(grep '^BENCHFILES' <<<"$info" || true)
[[ -n $slice && -n $files ]] || { echo "bench-engine: could not write the benchmark slice and embedding" >&2; exit 1; }
read -r _ width height px py <<<"$slice"
read -r _ variant encoder decoder <<<"$files"
node_args=(--encoder "$encoder" --decoder "$decoder" --slice "$dir/slice.rgb" --width "$width" --height "$height"
  --x "$px" --y "$py" --threads "$threads")

# gobench DEVICE LIB OUT [decoder]: the encoder benchmark, or the decoder
# benchmarks on the shared embedding.
gobench() {
  local env=("${goenv[@]}" SEGTUI_BENCH_DEVICE="$1" ONNXRUNTIME_LIB="$2")
  if [[ ${4:-} == decoder ]]; then
    env "${env[@]}" SEGTUI_BENCH_EMB="$dir/emb.f32" go test ./engine/onnx -run '^$' -bench '^BenchmarkSAMViTB(Decode|PromptToMask)$' -benchtime "${dec_runs}x" -count 1 >"$3"
  else
    env "${env[@]}" go test ./engine/onnx -run '^$' -bench '^BenchmarkSAMViTBEncode$' -benchtime "${enc_runs}x" -count 1 >"$3"
  fi
}
nodebench() { node scripts/bench_engine_node.mjs "${node_args[@]}" "$@"; }

if ((enc_runs > 0)); then
  echo "bench-engine: encoders, segtui then onnxruntime-node ($threads threads) ..." >&2
  gobench cpu "$root/lib/libonnxruntime.so.1" "$dir/go-enc.txt"
  nodebench --enc-runs "$enc_runs" --dec-runs 0 >"$dir/node-enc.json"
fi
for ((r = 1; r <= rounds; r++)); do
  echo "bench-engine: decoder round $r of $rounds ..." >&2
  if ((r % 2)); then
    gobench cpu "$root/lib/libonnxruntime.so.1" "$dir/go-dec-$r.txt" decoder
    nodebench --emb "$dir/emb.f32" --enc-runs 0 --dec-runs "$dec_runs" >"$dir/node-dec-$r.json"
  else
    nodebench --emb "$dir/emb.f32" --enc-runs 0 --dec-runs "$dec_runs" >"$dir/node-dec-$r.json"
    gobench cpu "$root/lib/libonnxruntime.so.1" "$dir/go-dec-$r.txt" decoder
  fi
done
if [[ -n ${BENCH_TORCH_CKPT:-} ]]; then
  echo "bench-engine: PyTorch SamPredictor ..." >&2
  /usr/bin/python3 scripts/bench_engine_torch.py --checkpoint "$BENCH_TORCH_CKPT" --type "${BENCH_TORCH_TYPE:-vit_b}" \
    --code "$root/../shared/thirdparty/segment-anything" --slice "$dir/slice.rgb" --width "$width" --height "$height" \
    --x "$px" --y "$py" --threads "$threads" --enc-runs "$enc_runs" --dec-runs "$dec_runs" >"$dir/torch.json"
fi
if command -v nvidia-smi >/dev/null && nvidia-smi -L >/dev/null 2>&1; then
  if [[ -s lib/gpu/libonnxruntime.so ]]; then
    echo "bench-engine: segtui on CUDA ..." >&2
    { ((enc_runs == 0)) || gobench cuda "$root/lib/gpu/libonnxruntime.so" "$dir/cuda-enc.txt"; } &&
      gobench cuda "$root/lib/gpu/libonnxruntime.so" "$dir/cuda-dec.txt" decoder ||
      echo "bench-engine: CUDA run failed; see above" >&2
  else
    echo "bench-engine: a GPU is present but lib/gpu/ is empty: run make setup-gpu for CUDA numbers" >&2
  fi
fi

python3 - "$dir" "$width" "$height" "$threads" "$enc_runs" "$dec_runs" "$rounds" "$variant" <<'PY'
import json, os, re, statistics, sys
d, w, h, threads, enc_runs, dec_runs, rounds, variant = sys.argv[1:]
rounds = int(rounds)
NAMES = {"encoder_ms": "Encode", "decoder_ms": "Decode", "prompt_ms": "PromptToMask"}
def go(name):
    path = os.path.join(d, name)
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return {}
    text = open(path).read()
    ms = {}
    for key, bench in NAMES.items():
        m = re.search(r"BenchmarkSAMViTB" + bench + r"(?:-\d+)?\s+\d+\s+([\d.]+) ns/op(?:\s+([\d.]+) cpu-ms)?", text)
        if m:
            ms[key] = float(m.group(1)) / 1e6
            if m.group(2):
                ms[key.replace("_ms", "_cpu_ms")] = float(m.group(2))
    return ms
def node(name):
    path = os.path.join(d, name)
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return {}
    return {k: v for k, v in json.load(open(path)).items() if v is not None}
runtime = "onnxruntime-node"
for name in os.listdir(d):
    if name.startswith("node-") and name.endswith(".json"):
        runtime = json.load(open(os.path.join(d, name)))["runtime"]
genc, nenc = go("go-enc.txt"), node("node-enc.json")
gdec = [go(f"go-dec-{r}.txt") for r in range(1, rounds + 1)]
ndec = [node(f"node-dec-{r}.json") for r in range(1, rounds + 1)]
cuda = {**go("cuda-enc.txt"), **go("cuda-dec.txt")}
torch = node("torch.json")
print(f"{variant}; real CT slice {w}x{h}; {threads} intra-op threads both sides; {runtime} (CPU). "
      f"Encoder: mean of {enc_runs} runs after one warm-up, segtui then node. Decoder: {rounds} rounds "
      f"(odd rounds segtui first, even rounds node first), each the mean of {dec_runs} runs after one "
      f"warm-up, on segtui's embedding of the slice; the table has the median of the rounds. CPU ms: "
      f"the process's user and system time over the runs, per run.\n")
head, sep = "| | segtui CPU | onnxruntime-node CPU | node / segtui | per round |", "|---|---|---|---|---|"
if torch:
    head += f" {torch['runtime']} | PyTorch / segtui |"
    sep += "---|---|"
if cuda:
    head += " segtui CUDA | CPU / CUDA |"
    sep += "---|---|"
print(head)
print(sep)
rows = (("encoder, ms per slice", "encoder_ms"), ("decoder, ms per prompt", "decoder_ms"),
        ("prompt to mask on a cached slice, ms", "prompt_ms"),
        ("decoder, CPU ms per prompt (all threads)", "decoder_cpu_ms"),
        ("prompt to mask, CPU ms (all threads)", "prompt_cpu_ms"))
for label, key in rows:
    if key == "encoder_ms":
        gs, ns = [genc.get(key)], [nenc.get(key)]
    else:
        gs, ns = [g.get(key) for g in gdec], [n.get(key) for n in ndec]
    pairs = [(g, n) for g, n in zip(gs, ns) if g and n]
    if not pairs:
        continue
    g, n = statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)
    each = " ".join(f"{pn / pg:.2f}x" for pg, pn in pairs) if len(pairs) > 1 else ""
    line = f"| {label} | {g:.1f} | {n:.1f} | {n / g:.2f}x | {each} |"
    if torch:
        tv = torch.get(key)
        line += f" {tv:.1f} | {tv / g:.2f}x |" if tv else " | |"
    if cuda:
        c = cuda.get(key)
        line += f" {c:.1f} | {g / c:.1f}x |" if c else " n/a | |"
    print(line)
PY
