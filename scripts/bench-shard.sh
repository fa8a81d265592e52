#!/usr/bin/env bash
# Throughput of one segtui eval run against the same work split into 4
# shards on this machine, and what sharding costs: the merge, and cases
# loaded by more than one shard. The data is BENCH_CASES phantom cases
# (seeds 1..N, 256x256x64) evaluated with the built-in engine and the
# semantic fixture model; slices/s is the slices evaluated over the wall
# time, CPU time is user + system of all processes. The 4 shards run side
# by side (as 4 array tasks on one node would) and one after another; on N
# machines the side-by-side time would divide by about N.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SEGTUI_BIN:-$root/segtui}
cases=${BENCH_CASES:-3}
shards=4
[[ -x $bin ]] || { echo "bench-shard: $bin is missing: run make build" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
data=$tmp/data
mkdir -p "$data/images" "$data/labels"
for ((s = 1; s <= cases; s++)); do
	"$bin" demo --out "$tmp/seed$s" --seed "$s" >/dev/null
	id=$(printf 'PHANTOM_%04d' "$s")
	mv "$tmp/seed$s/images/PHANTOM_0001_0000.nii.gz" "$data/images/${id}_0000.nii.gz"
	mv "$tmp/seed$s/labels/PHANTOM_0001.nii.gz" "$data/labels/$id.nii.gz"
done
flags=(--models "$root/engine/testdata/models/models.yaml" --model builtin --model semantic-argmax-fixture --device cpu)

now() { date +%s%N; }
cpu() { local f=$1; shift; /usr/bin/time -f '%U %S' -o "$f" "$@"; } # CPU seconds of a command into a file
cpusum() { cat "$@" | awk '{ s += $1 + $2 } END { printf "%.1f", s }'; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }
slices() { # total slices evaluated in a results.json
	/usr/bin/python3 -c 'import json, sys; print(sum(c["slices_done"] for c in json.load(open(sys.argv[1]))["cases"]))' "$1"
}

# Each configuration runs BENCH_REPEAT times (2), the three taking turns, and
# keeps its best wall time (with that run's CPU time): the machine's other
# load comes and goes.
one() { cpu "$tmp/one.cpu" "$bin" eval "${flags[@]}" --out "$tmp/one" "$data" >/dev/null 2>"$tmp/one.log"; }
side() {
	for ((k = 1; k <= shards; k++)); do
		cpu "$tmp/side$k.cpu" "$bin" eval "${flags[@]}" --out "$tmp/side" --shard "$k/$shards" "$data" >/dev/null 2>"$tmp/side$k.log" &
	done
	wait
}
merge() { cpu "$tmp/merge.cpu" "$bin" eval merge --out "$tmp/side" "$tmp/side" >/dev/null; }
seq() {
	for ((k = 1; k <= shards; k++)); do
		cpu "$tmp/seq$k.cpu" "$bin" eval "${flags[@]}" --out "$tmp/seq" --shard "$k/$shards" "$data" >/dev/null 2>"$tmp/seq$k.log"
	done
}
declare -A wall cpus
timed() { # name: runs it in a fresh folder, keeps the best wall time and its CPU
	local t0 t1 s c
	[[ $1 == merge ]] || rm -rf "${tmp:?}/$1"
	t0=$(now)
	"$1"
	t1=$(now)
	s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
	case $1 in
	one) c=$(cpusum "$tmp/one.cpu") ;;
	side) c=$(cpusum "$tmp"/side?.cpu) ;;
	merge) c=$(cpusum "$tmp/merge.cpu") ;;
	seq) c=$(cpusum "$tmp"/seq?.cpu) ;;
	esac
	if [[ -z ${wall[$1]:-} ]] || awk -v x="$s" -v y="${wall[$1]}" 'BEGIN { exit !(x < y) }'; then
		wall[$1]=$s
		cpus[$1]=$c
	fi
}
for ((r = 0; r < ${BENCH_REPEAT:-2}; r++)); do
	timed one
	timed side
	timed merge
	timed seq
done
one_s=${wall[one]} side_s=${wall[side]} merge_s=${wall[merge]} seq_s=${wall[seq]}

n=$(slices "$tmp/one/results.json")
n_side=$(slices "$tmp/side/results.json")
[[ $n == "$n_side" ]] || { echo "bench-shard: the merged run has $n_side slices, one run $n" >&2; exit 1; }
# Case loads: one run loads each case once; a shard loads each case it has a pair of.
loads=$(/usr/bin/python3 - "$tmp/side" "$shards" <<'EOF'
import json, sys
n = 0
for k in range(1, int(sys.argv[2]) + 1):
    lines = open(f"{sys.argv[1]}/shard-{k}-of-{sys.argv[2]}/results.jsonl").read().splitlines()[1:]
    n += len({json.loads(l)["case"] for l in lines})
print(n)
EOF
)
load_ms=$(cd "$root" && SEGTUI_BENCH_NIFTI="$data/images/PHANTOM_0001_0000.nii.gz" go test ./datasets -run '^$' \
	-bench '^BenchmarkReadNiftiGz$' -benchtime 3x 2>/dev/null | awk '/^BenchmarkReadNiftiGz/ { printf "%.0f", $3 / 1e6 }')
rate() { awk -v n="$n" -v s="$1" 'BEGIN { printf "%.2f", n / s }'; }

echo
echo "segtui eval, $cases phantom cases x 2 variants (builtin, semantic-argmax-fixture), $n slices, $(nproc) CPUs, load average $(cut -d' ' -f1 /proc/loadavg)"
echo
one_cpu=${cpus[one]}
side_cpu=$(awk -v a="${cpus[side]}" -v b="${cpus[merge]}" 'BEGIN { printf "%.1f", a + b }')
seq_cpu=${cpus[seq]}
echo "| run | wall s | slices/s | vs one run | CPU s | CPU vs one run |"
echo "|---|---:|---:|---:|---:|---:|"
echo "| one run | $one_s | $(rate "$one_s") | 1.00x | $one_cpu | 1.00x |"
echo "| $shards shards side by side, then merge | $side_s + $merge_s | $(rate "$(awk -v a="$side_s" -v b="$merge_s" 'BEGIN { print a + b }')") | $(awk -v a="$one_s" -v b="$side_s" -v m="$merge_s" 'BEGIN { printf "%.2fx", a / (b + m) }') | $side_cpu | $(awk -v a="$one_cpu" -v b="$side_cpu" 'BEGIN { printf "%.2fx", b / a }') |"
echo "| $shards shards one after another | $seq_s | $(rate "$seq_s") | $(awk -v a="$one_s" -v b="$seq_s" 'BEGIN { printf "%.2fx", a / b }') | $seq_cpu | $(awk -v a="$one_cpu" -v b="$seq_cpu" 'BEGIN { printf "%.2fx", b / a }') |"
echo
echo "Sharding overhead: merge $merge_s s; case loads $loads for $cases cases ($((loads - cases)) extra, about $load_ms ms each to read the image)."
