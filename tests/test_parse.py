"""The forgiving cell readers: one case per documented spelling and per finding code."""

from __future__ import annotations

import datetime
import pickle
from decimal import Decimal

import pytest

from pacesetter.parse import (
    ParseError,
    choice_index,
    clean_text,
    is_blank,
    normalize_label,
    parse_choice,
    parse_date,
    parse_number,
)

D = datetime.date
YEAR = 2026


# --- ParseError ------------------------------------------------------------------------------


def test_parse_error_carries_code_and_raw() -> None:
    """Without .code and .raw a finding could not say what was wrong or quote the cell."""
    err = ParseError("number.unreadable", "良好")
    assert isinstance(err, ValueError)
    assert (err.code, err.raw) == ("number.unreadable", "良好")
    assert "number.unreadable" in str(err)


def test_parse_error_survives_pickling() -> None:
    """Findings raised in a worker process would crash the pool instead of being reported."""
    err = pickle.loads(pickle.dumps(ParseError("date.invalid", "2026-02-30")))
    assert (err.code, err.raw) == ("date.invalid", "2026-02-30")


# --- normalize_label -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Task\nNo. *", "taskno."),
        (" 完成 时限＊", "完成时限"),
        ("ＤＥＡＤＬＩＮＥ", "deadline"),
        ("Deadline", "deadline"),
        ("Unit  name:", "unitname"),
        ("单位名称：", "单位名称"),
        ("*单位名称", "单位名称"),
        ("单位名称：*", "单位名称"),
        ("任务\u3000编号", "任务编号"),
        ("Task\u00a0No.", "taskno."),
        ("Task\tNo.\r\n", "taskno."),
        ("目标\u200b值", "目标值"),
        ("Target_x000D_\nvalue", "targetvalue"),
        (None, ""),
        ("", ""),
        ("*", ""),
    ],
)
def test_normalize_label(text: object, expected: str) -> None:
    """A header typed with a line break, full-width letters or a * would not be recognised."""
    assert normalize_label(text) == expected


# --- clean_text ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # 1. blank
        (None, None),
        ("", None),
        ("   ", None),
        ("\u3000\u00a0\n\t", None),
        ("\u200b\ufeff", None),
        ("_x000D_", None),
        # 2. non-text cells
        (264.0, "264"),
        (264, "264"),
        (-3.0, "-3"),
        (1.5, "1.5"),
        (Decimal("264.00"), "264"),
        (Decimal("2.50"), "2.50"),
        (True, "TRUE"),
        (False, "FALSE"),
        (datetime.datetime(2026, 12, 31, 14, 30), "2026-12-31"),
        (datetime.date(2026, 12, 31), "2026-12-31"),
        # 3. Excel escapes, decoded before the other rules
        ("a_x000D_b", "a\nb"),
        ("_x0041_BC", "ABC"),
        ("_x005F_x000D_", "_x000D_"),
        ("a_x0007_b", "ab"),
        ("a_x200B_b", "ab"),
        ("_x0020_a_x0020_", "a"),
        ("_xD83D__xDE00_", "\U0001f600"),
        # 4. surrogates
        ("a\ud800b", "a\ufffdb"),
        ("a\udfffb", "a\ufffdb"),
        ("a\ud83d\ude00b", "a\U0001f600b"),
        # 5. invisible characters
        ("\ufeffName", "Name"),
        ("Na\ufeffme", "Name"),
        ("a\u200bb", "ab"),
        ("a\u200cb", "ab"),
        ("a\u200db", "ab"),
        ("a\u2060b", "ab"),
        ("a\u200eb", "ab"),
        ("a\u200fb", "ab"),
        ("a\u061cb", "ab"),
        ("a\u202ab\u202c", "ab"),
        ("a\u202bb\u202dc\u202e", "abc"),
        ("a\u2066b\u2067c\u2068d\u2069", "abcd"),
        # 6. line breaks and control characters
        ("a\r\nb", "a\nb"),
        ("a\rb", "a\nb"),
        ("a\r\n\r\nb", "a\n\nb"),
        ("a\u2028b\u2029c", "a\nb\nc"),
        ("a\tb", "a b"),
        ("a\x00b\x01c\x1fd", "abcd"),
        ("a\x0bb\x0cc", "abc"),
        ("a\x7fb", "ab"),
        ("a\x80b\x85c\x9fd", "abcd"),
        # 7. surrounding whitespace only
        ("  图书馆  ", "图书馆"),
        ("\u3000图书馆\u3000", "图书馆"),
        ("\u00a0x\u00a0", "x"),
        ("a  b\nc", "a  b\nc"),
        ("a\u3000b", "a\u3000b"),
    ],
)
def test_clean_text_rules(value: object, expected: str | None) -> None:
    """Invisible junk, Excel escapes or broken characters would be stored and shown to reviewers."""
    assert clean_text(value) == expected


