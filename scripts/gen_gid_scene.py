#!/usr/bin/python3
"""Writes a GID-like remote-sensing scene for benchmarks and manual checks.

A textured land-cover map in GID's five classes (farmland, forest, meadow,
water, built-up) with small buildings and thin roads, as an uncompressed
8-bit TIFF (RGB, or RGB+NIR with --nir) and a GID palette mask (PNG). Nothing
is committed: make bench and the reproduction of issue 16 run this.

    /usr/bin/python3 scripts/gen_gid_scene.py OUTDIR [--width 7200] [--height 6800] [--nir] [--seed 1]

Writes OUTDIR/scene.tif and OUTDIR/scene_mask.png (and scene_nir.tif with --nir).
Needs python3-numpy, python3-tifffile, python3-pil.
"""
import argparse
import os

import numpy as np
import tifffile
from PIL import Image

PALETTE = {  # GID's colour per class id
    0: (0, 0, 0), 1: (255, 0, 0), 2: (0, 255, 0), 3: (0, 255, 255), 4: (255, 255, 0), 5: (0, 0, 255),
}
BASE = {  # mean RGB of each land cover in the image
    1: (150, 120, 115), 2: (120, 150, 80), 3: (40, 85, 45), 4: (150, 160, 90), 5: (35, 60, 90),
}


def scene(w, h, rng):
    labels = np.zeros((h, w), np.uint8)
    # Large patches of farmland, forest, meadow and water on a coarse grid.
    cell = 600
    coarse = rng.integers(2, 6, size=((h + cell - 1) // cell, (w + cell - 1) // cell))
    labels[:] = np.kron(coarse, np.ones((cell, cell), np.uint8))[:h, :w]
    # Small buildings (10-30 px) in clusters, and thin roads (3-5 px).
    for _ in range(max(1, w * h // 40000)):
        bw, bh = rng.integers(10, 31, size=2)
        x, y = rng.integers(0, w - bw), rng.integers(0, h - bh)
        labels[y:y + bh, x:x + bw] = 1
    for _ in range(max(1, (w + h) // 900)):
        t = int(rng.integers(3, 6))
        if rng.random() < 0.5:
            y = int(rng.integers(0, h - t))
            labels[y:y + t, :] = 1
        else:
            x = int(rng.integers(0, w - t))
            labels[:, x:x + t] = 1
    return labels


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--width", type=int, default=7200)
    ap.add_argument("--height", type=int, default=6800)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--nir", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rng = np.random.default_rng(a.seed)
    labels = scene(a.width, a.height, rng)
    base = np.zeros((256, 3), np.float32)
    for k, v in BASE.items():
        base[k] = v
    img = base[labels]
    img += rng.normal(0, 12, size=img.shape).astype(np.float32)  # texture
    rgb = np.clip(img, 0, 255).astype(np.uint8)
    tifffile.imwrite(os.path.join(a.out, "scene.tif"), rgb, photometric="rgb", rowsperstrip=1)
    pal = np.zeros((256, 3), np.uint8)
    for k, v in PALETTE.items():
        pal[k] = v
    Image.fromarray(pal[labels]).save(os.path.join(a.out, "scene_mask.png"))
    if a.nir:
        nir = np.where(np.isin(labels, (2, 3, 4)), 200, 60).astype(np.uint8)
        rgbn = np.concatenate([rgb, nir[..., None]], axis=2)
        tifffile.imwrite(os.path.join(a.out, "scene_nir.tif"), rgbn, photometric="rgb",
                         extrasamples=[0], rowsperstrip=1)


if __name__ == "__main__":
    main()
