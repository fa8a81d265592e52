#!/usr/bin/env bash
# test-memlimit: an untiled built-in evaluation of a 7200x6800 GID-like
# scene inside a real 8 GiB memory cgroup (cgroup v1 or v2; needs root).
# With the heap unbounded (GOMEMLIMIT=off) the kernel kills it; with the
# limit segtui takes from the cgroup (internal/memlimit) it finishes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
limit=$((8 << 30))
line=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ {print $3}' /proc/self/cgroup)
if [[ -n $line ]]; then
	parent=/sys/fs/cgroup/memory$line limitfile=memory.limit_in_bytes
else
	parent=/sys/fs/cgroup$(awk -F: '$1 == "0" {print $3}' /proc/self/cgroup) limitfile=memory.max
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; rmdir "$parent"/segtui-memlimit-* 2>/dev/null || true' EXIT
if ! mkdir "$parent/segtui-memlimit-$$-probe" 2>/dev/null; then
	echo "test-memlimit: SKIP: cannot make a memory cgroup under $parent (needs root and a writable cgroup tree)"
	exit 0
fi
rmdir "$parent/segtui-memlimit-$$-probe"
mkdir -p "$tmp/gid/images" "$tmp/gid/masks"
/usr/bin/python3 "$root/scripts/gen_gid_scene.py" "$tmp" --width 7200 --height 6800 >/dev/null
mv "$tmp/scene.tif" "$tmp/gid/images/scene.tif"
mv "$tmp/scene_mask.png" "$tmp/gid/masks/scene.png"
(cd "$root" && go build -o "$tmp/segtui" ./cmd/segtui)

# run TAG GOMEMLIMIT: the evaluation in a fresh cgroup; prints rc and peak.
run() {
	local cg=$parent/segtui-memlimit-$$-$1 rc=0
	mkdir "$cg"
	echo "$limit" >"$cg/$limitfile"
	GOMEMLIMIT=$2 sh -c 'echo $$ >"$1/cgroup.procs" && exec "$2" eval "$3/gid" --model builtin --classes gid --prompt box --tile off --out "$3/out-$4"' \
		sh "$cg" "$tmp/segtui" "$tmp" "$1" >"$tmp/$1.log" 2>&1 || rc=$?
	local peak=n/a
	[[ -f $cg/memory.max_usage_in_bytes ]] && peak=$(($(cat "$cg/memory.max_usage_in_bytes") / 1000000))
	[[ -f $cg/memory.peak ]] && peak=$(($(cat "$cg/memory.peak") / 1000000))
	rmdir "$cg"
	echo "$rc $peak"
}
read -r off_rc off_peak < <(run unbounded off)
read -r on_rc on_peak < <(run limited "")
echo "untiled builtin eval of a 7200x6800 scene in an 8 GiB cgroup:"
echo "  GOMEMLIMIT=off (heap unbounded): exit $off_rc, peak $off_peak MB"
echo "  segtui's limit from the cgroup:  exit $on_rc, peak $on_peak MB"
status=0
if [[ $on_rc != 0 ]]; then
	echo "test-memlimit: FAIL: with the limit the evaluation exited $on_rc:"; tail -5 "$tmp/limited.log"; status=1
fi
if [[ $off_rc == 0 ]]; then
	echo "test-memlimit: FAIL: unbounded, it fit in 8 GiB too, so this run shows nothing; make the scene larger"; status=1
fi
exit $status
