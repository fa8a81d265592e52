"""Cross-checks segtui's NIfTI code against nibabel (used by nifti_nibabel_test.go).

  nibabel_check.py describe FILE...  -> JSON per file: what nibabel reads
  nibabel_check.py make DIR          -> writes files with nibabel, JSON of what they hold
"""
import json
import sys

import nibabel as nib
import numpy as np


def describe(path):
    img = nib.load(path)
    hdr = img.header
    data = img.get_fdata(dtype=np.float64)
    return {
        "version": 2 if isinstance(img, nib.Nifti2Image) else 1,
        "endian": hdr.endianness,
        "dtype": str(hdr.get_data_dtype().newbyteorder("=")),
        "shape": list(img.shape),
        "affine": img.affine.tolist(),
        "qform": hdr.get_qform().tolist(),
        "qform_code": int(hdr["qform_code"]),
        "sform_code": int(hdr["sform_code"]),
        "sum": float(data.sum()),
        "weighted": float((data.ravel(order="F") * (np.arange(data.size) % 97)).sum()),
        "orientation": "".join(nib.aff2axcodes(img.affine)),
    }


def make(outdir):
    rng = np.random.default_rng(7)
    out = {}

    # NIfTI-2, big-endian float32, qform only with qfac -1 (pixdim[0] = -1).
    data = rng.normal(0, 100, (7, 5, 4)).astype(">f4")
    aff = np.array([[0, 0, -2.5, 40], [1.25, 0, 0, -30], [0, -0.75, 0, 12], [0, 0, 0, 1]])
    img = nib.Nifti2Image(data, None, header=nib.Nifti2Header(endianness=">"))
    img.header.set_data_dtype(">f4")
    img.set_qform(aff, code=1)
    img.set_sform(None, code=0)
    p = outdir + "/n2_be_qform.nii"
    img.to_filename(p)
    out[p] = describe(p)

    # NIfTI-1 int16 with scl_slope/scl_inter, sform (code 4) differing from qform.
    raw = rng.integers(-2000, 2000, (6, 6, 3)).astype("<i2")
    img = nib.Nifti1Image(raw, None)
    img.header.set_data_dtype("<i2")
    img.set_qform(np.diag([1.0, 1.0, 1.0, 1.0]), code=1)
    img.set_sform(np.array([[0.5, 0.1, 0, 1], [0, 0.5, 0, 2], [0, 0, 3, 3], [0, 0, 0, 1]]), code=4)
    img.header.set_slope_inter(2.0, -1024.0)
    p = outdir + "/n1_scaled.nii.gz"
    nib.save(img, p)
    out[p] = describe(p)

    # Big-endian uint16 labels, gzip.
    lab = rng.integers(0, 300, (5, 4, 3)).astype(">u2")
    img = nib.Nifti1Image(lab, np.diag([-1.5, -1.5, 2.0, 1.0]), header=nib.Nifti1Header(endianness=">"))
    img.header.set_data_dtype(">u2")
    p = outdir + "/labels_be.nii.gz"
    nib.save(img, p)
    out[p] = describe(p)
    return out


if __name__ == "__main__":
    if sys.argv[1] == "describe":
        print(json.dumps({p: describe(p) for p in sys.argv[2:]}))
    else:
        print(json.dumps(make(sys.argv[2])))
