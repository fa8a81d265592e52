"""Adding one variant to a segtui models.yaml without disturbing the rest.

The entry is written as text in block style (keys in segtui's manifest
schema, strings JSON-quoted, which YAML reads as they are). An existing
file keeps its other entries and comments: a new entry is appended to the
variants list, a replaced one (--force) takes the place of the old one's
lines. The result is parsed again and must equal the old list with just
that change, or nothing is written. The file is replaced atomically.
"""

import json
import os
import tempfile

import yaml

from .errors import ExportError


def _q(s):
    return json.dumps(str(s), ensure_ascii=False)


def entry_text(e, indent, comment=""):
    """A variant dict (segtui's schema) as a block-style sequence item."""
    pad = " " * indent
    lines = [f"{pad}- name: {_q(e['name'])}" + (f"  # {comment}" if comment else "")]
    inner = pad + "  "
    for key in ("family", "encoder", "decoder", "multimask", "activation"):
        if e.get(key):
            lines.append(f"{inner}{key}: {_q(e[key])}")
    pp = e.get("preprocess")
    if pp:
        lines.append(f"{inner}preprocess:")
        for key in ("input_size", "aspect", "normalize", "resize"):
            if key in pp:
                v = pp[key]
                lines.append(f"{inner}  {key}: {v if isinstance(v, int) else _q(v)}")
        if "window" in pp:
            w = pp["window"]
            lines.append(f"{inner}  window: {{level: {w['level']:g}, width: {w['width']:g}}}")
    if e.get("classes"):
        lines.append(f"{inner}classes:")
        for c in e["classes"]:
            lines.append(f"{inner}  - {{id: {int(c['id'])}, name: {_q(c['name'])}}}")
    return "\n".join(lines) + "\n"


def _read(path):
    if not os.path.exists(path):
        return "", None
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        raise ExportError(f"models file {path}: {e}")
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise ExportError(f"models file {path} is not valid YAML ({e}); fix it or give another --models file")
    if data is None:
        return text, None
    if not isinstance(data, dict) or set(data) != {"variants"} or not isinstance(data["variants"], list):
        raise ExportError(f"models file {path}: expected a mapping with one key, 'variants:' holding a list; "
                          f"found {sorted(data) if isinstance(data, dict) else type(data).__name__}")
    return text, node


def existing_names(path):
    text, node = _read(path)
    if node is None:
        return []
    return [v.get("name") for v in yaml.safe_load(text)["variants"] if isinstance(v, dict)]


def plan(path, entry, force, comment=""):
    """The manifest's new text with entry added or replaced; ExportError when
    the name exists without force or the edit cannot be made safely."""
    text, node = _read(path)
    if node is None:
        prefix = text if text.endswith("\n") or not text else text + "\n"
        new = prefix + "variants:\n" + entry_text(entry, 2, comment)
        want = [entry]
    else:
        old = yaml.safe_load(text)["variants"]
        seq = next(v for k, v in node.value if k.value == "variants")
        items = seq.value
        names = [v.get("name") if isinstance(v, dict) else None for v in old]
        new = None
        if entry["name"] in names:
            if not force:
                raise ExportError(f"models file {path} already has a variant named {entry['name']!r}; "
                                  f"give --force to replace it, or another --name")
            i = names.index(entry["name"])
            want = old[:i] + [entry] + old[i + 1:]
            if not seq.flow_style:
                lines = text.splitlines(keepends=True)
                start = items[i].start_mark.line
                end = _last_line(items[i]) + 1
                indent = max(items[i].start_mark.column - 2, 0)
                new = "".join(lines[:start]) + entry_text(entry, indent, comment) + "".join(lines[end:])
        else:
            want = old + [entry]
            if items and not seq.flow_style:
                indent = max(items[0].start_mark.column - 2, 0)
                new = text + ("" if text.endswith("\n") else "\n") + entry_text(entry, indent, comment)
    if new is None or _parse(new) != want:
        raise ExportError(f"models file {path}: cannot add the entry without rewriting the file's other "
                          f"entries (a flow-style or empty list?); add this entry yourself:\n" + entry_text(entry, 2, comment))
    return new


def _last_line(node):
    """The last line holding any of node's content, so comments and blank
    lines after an entry (often about the next one) stay where they are."""
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
        end = node.end_mark
        return end.line if end.column > 0 else end.line - 1
    if isinstance(node, yaml.MappingNode):
        children = [n for kv in node.value for n in kv]
    else:
        children = list(node.value)
    return max((_last_line(c) for c in children), default=node.start_mark.line)


def _parse(text):
    data = yaml.safe_load(text)
    return data["variants"] if isinstance(data, dict) else None


def write_atomic(path, text):
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".models-", suffix=".yaml.tmp", dir=d)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if os.path.exists(path):
            os.chmod(tmp, os.stat(path).st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
