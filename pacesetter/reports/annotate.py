"""A unit's own .xlsx with its offending cells marked, by editing the file's XML.

The feedback copy must be the unit's file — their layout, their values — with each cell
that has a finding filled (red for an error, yellow for a warning) and commented, and a
Findings sheet in front. Loading and saving a whole workbook with openpyxl costs ~40 ms
a file; this edits only what changes, in a few milliseconds:

* styles.xml gains two fills, a bold font, and a copy of each marked cell's own style
  with the fill put in (so its borders, number format and font stay; a cell the file
  did not hold at all gets the fill on the default style);
* each marked sheet gets the cells' ``s=`` attributes, its comments (a comments part
  and the legacy VML drawing Excel, WPS and LibreOffice show them from) and loses its
  hyperlinks; every sheet loses its formulas (their cached values stay, as openpyxl's
  ``data_only`` gives them), and the calculation chain goes with them;
* the Findings sheet is a new part, listed first and selected.

It takes only files laid out the way Excel, WPS, LibreOffice and openpyxl write them
(unprefixed Transitional SpreadsheetML, every row and cell with its reference; no
comments, external links, links in shapes, pivot tables or other parts it does not
know). A macro-enabled workbook without macros comes back as a plain .xlsx. For
anything else ``annotate`` returns False and the caller makes the copy with openpyxl
instead. It never runs on a file the safety gate refused.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Sequence
from html import unescape
from pathlib import Path

from pacesetter import zips
from pacesetter.reports.xlsx import col_letter, escaped_text, quoteattr, text_xml

RED, YELLOW = "FFFFC7CE", "FFFFEB9C"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DOC = "application/vnd.openxmlformats-officedocument."
# parts copied as they are; any other part sends the file to the openpyxl path
_KNOWN = re.compile(r"^(\[Content_Types\]\.xml|_rels/\.rels|docProps/[^/]+\.xml|xl/workbook\.xml"
                    r"|xl/_rels/workbook\.xml\.rels|xl/styles\.xml|xl/sharedStrings\.xml"
                    r"|xl/theme/theme\d+\.xml|xl/worksheets/sheet\d+\.xml"
                    r"|xl/worksheets/_rels/sheet\d+\.xml\.rels|xl/drawings/drawing\d+\.xml"
                    r"|xl/drawings/_rels/drawing\d+\.xml\.rels|xl/calcChain\.xml"
                    r"|xl/printerSettings/printerSettings\d+\.bin|customXml/.*)$")
_SHEET = re.compile(r'<sheet\b([^>]*?)/>')
_ATTR = re.compile(r'([\w:]+)="([^"]*)"')
_RELATION = re.compile(r"<Relationship\b([^>]*?)/>")
_FORMULA = re.compile(r"<f\b[^>]*/>|<f\b[^>]*>.*?</f>", re.S)
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
# elements a worksheet may have after <legacyDrawing>, in schema order
_AFTER_LEGACY = ("<legacyDrawingHF", "<drawingHF", "<picture", "<oleObjects", "<controls",
                 "<webPublishItems", "<tableParts")


class Unsupported(Exception):
    """A layout this editor does not take: the caller uses openpyxl."""


def annotate(source: Path, dest: Path, marks: dict[tuple[str, str], tuple[str, list[str]]], *,
             findings_title: str, findings_rows: Sequence[Sequence[str]],
             widths: Sequence[float]) -> bool:
    """Write ``dest``: ``source`` with the marks and a Findings sheet first; False if it cannot.

    ``marks`` maps (sheet name, cell like "R4") to (severity, comment lines);
    ``findings_rows`` are the Findings sheet's rows (title, subtitle, header, then one a finding).
    """
    try:
        with zipfile.ZipFile(source) as zf:
            parts = {i.filename: zf.read(i) for i in zf.infolist() if not i.is_dir()}
        out = _edit(parts, marks, findings_title, findings_rows, widths)
    except Exception:  # noqa: BLE001 - whatever this editor does not take goes to openpyxl
        return False
    dest.parent.mkdir(parents=True, exist_ok=True)
    with zips.ZipWriter(dest, level=6) as zf:
        for name, data in out.items():
            zf.part(name, data)
    return True


def _edit(parts: dict[str, bytes], marks: dict[tuple[str, str], tuple[str, list[str]]],
          title: str, rows: Sequence[Sequence[str]], widths: Sequence[float]) -> dict[str, bytes]:
    if any(not _KNOWN.match(name) for name in parts):
        raise Unsupported("parts")
    text = {name: parts[name].decode("utf-8") for name in parts if name.endswith((".xml", ".rels"))}
    book, book_rels, types, styles = (text["xl/workbook.xml"], text["xl/_rels/workbook.xml.rels"],
                                      text["[Content_Types].xml"], text["xl/styles.xml"])
    if f'xmlns="{MAIN}"' not in book or "externalReferences" in book:
        raise Unsupported("workbook")  # prefixed or Strict OOXML, or linked to other files
    if any("/hyperlink" in text[n] for n in text if n.startswith("xl/drawings/_rels/")):
        raise Unsupported("a link in a shape")  # openpyxl drops shapes
    targets = {}
    for m in _RELATION.finditer(book_rels):
        a = dict(_ATTR.findall(m.group(1)))
        target = a.get("Target", "")
        targets[a.get("Id")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
    sheets: list[tuple[str, str]] = []  # (name, part)
    for m in _SHEET.finditer(book):
        a = dict(_ATTR.findall(m.group(1)))
        part = targets.get(a.get("r:id"))
        if part is None or part not in text:
            raise Unsupported("sheet part")
        sheets.append((unescape(a.get("name", "")), part))
    if not sheets or any(name.casefold() == title.casefold() for name, _ in sheets):
        raise Unsupported("sheets")  # (Excel's sheet names are unique whatever their case)

    # styles: two fills, a bold font, a wrapped and a bold style for the Findings sheet
    styles, fill_ids = _add_fills(styles)
    styles, bold_font, title_font = _add_fonts(styles)
    xfs = _xfs(styles)
    added: list[str] = []

    def new_xf(xml: str) -> int:
        added.append(xml)
        return len(xfs) + len(added) - 1

    header_xf = new_xf(f'<xf numFmtId="0" fontId="{bold_font}" fillId="0" borderId="0" xfId="0" '
                       'applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>')
    title_xf = new_xf(f'<xf numFmtId="0" fontId="{title_font}" fillId="0" borderId="0" xfId="0" '
                      'applyFont="1"/>')
    wrap_xf = new_xf('<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
                     '<alignment vertical="top" wrapText="1"/></xf>')
    marked: dict[tuple[int, str], int] = {}  # (base style, severity) -> style with the fill

    def marked_xf(base: int, severity: str) -> int:
        key = (base, severity)
        if key not in marked:
            src = xfs[base] if 0 <= base < len(xfs) else xfs[0]
            marked[key] = new_xf(_with_fill(src, fill_ids[severity == "error"]))
        return marked[key]

    out = dict(parts)
    by_sheet: dict[str, list[tuple[str, str, list[str]]]] = {}
    for (sheet, ref), (severity, lines) in marks.items():
        by_sheet.setdefault(sheet, []).append((ref, severity, lines))
    drawing_no = 0
    for name, part in sheets:
        xml = text[part]
        if (f'xmlns="{MAIN}"' not in xml or "<sheetData" not in xml or "legacyDrawing" in xml
                or "AlternateContent" in xml):
            raise Unsupported("worksheet")
        if (len(re.findall(r"<row\b", xml)) != len(re.findall(r'<row\b[^>]*?\sr="\d+"', xml))
                or len(re.findall(r"<c\b", xml)) != len(re.findall(r'<c\b[^>]*?\sr="[A-Z]+\d+"', xml))):
            raise Unsupported("rows or cells placed without references")
        xml = _FORMULA.sub("", xml)
        xml = re.sub(r"<v\s*/>|<v></v>", "", xml)  # a formula's empty cached value goes too
        xml = re.sub(r"<hyperlinks>.*?</hyperlinks>|<hyperlinks/>", "", xml, flags=re.S)
        xml = re.sub(r'tabSelected="(?:1|true)"', 'tabSelected="0"', xml)
        rels_name = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
        rels = text.get(rels_name)
        if rels is not None:  # the hyperlinks' targets go with them
            rels = re.sub(r'<Relationship\b[^>]*?/relationships/hyperlink"[^>]*?/>', "", rels)
        covered = _covered(xml)
        notes = [n for n in by_sheet.get(name, []) if n[0] not in covered]
        if len(notes) > 1000:
            raise Unsupported("notes")  # one VML id block holds 1,024 shapes
        if notes:
            drawing_no += 1
            for ref, severity, _ in notes:
                xml = _style_cell(xml, ref, lambda base, s=severity: marked_xf(base, s))
            comments_part = f"xl/comments_pacesetter{drawing_no}.xml"
            vml_part = f"xl/drawings/vmlDrawing_pacesetter{drawing_no}.vml"
            if comments_part in parts or vml_part in parts:
                raise Unsupported("names")
            out[comments_part] = _comments(notes).encode("utf-8")
            out[vml_part] = _vml(notes, drawing_no).encode("utf-8")
            rels = rels or ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                            "</Relationships>")
            rel_dir = posixpath.dirname(part)
            rels = rels.replace("</Relationships>",
                                f'<Relationship Id="rIdPsC" Type="{REL}/comments" '
                                f'Target="{posixpath.relpath(comments_part, rel_dir)}"/>'
                                f'<Relationship Id="rIdPsV" Type="{REL}/vmlDrawing" '
                                f'Target="{posixpath.relpath(vml_part, rel_dir)}"/></Relationships>')
            if rels.count('Id="rIdPsC"') != 1:
                raise Unsupported("relationship ids")
            xml = _insert_legacy(xml, '<legacyDrawing r:id="rIdPsV"/>')
            if "xmlns:r=" not in xml[: xml.index(">", xml.index("<worksheet"))]:
                xml = xml.replace("<worksheet", f'<worksheet xmlns:r="{REL}"', 1)
            types = types.replace("</Types>", f'<Override PartName="/{comments_part}" '
                                  f'ContentType="{_DOC}spreadsheetml.comments+xml"/></Types>')
        if rels is not None:
            out[rels_name] = rels.encode("utf-8")
        out[part] = xml.encode("utf-8")
    # a macro-enabled or template workbook without macros becomes a plain .xlsx
    types = re.sub(r'(PartName="/xl/workbook\.xml"\s+ContentType=")[^"]*"',
                   rf'\g<1>{_DOC}spreadsheetml.sheet.main+xml"', types)
    if drawing_no and 'Extension="vml"' not in types:
        types = types.replace("</Types>",
                              f'<Default Extension="vml" ContentType="{_DOC}vmlDrawing"/></Types>')

    # the Findings sheet, first and selected
    new_part = "xl/worksheets/sheet_pacesetter_findings.xml"
    out[new_part] = _findings_sheet(rows, widths, title_xf, header_xf, wrap_xf).encode("utf-8")
    types = types.replace("</Types>", f'<Override PartName="/{new_part}" '
                          f'ContentType="{_DOC}spreadsheetml.worksheet+xml"/></Types>')
    if 'Id="rIdPsF"' in book_rels:
        raise Unsupported("relationship ids")
    book_rels = book_rels.replace("</Relationships>", f'<Relationship Id="rIdPsF" Type="{REL}/worksheet" '
                                  'Target="worksheets/sheet_pacesetter_findings.xml"/></Relationships>')
    ids = [int(x) for x in re.findall(r'<sheet\b[^>]*?\bsheetId="(\d+)"', book)]
    entry = f'<sheet name={quoteattr(title)} sheetId="{max(ids, default=0) + 1}" r:id="rIdPsF"/>'
    m = re.search(r"<sheets>", book)
    if m is None:
        raise Unsupported("sheets element")
    book = book[: m.end()] + entry + book[m.end():]
    book = re.sub(r'localSheetId="(\d+)"', lambda x: f'localSheetId="{int(x.group(1)) + 1}"', book)
    book = re.sub(r'\b(activeTab|firstSheet)="\d+"', r'\1="0"', book)
    if "xmlns:r=" not in book[: book.index(">", book.index("<workbook"))]:
        book = book.replace("<workbook", f'<workbook xmlns:r="{REL}"', 1)

    # formulas are gone: so is the chain Excel would recalculate them by
    if "xl/calcChain.xml" in out:
        del out["xl/calcChain.xml"]
        book_rels = re.sub(r'<Relationship\b[^>]*?calcChain[^>]*?/>', "", book_rels)
        types = re.sub(r'<Override\b[^>]*?calcChain[^>]*?/>', "", types)

    styles = _append_xfs(styles, added)
    out["xl/workbook.xml"] = book.encode("utf-8")
    out["xl/_rels/workbook.xml.rels"] = book_rels.encode("utf-8")
    out["[Content_Types].xml"] = types.encode("utf-8")
    out["xl/styles.xml"] = styles.encode("utf-8")
    return out


# ------------------------------------------------------------------ styles


def _section(xml: str, tag: str) -> re.Match[str]:
    m = re.search(rf"<{tag}\b[^>]*?>(.*?)</{tag}>", xml, re.S)
    if m is None:
        raise Unsupported(tag)
    return m


def _append(xml: str, tag: str, item_tag: str, new: list[str]) -> tuple[str, int]:
    """Append items to a counted list element; returns the new XML and the first new index."""
    m = _section(xml, tag)
    first = len(re.findall(rf"<{item_tag}\b(?:[^>]*?/>|[^>]*?>.*?</{item_tag}>)", m.group(1), re.S))
    head = re.sub(r'\bcount="\d+"', f'count="{first + len(new)}"', xml[m.start(): m.start(1)])
    return xml[: m.start()] + head + m.group(1) + "".join(new) + f"</{tag}>" + xml[m.end():], first


def _add_fills(styles: str) -> tuple[str, dict[bool, int]]:
    fills = [f'<fill><patternFill patternType="solid"><fgColor rgb="{c}"/><bgColor indexed="64"/>'
             "</patternFill></fill>" for c in (YELLOW, RED)]
    styles, first = _append(styles, "fills", "fill", fills)
    return styles, {False: first, True: first + 1}


def _add_fonts(styles: str) -> tuple[str, int, int]:
    fonts = ['<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>',
             '<font><b/><sz val="13"/><name val="Calibri"/><family val="2"/></font>']
    styles, first = _append(styles, "fonts", "font", fonts)
    return styles, first, first + 1


def _xfs(styles: str) -> list[str]:
    m = _section(styles, "cellXfs")
    return re.findall(r"<xf\b(?:[^>]*?/>|[^>]*?>.*?</xf>)", m.group(1), re.S)


def _append_xfs(styles: str, added: list[str]) -> str:
    return _append(styles, "cellXfs", "xf", added)[0]


def _with_fill(xf: str, fill: int) -> str:
    """A cell style with its fill replaced (borders, font and number format kept)."""
    start = xf[: xf.index(">") + 1]
    rest = xf[len(start):]
    if re.search(r'\bfillId="\d+"', start):
        start = re.sub(r'\bfillId="\d+"', f'fillId="{fill}"', start)
    else:
        start = start.replace("<xf", f'<xf fillId="{fill}"', 1)
    if re.search(r'\bapplyFill="[^"]*"', start):
        start = re.sub(r'\bapplyFill="[^"]*"', 'applyFill="1"', start)
    else:
        start = start.replace("<xf", '<xf applyFill="1"', 1)
    return start + rest


# ------------------------------------------------------------------ cells


def _style_cell(xml: str, ref: str, styled: object) -> str:
    """Give cell ``ref`` the style ``styled(its current style)``; the cell is made if missing."""
    m = _CELL_REF.match(ref)
    if m is None:
        raise Unsupported("ref")
    row_no = int(m.group(2))
    cell = re.search(rf'<c\b(?=[^>]*?\br="{ref}")([^>]*?)(/?)>', xml)
    if cell is not None:
        attrs = cell.group(1)
        s = re.search(r'\bs="(\d+)"', attrs)
        new_s = styled(int(s.group(1)) if s else 0)  # type: ignore[operator]
        attrs = re.sub(r'\bs="\d+"', f's="{new_s}"', attrs) if s else f'{attrs} s="{new_s}"'
        return xml[: cell.start()] + f"<c{attrs}{cell.group(2)}>" + xml[cell.end():]
    new_cell = f'<c r="{ref}" s="{styled(0)}"/>'  # type: ignore[operator]
    row = re.search(rf'<row\b(?=[^>]*?\br="{row_no}")[^>]*?(/?)>', xml)
    if row is not None:
        if row.group(1):  # <row .../>: empty
            return xml[: row.start()] + row.group(0)[:-2] + ">" + new_cell + "</row>" + xml[row.end():]
        end = xml.index("</row>", row.end())
        col = _col_number(m.group(1))
        pos = end
        for c in re.finditer(r'<c\b[^>]*?\br="([A-Z]{1,3})\d+"', xml[row.end(): end]):
            if _col_number(c.group(1)) > col:
                pos = row.end() + c.start()
                break
        return xml[:pos] + new_cell + xml[pos:]
    new_row = f'<row r="{row_no}">{new_cell}</row>'
    if "<sheetData/>" in xml:
        return xml.replace("<sheetData/>", f"<sheetData>{new_row}</sheetData>", 1)
    for r in re.finditer(r'<row\b[^>]*?\br="(\d+)"', xml):
        if int(r.group(1)) > row_no:
            return xml[: r.start()] + new_row + xml[r.start():]
    end = xml.index("</sheetData>")
    return xml[:end] + new_row + xml[end:]


def _covered(xml: str) -> set[str]:
    """Cells inside merged ranges other than each range's first (they show nothing)."""
    out: set[str] = set()
    for m in re.finditer(r'<mergeCell\b[^>]*?\bref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"', xml):
        c1, r1, c2, r2 = _col_number(m.group(1)), int(m.group(2)), _col_number(m.group(3)), int(m.group(4))
        if (r2 - r1 + 1) * (c2 - c1 + 1) > 10_000:
            continue
        out.update(f"{col_letter(c - 1)}{r}" for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)
                   if (r, c) != (r1, c1))
    return out


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _insert_legacy(xml: str, new: str) -> str:
    """Put ``new`` where <legacyDrawing> goes: before the first worksheet child that follows it
    in the schema, looking only at the worksheet's own children (a conditional format's
    data bar has an <extLst> of its own, which is not the worksheet's)."""
    data_end = xml.find("</sheetData>")
    start = data_end if data_end >= 0 else xml.index("<sheetData")
    positions = [p for tag in _AFTER_LEGACY if (p := xml.find(tag, start)) >= 0]
    end = xml.rfind("</worksheet>")
    if end < 0:
        raise Unsupported("worksheet end")
    positions.append(end)
    close = xml.rfind("</extLst>", start, end)
    if close >= 0 and not xml[close + len("</extLst>"): end].strip():
        depth = 0  # the worksheet's own extLst is its last child: find where it opens
        for m in reversed(list(re.finditer(r"<extLst\b|</extLst>", xml[start: close + 9]))):
            depth += 1 if m.group().startswith("</") else -1
            if depth == 0:
                positions.append(start + m.start())
                break
    at = min(positions)
    return xml[:at] + new + xml[at:]


