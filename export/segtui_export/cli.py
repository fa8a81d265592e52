"""The command line: one command per kind of variant."""

import argparse
import os
import sys
import time

from . import __doc__ as package_doc
from .errors import ExportError
from .kinds import KINDS
from .writer import write_variant


def _common(p):
    p.add_argument("--models", default="models.yaml", metavar="FILE",
                   help="manifest to add the variant to (created if missing; default ./models.yaml)")
    p.add_argument("--out", metavar="DIR", help="folder for the ONNX files (default: the manifest's folder)")
    p.add_argument("--name", help="variant name in the manifest (default from the command and model)")
    p.add_argument("--force", action="store_true",
                   help="replace a variant of the same name and its files (otherwise refused)")
    p.add_argument("--repo", metavar="PATH",
                   help="a training repository holding its own segment_anything/ (SAMed, MedSAM); "
                        "default: the installed segment_anything")
    p.add_argument("--opset", type=int, default=17, help="ONNX opset (default 17, as SAM's export script)")
    p.add_argument("--external-data", choices=("auto", "yes", "no"), default="auto",
                   help="keep weights in NAME_data.bin beside the .onnx (auto: when they near protobuf's 2 GiB limit, as ViT-H)")


def _type(p):
    p.add_argument("--type", default="auto", choices=("auto", "vit_b", "vit_l", "vit_h"),
                   help="SAM image-encoder size; auto reads it from the checkpoint (default)")


def parser():
    ap = argparse.ArgumentParser(
        prog="segtui-export",
        description=package_doc.strip().splitlines()[0],
        epilog="Each command prints the files it wrote and the two commands that open them in segtui.")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("sam", help="an official SAM checkpoint (vit_b, vit_l, vit_h) as the sam family",
                       description="Export a SAM checkpoint: the image encoder (input [1,3,S,S], normalised and "
                                   "padded by segtui) and the official prompt-encoder/mask-decoder export "
                                   "(SamOnnxModel, all four mask outputs).")
    p.add_argument("--checkpoint", required=True, metavar="FILE", help="SAM state dict (.pth)")
    _type(p)
    _common(p)

    p = sub.add_parser("medsam", help="a MedSAM checkpoint as the medsam family",
                       description="Export a MedSAM checkpoint (SAM's architecture) with MedSAM's preprocessing. "
                                   "The decoder returns mask token 0, the one medsam_inference uses "
                                   "(multimask_output=False).")
    p.add_argument("--checkpoint", required=True, metavar="FILE", help="MedSAM state dict, or a training checkpoint with one under 'model'")
    p.add_argument("--all-masks", action="store_true", help="keep all four mask outputs (the official export's layout)")
    _type(p)
    _common(p)

    p = sub.add_parser("lora", help="a base SAM checkpoint plus a SAMed LoRA file as the semantic family",
                       description="Merge a SAMed LoRA file (w_a_NNN/w_b_NNN, optionally decoder LoRA, with its "
                                   "prompt-encoder and mask-decoder tensors) into its base SAM (W + BA) and export "
                                   "the promptless multi-class model with SAMed's preprocessing.")
    p.add_argument("--base", required=True, metavar="FILE", help="the SAM checkpoint the LoRA was trained on")
    p.add_argument("--lora", required=True, metavar="FILE", help="SAMed LoRA file (save_lora_parameters)")
    p.add_argument("--rank", type=int, help="expected LoRA rank (checked against the file)")
    p.add_argument("--img-size", type=int, default=512, help="input size the LoRA was trained at (SAMed: 512)")
    p.add_argument("--classes", metavar="SPEC",
                   help="class ids and names in channel order: a text file of 'ID NAME' lines, or 'liver,spleen' "
                        "or '1:liver,3:spleen'; the count must match the file (default: class 1..K)")
    p.add_argument("--window", default="75,400", metavar="L,W|none",
                   help="CT window that gives the model's 0..1 input (SAMed: -125..275 HU, level 75 width 400)")
    p.add_argument("--pixel-mean", default="0,0,0", help="normalisation after scaling to 0..1 (SAMed test.py: 0,0,0)")
    p.add_argument("--pixel-std", default="1,1,1", help="(SAMed test.py: 1,1,1)")
    _type(p)
    _common(p)

    p = sub.add_parser("custom", help="any SAM-structured model from your own builder (adapters and others)",
                       description="Export the module that --builder returns: it must have image_encoder, "
                                   "prompt_encoder and mask_decoder as SAM's, with your weights loaded.")
    p.add_argument("--builder", required=True, metavar="MODULE:FUNCTION",
                   help="function returning the model; called with --checkpoint when given")
    p.add_argument("--builder-path", metavar="DIR", default=".",
                   help="folder to import MODULE from (default: the current folder)")
    p.add_argument("--checkpoint", metavar="FILE", help="passed to the builder as its only argument")
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--prompted", action="store_true", help="points/boxes -> masks (sam family)")
    mode.add_argument("--promptless", action="store_true", help="every class at once (semantic family)")
    p.add_argument("--classes", metavar="SPEC", help="promptless: as for lora (default: class 1..C-1)")
    p.add_argument("--activation", choices=("argmax", "sigmoid"), default="argmax", help="promptless: how logits become labels")
    p.add_argument("--input-range", choices=("auto", "unit", "byte"), default="auto",
                   help="promptless: the model's input before its own normalisation, 0..1 (unit) or 0..255 "
                        "(byte); auto: byte when its pixel_mean is above 1, as SAM's")
    p.add_argument("--window", default="none", metavar="L,W|none", help="promptless: CT window for the 0..255 input")
    p.add_argument("--resize", choices=("bilinear", "zoom", "pil", "skimage"),
                   help="promptless: how segtui resamples to the network, as your inference code does "
                        "(zoom: SAMed's scipy zoom with labels back by nearest; default bilinear)")
    _common(p)
    return ap


def main(argv=None):
    ap = parser()
    args = ap.parse_args(argv)
    if not args.command:
        ap.print_help(sys.stderr)
        return 2
    try:
        t0 = time.time()
        export = KINDS[args.command](args)
        write_variant(args, export, t0)
    except ExportError as e:
        print(f"segtui-export {args.command}: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"segtui-export {args.command}: interrupted; nothing was written", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
