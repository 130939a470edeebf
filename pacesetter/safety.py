"""What a file really is, before any parser touches it.

The spreadsheet libraries say "not a zip file" for an empty file, a CSV, a Word
document and an encrypted workbook alike; a person needs to hear which it is. And a
parser must never see a zip bomb or an XML entity bomb: sizes, inflation ratios and
DOCTYPE declarations are checked here from the zip directory and the first bytes of
each part, in bounded time and memory.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from pacesetter.findings import Finding, finding

MAX_FILE_BYTES = 30 * 1024 * 1024  # a filled template is ~50 KB; pictures make a few MB
MAX_INFLATED_BYTES = 200 * 1024 * 1024  # all parts together, uncompressed
MAX_PART_BYTES = 60 * 1024 * 1024  # one sheet's XML: ~100,000 rows of a template
MAX_RATIO = 200  # real sheets compress ~10-20x; bombs compress thousands of times
MAX_PARTS = 2000
MAX_ROWS = 20_000  # a sheet whose stated dimension goes beyond this is not a template
MAX_COLS = 200

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DIMENSION = re.compile(rb'<dimension\s+ref="[A-Z]+\d+:([A-Z]+)(\d+)"')
_ENTITY = re.compile(rb"<!(DOCTYPE|ENTITY)", re.I)


def _human(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def inspect_file(path: Path, *, lang: str, name: str | None = None) -> list[Finding]:
    """Findings that stop a file before parsing (empty = safe to hand to the reader)."""
    name = name or path.name
    size = path.stat().st_size
    if size == 0:
        return [finding("file.empty", lang, file=name)]
    if size > MAX_FILE_BYTES:
        return [finding("file.too_large", lang, file=name, size=_human(size),
                        limit=_human(MAX_FILE_BYTES))]
    with path.open("rb") as fh:
        head = fh.read(4096)
    if head.startswith(OLE_MAGIC):
        return _inspect_ole(path, lang, name)
    if head.startswith(b"PK"):
        return _inspect_zip(path, lang, name)
    return [_sniff_text(head, lang, name)]


def _sniff_text(head: bytes, lang: str, name: str) -> Finding:
    if head.lstrip().startswith((b"{\\rtf",)):
        return finding("file.word_document", lang, file=name)
    if head.lstrip()[:5].lower() in (b"<html", b"<!doc") or b"<table" in head.lower():
        kind = "a web page (HTML)" if lang == "en" else "网页（HTML）"
        return finding("file.not_spreadsheet", lang, file=name, kind=kind)
    if head.startswith(b"%PDF"):
        return finding("file.not_spreadsheet", lang, file=name, kind="PDF")
    text = None
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = head.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    printable = text is not None and sum(ch.isprintable() or ch in "\r\n\t" for ch in text) > 0.95 * len(text)
    if printable and text and ("," in text or "\t" in text or "，" in text):
        return finding("file.csv", lang, file=name)
    kind = ("unrecognised data" if lang == "en" else "无法识别的数据") if not printable else (
        "plain text" if lang == "en" else "纯文本")
    return finding("file.not_spreadsheet", lang, file=name, kind=kind)


def _inspect_ole(path: Path, lang: str, name: str) -> list[Finding]:
    """OLE2 compound files: an encrypted .xlsx, a legacy .xls, or a Word .doc."""
    with path.open("rb") as fh:
        data = fh.read(min(path.stat().st_size, 4 * 1024 * 1024))
    # directory entries store names in UTF-16LE
    def has(stream: str) -> bool:
        return stream.encode("utf-16-le") in data

    if has("EncryptedPackage") or has("EncryptionInfo"):
        return [finding("file.encrypted", lang, file=name)]
    if has("WordDocument"):
        return [finding("file.word_document", lang, file=name)]
    if has("Workbook") or has("Book"):
        return []  # a legacy .xls: the reader takes it
    kind = "another Office document" if lang == "en" else "其他 Office 文档"
    return [finding("file.not_spreadsheet", lang, file=name, kind=kind)]


def _inspect_zip(path: Path, lang: str, name: str) -> list[Finding]:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return [finding("file.truncated", lang, file=name)]
    with zf:
        try:
            infos = zf.infolist()
        except Exception:  # noqa: BLE001 - a damaged directory
            return [finding("file.truncated", lang, file=name)]
        names = {i.filename for i in infos}
        if "word/document.xml" in names:
            return [finding("file.word_document", lang, file=name)]
        is_ods = "mimetype" in names and b"spreadsheet" in _read_head(zf, "mimetype", 200)
        if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names and not is_ods:
            kind = "a zip archive" if lang == "en" else "压缩包"
            if "ppt/presentation.xml" in names:
                kind = "a PowerPoint file" if lang == "en" else "PowerPoint 文件"
            return [finding("file.not_spreadsheet", lang, file=name, kind=kind)]
        if len(infos) > MAX_PARTS:
            return [finding("file.zip_bomb", lang, file=name, detail=f"{len(infos)} parts")]
        total = 0
        for info in infos:
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_PART_BYTES or (ratio > MAX_RATIO and info.file_size > 1024 * 1024):
                detail = f"{info.filename}: {_human(info.file_size)}, {ratio:.0f}:1"
                return [finding("file.zip_bomb", lang, file=name, detail=detail)]
        if total > MAX_INFLATED_BYTES:
            return [finding("file.zip_bomb", lang, file=name, detail=_human(total))]
        if any(n.lower().endswith("vbaproject.bin") for n in names):
            return [finding("file.macros", lang, file=name)]
        for info in infos:
            if not info.filename.endswith((".xml", ".rels")):
                continue
            # the directory can lie about sizes: read a bounded prefix and count real bytes
            head = _read_head(zf, info.filename, 4096)
            if head is None:
                return [finding("file.truncated", lang, file=name)]
            if _ENTITY.search(head):
                return [finding("file.xml_entities", lang, file=name)]
            m = _DIMENSION.search(head)
            if m and (int(m.group(2)) > MAX_ROWS or _col_number(m.group(1)) > MAX_COLS):
                return [finding("file.huge_sheet", lang, file=name, sheet=info.filename,
                                detail=f"{m.group(1).decode()}{m.group(2).decode()}")]
        bad = _stream_check(zf, infos)
        if bad:
            return [finding("file.zip_bomb", lang, file=name, detail=bad)]
    return []


def _read_head(zf: zipfile.ZipFile, member: str, n: int) -> bytes | None:
    try:
        with zf.open(member) as fh:
            return fh.read(n)
    except Exception:  # noqa: BLE001 - damaged member
        return None


def _stream_check(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> str | None:
    """Inflate the sheet parts in chunks, counting real bytes: headers can lie about sizes."""
    budget = MAX_INFLATED_BYTES
    for info in infos:
        if not info.filename.startswith(("xl/worksheets/", "xl/sharedStrings", "content.xml")):
            continue
        seen = 0
        try:
            with zf.open(info) as fh:
                while chunk := fh.read(1 << 20):
                    seen += len(chunk)
                    budget -= len(chunk)
                    if seen > MAX_PART_BYTES or budget < 0:
                        return f"{info.filename}: more than {_human(seen)}"
                    if seen > 1024 * 1024 and seen > MAX_RATIO * max(info.compress_size, 1):
                        return f"{info.filename}: ratio over {MAX_RATIO}:1"
        except zipfile.BadZipFile as exc:
            if "Bad CRC" in str(exc) or "size" in str(exc).lower():
                return f"{info.filename}: sizes do not match ({exc})"
            raise
        except Exception:  # noqa: BLE001 - damaged member: the reader will report it
            return None
    return None
