"""Hostile and broken files, written at test time (nothing big is kept in the repository).

Each ``write_*`` function writes one file the way it reaches a clerk: a filled template
that somebody damaged, renamed, password-protected or saved from another program, or a
file built to take a reader down (zip bombs, XML entity bombs, sheets of a million rows).
Big files are streamed: 300 MB of zeros deflate to ~300 KB and are never held in memory.

``CORPUS`` names every file with the finding code it must get (``None``: accepted), and
``write_corpus(folder)`` writes them all. Files that need LibreOffice to make (.xls, .ods
saved by a real office suite) are marked ``office``.
"""

from __future__ import annotations

import random
import shutil
import struct
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from tests.workbooks import write_submission

MB = 1024 * 1024
ROWS_MAX = 1_048_576  # Excel's last row
COLS_MAX = 16_384  # Excel's last column, XFD
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


# ------------------------------------------------------------------ zip plumbing

Part = bytes | Callable[[], Iterable[bytes]]  # small parts as bytes, big ones as a chunk stream


def template_parts(unit_code: str = "DC-PS1") -> dict[str, bytes]:
    """The parts of a valid filled submission, to build hostile variants from."""
    with tempfile.TemporaryDirectory() as tmp:
        path = write_submission(Path(tmp) / "good.xlsx", unit_code=unit_code)
        with zipfile.ZipFile(path) as zf:
            return {info.filename: zf.read(info) for info in zf.infolist()}


def write_zip(path: Path, parts: dict[str, Part], *, stored: Iterable[str] = ()) -> Path:
    """Write ``parts`` into a zip; callables are streamed chunk by chunk, never held whole."""
    keep = set(stored)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            method = zipfile.ZIP_STORED if name in keep else zipfile.ZIP_DEFLATED
            if isinstance(data, bytes):
                zf.writestr(zipfile.ZipInfo(name, (2026, 5, 10, 12, 0, 0)), data, compress_type=method)
                continue
            info = zipfile.ZipInfo(name, (2026, 5, 10, 12, 0, 0))
            info.compress_type = method
            with zf.open(info, "w", force_zip64=False) as out:
                for chunk in data():
                    out.write(chunk)
    return path


def _sheet_xml(body: Iterable[bytes], *, dimension: str | None) -> Iterator[bytes]:
    yield f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN_NS}">'.encode()
    if dimension:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>"
    yield from body
    yield b"</sheetData></worksheet>"


TASKS_PART = "xl/worksheets/sheet3.xml"  # the Tasks sheet of a write_submission file


def _with_tasks(path: Path, sheet: Callable[[], Iterable[bytes]]) -> Path:
    """A valid submission whose Tasks sheet is replaced by ``sheet`` (a sheet the reader does open)."""
    parts: dict[str, Part] = dict(template_parts())
    parts[TASKS_PART] = sheet
    return write_zip(path, parts)


def col_letters(n: int) -> str:
    """1-based column number -> letters (16384 -> XFD)."""
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# ------------------------------------------------------------------ not what the name says


def write_empty(path: Path) -> Path:
    """0 bytes: an attachment lost on the way."""
    path.write_bytes(b"")
    return path


def write_random(path: Path) -> Path:
    """Noise: a corrupted download."""
    path.write_bytes(random.Random(7).randbytes(5000))
    return path


