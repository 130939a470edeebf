"""What a file really is, before any parser touches it.

The spreadsheet libraries say "not a zip file" for an empty file, a CSV, a Word
document and an encrypted workbook alike; a person needs to hear which it is. And a
parser must never see a zip bomb, an XML entity bomb or a sheet of a million rows:

* the zip directory's stated sizes, ratios and part count are checked first (free);
* then every part is inflated here, in 1 MB chunks, straight from its compressed bytes,
  *counting what really comes out*: a header that understates a part's size (with a CRC
  to match, so Python's zipfile believes it) cannot hide a bomb;
* while inflating, XML parts are searched for DOCTYPE / ENTITY declarations anywhere
  (not just in the first bytes), and sheets are measured from their rows and cell
  references, so a sheet without a ``<dimension>`` still shows its real extent;
* the workbook's structure (``xl/workbook.xml`` and its relationships) is parsed with
  expat, refusing any DTD, to name the sheets in findings.

Time is bounded by the file size limit and the inflation budget; memory by the chunk size.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from pacesetter import zips
from pacesetter.findings import Finding, finding
from pacesetter.i18n import t

MAX_FILE_BYTES = 30 * 1024 * 1024  # a filled template is ~50 KB; pictures make a few MB
MAX_INFLATED_BYTES = 200 * 1024 * 1024  # all parts together, uncompressed
MAX_PART_BYTES = 60 * 1024 * 1024  # one sheet's XML: ~100,000 rows of a template
MAX_RATIO = 200  # real sheets compress ~10-20x; bombs compress thousands of times
MAX_PARTS = 2000
MAX_ROWS = 20_000  # a sheet reaching beyond this is not a template (one holds ~10 tasks)
MAX_COLS = 200
CHUNK = 1024 * 1024
STRUCTURE_BYTES = 16 * 1024 * 1024  # workbook.xml and its rels are kept to be parsed
HAND_ON_BYTES = 16 * 1024 * 1024  # parts together up to this go on to the reader inflated

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENTITY = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)
_XML_NAMES = (".xml", ".rels", ".vml")
_MACRO_FOLDERS = ("xl/macrosheets/", "basic/", "scripts/")  # Excel 4 macros; LibreOffice Basic


class _Stop(Exception):
    """A reason to refuse the file, found while inflating: (code, params)."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params


