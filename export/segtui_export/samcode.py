"""Finding the SAM model code: a training repository's own copy (--repo) or
an installed segment_anything package.

Training repositories ship modified copies (SAMed's builder takes an image
size and a class count), so the kit uses only the modeling classes, whose
constructors every copy shares, and builds the architecture itself.
"""

import importlib
import os
import sys
from types import SimpleNamespace

from .errors import ExportError


def load(repo=None):
    """Import segment_anything (from repo when given) and return its modeling
    classes and SamOnnxModel."""
    if repo:
        root = os.path.abspath(repo)
        if os.path.basename(root) == "segment_anything" and os.path.isfile(os.path.join(root, "__init__.py")):
            root = os.path.dirname(root)
        pkg = os.path.join(root, "segment_anything", "__init__.py")
        if not os.path.isdir(root):
            raise ExportError(f"--repo {repo}: no such folder; give the training repository's root (the folder holding segment_anything/)")
        if not os.path.isfile(pkg):
            raise ExportError(f"--repo {repo}: expected the SAM code at {pkg}, which does not exist; give the folder that holds segment_anything/")
        sys.path.insert(0, root)
    try:
        modeling = importlib.import_module("segment_anything.modeling")
        onnx_mod = importlib.import_module("segment_anything.utils.onnx")
    except ImportError as e:
        where = f"from --repo {repo}" if repo else "(installed)"
        hint = ("install the missing module (Debian: python3-icecream for SAMed's copy)" if repo else
                "install segment-anything or put its folder on PYTHONPATH, or give --repo PATH to a training repository's copy")
        raise ExportError(f"cannot import segment_anything {where}: {e}; {hint}")
    origin = os.path.dirname(os.path.dirname(os.path.abspath(modeling.__file__)))
    if repo and not origin.startswith(root):
        raise ExportError(f"--repo {repo}: segment_anything was already imported from {origin}; run the kit in a fresh process")
    for name in ("ImageEncoderViT", "PromptEncoder", "MaskDecoder", "TwoWayTransformer", "Sam"):
        if not hasattr(modeling, name):
            raise ExportError(f"segment_anything at {origin} has no modeling.{name}; expected SAM's model code")
    return SimpleNamespace(modeling=modeling, SamOnnxModel=onnx_mod.SamOnnxModel, origin=origin)
