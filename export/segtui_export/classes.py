"""--classes: the class ids and names of a promptless model, in channel order."""

import os
import re

from .errors import ExportError


def parse(spec, count):
    """count classes from spec: none (class 1..count), a text file of
    'ID NAME' lines (segtui's class-table format; '#' comments and a
    trailing #RRGGBB colour allowed), or a comma list of NAME or ID:NAME."""
    if not spec:
        return [{"id": i, "name": f"class {i}"} for i in range(1, count + 1)]
    out = []
    if os.path.isfile(spec):
        with open(spec, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                m = re.match(r"(\d+)\s+(.+?)(\s+#[0-9a-fA-F]{6})?$", line)
                if not m:
                    raise ExportError(f"--classes {spec}, line {n}: expected 'ID NAME', found {line!r}")
                out.append({"id": int(m.group(1)), "name": m.group(2)})
    else:
        items = [s.strip() for s in spec.split(",") if s.strip()]
        numbered = [re.match(r"(\d+)\s*:\s*(.+)$", s) for s in items]
        if all(numbered):
            out = [{"id": int(m.group(1)), "name": m.group(2)} for m in numbered]
        elif not any(numbered):
            out = [{"id": i, "name": s} for i, s in enumerate(items, 1)]
        else:
            raise ExportError(f"--classes {spec!r}: give every class as ID:NAME, or none (names only, ids 1..N)")
    ids = [c["id"] for c in out]
    if any(i <= 0 or i > 65535 for i in ids):
        raise ExportError(f"--classes: ids must be 1..65535 (0 is background); found {ids}")
    if len(set(ids)) != len(ids):
        raise ExportError(f"--classes: an id is given twice: {ids}")
    if len(out) != count:
        raise ExportError(f"--classes names {len(out)} classes but the model predicts {count}")
    return out
