#!/usr/bin/python3
"""Independent reference values for engine/metrics NSD tests.

Re-implements the surface-distance method (Nikolov et al. 2018, "Deep
learning to achieve clinically applicable segmentation of head and neck
anatomy for radiotherapy", the method the official FLARE22 script uses) from
its description with numpy/scipy/scikit-image, not from our Go code:
  * surfels: correlate each mask (zero padded) with a 2x2x2 (2x2) kernel of
    powers of two; corners whose code is neither 0 nor all-ones are surface;
  * each surfel's area: the marching-cubes triangles of its code (scikit-image
    Lorensen, level 0.5; codes with more than four set corners as their
    complement) with each triangle's area vector scaled by the spacing
    cofactors; in 2-D the marching-squares contour length;
  * distances: scipy.ndimage.distance_transform_edt(~surface, sampling=spacing);
  * NSD = (GT area within tol of pred surface + pred area within tol of GT
    surface) / (GT area + pred area); Dice on the same (cropped) masks;
  * FLARE22 z-range rule: arrays sliced [:, :, z_lower:z_upper] (exclusive)
    or [:, :, z_lower:z_upper+1] (inclusive).
Shapes are defined by the same formulas as engine/metrics/nsd_test.go.
Run once: /usr/bin/python3 scripts/nsd_reference.py  (Debian: python3-numpy,
python3-scipy, python3-skimage, python3-nibabel), paste the output into the test.
"""
import gzip
import itertools
import math
import os

import nibabel as nib
import numpy as np
from scipy import ndimage
from skimage import measure

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
REAL = os.path.join(ROOT, "..", "shared", "realdata")


def cube_area(code, s):
    if code in (0, 255):
        return 0.0
    rep = code if bin(code).count("1") <= 4 else 255 - code
    a = np.zeros((2, 2, 2))
    for d in itertools.product((0, 1), repeat=3):
        if rep >> (7 - (4 * d[0] + 2 * d[1] + d[2])) & 1:
            a[d] = 1
    v, f, _, _ = measure.marching_cubes(a, 0.5, method="lorensen")
    v = np.round(v.astype(np.float64) * 2) / 2 * np.asarray(s, np.float64)
    t = v[f]
    return float((0.5 * np.linalg.norm(np.cross(t[:, 1] - t[:, 0], t[:, 2] - t[:, 0]), axis=1)).sum())


def square_length(code, s):
    # Marching squares through edge midpoints; kernel [[8,4],[2,1]].
    if code in (0, 15):
        return 0.0
    px = [(a, b) for a in (0, 1) for b in (0, 1) if code >> (3 - (2 * a + b)) & 1]
    diag = 0.5 * math.hypot(s[0], s[1])
    if len(px) in (1, 3):
        return diag
    (a0, b0), (a1, b1) = px
    if b0 == b1:
        return s[0]
    if a0 == a1:
        return s[1]
    return 2 * diag


def surfels(mask, s):
    nd = mask.ndim
    m = np.pad(mask.astype(np.uint8), [(0, 1)] * nd)
    if nd == 3:
        kernel = np.array([[[128, 64], [32, 16]], [[8, 4], [2, 1]]])
        table = np.array([cube_area(c, s) for c in range(256)])
        full = 255
    else:
        kernel = np.array([[8, 4], [2, 1]])
        table = np.array([square_length(c, s) for c in range(16)])
        full = 15
    code = ndimage.correlate(m, kernel, mode="constant", cval=0)
    border = (code != 0) & (code != full)
    return border, table[code]


def nsd_dice(gt, pred, s, tol):
    gt, pred = gt.astype(bool), pred.astype(bool)
    vs = gt.sum() + pred.sum()
    dice = 2 * (gt & pred).sum() / vs if vs else float("nan")
    bg, ag = surfels(gt, s)
    bp, ap = surfels(pred, s)
    dg = ndimage.distance_transform_edt(~bg, sampling=s) if bg.any() else np.full(bg.shape, np.inf)
    dp = ndimage.distance_transform_edt(~bp, sampling=s) if bp.any() else np.full(bp.shape, np.inf)
    num = ag[bg][dp[bg] <= tol].sum() + ap[bp][dg[bp] <= tol].sum()
    den = ag[bg].sum() + ap[bp].sum()
    return float(num / den), float(dice)


