"""Helper for bench-nifti.sh.

  bench_nifti.py make PATH      writes a 512x512x100 int16 CT-like .nii.gz
  bench_nifti.py time PATH N    times nibabel loading PATH, best of N runs,
                                printing "<how> <wall ms> <cpu ms>" lines
"""
import sys
import time

import nibabel as nib
import numpy as np


def make(path):
    rng = np.random.default_rng(1)
    nx, ny, nz = 512, 512, 100
    i, j = np.meshgrid(np.arange(nx), np.arange(ny), indexing="ij")
    x, y = (i - nx / 2) / (0.42 * nx), (j - ny / 2) / (0.3 * ny)
    r = np.hypot(x, y)
    hu = np.full((nx, ny), -1000.0)
    noise = np.full((nx, ny), 4.0)
    body = r < 1
    hu[body], noise[body] = 40, 15  # soft tissue
    ribs = body & (r > 0.7) & (r < 0.8)
    hu[ribs], noise[ribs] = 700, 60
    lungs = body & (np.hypot(np.abs(x) - 0.45, y) < 0.3)
    hu[lungs], noise[lungs] = -850, 30
    vol = np.empty((nx, ny, nz), dtype=np.int16)
    for k in range(nz):
        vol[:, :, k] = np.round(hu + noise * rng.standard_normal((nx, ny)))
    aff = np.array([[-0.8, 0, 0, 200], [0, -0.8, 0, 200], [0, 0, 2.5, -250], [0, 0, 0, 1]])
    img = nib.Nifti1Image(vol, aff)
    img.header.set_data_dtype(np.int16)
    nib.save(img, path)


def best(fn, n):
    """Best wall and best CPU time (user + system of this process) of n runs."""
    wall, cpu = [], []
    for _ in range(n):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return "%.1f %.1f" % (min(wall) * 1000, min(cpu) * 1000)


def timeit(path, n):
    # get_fdata: float64 physical values, what a viewer needs (scaling applied).
    print("get_fdata %s" % best(lambda: nib.load(path).get_fdata(), n))
    # dataobj: the stored int16 array, no scaling or float conversion.
    print("dataobj %s" % best(lambda: np.asanyarray(nib.load(path).dataobj), n))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        timeit(sys.argv[2], int(sys.argv[3]))