def test_clean_text_truncates_to_excel_cell_limit() -> None:
    """Over-long text would make the exported workbook fail to open in Excel."""
    out = clean_text("字" * 40_000)
    assert out is not None
    assert len(out) == 32_767
    assert out.endswith("…")
    assert out[:-1] == "字" * 32_766


def test_clean_text_keeps_text_at_the_limit() -> None:
    """Text that just fits would lose its last character for nothing."""
    text = "a" * 32_767
    assert clean_text(text) == text


def test_clean_text_truncates_after_cleaning() -> None:
    """Removed junk would count towards the limit and cut text that actually fits."""
    text = "a" * 32_767 + "\u200b" * 10 + "   "
    assert clean_text(text) == "a" * 32_767


@pytest.mark.parametrize(
    "value",
    [
        # every BMP code point, surrogates included
        pytest.param("".join(chr(c) for c in range(0x10000)), id="every-bmp-code-point"),
        pytest.param("\ud800" * 5 + "\udc00", id="high-runs-then-low"),
        pytest.param("\udc00\ud800", id="pair-in-wrong-order"),
        pytest.param("_xD800_", id="escaped-lone-surrogate"),
        pytest.param("_xDFFF_x_xD83D_", id="escaped-surrogates-around-text"),
        pytest.param("\U0010ffff\ufffe\uffff", id="noncharacters"),
        pytest.param("x" * 40_000 + "\ud800", id="surrogate-past-the-limit"),
    ],
)
def test_clean_text_always_encodes_as_utf8(value: str) -> None:
    """A lone surrogate would crash the UTF-8 writer (JSON, CSV, xlsx) at the end of a run."""
    out = clean_text(value)
    assert out is not None
    out.encode("utf-8")
    assert len(out) <= 32_767


# --- is_blank --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, True),
        ("", True),
        (" ", True),
        ("\u3000", True),
        ("\u00a0", True),
        ("\n\t ", True),
        ("\u200b", True),
        ("x", False),
        (" 0 ", False),
        (0, False),
        (0.0, False),
        (False, False),
    ],
)
def test_is_blank(raw: object, expected: bool) -> None:
    """A cell of spaces would count as filled in, or a 0 would count as missing."""
    assert is_blank(raw) is expected


