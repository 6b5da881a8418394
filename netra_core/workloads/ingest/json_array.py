"""A file holding one JSON array of objects (what LiteLLM's API returns), read element by element.

The array is never loaded whole: the text is decoded in blocks and each element parsed on its own
(`json.JSONDecoder.raw_decode`, in C), so memory is one block plus the rows of one chunk whatever
the file's size. A `.gz` file is also stopped once it has expanded past the decompressed-size cap,
so a small compressed file cannot fill memory or disk.
"""

from __future__ import annotations

import codecs
import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from netra_core.workloads.ingest.readers import MAX_LINE_BYTES, TOO_DEEP, FileError, decompressed_limit_issue
from netra_core.workloads.ingest.report import IngestIssue

BLOCK_BYTES = 4 * 1024 * 1024
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class _Text:
    """The file's text in decoded blocks, with the position reached in the file's own bytes."""

    def __init__(self, path: Path, raw: IO[bytes], max_bytes: int | None) -> None:
        self.path = path
        self.raw = raw
        self.stream: IO[bytes] = gzip.GzipFile(fileobj=raw, mode="rb") if path.suffix == ".gz" else raw  # type: ignore[assignment]
        self.max_bytes = max_bytes if path.suffix == ".gz" else None
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.buf = ""
        self.pos = 0
        self.read_bytes = 0
        self.is_eof = False

    def fill(self) -> bool:
        """Read one more block (dropping what was consumed); False at the end of the file."""
        if self.is_eof:
            return False
        piece = self.stream.read(BLOCK_BYTES)
        self.read_bytes += len(piece)
        if self.max_bytes is not None and self.read_bytes > self.max_bytes:
            raise FileError(decompressed_limit_issue(self.path, self.max_bytes))
        try:
            text = self.decoder.decode(piece, final=not piece)
        except UnicodeDecodeError as exc:
            offset = self.read_bytes - len(piece) + exc.start
            raise FileError(IngestIssue(self.path.name, f"not valid UTF-8 at byte offset {offset}")) from exc
        self.buf = self.buf[self.pos :] + text
        self.pos = 0
        self.is_eof = not piece
        return True

    def skip_space(self) -> str:
        """The next non-space character ('' at the end of the file), not consumed."""
        while True:
            self.pos = _SPACE.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.fill():
                return ""

    def value(self, element: int) -> Any:
        """Parse the JSON value starting here (reading more while it runs past the block)."""
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if not self.is_eof and len(self.buf) - self.pos <= MAX_LINE_BYTES:
                    self.fill()
                    continue
                if len(self.buf) - self.pos > MAX_LINE_BYTES:
                    message = f"an element is longer than {MAX_LINE_BYTES // 2**20} MiB"
                else:
                    message = f"not valid JSON ({exc.msg})"
                raise FileError(IngestIssue(self.path.name, message, row=element)) from exc
            except RecursionError as exc:
                raise FileError(IngestIssue(self.path.name, TOO_DEEP, row=element)) from exc
            if end == len(self.buf) and not self.is_eof:  # a number cut by the block's end would parse short
                self.fill()
                continue
            self.pos = end
            return value


def iter_array_items(path: Path, max_bytes: int | None = None) -> Iterator[tuple[int, Any, int]]:
    """(1-based element number, parsed value, bytes of the file read so far) for each array element."""
    with path.open("rb") as raw:
        text = _Text(path, raw, max_bytes)
        if text.skip_space() != "[":
            raise FileError(IngestIssue(path.name, "expected a JSON array of objects"))
        text.pos += 1
        element = 0
        if text.skip_space() == "]":
            text.pos += 1
        else:
            while True:
                element += 1
                if text.skip_space() == "":
                    raise FileError(IngestIssue(path.name, "not valid JSON (the array never ends)", row=element))
                yield element, text.value(element), raw.tell()
                after = text.skip_space()
                text.pos += 1
                if after == "":
                    raise FileError(IngestIssue(path.name, "not valid JSON (the array never ends)", row=element))
                if after == "]":
                    break
                if after != ",":
                    message = "not valid JSON (expected ',' or ']' after an element)"
                    raise FileError(IngestIssue(path.name, message, row=element))
        if text.skip_space() != "":
            raise FileError(IngestIssue(path.name, "not valid JSON (text after the array)", row=element))
