#!/usr/bin/env bash
# Times segtui's DICOM pixel decoders against dcmtk's and gdcm's on the same
# 512x512x200 int16 CT (real slices from ../shared/realdata, see
# TestWriteBenchSeries) in each lossless transfer syntax, and prints a
# Markdown table. One run each, two layouts: a series of 200 files (the
# tools run once per file, as a user decompressing a series would, so their
# times include 200 process starts) and one 200-frame file (one start, so
# the decoders themselves are compared).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
for tool in dcmcrle dcmdrle dcmcjpeg dcmdjpeg dcmcjpls dcmdjpls gdcmconv; do
	command -v "$tool" >/dev/null || { echo "bench-codecs: $tool is needed (apt-get install dcmtk libgdcm-tools)" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/raw"
(cd "$root" && SEGTUI_BENCH_SERIES_WRITE="$tmp/raw" go test ./datasets/dicom/codec -run '^TestWriteBenchSeries$' -count 1 >/dev/null)
[ "$(ls "$tmp"/raw/*.dcm | wc -l)" = 200 ] || { echo "bench-codecs: the series was not written (is ../shared/realdata present?)" >&2; exit 1; }

# syntax name | compress command | dcmtk decoder
rows=(
	"RLE Lossless (1.2.840.10008.1.2.5)|dcmcrle|dcmdrle"
	"JPEG Lossless SV1 (.4.70)|dcmcjpeg +e1|dcmdjpeg"
	"JPEG Lossless (.4.57, predictor 6)|dcmcjpeg +el|dcmdjpeg"
	"JPEG-LS Lossless (.4.80)|dcmcjpls|dcmdjpls"
	"JPEG 2000 Lossless (.4.90)|gdcmconv --j2k|"
)
ns() { date +%s%N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
# segtui's reader: dicom.ReadFiles on the same files, frames decoded on
# every core into float32, as opening the series in segtui does.
segtui_read() { # dir
	(cd "$root" && SEGTUI_BENCH_SERIES="$1" go test ./datasets/dicom -run '^$' \
		-bench '^BenchmarkReadBenchFiles$' -benchtime 1x -count 1 |
		awk '/^BenchmarkReadBenchFiles/ { for (k = 1; k <= NF; k++) if ($(k+1) == "ms/series") print $k }')
}
segtui() { # dir frames-per-file
	(cd "$root" && SEGTUI_BENCH_SERIES="$1" SEGTUI_BENCH_FRAMES="$2" go test ./datasets/dicom/codec -run '^$' \
		-bench '^BenchmarkDecodeSeries$' -benchtime 1x -count 1 |
		awk '/^BenchmarkDecodeSeries/ { for (k = 1; k <= NF; k++) if ($(k+1) == "ms/series") print $k }')
}
echo
echo "DICOM decoding, 512x512x200 int16 CT (real slices), one run, $(nproc) CPUs"
echo
echo "segtui ms: the decoders alone, one frame after another on one core (the tools' way);"
echo "segtui read ms: opening it as segtui does (headers, sort, decoding on $(nproc) cores, HU floats)."
echo
echo "| syntax | layout | MB | segtui ms | segtui read ms | dcmtk ms | dcmtk / segtui | gdcm ms | gdcm / segtui |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
i=0
for row in "${rows[@]}"; do
	IFS='|' read -r name compress dcmtk <<<"$row"
	d="$tmp/s$i"; m="$tmp/m$i"; o="$tmp/o$i"; mkdir -p "$d" "$m" "$o"; i=$((i + 1))
	for f in "$tmp"/raw/*.dcm; do
		# shellcheck disable=SC2086
		$compress "$f" "$d/$(basename "$f")"
	done
	# shellcheck disable=SC2086
	$compress "$tmp/raw/multiframe.dcm.200" "$m/multiframe.dcm"
	for layout in series multiframe; do
		if [ $layout = series ]; then dir=$d frames=1; else dir=$m frames=200; fi
		mb=$(du -sm "$dir" | cut -f1)
		seg=$(segtui "$dir" $frames)
		read_ms=$(segtui_read "$dir")
		dt="n/a"; dtr="n/a"
		if [ -n "$dcmtk" ]; then
			t0=$(ns); for f in "$dir"/*.dcm; do $dcmtk "$f" "$o/x.dcm"; done; t1=$(ns)
			dt=$(((t1 - t0) / 1000000)); dtr=$(ratio "$dt" "$seg")
		fi
		t0=$(ns); for f in "$dir"/*.dcm; do gdcmconv --raw "$f" "$o/y.dcm"; done; t1=$(ns)
		gt=$(((t1 - t0) / 1000000))
		echo "| $name | $layout | $mb | $seg | $read_ms | $dt | $dtr | $gt | $(ratio "$gt" "$seg") |"
	done
done
