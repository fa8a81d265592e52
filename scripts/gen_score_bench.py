#!/usr/bin/python3
"""Writes the label-map pair that `make bench-score` scores: a 488x404x90
FLARE22-class ground truth (0.8 x 0.8 x 2.5 mm, uint8) and a prediction with
the kinds of errors models make.

  gen_score_bench.py OUTDIR     writes OUTDIR/gt.nii.gz and OUTDIR/pred.nii.gz,
                                and issue 11's many-id pair: many_gt.nii.gz and
                                many_pred.nii.gz (64x64x16, ids 0-300 scattered
                                voxel by voxel, a fifth relabelled)

There is no FLARE22 or TotalSegmentator volume beside the project, so the map
is built from the real label data in ../shared/realdata as far as it goes:
  * liver, spleen, aorta and inferior vena cava are real AMOS cross-sections
    (amos2d masks of case 0006 slice 90 and case 0004 slice 75, 512x512
    cropped to 488x404 at one pixel per voxel, in their real positions);
    through the 90 slices each is morphed between the two cases' sections
    (signed-distance interpolation: the liver from its wide dome section in
    0006 to its narrow tip in 0004, the vessels drift as they do) and scaled
    by an organ-length taper;
  * the other nine organs (kidneys, pancreas, adrenal glands, gallbladder,
    esophagus, stomach, duodenum) have no real mask here: they are ellipsoids
    and tubes with smoothly noise-perturbed boundaries, placed, sized and
    ordered (who overlaps whom) as in an adult abdomen at that spacing.
The prediction shifts, erodes or dilates each organ by a few voxels, cuts
the duodenum short and adds a stray gallbladder blob, seeded, so every class
has a surface to measure and scores between about 0.5 and 0.95.
Deterministic: the same files every run (numpy, scipy, nibabel, Pillow).
"""
import os
import sys

import nibabel as nib
import numpy as np
from PIL import Image
from scipy import ndimage

NX, NY, NZ = 488, 404, 90
SPACING = (0.8, 0.8, 2.5)
X0, Y0 = 12, 54  # where the grid's corner sits in the 512x512 AMOS slices
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
REAL = os.path.join(ROOT, "..", "shared", "realdata", "amos2d", "masks")


def amos(case, organ):
    """A real AMOS mask cropped onto the grid, indexed [i=x, j=y]."""
    m = np.array(Image.open(os.path.join(REAL, f"amos_{case}_{organ}_000.png"))) > 0
    return m[Y0:Y0 + NY, X0:X0 + NX].T


def sdf(m):
    """Signed distance in pixels, negative inside."""
    return ndimage.distance_transform_edt(~m) - ndimage.distance_transform_edt(m)


def morph_section(a, b, t, scale, centre, offset):
    """The section between masks a (t=0) and b (t=1), scaled about centre and
    moved by offset (pixels)."""
    d = (1 - t) * a + t * b
    ii, jj = np.meshgrid(np.arange(NX, dtype=np.float64), np.arange(NY, dtype=np.float64), indexing="ij")
    src_i = centre[0] + (ii - centre[0] - offset[0]) / scale
    src_j = centre[1] + (jj - centre[1] - offset[1]) / scale
    v = ndimage.map_coordinates(d, [src_i, src_j], order=1, mode="nearest")
    return v < 0


def taper(k, k0, k1, floor=0.35):
    """1 in the middle of [k0, k1], down to floor at its ends (an organ's
    sections shrink towards its poles)."""
    u = (2 * k - k0 - k1) / max(1, k1 - k0)
    return floor + (1 - floor) * np.sqrt(max(0.0, 1 - u * u))


def real_organ(lab, cls, case_a, case_b, organ, k0, k1, drift, morph=True, grow=1.0, floor=0.35):
    a, b = sdf(amos(case_a, organ)), sdf(amos(case_b, organ) if morph else amos(case_a, organ))
    centre = ndimage.center_of_mass(amos(case_a, organ))
    for k in range(k0, k1 + 1):
        t = (k1 - k) / max(1, k1 - k0)  # case_a at the top (k1), case_b at the bottom
        off = (drift[0] * (k - k1), drift[1] * (k - k1))
        lab[:, :, k][morph_section(a, b, t, grow * taper(k, k0, k1, floor), centre, off)] = cls


