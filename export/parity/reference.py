"""Parity references: build an official architecture at random weights with
a fixed seed, save it as its project saves checkpoints, export it with the
kit, and record what the official Python predicts on real CT slices.

    reference.py sam|medsam|lora|adapter WORKDIR

WORKDIR gets models.yaml (the kit's), the ONNX files, cases-KIND.json and .npy
reference arrays; export/parity_test.go runs segtui's engine on the same
inputs and compares. The official code comes from ../shared/thirdparty,
imported as an installed package would be (on sys.path / PYTHONPATH).
"""

import os
import sys

import numpy as np

import common

SEED = 10
BUILD_ONLY = "--build-only" in sys.argv  # export the variant, skip the reference outputs


def predictor_cases(sam, SamPredictor, cases, variant):
    """SamPredictor.predict on every slice for the prompt kinds segtui sends:
    one point, a positive and a negative point, a box, a box with a point,
    and the points again refining the one-point result (its chosen low-res
    logits as mask_input); once with multimask_output=True taking the best
    score (segtui's --multimask best) and once with multimask_output=False
    (token 0, --multimask single)."""
    pred = SamPredictor(sam)
    for sl in common.slices(cases.work):
        pred.set_image(sl["image"])
        pos = common.inner_point(sl["target"])
        neg = common.inner_point(sl["other"])
        box = common.bbox(sl["target"])
        prompts = [
            ("point", [pos + [1]], None, None),
            ("points", [pos + [1], neg + [0]], None, None),
            ("box", [], box, None),
            ("box+point", [pos + [1]], box, None),
            ("refine", [pos + [1], neg + [0]], None, "point"),
        ]
        for mode, multimask in (("best", True), ("single", False)):
            prefix = f"{variant}-{mode}-"  # the kinds share a folder
            low = {}
            for kind, points, b, prev in prompts:
                kw = dict(multimask_output=multimask, return_logits=True)
                if points:
                    kw["point_coords"] = np.array([p[:2] for p in points], dtype=float)
                    kw["point_labels"] = np.array([p[2] for p in points])
                if b is not None:
                    kw["box"] = np.array(b, dtype=float)
                if prev:
                    kw["mask_input"] = low[prev][None]
                masks, scores, lowres = pred.predict(**kw)
                best = int(np.argmax(scores))
                low[kind] = lowres[best]
                name = f"{prefix}{sl['name']}-{kind}"
                cases.add(name=name, variant=variant, multimask=mode, image=sl["path"], points=points, box=b,
                          prev=f"{prefix}{sl['name']}-{prev}" if prev else None,
                          lowres=cases.array(name + "-lowres", lowres[best].astype(np.float32)),
                          mask=cases.array(name + "-mask", (masks[best] > 0).astype(np.uint8)),
                          score=float(scores[best]), token=best + (1 if multimask else 0),
                          fraction=float((masks[best] > 0).mean()))


def sam(work):
    sys.path.insert(0, common.OFFICIAL)
    import torch
    from segment_anything import SamPredictor
    from segment_anything import modeling

    torch.manual_seed(SEED)
    model = common.build_sam(modeling, torch)
    common.randomise_zero_inits(model, torch, SEED)
    ckpt = os.path.join(work, "sam_tiny.pth")
    torch.save(model.state_dict(), ckpt)  # as sam_vit_b_01ec64.pth: a plain state dict
    common.run_kit(["sam", "--checkpoint", ckpt, "--models", os.path.join(work, "models.yaml"), "--name", "sam"],
                   common.OFFICIAL)
    if BUILD_ONLY:
        return
    cases = common.Cases(work, kind="sam")
    predictor_cases(model, SamPredictor, cases, "sam")
    cases.write()


def adapter(work):
    sys.path.insert(0, common.OFFICIAL)
    import torch
    from segment_anything import SamPredictor

    import adapter_model

    torch.manual_seed(SEED + 3)
    model = adapter_model.adapter_sam()
    common.randomise_zero_inits(model, torch, SEED + 3)
    ckpt = os.path.join(work, "adapter_tiny.pth")
    torch.save(model.state_dict(), ckpt)
    common.run_kit(["custom", "--builder", "adapter_model:build", "--builder-path", common.HERE, "--checkpoint", ckpt,
                    "--prompted", "--models", os.path.join(work, "models.yaml"), "--name", "adapter"], common.OFFICIAL)
    if BUILD_ONLY:
        return
    cases = common.Cases(work, kind="adapter")
    predictor_cases(model, SamPredictor, cases, "adapter")
    cases.write()


