"""Writes MetaImage test cases and, for each, the same volume as NIfTI.

Usage: make_cases.py OUTDIR

Each case is an ITK MetaImage written here by hand from the format's
documentation (MetaIO), with a rotated LPS geometry, every scalar element
type, both byte orders, raw and zlib data, and every ElementDataFile form
(LOCAL, one file, LIST, pattern, HeaderSize). The same array goes to NIfTI
through nibabel with the RAS affine ITK's convention gives (diag(-1,-1,1)
times direction times spacing, and the origin likewise). cases.json lists
each case with what nibabel reports back for its NIfTI twin: the affine,
aff2axcodes, and the values in x-fastest order.
"""
import json
import os
import sys
import zlib

import nibabel as nib
import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(15)

TYPES = [
    ("MET_CHAR", np.int8), ("MET_UCHAR", np.uint8),
    ("MET_SHORT", np.int16), ("MET_USHORT", np.uint16),
    ("MET_INT", np.int32), ("MET_UINT", np.uint32),
    ("MET_LONG", np.int32), ("MET_ULONG", np.uint32),
    ("MET_FLOAT", np.float32), ("MET_DOUBLE", np.float64),
]


def rotation(ax, ay, az):
    cx, sx, cy, sy, cz, sz = np.cos(ax), np.sin(ax), np.cos(ay), np.sin(ay), np.cos(az), np.sin(az)
    rx = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    ry = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    rz = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    return rz @ ry @ rx


def values(dtype, shape):
    if np.issubdtype(dtype, np.floating):
        return (rng.standard_normal(shape) * 1000).astype(dtype)
    info = np.iinfo(dtype)
    # Keep 32-bit values within float32's exact range, as segtui stores float32.
    lo, hi = max(info.min, -(1 << 24)), min(info.max, 1 << 24)
    v = rng.integers(lo, hi, size=shape, endpoint=True, dtype=np.int64)
    v.flat[0], v.flat[-1] = lo, hi
    return v.astype(dtype)


def fmt(a):
    return " ".join(repr(float(x)) for x in np.ravel(a))


def write_case(name, arr, direction, spacing, origin, met, msb, layout, compressed):
    """arr is indexed [x, y, z]; direction columns are the axes (LPS)."""
    nd = arr.ndim
    order = ">" if msb else "<"
    raw_all = arr.astype(arr.dtype.newbyteorder(order)).tobytes(order="F")
    # MetaIO's TransformMatrix: NDims values per voxel axis, its direction.
    keys = [
        ("ObjectType", "Image"), ("NDims", str(nd)), ("BinaryData", "True"),
        ("BinaryDataByteOrderMSB", "True" if msb else "False"),
        ("CompressedData", "True" if compressed else "False"),
        ("TransformMatrix", fmt(direction.T)), ("Offset", fmt(origin)),
        ("CenterOfRotation", " ".join("0" for _ in range(nd))),
        ("AnatomicalOrientation", "RAI"[:nd]),
        ("ElementSpacing", fmt(spacing)), ("DimSize", " ".join(str(d) for d in arr.shape)),
        ("ElementType", met),
    ]
    pack = zlib.compress if compressed else (lambda b: b)
    ext = ".zraw" if compressed else ".raw"
    tail = b""
    if layout == "mha":
        data = pack(raw_all)
        if compressed:
            keys.append(("CompressedDataSize", str(len(data))))
        keys.append(("ElementDataFile", "LOCAL"))
        tail = data
        path = name + ".mha"
    elif layout in ("mhd", "headersize", "headersize-end"):
        lead = b""
        if layout == "headersize":
            lead = b"\x07" * 13
            keys.append(("HeaderSize", "13"))
        if layout == "headersize-end":
            lead = b"\x07" * 9
            keys.append(("HeaderSize", "-1"))
        with open(os.path.join(out, name + ext), "wb") as f:
            f.write(lead + pack(raw_all))
        keys.append(("ElementDataFile", name + ext))
        path = name + ".mhd"
    elif layout in ("list", "pattern"):
        files = []
        for z in range(arr.shape[-1]):
            fname = "%s_%03d%s" % (name, z + 1, ext)
            sl = arr[..., z].astype(arr.dtype.newbyteorder(order)).tobytes(order="F")
            with open(os.path.join(out, fname), "wb") as f:
                f.write(pack(sl))
            files.append(fname)
        if layout == "list":
            keys.append(("ElementDataFile", "LIST"))
            tail = ("\n".join(files) + "\n").encode()
        else:
            keys.append(("ElementDataFile", "%s_%%03d%s 1 %d 1" % (name, ext, arr.shape[-1])))
        path = name + ".mhd"
    with open(os.path.join(out, path), "wb") as f:
        f.write("".join("%s = %s\n" % kv for kv in keys).encode())
        f.write(tail)
    # The NIfTI twin: RAS affine from the LPS geometry.
    d3 = np.eye(3)
    d3[:nd, :nd] = direction
    sp = np.ones(3)
    sp[:nd] = spacing
    o3 = np.zeros(3)
    o3[:nd] = origin
    if nd == 2:
        n = np.cross(d3[:, 0], d3[:, 1])
        d3[:, 2] = n / np.linalg.norm(n)
    aff = np.eye(4)
    aff[:3, :3] = np.diag([-1, -1, 1]) @ d3 @ np.diag(sp)
    aff[:3, 3] = np.diag([-1, -1, 1]) @ o3
    nii = os.path.join(out, name + ".nii")
    nib.save(nib.Nifti1Image(arr, aff), nii)
    back = nib.load(nii)
    data = np.asanyarray(back.dataobj)
    return {
        "name": name, "path": path, "type": met, "msb": msb, "layout": layout, "compressed": compressed,
        "shape": list(back.shape), "affine": back.affine.tolist(),
        "axcodes": "".join(nib.aff2axcodes(back.affine)),
        "values": [float(v) for v in data.ravel(order="F")],
    }


cases = []
direction = rotation(0.2, -0.35, 0.6)
spacing = np.array([0.8, 1.25, 2.5])
origin = np.array([-100.5, 30.25, 12.0])
for met, dt in TYPES:
    arr = values(dt, (7, 5, 4))
    for msb in (False, True):
        for compressed in (False, True):
            tag = "%s_%s_%s" % (met.lower(), "msb" if msb else "lsb", "z" if compressed else "raw")
            cases.append(write_case(tag, arr, direction, spacing, origin, met, msb, "mha", compressed))
arr = values(np.int16, (6, 5, 3))
for layout in ("mhd", "list", "pattern", "headersize", "headersize-end"):
    for compressed in (False, True):
        if layout == "headersize-end" and compressed:
            continue
        tag = "layout_%s_%s" % (layout, "z" if compressed else "raw")
        cases.append(write_case(tag, arr, direction, spacing, origin, "MET_SHORT", True, layout, compressed))
# A 2-D image and a flipped, axis-permuted one (LPS code of the axes: P, S, L).
cases.append(write_case("twod", values(np.uint8, (9, 6)), np.array([[0.0, -1.0], [1.0, 0.0]]),
                        np.array([0.5, 0.7]), np.array([3.0, -4.0]), "MET_UCHAR", False, "mha", True))
perm = np.array([[0.0, 0.0, -1.0], [1.0, 0.0, 0.0], [0.0, -1.0, 0.0]])
cases.append(write_case("permuted", values(np.uint16, (4, 6, 5)), perm, np.array([1.0, 2.0, 3.0]),
                        np.array([10.0, 20.0, 30.0]), "MET_USHORT", False, "mha", False))
with open(os.path.join(out, "cases.json"), "w") as f:
    json.dump(cases, f)
