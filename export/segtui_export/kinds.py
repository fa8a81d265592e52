"""Per command: read and check the inputs, build the model, and describe the
graphs and the manifest entry. Nothing is written here (see writer.py)."""

import importlib
import os
import sys
from dataclasses import dataclass, field

import torch

from . import arch as archs
from . import classes as class_specs
from . import graphs, lora, samcode
from .checkpoint import diff, load_into, load_state_dict, mismatch_text
from .errors import ExportError, few

SAM_MEAN = (123.675, 116.28, 103.53)
SAM_STD = (58.395, 57.12, 57.375)


@dataclass
class Graph:
    role: str  # "encoder" or "decoder"; the file is NAME_ROLE.onnx (semantic: NAME.onnx)
    module: torch.nn.Module
    args: tuple
    input_names: list
    output_names: list
    dynamic_axes: dict


@dataclass
class Export:
    name: str
    family: str
    graphs: list
    preprocess: dict = field(default_factory=dict)
    activation: str = ""
    classes: list = field(default_factory=list)
    comment: str = ""
    summary: str = ""


def _window(spec):
    if not spec or spec == "none":
        return None
    try:
        level, width = (float(v) for v in spec.split(","))
    except ValueError:
        raise ExportError(f"--window {spec!r}: expected LEVEL,WIDTH (e.g. 75,400) or none")
    if width <= 0:
        raise ExportError(f"--window {spec!r}: width must be positive")
    return {"level": level, "width": width}


def _triple(spec, flag):
    try:
        v = tuple(float(x) for x in spec.split(","))
    except ValueError:
        v = ()
    if len(v) != 3:
        raise ExportError(f"{flag} {spec!r}: expected three numbers R,G,B")
    return v


def _encoder_graphs(sam, decoder):
    s = sam.image_encoder.img_size
    enc = Graph("encoder", graphs.Encoder(sam.image_encoder).eval(), (torch.zeros(1, 3, s, s),),
                ["image"], ["image_embeddings"], {"image": {0: "batch"}, "image_embeddings": {0: "batch"}})
    dummy = graphs.decoder_dummy(sam)
    dec = Graph("decoder", decoder.eval(), tuple(dummy.values()), list(dummy),
                ["masks", "iou_predictions", "low_res_masks"],
                {"point_coords": {1: "num_points"}, "point_labels": {1: "num_points"}})
    return [enc, dec]


def _sam_model(args, sc, what):
    sd = load_state_dict(args.checkpoint)
    a = archs.infer(sd, f"checkpoint {args.checkpoint}") if args.type == "auto" else archs.known(args.type)
    sam = archs.build(sc, a)
    load_into(sam, sd, args.checkpoint, f"{what} {a.type_name()}", archs.describe(sd))
    return sam, a


def sam_kind(args):
    sc = samcode.load(args.repo)
    sam, a = _sam_model(args, sc, "SAM")
    t = a.type_name()
    short = t if t in archs.KNOWN else "custom"
    pp = {} if a.img_size == 1024 else {"input_size": a.img_size}
    return Export(
        name=args.name or f"sam-{short.replace('_', '-')}", family="sam",
        graphs=_encoder_graphs(sam, sc.SamOnnxModel(sam, return_single_mask=False)), preprocess=pp,
        comment=f"segtui-export sam: {os.path.basename(args.checkpoint)}, {short}",
        summary=f"SAM {t}, input {a.img_size}, {a.num_mask_tokens} mask outputs")


def medsam_kind(args):
    sc = samcode.load(args.repo)
    sam, a = _sam_model(args, sc, "MedSAM (SAM architecture)")
    if args.all_masks:
        dec = sc.SamOnnxModel(sam, return_single_mask=False)
    else:
        dec = graphs.single_mask_model(sc.SamOnnxModel)(sam, return_single_mask=False)
    pp = {} if a.img_size == 1024 else {"input_size": a.img_size}
    n = a.num_mask_tokens if args.all_masks else 1
    return Export(
        name=args.name or "medsam", family="medsam", graphs=_encoder_graphs(sam, dec), preprocess=pp,
        comment=f"segtui-export medsam: {os.path.basename(args.checkpoint)}" + (", all masks" if args.all_masks else ""),
        summary=f"MedSAM {a.type_name()}, input {a.img_size}, {n} mask output{'s' if n > 1 else ''}")


