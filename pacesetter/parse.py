"""Forgiving readers that turn what people type into Excel/WPS cells into typed values.

Text rule: every piece of text that comes from a unit goes through ``clean_text`` before it is
stored, and this is all that ``clean_text`` does:

1. An empty cell, or one with nothing left after the steps below, is stored as "no value".
2. A cell that is not text becomes text: a whole number loses its ".0" (264.0 → "264"), any
   other number is written the way Python prints it, a date or date-time becomes an ISO date
   ("2026-12-31"), and TRUE/FALSE stay "TRUE"/"FALSE".
3. Excel's escape codes ``_xHHHH_`` are decoded (``_x000D_`` → carriage return, ``_x0041_`` →
   "A"; ``_x005F_`` → "_", which is how Excel protects a literal "_x…_"), and every step below
   also applies to what they decode to.
4. A broken half of a UTF-16 pair (a lone surrogate, U+D800–U+DFFF) becomes "�" (U+FFFD); a
   complete high+low pair is joined into the character it stands for.
5. Invisible characters are removed: the byte-order mark U+FEFF (anywhere, not only at the
   start), the zero-width characters U+200B, U+200C, U+200D and U+2060, and the bidirectional
   controls U+200E, U+200F, U+061C, U+202A–U+202E and U+2066–U+2069.
6. Line breaks become "\\n" (Windows "\\r\\n", a lone "\\r", and U+2028/U+2029); a tab becomes
   a space; every other control character (C0 other than "\\n", DEL, and C1 U+0080–U+009F) is
   removed.
7. Whitespace is removed from both ends, including the ideographic space U+3000 and the
   no-break space; whitespace inside the text is kept as typed.
8. Text longer than Excel's cell limit is cut so that it is exactly 32,767 characters long,
   the last of which is "…".

The result always encodes as UTF-8.

The other readers (dates, numbers, choices) apply the same rule first, then read the value;
what they cannot read raises ``ParseError`` with a stable finding code.
"""

from __future__ import annotations

import calendar
import datetime
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache

__all__ = [
    "ParseError",
    "choice_index",
    "clean_text",
    "is_blank",
    "normalize_label",
    "parse_choice",
    "parse_date",
    "parse_number",
]

EXCEL_CELL_LIMIT = 32_767
_ELLIPSIS = "…"


class ParseError(ValueError):
    """A value that cannot be read. .code is a stable finding code, .raw the original value."""

    def __init__(self, code: str, raw: object) -> None:
        super().__init__(f"{code}: {raw!r}")
        self.code = code
        self.raw = raw

    def __reduce__(self) -> tuple[type[ParseError], tuple[str, object]]:
        # The default reduce would call __init__ with the message only; keep it picklable
        # so that errors survive a process pool.
        return (type(self), (self.code, self.raw))


# --- text ------------------------------------------------------------------------------------

_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_SURROGATE = re.compile("[\ud800-\udfff]")
_WHITESPACE = re.compile(r"\s+")

_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060\u200e\u200f\u061c" + "".join(
    chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
)


def _build_text_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {ord(ch): None for ch in _INVISIBLE}
    for code in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)):
        table[code] = None
    # "\r" is kept here and folded into "\n" afterwards so that "\r\n" becomes one break.
    del table[ord("\n")], table[ord("\r")]
    table[ord("\t")] = " "
    table[0x2028] = "\n"
    table[0x2029] = "\n"
    return table


_TEXT_TABLE = _build_text_table()


def _decode_excel_escape(match: re.Match[str]) -> str:
    return chr(int(match.group(1), 16))


def _fix_surrogates(text: str) -> str:
    # A round trip through UTF-16 joins valid pairs and turns each lone half into U+FFFD.
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _number_text(value: int | float | Decimal | Fraction) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, Decimal):
        if value.is_finite() and value == value.to_integral_value():
            return str(int(value))
        return str(value)
    if isinstance(value, Fraction) and value.denominator == 1:
        return str(value.numerator)
    return str(value)


