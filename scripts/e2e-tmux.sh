#!/usr/bin/env bash
# End-to-end test of the TUI in a real terminal (tmux): builds segtui, runs
# the demo with --graphics blocks, presses a, reads liver Dice off the
# screen (>= 0.8 required), labels another slice with a box and points by
# key, accepts, saves, quits, and checks the label file with the datasets
# reader; then the review mode's tmux test (segtui eval, then review, n/N),
# and one that opens a compressed DICOM series, an Enhanced CT, a .mha and a
# .mhd+.zraw made from the real CT and reads voxels off the status line.
# Needs tmux (Debian package tmux).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tmux >/dev/null || { echo "e2e-tmux: tmux is not installed (apt-get install -y tmux)" >&2; exit 1; }
exec go test ./tui -run '^(TestE2ETmux|TestReviewE2ETmux|TestE2ETmuxOpensEachKind|TestReviewWithoutLabelsE2ETmux)$' -count=1 -v "$@"
