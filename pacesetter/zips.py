"""Zip containers as Pacesetter writes them, and the deflate streams in them.

A workbook is a zip of XML parts, and deflating and inflating those parts is much of what
a run costs: every output is deflated, every submission inflated by the safety gate.
ISA-L (the ``isal`` package) does both in the standard format, deflating at level 1 about
four times and inflating about 1.7 times as fast as the zlib Python is built with; where
its wheels are not installed, zlib does the same work, slower. Any zip reader takes the
result either way.

* ``compressobj`` / ``decompressobj``: raw deflate streams, zlib's interface;
* ``ZipWriter``: a zip written front to back (a part at a time, or streamed);
* ``stored_zip``: a small zip of parts stored as they are (the gate's copy for the reader).
"""

from __future__ import annotations

import struct
import zlib
from typing import Any, BinaryIO

try:
    from isal import isal_zlib as _fast
except ImportError:  # no ISA-L wheel for this platform: the standard library's zlib
    _fast = None

ERRORS: tuple[type[Exception], ...] = (zlib.error,) if _fast is None else (zlib.error, _fast.error)


def compressobj(level: int = 1) -> Any:
    """A raw deflate compressor (ISA-L takes levels 0-3: a higher zlib level is its best, 3)."""
    if _fast is not None:
        return _fast.compressobj(min(level, 3), _fast.DEFLATED, -15)
    return zlib.compressobj(level, zlib.DEFLATED, -15)


def decompressobj() -> Any:
    """A raw deflate decompressor: ``decompress(data, max_length)``, ``unconsumed_tail``, ``eof``."""
    return _fast.decompressobj(-15) if _fast is not None else zlib.decompressobj(-15)


_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
_UTF8 = 0x800  # the names are UTF-8
_STORED, _DEFLATED = 0, 8
_LIMIT = 0xFFFFFFFF  # sizes and offsets without zip64: a workbook is far below 4 GB


def _dos_time(when: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    year, month, day, hour, minute, second = when
    return hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day


def stored_zip(entries: list[tuple[bytes, bool, bytes, int]]) -> bytes:
    """A zip of (name as the zip held it, whether that is UTF-8, bytes, CRC-32) entries, in
    that order, stored without compression.

    The safety gate hands on what it inflated in this form: a reader takes its parts as
    they are, and checks each against its CRC as it would in the original. Small by
    construction (the gate hands on at most 16 MB, 2,000 parts).
    """
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    clock, day = _dos_time((1980, 1, 1, 0, 0, 0))
    for raw, utf8, data, crc in entries:
        size, flags = len(data), _UTF8 if utf8 else 0
        local = _LOCAL.pack(b"PK\x03\x04", 20, flags, _STORED, clock, day, crc, size, size, len(raw), 0) + raw
        central.append(_CENTRAL.pack(b"PK\x01\x02", 20, 20, flags, _STORED, clock, day, crc, size, size,
                                     len(raw), 0, 0, 0, 0, 0, offset) + raw)
        out += (local, data)
        offset += len(local) + size
    directory = b"".join(central)
    out += (directory, _END.pack(b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), offset, 0))
    return b"".join(out)


class ZipWriter:
    """A new zip file, its parts deflated at ``level`` and written in order, in a ``with``
    block: leaving it writes the directory and ``comment``, or, on an error, only closes
    the file (the caller deletes it). For one writer's own outputs: names are ASCII or
    UTF-8, and no part or file reaches 4 GB (a ValueError if one would)."""

    def __init__(self, path: Any, *, level: int = 1, when: tuple[int, int, int, int, int, int] =
                 (1980, 1, 1, 0, 0, 0)):
        self._fh: BinaryIO = open(path, "wb")  # noqa: SIM115 - closed on leaving the with block
        self._level = level
        self._clock, self._day = _dos_time(when)
        self._central: list[bytes] = []
        self._count = 0
        self.comment = b""

    def __enter__(self) -> ZipWriter:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        if kind is None:
            self._close()
        else:
            self._fh.close()

    def part(self, name: str, data: bytes) -> None:
        """One part, whole."""
        with self.stream(name) as out:
            out.write(data)

    def stream(self, name: str) -> _PartWriter:
        """One part, written in pieces (``write(bytes)``) inside a ``with`` block."""
        return _PartWriter(self, name)

    def _begin(self, name: str) -> tuple[bytes, int]:
        raw = name.encode("utf-8")
        offset = self._fh.tell()
        self._fh.write(_LOCAL.pack(b"PK\x03\x04", 20, _UTF8, _DEFLATED, self._clock, self._day, 0, 0, 0,
                                   len(raw), 0) + raw)
        return raw, offset

    def _end(self, raw: bytes, offset: int, crc: int, packed: int, size: int) -> None:
        if max(packed, size, offset) > _LIMIT:
            raise ValueError(f"{raw.decode()}: a part this large needs zip64, which this writer leaves out")
        end = self._fh.tell()
        self._fh.seek(offset + 14)  # the local header's CRC and sizes, known now
        self._fh.write(struct.pack("<3L", crc, packed, size))
        self._fh.seek(end)
        self._central.append(_CENTRAL.pack(b"PK\x01\x02", 20, 20, _UTF8, _DEFLATED, self._clock, self._day,
                                           crc, packed, size, len(raw), 0, 0, 0, 0, 0, offset) + raw)
        self._count += 1

    def _close(self) -> None:
        comment = self.comment
        try:
            start = self._fh.tell()
            directory = b"".join(self._central)
            if start + len(directory) > _LIMIT or self._count > 0xFFFF:
                raise ValueError("a zip this large needs zip64, which this writer leaves out")
            self._fh.write(directory)
            self._fh.write(_END.pack(b"PK\x05\x06", 0, 0, self._count, self._count, len(directory), start,
                                     len(comment)) + comment)
        finally:
            self._fh.close()


class _PartWriter:
    def __init__(self, zw: ZipWriter, name: str):
        self._zw, self._name = zw, name

    def __enter__(self) -> _PartWriter:
        self._raw, self._offset = self._zw._begin(self._name)
        self._deflate = compressobj(self._zw._level)
        self._crc = self._size = self._packed = 0
        return self

    def write(self, data: bytes) -> int:
        self._crc = zlib.crc32(data, self._crc)
        self._size += len(data)
        packed = self._deflate.compress(data)
        if packed:
            self._packed += len(packed)
            self._zw._fh.write(packed)
        return len(data)

    def __exit__(self, kind: object, *_: object) -> None:
        if kind is not None:
            return  # the file is abandoned by its writer
        packed = self._deflate.flush()
        self._packed += len(packed)
        self._zw._fh.write(packed)
        self._zw._end(self._raw, self._offset, self._crc, self._packed, self._size)