def zrange(gt, pred, inclusive):
    k = np.where(gt)[2]
    lo, hi = k.min(), k.max() + (1 if inclusive else 0)
    return gt[:, :, lo:hi], pred[:, :, lo:hi]


def ellipsoid(dim, s, c, r):
    i, j, k = np.meshgrid(*[np.arange(d, dtype=np.float64) for d in dim], indexing="ij")
    return (((i - c[0]) * s[0] / r[0]) ** 2 + ((j - c[1]) * s[1] / r[1]) ** 2 + ((k - c[2]) * s[2] / r[2]) ** 2) <= 1


def ellipse(dim, s, c, r):
    x, y = np.meshgrid(*[np.arange(d, dtype=np.float64) for d in dim], indexing="ij")
    return (((x - c[0]) * s[0] / r[0]) ** 2 + ((y - c[1]) * s[1] / r[1]) ** 2) <= 1


def shift(a, d):
    out = np.zeros_like(a)
    src = tuple(slice(max(0, -x), a.shape[n] - max(0, x)) for n, x in enumerate(d))
    dst = tuple(slice(max(0, x), a.shape[n] - max(0, -x)) for n, x in enumerate(d))
    out[dst] = a[src]
    return out


def nrrd_labels(path):
    raw = open(path, "rb").read()
    head, data = raw.split(b"\n\n", 1)
    sizes = [int(v) for l in head.decode().splitlines() if l.startswith("sizes:") for v in l.split(":")[1].split()]
    arr = np.frombuffer(gzip.decompress(data), "<i2").reshape(sizes[::-1]).transpose()
    return arr


def nrrd_ras_affine(path):
    # LPS header vectors to RAS: negate the first two world coordinates.
    head = open(path, "rb").read().split(b"\n\n", 1)[0].decode()
    f = dict(l.split(": ", 1) for l in head.splitlines()[1:] if ": " in l and not l.startswith("#"))
    dirs = [[float(x) for x in v.strip("()").split(",")] for v in f["space directions"].split()]
    origin = [float(x) for x in f["space origin"].strip("()").split(",")]
    flip = np.diag([-1.0, -1.0, 1.0]) if f["space"] == "left-posterior-superior" else np.eye(3)
    a = np.eye(4)
    a[:3, :3] = flip @ np.array(dirs).T
    a[:3, 3] = flip @ np.array(origin)
    return a


def bg_dice(a, b):
    a, b = a == 0, b == 0
    return 2 * (a & b).sum() / (a.sum() + b.sum())


def show(name, nsd, dice):
    print(f"{name}: NSD {nsd:.15g} Dice {dice:.15g}")


