# Regenerates these fixtures with numpy (the reference writer):
#   cd datasets/npz/testdata && /usr/bin/python3 gen.py
import numpy as np

# dtype coverage: each array holds six values in its own type, shape (2,3)
vals = {
    'u1': ('|u1', [0, 1, 2, 100, 200, 7]), 'i1': ('|i1', [0, 1, 2, 100, -3, 7]),
    'i2le': ('<i2', [0, 1, 2, 1000, -3, 7]), 'i2be': ('>i2', [0, 1, 2, 1000, -3, 7]),
    'u2le': ('<u2', [0, 1, 2, 1000, 60000, 7]), 'u2be': ('>u2', [0, 1, 2, 1000, 60000, 7]),
    'i4le': ('<i4', [0, 1, 2, 100000, -3, 7]), 'i4be': ('>i4', [0, 1, 2, 100000, -3, 7]),
    'u4le': ('<u4', [0, 1, 2, 100000, 4000000000, 7]),
    'f4le': ('<f4', [0, 1, 2.5, -1e3, 3.25, 7]), 'f4be': ('>f4', [0, 1, 2.5, -1e3, 3.25, 7]),
    'f8le': ('<f8', [0, 1, 2.5, -1e3, 3.25, 7]), 'f8be': ('>f8', [0, 1, 2.5, -1e3, 3.25, 7]),
}
arrs = {k: np.array(v, dtype=np.dtype(d)).reshape(2, 3) for k, (d, v) in vals.items()}
arrs['fortran'] = np.asfortranarray(np.arange(24, dtype='<i2').reshape(2, 3, 4))
np.savez('dtypes.npz', **arrs)
for ver in [(1, 0), (2, 0), (3, 0)]:
    with open('v%d.npy' % ver[0], 'wb') as f:
        np.lib.format.write_array(f, np.arange(6, dtype='<f4').reshape(3, 2), version=ver)

# MedSAM-like 3-D: imgs (D,H,W)=(2,3,4), geometry as ITK LPS, deflated
imgs = (np.arange(24).reshape(2, 3, 4) * 10).astype(np.uint8)
gts = np.zeros((2, 3, 4), np.uint8)
gts[1, 2, 3] = 2
gts[0, 0, 1] = 1
np.savez_compressed('vol3d.npz', imgs=imgs, gts=gts, spacing=np.array([0.5, 0.75, 2.0]),
                    direction=np.array([0., 1, 0, 1, 0, 0, 0, 0, -1]), origin=np.array([10., -20, 30]))

# 2-D colour (H,W,3)=(2,3,3), stored uncompressed, no geometry
rgb = np.zeros((2, 3, 3), np.uint8)
rgb[0, 0] = (255, 0, 0)
rgb[1, 2] = (10, 20, 30)
rgb[0, 1] = (9, 9, 9)
np.savez('rgb2d.npz', imgs=rgb, gts=np.array([[0, 1, 0], [0, 0, 3]], np.uint8))
