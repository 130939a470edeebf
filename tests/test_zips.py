"""The zips Pacesetter writes open in any zip reader, with ISA-L or with zlib alone."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from pacesetter import zips

ENGINES = ["isal", "zlib"]


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test runs with ISA-L (as installed by requirements.txt) and with zlib alone."""
    if request.param == "zlib":
        monkeypatch.setattr(zips, "_fast", None)
    else:
        assert zips._fast is not None, "isal is in requirements.txt: it must be installed"
    return request.param


def test_a_written_zip_reads_back_part_for_part(tmp_path: Path, engine: str) -> None:
    big = "".join(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>任务 {i}</t></is></c></row>'
                  for i in range(60_000)).encode()  # several MB, written in pieces
    noise = os.urandom(300_000)  # does not compress: deflate stores it in blocks
    path = tmp_path / "out.xlsx"
    with zips.ZipWriter(path, level=1, when=(2026, 11, 27, 15, 30, 10)) as zw:
        zw.part("[Content_Types].xml", b"<Types/>")
        zw.part("xl/media/照片.bin", noise)
        zw.part("empty.xml", b"")
        with zw.stream("xl/worksheets/sheet1.xml") as out:
            for i in range(0, len(big), 1 << 20):
                out.write(big[i:i + (1 << 20)])
        zw.comment = b"pacesetter 1234"
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None  # every CRC right
        assert zf.namelist() == ["[Content_Types].xml", "xl/media/照片.bin", "empty.xml",
                                 "xl/worksheets/sheet1.xml"]
        assert zf.read("xl/worksheets/sheet1.xml") == big and zf.read("xl/media/照片.bin") == noise
        assert zf.read("empty.xml") == b"" and zf.comment == b"pacesetter 1234"
        info = zf.getinfo("xl/worksheets/sheet1.xml")
        assert info.compress_type == zipfile.ZIP_DEFLATED and info.compress_size < len(big) / 5
        assert info.date_time == (2026, 11, 27, 15, 30, 10)


def test_deflate_and_inflate_agree_with_zlib(engine: str) -> None:
    import zlib

    data = b"".join(b"%d,\xe4\xbb\xbb\xe5\x8a\xa1\n" % i for i in range(200_000))
    c = zips.compressobj(1)
    packed = c.compress(data) + c.flush()
    assert zlib.decompress(packed, -15) == data
    d = zips.decompressobj()
    out, got = d.decompress(zlib.compress(data, 9)[2:-4], 1 << 16), b""
    while True:  # bounded steps, as the gate inflates: a full step may leave more to come
        got += out
        if d.eof or (len(out) < 1 << 16 and not d.unconsumed_tail):
            break
        out = d.decompress(d.unconsumed_tail, 1 << 16)
    assert got == data and d.eof


def test_the_gate_inflates_a_part_larger_than_its_steps_whole(tmp_path: Path, engine: str) -> None:
    """A 3 MB picture inflates in several 1 MB steps: every byte must come out (ISA-L keeps
    what a full step leaves inside, zlib as the unconsumed input), or the file reads as cut short."""
    from pacesetter.safety import CHUNK, inspect_file
    from tests import hostile

    # it ends in 2 MB that pack into a few KB: the last read gives more than a step
    picture = os.urandom(2 * CHUNK) + bytes(range(256)) * 8192
    parts = {**hostile.template_parts(), "xl/media/image1.png": picture}
    path = hostile.write_zip(tmp_path / "photo.xlsx", parts)
    inflated: list[bytes] = []
    assert inspect_file(path, lang="en", inflated=inflated) == []
    with zipfile.ZipFile(io.BytesIO(inflated[0])) as zf:
        assert zf.read("xl/media/image1.png") == picture


def test_the_gate_refuses_a_bomb_and_reads_a_workbook_with_either_engine(tmp_path: Path, engine: str) -> None:
    from pacesetter.read import read_submission
    from pacesetter.safety import inspect_file
    from tests import hostile
    from tests.workbooks import write_submission

    bomb = hostile.write_lying_zip_bomb(tmp_path / "bomb.xlsx")
    assert [f.code for f in inspect_file(bomb, lang="en")] == ["file.zip_bomb"]
    broken = tmp_path / "broken.xlsx"  # a part's deflate stream damaged in the middle
    good = write_submission(tmp_path / "good.xlsx", unit_code="DC-PS1")
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as zf:
        info = zf.getinfo("xl/worksheets/sheet2.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + 20
    data[start:start + 40] = b"\xff" * 40
    broken.write_bytes(bytes(data))
    assert [f.code for f in inspect_file(broken, lang="en")] == ["file.truncated"]
    inflated: list[bytes] = []
    assert inspect_file(good, lang="en", inflated=inflated) == []
    assert read_submission(good, lang="en", inflated=inflated[0]).unit["unit_code"].raw == "DC-PS1"


def test_an_output_workbook_opens_with_openpyxl_with_either_engine(tmp_path: Path, engine: str) -> None:
    import openpyxl

    from pacesetter.reports import xlsx

    path = tmp_path / "t.xlsx"
    wb = xlsx.Workbook(str(path))
    ws = wb.add_worksheet("任务")
    ws.write_string(0, 0, "单位")
    ws.write_number(1, 0, 3.5)
    wb.close()
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    assert [[c.value for c in row] for row in book["任务"].iter_rows()] == [["单位"], [3.5]]
