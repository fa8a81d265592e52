#!/usr/bin/env bash
# gpu-check: one-shot check of segtui's CUDA route on an NVIDIA machine
# (the CUDA build from make setup-gpu: ORT 1.29 + its CUDA plugin provider,
# which needs the CUDA 13 runtime: libcublas(Lt).so.13, libcudart.so.13,
# libcurand.so.10, and cuDNN 9 for convolutions).
#
# The GPU machine has no network and may have no Go, and lib/gpu/ (about
# 260 MB) is too big to carry in one go (64 MiB), so there are three steps:
#   here:  scripts/gpu-check.sh pack
#          builds bin/segtui and bin/engine.test (engine/onnx), and splits lib/gpu/ into
#          xz parts of 60 MiB under gpu-carry/ (git-ignored via
#          .git/info/exclude; three parts); it prints the calls to make.
#   there: scripts/gpu-check.sh stage     (once per part, carry "gpu-carry/partNN")
#          copies that part into /tmp/segtui-gpu, which lives as long as
#          the machine stays warm (make the calls back to back).
#   there: scripts/gpu-check.sh           (carry "bin")
#          assembles lib/gpu/ if it is missing, finds the CUDA 13 libraries
#          (system or the Python nvidia-* wheels) and prints: nvidia-smi,
#          what ORT's device discovery can read, segtui doctor, the fixture
#          tests with SEGTUI_TEST_DEVICE=cuda, and the SAM ViT-B-shaped
#          encoder/decoder benchmarks on CUDA and CPU (same library) when
#          python3 with onnx can generate the bench models.
# GPU_CHECK_BENCH=0 skips the benchmarks. Every section runs even when an earlier one fails; the exit status is
# that of the fixture tests. Keep the whole run well under 10 minutes.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
stage=/tmp/segtui-gpu

section() { printf '\n===== %s =====\n' "$*"; }

pack() {
	[[ -s lib/gpu/libonnxruntime_providers_cuda.so ]] || ./scripts/fetch-ort-gpu.sh || exit 1
	mkdir -p bin gpu-carry
	grep -qx '/gpu-carry/' .git/info/exclude 2>/dev/null || echo '/gpu-carry/' >>.git/info/exclude
	go build -o bin/segtui ./cmd/segtui && go test -c -o bin/engine.test ./engine/onnx || exit 1
	rm -f gpu-carry/part*
	tar -C lib -cf - gpu | xz -T0 -6 | split -b 60m -d - gpu-carry/part
	ls -l bin gpu-carry
	echo "gpu-check: on the GPU machine, back to back on one warm machine:"
	for p in gpu-carry/part*; do
		echo "  run carry=[\"$p\"] command: scripts/gpu-check.sh stage"
	done
	echo "  run carry=[\"bin\"] command: scripts/gpu-check.sh"
}

stage_parts() {
	mkdir -p "$stage"
	for p in gpu-carry/part*; do
		[[ -e $p ]] && cp "$p" "$stage/" && echo "gpu-check: staged $p"
	done
	ls -l "$stage"
}

assemble() {
	[[ -s lib/gpu/libonnxruntime_providers_cuda.so ]] && return 0
	stage_parts >/dev/null
	if ! ls "$stage"/part* >/dev/null 2>&1; then
		echo "gpu-check: lib/gpu/ is missing and no parts are staged (see scripts/gpu-check.sh pack)"
		return 1
	fi
	mkdir -p lib
	if command -v xz >/dev/null; then
		cat "$stage"/part* | xz -dc | tar -C lib -xf -
	else
		cat "$stage"/part* | python3 -c 'import lzma, sys; sys.stdout.buffer.write(lzma.decompress(sys.stdin.buffer.read()))' | tar -C lib -xf -
	fi || { echo "gpu-check: the staged parts do not make a whole archive (a part missing?)"; return 1; }
	ls -l lib/gpu
}

# cuda_lib_path prints folders holding the CUDA 13 / cuDNN 9 libraries.
cuda_lib_path() {
	local dirs=() d
	while IFS= read -r f; do
		d=$(dirname "$f")
		[[ " ${dirs[*]} " == *" $d "* ]] || dirs+=("$d")
	done < <(find /usr/local /usr/lib /usr/lib64 /opt $(python3 -c 'import site; print(*site.getsitepackages())' 2>/dev/null) \
		\( -name 'libcublasLt.so.13' -o -name 'libcublas.so.13' -o -name 'libcudart.so.13' -o -name 'libcurand.so.10' -o -name 'libcudnn.so.9' \) 2>/dev/null)
	(IFS=:; echo "${dirs[*]}")
}

