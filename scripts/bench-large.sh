#!/usr/bin/env bash
# Large remote-sensing scenes (issue 16): opening GID's 7200x6800 RGB TIFF
# (written here by scripts/gen_gid_scene.py, uncompressed strips as GID
# ships) with segtui's reader next to libtiff-based readers on the same
# file, tifffile (Python) and ImageMagick, each a process of its own under
# /usr/bin/time for wall time and peak resident memory (best of
# BENCH_RUNS, default 3); then pan and zoom frame times at 4x on the scene
# against the phantom in the same run (BenchmarkScene*). BENCH_SCENE=WxH
# changes the scene's size.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
py=/usr/bin/python3
runs=${BENCH_RUNS:-3}
size=${BENCH_SCENE:-7200x6800}
"$py" -c 'import tifffile, numpy, PIL' 2>/dev/null || { echo "bench-large: python3-tifffile, python3-numpy and python3-pil are needed" >&2; exit 1; }
magick=$(command -v convert-im6.q16 || command -v convert || true)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$py" "$root/scripts/gen_gid_scene.py" "$tmp" --width "${size%x*}" --height "${size#*x}" --nir
scene="$tmp/scene.tif"
(cd "$root" && go test -c -o "$tmp/images2d.test" ./datasets/images2d)

# best "seconds KB" of $runs runs of a command under /usr/bin/time
best() {
	local s="" k=""
	for _ in $(seq "$runs"); do
		read -r ws kb < <(/usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -1)
		if [[ -z $s ]] || awk -v a="$ws" -v b="$s" 'BEGIN { exit !(a < b) }'; then s=$ws; fi
		if [[ -z $k ]] || (( kb < k )); then k=$kb; fi
	done
	echo "$s $k"
}
read -r seg_s seg_kb < <(SEGTUI_OPEN_PROBE="$scene" best "$tmp/images2d.test" -test.run '^TestOpenProbe$')
read -r nir_s nir_kb < <(SEGTUI_OPEN_PROBE="$tmp/scene_nir.tif" best "$tmp/images2d.test" -test.run '^TestOpenProbe$')
read -r tf_s tf_kb < <(best "$py" -c 'import sys, tifffile; tifffile.imread(sys.argv[1])' "$scene")
im_s=n/a im_kb=n/a
if [[ -n $magick ]]; then read -r im_s im_kb < <(best "$magick" "$scene" null:); fi
mb() { awk -v k="$1" 'BEGIN { if (k == "n/a") print k; else printf "%.0f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == "n/a" || b == 0) print "n/a"; else printf "%.2f", a / b }'; }
echo
echo "Opening a ${size} 8-bit RGB TIFF ($(( $(stat -c %s "$scene") / 1000000 )) MB, uncompressed strips), best of $runs, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| reader | holds | wall s | peak RSS MB | segtui / this, wall | segtui / this, RSS |"
echo "|---|---|---:|---:|---:|---:|"
echo "| segtui images2d.Read | RGB bytes + float32 luma | $seg_s | $(mb "$seg_kb") | 1.00 | 1.00 |"
echo "| segtui, RGB+NIR 4-band file | the same (bands 1-3) | $nir_s | $(mb "$nir_kb") | | |"
echo "| tifffile $("$py" -c 'import tifffile; print(tifffile.__version__)') imread | uint8 RGB array | $tf_s | $(mb "$tf_kb") | $(ratio "$seg_s" "$tf_s") | $(ratio "$seg_kb" "$tf_kb") |"
echo "| ImageMagick convert to null: | its pixel cache | $im_s | $(mb "$im_kb") | $(ratio "$seg_s" "$im_s") | $(ratio "$seg_kb" "$im_kb") |"
echo
echo "Frames at 4x on the scene (sixel, 160x48 cells) and on the phantom's 256x256 slice, same run:"
echo
echo "| benchmark | key to rendered frame |"
echo "|---|---:|"
(cd "$root" && SEGTUI_BENCH_SCENE="$scene" go test ./tui -run '^$' -bench '^BenchmarkScene' -benchtime 5x -count 1) |
	awk '/^BenchmarkScene/ { n = $1; sub(/-[0-9]+$/, "", n); printf "| %s | %.1f ms/op |\n", n, $3 / 1e6 }'