def fixtures(work):
    """Inputs for the kit's error tests: tiny SAM checkpoints of two depths,
    a SAMed LoRA file (rank 4, 8 classes) on the first, an adapter
    checkpoint, a SAM 2-like state dict and a file that is no checkpoint."""
    sys.path.insert(0, common.SAMED)
    samed_standins()
    import torch
    from segment_anything.build_sam import _build_sam
    import sam_lora_image_encoder

    tiny = (common.TINY["embed_dim"], common.TINY["depth"], common.TINY["num_heads"], common.TINY["global_attn_indexes"])
    torch.manual_seed(SEED)
    base, _ = _build_sam(*tiny, num_classes=3, image_size=1024, pixel_mean=[123.675, 116.28, 103.53],
                         pixel_std=[58.395, 57.12, 57.375])
    torch.save(base.state_dict(), os.path.join(work, "sam_tiny.pth"))
    shallow, _ = _build_sam(tiny[0], 2, tiny[2], [1], num_classes=3, image_size=1024,
                            pixel_mean=[123.675, 116.28, 103.53], pixel_std=[58.395, 57.12, 57.375])
    torch.save(shallow.state_dict(), os.path.join(work, "sam_shallow.pth"))
    sam, _ = _build_sam(*tiny, num_classes=8, image_size=512, pixel_mean=[0, 0, 0], pixel_std=[1, 1, 1],
                        checkpoint=os.path.join(work, "sam_tiny.pth"))
    sam_lora_image_encoder.LoRA_Sam(sam, 4).save_lora_parameters(os.path.join(work, "lora_r4.pth"))
    sys.path.insert(0, common.HERE)
    import adapter_model

    torch.save(adapter_model.adapter_sam().state_dict(), os.path.join(work, "adapter.pth"))
    torch.save({"image_encoder.trunk.patch_embed.proj.weight": torch.zeros(1),
                "sam_mask_decoder.iou_token.weight": torch.zeros(1)}, os.path.join(work, "sam2_like.pth"))
    with open(os.path.join(work, "notes.pth"), "w") as f:
        f.write("not a checkpoint\n")
    common.Cases(work, kind="fixtures").write()


def vit_b(work):
    """The full-size check (make export-check): SAM's own vit_b builder at
    random weights, exported with --type vit_b, one box prompt on one slice."""
    import time

    sys.path.insert(0, common.OFFICIAL)
    import torch
    from segment_anything import SamPredictor, sam_model_registry

    torch.manual_seed(SEED)
    model = sam_model_registry["vit_b"]().eval()
    common.randomise_zero_inits(model, torch, SEED)
    ckpt = os.path.join(work, "sam_vit_b_random.pth")
    torch.save(model.state_dict(), ckpt)
    print(f"checkpoint {ckpt}: {os.path.getsize(ckpt) / 2**20:.0f} MiB", file=sys.stderr)
    t = time.time()
    common.run_kit(["sam", "--type", "vit_b", "--checkpoint", ckpt, "--models", os.path.join(work, "models.yaml"),
                    "--name", "sam-vit-b"], common.OFFICIAL)
    print(f"export: {time.time() - t:.1f} s in all", file=sys.stderr)
    sl = common.slices(work)[1]
    pred = SamPredictor(model)
    t = time.time()
    pred.set_image(sl["image"])
    print(f"SamPredictor.set_image (PyTorch, CPU): {time.time() - t:.1f} s", file=sys.stderr)
    box = common.bbox(sl["target"])
    masks, scores, lowres = pred.predict(box=np.array(box, dtype=float), multimask_output=True, return_logits=True)
    best = int(np.argmax(scores))
    cases = common.Cases(work, kind="vit_b")
    name = f"sam-vit-b-{sl['name']}-box"
    cases.add(name=name, variant="sam-vit-b", multimask="best", image=sl["path"], points=[], box=box, prev=None,
              lowres=cases.array(name + "-lowres", lowres[best].astype(np.float32)),
              mask=cases.array(name + "-mask", (masks[best] > 0).astype(np.uint8)), score=float(scores[best]),
              token=best + 1, fraction=float((masks[best] > 0).mean()))
    cases.write()


def medsam_script():
    """MedSAM_Inference.py's own code, run as it is: its medsam_inference
    function and the script lines from reading the image to calling it
    (preprocessing, box scaling, encoding). The script parses arguments and
    loads a checkpoint at import, so those lines are taken out with ast
    instead of importing it."""
    import ast

    path = os.path.join(common.THIRDPARTY, "MedSAM", "MedSAM_Inference.py")
    src = open(path).read()
    tree = ast.parse(src)
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "medsam_inference")
    start = next(i for i, n in enumerate(tree.body) if ast.get_source_segment(src, n).startswith("img_np = io.imread"))
    end = next(i for i, n in enumerate(tree.body) if ast.get_source_segment(src, n).startswith("medsam_seg = medsam_inference"))
    body = ast.Module(body=[fn] + tree.body[start:end + 1], type_ignores=[])
    return compile(body, path, "exec")