def clean_text(value: object) -> str | None:
    """Apply the documented text rule (module docstring) to one cell value; None if blank."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool):
        # Excel shows booleans as TRUE/FALSE; store what the unit saw, not Python's spelling.
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, int | float | Decimal | Fraction):
        text = _number_text(value)
    elif isinstance(value, datetime.datetime):
        text = value.date().isoformat()
    elif isinstance(value, datetime.date):
        text = value.isoformat()
    elif isinstance(value, bytes | bytearray):
        text = bytes(value).decode("utf-8", "replace")
    else:
        text = str(value)

    if "_x" in text:
        # One left-to-right pass, so "_x005F_x000D_" gives the literal "_x000D_" as Excel means.
        text = _EXCEL_ESCAPE.sub(_decode_excel_escape, text)
    if _SURROGATE.search(text):
        text = _fix_surrogates(text)
    text = text.translate(_TEXT_TABLE)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.strip()
    if not text:
        return None
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - 1] + _ELLIPSIS
    return text


def is_blank(raw: object) -> bool:
    """True for an empty cell: None, "" or text that is only whitespace or invisible characters."""
    if raw is None:
        return True
    if not isinstance(raw, str):
        return False
    if not raw or raw.isspace():
        return True
    # Zero-width characters or an escaped "_x000D_" alone are as empty as spaces to a reader.
    return clean_text(raw) is None


def normalize_label(text: object) -> str:
    """Reduce a header label or choice spelling to a key comparable across width, case and spacing."""
    cleaned = clean_text(text)
    if cleaned is None:
        return ""
    label = unicodedata.normalize("NFKC", cleaned).casefold()
    label = _WHITESPACE.sub("", label)
    return _strip_markers(label)


@lru_cache(maxsize=1 << 14)
def label_key(text: str) -> str:
    """``normalize_label`` of a text, remembered: headings, sheet names, units of measure and
    indicator names recur row after row and file after file."""
    return normalize_label(text)


def _strip_markers(label: str) -> str:
    # Required-field markers and label colons are decoration, in any order ("名称*：", "名称：*").
    return label.lstrip("*").rstrip("*:")


def _prepared(raw: str) -> str:
    """Cleaned, NFKC-normalized (full-width → half-width), case-folded text; "" if blank."""
    cleaned = clean_text(raw)
    if cleaned is None:
        return ""
    return unicodedata.normalize("NFKC", cleaned).casefold()


def _is_number(raw: object) -> bool:
    return isinstance(raw, int | float | Decimal | Fraction) and not isinstance(raw, bool)


# --- dates -----------------------------------------------------------------------------------

_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_SERIAL_MIN, _SERIAL_MAX = 20_000, 80_000  # 1954-10-03 .. 2119-01-11: plausible plan dates

_DATE_LEAD = re.compile(r"^(?:截至|截止到|截止至|截止于|截止|到|于|(?:by|before|no later than)\s+)")
_DATE_BEFORE = re.compile(r"(?:之前|以前|前)$")
_DATE_TRAIL_PUNCT = re.compile(r"[\s.。,，;；!！]+$")
_DATE_TIME = re.compile(r"(?:\s+|t)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?$")

_MONTH_WORD = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTHS = {name: i for i, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}

# Chinese and numeric forms are matched with all spaces removed ("2026 年 6 月" is common).
_D_YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_D_YM = re.compile(r"(\d{4})[-/.](\d{1,2})")
_D_MD = re.compile(r"(\d{1,2})[-/.](\d{1,2})")
_D_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_D_CN_YMD = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]?")
_D_CN_YM = re.compile(r"(\d{4})年(\d{1,2})月份?(底|末|上旬|中旬|下旬)?")
_D_CN_MD = re.compile(r"(?:今年|本年)?(\d{1,2})月(\d{1,2})[日号]?")
_D_CN_M = re.compile(r"(?:今年|本年)?(\d{1,2})月份?(底|末|上旬|中旬|下旬)?")
_D_CN_Y = re.compile(r"(\d{4})年度?(?:底|末|内|终)?")
# English forms keep single spaces between words.
_D_EN_MDY = re.compile(rf"({_MONTH_WORD})\.?[\s-]*(\d{{1,2}})(?:st|nd|rd|th)?,?[\s-]*(\d{{4}})")
_D_EN_DMY = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?[\s-]*({_MONTH_WORD})\.?,?[\s-]*(\d{{4}})")
_D_EN_MY = re.compile(rf"({_MONTH_WORD})\.?,?[\s-]*(\d{{4}})")

_YEAR_END = frozenset({
    "年底", "年末", "年内", "年终", "今年底", "今年末", "今年内", "今年年底", "今年年末",
    "本年底", "本年末", "本年内", "本年度内", "本年度末", "年度内", "年度末",
    "endofyear", "endoftheyear", "endofthisyear", "theendofyear", "theendoftheyear",
    "theendofthisyear", "yearend", "year-end", "withintheyear", "withinthisyear", "eoy",
})

_TEN_DAY = {"上旬": 10, "中旬": 20}  # 下旬, 底 and 末 mean the month's last day


def _make_date(raw: object, year: int, month: int, day: int | None) -> datetime.date:
    """The date, or the month's last day when day is None; a shape that is not a real date is invalid."""
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        raise ParseError("date.invalid", raw)
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return datetime.date(year, month, last)
    if not 1 <= day <= last:
        raise ParseError("date.invalid", raw)
    return datetime.date(year, month, day)