check() {
	local status=0 segtui=bin/segtui enginetest
	section "machine"
	nvidia-smi || echo "gpu-check: nvidia-smi failed"
	section "what ONNX Runtime's device discovery reads (/sys/class/drm, /sys/bus/pci)"
	ls /sys/class/drm 2>&1 | head -5
	grep -l 0x10de /sys/bus/pci/devices/*/vendor 2>/dev/null | while read -r v; do
		echo "$(dirname "$v"): vendor $(cat "$v") device $(cat "$(dirname "$v")/device") class $(cat "$(dirname "$v")/class")"
	done
	section "CUDA build"
	assemble || echo "gpu-check: continuing without lib/gpu/"
	local found
	found=$(cuda_lib_path)
	echo "CUDA 13 / cuDNN 9 libraries in: ${found:-nowhere found}"
	export LD_LIBRARY_PATH="${found}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	export ONNXRUNTIME_LIB=$root/lib/gpu/libonnxruntime.so

	if command -v go >/dev/null; then
		go build -o bin/segtui ./cmd/segtui && go test -c -o bin/engine.test ./engine/onnx
	fi
	enginetest=$root/bin/engine.test
	section "segtui doctor"
	if [[ -x $segtui ]]; then "$segtui" doctor; else echo "gpu-check: no bin/segtui (run pack here, carry bin)"; fi

	section "fixture tests on CUDA (SEGTUI_TEST_DEVICE=cuda)"
	if [[ -x $enginetest ]]; then
		local log=/tmp/segtui-gpu-fixtures.log
		(cd engine/onnx && SEGTUI_TEST_DEVICE=cuda "$enginetest" -test.count=1 -test.v \
			-test.run '^(TestClickYieldsMaskCentredAtClick|TestNegativeClicksAloneGiveEmptyMask|TestBoxPromptFillsTheBox|TestPreviousMaskIsFedBack|TestEncoderInputIsNormalisedAndPadded|TestSemanticLabelsFollowIntensityBands|TestEveryPlane|TestEncodeBatchMatchesEncodeOneByOne|TestGPUBuildWithoutCUDAFallsBackToCPU)$' >"$log" 2>&1)
		status=$?
		# The first error in full, then one line per test.
		grep -m1 -E 'rror|cannot' "$log"
		grep -E '^\s*(--- |ok|PASS|FAIL|panic)|runs on|CUDA error' "$log" | cut -c1-300 | head -60
	else
		echo "gpu-check: no bin/engine.test"; status=1
	fi

	section "SAM ViT-B-shaped benchmarks, CUDA vs CPU, same library ($ONNXRUNTIME_LIB)"
	local models=/tmp/segtui-bench-models
	if [[ ${GPU_CHECK_BENCH:-1} == 0 ]]; then
		echo "gpu-check: GPU_CHECK_BENCH=0, skipped"
	elif [[ ! -s $models/models.yaml ]] && python3 -c 'import onnx, numpy' 2>/dev/null; then
		timeout 180 python3 scripts/gen_bench_models.py --out "$models" || echo "gpu-check: could not generate the bench models"
	fi
	if [[ ${GPU_CHECK_BENCH:-1} != 0 && -s $models/models.yaml && -x $enginetest ]]; then
		for dev in cuda cpu; do
			echo "--- $dev"
			(cd engine/onnx && SEGTUI_BENCH_MODELS=$models/models.yaml SEGTUI_BENCH_DEVICE=$dev timeout 150 "$enginetest" \
				-test.run '^$' -test.bench '^BenchmarkSAMViTB(Encode|Decode|PromptToMask)$' -test.benchtime 10x 2>&1 | grep -E 'Benchmark|FAIL|asked for|Error')
		done
	elif [[ ${GPU_CHECK_BENCH:-1} != 0 ]]; then
		echo "gpu-check: no bench models (python3 with onnx and numpy generates them) or no bin/engine.test"
	fi
	section "done (fixture tests exit status $status)"
	return "$status"
}

case "${1:-check}" in
pack) pack ;;
stage) stage_parts ;;
check) check ;;
*) echo "usage: scripts/gpu-check.sh [pack|stage|check]" >&2; exit 2 ;;
esac