def write_truncated(path: Path) -> Path:
    """The first 60% of a good workbook: a copy that stopped half way."""
    with tempfile.TemporaryDirectory() as tmp:
        data = write_submission(Path(tmp) / "x.xlsx").read_bytes()
    path.write_bytes(data[: len(data) * 6 // 10])
    return path


def write_csv(path: Path) -> Path:
    """A CSV saved from Excel ("CSV UTF-8", with its BOM) and renamed .xlsx."""
    rows = ["Task No.,Category,Task title,Indicator,Baseline,Target,Deadline",
            "1,对标争先,综合文化服务中心达标,达标率,85,90%,2026-12-31",
            "2,公共文化服务,农家书屋更新升级,更新数,20,30,2026-11-30"]
    path.write_bytes("\ufeff".encode() + "\r\n".join(rows).encode("utf-8") + b"\r\n")
    return path


def write_docx(path: Path) -> Path:
    """A Word document (the form typed into Word) renamed .xlsx."""
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
          'package/2006/content-types"><Default Extension="rels" ContentType="application/'
          'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
          '"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
          'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
            '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxml'
            'formats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            '</Relationships>')
    doc = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats'
           '.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>对标争先目标承诺书</w:t></w:r></w:p>'
           '</w:body></w:document>')
    return write_zip(path, {"[Content_Types].xml": ct.encode(), "_rels/.rels": rels.encode(),
                            "word/document.xml": doc.encode()})


def write_html(path: Path) -> Path:
    """An "Excel export" of a web system: an HTML table saved as .xls."""
    path.write_text('<html><head><meta charset="utf-8"></head><body><table><tr><td>任务编号</td>'
                    "<td>任务名称</td></tr><tr><td>1</td><td>综合文化服务中心达标</td></tr></table>"
                    "</body></html>", encoding="utf-8")
    return path


def write_zipped_folder(path: Path) -> Path:
    """A folder zipped up (the workbook inside) and named .xlsx."""
    with tempfile.TemporaryDirectory() as tmp:
        inner = write_submission(Path(tmp) / "x.xlsx").read_bytes()
    return write_zip(path, {"东城一小/承诺书.xlsx": inner, "东城一小/说明.txt": "见附件".encode()})


def write_unicode_text(path: Path) -> Path:
    """Excel's "Unicode Text" (UTF-16, tab-separated) renamed .xls."""
    rows = ["任务编号\t任务名称\t目标值", "1\t综合文化服务中心达标\t90%", "2\t农家书屋更新升级\t30"]
    path.write_bytes("\r\n".join(rows).encode("utf-16"))  # with its byte-order mark, as Excel writes it
    return path


def write_xml_2003(path: Path) -> Path:
    """An "XML Spreadsheet 2003" (what some systems still export as "Excel") named .xls."""
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n'
                    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-'
                    'microsoft-com:office:spreadsheet"><Worksheet ss:Name="Tasks"><Table><Row><Cell>'
                    '<Data ss:Type="String">任务编号</Data></Cell></Row></Table></Worksheet></Workbook>',
                    encoding="utf-8")
    return path


def write_pdf(path: Path) -> Path:
    """The signed, scanned commitment (a PDF) sent under the workbook's name."""
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Catalog>> endobj\n"
                     b"trailer <</Root 1 0 R>>\n%%EOF\n")
    return path


def write_encrypted(path: Path) -> Path:
    """A good workbook protected with an opening password (Excel's File > Info > Encrypt).

    msoffcrypto-tool encrypts it exactly as Excel does (OOXML agile encryption in an OLE
    container holding EncryptionInfo and EncryptedPackage streams).
    """
    from msoffcrypto.format.ooxml import OOXMLFile

    with tempfile.TemporaryDirectory() as tmp:
        plain = write_submission(Path(tmp) / "x.xlsx")
        with plain.open("rb") as fin, path.open("wb") as fout:
            OOXMLFile(fin).encrypt("123456", fout)
    return path


def write_encrypted_ods(path: Path) -> Path:
    """A LibreOffice spreadsheet saved with a password: the manifest says content.xml is encrypted."""
    entry = ('<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" '
             'manifest:size="4242"><manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:'
             'opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="AAAA"><manifest:algorithm '
             'manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" '
             'manifest:initialisation-vector="AAAA"/></manifest:encryption-data></manifest:file-entry>')
    return _write_ods(path, random.Random(3).randbytes(4242), entry)


def _write_ods(path: Path, content: bytes, entry: str) -> Path:
    """A minimal .ods: the mimetype first and stored, a manifest listing ``entry``, the content."""
    mime = "application/vnd.oasis.opendocument.spreadsheet"
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
                'names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
                f'manifest:full-path="/" manifest:media-type="{mime}"/>{entry}</manifest:manifest>')
    return write_zip(path, {"mimetype": mime.encode(), "META-INF/manifest.xml": manifest.encode(),
                            "content.xml": content}, stored=["mimetype"])


def write_all_hidden(path: Path) -> Path:
    """Every sheet hidden (Excel lets a VBA user or another program do it)."""
    return write_submission(path, hide_all=True)


