"""SAM architectures: the official sizes, reading one from a checkpoint's
tensors, and building it with a segment_anything copy's modeling classes.

Every hyperparameter SAM's builder sets can be read back from the weights
(relative-position tables give the head width and which blocks attend
globally), except the mask decoder's head count, which is 8 in every
published SAM.
"""

import re
from dataclasses import dataclass, field, replace
from functools import partial

import torch

from .errors import ExportError, few

# segment_anything/build_sam.py
KNOWN = {
    "vit_b": dict(embed_dim=768, depth=12, num_heads=12, global_attn_indexes=(2, 5, 8, 11)),
    "vit_l": dict(embed_dim=1024, depth=24, num_heads=16, global_attn_indexes=(5, 11, 17, 23)),
    "vit_h": dict(embed_dim=1280, depth=32, num_heads=16, global_attn_indexes=(7, 15, 23, 31)),
}


@dataclass(frozen=True)
class Arch:
    embed_dim: int
    depth: int
    num_heads: int
    global_attn_indexes: tuple
    img_size: int = 1024
    patch_size: int = 16
    window_size: int = 14
    mlp_ratio: float = 4.0
    qkv_bias: bool = True
    prompt_dim: int = 256
    mask_in_chans: int = 16
    num_mask_tokens: int = 4  # 1 + num_multimask_outputs
    dec_depth: int = 2
    dec_mlp_dim: int = 2048
    dec_heads: int = 8
    iou_depth: int = 3
    iou_hidden: int = 256
    pixel_mean: tuple = field(default=(123.675, 116.28, 103.53))
    pixel_std: tuple = field(default=(58.395, 57.12, 57.375))

    def type_name(self):
        """vit_b/vit_l/vit_h when the encoder is one of SAM's, else a description."""
        for name, k in KNOWN.items():
            if (self.embed_dim, self.depth, self.num_heads, tuple(self.global_attn_indexes)) == (
                    k["embed_dim"], k["depth"], k["num_heads"], k["global_attn_indexes"]):
                return name
        return (f"custom ViT ({self.depth} blocks, width {self.embed_dim}, {self.num_heads} heads, "
                f"global attention in blocks {list(self.global_attn_indexes)})")

    def with_(self, **kw):
        return replace(self, **kw)


def known(type_name):
    if type_name not in KNOWN:
        raise ExportError(f"--type {type_name}: expected auto, {', '.join(KNOWN)}")
    k = KNOWN[type_name]
    return Arch(k["embed_dim"], k["depth"], k["num_heads"], k["global_attn_indexes"])


def _count(sd, prefix):
    pat = re.compile(re.escape(prefix) + r"(\d+)\.")
    return len({int(m.group(1)) for k in sd for m in [pat.match(k)] if m})


def _shape(sd, key):
    if key not in sd:
        raise KeyError(key)
    return tuple(sd[key].shape)


