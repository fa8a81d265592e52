#!/usr/bin/python3
"""FLARE22's evaluation, the way the official numpy/scipy script computes it,
for one ground-truth/prediction pair: the peer `make bench-score` times
`segtui score` against, and the values it must match.

  flare22_eval.py GT.nii.gz PRED.nii.gz     prints JSON: per class id, dice and nsd
  flare22_eval.py --tolerance MM GT PRED    every id present in either map, one
                                            tolerance, no z-range rule (as
                                            `segtui score --tolerance MM`)

The official code is not beside the project; this follows its published
method (../shared/notes/models.md, "Computing NSD the way the official
FLARE22 script does"), step for step as the official script and the
surface-distance library it calls do it:
  * both maps loaded with nibabel as uint8 arrays (np.uint8(get_fdata())),
    spacing from the ground truth's header;
  * classes 1..13; empty GT and empty prediction score 1 and 1, empty GT
    with a prediction 0 and 0;
  * aorta (5), IVC (6) and esophagus (10): both arrays sliced to the GT's
    z-range as [:, :, z_lower:z_upper] (the top slice left out);
  * Dice on those arrays;
  * surface distances: crop both masks to the bounding box of their union,
    zero-pad one corner layer, correlate with the 2x2x2 kernel of powers of
    two (scipy.ndimage.correlate) to get each corner's neighbourhood code,
    border corners are codes other than 0 and 255; each code's surfel area
    is the sum of its marching-cubes triangles' area vectors scaled by the
    spacing cofactors (np.linalg.norm); distances are
    scipy.ndimage.distance_transform_edt of the other border's complement
    with sampling=spacing; the surfels are sorted by distance;
  * NSD = (GT surfel area within tolerance + predicted surfel area within
    tolerance) / (all GT area + all predicted area), with the official
    per-organ tolerances.
The marching-cubes area vectors come from scikit-image (Lorensen, level
0.5; codes with more than four set corners as their complement), the same
derivation as scripts/gen_surfel_normals.py, not from segtui's Go table.
Debian: python3-numpy python3-scipy python3-nibabel python3-skimage.
"""
import itertools
import json
import sys

import nibabel as nib
import numpy as np
from scipy import ndimage
from skimage import measure

TOLERANCES = {1: 5, 2: 3, 3: 3, 4: 5, 5: 2, 6: 2, 7: 2, 8: 2, 9: 2, 10: 3, 11: 5, 12: 7, 13: 3}
Z_RANGE = (5, 6, 10)


def area_vectors(code):
    if code in (0, 255):
        return np.zeros((0, 3))
    rep = code if bin(code).count("1") <= 4 else 255 - code
    a = np.zeros((2, 2, 2))
    for d in itertools.product((0, 1), repeat=3):
        if rep >> (7 - (4 * d[0] + 2 * d[1] + d[2])) & 1:
            a[d] = 1
    v, f, _, _ = measure.marching_cubes(a, 0.5, method="lorensen")
    v = np.round(v.astype(np.float64) * 2) / 2
    t = v[f]
    return 0.5 * np.cross(t[:, 1] - t[:, 0], t[:, 2] - t[:, 0])


NORMALS = [area_vectors(c) for c in range(256)]


def surfel_areas(spacing):
    table = np.zeros(256)
    for code in range(256):
        s = 0.0
        for n in NORMALS[code]:
            v = np.array([n[0] * spacing[1] * spacing[2], n[1] * spacing[0] * spacing[2], n[2] * spacing[0] * spacing[1]])
            s += np.linalg.norm(v)
        table[code] = s
    return table