def _part_of_month(raw: object, year: int, month: int, part: str | None) -> datetime.date:
    day = _TEN_DAY.get(part or "")
    return _make_date(raw, year, month, day)


def _parse_date_text(raw: str, year: int) -> datetime.date:
    text = _WHITESPACE.sub(" ", _prepared(raw)).strip()
    if not text:
        raise ParseError("date.unreadable", raw)
    text = _DATE_TRAIL_PUNCT.sub("", text)
    text = _DATE_LEAD.sub("", text)
    text = _DATE_BEFORE.sub("", text).strip()
    text = _DATE_TIME.sub("", text)
    compact = text.replace(" ", "")

    if compact in _YEAR_END:
        return datetime.date(year, 12, 31)
    if m := _D_YMD.fullmatch(compact) or _D_COMPACT.fullmatch(compact) or _D_CN_YMD.fullmatch(compact):
        return _make_date(raw, int(m[1]), int(m[2]), int(m[3]))
    if m := _D_YM.fullmatch(compact):
        return _make_date(raw, int(m[1]), int(m[2]), None)
    if m := _D_CN_YM.fullmatch(compact):
        return _part_of_month(raw, int(m[1]), int(m[2]), m[3])
    if m := _D_CN_MD.fullmatch(compact) or _D_MD.fullmatch(compact):
        return _make_date(raw, year, int(m[1]), int(m[2]))
    if m := _D_CN_M.fullmatch(compact):
        return _part_of_month(raw, year, int(m[1]), m[2])
    if m := _D_CN_Y.fullmatch(compact):
        return _make_date(raw, int(m[1]), 12, 31)
    if m := _D_EN_MDY.fullmatch(text):
        return _make_date(raw, int(m[3]), _MONTHS[m[1][:3]], int(m[2]))
    if m := _D_EN_DMY.fullmatch(text):
        return _make_date(raw, int(m[3]), _MONTHS[m[2][:3]], int(m[1]))
    if m := _D_EN_MY.fullmatch(text):
        return _make_date(raw, int(m[2]), _MONTHS[m[1][:3]], None)
    raise ParseError("date.unreadable", raw)


def parse_date(raw: object, *, year: int) -> datetime.date | None:
    """Read a date cell (Excel date, serial number or typed text); `year` fills in "6月底", "年底"."""
    if is_blank(raw):
        return None
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    if _is_number(raw):
        try:
            serial = float(raw)  # type: ignore[arg-type]
        except OverflowError:
            raise ParseError("date.unreadable", raw) from None
        if not math.isfinite(serial) or not _SERIAL_MIN <= serial <= _SERIAL_MAX:
            raise ParseError("date.unreadable", raw)
        # The fraction is the time of day, which a deadline does not need.
        return _EXCEL_EPOCH + datetime.timedelta(days=math.floor(serial))
    if isinstance(raw, str):
        return _parse_date_text(raw, year)
    raise ParseError("date.unreadable", raw)