def noise_field(rng, shape, sigma):
    f = ndimage.gaussian_filter(rng.standard_normal(shape), sigma)
    return f / (np.abs(f).max() + 1e-12)


def blob(lab, cls, rng, centre, radii, k0, k1, rough=0.18, tilt=(0.0, 0.0)):
    """An ellipsoid over slices k0..k1 (radii in pixels in-plane), its
    boundary perturbed by a smooth random field, its centre moving by tilt
    pixels per slice."""
    rz = (k1 - k0) / 2
    kc = (k0 + k1) / 2
    pad = int(max(radii) * (1 + rough) + abs(tilt[0] + tilt[1]) * rz) + 3
    i0, i1 = max(0, int(centre[0]) - pad), min(NX, int(centre[0]) + pad)
    j0, j1 = max(0, int(centre[1]) - pad), min(NY, int(centre[1]) + pad)
    ii, jj, kk = np.meshgrid(np.arange(i0, i1), np.arange(j0, j1), np.arange(k0, k1 + 1), indexing="ij")
    ci = centre[0] + tilt[0] * (kk - kc)
    cj = centre[1] + tilt[1] * (kk - kc)
    r = ((ii - ci) / radii[0]) ** 2 + ((jj - cj) / radii[1]) ** 2 + ((kk - kc) / max(rz, 0.5)) ** 2
    r += rough * noise_field(rng, r.shape, (6, 6, 2))
    sub = lab[i0:i1, j0:j1, k0:k1 + 1]
    sub[r <= 1] = cls


def tube(lab, cls, rng, path, radius, rough=0.15):
    """A tube through the points path [(i, j, k)...] (linear between them)
    with a perturbed circular section of radius pixels."""
    pts = []
    for (a, b) in zip(path, path[1:]):
        n = int(max(abs(b[2] - a[2]), np.hypot(b[0] - a[0], b[1] - a[1]) / 2)) + 1
        for s in np.linspace(0, 1, n, endpoint=False):
            pts.append([a[q] + s * (b[q] - a[q]) for q in range(3)])
    pts.append(list(path[-1]))
    pts = np.array(pts)
    m = np.zeros(lab.shape, bool)
    r = int(radius * (1 + rough)) + 2
    for p in pts:
        k = int(round(p[2]))
        if not 0 <= k < NZ:
            continue
        i0, i1 = max(0, int(p[0]) - r), min(NX, int(p[0]) + r + 1)
        j0, j1 = max(0, int(p[1]) - r), min(NY, int(p[1]) + r + 1)
        ii, jj = np.meshgrid(np.arange(i0, i1), np.arange(j0, j1), indexing="ij")
        m[i0:i1, j0:j1, k] |= (ii - p[0]) ** 2 + (jj - p[1]) ** 2 <= radius ** 2
    # Roughen the wall: grow or shrink it by a smooth field.
    box = ndimage.find_objects(m.astype(np.uint8))[0]
    box = tuple(slice(max(0, s.start - r), s.stop + r) for s in box)
    d = sdf3(m[box])
    d += rough * radius * noise_field(rng, d.shape, (5, 5, 2))
    lab[box][d < 0] = cls


def sdf3(m):
    return ndimage.distance_transform_edt(~m) - ndimage.distance_transform_edt(m)


def px(x, y):
    """AMOS image coordinates to grid (i, j)."""
    return (x - X0, y - Y0)


