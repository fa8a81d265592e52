#!/usr/bin/python3
"""Benchmark models with SAM ViT-B's real shapes and random (seeded) weights.

Writes <out>/sam_vit_b_encoder.onnx, <out>/sam_vit_b_decoder.onnx and
<out>/models.yaml (default out: bench/models, which git ignores), so that
`segtui models --models bench/models/models.yaml` checks them and
`make bench-engine` times them. Needs python3-onnx and python3-numpy (Debian).

Encoder (segment-anything modeling/image_encoder.py, ViT-B): patch-16 conv
embed 3->768, absolute position embedding 64x64, 12 blocks of 12-head
attention (MLP 3072, GELU), 14x14 windows with the 64x64 grid padded to 70x70
(5x5 windows) except global attention in blocks 2, 5, 8, 11, decomposed
relative position terms in every block (as SAM's use_rel_pos=True), neck
conv 1x1 768->256, LayerNorm2d, conv 3x3 256->256, LayerNorm2d ->
image_embeddings [1,256,64,64]. Input [1,3,1024,1024], already normalised.

Decoder (scripts/export_onnx_model.py's SamOnnxModel, multimask): prompt
encoder (random Fourier point features, label embeddings, padding point,
mask downscaling), two-way transformer depth 2 (256 wide, 8 heads, MLP
2048, cross attention at half width), output upscaling to 256x256, 4 mask
tokens with hypernetwork MLPs, IoU head; masks resized inside the graph to
orig_im_size. Only the weights are random: shapes, operators and amounts of
work are the real model's.
"""
import argparse
import math
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17


class Graph:
    """A small builder: named initialisers, nodes and fresh value names."""

    def __init__(self, rng):
        self.rng = rng
        self.nodes, self.inits = [], []
        self.count = 0

    def fresh(self, prefix):
        self.count += 1
        return f"{prefix}_{self.count}"

    def const(self, arr, prefix="c"):
        name = self.fresh(prefix)
        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(arr) if np.ndim(arr) else np.asarray(arr), name))
        return name

    def ints(self, *vals):
        return self.const(np.array(vals, dtype=np.int64), "shape")

    def weight(self, shape, std=0.02):
        return self.const(self.rng.standard_normal(shape, dtype=np.float32) * np.float32(std), "w")

    def zeros(self, shape):
        return self.const(np.zeros(shape, np.float32), "b")

    def ones(self, shape):
        return self.const(np.ones(shape, np.float32), "g")

    def op(self, kind, inputs, outputs=None, **attrs):
        outs = outputs or [self.fresh(kind.lower())]
        self.nodes.append(helper.make_node(kind, inputs, outs, **attrs))
        return outs[0]

    # layers
    def linear(self, x, din, dout, bias=True):
        y = self.op("MatMul", [x, self.weight((din, dout))])
        return self.op("Add", [y, self.zeros((dout,))]) if bias else y

    def layernorm(self, x, dim, eps):
        return self.op("LayerNormalization", [x, self.ones((dim,)), self.zeros((dim,))], axis=-1, epsilon=eps)

    def layernorm2d(self, x, dim, eps=1e-6):
        """SAM's LayerNorm2d: normalise over channels of an NCHW map."""
        t = self.op("Transpose", [x], perm=[0, 2, 3, 1])
        t = self.layernorm(t, dim, eps)
        return self.op("Transpose", [t], perm=[0, 3, 1, 2])

    def gelu(self, x):
        """Exact GELU as torch.nn.GELU: 0.5 x (1 + erf(x / sqrt 2))."""
        e = self.op("Erf", [self.op("Div", [x, self.const(np.float32(math.sqrt(2)))])])
        e = self.op("Add", [e, self.const(np.float32(1))])
        return self.op("Mul", [self.op("Mul", [x, e]), self.const(np.float32(0.5))])

    def relu(self, x):
        return self.op("Relu", [x])

    def reshape(self, x, *shape):
        return self.op("Reshape", [x, self.ints(*shape)])

    def conv(self, x, cin, cout, k, stride=1, pad=0, bias=True):
        ins = [x, self.weight((cout, cin, k, k))]
        if bias:
            ins.append(self.zeros((cout,)))
        return self.op("Conv", ins, kernel_shape=[k, k], strides=[stride, stride], pads=[pad] * 4)

    def conv_transpose(self, x, cin, cout, k, stride):
        return self.op("ConvTranspose", [x, self.weight((cin, cout, k, k)), self.zeros((cout,))],
                       kernel_shape=[k, k], strides=[stride, stride])

    def mlp(self, x, dims, act="relu"):
        for i in range(len(dims) - 1):
            x = self.linear(x, dims[i], dims[i + 1])
            if i < len(dims) - 2:
                x = self.relu(x) if act == "relu" else self.gelu(x)
        return x


