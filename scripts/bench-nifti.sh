#!/usr/bin/env bash
# Times segtui's NIfTI loader against nibabel on the same 512x512x100 int16
# CT-like .nii.gz (made once, in a temp dir, by nibabel) and prints a
# Markdown table. Each figure is the best of several runs, which is the
# fairest number on a shared machine.
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
go_ms=$(cd "$root" && SEGTUI_BENCH_NIFTI="$file" go test ./datasets/nifti -run '^$' \
	-bench '^BenchmarkReadNiftiGz$' -benchtime 1x -count "$runs" |
	awk '/^BenchmarkReadNiftiGz/ { ms = $3 / 1e6; if (best == "" || ms < best) best = ms } END { printf "%.1f", best }')

nib=$("$py" "$root/scripts/bench_nifti.py" time "$file" "$runs")
fdata_ms=$(awk '$1 == "get_fdata" { print $2 }' <<<"$nib")
dataobj_ms=$(awk '$1 == "dataobj" { print $2 }' <<<"$nib")
nib_version=$("$py" -c 'import nibabel; print(nibabel.__version__)')

ratio() { awk -v a="$1" -v b="$go_ms" 'BEGIN { printf "%.2fx", a / b }'; }
echo
echo "NIfTI load, 512x512x100 int16 CT-like .nii.gz ($size_mb MB), best of $runs, $(nproc) CPUs"
echo
echo "| loader | result | ms | time / segtui |"
echo "|---|---|---:|---:|"
echo "| segtui nifti.Read | float32 physical values | $go_ms | 1.00x |"
echo "| nibabel $nib_version \`nib.load(p).get_fdata()\` | float64 physical values | $fdata_ms | $(ratio "$fdata_ms") |"
echo "| nibabel $nib_version \`np.asanyarray(img.dataobj)\` | raw int16, unscaled | $dataobj_ms | $(ratio "$dataobj_ms") |"
