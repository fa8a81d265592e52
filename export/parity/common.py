"""Shared parts of the parity references: reduced official architectures at a
fixed seed, the real CT slices and their prompts, running the kit, and
writing what the Go test reads (cases.json and .npy arrays).

The reduced models keep SAM's input size (1024), patch size, window size,
prompt encoder and mask decoder, so every pre- and post-processing step is
the real one; only the image encoder is narrower and shallower (width 64,
3 blocks, the last with global attention as vit_b's block 2).
"""

import json
import os
import subprocess
import sys
from functools import partial

import numpy as np
from PIL import Image
from scipy import ndimage

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
KIT = os.path.join(REPO, "export", "segtui-export")
SHARED = os.environ.get("SEGTUI_SHARED", os.path.join(os.path.dirname(REPO), "shared"))
THIRDPARTY = os.path.join(SHARED, "thirdparty")
OFFICIAL = os.path.join(THIRDPARTY, "segment-anything")
SAMED = os.path.join(THIRDPARTY, "SAMed")
AMOS = os.path.join(SHARED, "realdata", "amos2d")
DICOM = os.path.join(SHARED, "realdata", "dcmqi-ct3")

# Reduced image encoder (vit_b has width 768, 12 blocks, global [2, 5, 8, 11]).
TINY = dict(embed_dim=64, depth=3, num_heads=2, global_attn_indexes=[2])


def build_sam(modeling, torch, img_size=1024, num_multimask_outputs=3, pixel_mean=None, pixel_std=None):
    """SAM's _build_sam with the reduced encoder, from the given modeling module."""
    emb = img_size // 16
    kw = {}
    if pixel_mean is not None:
        kw = dict(pixel_mean=pixel_mean, pixel_std=pixel_std)
    sam = modeling.Sam(
        image_encoder=modeling.ImageEncoderViT(
            depth=TINY["depth"], embed_dim=TINY["embed_dim"], img_size=img_size, mlp_ratio=4,
            norm_layer=partial(torch.nn.LayerNorm, eps=1e-6), num_heads=TINY["num_heads"], patch_size=16,
            qkv_bias=True, use_rel_pos=True, global_attn_indexes=TINY["global_attn_indexes"], window_size=14,
            out_chans=256),
        prompt_encoder=modeling.PromptEncoder(embed_dim=256, image_embedding_size=(emb, emb),
                                              input_image_size=(img_size, img_size), mask_in_chans=16),
        mask_decoder=modeling.MaskDecoder(
            num_multimask_outputs=num_multimask_outputs,
            transformer=modeling.TwoWayTransformer(depth=2, embedding_dim=256, mlp_dim=2048, num_heads=8),
            transformer_dim=256, iou_head_depth=3, iou_head_hidden_dim=256),
        **kw)
    return sam.eval()


def randomise_zero_inits(sam, torch, seed):
    """SAM initialises its position embedding and relative-position tables to
    zero; random values make the export carry them too."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for n, p in sam.named_parameters():
            if "pos_embed" in n or "rel_pos" in n:
                p.copy_(torch.randn(p.shape, generator=g) * 0.02)


def amos_image(stem):
    """An AMOS slice as SamPredictor users read it: HxWx3 uint8 RGB."""
    return np.array(Image.open(os.path.join(AMOS, "images", stem + ".png")).convert("RGB"))


def amos_mask(stem, organ):
    m = np.array(Image.open(os.path.join(AMOS, "masks", f"{stem}_{organ}_000.png")))
    return (m if m.ndim == 2 else m[..., 0]) > 0


def inner_point(mask):
    """The pixel farthest from the mask's boundary, as (x, y)."""
    d = ndimage.distance_transform_edt(np.pad(mask, 1))[1:-1, 1:-1]
    y, x = np.unravel_index(np.argmax(d), d.shape)
    return [int(x), int(y)]


def bbox(mask):
    """The mask's bounding box, corners inclusive: [x0, y0, x1, y1]."""
    ys, xs = np.nonzero(mask)
    return [int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())]


def slices(work):
    """The real slices the references use: two 512x512 AMOS slices and a
    512x317 crop (written to work as PNG so segtui reads the same bytes),
    each with a target organ and a second organ for negative points."""
    out = []
    for stem, organ, other in (("amos_0004_75", "liver", "aorta"), ("amos_0006_90", "liver", "spleen")):
        out.append(dict(name=stem, path=os.path.join(AMOS, "images", stem + ".png"), image=amos_image(stem),
                        target=amos_mask(stem, organ), other=amos_mask(stem, other)))
    rows = slice(120, 437)
    img = amos_image("amos_0006_90")[rows]
    path = os.path.join(work, "amos_0006_90_crop512x317.png")
    Image.fromarray(img).save(path)
    out.append(dict(name="crop512x317", path=path, image=img,
                    target=amos_mask("amos_0006_90", "spleen")[rows], other=amos_mask("amos_0006_90", "liver")[rows]))
    return out


def run_kit(args, pythonpath):
    env = dict(os.environ, PYTHONPATH=pythonpath)
    r = subprocess.run([sys.executable, KIT] + args, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"segtui-export {' '.join(args)} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
    print(r.stdout.strip(), file=sys.stderr)
    return r.stdout


class Cases:
    """What the Go test reads: cases-KIND.json with prompts and the
    reference arrays as .npy files beside it."""

    def __init__(self, work, **meta):
        self.work = work
        self.doc = dict(meta, cases=[])

    def array(self, name, a):
        np.save(os.path.join(self.work, name + ".npy"), np.ascontiguousarray(a))
        return name + ".npy"

    def add(self, **case):
        self.doc["cases"].append(case)

    def write(self):
        with open(os.path.join(self.work, f"cases-{self.doc['kind']}.json"), "w") as f:
            json.dump(self.doc, f, indent=1)
