"""Writing a variant: every graph is exported into a staging folder beside
the destination, the manifest's new text is worked out, and only then are
the files moved into place and the manifest replaced. On any failure the
staging folder goes and files that --force was replacing come back, so
nothing is left half-written."""

import os
import re
import shutil
import tempfile
import time

from . import manifest, onnxio
from .errors import ExportError


def _stem(name):
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._")
    if not stem:
        raise ExportError(f"--name {name!r} gives no usable file name; use letters, digits, '-', '_' or '.'")
    return stem


def _file_name(stem, g, n_graphs):
    return f"{stem}.onnx" if n_graphs == 1 else f"{stem}_{g.role}.onnx"


def _human(n):
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024


def _manifest_path(models, path):
    """Paths inside the manifest's folder are written relative to it."""
    rel = os.path.relpath(path, os.path.dirname(models))
    return path if rel.startswith("..") else rel


def write_variant(args, ex, t0):
    if not ex.name.strip():
        raise ExportError("--name is empty")
    models = os.path.abspath(args.models)
    out = os.path.abspath(args.out or os.path.dirname(models))
    stem = _stem(ex.name)
    names = [_file_name(stem, g, len(ex.graphs)) for g in ex.graphs]
    targets = [os.path.join(out, n) for n in names]
    possible = targets + [os.path.join(out, onnxio.data_name(n)) for n in names]
    if ex.name in manifest.existing_names(models) and not args.force:
        raise ExportError(f"models file {models} already has a variant named {ex.name!r}; "
                          f"give --force to replace it, or another --name")
    clash = [p for p in possible if os.path.exists(p)]
    if clash and not args.force:
        raise ExportError(f"{clash[0]} exists; give --force to replace it, or another --name or --out")
    os.makedirs(out, exist_ok=True)
    stage = tempfile.mkdtemp(prefix=".segtui-export-", dir=out)
    moved, backups = [], []
    try:
        written = []
        for g, n in zip(ex.graphs, names):
            t = time.time()
            files = onnxio.export(g.module, g.args, stage, n, g.input_names, g.output_names, g.dynamic_axes,
                                  args.opset, args.external_data)
            written.append((files, time.time() - t))
        paths = {g.role: os.path.join(out, n) for g, n in zip(ex.graphs, names)}
        entry = {"name": ex.name, "family": ex.family}
        if ex.family == "semantic":
            entry["encoder"] = _manifest_path(models, paths["model"])
        else:
            entry["encoder"] = _manifest_path(models, paths["encoder"])
            entry["decoder"] = _manifest_path(models, paths["decoder"])
        if ex.preprocess:
            entry["preprocess"] = ex.preprocess
        if ex.activation:
            entry["activation"] = ex.activation
        if ex.classes:
            entry["classes"] = ex.classes
        text = manifest.plan(models, entry, args.force, ex.comment)
        backup_dir = os.path.join(stage, "replaced")
        os.makedirs(backup_dir)
        for p in possible:
            if os.path.exists(p):
                b = os.path.join(backup_dir, os.path.basename(p))
                os.replace(p, b)
                backups.append((b, p))
        for files, _ in written:
            for f in files:
                os.replace(os.path.join(stage, f), os.path.join(out, f))
                moved.append(os.path.join(out, f))
        manifest.write_atomic(models, text)
    except BaseException:
        for p in moved:
            if os.path.exists(p):
                os.remove(p)
        for b, p in backups:
            os.replace(b, p)
        raise
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    _report(ex, models, out, written, t0)


def _report(ex, models, out, written, t0):
    print(f"{ex.name}: {ex.summary}")
    for files, secs in written:
        sizes = ", ".join(f"{f} {_human(os.path.getsize(os.path.join(out, f)))}" for f in files)
        print(f"  {sizes} (exported in {secs:.1f} s)")
    print(f"  family {ex.family}; added to {models} in {time.time() - t0:.1f} s")
    print("next:")
    print(f"  segtui models --models {models}")
    print(f"  segtui --models {models} --model {ex.name} DATA")