def main():
    # 3-D synthetic.
    s = (3.0, 2.0, 1.0)
    gt = np.zeros((20, 20, 20), bool); gt[10, 10, 8] = True
    pr = np.zeros((20, 20, 20), bool); pr[10, 10, 10] = True
    show("voxels tol1", *nsd_dice(gt, pr, s, 1.0))

    dim, s = (40, 36, 30), (0.75, 0.9, 2.5)
    a = ellipsoid(dim, s, (19.3, 17.6, 14.2), (9, 9, 9))
    show("sphere shift2 tol1.5", *nsd_dice(a, shift(a, (2, 0, 0)), s, 1.5))
    show("sphere shift2 tol1", *nsd_dice(a, shift(a, (2, 0, 0)), s, 1.0))
    b = ellipsoid(dim, s, (21.1, 16.4, 13.7), (10, 8, 12))
    show("sphere vs ellipsoid tol2", *nsd_dice(a, b, s, 2.0))

    dim, s = (30, 30, 30), (0.8, 0.8, 1.5)
    g = ellipsoid(dim, s, (14.6, 15.2, 14.3), (6, 5, 9))
    p = ellipsoid(dim, s, (15.1, 14.4, 15.9), (5.5, 6, 12))
    show("zrange exclusive tol1", *nsd_dice(*zrange(g, p, False), s, 1.0))
    show("zrange inclusive tol1", *nsd_dice(*zrange(g, p, True), s, 1.0))
    show("zrange none tol1", *nsd_dice(g, p, s, 1.0))

    # 2-D synthetic.
    dim, s = (64, 48), (0.7, 1.1)
    show("disc tol2", *nsd_dice(ellipse(dim, s, (30.2, 22.7), (9, 9)), ellipse(dim, s, (33.2, 24.7), (9, 9)), s, 2.0))
    show("disc vs ellipse tol1", *nsd_dice(ellipse(dim, s, (30.2, 22.7), (9, 9)), ellipse(dim, s, (31.4, 21.9), (11, 7)), s, 1.0))

    # Real label maps.
    if not os.path.isdir(REAL):
        print("no realdata")
        return
    liver = nrrd_labels(os.path.join(REAL, "dcmqi-ct3", "liver_seg.nrrd"))
    both = nrrd_labels(os.path.join(REAL, "dcmqi-ct3", "liver_spine_seg.nrrd"))
    s = (0.810547, 0.810547, 1.0)
    for cls, tol in ((1, 5.0), (1, 1.0)):
        show(f"dcmqi liver vs liver_spine class {cls} tol{tol}", *nsd_dice(liver == cls, both == cls, s, tol))
    show("dcmqi liver vs liver shifted (3,-2,0) tol2", *nsd_dice(liver == 1, shift(liver == 1, (3, -2, 0)), s, 2.0))
    # segtui score liver_seg.nrrd liver_spine_seg.nrrd (FLARE22 tolerances:
    # class 1 5 mm, class 2 3 mm; class 2 is empty in the GT).
    print(f"dcmqi score background Dice {bg_dice(liver, both):.15g}")
    show("dcmqi score class 1 tol5", *nsd_dice(liver == 1, both == 1, s, 5.0))
    show("dcmqi score class 2 tol3", *nsd_dice(liver == 2, both == 2, s, 3.0))
    heart = nrrd_labels(os.path.join(REAL, "dcmqi-ct3", "heart_seg.nrrd"))
    print(f"dcmqi heart vs liver_spine background Dice {bg_dice(heart, both):.15g}")
    print("dcmqi liver_seg RAS affine", nrrd_ras_affine(os.path.join(REAL, "dcmqi-ct3", "liver_seg.nrrd")).tolist())

    img = nib.load(os.path.join(REAL, "monai-bigendian", "anatomical_label.nii.gz"))
    lab = np.asarray(img.dataobj).astype(np.uint16) == 1
    s = tuple(float(z) for z in img.header.get_zooms()[:3])
    # The label sits on one slice (k = 12), so the z-range rule with the
    # official exclusive bound leaves nothing (NaN) and the inclusive one keeps it.
    sh = shift(lab, (1, 2, 0))
    show("monai label vs shifted (1,2,0) tol1.5", *nsd_dice(lab, sh, s, 1.5))
    show("monai label vs shifted (1,2,0) tol3", *nsd_dice(lab, sh, s, 3.0))
    show("monai label vs shifted (1,2,0) tol5", *nsd_dice(lab, sh, s, 5.0))
    show("monai label vs shifted (1,2,0) zrange inclusive tol2", *nsd_dice(*zrange(lab, sh, True), s, 2.0))
    bg = 2 * ((lab == 0) & (sh == 0)).sum() / ((lab == 0).sum() + (sh == 0).sum())
    print(f"monai background Dice {bg:.15g}")
    g, p = zrange(lab, sh, False)
    print("monai zrange exclusive: gt voxels", int(g.sum()), "pred voxels", int(p.sum()))

    npz = np.load(os.path.join(REAL, "medsam-npz", "CT_Lesion_000002_03_01_035-047.npz"))
    gts = npz["gts"].transpose(2, 1, 0) == 1  # (z,y,x) -> (x,y,z)
    s = tuple(float(v) for v in npz["spacing"])
    show("medsam gts vs shifted (3,0,0) tol2", *nsd_dice(gts, shift(gts, (3, 0, 0)), s, 2.0))
    show("medsam gts vs shifted (0,2,1) tol5", *nsd_dice(gts, shift(gts, (0, 2, 1)), s, 5.0))


if __name__ == "__main__":
    main()
