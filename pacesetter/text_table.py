"""Display width of text (CJK counts double), and plain-text tables for the terminal that
line up with Chinese text too. The workbooks size their columns with the same width."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

# Blocks that are wide (East Asian Width W or F) throughout: Hangul Jamo, CJK radicals,
# punctuation, kana, CJK ideographs, Yi, Hangul syllables, full-width forms. Counted by one
# regex search; any other non-ASCII character is looked up one by one (tests/test_text_table
# checks every code point of these blocks against unicodedata).
WIDE_BLOCKS = ((0x1100, 0x115F), (0x2E80, 0x2E99), (0x2E9B, 0x2EF3), (0x2F00, 0x2FD5),
               (0x3000, 0x303E), (0x3041, 0x3096), (0x3099, 0x30FF), (0x3105, 0x312F),
               (0x3131, 0x318E), (0x3190, 0x31E3), (0x31F0, 0x321E), (0x3220, 0x3247),
               (0x3250, 0x4DBF), (0x4E00, 0xA48C), (0xAC00, 0xD7A3), (0xF900, 0xFAFF),
               (0xFE30, 0xFE52), (0xFF01, 0xFF60), (0xFFE0, 0xFFE6))
_BLOCKS = "".join(f"{chr(a)}-{chr(b)}" for a, b in WIDE_BLOCKS)
_IN_BLOCKS = re.compile(f"[{_BLOCKS}]")
_ELSEWHERE = re.compile(f"[^\x00-\x7f{_BLOCKS}]")


def text_width(value: Any) -> int:
    """Display width in characters: CJK and full-width characters count double."""
    s = "" if value is None else str(value)
    if s.isascii():
        return len(s)
    width = len(s) + len(_IN_BLOCKS.findall(s))
    for ch in _ELSEWHERE.findall(s):
        if unicodedata.east_asian_width(ch) in "WF":
            width += 1
    return width


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
