"""What every postings reader shares: the Batch it yields, and text opened in its encoding."""

from __future__ import annotations

import codecs
import io
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from analysis.ingest.common import Rejection, decode_bytes


class Batch(NamedTuple):
    """Rows of a file, numbered from `first_line` by position (see physical_lines)."""

    first_line: int
    frame: pd.DataFrame
    sheet: str | None = None  # the sheet of a workbook with several; None for one table
    # Rows the reader could not read (a CSV row of the wrong width), each by its line: their
    # places in `frame` hold empty values, so the rows after them keep their numbers.
    refused: tuple[Rejection, ...] = ()


def text_stream(path: Path, file_name: str) -> io.TextIOBase:
    """A text stream with the right encoding; UTF-8 is streamed, others decoded whole."""
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return io.StringIO(decode_bytes(path.read_bytes(), file_name))
    # Streamed only when the whole file is UTF-8: one Latin-1 line past the first megabyte
    # failed the import ("invalid UTF8 data") where decode_bytes reads it (about 1 s a GB).
    if not _is_utf8(path):
        return io.StringIO(decode_bytes(path.read_bytes(), file_name))
    return open(path, encoding="utf-8-sig", errors="strict", newline="")


def _is_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 23), b""):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True