def _human(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _col_letters(n: int) -> str:
    letters = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters or "A"


def inspect_file(path: Path, *, lang: str, name: str | None = None,
                 sheet_names: set[str] | None = None, formula_sheets: set[str] | None = None,
                 inflated: list[bytes] | None = None) -> list[Finding]:
    """Findings that stop a file before parsing (empty = safe to hand to the reader).

    What is seen on the way is handed back, so the caller need not open the file again:
    ``sheet_names`` receives the sheet names of an .xlsx workbook as its workbook part
    lists them, ``formula_sheets`` the names of those sheets that hold a formula, and
    ``inflated`` a safe zip workbook (.xlsx, .ods) of at most HAND_ON_BYTES inflated once
    more: the same parts, in the same order, stored without compression, so that the
    reader does not inflate again what the gate inflated already (see ``zips.stored_zip``).
    """
    path = Path(path)
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
        return _inspect_zip(path, lang, name, sheet_names, formula_sheets, inflated)
    return [_sniff_other(head, lang, name)]


def _not_spreadsheet(kind: str, lang: str, name: str) -> Finding:
    return finding("file.not_spreadsheet", lang, file=name, kind=t(f"safety.kind.{kind}", lang))


def _sniff_other(head: bytes, lang: str, name: str) -> Finding:
    """Neither a zip nor an OLE file: say what it is (the libraries only say "not a zip file")."""
    start = head.lstrip()
    if start.startswith(b"{\\rtf"):
        return finding("file.word_document", lang, file=name)
    if start.startswith(b"%PDF"):
        return _not_spreadsheet("pdf", lang, name)
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM")):
        return _not_spreadsheet("picture", lang, name)
    if head.startswith((b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b")):
        return _not_spreadsheet("archive", lang, name)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode Text": UTF-16, tab-separated
        text: str | None = head[: len(head) // 2 * 2].decode("utf-16", "replace")
    else:
        text = _decode(head)
    low = (text or "").lstrip().lower()
    if "urn:schemas-microsoft-com:office:spreadsheet" in low or 'progid="excel.sheet"' in low:
        return _not_spreadsheet("xml_spreadsheet", lang, name)
    if low.startswith(("<html", "<!doctype html", "<table", "mime-version")) or "<table" in low:
        return _not_spreadsheet("html", lang, name)
    printable = bool(text) and sum(ch.isprintable() or ch in "\r\n\t" for ch in text) > 0.95 * len(text)
    if printable and text and _looks_like_csv(text):
        return finding("file.csv", lang, file=name)
    return _not_spreadsheet("text" if printable else "data", lang, name)


def _decode(head: bytes) -> str | None:
    for enc in ("utf-8-sig", "gb18030"):
        for cut in (0, 1, 2, 3):  # a character cut off at the end of the sniffed bytes is no reason
            try:
                return head[: len(head) - cut].decode(enc)
            except UnicodeDecodeError:
                continue
    return None


def _looks_like_csv(text: str) -> bool:
    """Rows of separated fields: a separator in the first line and in the next, or twice in one."""
    lines = [line for line in text.splitlines() if line.strip()][:20]
    for sep in (",", "\t", ";", "，"):
        counts = [line.count(sep) for line in lines]
        if counts and counts[0] and (counts[0] >= 2 or sum(c > 0 for c in counts) >= 2):
            return True
    return False


# ------------------------------------------------------------------ OLE2 (compound files)


def _inspect_ole(path: Path, lang: str, name: str) -> list[Finding]:
    """OLE2 compound files: an encrypted .xlsx, a legacy .xls, or a Word .doc."""
    names = _ole_root_names(path)
    if names is None:  # a damaged directory: look for the stream names in the first bytes
        with path.open("rb") as fh:
            data = fh.read(4 * 1024 * 1024)
        names = {s for s in ("EncryptedPackage", "EncryptionInfo", "Workbook", "Book", "WordDocument",
                             "PowerPoint Document") if s.encode("utf-16-le") in data}
    if names & {"EncryptedPackage", "EncryptionInfo"}:
        return [finding("file.encrypted", lang, file=name)]
    if names & {"Workbook", "Book"}:
        return []  # a legacy .xls: the reader takes it
    if "WordDocument" in names:
        return [finding("file.word_document", lang, file=name)]
    if "PowerPoint Document" in names:
        return [_not_spreadsheet("powerpoint", lang, name)]
    return [_not_spreadsheet("other_office", lang, name)]


def _ole_root_names(path: Path) -> set[str] | None:
    """Names of the streams and storages at the root of a compound file (None: unreadable).

    A minimal reader of the directory (MS-CFB): the header's FAT and DIFAT give the
    directory's sector chain; the root's children form a tree of left / right siblings.
    Only the root matters: a Word file that embeds a chart holds a "Workbook" deeper down.
    """
    end = 0xFFFFFFFA
    try:
        with path.open("rb") as fh:
            hdr = fh.read(512)
            if len(hdr) < 512:
                return None
            shift = struct.unpack_from("<H", hdr, 30)[0]
            if shift not in (9, 12):
                return None
            ssz = 1 << shift
            nfat, dir_start = struct.unpack_from("<II", hdr, 44)
            difat_sec, ndifat = struct.unpack_from("<II", hdr, 68)
            fat_secs = [s for s in struct.unpack_from("<109I", hdr, 76) if s < end][:nfat]
            seen: set[int] = set()
            while len(fat_secs) < nfat and difat_sec < end and difat_sec not in seen and len(seen) <= ndifat:
                seen.add(difat_sec)
                fh.seek((difat_sec + 1) * ssz)
                ids = struct.unpack(f"<{ssz // 4}I", fh.read(ssz))
                fat_secs += [s for s in ids[:-1] if s < end]
                difat_sec = ids[-1]
            fat: list[int] = []
            for s in fat_secs[:nfat]:
                fh.seek((s + 1) * ssz)
                block = fh.read(ssz)
                if len(block) < ssz:
                    return None
                fat.extend(struct.unpack(f"<{ssz // 4}I", block))
            entries: list[bytes] = []
            sec, seen = dir_start, set()
            while sec < end and sec not in seen and len(entries) < 100_000:
                seen.add(sec)
                fh.seek((sec + 1) * ssz)
                block = fh.read(ssz)
                entries.extend(block[i:i + 128] for i in range(0, len(block) - 127, 128))
                sec = fat[sec] if sec < len(fat) else end
    except (OSError, struct.error):
        return None
    if not entries:
        return None

    def field(i: int, off: int) -> int:
        return struct.unpack_from("<I", entries[i], off)[0]

    names: set[str] = set()
    stack, visited = [field(0, 76)], set()  # the root entry's child
    while stack:
        i = stack.pop()
        if i >= len(entries) or i in visited:
            continue
        visited.add(i)
        nlen = struct.unpack_from("<H", entries[i], 64)[0]
        names.add(entries[i][: max(0, min(nlen, 64) - 2)].decode("utf-16-le", "replace"))
        stack += [field(i, 68), field(i, 72)]  # left and right siblings
    return names


# ------------------------------------------------------------------ zip containers (xlsx, ods)


def _inspect_zip(path: Path, lang: str, name: str, sheet_names: set[str] | None,
                 formula_sheets: set[str] | None = None, inflated: list[bytes] | None = None
                 ) -> list[Finding]:
    try:
        with zipfile.ZipFile(path) as zf:
            return _zip_findings(zf, zf.infolist(), lang, name, sheet_names, formula_sheets, inflated)
    except _Stop as s:
        return [_stop_finding(s, lang, name)]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error, *zips.ERRORS,
            NotImplementedError, RuntimeError):
        # a damaged directory or part (zipfile reads a garbled header as an unknown "version")
        return [finding("file.truncated", lang, file=name)]


def _stop_finding(s: _Stop, lang: str, name: str) -> Finding:
    p = s.params
    if s.code == "file.zip_bomb":
        key = str(p.pop("why"))
        return finding("file.zip_bomb", lang, file=name, detail=t(f"safety.{key}", lang, **p))
    if s.code == "file.huge_sheet":
        rows, cols = int(p["rows"]), int(p["cols"])  # type: ignore[call-overload]
        col = _col_letters(cols)
        detail = t("safety.extent", lang, rows=f"{rows:,}", col=col, last=f"{col}{rows}")
        return finding("file.huge_sheet", lang, file=name, sheet=str(p["sheet"]), detail=detail)
    return finding(s.code, lang, file=name)


def _zip_findings(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], lang: str,
                  name: str, sheet_names: set[str] | None = None,
                  formula_sheets: set[str] | None = None,
                  inflated: list[bytes] | None = None) -> list[Finding]:
    names = {i.filename for i in infos}
    lower = {n.lower() for n in names}
    if "word/document.xml" in names:
        return [finding("file.word_document", lang, file=name)]
    if "ppt/presentation.xml" in names:
        return [_not_spreadsheet("powerpoint", lang, name)]
    mimetype = _small_part(zf, "mimetype", 200) if "mimetype" in names else b""
    is_ods = b"opendocument.spreadsheet" in mimetype
    if b"opendocument.text" in mimetype:
        return [_not_spreadsheet("text_document", lang, name)]
    if not is_ods and "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        return [_not_spreadsheet("archive", lang, name)]
    if len(infos) > MAX_PARTS:
        raise _Stop("file.zip_bomb", why="parts", count=f"{len(infos):,}")

    total = 0
    for info in infos:  # what the directory states: free to check, and catches honest bombs
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_PART_BYTES or (ratio > MAX_RATIO and info.file_size > CHUNK):
            raise _Stop("file.zip_bomb", why="inflates", part=info.filename, size=_human(info.file_size),
                        packed=_human(info.compress_size), ratio=f"{ratio:,.0f}")
    if total > MAX_INFLATED_BYTES:
        raise _Stop("file.zip_bomb", why="total", size=_human(total))
    if any(n.endswith("vbaproject.bin") or n.startswith(_MACRO_FOLDERS) for n in lower):
        return [finding("file.macros", lang, file=name)]
    if any(i.flag_bits & 0x1 for i in infos):  # a zip-level password
        return [finding("file.encrypted", lang, file=name)]

    budget = _Budget()
    # every part's bytes, kept to hand on when the parts together are small (as they nearly
    # always are: a template holds about 100 KB of XML)
    parts: dict[zipfile.ZipInfo, bytes] | None = None
    if inflated is not None and total <= HAND_ON_BYTES:
        parts = {}

    def scan(info: zipfile.ZipInfo, *, keep: int = 0, extent: _SheetExtent | _OdsExtent | None = None
             ) -> bytes:
        data = _scan_part(zf, info, budget, keep=keep, extent=extent, collect=parts is not None)
        if parts is not None:
            parts[info] = data
        return data

    by_name = {i.filename: i for i in infos}
    sheets: dict[str, str] = {}  # part -> sheet name as the unit sees it
    done: set[str] = set()
    if is_ods:
        manifest = by_name.get("META-INF/manifest.xml")
        if manifest is not None:
            done.add(manifest.filename)
            if b"encryption-data" in scan(manifest, keep=STRUCTURE_BYTES):
                return [finding("file.encrypted", lang, file=name)]
    else:
        book, rels = by_name.get("xl/workbook.xml"), by_name.get("xl/_rels/workbook.xml.rels")
        if book is not None and rels is not None:
            done |= {book.filename, rels.filename}
            sheets = _sheet_names(scan(book, keep=STRUCTURE_BYTES), scan(rels, keep=STRUCTURE_BYTES))
            if sheet_names is not None:
                sheet_names.update(sheets.values())
    for info in infos:
        if info.filename in done or info.is_dir():
            continue
        part = info.filename
        if is_ods and part == "content.xml":
            scan(info, extent=_OdsExtent())
        elif part in sheets or (part.startswith("xl/worksheets/") and part.endswith(".xml")):
            extent = _SheetExtent(sheets.get(part, part))
            try:
                scan(info, extent=extent)
            except _Stop as stop:
                if stop.code == "file.huge_sheet" and extent.estimated:
                    _measure_exactly(zf, info, extent.sheet)
                raise
            if extent.formulas and formula_sheets is not None:
                formula_sheets.add(extent.sheet)
        else:
            scan(info)
    if parts is not None and inflated is not None:
        inflated.append(zips.stored_zip([(_raw_name(i), bool(i.flag_bits & 0x800), parts.get(i, b""),
                                          i.CRC if i in parts else 0) for i in infos]))
    return []


def _measure_exactly(zf: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str) -> None:
    """A sheet refused after a text read by the near path: read again, every reference
    counted, for the finding's figures (raises that finding; the part was inflated once
    already, within every limit)."""
    _scan_part(zf, info, _Budget(), extent=_SheetExtent(sheet, near=False))


def _small_part(zf: zipfile.ZipFile, member: str, n: int) -> bytes:
    try:
        with zf.open(member) as fh:
            return fh.read(n)
    except Exception:  # noqa: BLE001 - a damaged member says nothing about the kind
        return b""


_RID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _refuse_dtd(*_: object) -> None:
    raise _Stop("file.xml_entities")


def _expat(data: bytes, start: Callable[[str, dict[str, str]], None],
           end: Callable[[str], None] | None = None) -> None:
    """Parse with expat, refusing any DTD (the scan has refused one already: a second guard)."""
    import xml.parsers.expat

    parser = xml.parsers.expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    parser.Parse(data, True)


def _sheet_names(book: bytes, rels: bytes) -> dict[str, str]:
    """Sheet part -> sheet name, from workbook.xml and its relationships."""
    import xml.parsers.expat

    targets: dict[str | None, str] = {}
    depth = 0

    def relationship(tag: str, attrs: dict[str, str]) -> None:
        nonlocal depth
        if depth == 1:  # a child of <Relationships>
            target = attrs.get("Target") or ""
            target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[attrs.get("Id")] = posixpath.normpath(target)
        depth += 1

    def closed(tag: str) -> None:
        nonlocal depth
        depth -= 1

    out: dict[str, str] = {}

    def sheet(tag: str, attrs: dict[str, str]) -> None:
        if tag.rsplit("}", 1)[-1] == "sheet" and attrs.get(_RID) in targets:
            out[targets[attrs[_RID]]] = attrs.get("name") or ""

    try:
        _expat(rels, relationship, closed)
        _expat(book, sheet)
    except xml.parsers.expat.ExpatError:
        return {}  # the reader will say what is wrong with it
    return out


class _Budget:
    """All parts together may inflate to MAX_INFLATED_BYTES."""

    def __init__(self) -> None:
        self.left = MAX_INFLATED_BYTES


def _scan_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget, *, keep: int = 0,
               extent: _SheetExtent | _OdsExtent | None = None, collect: bool = False) -> bytes:
    """Inflate one part counting its real bytes; refuse it on the way (raises _Stop).

    Returns the part's bytes when ``keep`` allows (the structure parts) or ``collect`` asks
    (never more than the directory states: a part inflating beyond it is refused), else b"".
    """
    part = info.filename
    low = part.lower()
    xml = low.endswith(_XML_NAMES) or extent is not None
    media = "/media/" in f"/{low}" or low.endswith(".svg")
    seen = 0
    tail = b""
    kept: list[bytes] = []
    crc = 0
    first, wide = True, False
    for chunk in _inflate(zf, info):
        seen += len(chunk)
        budget.left -= len(chunk)
        if seen > info.file_size:
            raise _Stop("file.zip_bomb", why="lies", part=part, stated=_human(info.file_size))
        if seen > MAX_PART_BYTES:
            raise _Stop("file.zip_bomb", why="inflates_more", part=part, size=_human(MAX_PART_BYTES))
        if seen > CHUNK and seen > MAX_RATIO * max(info.compress_size, 1):
            raise _Stop("file.zip_bomb", why="inflates", part=part, size=_human(seen),
                        packed=_human(info.compress_size), ratio=f"{seen / max(info.compress_size, 1):,.0f}")
        if budget.left < 0:
            raise _Stop("file.zip_bomb", why="total", size=_human(MAX_INFLATED_BYTES - budget.left))
        crc = zlib.crc32(chunk, crc)
        if first:
            # UTF-16 XML would hide "<!DOCTYPE" from a byte search: its NULs are dropped to scan it
            wide = chunk.startswith((b"\xff\xfe", b"\xfe\xff")) or b"<\0" in chunk[:4] or b"\0<" in chunk[:4]
            xml = xml or wide or chunk.lstrip().removeprefix(b"\xef\xbb\xbf").startswith(b"<")
            first = False
        if keep and seen > keep:
            raise _Stop("file.zip_bomb", why="inflates_more", part=part, size=_human(keep))
        if keep or collect:
            kept.append(chunk)
        if not xml or media:
            continue
        # scan whole tags only: cut after the last '>' and carry the rest to the next chunk
        buf = tail + (chunk.replace(b"\0", b"") if wide else chunk)
        cut = buf.rfind(b">") + 1
        if cut == 0 and len(buf) < CHUNK:
            tail = buf
            continue
        cut = cut or len(buf)
        whole, tail = buf[:cut], buf[cut:]
        _scan_xml(whole, extent)
    if tail and xml and not media:
        _scan_xml(tail, extent)
    if extent is not None:
        extent.finish()
    if seen != info.file_size or crc != info.CRC:
        raise _Stop("file.truncated")  # damaged: the reader would fail on it with a vaguer word
    return b"".join(kept)


def _scan_xml(buf: bytes, extent: _SheetExtent | _OdsExtent | None) -> None:
    if _ENTITY.search(buf):
        raise _Stop("file.xml_entities")
    if extent is not None:
        extent.feed(buf)


def _raw_name(info: zipfile.ZipInfo) -> bytes:
    """A part's name as the zip holds it: UTF-8 when flagged so, else code page 437 (which
    gives back every byte as it was)."""
    return info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437")


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A part's real bytes in chunks of at most CHUNK, read from its compressed data.

    Python's zipfile stops at the size the header states (and checks the CRC against
    just that), so a header that understates the size hides the rest; a reader in
    another language may not stop there. Inflating the raw deflate stream to its end
    shows everything that is really in the file.
    """
    fp: BinaryIO = zf.fp  # type: ignore[assignment]
    fp.seek(info.header_offset)
    local = fp.read(30)
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise _Stop("file.truncated")
    nlen, elen = struct.unpack_from("<HH", local, 26)
    if _raw_name(info) != fp.read(nlen):  # as zipfile checks, and a reader of the file would see
        raise _Stop("file.truncated")
    fp.seek(info.header_offset + 30 + nlen + elen)
    left = info.compress_size
    if info.compress_type == zipfile.ZIP_STORED:
        while left > 0:
            raw = fp.read(min(CHUNK, left))
            if not raw:
                raise _Stop("file.truncated")
            left -= len(raw)
            yield raw
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        # bzip2 / lzma: Excel never writes them; zipfile inflates them, bounded by the stated size
        with zf.open(info) as fh:
            while chunk := fh.read(CHUNK):
                yield chunk
        return
    d = zips.decompressobj()  # ISA-L where installed: 1.7 times as fast as zlib
    while left > 0 and not d.eof:
        raw = fp.read(min(CHUNK, left))
        if not raw:
            break
        left -= len(raw)
        out = d.decompress(raw, CHUNK)
        while True:
            if out:
                yield out
            # a full CHUNK may leave more to come from what was read (zlib keeps it as the
            # unconsumed tail, ISA-L inside): ask again until less comes, then read on
            if d.eof or (len(out) < CHUNK and not d.unconsumed_tail):
                break
            out = d.decompress(d.unconsumed_tail, CHUNK)
    if not d.eof:
        raise _Stop("file.truncated")


_PLAIN_F = re.compile(rb"<f[>/ \t\n\r]")


def has_formula(buf: bytes, *, prefixed: bool = True) -> bool:
    """A formula element (<f>, <f ...>, <x:f/>) in this XML: found by fast searches for "<f"
    and ":f", each hit checked (a sheet's <formula1> and <filterColumn> are not formulas).
    With ``prefixed`` False only <f> without a namespace prefix is looked for."""
    if not prefixed:  # one search in C: the loop below stops at each <formula1>, <filterColumn>
        return _PLAIN_F.search(buf) is not None
    for tag in (b"<f", b":f"):
        i = buf.find(tag)
        while i >= 0:
            if buf[i + 2: i + 3] in (b">", b" ", b"/", b"\t", b"\n", b"\r"):
                return True
            i = buf.find(tag, i + 2)
    return False


class _SheetExtent:
    """How far an xlsx sheet really reaches: rows and cells counted, references read.

    Whether a sheet goes too far is decided exactly. Its figures (``max_row``,
    ``max_col``) are exact too, except after a text read by the near path (``estimated``):
    there the cells' own references were only seen to stay near, and a sheet refused
    after all is measured again without it (``_measure_exactly``) for its finding.
    """

    _ROW = re.compile(rb"<(?:[\w.-]+:)?row[\s/>]")
    _CELL = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")
    _ROW_REF = re.compile(rb'<(?:[\w.-]+:)?row\b[^>]*?\sr="(\d{1,9})"')
    _CELL_REF = re.compile(rb'<(?:[\w.-]+:)?c\b[^>]*?\sr="([A-Za-z]{1,4})(\d{1,9})"')
    # the same without a namespace prefix, for XML that has none on these tags (nearly all):
    # each starts with a literal the regex engine can search for, several times faster
    _PLAIN = (re.compile(rb"<row[\s/>]"), re.compile(rb"<c[\s/>]"),
              re.compile(rb'<row\b[^>]*?\sr="(\d{1,9})"'),
              re.compile(rb'<c\b[^>]*?\sr="([A-Za-z]{1,4})(\d{1,9})"'))
    _PREFIXED = re.compile(rb":(?:row|c)[\s/>]")  # a hit in text only costs the slower patterns
    # every cell tag, with its reference when it has one: one pass for both
    _CELLS = re.compile(rb'<c(?=[\s/>])(?:[^>]*?\sr="([A-Za-z]{1,4})(\d{1,9})")?')
    _DIM = re.compile(rb'<(?:[\w.-]+:)?dimension\s[^>]*?ref="[A-Za-z]*\d*:?([A-Za-z]{1,4})(\d{1,9})"')
    # a cell tag that does not open with a reference within the first 200 columns (A to GR)
    # and 9,999 rows: found in no template (one search instead of a list of every cell)
    _NOT_NEAR = re.compile(rb'<c(?! r="(?:[A-Fa-f][A-Za-z]?|[Gg][A-Ra-r]?|[H-Zh-z])\d{1,4}")[\s/>]')

    def __init__(self, sheet: str, *, near: bool = True):
        self.sheet = sheet
        self.near = near  # may take the near path
        self.estimated = False  # a text was read by the near path: figures may fall short
        self.rows = 0  # row elements seen
        self.max_row = 0  # highest row number referenced
        self.max_col = 0  # highest column referenced, or most cells in one row
        self.in_row = 0  # cells in the row being read
        self.dimension_seen = False
        self.over = False
        self.formulas = False  # a formula cell anywhere in it
        self.prefixed = False  # <x:row>, <x:c>: the general patterns from then on

    def feed(self, buf: bytes) -> None:
        if not self.prefixed and self._PREFIXED.search(buf):
            self.prefixed = True
        # the reader's second look for formulas without a value reads unprefixed cells only:
        # in a sheet without prefixes, a prefixed <x:f> is not one it could name
        if not self.formulas and has_formula(buf, prefixed=self.prefixed):
            self.formulas = True
        if not self.dimension_seen and (m := self._DIM.search(buf)):
            self.dimension_seen = True
            if int(m.group(2)) > MAX_ROWS or _col_number(m.group(1)) > MAX_COLS:
                raise _Stop("file.huge_sheet", sheet=self.sheet, rows=int(m.group(2)),
                            cols=_col_number(m.group(1)))
        if self.over:  # refused already: only measure, cheaply, how far the sheet goes
            self.rows += buf.count(b"<row")
            last = self._ROW_REF.match(buf, max(buf.rfind(b"<row"), 0))
            if last:
                self.max_row = max(self.max_row, int(last.group(1)))
            return
        if not self.prefixed:
            if self.near and self._near(buf):
                return
            cells = self._CELLS.findall(buf)
            if (b"", b"") not in cells:  # every cell says where it is (nearly every sheet)
                self._count_by_reference(buf, cells)
                self._reach(self._PLAIN[2].findall(buf), cells)
                return
        row_tag, cell_tag, row_ref, cell_ref = (
            (self._ROW, self._CELL, self._ROW_REF, self._CELL_REF) if self.prefixed else self._PLAIN)
        # a cell without a reference goes after the one before it: count them row by row
        segments = row_tag.split(buf)
        self.rows += len(segments) - 1
        for i, seg in enumerate(segments):
            if i:
                self.in_row = 0
            self.in_row += len(cell_tag.findall(seg))
            self.max_col = max(self.max_col, self.in_row)
        self._reach(row_ref.findall(buf), cell_ref.findall(buf))

    def _near(self, buf: bytes) -> bool:
        """The near path, for a text (with a row tag) whose every cell opens with a reference
        within the first 200 columns and 9,999 rows: no cell can take the sheet too far by
        its reference, only the rows can (counted, and their references read) and the cells
        of its last row (counted, as below: cells without a reference may follow). The same
        verdict as reading every reference, for a fraction of the work; False: not such a text."""
        last = self._last_row_tag(buf)
        if last < 0 or self._NOT_NEAR.search(buf) is not None:
            return False
        self.estimated = True
        self.rows += len(self._PLAIN[0].findall(buf))
        refs = self._PLAIN[2].findall(buf)
        if refs:
            self.max_row = max(self.max_row, max(map(int, refs)))
        self.in_row = len(self._CELLS.findall(buf, last))
        self.max_col = max(self.max_col, self.in_row)
        self.over = max(self.rows, self.max_row) > MAX_ROWS or self.max_col > MAX_COLS
        return True

    def _count_by_reference(self, buf: bytes, cells: list[tuple[bytes, bytes]]) -> None:
        """A text whose cells all have references (no namespace prefixes): a reader puts each
        cell where its reference says, so the references give the extent. Only the rows, and
        the cells of the row that goes on into the next text (in case cells without a
        reference follow), are counted."""
        self.rows += len(self._PLAIN[0].findall(buf))
        last = self._last_row_tag(buf)
        self.in_row = self.in_row + len(cells) if last < 0 else len(self._CELLS.findall(buf, last))
        self.max_col = max(self.max_col, self.in_row)

    def _reach(self, rows: list[bytes], cells: list[tuple[bytes, bytes]]) -> None:
        """The furthest row and column the references name; over the limits or not."""
        if rows:
            self.max_row = max(self.max_row, max(map(int, rows)))
        if cells:
            letters, numbers = zip(*cells, strict=True)
            self.max_row = max(self.max_row, max(map(int, set(numbers))))  # a row's cells share one
            self.max_col = max(self.max_col, max(map(_col_number, set(letters))))
        self.over = max(self.rows, self.max_row) > MAX_ROWS or self.max_col > MAX_COLS

    @staticmethod
    def _last_row_tag(buf: bytes) -> int:
        """Where the last <row> tag of the text starts (not <rowBreaks>), or -1."""
        i = buf.rfind(b"<row")
        while i >= 0 and buf[i + 4: i + 5] not in (b" ", b">", b"/", b"\t", b"\n", b"\r"):
            i = buf.rfind(b"<row", 0, i)
        return i

    def finish(self) -> None:
        if self.over:
            raise _Stop("file.huge_sheet", sheet=self.sheet, rows=max(self.rows, self.max_row, 1),
                        cols=max(self.max_col, 1))


class _OdsExtent:
    """How far an .ods table really reaches, with repeated rows and cells multiplied out.

    One cell with number-columns-repeated="16384" in a row repeated 6,000 times is a few
    bytes on disk and 98 million cells to a reader.
    """

    _TAG = re.compile(rb"<(/?)(?:[\w.-]+:)?(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*)>")
    _REPEAT = re.compile(rb'number-(?:rows|columns)-repeated="(\d{1,10})"')
    _NAME = re.compile(rb'(?:^|\s)(?:[\w.-]+:)?name="([^"]*)"')

    def __init__(self) -> None:
        self.sheet = ""
        self.row = 0  # rows of the current table so far, repeats multiplied out
        self.col = 0

    def feed(self, buf: bytes) -> None:
        for m in self._TAG.finditer(buf):
            closing, tag, attrs = m.group(1), m.group(2), m.group(3)
            if closing:
                continue
            rep = self._REPEAT.search(attrs)
            n = int(rep.group(1)) if rep else 1
            if tag == b"table":
                name = self._NAME.search(attrs)
                self.sheet = name.group(1).decode("utf-8", "replace") if name else "?"
                self.row, self.col = 0, 0
            elif tag == b"table-row":
                self.row, self.col = self.row + n, 0
            else:
                self.col += n
                empty = attrs.rstrip().endswith(b"/") and b"value-type" not in attrs
                if not empty and (self.row > MAX_ROWS or self.col > MAX_COLS):
                    raise _Stop("file.huge_sheet", sheet=self.sheet, rows=self.row, cols=self.col)

    def finish(self) -> None:
        pass  # refused as soon as a repeated run reaches too far