# --- numbers ---------------------------------------------------------------------------------

# Grouped thousands only in threes, so "1,5" (a European decimal) reads as two numbers.
_NUM_TOKEN = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[-+]?\d+)?|\.\d+(?:e[-+]?\d+)?")
_MINUS_SIGNS = "-\u2212"  # NFKC already folds full-width and small hyphen-minus into "-"

_COMPARISON_WORDS = (
    # symbols
    "≥", ">=", "=>", ">", "≧", "⩾", "≤", "<=", "=<", "<", "≦", "⩽", "=", "≈", "~", "+",
    # Chinese
    "不少于", "不低于", "不超过", "不高于", "不多于", "不大于", "不小于", "不足", "至少", "至多",
    "最少", "最多", "最低", "最高", "达到", "达", "约", "大约", "约为", "超过", "超", "大于", "小于",
    "低于", "高于", "多于", "少于", "控制在", "保持在", "确保", "力争", "为",
    # English, compared with spaces removed
    "atleast", "atmost", "nolessthan", "nomorethan", "notlessthan", "notmorethan", "nofewerthan",
    "morethan", "lessthan", "greaterthan", "fewerthan", "upto", "over", "under", "above", "below",
    "about", "around", "approx.", "approx", "approximately", "ca.", "min.", "min", "max.", "max",
    "minimum", "maximum",
)
_PREFIX_OK = re.compile(
    "(?:" + "|".join(re.escape(w) for w in sorted(_COMPARISON_WORDS, key=len, reverse=True)) + ")*"
)
_PREFIX_MAX = 40  # longer lead-ins are prose, not a comparison; also bounds regex backtracking

_CN_MULTIPLIER = {"十": 10, "百": 100, "千": 1_000, "万": 10_000, "亿": 100_000_000}
_MULT_RUN = re.compile(r"\s*([十百千万亿]+)")
# 千/百 here are the SI prefixes kilo/hecto or "per cent", part of the unit, not a multiplier:
# 千米, 千克, 千瓦, 千伏, 千帕, 千焦, 千卡, 千赫, 千兆, 百米, 百分点, 百分比.
_SI_AFTER = frozenset("米克瓦伏帕焦卡赫兆分")
_K_SUFFIX = re.compile(r"\s*k(?![a-z])")
_PERCENT = re.compile(r"\s*%")
# After the number: measure words, comparison words ("以上", "左右", "or more") and a little
# punctuation; digits cannot appear (they would be a second number).
_SUFFIX_OK = re.compile(r"[^\W\d_]*(?:[\s/()（）\[\]【】.。,，、·+:：'\"“”‘’][^\W\d_]*)*")


def _finite(value: float, raw: object) -> float:
    if not math.isfinite(value):
        raise ParseError("number.unreadable", raw)
    return value + 0.0  # turns -0.0 into 0.0


def _parse_number_text(raw: str) -> Decimal:
    """The one number in typed text, scaled by any 万/亿/千/百/k after it."""
    # Superscripts belong to units (m², m³); NFKC would turn them into digits.
    text = _prepared(raw.replace("²", "").replace("³", ""))
    tokens = list(_NUM_TOKEN.finditer(text))
    if not tokens:
        raise ParseError("number.unreadable", raw)
    if len(tokens) > 1:
        # A range, an alternative or a date: picking one of the numbers would be a guess.
        raise ParseError("number.ambiguous", raw)
    token = tokens[0]

    prefix = _WHITESPACE.sub("", text[: token.start()])
    negative = percent = False
    if prefix.endswith("百分之"):
        percent, prefix = True, prefix[: -len("百分之")]
    if prefix and prefix[-1] in _MINUS_SIGNS:
        negative, prefix = True, prefix[:-1]
    if prefix.endswith("百分之") and not percent:
        percent, prefix = True, prefix[: -len("百分之")]
    if len(prefix) > _PREFIX_MAX or not _PREFIX_OK.fullmatch(prefix):
        raise ParseError("number.unreadable", raw)

    value = Decimal(token.group().replace(",", ""))
    rest = text[token.end():]
    multiplier = 1
    if m := _MULT_RUN.match(rest):
        run, after = m.group(1), rest[m.end(): m.end() + 1]
        if run[-1] in "千百" and after in _SI_AFTER:
            run = run[:-1]
        for ch in run:
            multiplier *= _CN_MULTIPLIER[ch]
        if run:
            rest = rest[m.start(1) + len(run):]
    elif m := _K_SUFFIX.match(rest):
        multiplier, rest = 1_000, rest[m.end():]
    if multiplier == 1 and not percent and (m := _PERCENT.match(rest)):
        percent, rest = True, rest[m.end():]
    if not _SUFFIX_OK.fullmatch(rest) or (percent and multiplier != 1):
        raise ParseError("number.unreadable", raw)
    value *= multiplier
    return -value if negative else value


