"""Display width of text (CJK counts double), and plain-text tables for the terminal that
line up with Chinese text too. The workbooks size their columns with the same width."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any


def text_width(value: Any) -> int:
    """Display width in characters: CJK and full-width characters count double."""
    s = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _cut(s: str, limit: int) -> str:
    out, w = "", 0
    for ch in s:
        cw = text_width(ch)
        if w + cw > limit - 1:
            return out + "…"
        out, w = out + ch, w + cw
    return out


def table(header: Sequence[str], rows: Sequence[Sequence[object]], *, max_col: int = 60) -> str:
    """Columns padded to their widest cell (CJK counted double); long cells are cut with …,
    except the last column, which is never cut (it holds the message a person must read)."""
    last = len(header) - 1
    cells = [[_cut(str(c).replace("\n", " "), max_col) if i < last else str(c).replace("\n", " ")
              for i, c in enumerate(r)] for r in [header, *rows]]
    widths = [max(text_width(r[i]) for r in cells) for i in range(len(header))]
    lines = []
    for n, r in enumerate(cells):
        lines.append("  ".join(c + " " * (widths[i] - text_width(c)) for i, c in enumerate(r)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
