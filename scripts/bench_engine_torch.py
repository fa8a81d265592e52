#!/usr/bin/python3
"""The PyTorch side of make bench-engine for an official SAM checkpoint
(BENCH_TORCH_CKPT with BENCH_TORCH_TYPE, default vit_b): SamPredictor on
the same slice and click as the segtui and onnxruntime-node sides, on CPU
with the same thread count. set_image is the encoder with SAM's own
preprocessing; predict is one click to the best of the multimask outputs
at image size, as segtui's decode. Prints one JSON line of mean ms.

bench_engine_torch.py --checkpoint FILE --type vit_b --code DIR --slice FILE.rgb
    --width W --height H --x X --y Y --threads N --enc-runs N --dec-runs N
"""
import argparse
import json
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    for k in ("checkpoint", "type", "code", "slice"):
        ap.add_argument("--" + k, required=True)
    for k in ("width", "height", "threads", "enc-runs", "dec-runs"):
        ap.add_argument("--" + k, type=int, required=True)
    ap.add_argument("--x", type=float, required=True)
    ap.add_argument("--y", type=float, required=True)
    a = ap.parse_args()
    sys.path.insert(0, a.code)
    import numpy as np
    import torch
    from segment_anything import SamPredictor, sam_model_registry

    torch.set_num_threads(a.threads)
    rgb = np.fromfile(a.slice, dtype=np.uint8)
    if rgb.size != 3 * a.width * a.height:
        sys.exit(f"bench_engine_torch: {a.slice} has {rgb.size} bytes, expected {3 * a.width * a.height}")
    rgb = rgb.reshape(a.height, a.width, 3)
    pred = SamPredictor(sam_model_registry[a.type](checkpoint=a.checkpoint).eval())
    pts, labels = np.array([[a.x, a.y]]), np.array([1])

    def decode():
        masks, scores, _ = pred.predict(point_coords=pts, point_labels=labels, multimask_output=True)
        return masks[int(np.argmax(scores))]

    with torch.inference_mode():
        enc = []
        pred.set_image(rgb)  # warm-up, as the other sides
        for _ in range(a.enc_runs):
            t = time.perf_counter()
            pred.set_image(rgb)
            enc.append(1e3 * (time.perf_counter() - t))
        decode()
        dec = []
        for _ in range(a.dec_runs):
            t = time.perf_counter()
            decode()
            dec.append(1e3 * (time.perf_counter() - t))
    mean = lambda xs: sum(xs) / len(xs) if xs else None
    print(json.dumps({"runtime": f"PyTorch {torch.__version__} SamPredictor", "encoder_ms": mean(enc),
                      "decoder_ms": mean(dec), "enc_runs": len(enc), "dec_runs": len(dec)}))


if __name__ == "__main__":
    main()
