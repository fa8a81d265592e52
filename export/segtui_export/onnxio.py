"""torch.onnx.export into a staging folder, then one .onnx file (with its
weights in one external-data file when asked or when they pass protobuf's
2 GiB limit)."""

import os
import warnings

import onnx
import torch

from .errors import ExportError

# protobuf cannot serialise a message of 2 GiB or more; stay clear of it.
EXTERNAL_THRESHOLD = 1800 << 20


def data_name(onnx_name):
    return os.path.splitext(onnx_name)[0] + "_data.bin"


def export(module, args, stage, name, input_names, output_names, dynamic_axes, opset, external):
    """Export module to stage/name; returns the file names written there
    (the .onnx and, with external data, its _data.bin)."""
    raw_dir = os.path.join(stage, "raw-" + name)
    os.makedirs(raw_dir)
    raw = os.path.join(raw_dir, name)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
        warnings.filterwarnings("ignore", category=UserWarning)
        try:
            torch.onnx.export(module, args, raw, export_params=True, verbose=False, opset_version=opset,
                              do_constant_folding=True, input_names=input_names, output_names=output_names,
                              dynamic_axes=dynamic_axes)
        except Exception as e:
            raise ExportError(f"torch.onnx.export of {name} failed: {type(e).__name__}: {e}")
    model = onnx.load(raw)  # pulls in any per-tensor files torch wrote for a model over 2 GiB
    weights = sum(t.ByteSize() if not t.raw_data else len(t.raw_data) for t in model.graph.initializer)
    if external == "auto":
        external = "yes" if weights >= EXTERNAL_THRESHOLD else "no"
    out = os.path.join(stage, name)
    files = [name]
    if external == "yes":
        onnx.save_model(model, out, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=data_name(name), size_threshold=1024)
        files.append(data_name(name))
    else:
        onnx.save_model(model, out)
    onnx.checker.check_model(out)
    for f in os.listdir(raw_dir):
        os.remove(os.path.join(raw_dir, f))
    os.rmdir(raw_dir)
    return files
