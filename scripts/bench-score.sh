#!/usr/bin/env bash
# Times `segtui score` against FLARE22's evaluation in numpy/scipy
# (scripts/flare22_eval.py, the official method) on the same files, checks
# that both give the same values, and prints a Markdown table. The maps come
# from scripts/gen_score_bench.py: a 488x404x90 13-class map built from the
# real AMOS sections in ../shared/realdata, and issue 11's 64x64x16 map with
# 300 ids. Whole commands are timed (start-up and file loading included);
# each figure is the best of BENCH_RUNS runs (3), wall and CPU time.
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

# best CMD... prints the best wall time and the best CPU time (user + system)
# of $runs runs in seconds; the last run's stdout goes to $tmp/out. CPU time
# says more than wall time on a loaded machine, where the cores segtui
# spreads over are shared with others.
best() {
	local bw="" bc="" w c
	for ((r = 0; r < runs; r++)); do
		/usr/bin/time -f '%e %U %S' -o "$tmp/time" "$@" >"$tmp/out"
		read -r w c < <(awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$tmp/time")
		if [[ -z $bw ]] || awk -v x="$w" -v y="$bw" 'BEGIN { exit !(x < y) }'; then bw=$w; fi
		if [[ -z $bc ]] || awk -v x="$c" -v y="$bc" 'BEGIN { exit !(x < y) }'; then bc=$c; fi
	done
	echo "$bw $bc"
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
	local name=$1 go_args=$2 ref_args=$3 go ref same
	go=$(best "$bin" score --json $go_args)
	cp "$tmp/out" "$tmp/go.json"
	ref=$(best "$py" "$root/scripts/flare22_eval.py" $ref_args)
	cp "$tmp/out" "$tmp/ref.json"
	same=$(compare "$tmp/ref.json" "$tmp/go.json")
	awk -v n="$name" -v g="$go" -v r="$ref" -v s="$same" 'BEGIN {
		split(g, a, " "); split(r, b, " ")
		printf "| %s | %.2f | %.2f | %.1fx | %.2f | %.2f | %.1fx | %s |\n", n, a[1], b[1], b[1] / a[1], a[2], b[2], b[2] / a[2], s }'
}

echo
echo "segtui score vs FLARE22's evaluation method in numpy/scipy, best of $runs, $(nproc) CPUs, load average $(cut -d' ' -f1 /proc/loadavg)"
echo
echo "| map | segtui wall s | numpy/scipy wall s | ratio | segtui CPU s | numpy/scipy CPU s | ratio | values |"
echo "|---|---:|---:|---:|---:|---:|---:|---|"
row "488x404x90, 13 classes, FLARE22 rules" "$tmp/gt.nii.gz $tmp/pred.nii.gz" "$tmp/gt.nii.gz $tmp/pred.nii.gz"
row "64x64x16, 300 ids, --tolerance 2" "--tolerance 2 $tmp/many_gt.nii.gz $tmp/many_pred.nii.gz" "--tolerance 2 $tmp/many_gt.nii.gz $tmp/many_pred.nii.gz"