def write_not_template(path: Path) -> Path:
    """A workbook of the unit's own design: a budget table, no template sheets."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["项目", "预算（万元）", "执行率"])
    ws.append(["文化中心改造", 120, "85%"])
    ws.append(["农家书屋", 30, "60%"])
    wb.save(path)
    return path


def write_macros(path: Path) -> Path:
    """A filled template saved as .xlsm with a VBA project inside."""
    parts: dict[str, Part] = dict(template_parts())
    parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088)
    ct = parts["[Content_Types].xml"].decode()  # type: ignore[union-attr]
    parts["[Content_Types].xml"] = ct.replace(
        "</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'
    ).replace("sheet.main+xml", "sheet.macroEnabled.main+xml").encode()
    return write_zip(path, parts)


def write_too_large(path: Path) -> Path:
    """A filled template carrying a 31 MB photograph."""
    parts: dict[str, Part] = dict(template_parts())
    parts["xl/media/image1.jpeg"] = lambda: (random.Random(i).randbytes(MB) for i in range(31))
    return write_zip(path, parts, stored=["xl/media/image1.jpeg"])


# ------------------------------------------------------------------ zip bombs


def _zeros(total: int) -> Callable[[], Iterator[bytes]]:
    def gen() -> Iterator[bytes]:
        block = bytes(MB)
        for _ in range(total // MB):
            yield block
    return gen


def write_zip_bomb(path: Path) -> Path:
    """A template whose Tasks sheet inflates to 300 MB (an honest header: ratio ~1000:1)."""
    return _with_tasks(path, _zeros(300 * MB))


def write_lying_zip_bomb(path: Path) -> Path:
    """A Tasks sheet of 12 million rows (300 MB) whose zip headers claim 40 KB, with a CRC to match.

    Python's zipfile reads exactly the 40 KB the header states and finds the CRC right;
    a reader that believes the header builds 12 million rows. Only counting the bytes
    that really inflate shows what the part is.
    """
    stated = 40_000
    row = b"<row><c><v>1</v></c></row>"

    def sheet() -> Iterator[bytes]:
        yield f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN_NS}"><sheetData>'.encode()
        block = row * (MB // len(row))
        for _ in range(300):
            yield block
        yield b"</sheetData></worksheet>"

    _with_tasks(path, sheet)
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(TASKS_PART)
        with zf.open(info) as fh:
            prefix = fh.read(stated)
    crc = zlib.crc32(prefix)
    data = bytearray(path.read_bytes())
    off = info.header_offset
    assert data[off:off + 4] == b"PK\x03\x04"
    struct.pack_into("<I", data, off + 14, crc)
    struct.pack_into("<I", data, off + 22, stated)
    name = info.filename.encode()
    cd = data.find(b"PK\x01\x02")
    while cd != -1:
        nlen = struct.unpack_from("<H", data, cd + 28)[0]
        if bytes(data[cd + 46:cd + 46 + nlen]) == name:
            struct.pack_into("<I", data, cd + 16, crc)
            struct.pack_into("<I", data, cd + 24, stated)
            break
        cd = data.find(b"PK\x01\x02", cd + 4)
    else:
        raise AssertionError("central directory entry not found")
    path.write_bytes(bytes(data))
    return path


def write_many_parts(path: Path) -> Path:
    """A template stuffed with 5,000 tiny parts (each one a file a reader must open)."""
    parts: dict[str, Part] = dict(template_parts())
    for i in range(5000):
        parts[f"customXml/item{i}.xml"] = b"<a/>"
    return write_zip(path, parts)


# ------------------------------------------------------------------ XML entities


def write_billion_laughs(path: Path) -> Path:
    """Shared strings whose one string expands to 10^9 "lol"s (3 GB) through nested entities."""
    decl = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    sst = (f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE sst [\n{chr(10).join(decl)}\n]>\n'
           f'<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>')
    parts = _add_shared_strings(template_parts(), sst.encode())
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        '<c r="A1" t="inlineStr"><is><t>How to fill in this template</t></is></c>',
        '<c r="A1" t="s"><v>0</v></c>').encode()
    return write_zip(path, parts)  # type: ignore[arg-type]


def _add_shared_strings(parts: dict[str, bytes], sst: bytes) -> dict[str, bytes]:
    parts = dict(parts)
    parts["xl/sharedStrings.xml"] = sst
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    parts["xl/_rels/workbook.xml.rels"] = rels.replace("</Relationships>", (
        f'<Relationship Id="rIdSst" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>")).encode()
    ct = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = ct.replace("</Types>", (
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')).encode()
    return parts


def write_utf16_entities(path: Path) -> Path:
    """The billion laughs again, in UTF-16: a byte search for "<!DOCTYPE" finds nothing."""
    decl = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    sst = (f'<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE sst [\n{chr(10).join(decl)}\n]>\n'
           f'<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>')
    return write_zip(path, _add_shared_strings(template_parts(), sst.encode("utf-16")))  # type: ignore[arg-type]


def write_external_entity(path: Path) -> Path:
    """The Unit sheet pulls /etc/passwd into a cell through an external entity (XXE)."""
    parts = template_parts()
    sheet = parts["xl/worksheets/sheet2.xml"].decode()
    sheet = sheet.replace("<worksheet ", '<!DOCTYPE worksheet [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                                        "<worksheet ", 1)
    sheet = sheet.replace("<t>Item</t>", "<t>&e;</t>", 1)
    parts["xl/worksheets/sheet2.xml"] = sheet.encode()
    return write_zip(path, parts)  # type: ignore[arg-type]


def write_late_doctype(path: Path) -> Path:
    """An entity declaration hidden behind 64 KB of comment, past any "first bytes" check."""
    parts = template_parts()
    sheet = parts["xl/worksheets/sheet3.xml"].decode()
    pad = "<!--" + "x" * (64 * 1024) + "-->"
    sheet = sheet.replace("<worksheet ", f'{pad}<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
                                        f'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet ', 1)
    parts["xl/worksheets/sheet3.xml"] = sheet.encode()
    return write_zip(path, parts)  # type: ignore[arg-type]


# ------------------------------------------------------------------ huge sheets


def _rows(n: int) -> Callable[[], Iterator[bytes]]:
    def gen() -> Iterator[bytes]:
        step = 16384
        for start in range(1, n + 1, step):
            yield b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r)
                           for r in range(start, min(start + step, n + 1)))
    return gen


def write_rows_with_dimension(path: Path) -> Path:
    """1,048,576 rows with the <dimension> Excel writes (a column filled down to the bottom)."""
    return _with_tasks(path, lambda: _sheet_xml(_rows(ROWS_MAX)(), dimension=f"A1:A{ROWS_MAX}"))


def write_rows_without_dimension(path: Path) -> Path:
    """1,048,576 rows and no <dimension>: the rows can only be counted while inflating."""
    return _with_tasks(path, lambda: _sheet_xml(_rows(ROWS_MAX)(), dimension=None))


def write_wide(path: Path) -> Path:
    """One row 16,384 columns wide (A1:XFD1), no <dimension>."""
    def body() -> Iterator[bytes]:
        yield b'<row r="1">'
        yield b"".join(b'<c r="%s1"><v>1</v></c>' % col_letters(c).encode() for c in range(1, COLS_MAX + 1))
        yield b"</row>"
    return _with_tasks(path, lambda: _sheet_xml(body(), dimension=None))


def write_far_corners(path: Path) -> Path:
    """Two cells, A1 and XFD1048576: tiny on disk, 17 billion cells to a reader that fills the range."""
    body = [b'<row r="1"><c r="A1"><v>1</v></c></row>',
            b'<row r="%d"><c r="XFD%d"><v>1</v></c></row>' % (ROWS_MAX, ROWS_MAX)]
    return _with_tasks(path, lambda: _sheet_xml(body, dimension=None))


def write_prefixed_far_corners(path: Path) -> Path:
    """The far corners written with a namespace prefix and tabs in the tags, as some generators
    write them: a gate that looked only for <row r= would not see how far it reaches."""
    def sheet() -> Iterator[bytes]:
        yield (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               f'<x:worksheet xmlns:x="{MAIN_NS}"><x:sheetData>').encode()
        yield b'<x:row\tr="1"><x:c\tr="A1"><x:v>1</x:v></x:c></x:row>'
        yield b'<x:row\tr="%d"><x:c\tr="XFD%d"><x:v>1</x:v></x:c></x:row>' % (ROWS_MAX, ROWS_MAX)
        yield b"</x:sheetData></x:worksheet>"
    return _with_tasks(path, sheet)


def write_ods_repeat_bomb(path: Path) -> Path:
    """A few-KB .ods whose one cell repeats 16,384 across and 6,000 down: 98 million cells."""
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:'
               'names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:'
               'xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
               'office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Tasks">'
               '<table:table-row><table:table-cell office:value-type="string"><text:p>Task No.</text:p>'
               '</table:table-cell></table:table-row>'
               '<table:table-row table:number-rows-repeated="6000"><table:table-cell office:value-type='
               '"float" office:value="1" table:number-columns-repeated="16384"><text:p>1</text:p>'
               '</table:table-cell></table:table-row></table:table></office:spreadsheet></office:body>'
               '</office:document-content>')
    entry = '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    return _write_ods(path, content.encode(), entry)


# ------------------------------------------------------------------ good files


def write_good(path: Path) -> Path:
    """A valid filled template (it must still be accepted among the hostile ones)."""
    return write_submission(path, unit_code="DC-PS1")


def write_office(folder: Path, fmt: str, unit_code: str, stem: str) -> Path:
    """A good submission converted by LibreOffice to ``fmt`` (xls or ods), as a unit's suite saves it."""
    if SOFFICE is None:
        raise RuntimeError("LibreOffice (soffice) is needed to write .xls and .ods files")
    with tempfile.TemporaryDirectory() as tmp:
        src = write_submission(Path(tmp) / f"{stem}.xlsx", unit_code=unit_code)
        profile = Path(tmp, "lo_profile").as_uri()
        subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt,
                        "--outdir", str(folder), str(src)], check=True, capture_output=True, timeout=180)
    return folder / f"{stem}.{fmt}"