def medsam(work):
    sys.path.insert(0, common.OFFICIAL)  # MedSAM's segment_anything equals the official one (SOURCE.md)
    from types import SimpleNamespace

    import torch
    import torch.nn.functional as F
    from skimage import io, transform
    from segment_anything import modeling

    torch.manual_seed(SEED + 1)
    model = common.build_sam(modeling, torch)
    common.randomise_zero_inits(model, torch, SEED + 1)
    ckpt = os.path.join(work, "medsam_tiny.pth")
    torch.save({"model": model.state_dict(), "epoch": 0}, ckpt)  # as MedSAM's train_one_gpu.py saves
    for name, extra in (("medsam", []), ("medsam4", ["--all-masks"])):
        common.run_kit(["medsam", "--checkpoint", ckpt, "--models", os.path.join(work, "models.yaml"), "--name", name]
                       + extra, common.OFFICIAL)
    if BUILD_ONLY:
        return
    code = medsam_script()
    captured = []
    model.mask_decoder.register_forward_hook(lambda mod, inp, out: captured.append(out[0].detach().clone()))
    cases = common.Cases(work, kind="medsam")
    for sl in common.slices(work):
        for organ, mask in (("target", sl["target"]), ("other", sl["other"])):
            box = common.bbox(mask)
            captured.clear()
            ns = dict(np=np, torch=torch, F=F, io=io, transform=transform, medsam_model=model, device="cpu",
                      args=SimpleNamespace(data_path=sl["path"], box="[" + ",".join(str(v) for v in box) + "]"))
            exec(code, ns)
            seg, low = ns["medsam_seg"], captured[-1][0, 0].numpy()
            n = f"medsam-{sl['name']}-box-{organ}"
            arrays = dict(lowres=cases.array(n + "-lowres", low.astype(np.float32)),
                          mask=cases.array(n + "-mask", seg.astype(np.uint8)))
            # the token-0 export, and the four-token one under segtui's rule
            for variant in ("medsam", "medsam4"):
                cases.add(name=f"{variant}-{sl['name']}-box-{organ}", variant=variant, image=sl["path"], points=[],
                          box=box, prev=None, score=0.0, token=0, fraction=float(seg.mean()), **arrays)
    cases.write()


SYNAPSE = "3:spleen,2:right kidney,13:left kidney,9:gallbladder,1:liver,11:stomach,5:aorta,4:pancreas"


def samed_standins():
    """SAMed's files import modules Debian lacks and the inference path does
    not use (SOURCE.md): safetensors (imported, never called), and for
    utils.py medpy's metrics, SimpleITK's file output and einops' repeat.
    Stand-ins go into sys.modules first; SimpleITK's records what
    test_single_volume writes, which is how its prediction is read back."""
    import types

    import torch

    written = {}
    st = types.ModuleType("safetensors")
    st.safe_open = None
    st_torch = types.ModuleType("safetensors.torch")
    st_torch.save_file = None
    medpy = types.ModuleType("medpy")
    medpy.metric = types.SimpleNamespace(binary=types.SimpleNamespace(dc=lambda p, g: 0.0, hd95=lambda p, g: 0.0))

    class Img:
        def __init__(self, a):
            self.a = a

        def SetSpacing(self, s):
            pass

    sitk = types.ModuleType("SimpleITK")
    sitk.GetImageFromArray = Img
    sitk.WriteImage = lambda img, path: written.__setitem__(path, img.a)
    einops = types.ModuleType("einops")
    # utils.py's only use: 'b c h w -> b (repeat c) h w', repeat=3 on one channel
    einops.repeat = lambda x, pattern, repeat: x.repeat(1, repeat, 1, 1)
    sys.modules.update({"safetensors": st, "safetensors.torch": st_torch, "medpy": medpy,
                        "SimpleITK": sitk, "einops": einops})
    torch.Tensor.cuda = lambda self, *a, **k: self  # test_single_volume moves inputs to the GPU
    return written


