#!/usr/bin/env bash
# Times segtui's NIfTI loader against nibabel on the same 512x512x100 int16
# CT-like .nii.gz (made once, in a temp dir, by nibabel) and prints a
# Markdown table of wall and CPU (user + system) time. Each figure is the
# best of several runs, the fairest number on a shared machine, where CPU
# time moves less with the load than wall time. segtui's reader runs on one
# core, as nibabel does.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
py=/usr/bin/python3
runs=${BENCH_RUNS:-5}
"$py" -c 'import nibabel' 2>/dev/null || { echo "bench-nifti: nibabel is needed (apt-get install python3-nibabel)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
file="$tmp/ct.nii.gz"
"$py" "$root/scripts/bench_nifti.py" make "$file"
size_mb=$(awk -v b="$(stat -c %s "$file")" 'BEGIN { printf "%.1f", b / 1e6 }')

# Our loader: BenchmarkReadNiftiGz reads $SEGTUI_BENCH_NIFTI when set.
read -r go_ms go_cpu < <(cd "$root" && SEGTUI_BENCH_NIFTI="$file" go test ./datasets/nifti -run '^$' \
	-bench '^BenchmarkReadNiftiGz$' -benchtime 1x -count "$runs" |
	awk '/^BenchmarkReadNiftiGz/ {
		ms = $3 / 1e6; if (best == "" || ms < best) best = ms
		for (k = 1; k <= NF; k++) if ($(k+1) == "cpu-ms/op" && (cpu == "" || $k < cpu)) cpu = $k
	} END { printf "%.1f %.1f\n", best, cpu }')

nib=$("$py" "$root/scripts/bench_nifti.py" time "$file" "$runs")
read -r fdata_ms fdata_cpu < <(awk '$1 == "get_fdata" { print $2, $3 }' <<<"$nib")
read -r dataobj_ms dataobj_cpu < <(awk '$1 == "dataobj" { print $2, $3 }' <<<"$nib")
nib_version=$("$py" -c 'import nibabel; print(nibabel.__version__)')

# segtui's time as a fraction of each loader's (the issue's goal: at most
# 0.7 of nibabel's get_fdata).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "NIfTI load, 512x512x100 int16 CT-like .nii.gz ($size_mb MB), best of $runs, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| loader | result | wall ms | CPU ms | segtui / this, wall | segtui / this, CPU |"
echo "|---|---|---:|---:|---:|---:|"
echo "| segtui nifti.Read | float32 physical values | $go_ms | $go_cpu | 1.00 | 1.00 |"
echo "| nibabel $nib_version \`nib.load(p).get_fdata()\` | float64 physical values | $fdata_ms | $fdata_cpu | $(ratio "$go_ms" "$fdata_ms") | $(ratio "$go_cpu" "$fdata_cpu") |"
echo "| nibabel $nib_version \`np.asanyarray(img.dataobj)\` | raw int16, unscaled | $dataobj_ms | $dataobj_cpu | $(ratio "$go_ms" "$dataobj_ms") | $(ratio "$go_cpu" "$dataobj_cpu") |"