# ------------------------------------------------------------------ the corpus


@dataclass(frozen=True)
class Case:
    """One corpus file: its name in the inbox, how it is written, the reason it must get."""

    name: str
    code: str | None  # the finding code; None: the file is valid and must be accepted
    says: str  # words the English message must contain: the reason, specifically
    write: Callable[[Path], Path]
    office: bool = False  # written by LibreOffice (see write_office)


CORPUS: tuple[Case, ...] = (
    Case("empty.xlsx", "file.empty", "empty (0 bytes)", write_empty),
    Case("random bytes.xlsx", "file.not_spreadsheet", "unrecognised data", write_random),
    Case("truncated.xlsx", "file.truncated", "cut short", write_truncated),
    Case("csv renamed.xlsx", "file.csv", "(CSV)", write_csv),
    Case("word renamed.xlsx", "file.word_document", "Word document", write_docx),
    Case("web export.xls", "file.not_spreadsheet", "web page", write_html),
    Case("unicode text.xls", "file.csv", "(CSV)", write_unicode_text),
    Case("xml spreadsheet 2003.xls", "file.not_spreadsheet", "Excel 2003 XML", write_xml_2003),
    Case("signed scan.xlsx", "file.not_spreadsheet", "PDF", write_pdf),
    Case("zipped folder.xlsx", "file.not_spreadsheet", "compressed archive", write_zipped_folder),
    Case("password.xlsx", "file.encrypted", "password", write_encrypted),
    Case("password.ods", "file.encrypted", "password", write_encrypted_ods),
    Case("all hidden.xlsx", "file.all_hidden", "every sheet", write_all_hidden),
    Case("own budget table.xlsx", "file.not_template", "not the campaign template", write_not_template),
    Case("with macros.xlsm", "file.macros", "macros", write_macros),
    Case("with a big photo.xlsx", "file.too_large", "31.0 MB", write_too_large),
    Case("zip bomb.xlsx", "file.zip_bomb", "sheet3.xml unpacks to 300.0 MB", write_zip_bomb),
    Case("lying zip bomb.xlsx", "file.zip_bomb", "more than its header states (39.1 KB)",
         write_lying_zip_bomb),
    Case("5000 parts.xlsx", "file.zip_bomb", "5,013 parts", write_many_parts),
    Case("billion laughs.xlsx", "file.xml_entities", "entity", write_billion_laughs),
    Case("utf-16 billion laughs.xlsx", "file.xml_entities", "entity", write_utf16_entities),
    Case("external entity.xlsx", "file.xml_entities", "entity", write_external_entity),
    Case("late doctype.xlsx", "file.xml_entities", "entity", write_late_doctype),
    Case("1048576 rows with dimension.xlsx", "file.huge_sheet", "sheet Tasks", write_rows_with_dimension),
    Case("1048576 rows no dimension.xlsx", "file.huge_sheet", "cell A1048576", write_rows_without_dimension),
    Case("16384 columns.xlsx", "file.huge_sheet", "cell XFD1:", write_wide),
    Case("far corners.xlsx", "file.huge_sheet", "cell XFD1048576", write_far_corners),
    Case("prefixed far corners.xlsx", "file.huge_sheet", "cell XFD1048576", write_prefixed_far_corners),
    Case("repeated cells.ods", "file.huge_sheet", "cell XFD6001", write_ods_repeat_bomb),
    Case("good.xlsx", None, "", write_good),
    Case("legacy.xls", None, "", lambda p: write_office(p.parent, "xls", "XH-PS", p.stem), office=True),
    Case("libreoffice.ods", None, "", lambda p: write_office(p.parent, "ods", "NS-PS", p.stem), office=True),
)


def write_corpus(folder: Path, *, office: bool = True) -> dict[str, Path]:
    """Write every corpus file into ``folder``; name -> path. ``office=False`` leaves out .xls/.ods."""
    folder.mkdir(parents=True, exist_ok=True)
    return {case.name: case.write(folder / case.name) for case in CORPUS if office or not case.office}