# --- parse_date ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # cells Excel already typed
        (datetime.datetime(2026, 12, 31, 0, 0), D(2026, 12, 31)),
        (datetime.datetime(2026, 6, 5, 17, 45), D(2026, 6, 5)),
        (D(2026, 12, 31), D(2026, 12, 31)),
        # Excel serial numbers
        (46022, D(2025, 12, 31)),
        (46387, D(2026, 12, 31)),
        (46387.75, D(2026, 12, 31)),
        (20000, D(1954, 10, 3)),
        (80000, D(2119, 1, 11)),
        # numeric text
        ("2026-12-31", D(2026, 12, 31)),
        ("2026/12/31", D(2026, 12, 31)),
        ("2026.12.31", D(2026, 12, 31)),
        ("2026-12-31 00:00:00", D(2026, 12, 31)),
        ("2026-12-31 8:30", D(2026, 12, 31)),
        ("2026-12-31T08:30:00", D(2026, 12, 31)),
        ("20261231", D(2026, 12, 31)),
        ("2026-6-5", D(2026, 6, 5)),
        ("2026/6/5", D(2026, 6, 5)),
        ("２０２６－１２－３１", D(2026, 12, 31)),
        (" 2026-12-31 ", D(2026, 12, 31)),
        ("2026-12", D(2026, 12, 31)),
        ("2026.2", D(2026, 2, 28)),
        ("6.30", D(2026, 6, 30)),
        ("12/31", D(2026, 12, 31)),
        # Chinese
        ("2026年12月31日", D(2026, 12, 31)),
        ("2026年12月31号", D(2026, 12, 31)),
        ("2026年6月5日", D(2026, 6, 5)),
        ("2026 年 6 月 5 日", D(2026, 6, 5)),
        ("２０２６年６月５日", D(2026, 6, 5)),
        ("2026年12月", D(2026, 12, 31)),
        ("2026年2月", D(2026, 2, 28)),
        ("2028年2月", D(2028, 2, 29)),
        ("2026年6月底", D(2026, 6, 30)),
        ("12月31日", D(2026, 12, 31)),
        ("12月31号", D(2026, 12, 31)),
        ("6月底", D(2026, 6, 30)),
        ("6月末", D(2026, 6, 30)),
        ("6月", D(2026, 6, 30)),
        ("6月份", D(2026, 6, 30)),
        ("今年6月底", D(2026, 6, 30)),
        ("6月上旬", D(2026, 6, 10)),
        ("6月中旬", D(2026, 6, 20)),
        ("6月下旬", D(2026, 6, 30)),
        ("年底", D(2026, 12, 31)),
        ("年末", D(2026, 12, 31)),
        ("年内", D(2026, 12, 31)),
        ("今年底", D(2026, 12, 31)),
        ("年底前", D(2026, 12, 31)),
        ("年底之前", D(2026, 12, 31)),
        ("2026年底", D(2026, 12, 31)),
        ("2026年", D(2026, 12, 31)),
        # "before" and "by"
        ("2026年10月底前", D(2026, 10, 31)),
        ("2026年10月31日之前", D(2026, 10, 31)),
        ("2026-10-31以前", D(2026, 10, 31)),
        ("6月30日前", D(2026, 6, 30)),
        ("截至2026年12月31日", D(2026, 12, 31)),
        ("年底。", D(2026, 12, 31)),
        # English
        ("end of year", D(2026, 12, 31)),
        ("end of the year", D(2026, 12, 31)),
        ("by end of year", D(2026, 12, 31)),
        ("by the end of the year", D(2026, 12, 31)),
        ("year end", D(2026, 12, 31)),
        ("year-end", D(2026, 12, 31)),
        ("Year End", D(2026, 12, 31)),
        ("within the year", D(2026, 12, 31)),
        ("Dec 31, 2026", D(2026, 12, 31)),
        ("Dec. 31, 2026", D(2026, 12, 31)),
        ("31 Dec 2026", D(2026, 12, 31)),
        ("31-Dec-2026", D(2026, 12, 31)),
        ("December 31, 2026", D(2026, 12, 31)),
        ("31 December 2026", D(2026, 12, 31)),
        ("June 5th, 2026", D(2026, 6, 5)),
        ("Sept 30, 2026", D(2026, 9, 30)),
        ("June 2026", D(2026, 6, 30)),
        ("by Dec 31, 2026", D(2026, 12, 31)),
    ],
)
def test_parse_date_spellings(raw: object, expected: datetime.date) -> None:
    """A deadline typed in a common way would be reported as unreadable to the unit."""
    assert parse_date(raw, year=YEAR) == expected


def test_parse_date_relative_spellings_use_the_campaign_year() -> None:
    """"年底" in a 2027 campaign would silently mean the wrong year."""
    assert parse_date("年底", year=2027) == D(2027, 12, 31)
    assert parse_date("2月底", year=2028) == D(2028, 2, 29)


@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000", "\u200b"])
def test_parse_date_blank(raw: object) -> None:
    """An empty optional date would be flagged as an error."""
    assert parse_date(raw, year=YEAR) is None


@pytest.mark.parametrize(
    "raw",
    ["2026-13-45", "2026-02-30", "2026/04/31", "20261340", "2026年2月30日", "2026年13月", "13月底",
     "2月30日", "Feb 30, 2026", "0000-01-01"],
)
def test_parse_date_invalid_calendar_date(raw: object) -> None:
    """A date that does not exist would be stored, or reported as merely unreadable."""
    with pytest.raises(ParseError) as info:
        parse_date(raw, year=YEAR)
    assert info.value.code == "date.invalid"
    assert info.value.raw == raw


@pytest.mark.parametrize(
    "raw",
    ["26-12-31", "26/12/31", "26年12月31日", "下周", "尽快", "长期", "TBD", "2026", "12/31/2026",
     "2026-12-31-01", 2026, 19999, 80001, 46022e9, -1, float("nan"), float("inf"), True,
     datetime.time(12, 0), ["2026-12-31"]],
)
def test_parse_date_unreadable(raw: object) -> None:
    """Something that is not a date would be turned into a wrong deadline."""
    with pytest.raises(ParseError) as info:
        parse_date(raw, year=YEAR)
    assert info.value.code == "date.unreadable"


