#!/usr/bin/env bash
# bench-render: compose+encode cost of one 512x512 CT-like slice with
# overlays scaled to 768x768, ours (Go benchmarks, one core) next to
# img2sixel (libsixel-bin) and chafa encoding the same frame as PNG, plus
# fidelity (PSNR of each sixel decoded by go-sixel vs the source frame).
# Needs Debian packages libsixel-bin, chafa and hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in img2sixel chafa hyperfine; do
  command -v "$tool" >/dev/null || { echo "bench-render: $tool not installed (apt-get install -y libsixel-bin chafa hyperfine)" >&2; exit 1; }
done
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

SEGTUI_BENCH_DIR=$dir go test ./render -run TestBenchWriteFrame -count=1 >/dev/null
bench=$(go test ./render -run '^$' -bench 'ComposeSixel768|ComposeBlocks768' -cpu 1 -count 1 -benchtime 2s)
img2sixel "$dir/frame.png" >"$dir/img2sixel.six"
chafa -f sixels -s 96x96 --font-ratio 1/1 "$dir/frame.png" >"$dir/chafa.six"
hyperfine -N --warmup 5 --runs 50 --export-json "$dir/hf.json" \
  "img2sixel $dir/frame.png" "chafa -f sixels -s 96x96 --font-ratio 1/1 $dir/frame.png" >/dev/null 2>&1
fid=$(SEGTUI_BENCH_DIR=$dir go test ./render -run TestBenchFidelity -count=1 -v | grep '^FIDELITY')

python3 - "$dir/hf.json" "$bench" "$fid" <<'PY'
import json, re, sys
hf = json.load(open(sys.argv[1]))["results"]
bench, fid = sys.argv[2], sys.argv[3]
def ours(name):
    m = re.search(name + r"\s+\d+\s+([\d.]+) ns/op\s+([\d.]+) bytes/frame", bench)
    return float(m.group(1)) / 1e6, float(m.group(2))
psnr = {}
for line in fid.splitlines():
    _, f, size, p = line.split()[:4]
    psnr[f] = (int(size), float(p))
six_ms, six_b = ours("BenchmarkComposeSixel768")
blk_ms, blk_b = ours("BenchmarkComposeBlocks768")
img_ms, chafa_ms = hf[0]["mean"] * 1e3, hf[1]["mean"] * 1e3
print("Frame: 512x512 CT-like slice, W400/L40, GT outlines + 40% prediction fill, prompts, cursor -> 768x768\n")
print("| encoder | ms/frame | KB/frame | PSNR vs source (dB) | time vs segtui sixel |")
print("|---|---|---|---|---|")
print(f"| segtui sixel (compose+encode, 1 core) | {six_ms:.2f} | {six_b/1024:.0f} | {psnr['segtui.six'][1]:.2f} | 1.00x |")
print(f"| segtui half blocks 77x39 cells (compose+encode) | {blk_ms:.2f} | {blk_b/1024:.0f} | n/a (text) | {blk_ms/six_ms:.2f}x |")
print(f"| img2sixel (process, PNG in) | {img_ms:.2f} | {psnr['img2sixel.six'][0]/1024:.0f} | {psnr['img2sixel.six'][1]:.2f} | {img_ms/six_ms:.2f}x |")
print(f"| chafa -f sixels (process, PNG in) | {chafa_ms:.2f} | {psnr['chafa.six'][0]/1024:.0f} | {psnr['chafa.six'][1]:.2f} | {chafa_ms/six_ms:.2f}x |")
print("\nTargets: segtui sixel < 10 ms and < 200 KB per frame; faster than img2sixel at equal or better PSNR.")
print(f"Met: time {'yes' if six_ms < 10 else 'NO'}, size {'yes' if six_b < 200*1024 else 'NO'}, "
      f"vs img2sixel {'yes' if six_ms < img_ms and psnr['segtui.six'][1] >= psnr['img2sixel.six'][1] else 'NO'}")
PY