# ---------------------------------------------------------------- encoder

EMBED, DEPTH, HEADS, MLP_DIM = 768, 12, 12, 3072
GLOBAL_BLOCKS = (2, 5, 8, 11)
WINDOW, GRID, OUT_CHANS = 14, 64, 256


def rel_pos_table(g, size, head_dim):
    """SAM's get_rel_pos gathered up front: R[q, k] = table[q - k + size - 1]."""
    table = g.rng.standard_normal((2 * size - 1, head_dim), dtype=np.float32) * np.float32(0.02)
    idx = np.arange(size)[:, None] - np.arange(size)[None, :] + size - 1
    return g.const(table[idx], "relpos")


def vit_attention(g, x, batch, h, w):
    """Multi-head attention with decomposed relative positions on [B,h,w,C]."""
    n, hd = h * w, EMBED // HEADS
    qkv = g.linear(x, EMBED, 3 * EMBED)
    qkv = g.reshape(qkv, batch, n, 3, HEADS, hd)
    qkv = g.op("Transpose", [qkv], perm=[2, 0, 3, 1, 4])
    qkv = g.reshape(qkv, 3, batch * HEADS, n, hd)
    q, k, v = (g.fresh("q"), g.fresh("k"), g.fresh("v"))
    g.op("Split", [qkv, g.ints(1, 1, 1)], outputs=[q, k, v], axis=0)
    q, k, v = (g.reshape(t, batch * HEADS, n, hd) for t in (q, k, v))
    qs = g.op("Mul", [q, g.const(np.float32(hd ** -0.5))])
    attn = g.op("MatMul", [qs, g.op("Transpose", [k], perm=[0, 2, 1])])
    # attn[b, (qh,qw), (kh,kw)] += q . Rh[qh,kh] + q . Rw[qw,kw]
    rq = g.reshape(q, batch * HEADS, h, w, hd)
    rel_h = g.op("Einsum", [rq, rel_pos_table(g, h, hd)], equation="bhwc,hkc->bhwk")
    rel_w = g.op("Einsum", [rq, rel_pos_table(g, w, hd)], equation="bhwc,wkc->bhwk")
    attn = g.reshape(attn, batch * HEADS, h, w, h, w)
    attn = g.op("Add", [attn, g.reshape(rel_h, batch * HEADS, h, w, h, 1)])
    attn = g.op("Add", [attn, g.reshape(rel_w, batch * HEADS, h, w, 1, w)])
    attn = g.op("Softmax", [g.reshape(attn, batch * HEADS, n, n)], axis=-1)
    out = g.op("MatMul", [attn, v])
    out = g.reshape(out, batch, HEADS, h, w, hd)
    out = g.op("Transpose", [out], perm=[0, 2, 3, 1, 4])
    out = g.reshape(out, batch, h, w, EMBED)
    return g.linear(out, EMBED, EMBED)


