#!/usr/bin/env bash
# make export-demo: the export kit's reduced parity variants (SAM, MedSAM,
# SAMed LoRA r1/r4/r8, an adapter model; random weights) written into one
# manifest, checked by segtui models and run together by segtui eval on the
# demo phantom: one column per variant. Needs python3-torch and ../shared.
set -euo pipefail
cd "$(dirname "$0")/.."
py=${SEGTUI_PYTHON:-/usr/bin/python3}
shared=$(cd ../shared 2>/dev/null && pwd) || { echo "export-demo: ../shared (the official code) is absent" >&2; exit 1; }
work=${EXPORT_DEMO_DIR:-$(mktemp -d -t segtui-export-demo-XXXX)}
echo "export-demo: working in $work"
for kind in sam medsam lora adapter; do
  SEGTUI_SHARED=$shared "$py" export/parity/reference.py "$kind" "$work/models" --build-only
done
./segtui models --models "$work/models/models.yaml"
./segtui demo --out "$work/data"
start=$(date +%s)
./segtui eval --models "$work/models/models.yaml" --out "$work/eval" "$work/data"
echo "export-demo: eval took $(($(date +%s) - start)) s"
cat "$work/eval/results.md"