def _semantic_graph(model, size, scale, mean, std):
    g = graphs.Promptless(model, scale, mean, std).eval()
    return Graph("model", g, (torch.zeros(1, 3, size, size),), ["image"], ["logits"], {})


def lora_kind(args):
    sc = samcode.load(args.repo)
    if args.img_size <= 0 or args.img_size % 16:
        raise ExportError(f"--img-size {args.img_size}: expected a positive multiple of 16 (SAMed: 512)")
    base_sd = load_state_dict(args.base, "base checkpoint")
    lora_sd = load_state_dict(args.lora, "LoRA file")
    lf = lora.LoraFile(args.lora, lora_sd)
    if args.rank is not None and args.rank != lf.rank:
        raise ExportError(f"LoRA file {args.lora} has rank {lf.rank}, but --rank says {args.rank}")
    base = archs.infer(base_sd, f"base checkpoint {args.base}")
    if args.type != "auto" and base.type_name() != args.type:
        raise ExportError(f"base checkpoint {args.base} is not SAM {args.type}: it is {archs.describe(base_sd)}")
    classes = class_specs.parse(args.classes, lf.num_classes)
    a = base.with_(img_size=args.img_size, num_mask_tokens=lf.num_classes + 1)
    model = archs.build(sc, a)
    resized = lora.resize_base(base_sd, a, base)
    trained = lf.trained_parts()
    combined = {**resized, **trained}
    missing, unexpected, shapes = diff(model.state_dict(), combined)
    if missing or unexpected or shapes:
        raise ExportError(f"base checkpoint {args.base} with LoRA file {args.lora} does not make a SAMed model of "
                          f"{lf.num_classes} classes at input {args.img_size}: {mismatch_text(missing, unexpected, shapes)}")
    model.load_state_dict(combined, strict=True)
    lora.merge(model, lf)
    mean, std = _triple(args.pixel_mean, "--pixel-mean"), _triple(args.pixel_std, "--pixel-std")
    # SAMed's test_single_volume: scipy zoom to the network, labels back by nearest
    pp = {"input_size": a.img_size, "aspect": "stretch", "normalize": "none", "resize": "zoom"}
    win = _window(args.window)
    if win:
        pp["window"] = win
    where = "image encoder and mask decoder" if lf.decoder else "image encoder"
    return Export(
        name=args.name or f"lora-r{lf.rank}", family="semantic",
        graphs=[_semantic_graph(model, a.img_size, 1 / 255, mean, std)], preprocess=pp,
        activation="argmax", classes=classes,
        comment=f"segtui-export lora: {os.path.basename(args.base)} + {os.path.basename(args.lora)}, rank {lf.rank}",
        summary=f"SAMed LoRA rank {lf.rank} on the {where} of SAM {base.type_name()}, merged; "
                f"input {a.img_size}, {lf.num_classes} classes + background")


def _call_builder(args):
    spec = args.builder
    if ":" not in spec:
        raise ExportError(f"--builder {spec!r}: expected MODULE:FUNCTION")
    mod_name, fn_name = spec.split(":", 1)
    path = os.path.abspath(args.builder_path)
    if not os.path.isdir(path):
        raise ExportError(f"--builder-path {args.builder_path}: no such folder")
    sys.path.insert(0, path)
    if args.repo:
        samcode.load(args.repo)
    try:
        mod = importlib.import_module(mod_name)
    except Exception as e:
        raise ExportError(f"--builder {spec}: cannot import {mod_name} (from {path} or the installed packages): "
                          f"{type(e).__name__}: {e}")
    fn = getattr(mod, fn_name, None)
    if not callable(fn):
        raise ExportError(f"--builder {spec}: {mod_name} has no function {fn_name}")
    if args.checkpoint and not os.path.isfile(args.checkpoint):
        raise ExportError(f"checkpoint {args.checkpoint} does not exist")
    call = f"{spec}({args.checkpoint!r})" if args.checkpoint else f"{spec}()"
    try:
        model = fn(args.checkpoint) if args.checkpoint else fn()
    except Exception as e:
        raise ExportError(f"builder {call} failed: {type(e).__name__}: {e}")
    return model, call