def ground_truth(rng):
    lab = np.zeros((NX, NY, NZ), np.uint8)
    # Vessels run the whole scan; the real sections of 0006 (top) and 0004
    # (bottom) are interpolated between.
    real_organ(lab, 5, "0006_90", "0004_75", "aorta", 0, NZ - 1, (0.02, -0.03))
    real_organ(lab, 6, "0006_90", "0004_75", "inferior_vena_cava", 4, 82, (0.03, 0.02))
    blob(lab, 2, rng, px(190, 305), (30, 38), 18, 62, tilt=(0.1, 0.05))       # right kidney
    blob(lab, 13, rng, px(345, 300), (30, 38), 24, 68, tilt=(-0.1, 0.05))     # left kidney
    tube(lab, 4, rng, [(*px(228, 250), 40), (*px(290, 238), 46), (*px(370, 228), 56)], 11)  # pancreas
    tube(lab, 12, rng, [(*px(250, 215), 52), (*px(205, 235), 46), (*px(210, 275), 38), (*px(260, 285), 36), (*px(300, 265), 40)], 9)  # duodenum
    real_organ(lab, 3, "0006_90", "0006_90", "spleen", 48, 86, (0.05, 0.08), morph=False, grow=1.7)
    blob(lab, 11, rng, px(330, 175), (52, 42), 50, 86, rough=0.22, tilt=(0.3, -0.2))  # stomach
    # Liver: its real dome section (0006) at the top, its tip (0004) at the bottom.
    real_organ(lab, 1, "0006_90", "0004_75", "liver", 26, NZ - 1, (0.15, 0.1), floor=0.5)
    # The adrenal glands sit against the liver and the crura: painted after it.
    blob(lab, 7, rng, px(232, 270), (6, 15), 58, 70, rough=0.3)               # right adrenal
    blob(lab, 8, rng, px(322, 266), (6, 14), 56, 69, rough=0.3)               # left adrenal
    blob(lab, 9, rng, px(200, 215), (17, 26), 38, 56, rough=0.15)             # gallbladder
    tube(lab, 10, rng, [(*px(292, 212), 68), (*px(296, 205), NZ + 2)], 8)      # esophagus
    return lab


def prediction(gt, rng):
    pred = np.zeros_like(gt)
    # (shift i, j, k in voxels, erode (<0) or dilate (>0) by voxels) per class.
    errors = {1: ((2, -1, 0), 1), 2: ((1, 2, 1), 0), 3: ((-2, 1, 0), -1), 4: ((3, -2, 1), -1),
              5: ((1, 0, 0), 0), 6: ((-1, 1, 0), 1), 7: ((2, 2, 1), 0), 8: ((-2, 1, -1), 1),
              9: ((0, 3, 1), 0), 10: ((1, -1, 0), 0), 11: ((-3, 2, 1), 2), 12: ((2, 1, 0), -1),
              13: ((-1, -2, -1), 0)}
    st = ndimage.generate_binary_structure(3, 1)
    for cls in (5, 6, 2, 13, 4, 12, 3, 11, 1, 7, 8, 9, 10):
        (di, dj, dk), grow = errors[cls]
        m = np.roll(gt == cls, (di, dj, dk), axis=(0, 1, 2))
        if grow > 0:
            m = ndimage.binary_dilation(m, st, iterations=grow)
        elif grow < 0:
            m = ndimage.binary_erosion(m, st, iterations=-grow)
        if cls == 12:  # the model loses the duodenum's lower half
            ks = np.nonzero(m.any(axis=(0, 1)))[0]
            m[:, :, : (ks.min() + ks.max()) // 2] = False
        pred[m] = cls
    blob(pred, 9, rng, px(380, 300), (8, 10), 20, 26)  # a stray gallbladder blob
    return pred


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen_score_bench.py OUTDIR")
    if not os.path.isdir(REAL):
        sys.exit(f"gen_score_bench: {REAL} is absent: the benchmark map is built from its real AMOS masks")
    rng = np.random.default_rng(18)
    gt = ground_truth(rng)
    pred = prediction(gt, rng)
    aff = np.diag([SPACING[0], SPACING[1], SPACING[2], 1.0])
    os.makedirs(sys.argv[1], exist_ok=True)
    for name, a in (("gt", gt), ("pred", pred)):
        img = nib.Nifti1Image(a, aff)
        img.header.set_data_dtype(np.uint8)
        img.header.set_zooms(SPACING)
        nib.save(img, os.path.join(sys.argv[1], name + ".nii.gz"))
    many = rng.integers(0, 301, (64, 64, 16)).astype(np.uint16)
    wrong = rng.random(many.shape) < 0.2
    many_pred = many.copy()
    many_pred[wrong] = rng.integers(0, 301, int(wrong.sum()))
    for name, a in (("many_gt", many), ("many_pred", many_pred)):
        img = nib.Nifti1Image(a, np.eye(4))
        img.header.set_data_dtype(np.uint16)
        nib.save(img, os.path.join(sys.argv[1], name + ".nii.gz"))
    counts = {c: int((gt == c).sum()) for c in range(1, 14)}
    print("gen_score_bench: %dx%dx%d, voxels per class %s" % (NX, NY, NZ, counts))


if __name__ == "__main__":
    main()
