"""segtui-export: PyTorch SAM-family checkpoints to ONNX files and a models.yaml entry.

Run it as ``export/segtui-export COMMAND ...`` (or ``python3 -m segtui_export``
with ``export/`` on PYTHONPATH). Each command writes its ONNX files and adds
one variant to a manifest that segtui reads as it is.
"""

__all__ = ["main"]


def main(argv=None):
    from .cli import main as _main

    return _main(argv)