# ------------------------------------------------------------------ comments


def _comments(notes: list[tuple[str, str, list[str]]]) -> str:
    items = "".join(
        f'<comment ref="{ref}" authorId="0"><text><r><t xml:space="preserve">'
        f"{escaped_text(chr(10).join(lines)[:2000])}</t></r></text></comment>" for ref, _, lines in notes)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<comments xmlns="{MAIN}"><authors><author>Pacesetter</author></authors>'
            f"<commentList>{items}</commentList></comments>")


def _vml(notes: list[tuple[str, str, list[str]]], n: int) -> str:
    shapes = []
    for k, (ref, _, lines) in enumerate(notes):
        m = _CELL_REF.match(ref)
        assert m is not None
        col, row = _col_number(m.group(1)) - 1, int(m.group(2)) - 1
        height = 40 + 30 * len(lines)
        shapes.append(
            f'<v:shape id="_x0000_s{1024 * n + k + 1}" type="#_x0000_t202" '
            f'style="position:absolute;margin-left:60pt;margin-top:2pt;width:240pt;height:{height}pt;'
            'z-index:1;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">'
            '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
            '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto">'
            '<div style="text-align:left"></div></v:textbox>'
            '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
            f"<x:Anchor>{col + 1}, 15, {row}, 2, {col + 4}, 15, {row + 4 + len(lines)}, 16</x:Anchor>"
            f"<x:AutoFill>False</x:AutoFill><x:Row>{row}</x:Row><x:Column>{col}</x:Column>"
            "</x:ClientData></v:shape>")
    return ('<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:x="urn:schemas-microsoft-com:office:excel">'
            f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{n}"/></o:shapelayout>'
            '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
            'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
            '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
            f"{''.join(shapes)}</xml>")


# ------------------------------------------------------------------ the Findings sheet


def _findings_sheet(rows: Sequence[Sequence[str]], widths: Sequence[float],
                    title_xf: int, header_xf: int, wrap_xf: int) -> str:
    body = []
    for r, values in enumerate(rows, 1):
        cells = []
        for c, value in enumerate(values):
            if r == 1:
                s = title_xf
            elif r == 3:
                s = header_xf
            elif r > 3:
                s = wrap_xf
            else:
                s = 0
            style = f' s="{s}"' if s else ""
            if value is None or value == "":
                continue
            cells.append(f'<c r="{col_letter(c)}{r}"{style} t="inlineStr">{text_xml(str(value))}</c>')
        body.append(f'<row r="{r}">{"".join(cells)}</row>')
    cols = "".join(f'<col min="{c + 1}" max="{c + 1}" width="{w}" customWidth="1"/>'
                   for c, w in enumerate(widths))
    last = max(len(rows), 3)
    ncols = max(len(widths), 1)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}">'
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
            '<pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A4" sqref="A4"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols>'
            f"<sheetData>{''.join(body)}</sheetData>"
            f'<autoFilter ref="A3:{col_letter(ncols - 1)}{last}"/>'
            '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
            '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
            "</worksheet>")
