"""The one error type the kit reports to the user (no traceback)."""


class ExportError(Exception):
    """A problem with the user's input: printed as one message, exit 1."""


def few(items, n=5):
    """Up to n items of a list as text, with how many more there are."""
    items = list(items)
    text = ", ".join(str(i) for i in items[:n])
    if len(items) > n:
        text += f" (and {len(items) - n} more)"
    return text or "none"