def parse_number(raw: object, *, percent_unit: bool = False) -> float | None:
    """Read a number cell; "90%" gives 90.0, and with percent_unit a 0.9 from Excel gives 90.0."""
    if is_blank(raw):
        return None
    if isinstance(raw, bool):
        raise ParseError("number.unreadable", raw)
    if _is_number(raw):
        try:
            value = float(raw)  # type: ignore[arg-type]
        except (OverflowError, ValueError):
            raise ParseError("number.unreadable", raw) from None
        value = _finite(value, raw)
        if percent_unit and abs(value) <= 1:
            # A percent-formatted cell stores 90 % as 0.9. Decimal keeps 0.07 → 7.0 exact.
            value = float(Decimal(repr(value)).scaleb(2))
        return _finite(value, raw)
    if isinstance(raw, str):
        try:
            # A percentage is already in the caller's unit (%), so "90%" is returned as 90.0.
            return _finite(float(_parse_number_text(raw)), raw)
        except (InvalidOperation, OverflowError):
            raise ParseError("number.unreadable", raw) from None
    raise ParseError("number.unreadable", raw)


# --- choices ---------------------------------------------------------------------------------

_ENCLOSED = re.compile(r"[(\[【「『《<\"'“‘](.+)[)\]】」』》>\"'”’]")


def choice_index(choices: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Precompute the normalized spelling → canonical key lookup that parse_choice uses."""
    index: dict[str, str] = {}
    keys: dict[str, str] = {}
    clashes: set[str] = set()
    for key, spellings in choices.items():
        if norm := normalize_label(key):
            keys[norm] = key
        # A bare string is one spelling, not a sequence of one-character spellings.
        for spelling in (spellings,) if isinstance(spellings, str) else spellings:
            norm = normalize_label(spelling)
            if not norm:
                continue
            if index.setdefault(norm, key) != key:
                clashes.add(norm)
    # A spelling claimed by two keys cannot be decided; a canonical key always means itself.
    for norm in clashes:
        del index[norm]
    index.update(keys)
    return index


@lru_cache(maxsize=256)
def _cached_index(frozen: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, str]:
    return choice_index(dict(frozen))


def _freeze(choices: Mapping[str, Iterable[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(
        (key, (spellings,) if isinstance(spellings, str) else tuple(spellings))
        for key, spellings in choices.items()
    )


def parse_choice(
    raw: object,
    choices: Mapping[str, Iterable[str]],
    *,
    index: Mapping[str, str] | None = None,
) -> str | None:
    """Read a drop-down cell as its canonical key; pass index=choice_index(choices) on hot loops."""
    if is_blank(raw):
        return None
    if index is None:
        # Callers build the same lists again and again (fields.choice_spellings returns a new
        # dict each call), so the cache keys on content, not on the object's identity.
        index = _cached_index(_freeze(choices))
    norm = normalize_label(raw)
    key = index.get(norm)
    if key is None and (m := _ENCLOSED.fullmatch(norm)):
        # "（正向）" or "“完成”": the brackets or quotes are decoration around a known spelling.
        key = index.get(_strip_markers(m.group(1)))
    if key is None:
        raise ParseError("choice.unknown", raw)
    return key