def infer(sd, what="checkpoint"):
    """Read a SAM architecture from a state dict; ExportError says what the
    tensors look like when they are not SAM's."""
    try:
        pe = _shape(sd, "image_encoder.patch_embed.proj.weight")  # [D, 3, p, p]
        dim, patch = pe[0], pe[2]
        tokens = _shape(sd, "image_encoder.pos_embed")[1]  # [1, T, T, D]
        depth = _count(sd, "image_encoder.blocks.")
        glob, window, head_dim = [], None, None
        for i in range(depth):
            rel = _shape(sd, f"image_encoder.blocks.{i}.attn.rel_pos_h")  # [2*size-1, head_dim]
            size = (rel[0] + 1) // 2
            head_dim = rel[1]
            if size == tokens:
                glob.append(i)
            else:
                window = size
        mlp = _shape(sd, "image_encoder.blocks.0.mlp.lin1.weight")[0]
        arch = Arch(
            embed_dim=dim, depth=depth, num_heads=dim // head_dim, global_attn_indexes=tuple(glob),
            img_size=tokens * patch, patch_size=patch, window_size=window or 14, mlp_ratio=mlp / dim,
            qkv_bias="image_encoder.blocks.0.attn.qkv.bias" in sd,
            prompt_dim=_shape(sd, "prompt_encoder.no_mask_embed.weight")[1],
            mask_in_chans=_shape(sd, "prompt_encoder.mask_downscaling.3.weight")[0],
            num_mask_tokens=_shape(sd, "mask_decoder.mask_tokens.weight")[0],
            dec_depth=_count(sd, "mask_decoder.transformer.layers."),
            dec_mlp_dim=_shape(sd, "mask_decoder.transformer.layers.0.mlp.lin1.weight")[0],
            iou_depth=_count(sd, "mask_decoder.iou_prediction_head.layers."),
            iou_hidden=_shape(sd, "mask_decoder.iou_prediction_head.layers.0.weight")[0],
        )
    except (KeyError, IndexError, ZeroDivisionError) as e:
        raise ExportError(f"{what} is not a SAM model: {describe(sd)} (no usable {e})")
    if depth == 0 or not glob:
        raise ExportError(f"{what} is not a SAM model: {describe(sd)}")
    return arch


def describe(sd):
    """What a state dict looks like, for error messages."""
    keys = list(sd)
    if any(re.match(r"w_[ab]_\d{3}$", k) for k in keys):
        return "it holds SAMed LoRA tensors (w_a_NNN/w_b_NNN): give it with --lora, and the base SAM checkpoint with --base"
    if any(k.startswith("image_encoder.trunk.") or k.startswith("sam_mask_decoder.") for k in keys):
        return "it looks like a SAM 2 checkpoint (image_encoder.trunk.*), which needs a newer PyTorch: see the README for SAM 2 exporters"
    if "image_encoder.patch_embed.proj.weight" in sd and "image_encoder.pos_embed" in sd:
        dim = tuple(sd["image_encoder.patch_embed.proj.weight"].shape)[0]
        depth = _count(sd, "image_encoder.blocks.")
        for name, k in KNOWN.items():
            if (dim, depth) == (k["embed_dim"], k["depth"]):
                return f"a SAM {name} image encoder ({depth} blocks, width {dim})"
        return f"a SAM-style image encoder with {depth} blocks of width {dim}"
    return f"{len(keys)} tensors, none of SAM's image encoder (first keys: {few(keys, 4)})"


def build(sc, a):
    """A Sam module with architecture a from the modeling classes of sc
    (samcode.load), with random weights."""
    m = sc.modeling
    emb = a.img_size // a.patch_size
    return m.Sam(
        image_encoder=m.ImageEncoderViT(
            depth=a.depth, embed_dim=a.embed_dim, img_size=a.img_size, mlp_ratio=a.mlp_ratio,
            norm_layer=partial(torch.nn.LayerNorm, eps=1e-6), num_heads=a.num_heads, patch_size=a.patch_size,
            qkv_bias=a.qkv_bias, use_rel_pos=True, global_attn_indexes=list(a.global_attn_indexes),
            window_size=a.window_size, out_chans=a.prompt_dim),
        prompt_encoder=m.PromptEncoder(
            embed_dim=a.prompt_dim, image_embedding_size=(emb, emb), input_image_size=(a.img_size, a.img_size),
            mask_in_chans=a.mask_in_chans),
        mask_decoder=m.MaskDecoder(
            num_multimask_outputs=a.num_mask_tokens - 1,
            transformer=m.TwoWayTransformer(depth=a.dec_depth, embedding_dim=a.prompt_dim, mlp_dim=a.dec_mlp_dim,
                                            num_heads=a.dec_heads),
            transformer_dim=a.prompt_dim, iou_head_depth=a.iou_depth, iou_head_hidden_dim=a.iou_hidden),
        pixel_mean=list(a.pixel_mean), pixel_std=list(a.pixel_std),
    ).eval()
