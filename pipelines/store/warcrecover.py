"""Finding one's way in a WARC file that warcio cannot read straight through: where the last
whole record ended, whether what follows is more than blank lines, the next gzip member that
starts a record (reading goes on there), and a file gzipped as one stream rather than one
member per record (warcio refuses it; pipelines/store/warcread.py reads it through once).
"""

from __future__ import annotations

import zlib
from typing import IO

from warcio.archiveiterator import ArchiveIterator

GZIP_MAGIC = b"\x1f\x8b\x08"
SCAN_CHUNK = 1 << 20  # bytes read at a time when looking for the next gzip member
# what warcio says of a gzip file holding several records in one member, for each format
ONE_STREAM_ERRORS = frozenset(
    " ".join(ArchiveIterator.GZIP_ERR_MSG.format(kind, kind.upper()).split())
    for kind in ("warc", "arc", "warc/arc"))


def one_gzip_stream(exc: BaseException) -> bool:
    """True when warcio stopped because the file is gzipped as one stream (`gzip file.warc`),
    not one member per record as WARC files should be."""
    return " ".join(str(exc).split()) in ONE_STREAM_ERRORS


class Counting:
    """A binary stream that counts the bytes read from it (the end of what was parsed) and notes
    where the gzip magic passed by: a member cut short makes zlib read on into the next member,
    and a record that swallowed one is found by those positions (`swallowed`) with no second
    read of the file."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.position = 0
        self.magic: list[int] = []  # positions (from the start of counting) of GZIP_MAGIC
        self._tail = b""

    def read(self, size: int = -1) -> bytes:
        return self._seen(self.stream.read(size))

    def readline(self, size: int = -1) -> bytes:
        return self._seen(self.stream.readline(size))

    def _seen(self, data: bytes) -> bytes:
        window, base = self._tail + data, self.position - len(self._tail)
        found = window.find(GZIP_MAGIC)
        while found >= 0:
            self.magic.append(base + found)
            found = window.find(GZIP_MAGIC, found + 1)
        self._tail = window[-(len(GZIP_MAGIC) - 1):]
        self.position += len(data)
        return data

    def tell(self) -> int:
        return self.position


def trailing_data(counting: Counting, end: int) -> bool:
    """True when what was read after the last whole record is more than blank lines."""
    stream = counting.stream
    if not seekable(stream):
        return counting.position - end > 4
    here = stream.tell()
    stream.seek(here - (counting.position - end))
    rest = stream.read(counting.position - end)
    stream.seek(here)
    return bool(rest.strip())


def seekable(stream: IO[bytes]) -> bool:
    try:
        return stream.seekable()
    except (AttributeError, OSError, ValueError):
        return False


def next_member(stream: IO[bytes], start: int) -> int:
    """The offset of the next gzip member at or after `start` that begins a WARC record, or -1;
    the stream is left there."""
    stream.seek(start)
    base, tail = start, b""
    while chunk := stream.read(SCAN_CHUNK):
        data = tail + chunk
        found = data.find(GZIP_MAGIC)
        while found >= 0:
            at = base - len(tail) + found
            if _starts_record(stream, at):
                stream.seek(at)
                return at
            found = data.find(GZIP_MAGIC, found + 1)
        tail = data[-(len(GZIP_MAGIC) - 1):]
        base += len(chunk)
        stream.seek(base)
    return -1


def gzip_member_at(stream: IO[bytes], at: int) -> bool:
    """True when a gzip member starts at `at` (the stream is left where it was)."""
    here = stream.tell()
    stream.seek(at)
    head = stream.read(len(GZIP_MAGIC))
    stream.seek(here)
    return head == GZIP_MAGIC


def maybe_one_stream(position: int, start: int, length: int) -> bool:
    """The first record of a file gzipped as one stream reads as one whose member goes on
    (warcio says so only at the next one, and read_warc then reads the file through gzip)."""
    return position == start == 0 and length <= 0


def misread(counting: Counting, start: int, length: int, origin: int, scan_from: int) -> int | None:
    """None when the record warcio read from `start` for `length` bytes (positions of
    `counting`, which began at file offset `origin`) is one gzip member with no other member
    beginning a record inside it. Else the record is the rest of a cut member read on into the
    members after it (or a piece of one, taken for a record): the file offset of the member
    that begins a record inside it, or else of the next one from `scan_from`, where reading goes
    on; -1 when there is none. Positions up to `start` are forgotten; the stream is left where
    it was."""
    at_member = start in counting.magic
    counting.magic = [at for at in counting.magic if at > start]
    inside = [at for at in counting.magic if at < start + length]
    if at_member and length > 0 and not inside:
        return None
    if at_member:  # the cut member itself: read afresh, it would fail the same way again
        scan_from = max(scan_from, origin + start + 1)
    here = counting.stream.tell()
    try:
        found = next((origin + at for at in inside
                      if _starts_record(counting.stream, origin + at)), None)
        return found if found is not None else next_member(counting.stream, scan_from)
    finally:
        counting.stream.seek(here)


def _starts_record(stream: IO[bytes], at: int) -> bool:
    stream.seek(at)
    head = stream.read(4096)
    try:
        text = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
    except zlib.error:
        return False
    return text.startswith(b"WARC/")