def compute_surface_distances(mask_gt, mask_pred, spacing):
    areas = surfel_areas(spacing)
    mask_all = mask_gt | mask_pred
    lo, hi = [], []
    # Max projections onto each axis, as the library takes them.
    for proj in (np.max(np.max(mask_all, axis=2), axis=1), np.max(np.max(mask_all, axis=2), axis=0),
                 np.max(np.max(mask_all, axis=1), axis=0)):
        nz = np.nonzero(proj)[0]
        if len(nz) == 0:
            return None
        lo.append(nz.min())
        hi.append(nz.max())
    lo, hi = np.array(lo), np.array(hi)
    crop_gt = np.zeros(hi - lo + 2, np.uint8)
    crop_pred = np.zeros(hi - lo + 2, np.uint8)
    box = tuple(slice(lo[a], hi[a] + 1) for a in range(3))
    crop_gt[0:-1, 0:-1, 0:-1] = mask_gt[box]
    crop_pred[0:-1, 0:-1, 0:-1] = mask_pred[box]
    kernel = np.array([[[128, 64], [32, 16]], [[8, 4], [2, 1]]])
    code_gt = ndimage.correlate(crop_gt, kernel, mode="constant", cval=0)
    code_pred = ndimage.correlate(crop_pred, kernel, mode="constant", cval=0)
    border_gt = (code_gt != 0) & (code_gt != 255)
    border_pred = (code_pred != 0) & (code_pred != 255)
    dist_gt = ndimage.distance_transform_edt(~border_gt, sampling=spacing) if border_gt.any() else np.inf * np.ones(border_gt.shape)
    dist_pred = ndimage.distance_transform_edt(~border_pred, sampling=spacing) if border_pred.any() else np.inf * np.ones(border_pred.shape)
    d_gt_pred = dist_pred[border_gt]
    d_pred_gt = dist_gt[border_pred]
    a_gt = areas[code_gt][border_gt]
    a_pred = areas[code_pred][border_pred]
    o = np.argsort(d_gt_pred)
    d_gt_pred, a_gt = d_gt_pred[o], a_gt[o]
    o = np.argsort(d_pred_gt)
    d_pred_gt, a_pred = d_pred_gt[o], a_pred[o]
    return d_gt_pred, d_pred_gt, a_gt, a_pred


def surface_dice(sd, tol):
    d_gt_pred, d_pred_gt, a_gt, a_pred = sd
    inside = np.sum(a_gt[d_gt_pred <= tol]) + np.sum(a_pred[d_pred_gt <= tol])
    return float(inside / (np.sum(a_gt) + np.sum(a_pred)))


def dice(gt, pred):
    s = gt.sum() + pred.sum()
    if s == 0:
        return float("nan")
    return float(2 * (gt & pred).sum() / s)


def main():
    args = sys.argv[1:]
    uniform = None
    if len(args) == 4 and args[0] == "--tolerance":
        uniform = float(args[1])
        args = args[2:]
    if len(args) != 2:
        sys.exit("usage: flare22_eval.py [--tolerance MM] GT.nii.gz PRED.nii.gz")
    gt_nii = nib.load(args[0])
    spacing = tuple(float(z) for z in gt_nii.header.get_zooms()[:3])
    if uniform is None:
        gt_data = np.uint8(gt_nii.get_fdata())
        seg_data = np.uint8(nib.load(args[1]).get_fdata())
        ids = range(1, 14)
    else:  # ids beyond 255: keep the stored integers
        gt_data = np.asanyarray(gt_nii.dataobj)
        seg_data = np.asanyarray(nib.load(args[1]).dataobj)
        ids = [int(v) for v in np.union1d(np.unique(gt_data), np.unique(seg_data)) if v != 0]
    out = []
    for i in ids:
        tol = TOLERANCES[i] if uniform is None else uniform
        if np.sum(gt_data == i) == 0 and np.sum(seg_data == i) == 0:
            d, n = 1.0, 1.0
        elif np.sum(gt_data == i) == 0:
            d, n = 0.0, 0.0
        else:
            if uniform is None and i in Z_RANGE:
                z = np.where(gt_data == i)[2]
                g = gt_data[:, :, z.min():z.max()] == i
                p = seg_data[:, :, z.min():z.max()] == i
            else:
                g, p = gt_data == i, seg_data == i
            d = dice(g, p)
            sd = compute_surface_distances(g, p, spacing)
            n = surface_dice(sd, tol) if sd is not None else float("nan")
        out.append({"id": i, "dice": d, "nsd": n})
    json.dump({"spacing_mm": spacing, "classes": out}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
