# segtui: `make run` sets up and starts the app on the built-in demo;
# `make test` runs every test. Both work on a fresh clone.
SHELL := /bin/bash
GO ?= go
export PATH := $(PATH):/usr/local/go/bin
BIN := ./segtui

.PHONY: run build lib test test-slurm test-faults test-large test-ssh e2e bench bench-large bench-nifti bench-codecs bench-score bench-shard bench-render bench-ssh bench-engine bench-models term-matrix export-check export-demo fuzz-codecs setup-gpu fixtures test-memlimit vet clean

run: build lib
	$(BIN) $(ARGS)

build:
	$(GO) build -o $(BIN) ./cmd/segtui

# The ONNX Runtime CPU library (from the npm package onnxruntime-node) into lib/.
lib: lib/libonnxruntime.so.1
lib/libonnxruntime.so.1:
	./scripts/fetch-ort.sh

test: lib build
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 30m ./...

# segtui eval --slurm on a real one-node Slurm (slurm-wlm and munge, started
# by the test; skipped where they cannot start): minutes, so not in make test.
test-slurm: lib
	SEGTUI_TEST_SLURM=1 $(GO) test -count=1 -timeout 30m -run '^TestEvalSlurmArrayJob$$' -v ./cmd/segtui

# The fault-injection suite: the TUI in tmux killed, hung up and terminated
# at random points of seeded sessions (SEGTUI_FAULTS_RUNS, default 50;
# SEGTUI_FAULTS_SEED, default 1), and with --out on a tmpfs that fills, is
# read-only or is removed; each run ends with a restore checked against
# the labels the screen accepted. Mounting needs root; elsewhere it says so
# and falls back to an injected writer error.
test-faults: lib build
	SEGTUI_FAULTS=1 $(GO) test ./tui -run '^TestFaults' -count=1 -v -timeout 30m

# Issue 16 at GID's full size (7200x6800; minutes and a few GB, so not in
# make test): the per-class Dice table of builtin and the SAM fixture with
# and without tiling, and the tmux e2e that boxes a building at 4x and
# checks the saved palette mask at full resolution.
test-large: lib build
	SEGTUI_GID_SIZE=7200x6800 $(GO) test -count=1 -timeout 60m -v -run '^TestEvalTilingRaisesSmallClassDice$$' ./cmd/segtui
	SEGTUI_LARGE_E2E=1 $(GO) test -count=1 -timeout 30m -v -run '^TestE2ETmuxLargeScene$$' ./tui

# segtui in every installed real terminal (xterm, kitty, mlterm, Konsole
# with its kitty protocol and with forced sixel, foot in headless sway,
# tmux with passthrough inside xterm and kitty) through ../shared/tools/term-shot:
# keys a, . . ., + +, v, ?, ?, v v at 160x48, a screenshot per step checked
# against the frame segtui composed (PSNR >= 30 dB, no image pixels in
# blank cells), a table terminal x step. About 35 s per terminal, so not in
# make test; TERMS="xterm" limits it, screenshots go to term-matrix-out/.
term-matrix: build
	./scripts/term-matrix.sh

# The tmux end-to-end test alone (make test runs it too).
e2e: build
	./scripts/e2e-tmux.sh

# An untiled built-in eval of a 7200x6800 scene in a real 8 GiB memory
# cgroup (root): killed with GOMEMLIMIT=off, finishes under the limit
# internal/memlimit takes from the cgroup (about 5 minutes).
test-memlimit: lib
	./scripts/test-memlimit.sh

vet:
	$(GO) vet ./...

bench: bench-nifti bench-codecs bench-score bench-large

# Opening GID's 7200x6800 TIFF next to tifffile and ImageMagick (time and
# peak memory), and pan/zoom frame times on it (python3-tifffile).
bench-large: lib
	./scripts/bench-large.sh

bench-nifti:
	./scripts/bench-nifti.sh

# DICOM pixel decoding per lossless syntax next to dcmtk and gdcm (needs
# dcmtk, libgdcm-tools and ../shared/realdata).
bench-codecs:
	./scripts/bench-codecs.sh

# Each DICOM codec fuzzer, then the DICOM reader, MetaImage and inflate
# fuzzers, in turn, FUZZTIME each (default 1m).
FUZZTIME ?= 1m
fuzz-codecs:
	for t in rle:FuzzDecode jpeg:FuzzDecode jpegls:FuzzDecode jpeg2000:FuzzDecode encapsulated:FuzzParse; do \
		$(GO) test ./datasets/dicom/codec/$${t%%:*} -run '^$$' -fuzz "^$${t##*:}$$" -fuzztime $(FUZZTIME) -parallel 1 || exit 1; \
	done
	for t in dicom:FuzzReadDICOM metaimage:FuzzReadMetaImage internal/inflate:FuzzInflate; do \
		$(GO) test ./datasets/$${t%%:*} -run '^$$' -fuzz "^$${t##*:}$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 10s -parallel 1 || exit 1; \
	done

# segtui score vs FLARE22's evaluation in numpy/scipy on the same maps.
bench-score: build
	./scripts/bench-score.sh

# segtui eval: one run vs 4 shards on this machine, merge and loading costs.
bench-shard: lib build
	./scripts/bench-shard.sh

# segtui on the demo over ssh -tt to a real sshd (started by the test)
# through shaped loopback links, per key, link and graphics protocol:
# bytes on the wire, images sent, key to complete frame (minutes).
bench-ssh:
	set -o pipefail; SEGTUI_SSH_BENCH=1 $(GO) test -count=1 -timeout 30m -run '^TestBenchSSH$$' -v ./internal/sshlink | grep -v '^\(=== RUN\|--- PASS\|PASS\|ok \)'

# Over a real sshd: the e2e on the demo through a 10 Mbit/s, 60 ms link
# (labels equal to a loopback run's) and a link killed mid-session (the
# journal restores every accepted edit). About 1.5 minutes.
test-ssh:
	SEGTUI_SSH=1 $(GO) test -count=1 -timeout 20m -run '^TestSSH' -v ./internal/sshlink

bench-render: build
	./scripts/bench-render.sh

# SAM ViT-B-shaped models with random weights (about 390 MB, not committed).
bench-models:
	/usr/bin/python3 scripts/gen_bench_models.py

bench-engine: lib build
	./scripts/bench-engine.sh

# The export kit on the full ViT-B architecture (random weights, ~2 GB of
# memory, minutes): export time, file sizes and one decode against
# SamPredictor. Needs python3-torch and ../shared (not in make test).
export-check: lib
	SEGTUI_EXPORT_CHECK=1 $(GO) test -count=1 -v -timeout 60m ./export -run '^TestExportCheckViTB$$'

# The kit's reduced variants of every kind in one manifest, run together by
# segtui eval on the demo phantom (one column each).
export-demo: lib build
	./scripts/export-demo.sh

# Regenerates the committed fixture models (needs python3-onnx, python3-numpy).
fixtures:
	/usr/bin/python3 scripts/gen_fixtures.py engine/testdata/models

setup-gpu:
	./scripts/fetch-ort-gpu.sh

clean:
	rm -f $(BIN)