def vit_block(g, x, windowed):
    h = g.layernorm(x, EMBED, 1e-6)
    if windowed:
        padded = -(-GRID // WINDOW) * WINDOW  # 70
        nw = padded // WINDOW  # 5
        h = g.op("Pad", [h, g.ints(0, 0, 0, 0, 0, padded - GRID, padded - GRID, 0)])
        h = g.reshape(h, 1, nw, WINDOW, nw, WINDOW, EMBED)
        h = g.op("Transpose", [h], perm=[0, 1, 3, 2, 4, 5])
        h = g.reshape(h, nw * nw, WINDOW, WINDOW, EMBED)
        h = vit_attention(g, h, nw * nw, WINDOW, WINDOW)
        h = g.reshape(h, 1, nw, nw, WINDOW, WINDOW, EMBED)
        h = g.op("Transpose", [h], perm=[0, 1, 3, 2, 4, 5])
        h = g.reshape(h, 1, padded, padded, EMBED)
        h = g.op("Slice", [h, g.ints(0, 0), g.ints(GRID, GRID), g.ints(1, 2)])
    else:
        h = vit_attention(g, h, 1, GRID, GRID)
    x = g.op("Add", [x, h])
    m = g.mlp(g.layernorm(x, EMBED, 1e-6), [EMBED, MLP_DIM, EMBED], act="gelu")
    return g.op("Add", [x, m])


def build_encoder(seed):
    g = Graph(np.random.default_rng(seed))
    x = g.conv("input_image", 3, EMBED, 16, stride=16)
    x = g.op("Transpose", [x], perm=[0, 2, 3, 1])
    x = g.op("Add", [x, g.weight((1, GRID, GRID, EMBED))])
    for i in range(DEPTH):
        x = vit_block(g, x, windowed=i not in GLOBAL_BLOCKS)
    x = g.op("Transpose", [x], perm=[0, 3, 1, 2])
    x = g.layernorm2d(g.conv(x, EMBED, OUT_CHANS, 1, bias=False), OUT_CHANS)
    x = g.conv(x, OUT_CHANS, OUT_CHANS, 3, pad=1, bias=False)
    ln = g.layernorm2d(x, OUT_CHANS)
    g.op("Identity", [ln], outputs=["image_embeddings"])
    graph = helper.make_graph(
        g.nodes, "sam_vit_b_encoder_bench",
        [helper.make_tensor_value_info("input_image", TensorProto.FLOAT, [1, 3, 1024, 1024])],
        [helper.make_tensor_value_info("image_embeddings", TensorProto.FLOAT, [1, OUT_CHANS, GRID, GRID])],
        g.inits)
    return graph


# ---------------------------------------------------------------- decoder

D, D_HEADS, D_MLP, MASK_TOKENS, IMG = 256, 8, 2048, 4, 1024


def attention(g, q, k, v, downsample=1):
    """The mask decoder's Attention: project, 8 heads, softmax, project back."""
    internal = D // downsample
    hd = internal // D_HEADS
    q, k, v = (g.linear(t, D, internal) for t in (q, k, v))

    def heads(t):
        t = g.reshape(t, 1, -1, D_HEADS, hd)
        return g.op("Transpose", [t], perm=[0, 2, 1, 3])

    q, k, v = heads(q), heads(k), heads(v)
    attn = g.op("MatMul", [q, g.op("Transpose", [k], perm=[0, 1, 3, 2])])
    attn = g.op("Softmax", [g.op("Mul", [attn, g.const(np.float32(hd ** -0.5))])], axis=-1)
    out = g.op("MatMul", [attn, v])
    out = g.reshape(g.op("Transpose", [out], perm=[0, 2, 1, 3]), 1, -1, internal)
    return g.linear(out, internal, D)


def two_way_block(g, queries, keys, query_pe, key_pe, skip_first_pe):
    if skip_first_pe:
        queries = attention(g, queries, queries, queries)
    else:
        q = g.op("Add", [queries, query_pe])
        queries = g.op("Add", [queries, attention(g, q, q, queries)])
    queries = g.layernorm(queries, D, 1e-5)
    q, k = g.op("Add", [queries, query_pe]), g.op("Add", [keys, key_pe])
    queries = g.layernorm(g.op("Add", [queries, attention(g, q, k, keys, 2)]), D, 1e-5)
    queries = g.layernorm(g.op("Add", [queries, g.mlp(queries, [D, D_MLP, D])]), D, 1e-5)
    q, k = g.op("Add", [queries, query_pe]), g.op("Add", [keys, key_pe])
    keys = g.layernorm(g.op("Add", [keys, attention(g, k, q, queries, 2)]), D, 1e-5)
    return queries, keys


def build_decoder(seed):
    g = Graph(np.random.default_rng(seed))
    f32 = lambda v: g.const(np.float32(v))
    gauss = g.rng.standard_normal((2, D // 2), dtype=np.float32)

    # Sparse prompt embedding of the points (box corners are labels 2 and 3).
    c = g.op("Div", [g.op("Add", ["point_coords", f32(0.5)]), f32(IMG)])
    c = g.op("Sub", [g.op("Mul", [c, f32(2)]), f32(1)])
    c = g.op("Mul", [g.op("MatMul", [c, g.const(gauss)]), f32(2 * math.pi)])
    pe = g.op("Concat", [g.op("Sin", [c]), g.op("Cos", [c])], axis=-1)
    labels = g.op("Unsqueeze", ["point_labels", g.ints(2)])

    def is_label(v):
        return g.op("Cast", [g.op("Equal", [labels, f32(v)])], to=TensorProto.FLOAT)

    pad = is_label(-1)
    pe = g.op("Mul", [pe, g.op("Sub", [f32(1), pad])])
    pe = g.op("Add", [pe, g.op("Mul", [pad, g.weight((D,), 1)])])
    for i in range(4):
        pe = g.op("Add", [pe, g.op("Mul", [is_label(i), g.weight((D,), 1)])])

    # Dense prompt embedding: the previous mask, or the no-mask embedding.
    m = g.gelu(g.layernorm2d(g.conv("mask_input", 1, 4, 2, stride=2), 4))
    m = g.gelu(g.layernorm2d(g.conv(m, 4, 16, 2, stride=2), 16))
    m = g.conv(m, 16, D, 1)
    has = "has_mask_input"
    dense = g.op("Add", [g.op("Mul", [m, has]),
                         g.op("Mul", [g.weight((1, D, 1, 1), 1), g.op("Sub", [f32(1), has])])])

    # Dense positional encoding of the 64x64 grid (get_dense_pe), a constant.
    ys, xs = np.meshgrid((np.arange(GRID) + 0.5) / GRID, (np.arange(GRID) + 0.5) / GRID, indexing="ij")
    grid = np.stack([xs, ys], -1) * 2 - 1
    proj = (grid @ gauss) * 2 * np.pi
    dense_pe = np.concatenate([np.sin(proj), np.cos(proj)], -1).astype(np.float32)  # [64,64,256]
    key_pe = g.const(dense_pe.reshape(1, GRID * GRID, D))

    # Mask decoder.
    tokens = g.weight((1, 1 + MASK_TOKENS, D), 1)  # IoU token then mask tokens
    tokens = g.op("Concat", [tokens, pe], axis=1)
    src = g.op("Add", ["image_embeddings", dense])
    keys = g.op("Transpose", [g.reshape(src, 1, D, GRID * GRID)], perm=[0, 2, 1])
    queries = tokens
    for i in range(2):
        queries, keys = two_way_block(g, queries, keys, tokens, key_pe, skip_first_pe=i == 0)
    q, k = g.op("Add", [queries, tokens]), g.op("Add", [keys, key_pe])
    queries = g.layernorm(g.op("Add", [queries, attention(g, q, k, keys, 2)]), D, 1e-5)

    iou_token = g.op("Gather", [queries, g.const(np.int64(0))], axis=1)
    src = g.reshape(g.op("Transpose", [keys], perm=[0, 2, 1]), 1, D, GRID, GRID)
    up = g.gelu(g.layernorm2d(g.conv_transpose(src, D, D // 4, 2, 2), D // 4))
    up = g.gelu(g.conv_transpose(up, D // 4, D // 8, 2, 2))  # [1,32,256,256]
    hyper = []
    for i in range(MASK_TOKENS):
        t = g.op("Gather", [queries, g.const(np.int64(1 + i))], axis=1)
        hyper.append(g.reshape(g.mlp(t, [D, D, D, D // 8]), 1, 1, D // 8))
    hyper = g.op("Concat", hyper, axis=1)
    low = g.op("MatMul", [hyper, g.reshape(up, 1, D // 8, 256 * 256)])
    g.op("Reshape", [low, g.ints(1, MASK_TOKENS, 256, 256)], outputs=["low_res_masks"])
    g.op("Identity", [g.mlp(iou_token, [D, D, D, MASK_TOKENS])], outputs=["iou_predictions"])

    # mask_postprocessing: to 1024x1024, crop the unpadded part, to orig_im_size.
    empty = ""
    full = g.op("Resize", ["low_res_masks", empty, empty, g.ints(1, MASK_TOKENS, IMG, IMG)],
                mode="linear", coordinate_transformation_mode="half_pixel")
    scale = g.op("Div", [f32(IMG), g.op("ReduceMax", ["orig_im_size"], keepdims=1)])
    prepared = g.op("Cast", [g.op("Add", [g.op("Mul", ["orig_im_size", scale]), f32(0.5)])], to=TensorProto.INT64)
    crop = g.op("Slice", [full, g.ints(0, 0), prepared, g.ints(2, 3)])
    size = g.op("Concat", [g.ints(1, MASK_TOKENS), g.op("Cast", ["orig_im_size"], to=TensorProto.INT64)], axis=0)
    g.op("Resize", [crop, empty, empty, size], outputs=["masks"],
         mode="linear", coordinate_transformation_mode="half_pixel")

    fl = TensorProto.FLOAT
    inputs = [
        helper.make_tensor_value_info("image_embeddings", fl, [1, D, GRID, GRID]),
        helper.make_tensor_value_info("point_coords", fl, [1, "num_points", 2]),
        helper.make_tensor_value_info("point_labels", fl, [1, "num_points"]),
        helper.make_tensor_value_info("mask_input", fl, [1, 1, 256, 256]),
        helper.make_tensor_value_info("has_mask_input", fl, [1]),
        helper.make_tensor_value_info("orig_im_size", fl, [2]),
    ]
    outputs = [
        helper.make_tensor_value_info("masks", fl, [1, MASK_TOKENS, "H", "W"]),
        helper.make_tensor_value_info("iou_predictions", fl, [1, MASK_TOKENS]),
        helper.make_tensor_value_info("low_res_masks", fl, [1, MASK_TOKENS, 256, 256]),
    ]
    return helper.make_graph(g.nodes, "sam_vit_b_decoder_bench", inputs, outputs, g.inits)


# ---------------------------------------------------------------- output

MANIFEST = """# SAM ViT-B-shaped benchmark models with random weights, generated by
# scripts/gen_bench_models.py (make bench-models). Not for segmenting: the
# masks are meaningless, the shapes and the work are ViT-B's.
variants:
  - name: sam-vit-b-bench
    family: sam
    encoder: sam_vit_b_encoder.onnx
    decoder: sam_vit_b_decoder.onnx
"""


def save(graph, path):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="segtui gen_bench_models.py")
    model.ir_version = 8
    onnx.checker.check_model(model)
    inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
    tmp = path + ".part"
    onnx.save(model, tmp)
    os.replace(tmp, path)
    params = sum(int(np.prod(t.dims)) for t in model.graph.initializer)
    print(f"gen_bench_models: wrote {path} ({len(model.graph.node)} nodes, {params / 1e6:.1f}M parameters)")
    return inferred


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench", "models"))
    ap.add_argument("--seed", type=int, default=20240601)
    args = ap.parse_args()
    out = os.path.normpath(args.out)
    os.makedirs(out, exist_ok=True)
    enc = save(build_encoder(args.seed), os.path.join(out, "sam_vit_b_encoder.onnx"))
    dims = [d.dim_value for d in enc.graph.output[0].type.tensor_type.shape.dim]
    if dims != [1, 256, 64, 64]:
        sys.exit(f"gen_bench_models: encoder output is {dims}, expected [1, 256, 64, 64]")
    save(build_decoder(args.seed + 1), os.path.join(out, "sam_vit_b_decoder.onnx"))
    tmp = os.path.join(out, "models.yaml.part")
    with open(tmp, "w") as f:
        f.write(MANIFEST)
    os.replace(tmp, os.path.join(out, "models.yaml"))
    print(f"gen_bench_models: wrote {os.path.join(out, 'models.yaml')}")


if __name__ == "__main__":
    main()