def lora(work, ct_npy):
    sys.path.insert(0, common.SAMED)  # SAMed's own segment_anything, never the official one
    written = samed_standins()
    import torch
    from segment_anything.build_sam import _build_sam
    import sam_lora_image_encoder
    import sam_lora_image_encoder_mask_decoder
    import utils

    tiny = (common.TINY["embed_dim"], common.TINY["depth"], common.TINY["num_heads"], common.TINY["global_attn_indexes"])
    torch.manual_seed(SEED + 2)
    base, _ = _build_sam(*tiny, num_classes=3, image_size=1024, pixel_mean=[123.675, 116.28, 103.53],
                         pixel_std=[58.395, 57.12, 57.375])  # SAM's own architecture at 1024
    common.randomise_zero_inits(base, torch, SEED + 2)
    base_path = os.path.join(work, "sam_base.pth")
    torch.save(base.state_dict(), base_path)
    ids = [int(c.split(":")[0]) for c in SYNAPSE.split(",")]
    lut = np.array([0] + ids, dtype=np.uint8)  # channel -> class id

    # The slices as SAMed's test_single_volume takes them: 0..1 floats. The
    # PNGs are 8-bit windowed CT (v/255); the DICOM slice is in HU and gets
    # SAMed's preprocessing (clip to -125..275, scale to 0..1).
    slices = []
    for sl in common.slices(work):
        if sl["name"] != "amos_0006_90":
            slices.append((sl["name"], sl["path"], sl["image"][..., 0].astype(np.float32) / 255.0, None))
    if ct_npy:
        hu = np.clip(np.load(ct_npy).astype(np.float32), -125, 275)  # preprocess_data.py, in float32 as there
        slices.append(("dicom_ct", ct_npy, (hu - (-125)) / (275 - (-125)), [75, 400]))

    cases = common.Cases(work, kind="lora", variants=[])
    for rank, decoder in ((1, False), (4, True), (8, False)):
        torch.manual_seed(SEED + 10 + rank)
        sam, _ = _build_sam(*tiny, num_classes=8, image_size=512, pixel_mean=[0, 0, 0], pixel_std=[1, 1, 1],
                            checkpoint=base_path)  # SAMed's load_from resizes the base to 512
        mod = sam_lora_image_encoder_mask_decoder if decoder else sam_lora_image_encoder
        net = mod.LoRA_Sam(sam, rank)
        pairs = [(a, b) for a, b in zip(net.w_As, net.w_Bs)]
        if decoder:
            pairs += list(zip(net.self_attn_As, net.self_attn_Bs)) + list(zip(net.cross_attn_ti_As, net.cross_attn_ti_Bs))
            pairs += list(zip(net.cross_attn_it_As, net.cross_attn_it_Bs))
            pairs += [(net.fa_ti_q_proj_A, net.fa_ti_q_proj_B), (net.fa_ti_v_proj_A, net.fa_ti_v_proj_B)]
        with torch.no_grad():  # a trained LoRA: B is no longer zero
            for a, b in pairs:
                b.weight.normal_(0, 0.5 / rank ** 0.5)
        lora_path = os.path.join(work, f"lora_r{rank}.pth")
        net.save_lora_parameters(lora_path)
        name = f"lora-r{rank}"
        common.run_kit(["lora", "--base", base_path, "--lora", lora_path, "--rank", str(rank), "--classes", SYNAPSE,
                        "--repo", common.SAMED, "--models", os.path.join(work, "models.yaml"), "--name", name],
                       common.SAMED)
        cases.doc["variants"].append(name)
        if BUILD_ONLY:
            continue
        net.eval()
        for sname, path, img, window in slices:
            written.clear()
            label = torch.zeros((1,) + img.shape)
            utils.test_single_volume(torch.from_numpy(img)[None], label, net, classes=8, multimask_output=True,
                                     patch_size=[512, 512], input_size=[512, 512], test_save_path=work, case="ref")
            pred = written[os.path.join(work, "ref_pred.nii.gz")].astype(np.int64)
            n = f"{name}-{sname}"
            case = dict(name=n, variant=name, image=path, points=[], box=None, prev=None,
                        mask=cases.array(n + "-labels", lut[pred]), score=0.0, token=0, window=window)
            if sname == "amos_0004_75":
                # The merged export against the unmerged model on one input:
                # the 0..255 image segtui hands the graph, and SAMed's logits.
                x = torch.from_numpy(img).float()[None, None].repeat(1, 3, 1, 1)
                with torch.no_grad():
                    logits = net(x, True, 512)["low_res_logits"]
                case["input"] = cases.array(n + "-input", (x * 255).numpy().astype(np.float32))
                case["logits"] = cases.array(n + "-logits", logits.numpy().astype(np.float32))
                with torch.no_grad():  # how much the LoRA changes the labels
                    saved = [b.weight.clone() for _, b in pairs]
                    for _, b in pairs:
                        b.weight.zero_()
                    plain = net(x, True, 512)["masks"].argmax(1)[0].numpy()
                    for (_, b), w in zip(pairs, saved):
                        b.weight.copy_(w)
                case["lora_changes"] = float((plain != pred).mean())
            cases.add(**case)
    cases.write()


def main():
    args = [a for a in sys.argv[1:] if a != "--build-only"]
    kind, work = args[0], args[1]
    os.makedirs(work, exist_ok=True)
    if kind == "lora":
        lora(work, args[2] if len(args) > 2 else None)
    else:
        {"sam": sam, "medsam": medsam, "adapter": adapter, "fixtures": fixtures,
         "vit_b": vit_b}[kind](work)


if __name__ == "__main__":
    main()
