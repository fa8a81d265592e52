#!/usr/bin/env bash
# Times `segtui score` against FLARE22's evaluation in numpy/scipy
# (scripts/flare22_eval.py, the official method) on the same files, checks
# that both give the same values, and prints a Markdown table. The maps come
# from scripts/gen_score_bench.py: a 488x404x90 13-class map built from the
# real AMOS sections in ../shared/realdata, and issue 11's 64x64x16 map with
# 300 ids. Whole commands are timed (start-up and file loading included);
# each figure is the best of BENCH_RUNS runs (3), the two tools alternating.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
py=/usr/bin/python3
runs=${BENCH_RUNS:-3}
bin=${SEGTUI_BIN:-$root/segtui} # another build to compare, e.g. an older commit
"$py" -c 'import nibabel, scipy, skimage, PIL' 2>/dev/null ||
	{ echo "bench-score: needs python3-nibabel python3-scipy python3-skimage python3-pil" >&2; exit 1; }
[[ -x $bin ]] || { echo "bench-score: $bin is missing: run make build" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$py" "$root/scripts/gen_score_bench.py" "$tmp" >/dev/null

# best CMD... prints the best wall time of $runs runs in seconds; the last
# run's stdout goes to $tmp/out.
best() {
	local b="" t0 t1 s
	for ((r = 0; r < runs; r++)); do
		t0=$(date +%s%N)
		"$@" >"$tmp/out"
		t1=$(date +%s%N)
		s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
		if [[ -z $b ]] || awk -v x="$s" -v y="$b" 'BEGIN { exit !(x < y) }'; then b=$s; fi
	done
	echo "$b"
}

# compare REF.json GO.json: Dice must be equal, NSD equal to 1e-12 (numpy
# and Go sum the surfel areas in different orders).
compare() {
	"$py" - "$1" "$2" <<'EOF'
import json, sys
ref = {c["id"]: c for c in json.load(open(sys.argv[1]))["classes"]}
got = {c["id"]: c for c in json.load(open(sys.argv[2]))["classes"]}
if set(ref) != set(got):
    sys.exit(f"class ids differ: reference {sorted(ref)}, segtui {sorted(got)}")
dd = max(abs(ref[i]["dice"] - got[i]["dice"]) for i in ref)
dn = max(abs(ref[i]["nsd"] - got[i]["nsd"]) for i in ref)
if dd != 0 or dn > 1e-12:
    sys.exit(f"values differ: max Dice difference {dd:g}, max NSD difference {dn:g}")
print(f"{len(ref)} classes: Dice equal, NSD within {dn:.0e}")
EOF
}

row() { # name, segtui args, reference args
	local name=$1 go_args=$2 ref_args=$3 go_s ref_s same
	go_s=$(best "$bin" score --json $go_args)
	cp "$tmp/out" "$tmp/go.json"
	ref_s=$(best "$py" "$root/scripts/flare22_eval.py" $ref_args)
	cp "$tmp/out" "$tmp/ref.json"
	same=$(compare "$tmp/ref.json" "$tmp/go.json")
	echo "| $name | $go_s | $ref_s | $(awk -v a="$ref_s" -v b="$go_s" 'BEGIN { printf "%.1fx", a / b }') | $same |"
}

echo
echo "segtui score vs FLARE22's evaluation method in numpy/scipy, best of $runs, $(nproc) CPUs"
echo
echo "| map | segtui score s | numpy/scipy s | numpy/scipy / segtui | values |"
echo "|---|---:|---:|---:|---|"
row "488x404x90, 13 classes, FLARE22 rules" "$tmp/gt.nii.gz $tmp/pred.nii.gz" "$tmp/gt.nii.gz $tmp/pred.nii.gz"
row "64x64x16, 300 ids, --tolerance 2" "--tolerance 2 $tmp/many_gt.nii.gz $tmp/many_pred.nii.gz" "--tolerance 2 $tmp/many_gt.nii.gz $tmp/many_pred.nii.gz"
