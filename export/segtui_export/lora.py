"""SAMed LoRA files: reading them, checking them against the base model, and
merging W + BA into the base weights so the exported graph is a plain SAM.

Layout (SAMed sam_lora_image_encoder*.py, save_lora_parameters): for each
image-encoder block in order, w_a_/w_b_ 2i (query) and 2i+1 (value) with
A [r, dim] and B [dim, r], added to the block's fused qkv projection; the
prompt encoder's and mask decoder's tensors as trained. The mask-decoder
variant adds sa_/cti_/cit_ pairs per two-way block (self-attention,
token-to-image, image-to-token; query then value) and fati_q*/fati_v* for
the final token-to-image attention, on the q_proj/v_proj linears.
"""

import re

import torch
import torch.nn.functional as F

from .arch import describe
from .errors import ExportError, few

_PAIRS = re.compile(r"(w|sa|cti|cit)_([ab])_(\d{3})$")
_FINAL = ("fati_qa", "fati_qb", "fati_va", "fati_vb")


class LoraFile:
    def __init__(self, path, sd):
        self.path = path
        self.sd = sd
        if not any(_PAIRS.match(k) for k in sd):
            raise ExportError(f"LoRA file {path} has no w_a_NNN/w_b_NNN tensors, so it is not a SAMed LoRA file: "
                              f"it holds {describe(sd)}")
        groups = {}
        other = []
        for k, v in sd.items():
            m = _PAIRS.match(k)
            if m:
                groups.setdefault(m.group(1), {}).setdefault(m.group(2), {})[int(m.group(3))] = v
            elif k in _FINAL or k.startswith("prompt_encoder.") or k.startswith("mask_decoder."):
                other.append(k)
            else:
                raise ExportError(f"LoRA file {path}: unexpected key {k!r}; expected SAMed's w_a_NNN/w_b_NNN, "
                                  f"prompt_encoder.* and mask_decoder.* tensors")
        if "w" not in groups:
            raise ExportError(f"LoRA file {path} has decoder LoRA tensors but no image-encoder w_a_NNN/w_b_NNN "
                              f"(keys: {few(list(sd), 4)})")
        self.pairs = {}
        ranks = set()
        for g, ab in groups.items():
            a, b = ab.get("a", {}), ab.get("b", {})
            n = len(a)
            if sorted(a) != list(range(n)) or sorted(b) != list(range(n)):
                raise ExportError(f"LoRA file {path}: {g}_a_NNN and {g}_b_NNN must be numbered 000..N-1 in pairs; "
                                  f"found a: {few(sorted(a), 4)}, b: {few(sorted(b), 4)}")
            self.pairs[g] = [(a[i], b[i]) for i in range(n)]
            for i in range(n):
                ranks.add(a[i].shape[0])
                if a[i].dim() != 2 or b[i].dim() != 2 or b[i].shape[1] != a[i].shape[0]:
                    raise ExportError(f"LoRA file {path}: {g}_a_{i:03d} {tuple(a[i].shape)} and {g}_b_{i:03d} "
                                      f"{tuple(b[i].shape)} are not a rank-r pair (A [r,in], B [out,r])")
        final = [k for k in _FINAL if k in sd]
        self.decoder = "sa" in groups
        if self.decoder and len(final) != 4:
            raise ExportError(f"LoRA file {path} has mask-decoder LoRA (sa_*) but {len(final)} of the 4 fati_* tensors")
        if len(ranks) != 1:
            raise ExportError(f"LoRA file {path} mixes ranks {sorted(ranks)}; expected one rank")
        self.rank = ranks.pop()
        self.tokens = sd.get("mask_decoder.mask_tokens.weight")
        if self.tokens is None:
            raise ExportError(f"LoRA file {path} has no mask_decoder.mask_tokens.weight, so its class count is unknown")
        self.num_classes = self.tokens.shape[0] - 1

    def trained_parts(self):
        """The prompt-encoder and mask-decoder tensors saved with the LoRA."""
        return {k: v for k, v in self.sd.items() if k.startswith("prompt_encoder.") or k.startswith("mask_decoder.")}


