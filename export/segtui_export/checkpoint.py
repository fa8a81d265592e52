"""Reading PyTorch checkpoints and loading them into a model strictly, with
errors that name what is missing, unexpected or of the wrong shape."""

import os
import zipfile

import torch

from .errors import ExportError, few


def load_state_dict(path, role="checkpoint"):
    """A checkpoint's tensors: a plain state dict as SAM, MedSAM and SAMed
    publish, or one under 'model'/'state_dict' as training scripts save it;
    DataParallel's 'module.' prefix is dropped."""
    if not path:
        raise ExportError(f"no {role} given")
    if not os.path.isfile(path):
        raise ExportError(f"{role} {path} does not exist")
    try:
        obj = torch.load(path, map_location="cpu")
    except (RuntimeError, EOFError, OSError, ValueError, zipfile.BadZipFile, ModuleNotFoundError, AttributeError) as e:
        raise ExportError(f"{role} {path} is not a readable PyTorch checkpoint: {e}")
    except Exception as e:  # pickle raises many kinds for files that are not checkpoints
        raise ExportError(f"{role} {path} is not a readable PyTorch checkpoint: {type(e).__name__}: {e}")
    if isinstance(obj, dict):
        for key in ("model", "state_dict"):
            inner = obj.get(key)
            if isinstance(inner, dict) and inner and all(torch.is_tensor(v) for v in inner.values()):
                obj = inner
                break
    if not isinstance(obj, dict) or not obj:
        raise ExportError(f"{role} {path} holds a {type(obj).__name__}, expected a dict of tensors (a state dict)")
    sd = {}
    for k, v in obj.items():
        if not torch.is_tensor(v):
            raise ExportError(f"{role} {path}: entry {k!r} is a {type(v).__name__}, expected tensors only (a state dict)")
        sd[k[len("module."):] if k.startswith("module.") else k] = v
    return sd


def diff(model_sd, sd):
    """Keys the model needs that sd lacks, keys sd has that the model lacks,
    and keys whose shapes differ (as 'key: model shape vs file shape')."""
    missing = [k for k in model_sd if k not in sd]
    unexpected = [k for k in sd if k not in model_sd]
    shapes = [f"{k}: {tuple(model_sd[k].shape)} expected, {tuple(sd[k].shape)} found"
              for k in model_sd if k in sd and tuple(model_sd[k].shape) != tuple(sd[k].shape)]
    return missing, unexpected, shapes


def mismatch_text(missing, unexpected, shapes):
    parts = []
    if missing:
        parts.append(f"{len(missing)} missing keys ({few(missing, 3)})")
    if unexpected:
        parts.append(f"{len(unexpected)} unexpected keys ({few(unexpected, 3)})")
    if shapes:
        parts.append(f"{len(shapes)} tensors of another size ({few(shapes, 2)})")
    return "; ".join(parts)


def load_into(model, sd, path, expected, looks_like):
    """Load sd into model strictly; on a mismatch, name the differences and
    what the file looks like instead."""
    missing, unexpected, shapes = diff(model.state_dict(), sd)
    if missing or unexpected or shapes:
        raise ExportError(f"checkpoint {path} does not fit {expected}: {mismatch_text(missing, unexpected, shapes)}; "
                          f"the file looks like {looks_like}")
    model.load_state_dict(sd, strict=True)