def _check_structure(model, call):
    if not isinstance(model, torch.nn.Module):
        raise ExportError(f"builder {call} returned a {type(model).__name__}, expected a torch.nn.Module")
    parts = {"image_encoder": ("img_size",), "prompt_encoder": ("get_dense_pe", "embed_dim", "image_embedding_size",
                                                                 "pe_layer", "point_embeddings", "not_a_point_embed",
                                                                 "no_mask_embed", "mask_downscaling"),
             "mask_decoder": ("predict_masks", "num_mask_tokens")}
    problems = []
    for part, attrs in parts.items():
        sub = getattr(model, part, None)
        if not isinstance(sub, torch.nn.Module):
            problems.append(f"no {part} module")
            continue
        problems += [f"{part} has no {a}" for a in attrs if not hasattr(sub, a)]
    if problems:
        raise ExportError(f"builder {call} returned a {type(model).__name__} without SAM's structure: {few(problems, 4)}; "
                          f"expected image_encoder, prompt_encoder and mask_decoder as segment_anything's Sam has")
    model.eval()
    s = model.image_encoder.img_size
    try:
        with torch.no_grad():
            emb = model.image_encoder(torch.zeros(1, 3, s, s))
    except Exception as e:
        raise ExportError(f"builder {call}: image_encoder on a [1,3,{s},{s}] input failed: {type(e).__name__}: {e}")
    want = (1, 256, s // 16, s // 16)
    if tuple(emb.shape) != want:
        raise ExportError(f"builder {call}: image_encoder returns {tuple(emb.shape)}, expected {want} "
                          f"(256-channel embeddings at 1/16 of the input, as SAM's)")
    return s


def custom_kind(args):
    model, call = _call_builder(args)
    s = _check_structure(model, call)
    mean = tuple(float(v) for v in getattr(model, "pixel_mean", torch.zeros(3)).flatten())
    std = tuple(float(v) for v in getattr(model, "pixel_std", torch.ones(3)).flatten())
    if args.prompted:
        sc = samcode.load(args.repo)
        if _close(mean, SAM_MEAN) and _close(std, SAM_STD):
            norm = "sam"
        elif _close(mean, (0, 0, 0)) and _close(std, (1, 1, 1)):
            norm = "none"
        else:
            raise ExportError(f"builder {call}: pixel_mean {mean} and pixel_std {std} are neither SAM's nor 0/1; "
                              f"segtui pads after normalising, so a prompted model needs one of those")
        pp = {"input_size": s} if s != 1024 else {}
        if norm != "sam":
            pp["normalize"] = norm
        n = model.mask_decoder.num_mask_tokens
        return Export(
            name=args.name or call.split(":")[1].split("(")[0], family="sam",
            graphs=_encoder_graphs(model, sc.SamOnnxModel(model, return_single_mask=False)), preprocess=pp,
            comment=f"segtui-export custom: {args.builder}, prompted",
            summary=f"{type(model).__name__} from {call}, input {s}, {n} mask outputs")
    channels = model.mask_decoder.num_mask_tokens
    classes = _custom_classes(args, channels)
    rng = args.input_range
    if rng == "auto":
        rng = "byte" if max(mean) > 1 else "unit"
    pp = {"input_size": s, "aspect": "stretch", "normalize": "none"}
    if args.resize:
        pp["resize"] = args.resize
    win = _window(args.window)
    if win:
        pp["window"] = win
    return Export(
        name=args.name or call.split(":")[1].split("(")[0], family="semantic",
        graphs=[_semantic_graph(model, s, 1 / 255 if rng == "unit" else 1.0, mean, std)], preprocess=pp,
        activation=args.activation, classes=classes,
        comment=f"segtui-export custom: {args.builder}, promptless",
        summary=f"{type(model).__name__} from {call}, promptless, input {s} ({rng} range), {channels} channels")


def _custom_classes(args, channels):
    """Classes for C channels: C-1 with a background channel, or C."""
    errors = []
    for count in ((channels - 1, channels) if args.activation == "argmax" else (channels,)):
        try:
            return class_specs.parse(args.classes, count)
        except ExportError as e:
            errors.append(str(e))
    raise ExportError(f"the mask decoder has {channels} mask tokens: {errors[0]}")


def _close(a, b):
    return len(a) == len(b) and all(abs(x - y) < 1e-3 for x, y in zip(a, b))


KINDS = {"sam": sam_kind, "medsam": medsam_kind, "lora": lora_kind, "custom": custom_kind}

