"""Display width of text: the fast count agrees with unicodedata on every character."""

import random
import unicodedata

from pacesetter.reports.formats import wrapped_lines
from pacesetter.text_table import WIDE_BLOCKS, table, text_width


def _reference(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def test_every_code_point_of_the_wide_blocks_is_wide():
    narrow = [hex(c) for a, b in WIDE_BLOCKS for c in range(a, b + 1)
              if unicodedata.east_asian_width(chr(c)) not in "WF"]
    assert narrow == []


def test_width_agrees_with_unicodedata_on_any_character():
    rng = random.Random(7)
    planes = [(0, 0x7F), (0x80, 0x2FFF), (0x3000, 0xFFFF), (0x10000, 0x3FFFF), (0xE0000, 0x10FFFF)]
    for _ in range(3000):
        s = "".join(chr(rng.randint(*rng.choice(planes))) for _ in range(rng.randint(0, 12)))
        assert text_width(s) == _reference(s), ascii(s)
    for c in range(0x110000):  # one at a time, outside the blocks counted by the fast search
        ch = chr(c)
        if c % 7 == 0 and not any(a <= c <= b for a, b in WIDE_BLOCKS):
            assert text_width(ch) == _reference(ch), hex(c)


def test_width_of_ordinary_text():
    assert text_width("全年开展教研活动不少于12次，形成记录（附件）") == 44
    assert text_width("Ｆｕｌｌ width ＡＢ") == 19
    assert text_width("“引号” ½ é") == 10  # ambiguous and narrow letters count one
    assert text_width(None) == 0
    assert text_width(264) == 3


def test_wrapped_lines_short_cells_are_one_line_and_long_ones_wrap():
    assert wrapped_lines("办结", 10) == 1
    assert wrapped_lines("x" * 24, 20) == 1
    assert wrapped_lines("组织全体教师开展教研活动每月不少于两次并形成记录", 10) == 4  # 48 wide, 12 a line
    assert wrapped_lines("a\nb\nc", 40) == 3


def test_table_lines_up_chinese_text():
    out = table(["单位", "x"], [["第一中学", "1"], ["ab", "2"]]).splitlines()
    assert text_width(out[2][:out[2].index("1")]) == text_width(out[3][:out[3].index("2")]) == 10


def test_a_row_is_as_tall_as_its_tallest_wrapped_cell_measured_or_not():
    """Short cells are taken as one line without being measured: the row height is the same."""
    from pacesetter.reports.formats import _tallest

    rng = random.Random(3)
    letters = "ab 中文，。\n x"
    for _ in range(20_000):
        width = rng.choice([3, 5, 8, 9, 12, 18, 20, 30, 40])
        text = "".join(rng.choice(letters) for _ in range(rng.randint(1, 30)))
        measured = wrapped_lines(text, width if text.isascii() else width * 0.92)
        assert _tallest([text], [(0, width)]) == measured, (text, width)
