#!/usr/bin/env bash
# bench-render: compose+encode cost of one 512x512 CT-like slice with
# overlays scaled to 768x768, ours (Go benchmarks, one core) next to
# img2sixel (libsixel-bin) and chafa encoding the same frame as PNG, plus
# fidelity (PSNR of each sixel decoded by go-sixel vs the source frame).
# Times are min and median: ours over 5 benchmark runs, the tools over 50
# process runs, all in this one run so the ratios (of medians) are fair on
# a shared machine.
# Needs Debian packages libsixel-bin, chafa and hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in img2sixel chafa hyperfine; do
  command -v "$tool" >/dev/null || { echo "bench-render: $tool not installed (apt-get install -y libsixel-bin chafa hyperfine)" >&2; exit 1; }
done
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

SEGTUI_BENCH_DIR=$dir go test ./render -run TestBenchWriteFrame -count=1 >/dev/null
bench=$(go test ./render -run '^$' -bench 'ComposeSixel768$|ComposeBlocks768$' -cpu 1 -count 5 -benchtime 1s)
img2sixel "$dir/frame.png" >"$dir/img2sixel.six"
chafa -f sixels -s 96x96 --font-ratio 1/1 "$dir/frame.png" >"$dir/chafa.six"
hyperfine -N --warmup 5 --runs 50 --export-json "$dir/hf.json" \
  "img2sixel $dir/frame.png" "chafa -f sixels -s 96x96 --font-ratio 1/1 $dir/frame.png" >/dev/null 2>&1
fid=$(SEGTUI_BENCH_DIR=$dir go test ./render -run TestBenchFidelity -count=1 -v | grep '^FIDELITY')

python3 - "$dir/hf.json" "$bench" "$fid" <<'PY'
import json, re, statistics, sys
hf = json.load(open(sys.argv[1]))["results"]
bench, fid = sys.argv[2], sys.argv[3]
def ours(name):
    runs = re.findall(name + r"\s+\d+\s+([\d.]+) ns/op\s+([\d.]+) bytes/frame", bench)
    ms = [float(t) / 1e6 for t, _ in runs]
    return min(ms), statistics.median(ms), float(runs[-1][1]), len(ms)
psnr = {}
for line in fid.splitlines():
    _, f, size, p = line.split()[:4]
    psnr[f] = (int(size), float(p))
six_min, six_med, six_b, n = ours("BenchmarkComposeSixel768")
blk_min, blk_med, blk_b, _ = ours("BenchmarkComposeBlocks768")
img_min, img_med = hf[0]["min"] * 1e3, hf[0]["median"] * 1e3
chafa_min, chafa_med = hf[1]["min"] * 1e3, hf[1]["median"] * 1e3
runs = len(hf[0]["times"])
print("Frame: 512x512 CT-like slice, W400/L40, GT outlines + 40% prediction fill, prompts, cursor -> 768x768")
print(f"ms/frame: min / median of {n} Go benchmark runs (ours) or {runs} process runs (tools); ratios of medians\n")
print("| encoder | ms/frame min / median | KB/frame | PSNR vs source (dB) | time vs segtui sixel |")
print("|---|---|---|---|---|")
print(f"| segtui sixel (compose+encode, 1 core) | {six_min:.2f} / {six_med:.2f} | {six_b/1024:.0f} | {psnr['segtui.six'][1]:.2f} | 1.00x |")
print(f"| segtui half blocks 77x39 cells (compose+encode) | {blk_min:.2f} / {blk_med:.2f} | {blk_b/1024:.0f} | n/a (text) | {blk_med/six_med:.2f}x |")
print(f"| img2sixel (process, PNG in) | {img_min:.2f} / {img_med:.2f} | {psnr['img2sixel.six'][0]/1024:.0f} | {psnr['img2sixel.six'][1]:.2f} | {img_med/six_med:.2f}x |")
print(f"| chafa -f sixels (process, PNG in) | {chafa_min:.2f} / {chafa_med:.2f} | {psnr['chafa.six'][0]/1024:.0f} | {psnr['chafa.six'][1]:.2f} | {chafa_med/six_med:.2f}x |")
print("\nTargets: segtui sixel < 10 ms and < 200 KB per frame; faster than img2sixel at equal or better PSNR.")
print(f"Met (median): time {'yes' if six_med < 10 else 'NO'}, size {'yes' if six_b < 200*1024 else 'NO'}, "
      f"vs img2sixel {'yes' if six_med < img_med and psnr['segtui.six'][1] >= psnr['img2sixel.six'][1] else 'NO'}")
PY