def _add(linear, a, b, rows, what):
    """linear.weight[rows] += B @ A, refusing shapes that do not fit."""
    w = linear.weight
    target = w[rows]
    if tuple(target.shape) != (b.shape[0], a.shape[1]):
        raise ExportError(f"{what}: B @ A is {b.shape[0]}x{a.shape[1]} but the weight it adds to is "
                          f"{target.shape[0]}x{target.shape[1]}: the LoRA file was trained on another base model")
    with torch.no_grad():
        w[rows] += (b.double() @ a.double()).to(w.dtype)


def merge(sam, lf):
    """Add every B @ A of lf into sam's weights (in place)."""
    blocks = sam.image_encoder.blocks
    pairs = lf.pairs["w"]
    if len(pairs) != 2 * len(blocks):
        raise ExportError(f"LoRA file {lf.path} has {len(pairs)} w_a/w_b pairs, expected 2 per image-encoder block "
                          f"({2 * len(blocks)} for the base's {len(blocks)} blocks): it was trained on another base model "
                          f"or on a subset of layers")
    for i, blk in enumerate(blocks):
        qkv = blk.attn.qkv
        dim = qkv.in_features
        _add(qkv, *pairs[2 * i], slice(0, dim), f"block {i} query (w_a_{2 * i:03d})")
        _add(qkv, *pairs[2 * i + 1], slice(2 * dim, 3 * dim), f"block {i} value (w_a_{2 * i + 1:03d})")
    if not lf.decoder:
        return
    t = sam.mask_decoder.transformer
    for g, attr in (("sa", "self_attn"), ("cti", "cross_attn_token_to_image"), ("cit", "cross_attn_image_to_token")):
        p = lf.pairs.get(g, [])
        if len(p) != 2 * len(t.layers):
            raise ExportError(f"LoRA file {lf.path} has {len(p)} {g}_a/{g}_b pairs, expected {2 * len(t.layers)} "
                              f"for the decoder's {len(t.layers)} two-way blocks")
        for j, layer in enumerate(t.layers):
            att = getattr(layer, attr)
            _add(att.q_proj, *p[2 * j], slice(None), f"decoder block {j} {attr} query ({g}_a_{2 * j:03d})")
            _add(att.v_proj, *p[2 * j + 1], slice(None), f"decoder block {j} {attr} value ({g}_a_{2 * j + 1:03d})")
    fa = t.final_attn_token_to_image
    sd = lf.sd
    _add(fa.q_proj, sd["fati_qa"], sd["fati_qb"], slice(None), "final attention query (fati_q*)")
    _add(fa.v_proj, sd["fati_va"], sd["fati_vb"], slice(None), "final attention value (fati_v*)")


def resize_base(base_sd, arch, base_arch):
    """The base checkpoint's image-encoder weights at the LoRA model's input
    size, as SAMed's load_from does: the position embedding and the global
    blocks' relative-position tables resized bilinearly; the mask tokens,
    hypernetworks and IoU head are left out (the LoRA file has them)."""
    skip = ("mask_tokens", "output_hypernetworks_mlps", "iou_prediction_head")
    out = {k: v for k, v in base_sd.items() if not any(s in k for s in skip)}
    tokens = arch.img_size // arch.patch_size
    pos = out["image_encoder.pos_embed"]
    if pos.shape[1] != tokens:
        pos = F.interpolate(pos.permute(0, 3, 1, 2), (tokens, tokens), mode="bilinear", align_corners=False)
        out["image_encoder.pos_embed"] = pos.permute(0, 2, 3, 1)
        for i in base_arch.global_attn_indexes:
            for axis in ("h", "w"):
                k = f"image_encoder.blocks.{i}.attn.rel_pos_{axis}"
                rel = out[k][None, None]
                out[k] = F.interpolate(rel, (2 * tokens - 1, rel.shape[-1]), mode="bilinear", align_corners=False)[0, 0]
    return out
