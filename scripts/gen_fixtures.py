#!/usr/bin/python3
"""Generates the fixture ONNX models in engine/testdata/models/.

Each fixture has its family's exact input/output contract (names, ranks,
dtypes, fixed sizes) but a tiny, weight-free graph whose output is predictable,
so the Go tests prove preprocessing, coordinate transforms and post-processing
end to end:

- encoders average-pool the (normalised) input image into the embedding
  shapes, so an embedding shows what the engine fed the model;
- promptable decoders draw, in the model's 1024x1024 input frame, a cone
  (radius - distance) around the first positive point, one radius per mask
  channel, and a filled box when a box (labels 2, 3) is given; the previous
  mask (mask_input) is OR-ed in when has_mask_input is 1. The SAM decoder then
  post-processes exactly as the official export does (bilinear to 1024, crop
  to the resized image, bilinear to orig_im_size);
- semantic models label pooled intensity bands (0 background, ~0.5 class 1,
  ~1 class 2 after min-max normalisation).

Only onnx and numpy (Debian python3-onnx, python3-numpy) are needed. Run:
    /usr/bin/python3 scripts/gen_fixtures.py [outdir]
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
S = 1024  # model input side
LOW = 256  # low-res mask side

# Decoder channel radii (model-frame pixels) and IoU predictions. For SAM the
# highest IoU is token 0, which multimask selection must skip (it picks among
# 1..3), so the chosen radius is 64.
SAM_RADII = [40.0, 24.0, 64.0, 32.0]
SAM_IOU = [0.95, 0.6, 0.9, 0.7]
SINGLE_RADII = [48.0]
SINGLE_IOU = [0.8]
SAM2_RADII = [30.0, 50.0, 70.0]
SAM2_IOU = [0.2, 0.8, 0.5]

SAM_MEAN = [123.675, 116.28, 103.53]
SAM_STD = [58.395, 57.12, 57.375]


class G:
    """Tiny graph builder: unique names, constants, nodes."""

    def __init__(self):
        self.nodes, self.inits, self.n = [], [], 0

    def name(self, hint):
        self.n += 1
        return f"{hint}_{self.n}"

    def const(self, arr, hint="c"):
        nm = self.name(hint)
        self.inits.append(numpy_helper.from_array(np.asarray(arr), nm))
        return nm

    def op(self, op_type, inputs, hint=None, out=None, **attrs):
        out = out or self.name(hint or op_type.lower())
        self.nodes.append(helper.make_node(op_type, inputs, [out], **attrs))
        return out

    def f(self, v):
        return self.const(np.array(v, dtype=np.float32))

    def i(self, v):
        return self.const(np.array(v, dtype=np.int64))


def save(g, inputs, outputs, path, name):
    graph = helper.make_graph(g.nodes, name, inputs, outputs, g.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="segtui gen_fixtures.py")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, path)


def vi(name, shape, dtype=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, dtype, shape)


def pool_to(g, x, k, channels, out):
    """[1,3,n,n] -> average k x k, mean over channels, expand to channels."""
    p = g.op("AveragePool", [x], kernel_shape=[k, k], strides=[k, k])
    m = g.op("ReduceMean", [p], axes=[1], keepdims=1)
    n = S // k
    return g.op("Expand", [m, g.i([1, channels, n, n])], out=out)


def sam_encoder(path, preprocess_in_graph):
    g = G()
    if preprocess_in_graph:
        # samexporter --use-preprocess: input_image [H,W,3] 0..255, normalise
        # and zero-pad to 1024x1024 inside the graph.
        inp = vi("input_image", ["h", "w", 3])
        t = g.op("Transpose", ["input_image"], perm=[2, 0, 1])
        t = g.op("Unsqueeze", [t, g.i([0])])
        t = g.op("Sub", [t, g.f(np.array(SAM_MEAN, np.float32).reshape(1, 3, 1, 1))])
        t = g.op("Div", [t, g.f(np.array(SAM_STD, np.float32).reshape(1, 3, 1, 1))])
        hw = g.op("Slice", [g.op("Shape", ["input_image"]), g.i([0]), g.i([2])])
        pad_hw = g.op("Sub", [g.i([S, S]), hw])
        pads = g.op("Concat", [g.i([0, 0, 0, 0, 0, 0]), pad_hw], axis=0)
        x = g.op("Pad", [t, pads])
    else:
        inp = vi("images", [1, 3, S, S])
        x = "images"
    pool_to(g, x, 16, 256, "image_embeddings")
    save(g, [inp], [vi("image_embeddings", [1, 256, 64, 64])], path, "sam_encoder_fixture")


def sam_encoder_batch(path):
    """The SAM encoder fixture with a dynamic batch dimension ([B,3,S,S] ->
    [B,256,64,64]), for encoding several slices per run."""
    g = G()
    pool_to(g, "images", 16, 256, "image_embeddings")  # Expand broadcasts B
    save(g, [vi("images", ["batch", 3, S, S])], [vi("image_embeddings", ["batch", 256, 64, 64])],
         path, "sam_encoder_batch_fixture")


def sam2_encoder(path):
    g = G()
    pool_to(g, "image", 4, 32, "high_res_feats_0")
    pool_to(g, "image", 8, 64, "high_res_feats_1")
    pool_to(g, "image", 16, 256, "image_embed")
    save(g, [vi("image", [1, 3, S, S])],
         [vi("high_res_feats_0", [1, 32, 256, 256]), vi("high_res_feats_1", [1, 64, 128, 128]),
          vi("image_embed", [1, 256, 64, 64])], path, "sam2_encoder_fixture")


def first_with_label(g, labels_f, coords, label):
    """Returns (x, y, flag): continuous model-frame coordinates (+0.5, as SAM's
    prompt encoder shifts to pixel centres) of the first point with the label,
    each shaped [B,1,1,1], and flag [B,1,1,1] = 1 when such a point exists."""
    eq = g.op("Cast", [g.op("Equal", [labels_f, g.f(float(label))])], to=TensorProto.FLOAT)
    idx = g.op("ArgMax", [eq], axis=1, keepdims=0)  # first maximum
    flag = g.op("ReduceMax", [eq], axes=[1], keepdims=0)
    pt = g.op("Gather", [coords, idx], axis=1)  # [B,1,2] when B == 1
    x = g.op("Add", [g.op("Gather", [pt, g.i(0)], axis=2), g.f(0.5)])
    y = g.op("Add", [g.op("Gather", [pt, g.i(1)], axis=2), g.f(0.5)])
    shape4 = g.i([-1, 1, 1, 1])
    return (g.op("Reshape", [x, shape4]), g.op("Reshape", [y, shape4]),
            g.op("Reshape", [flag, shape4]))


def gate(g, logits, flag):
    """logits where flag is 1, -1000 where it is 0."""
    return g.op("Add", [g.op("Mul", [logits, flag]),
                        g.op("Mul", [g.op("Sub", [flag, g.f(1.0)]), g.f(1000.0)])])


def low_res_logits(g, coords, labels, mask_input, has_mask, radii, uses):
    """[B,C,256,256] logits in the 1024 frame: cones at the first positive
    point, a filled box, the previous mask OR-ed in."""
    centres = (np.arange(LOW, dtype=np.float32) + 0.5) * (S / LOW)
    gx = g.f(centres.reshape(1, 1, 1, LOW))
    gy = g.f(centres.reshape(1, 1, LOW, 1))
    lab = g.op("Cast", [labels], to=TensorProto.FLOAT)
    px, py, pflag = first_with_label(g, lab, coords, 1)
    dx = g.op("Sub", [gx, px])
    dy = g.op("Sub", [gy, py])
    dist = g.op("Sqrt", [g.op("Add", [g.op("Mul", [dx, dx]), g.op("Mul", [dy, dy])])])
    cone = g.op("Sub", [g.f(np.array(radii, np.float32).reshape(1, -1, 1, 1)), dist])
    cone = gate(g, cone, pflag)
    x0, y0, bflag = first_with_label(g, lab, coords, 2)
    x1, y1, _ = first_with_label(g, lab, coords, 3)
    box = g.op("Min", [g.op("Sub", [gx, x0]), g.op("Sub", [x1, gx]),
                       g.op("Sub", [gy, y0]), g.op("Sub", [y1, gy])])
    box = gate(g, box, bflag)
    hm = g.op("Reshape", [has_mask, g.i([1, 1, 1, 1])])
    prev = gate(g, mask_input, hm)
    out = g.op("Max", [cone, box, prev])
    # Touch the embeddings so the graph consumes every declared input.
    for u in uses:
        out = g.op("Add", [out, g.op("Mul", [g.op("ReduceMean", [u], keepdims=0), g.f(0.0)])])
    return out


def sam_decoder(path, radii, iou):
    c = len(radii)
    g = G()
    low = low_res_logits(g, "point_coords", "point_labels", "mask_input", "has_mask_input",
                         radii, ["image_embeddings"])
    g.op("Identity", [low], out="low_res_masks")
    g.op("Identity", [g.f(np.array([iou], np.float32))], out="iou_predictions")
    # Official post-processing: bilinear to 1024, crop to the resized image,
    # bilinear to the original size.
    up = g.op("Resize", ["low_res_masks", "", "", g.i([1, c, S, S])], mode="linear",
              coordinate_transformation_mode="half_pixel")
    s = g.op("Div", [g.f(float(S)), g.op("ReduceMax", ["orig_im_size"], keepdims=0)])
    new_hw = g.op("Cast", [g.op("Floor", [g.op("Add", [g.op("Mul", ["orig_im_size", s]), g.f(0.5)])])],
                  to=TensorProto.INT64)
    crop = g.op("Slice", [up, g.i([0, 0]), new_hw, g.i([2, 3])])
    hw = g.op("Cast", ["orig_im_size"], to=TensorProto.INT64)
    sizes = g.op("Concat", [g.i([1, c]), hw], axis=0)
    g.op("Resize", [crop, "", "", sizes], out="masks", mode="linear",
         coordinate_transformation_mode="half_pixel")
    save(g, [vi("image_embeddings", [1, 256, 64, 64]), vi("point_coords", [1, "num_points", 2]),
             vi("point_labels", [1, "num_points"]), vi("mask_input", [1, 1, LOW, LOW]),
             vi("has_mask_input", [1]), vi("orig_im_size", [2])],
         [vi("masks", [1, c, "h", "w"]), vi("iou_predictions", [1, c]),
          vi("low_res_masks", [1, c, LOW, LOW])], path, "sam_decoder_fixture")


def sam2_decoder(path):
    g = G()
    low = low_res_logits(g, "point_coords", "point_labels", "mask_input", "has_mask_input",
                         SAM2_RADII, ["image_embed", "high_res_feats_0", "high_res_feats_1"])
    g.op("Identity", [low], out="masks")
    g.op("Identity", [g.f(np.array([SAM2_IOU], np.float32))], out="iou_predictions")
    save(g, [vi("image_embed", [1, 256, 64, 64]), vi("high_res_feats_0", [1, 32, 256, 256]),
             vi("high_res_feats_1", [1, 64, 128, 128]), vi("point_coords", ["b", "n", 2]),
             vi("point_labels", ["b", "n"]), vi("mask_input", ["b", 1, LOW, LOW]),
             vi("has_mask_input", [1])],
         [vi("masks", ["b", 3, LOW, LOW]), vi("iou_predictions", ["b", 3])],
         path, "sam2_decoder_fixture")


def semantic(path, sigmoid, side=256):
    """image [1,3,side,side] min-max normalised -> logits [1,K(+1),side/4,side/4]."""
    g = G()
    p = g.op("AveragePool", ["image"], kernel_shape=[4, 4], strides=[4, 4])
    p = g.op("ReduceMean", [p], axes=[1], keepdims=1)  # [1,1,h,w] in 0..1
    ten = g.f(10.0)
    if sigmoid:
        # K = 2 channels, sigmoid each: class 1 near 0.5, class 2 above 0.75.
        c1 = g.op("Mul", [g.op("Sub", [g.f(0.25), g.op("Abs", [g.op("Sub", [p, g.f(0.5)])])]), ten])
        c2 = g.op("Mul", [g.op("Sub", [p, g.f(0.75)]), ten])
        g.op("Concat", [c1, c2], out="logits", axis=1)
        k = 2
    else:
        # K + 1 = 3 channels, argmax: nearest of 0, 0.5, 1.
        chans = [g.op("Mul", [g.op("Neg", [g.op("Mul", [d, d])]), ten])
                 for d in (g.op("Sub", [p, g.f(c)]) for c in (0.0, 0.5, 1.0))]
        g.op("Concat", chans, out="logits", axis=1)
        k = 3
    q = side // 4
    save(g, [vi("image", [1, 3, side, side])], [vi("logits", [1, k, q, q])], path,
         "semantic_fixture")


def bad_fixtures(out):
    """Models that break a contract, one way each, for the error tests."""
    os.makedirs(out, exist_ok=True)
    # Encoder for 512x512 inputs where SAM expects 1024x1024.
    g = G()
    p = g.op("AveragePool", ["images"], kernel_shape=[8, 8], strides=[8, 8])
    m = g.op("ReduceMean", [p], axes=[1], keepdims=1)
    g.op("Expand", [m, g.i([1, 256, 64, 64])], out="image_embeddings")
    save(g, [vi("images", [1, 3, 512, 512])], [vi("image_embeddings", [1, 256, 64, 64])],
         os.path.join(out, "encoder_512.onnx"), "bad_encoder_512")
    # Decoders: one without orig_im_size, one with int64 point_labels.
    for name, drop, labels_type in (("decoder_no_orig_size.onnx", True, TensorProto.FLOAT),
                                    ("decoder_int_labels.onnx", False, TensorProto.INT64)):
        g = G()
        low = low_res_logits(g, "point_coords", "point_labels", "mask_input", "has_mask_input",
                             SINGLE_RADII, ["image_embeddings"])
        g.op("Identity", [low], out="low_res_masks")
        g.op("Identity", [g.f(np.array([SINGLE_IOU], np.float32))], out="iou_predictions")
        g.op("Identity", [low], out="masks")
        inputs = [vi("image_embeddings", [1, 256, 64, 64]), vi("point_coords", [1, "n", 2]),
                  vi("point_labels", [1, "n"], labels_type), vi("mask_input", [1, 1, LOW, LOW]),
                  vi("has_mask_input", [1])]
        if not drop:
            inputs.append(vi("orig_im_size", [2]))
            g.op("Identity", ["orig_im_size"], out="orig_copy")
        outputs = [vi("masks", [1, 1, LOW, LOW]), vi("iou_predictions", [1, 1]),
                   vi("low_res_masks", [1, 1, LOW, LOW])]
        if not drop:
            outputs.append(vi("orig_copy", [2]))
        save(g, inputs, outputs, os.path.join(out, name), "bad_decoder")
    # A SAM encoder whose normalisation constants live in an external file,
    # as ViT-H exports keep their weights in <name>_data.bin.
    g = G()
    g.inits.append(numpy_helper.from_array(np.array(SAM_MEAN, np.float32).reshape(1, 3, 1, 1), "mean"))
    t = g.op("Sub", ["images", "mean"])
    pool_to(g, t, 16, 256, "image_embeddings")
    graph = helper.make_graph(g.nodes, "external_data", [vi("images", [1, 3, S, S])],
                              [vi("image_embeddings", [1, 256, 64, 64])], g.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 8
    # Move only "mean" out: shape constants must stay inline for inference.
    from onnx.external_data_helper import set_external_data
    mean = next(t for t in model.graph.initializer if t.name == "mean")
    with open(os.path.join(out, "encoder_external_data.bin"), "wb") as f:
        f.write(mean.raw_data)
    set_external_data(mean, location="encoder_external_data.bin", offset=0, length=len(mean.raw_data))
    mean.ClearField("raw_data")
    mean.data_location = TensorProto.EXTERNAL
    onnx.save(model, os.path.join(out, "encoder_external.onnx"))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "engine", "testdata", "models")
    os.makedirs(out, exist_ok=True)
    sam_encoder(os.path.join(out, "sam_encoder.onnx"), False)
    sam_encoder(os.path.join(out, "sam_encoder_preprocess.onnx"), True)
    sam_encoder_batch(os.path.join(out, "sam_encoder_batch.onnx"))
    sam_decoder(os.path.join(out, "sam_decoder.onnx"), SAM_RADII, SAM_IOU)
    sam_decoder(os.path.join(out, "sam_decoder_single.onnx"), SINGLE_RADII, SINGLE_IOU)
    sam2_encoder(os.path.join(out, "sam2_encoder.onnx"))
    sam2_decoder(os.path.join(out, "sam2_decoder.onnx"))
    semantic(os.path.join(out, "semantic_argmax.onnx"), False)
    semantic(os.path.join(out, "semantic_sigmoid.onnx"), True)
    bad_fixtures(os.path.join(out, "bad"))


if __name__ == "__main__":
    main()