# --- parse_number ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # cells Excel already typed
        (30, 30.0),
        (30.5, 30.5),
        (-2, -2.0),
        (0, 0.0),
        (0.9, 0.9),
        (Decimal("12.5"), 12.5),
        # plain and formatted text
        ("30", 30.0),
        (" 30 ", 30.0),
        ("30.5", 30.5),
        (".5", 0.5),
        ("30.", 30.0),
        ("0", 0.0),
        ("-0", 0.0),
        ("1,234.5", 1234.5),
        ("1,234", 1234.0),
        ("1，234", 1234.0),
        ("1,234,567", 1234567.0),
        ("１２３", 123.0),
        ("1.5E+07", 15_000_000.0),
        ("-5", -5.0),
        ("−5", -5.0),
        ("－5", -5.0),
        ("+5", 5.0),
        # comparisons before
        ("≥90%", 90.0),
        (">=30", 30.0),
        ("＞30", 30.0),
        (">30", 30.0),
        ("≤5", 5.0),
        ("<=5", 5.0),
        ("≥ -5", -5.0),
        ("不少于2项", 2.0),
        ("不低于95%", 95.0),
        ("不超过3个", 3.0),
        ("不高于10", 10.0),
        ("至少5", 5.0),
        ("达到80%", 80.0),
        ("约30", 30.0),
        ("超过3", 3.0),
        ("大于1", 1.0),
        ("小于2", 2.0),
        ("低于3", 3.0),
        ("高于4", 4.0),
        ("at least 30", 30.0),
        ("At Least 30", 30.0),
        ("no less than 90%", 90.0),
        ("more than 5", 5.0),
        ("up to 10", 10.0),
        ("over 20", 20.0),
        # comparisons after
        ("90%以上", 90.0),
        ("90%以下", 90.0),
        ("30个以上", 30.0),
        ("5以内", 5.0),
        ("90%及以上", 90.0),
        ("30左右", 30.0),
        ("30+", 30.0),
        ("30 or more", 30.0),
        # measure words and units
        ("30个", 30.0),
        ("45场", 45.0),
        ("2项", 2.0),
        ("10处", 10.0),
        ("100 km", 100.0),
        ("3 times", 3.0),
        ("12次/年", 12.0),
        ("100m²", 100.0),
        ("3千米", 3.0),
        ("5千克", 5.0),
        ("3个百分点", 3.0),
        ("5百分点", 5.0),
        ("5km", 5.0),
        ("5kg", 5.0),
        # percentages
        ("90%", 90.0),
        ("90 %", 90.0),
        ("90％", 90.0),
        ("９０％", 90.0),
        ("百分之90", 90.0),
        ("不低于百分之95", 95.0),
        ("0%", 0.0),
        ("12.5%", 12.5),
        # multipliers
        ("2000万", 20_000_000.0),
        ("2000万元", 20_000_000.0),
        ("2000 万元", 20_000_000.0),
        ("1.5万", 15_000.0),
        ("1.1万", 11_000.0),
        ("0.5万", 5_000.0),
        ("1,000万", 10_000_000.0),
        ("3亿", 300_000_000.0),
        ("3.5亿元", 350_000_000.0),
        ("3千", 3_000.0),
        ("3百", 300.0),
        ("5百万", 5_000_000.0),
        ("2千万", 20_000_000.0),
        ("2万千米", 20_000.0),
        ("约1.5万人次", 15_000.0),
        ("5k", 5_000.0),
        ("5K", 5_000.0),
        ("5K人", 5_000.0),
        ("2.5k", 2_500.0),
    ],
)
def test_parse_number_spellings(raw: object, expected: float) -> None:
    """A target typed the way people write it would be rejected or read as the wrong amount."""
    result = parse_number(raw)
    assert result == expected
    assert isinstance(result, float)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (0.9, 90.0),
        (1, 100.0),
        (1.0, 100.0),
        (0.07, 7.0),
        (0.955, 95.5),
        (0, 0.0),
        (-0.05, -5.0),
        (90, 90.0),
        (95.5, 95.5),
        ("90%", 90.0),
        ("0.9", 0.9),
        ("≥90%", 90.0),
    ],
)
def test_parse_number_percent_unit(raw: object, expected: float) -> None:
    """A percent-formatted cell (0.9 shown as 90 %) would be scored as 0.9 %."""
    assert parse_number(raw, percent_unit=True) == expected


def test_parse_number_percent_text_ignores_percent_unit() -> None:
    """"90%" would become 9000 or 0.9 depending on the column's unit."""
    assert parse_number("90%", percent_unit=False) == parse_number("90%", percent_unit=True) == 90.0


@pytest.mark.parametrize("raw", [None, "", "  ", "\u3000", "\u00a0"])
def test_parse_number_blank(raw: object) -> None:
    """An empty optional value would be flagged, or worse stored as 0."""
    assert parse_number(raw) is None


@pytest.mark.parametrize(
    "raw",
    ["30-40", "30~40", "30～40", "30或40", "30到40", "30 40", "30%-40%", "1,5", "2026年完成30个",
     "3.5.1", "10:30", "1/2"],
)
def test_parse_number_ambiguous(raw: object) -> None:
    """A range or two numbers would be silently read as one of them."""
    with pytest.raises(ParseError) as info:
        parse_number(raw)
    assert info.value.code == "number.ambiguous"
    assert info.value.raw == raw


@pytest.mark.parametrize(
    "raw",
    ["良好", "完成", "N/A", "/", "-", "无", "—", "零", "百分之九十", "万", "完成30个", "30?", "30-",
     "30‰", "5万%", "百分之5万", "1e400", True, False, float("nan"), float("inf"), float("-inf"),
     Decimal("NaN"), 10**400, datetime.date(2026, 1, 1), ["30"]],
)
def test_parse_number_unreadable(raw: object) -> None:
    """Words or junk in a number cell would be stored as a made-up number such as 0."""
    with pytest.raises(ParseError) as info:
        parse_number(raw)
    assert info.value.code == "number.unreadable"


# --- parse_choice ----------------------------------------------------------------------------

DIRECTION = {
    "higher": ["higher is better", "越高越好", "正向", "increase", "↑"],
    "lower": ["lower is better", "越低越好", "逆向", "decrease", "↓"],
}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("higher is better", "higher"),
        ("Higher  is better", "higher"),
        ("HIGHER IS BETTER", "higher"),
        ("ｈｉｇｈｅｒ ｉｓ ｂｅｔｔｅｒ", "higher"),
        ("越高越好", "higher"),
        (" 正向 ", "higher"),
        ("正向\n", "higher"),
        ("increase", "higher"),
        ("↑", "higher"),
        ("higher", "higher"),
        ("Lower", "lower"),
        ("逆向", "lower"),
        ("↓", "lower"),
        ("（正向）", "higher"),
        ("【逆向】", "lower"),
        ("“越高越好”", "higher"),
    ],
)
def test_parse_choice_spellings(raw: object, expected: str) -> None:
    """A drop-down value typed by hand or in the other language would be rejected."""
    assert parse_choice(raw, DIRECTION) == expected


@pytest.mark.parametrize("raw", [None, "", " ", "\u3000"])
def test_parse_choice_blank(raw: object) -> None:
    """An empty optional drop-down would be flagged as an unknown value."""
    assert parse_choice(raw, DIRECTION) is None


@pytest.mark.parametrize("raw", ["越高", "up", "x", "*", "正向指标", 1, "（）"])
def test_parse_choice_unknown(raw: object) -> None:
    """An unlisted value would be mapped to some arbitrary choice."""
    with pytest.raises(ParseError) as info:
        parse_choice(raw, DIRECTION)
    assert info.value.code == "choice.unknown"
    assert info.value.raw == raw


def test_parse_choice_with_precomputed_index() -> None:
    """Callers reading thousands of rows could not skip rebuilding the lookup."""
    index = choice_index(DIRECTION)
    assert index["越高越好"] == "higher"
    assert parse_choice("↓", DIRECTION, index=index) == "lower"


def test_parse_choice_fresh_mapping_each_call() -> None:
    """Passing a newly built dict (or generators) each time would give stale or wrong answers."""
    assert parse_choice("a", {"k1": iter(["A"])}) == "k1"
    assert parse_choice("a", {"k2": ("a",)}) == "k2"
    assert parse_choice("b", {"k1": iter(["A"]), "k2": iter(["B"])}) == "k2"


def test_choice_index_bare_string_is_one_spelling() -> None:
    """A list given as one string would accept each of its letters as the choice."""
    index = choice_index({"done": "完成了"})
    assert index == {"done": "done", "完成了": "done"}


def test_choice_index_clashing_spelling_is_not_guessed() -> None:
    """A spelling listed under two keys would silently pick one; a key always means itself."""
    choices = {"in_progress": ["推进", "完成中"], "completed": ["完成", "推进"], "推进": []}
    index = choice_index(choices)
    assert index["完成"] == "completed"
    assert index["推进"] == "推进"
    with pytest.raises(ParseError):
        parse_choice("中", {"a": ["中"], "b": ["中"]})
